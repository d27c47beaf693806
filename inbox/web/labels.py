"""Plain-Dutch labels as staff read them on the pages.

The taxonomy's codes (onderwerp, wet, urgentie, melder, team, kern) and the voorzieningen come from routing, the one
vocabulary (`labels_medewerker` in routing/data/taxonomy.yml, names in voorzieningen.yml); only the inbox's own codes
(kanaal, status, uitkomst, gesprek_uitkomst, rol, contact) are listed here.
"""
from __future__ import annotations

import routing

from inbox import vocab

_STAFF = vocab.catalog().labels_medewerker

ONDERWERPEN = dict(_STAFF["onderwerp"])
WETTEN = dict(_STAFF["wet"])
URGENTIES = dict(_STAFF["urgentie"])
MELDERS = dict(_STAFF["melder"])
TEAMS = dict(_STAFF["team"])
KERNEN = list(vocab.codes().kernen)
# Teams an aanmelding can be handed over to (team toegang keeps what it does not doorzet).
DOORZET_TEAMS = [t for t in TEAMS if t != "toegang"]

KANALEN = {"web": "Website (chat)", "telefoon": "Telefoon", "test": "Test"}
STATUSSEN = {"nieuw": "Nieuw", "in_behandeling": "In behandeling", "doorgezet": "Doorgezet", "afgerond": "Afgerond"}
UITKOMSTEN = {
    "geholpen_algemene_voorziening": "Geholpen met algemene voorziening",
    "keukentafelgesprek_gepland": "Keukentafelgesprek gepland",
    "doorgezet": "Doorgezet",
    "geen_vervolg_nodig": "Geen vervolg nodig",
    "niet_bereikbaar": "Niet bereikbaar",
}
# How a conversation with the assistant ended (uitkomsten and the satisfaction question).
GESPREK_UITKOMSTEN = {
    "aanmelding": "Aanmelding verstuurd",
    "partner_aanmelding": "Aanmelding door een professional",
    "verwezen_voorliggend_veld": "Verwezen naar het voorliggend veld",
    "buiten_sociaal_domein": "Buiten het sociaal domein",
    "geen_toestemming": "Geen toestemming",
    "mens_gevraagd": "Belt zelf een medewerker",
    "afgebroken": "Afgebroken",
}
ROLLEN = {"toegang": "Team toegang", "frontteam": "Frontteam", "beheerder": "Beheerder",
          "trainer": "Trainer (verbetert de assistent)"}
CONTACT_MANIEREN = {"telefoon": "Telefoon", "email": "E-mail", "brief": "Brief", "huisbezoek": "Huisbezoek",
                    "overleg": "Overleg"}

# The trainers' queue (inbox/services/training_queue.py): why an item is there, and how far it is.
TRAINING_BRONNEN = {
    "niet_begrepen": "Niet begrepen",
    "lage_zekerheid": "Twijfel van de assistent",
    "correctie": "Inwoner verbeterde de assistent",
    "herlabeld": "Label gewijzigd door team toegang",
    "tevredenheid": "Lage tevredenheid",
}
TRAINING_STATUSSEN = {
    "open": "Te beoordelen",
    "ter_goedkeuring": "Wacht op tweede trainer",
    "goedgekeurd": "Goedgekeurd, nog niet geëxporteerd",
    "geexporteerd": "Geëxporteerd",
    "niet_bruikbaar": "Niet bruikbaar",
}

_INBOX_TABLES = {"kanaal": KANALEN, "status": STATUSSEN, "uitkomst": UITKOMSTEN, "gesprek_uitkomst": GESPREK_UITKOMSTEN,
                 "rol": ROLLEN, "contact": CONTACT_MANIEREN, "training_bron": TRAINING_BRONNEN,
                 "training_status": TRAINING_STATUSSEN}


def label(kind: str, code: object) -> str:
    """Plain Dutch for a code of the given kind (routing's vocabulary, voorzieningen by name, or the inbox's own);
    unknown codes are shown readable, never empty."""
    if code is None or code == "":
        return "—"
    table = _INBOX_TABLES.get(kind)
    if table is None:
        return routing.medewerker_label(kind, str(code), vocab.catalog())
    return table.get(str(code)) or str(code).replace("_", " ").capitalize()
