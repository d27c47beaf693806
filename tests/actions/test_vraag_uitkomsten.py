"""Several onderwerpen in one message, "ja" after a clarifying question, a BSN-only message, uitkomsten."""
from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet

from bot.actions import constants as c
from bot.actions.mens import ActionTerugbelverzoek
from bot.actions.overig import ActionBuitenSociaalDomein, ActionNietBegrepen, ActionOpnieuwBeginnen
from bot.actions.vraag import ActionVerwerkVraag
from tests.actions.conftest import make_tracker, responses, run, tevredenheid_gevraagd

MEERDERE = "Ik ben mijn baan kwijt, ik heb schulden en mijn zoon van 14 gaat niet meer naar school"
VRAAG_KNOPPEN = {"event": "bot", "text": "Ik wil zeker weten dat ik u goed begrijp.", "timestamp": 999.0,
                 "data": {"buttons": [{"title": "geldzaken en schulden", "payload": "/vraag_geldzaken_schulden"},
                                      {"title": "jeugdhulp", "payload": "/vraag_jeugdhulp"},
                                      {"title": "Iets anders", "payload": "/iets_anders"}]}}


async def test_several_laws_in_the_first_message_are_all_taken_without_a_question():
    # The live case: NLU unsure (fallback), the words name work, debts and school.
    tracker = make_tracker(intent="nlu_fallback", text=MEERDERE, confidence=0.8,
                           ranking=[("nlu_fallback", 0.8), ("vraag_geldzaken_schulden", 0.25),
                                    ("vraag_jeugdhulp", 0.12)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [SlotSet(c.SLOT_VRAAG_TEKST, MEERDERE),
                      SlotSet(c.SLOT_ONDERWERPEN, ["geldzaken_schulden", "inkomen_bijstand", "werk_reintegratie",
                                                   "leerplicht"]),
                      SlotSet(c.SLOT_VERDUIDELIJKT, False), SlotSet(c.SLOT_BEVESTIGING, True),
                      SlotSet(c.SLOT_ONDERWERP_GOK, ["geldzaken_schulden", "inkomen_bijstand", "werk_reintegratie",
                                                     "leerplicht"])]
    assert responses(dispatcher) == [c.UTTER_KLOPT_DAT]
    assert dispatcher.messages[0]["onderwerp_label"] == (
        "geldzaken en schulden, inkomen en bijstand, werk en re-integratie, en leerplicht en schoolverzuim")


async def test_sure_intent_plus_ranking_above_threshold_plus_keywords_primary_first():
    # Sure: the FallbackClassifier (0.8) let the intent through; another onderwerp is above OOK_DREMPEL.
    tracker = make_tracker(intent="vraag_inkomen_bijstand", text=MEERDERE, confidence=0.81,
                           ranking=[("vraag_inkomen_bijstand", 0.81), ("vraag_leerplicht", 0.21),
                                    ("vraag_vervoer", 0.02)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    # primary, then the ranking above the threshold, then the words in the order they appear in the text
    assert events[1] == SlotSet(c.SLOT_ONDERWERPEN, ["inkomen_bijstand", "leerplicht", "werk_reintegratie",
                                                     "geldzaken_schulden"])
    assert responses(dispatcher) == [c.UTTER_KLOPT_DAT]


async def test_unsure_with_keywords_takes_them_instead_of_asking_the_likeliest_first():
    tracker = make_tracker(intent="nlu_fallback", text="ik heb schulden en geen werk meer", confidence=0.8,
                           ranking=[("nlu_fallback", 0.8), ("vraag_geldzaken_schulden", 0.45),
                                    ("vraag_werk_reintegratie", 0.4)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert c.UTTER_VERDUIDELIJKING not in responses(dispatcher)
    assert events[1]["value"][0] == "geldzaken_schulden" and "werk_reintegratie" in events[1]["value"]


async def test_a_typed_professional_role_sets_the_melder_and_asks_for_the_situation():
    text = "Goedemiddag, ik ben wijkverpleegkundige en wil graag een cliënt aanmelden"
    tracker = make_tracker(intent="nlu_fallback", text=text, confidence=0.8,
                           ranking=[("nlu_fallback", 0.8), ("melder_professional", 0.6), ("vraag_lopende_aanvraag", 0.1)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert SlotSet(c.SLOT_MELDER, "professional") in events
    assert SlotSet(c.SLOT_FUNCTIE, "wijkverpleegkundige") in events  # said once: the partner questions skip it
    assert responses(dispatcher) == [c.UTTER_VRAAG_SITUATIE]


async def test_a_role_said_again_at_the_situation_question_is_not_asked_for_again_and_again():
    # Menu option 2, the situation question, and the answer only says who is calling: no fourth "beschrijf de
    # situatie", but the way of any unclear message (it is counted towards the human route).
    text = "goedemiddag met de praktijkondersteuner van de huisartsenpraktijk ik wil graag een cliënt aanmelden"
    gevraagd = {"event": "bot", "text": "Fijn dat u contact zoekt. Beschrijf de situatie.", "timestamp": 950.0,
                "metadata": {"utter_action": c.UTTER_VRAAG_SITUATIE}}
    tracker = make_tracker(slots={c.SLOT_MELDER: "professional"}, intent="melder_professional", text=text,
                           confidence=0.9, ranking=[("melder_professional", 0.9)], events=[gevraagd])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert responses(dispatcher) == [c.UTTER_NIET_BEGREPEN]
    assert SlotSet(c.SLOT_MISVERSTANDEN, 1.0) in events


async def test_nee_to_the_callback_offer_after_misunderstandings_ends_kindly_instead_of_looping():
    aangeboden = {"event": "bot", "text": "Het lukt mij niet goed ... Of wilt u dat wij u terugbellen?",
                  "timestamp": 950.0, "metadata": {"utter_action": c.UTTER_NIET_BEGREPEN_MENS}}
    tracker = make_tracker(slots={c.SLOT_MISVERSTANDEN: 2.0}, intent="deny", text="nee", events=[aangeboden])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert responses(dispatcher) == [c.UTTER_MENS_ZELF_BELLEN, c.UTTER_ASK_TEVREDENHEID]  # an ending: how did it go?


async def test_ja_to_the_callback_offer_is_the_callback_not_the_same_question_again():
    aangeboden = {"event": "bot", "text": "Het lukt mij niet goed ... Of wilt u dat wij u terugbellen?",
                  "timestamp": 950.0, "metadata": {"utter_action": c.UTTER_NIET_BEGREPEN_MENS}}
    tracker = make_tracker(slots={c.SLOT_MISVERSTANDEN: 2.0}, intent="affirm", text="/affirm", events=[aangeboden])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert responses(dispatcher) == [c.UTTER_TERUGBEL_ONDERWERP]  # not "Wilt u liever dat wij u terugbellen?"
    assert events == [SlotSet(c.SLOT_TERUGBELVERZOEK, True)]


async def test_after_a_callback_request_unclear_words_go_to_the_medewerker_as_they_are():
    text = "moeder komt de deur niet meer uit, lopen gaat niet verder dan de brievenbus"
    tracker = make_tracker(slots={c.SLOT_TERUGBELVERZOEK: True, c.SLOT_MISVERSTANDEN: 2.0}, intent="nlu_fallback",
                           text=text, confidence=0.5, ranking=[("nlu_fallback", 0.5), ("vraag_hulpmiddelen", 0.4)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert SlotSet(c.SLOT_ONDERWERPEN, ["hulpmiddelen"]) in events and SlotSet(c.SLOT_WIL_CONTACT, True) in events
    assert c.UTTER_CONTACT_INTRO in responses(dispatcher) and c.UTTER_NIET_BEGREPEN_MENS not in responses(dispatcher)


async def test_a_professional_with_a_question_is_recorded_as_professional_with_the_onderwerp():
    text = "Als huisarts wil ik mw. aanmelden, ze kan na haar heupoperatie niet meer zelf douchen"
    tracker = make_tracker(intent="vraag_hulpmiddelen", text=text, confidence=0.9,
                           ranking=[("vraag_hulpmiddelen", 0.9), ("vraag_woningaanpassing", 0.06)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert SlotSet(c.SLOT_MELDER, "professional") in events
    assert SlotSet(c.SLOT_FUNCTIE, "huisarts") in events
    assert SlotSet(c.SLOT_ONDERWERPEN, ["hulpmiddelen"]) in events


async def test_a_chosen_melder_stands_over_the_words():
    # "Voor mezelf" was pressed; the words mention a mother, but the person chose.
    gekozen = {"event": "user", "text": "/melder_zelf", "timestamp": 900.0,
               "parse_data": {"intent": {"name": "melder_zelf", "confidence": 1.0}}}
    tracker = make_tracker(slots={c.SLOT_MELDER: "inwoner"}, intent="vraag_mantelzorg", confidence=0.9,
                           text="mijn moeder woont bij ons en ik kan de zorg niet meer aan", events=[gekozen],
                           ranking=[("vraag_mantelzorg", 0.9)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert not [e for e in events if e.get("name") == c.SLOT_MELDER]


async def test_phone_menu_option_1_is_no_choice_between_zelf_and_naaste_the_words_decide():
    # Menu option 1 on the phone is "als inwoner, voor uzelf of voor een ander": "ik bel voor mijn moeder" is a naaste.
    gekozen = {"event": "user", "text": "/melder_zelf", "timestamp": 900.0, "input_channel": c.VOICE_CHANNEL,
               "parse_data": {"intent": {"name": "melder_zelf", "confidence": 1.0}}}
    tracker = make_tracker(slots={c.SLOT_MELDER: "inwoner"}, intent="vraag_huishoudelijke_hulp", confidence=0.9,
                           text="ik bel voor mijn moeder zij kan het huishouden niet meer doen", events=[gekozen],
                           ranking=[("vraag_huishoudelijke_hulp", 0.9)], channel=c.VOICE_CHANNEL)
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert SlotSet(c.SLOT_MELDER, "naaste") in events


async def test_typed_ja_after_the_clarifying_question_takes_the_first_suggestion():
    for text, intent in (("ja", "affirm"), ("klopt", "affirm"), ("dat bedoel ik", "nlu_fallback")):
        tracker = make_tracker(slots={c.SLOT_VERDUIDELIJKT: True, c.SLOT_VRAAG_TEKST: "geldzorgen"}, intent=intent,
                               text=text, events=[VRAAG_KNOPPEN])
        dispatcher, events = await run(ActionVerwerkVraag(), tracker)
        # the user chose: on to the details form, no second confirmation
        assert events == [SlotSet(c.SLOT_ONDERWERPEN, ["geldzaken_schulden"]), SlotSet(c.SLOT_VERDUIDELIJKT, False),
                          SlotSet(c.SLOT_VRAAG_COMPLEET, True)]
        assert responses(dispatcher) == [c.UTTER_ONDERWERP_BEGREPEN]
        assert dispatcher.messages[0]["onderwerp_label"] == "geldzaken en schulden"


async def test_ja_to_nog_iets_asks_what_else():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["vervoer"]}, intent="affirm", text="ja")
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [] and responses(dispatcher) == [c.UTTER_VRAAG_MEER]


async def test_ja_without_anything_to_agree_with_is_a_misunderstanding():
    tracker = make_tracker(intent="affirm", text="ja", ranking=[("affirm", 0.95)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [SlotSet(c.SLOT_MISVERSTANDEN, 1.0)] and responses(dispatcher) == [c.UTTER_NIET_BEGREPEN]


async def test_fallback_without_keywords_still_asks_which_onderwerp():
    tracker = make_tracker(intent="nlu_fallback", text="moeilijk", confidence=0.8,
                           ranking=[("nlu_fallback", 0.8), ("vraag_mantelzorg", 0.35), ("vraag_jeugdhulp", 0.3)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [SlotSet(c.SLOT_VRAAG_TEKST, "moeilijk"), SlotSet(c.SLOT_VERDUIDELIJKT, True)]
    assert responses(dispatcher) == [c.UTTER_VERDUIDELIJKING]


async def test_only_a_bsn_gets_the_warning_and_the_open_question_again():
    for action, intent in ((ActionVerwerkVraag(), "vraag_jeugdhulp"), (ActionVerwerkVraag(), "nlu_fallback"),
                           (ActionNietBegrepen(), "inform")):
        tracker = make_tracker(intent=intent, text="mijn bsn is [BSN verwijderd]", confidence=0.4,
                               ranking=[(intent, 0.4), ("vraag_jeugdhulp", 0.3)], metadata={"bsn_gemaskeerd": True})
        dispatcher, events = await run(action, tracker)
        assert events == []
        assert responses(dispatcher) == [c.UTTER_GEEN_BSN, c.UTTER_VRAAG_SITUATIE]


async def test_a_bsn_with_a_real_question_is_warned_about_and_the_question_is_taken():
    tracker = make_tracker(intent="vraag_vervoer", text="[BSN verwijderd] ik heb een scootmobiel nodig", confidence=0.9,
                           metadata={"bsn_gemaskeerd": True})
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert responses(dispatcher) == [c.UTTER_GEEN_BSN, c.UTTER_KLOPT_DAT]


async def test_out_of_scope_uitkomst_carries_its_onderwerp(inbox):
    tracker = make_tracker(intent="vraag_buiten_sociaal_domein", text="parkeervergunning")
    await run(ActionBuitenSociaalDomein(), tracker)
    assert inbox.uitkomsten == [{"conversation_id": "gesprek-1", "kanaal": "web", "melder": "inwoner",
                                 "onderwerpen": ["buiten_sociaal_domein"], "wet": "overig", "urgentie": "normaal",
                                 "kern": None, "uitkomst": "buiten_sociaal_domein", "voorzieningen_aangeboden": []}]


async def test_restart_with_an_onderwerp_before_routing_is_counted_as_afgebroken(inbox):
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["hulpmiddelen"], c.SLOT_MELDER: "naaste",
                                  c.SLOT_KERN: "Eibergen"}, intent="opnieuw_beginnen", text="opnieuw beginnen")
    dispatcher, events = await run(ActionOpnieuwBeginnen(), tracker)
    assert responses(dispatcher) == [c.UTTER_OPNIEUW, c.UTTER_VRAAG_START]
    assert events == [ActiveLoop(None), {"event": "reset_slots", "timestamp": None}]
    [body] = inbox.uitkomsten
    assert (body["uitkomst"], body["onderwerpen"], body["wet"], body["melder"], body["kern"]) == (
        "afgebroken", ["hulpmiddelen"], "wmo", "naaste", "Eibergen")


async def test_restart_without_onderwerp_or_after_the_aanmelding_is_not_counted(inbox):
    await run(ActionOpnieuwBeginnen(), make_tracker(intent="opnieuw_beginnen", text="opnieuw"))
    verstuurd = [{"event": "action", "name": c.ACTION_AANMELDING_VERSTUREN, "timestamp": 1000.5}]
    await run(ActionOpnieuwBeginnen(), make_tracker(slots={c.SLOT_ONDERWERPEN: ["vervoer"]}, intent="opnieuw_beginnen",
                                                    text="opnieuw", events=verstuurd))
    assert inbox.uitkomsten == []


async def test_human_route_without_callback_is_counted_with_its_onderwerp(inbox):
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["jeugdhulp"], c.SLOT_MELDER: "inwoner"}, intent="deny", text="nee")
    dispatcher, events = await run(ActionTerugbelverzoek(), tracker)
    assert responses(dispatcher) == [c.UTTER_MENS_ZELF_BELLEN, c.UTTER_ASK_TEVREDENHEID]
    assert events == tevredenheid_gevraagd(events, c.UITKOMST_MENS)
    [body] = inbox.uitkomsten
    assert (body["uitkomst"], body["onderwerpen"], body["wet"]) == ("mens_gevraagd", ["jeugdhulp"], "jeugdwet")


async def test_professional_without_inwoner_akkoord_sends_only_anonymous_overleg(inbox):
    from bot.actions import services
    from bot.actions.aanmelding import ActionAanmeldingVersturen
    from bot.actions.common import idempotency_key
    from tests.actions.test_actions import PARTNER

    services.drafts().put("gesprek-1", "telefoon", "+31544123456")
    slots = {**PARTNER, c.SLOT_INWONER_AKKOORD: False, c.SLOT_PARTNER_SOORT: "overleg"}
    tracker = make_tracker(slots=slots, text="ja")
    await run(ActionAanmeldingVersturen(), tracker)
    body = inbox.created[idempotency_key(tracker)]["body"]
    assert body["partner"] == {"soort": "overleg", "inwoner_akkoord": False, "terugkoppeling_gewenst": True}
    assert body["transcript"] == []
    assert body["contact"]["telefoon"] == "+31544123456"  # the professional's own number


async def test_professional_goes_from_the_situation_straight_to_the_partner_questions():
    from bot.actions.voorzieningen import ActionVoorzieningen, ActionVoorzieningenAntwoord

    slots = {c.SLOT_MELDER: "professional", c.SLOT_ONDERWERPEN: ["leerplicht"], c.SLOT_KERN: "Eibergen"}
    dispatcher, events = await run(ActionVoorzieningen(), make_tracker(slots=slots, latest_action="action_verwachting"))
    assert responses(dispatcher) == [c.UTTER_CONTACT_AANBOD]
    assert events == [SlotSet(c.SLOT_VOORZIENINGEN, []), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "contact")]
    tracker = make_tracker(slots={**slots, c.SLOT_VOORZIENINGEN_VRAAG: "contact"}, intent="affirm")
    dispatcher, events = await run(ActionVoorzieningenAntwoord(), tracker)
    assert responses(dispatcher) == [c.UTTER_CONTACT_INTRO]
    assert events == [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None), SlotSet(c.SLOT_WIL_CONTACT, True)]


async def test_a_professional_who_asks_only_what_there_is_gets_the_voorzieningen():
    from bot.actions.voorzieningen import ActionVoorzieningen

    slots = {c.SLOT_MELDER: "professional", c.SLOT_ONDERWERPEN: ["opvoeden_opgroeien"], c.SLOT_KERN: "Borculo",
             c.SLOT_VRAAG_TEKST: "ik ben POH en zoek welk aanbod er is voor ouders met pubers, ik wil niemand aanmelden"}
    dispatcher, events = await run(ActionVoorzieningen(), make_tracker(slots=slots, latest_action="action_verwachting"))
    assert responses(dispatcher)[0] == c.UTTER_VOORZIENINGEN_INTRO and c.UTTER_CONTACT_AANBOD not in responses(dispatcher)
    assert SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "helpt") in events


def test_several_labels_read_well():
    from bot.actions.vraag import opsomming

    assert opsomming(["vervoer"]) == "vervoer"
    assert opsomming(["vervoer", "hulpmiddelen"]) == "vervoer en hulpmiddelen"
    assert opsomming(["geldzaken en schulden", "leerplicht"]) == "geldzaken en schulden, en leerplicht"


async def test_a_melder_button_asks_for_the_situation():
    tracker = make_tracker(intent="melder_professional", text="/melder_professional", confidence=1.0,
                           slots={c.SLOT_MELDER: "professional"})
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [] and responses(dispatcher) == [c.UTTER_VRAAG_SITUATIE]


async def test_typed_role_with_a_named_problem_records_the_onderwerp():
    text = "ik ben IB'er en een leerling van ons spijbelt al weken"
    tracker = make_tracker(intent="melder_professional", text=text, confidence=0.93,
                           ranking=[("melder_professional", 0.93), ("vraag_leerplicht", 0.03)],
                           slots={c.SLOT_MELDER: "professional"})
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert SlotSet(c.SLOT_ONDERWERPEN, ["leerplicht"]) in events
    assert responses(dispatcher) == [c.UTTER_KLOPT_DAT]


async def test_typed_role_without_a_problem_asks_for_the_situation():
    tracker = make_tracker(intent="melder_professional", text="ik ben huisarts en wil een patiënt aanmelden",
                           confidence=1.0, slots={c.SLOT_MELDER: "professional"})
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [] and responses(dispatcher) == [c.UTTER_VRAAG_SITUATIE]


async def test_a_story_the_model_reads_as_who_is_asking_is_a_first_message_not_a_loop():
    # "wijkagent hier, ik wil een man aanmelden die …" typed at the first question: the model says
    # melder_professional, but the words tell the story; asking for the situation again would loop.
    text = ("Goedemiddag, wijkagent hier. Ik wil een man aanmelden die over twee weken zijn huurwoning uit moet "
            "na een ontruimingsvonnis. Hij heeft geen idee waar hij heen moet.")
    tracker = make_tracker(intent="melder_professional", text=text, confidence=0.7,
                           ranking=[("melder_professional", 0.7), ("vraag_wonen_opvang", 0.2)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert c.UTTER_VRAAG_SITUATIE not in responses(dispatcher)
    assert SlotSet(c.SLOT_MELDER, "professional") in events and SlotSet(c.SLOT_VRAAG_TEKST, text) in events


async def test_a_long_story_by_a_professional_that_is_not_understood_is_not_met_with_the_situation_question():
    # gw2-18: the story came back five times as "Beschrijf in een paar zinnen de situatie".
    text = ("Goedemiddag, wijkagent hier. Ik wil een man aanmelden die over twee weken zijn huurwoning uit moet "
            "na een ontruimingsvonnis. Hij heeft geen idee waar hij heen moet en is nogal verward.")
    tracker = make_tracker(intent="nlu_fallback", text=text, confidence=0.4,
                           ranking=[("nlu_fallback", 0.4), ("melder_professional", 0.35), ("vraag_wonen_opvang", 0.2)])
    dispatcher, _ = await run(ActionVerwerkVraag(), tracker)
    assert c.UTTER_VRAAG_SITUATIE not in responses(dispatcher)


@pytest.mark.parametrize("text, kern", [
    ("Ik woon in Neede en kan mijn huis niet meer schoonmaken", "Neede"),
    # a place named for what is there or where someone works: the details form asks where they live (gt3-21)
    ("mijn vrouw heeft alzheimer en ik heb gehoord dat er in borculo zo'n goede dagbesteding is", None),
    ("ik werk in Ruurlo en zoek hulp bij mijn administratie", None),
])
def test_a_kern_in_the_first_message_counts_only_where_someone_lives(text, kern):
    from bot.actions.vraag import feiten_uit_tekst

    plaats = next(w for w in ("Neede", "borculo", "Ruurlo") if w in text)
    message = {"text": text, "entities": [{"entity": "kern", "value": plaats}]}
    assert next((e["value"] for e in feiten_uit_tekst(message) if e["name"] == "kern"), None) == kern
