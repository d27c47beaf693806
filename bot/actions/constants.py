"""Every Rasa name the action server uses: slots, intents, responses, forms, actions (tests import these)."""
from __future__ import annotations

ONDERWERP_CODES = (
    "huishoudelijke_hulp", "vervoer", "hulpmiddelen", "woningaanpassing", "begeleiding_dagbesteding",
    "mantelzorg", "eenzaamheid_meedoen", "wonen_opvang", "opvoeden_opgroeien", "jeugdhulp",
    "inkomen_bijstand", "werk_reintegratie", "geldzaken_schulden", "leerplicht", "leerlingenvervoer",
    "vrijwilligerswerk", "veiligheid", "lopende_aanvraag", "klacht_bezwaar", "buiten_sociaal_domein",
)
VRAAG_PREFIX = "vraag_"

# intents
INTENT_AFFIRM = "affirm"
INTENT_DENY = "deny"
INTENT_IETS_ANDERS = "iets_anders"
INTENT_VEILIGHEID = "vraag_veiligheid"
INTENT_BUITEN = "vraag_buiten_sociaal_domein"
INTENT_MENS = "mens_spreken"
INTENT_OPNIEUW = "opnieuw_beginnen"
INTENT_FALLBACK = "nlu_fallback"
# Intents that interrupt a form instead of filling a free-text slot.
ONDERBREKINGEN = (INTENT_VEILIGHEID, INTENT_MENS, INTENT_OPNIEUW)

# slots
SLOT_MELDER = "melder"
MELDER_PREFIX = "melder_"  # intents melder_zelf, melder_naaste, melder_professional
SLOT_ONDERWERPEN = "onderwerpen"
SLOT_VRAAG_TEKST = "vraag_tekst"
SLOT_VERDUIDELIJKT = "verduidelijking_gevraagd"
SLOT_LEEFTIJD = "leeftijd"
SLOT_KERN = "kern"
SLOT_POSTCODE = "postcode"
SLOT_BUITEN_BERKELLAND = "buiten_berkelland"
SLOT_URGENTIE = "urgentie"
SLOT_VEILIGHEID_CATEGORIE = "veiligheid_categorie"
SLOT_VOORZIENINGEN = "voorzieningen_aangeboden"
SLOT_VOORZIENINGEN_REST = "voorzieningen_rest"
SLOT_VOORZIENINGEN_VRAAG = "voorzieningen_vraag"  # "meer" (voice: wilt u meer horen?) | "helpt"
SLOT_NAAM = "naam"
SLOT_TELEFOON = "telefoon"  # masked display only, e.g. 06-****5678
SLOT_EMAIL = "email"  # masked display or "geen"
SLOT_VOORKEUR = "voorkeur"
SLOT_TOESTEMMING = "toestemming"
SLOT_MISVERSTANDEN = "misverstanden"
SLOT_TERUGBELVERZOEK = "terugbelverzoek"
SLOT_KENMERK = "kenmerk"
SLOT_WIL_CONTACT = "wil_contact"
SLOT_PARTNER_SOORT = "partner_soort"
SLOT_ORGANISATIE = "organisatie"
SLOT_FUNCTIE = "functie"
SLOT_INWONER_AKKOORD = "inwoner_akkoord"
PARTNER_SOORTEN = ("signaal", "ondersteuningsvraag", "overleg")
SLOT_REQUESTED = "requested_slot"
EMAIL_GEEN = "geen"

# forms
FORM_DETAILS = "details_form"
FORM_CONTACT = "contact_form"

# actions
ACTION_VERWERK_VRAAG = "action_verwerk_vraag"
ACTION_VERWACHTING = "action_verwachting"
ACTION_VOORZIENINGEN = "action_voorzieningen"
ACTION_VOORZIENINGEN_ANTWOORD = "action_voorzieningen_antwoord"
ACTION_SAMENVATTING = "action_samenvatting"
ACTION_AANMELDING_VERSTUREN = "action_aanmelding_versturen"
ACTION_VEILIGHEID = "action_veiligheid"
ACTION_BUITEN_SOCIAAL_DOMEIN = "action_buiten_sociaal_domein"
ACTION_MENS_SPREKEN = "action_mens_spreken"
ACTION_TERUGBELVERZOEK = "action_terugbelverzoek"
ACTION_OPNIEUW_BEGINNEN = "action_opnieuw_beginnen"
ACTION_NIET_BEGREPEN = "action_niet_begrepen"
ACTION_VALIDATE_DETAILS = "validate_details_form"
ACTION_VALIDATE_CONTACT = "validate_contact_form"

# responses
UTTER_WELKOM = "utter_welkom"
UTTER_VRAAG_MELDER = "utter_vraag_melder"
UTTER_VRAAG_SITUATIE = "utter_vraag_situatie"
UTTER_VRAAG_MEER = "utter_vraag_meer"
UTTER_ONDERWERP_BEGREPEN = "utter_onderwerp_begrepen"
UTTER_NOG_IETS = "utter_nog_iets"
UTTER_VERDUIDELIJKING = "utter_verduidelijking"
UTTER_GEEN_BSN = "utter_geen_bsn"
UTTER_ASK_KERN = "utter_ask_kern"
UTTER_KERN_ONBEKEND = "utter_kern_onbekend"
UTTER_BUITEN_BERKELLAND = "utter_buiten_berkelland"
UTTER_LEEFTIJD_ONBEKEND = "utter_leeftijd_onbekend"
UTTER_VERWACHTING = "utter_verwachting"
UTTER_CLIENTONDERSTEUNING = "utter_clientondersteuning"
UTTER_VOORZIENINGEN_INTRO = "utter_voorzieningen_intro"
UTTER_VOORZIENING = "utter_voorziening"
UTTER_MEER_HOREN = "utter_meer_horen"
UTTER_HELPT_DIT = "utter_helpt_dit"
UTTER_GEEN_VOORZIENINGEN = "utter_geen_voorzieningen"
UTTER_VOORLIGGEND_AFSLUITING = "utter_voorliggend_afsluiting"
UTTER_TELEFOON_ONGELDIG = "utter_telefoon_ongeldig"
UTTER_ASK_TELEFOON = "utter_ask_telefoon"
UTTER_ASK_TELEFOON_BELLER = "utter_ask_telefoon_beller"
ACTION_ASK_TELEFOON = "action_ask_telefoon"
UTTER_EMAIL_ONGELDIG = "utter_email_ongeldig"
UTTER_NAAM_ONGELDIG = "utter_naam_ongeldig"
UTTER_SAMENVATTING = "utter_samenvatting"
UTTER_GEEN_TOESTEMMING = "utter_geen_toestemming"
UTTER_AANMELDING_REFERENTIE = "utter_aanmelding_referentie"
UTTER_AANMELDING_ONTVANGEN = "utter_aanmelding_ontvangen"
UTTER_CRISIS = "utter_crisis"
UTTER_CRISIS_AANBOD = "utter_crisis_aanbod"
UTTER_BUITEN_SOCIAAL_DOMEIN = "utter_buiten_sociaal_domein"
UTTER_MENS_SPREKEN = "utter_mens_spreken"
UTTER_MENS_ZELF_BELLEN = "utter_mens_zelf_bellen"
UTTER_CRISIS_GEEN_CONTACT = "utter_crisis_geen_contact"
UTTER_TERUGBEL_ONDERWERP = "utter_terugbel_onderwerp"
UTTER_OPNIEUW = "utter_opnieuw"
UTTER_CONTACT_INTRO = "utter_contact_intro"
UTTER_CONTACT_AANBOD = "utter_contact_aanbod"
UTTER_AFSCHEID = "utter_afscheid"
UTTER_SAMENVATTING_NIET_AKKOORD = "utter_samenvatting_niet_akkoord"
UTTER_PARTNER_SOORT_ONBEKEND = "utter_partner_soort_onbekend"
UTTER_ALLEEN_ANONIEM_OVERLEG = "utter_alleen_anoniem_overleg"
UTTER_MELDCODE = "utter_meldcode"
UTTER_NIET_BEGREPEN = "utter_niet_begrepen"
UTTER_NIET_BEGREPEN_MENS = "utter_niet_begrepen_mens"

# uitkomsten (inbox /api/v1/uitkomsten)
UITKOMST_VOORLIGGEND = "verwezen_voorliggend_veld"
UITKOMST_BUITEN = "buiten_sociaal_domein"
UITKOMST_GEEN_TOESTEMMING = "geen_toestemming"
UITKOMST_MENS = "mens_gevraagd"
UITKOMST_AFGEBROKEN = "afgebroken"
ONDERWERP_BUITEN = "buiten_sociaal_domein"

VOICE_CHANNEL = "twilio_voice"
TOESTEMMING_TEKSTVERSIE = "2026-11-v1"
