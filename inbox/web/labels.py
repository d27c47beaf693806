"""Plain-Dutch labels for the triage codes, as staff read them on the pages.

The routing package is the source of truth when it is importable; these are the fallback so a page never
shows a bare code.
"""
from __future__ import annotations

ONDERWERPEN = {
    "huishoudelijke_hulp": "Hulp bij het huishouden",
    "vervoer": "Vervoer",
    "hulpmiddelen": "Hulpmiddelen",
    "woningaanpassing": "Woningaanpassing",
    "begeleiding_dagbesteding": "Begeleiding en dagbesteding",
    "mantelzorg": "Mantelzorg",
    "eenzaamheid_meedoen": "Eenzaamheid en meedoen",
    "wonen_opvang": "Wonen en opvang",
    "opvoeden_opgroeien": "Opvoeden en opgroeien",
    "jeugdhulp": "Jeugdhulp",
    "inkomen_bijstand": "Inkomen en bijstand",
    "werk_reintegratie": "Werk en re-integratie",
    "geldzaken_schulden": "Geldzaken en schulden",
    "leerplicht": "Leerplicht",
    "leerlingenvervoer": "Leerlingenvervoer",
    "vrijwilligerswerk": "Vrijwilligerswerk",
    "veiligheid": "Veiligheid",
    "lopende_aanvraag": "Lopende aanvraag",
    "klacht_bezwaar": "Klacht of bezwaar",
    "buiten_sociaal_domein": "Buiten het sociaal domein",
}
WETTEN = {"wmo": "Wmo 2015", "jeugdwet": "Jeugdwet", "participatiewet": "Participatiewet", "overig": "Overig"}
URGENTIES = {"spoed": "Spoed", "hoog": "Hoog", "normaal": "Normaal"}
MELDERS = {"inwoner": "Inwoner zelf", "naaste": "Naaste", "professional": "Professional"}
KANALEN = {"web": "Website (chat)", "telefoon": "Telefoon", "test": "Test"}
TEAMS = {
    "toegang": "Team toegang",
    "frontteam_borculo_beltrum": "Frontteam Borculo/Beltrum",
    "frontteam_ruurlo": "Frontteam Ruurlo",
    "frontteam_neede": "Frontteam Neede",
    "frontteam_eibergen_rekken": "Frontteam Eibergen/Rekken",
    "welzijn_preventie": "Welzijn en preventie",
    "backoffice": "Backoffice",
    "extern_fijnder": "Fijnder",
    "extern_veilig_thuis": "Veilig Thuis",
}
# Teams an aanmelding can be handed over to (team toegang keeps what it does not doorzet).
DOORZET_TEAMS = [t for t in TEAMS if t != "toegang"]
KERNEN = ["Borculo", "Beltrum", "Haarlo", "Geesteren", "Gelselaar", "Ruurlo", "Neede", "Rietmolen", "Noordijk",
          "Eibergen", "Rekken", "Holterhoek", "Hupsel"]
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
ROLLEN = {"toegang": "Team toegang", "frontteam": "Frontteam", "beheerder": "Beheerder"}
CONTACT_MANIEREN = {"telefoon": "Telefoon", "email": "E-mail", "brief": "Brief", "huisbezoek": "Huisbezoek",
                    "overleg": "Overleg"}

_TABLES = {
    "onderwerp": ONDERWERPEN, "wet": WETTEN, "urgentie": URGENTIES, "melder": MELDERS, "kanaal": KANALEN,
    "team": TEAMS, "status": STATUSSEN, "uitkomst": UITKOMSTEN, "gesprek_uitkomst": GESPREK_UITKOMSTEN, "rol": ROLLEN, "contact": CONTACT_MANIEREN,
}


def label(kind: str, code: object) -> str:
    """Plain Dutch for a code of the given kind; unknown codes are shown readable, never empty."""
    if code is None or code == "":
        return "—"
    table = _TABLES.get(kind, {})
    text = table.get(str(code))
    if text:
        return text
    return str(code).replace("_", " ").capitalize()
