"""Actions: the exact events and responses for each path (Tracker built directly, CollectingDispatcher)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.aanmelding import ActionAanmeldingVersturen
from bot.actions.common import idempotency_key, kenmerk
from bot.actions.mens import ActionMensSpreken, ActionTerugbelverzoek
from bot.actions.overig import ActionBuitenSociaalDomein, ActionNietBegrepen, ActionOpnieuwBeginnen
from bot.actions.veiligheid import CRISIS, ActionVeiligheid, ActionVeiligheidNee
from bot.actions.verwachting import ActionVerwachting
from bot.actions.voorzieningen import ActionVoorzieningen, ActionVoorzieningenAntwoord
from bot.actions.vraag import ActionVerwerkVraag
from tests.actions.conftest import make_tracker, responses, run, tevredenheid_gevraagd, voorgelezen


async def test_clear_question_is_recorded_and_confirmed_in_the_same_turn():
    tracker = make_tracker(intent="vraag_huishoudelijke_hulp", text="ik kan niet meer schoonmaken", confidence=0.92,
                           ranking=[("vraag_huishoudelijke_hulp", 0.92), ("vraag_mantelzorg", 0.03)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [SlotSet(c.SLOT_VRAAG_TEKST, "ik kan niet meer schoonmaken"),
                      SlotSet(c.SLOT_ONDERWERPEN, ["huishoudelijke_hulp"]), SlotSet(c.SLOT_VERDUIDELIJKT, False),
                      SlotSet(c.SLOT_BEVESTIGING, True), SlotSet(c.SLOT_ONDERWERP_GOK, ["huishoudelijke_hulp"])]
    # "klopt dat?" replaces "is er nog iets?": the happy path is no longer
    assert responses(dispatcher) == [c.UTTER_KLOPT_DAT]
    assert dispatcher.messages[0]["onderwerp_label"] == "hulp in het huishouden"
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/affirm", "/vraag_mantelzorg", "/iets_anders"]
    assert dispatcher.messages[0]["buttons"][0]["title"] == "Ja, dat klopt"


async def test_second_question_adds_an_onderwerp_and_keeps_the_own_words():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["inkomen_bijstand"], c.SLOT_VRAAG_TEKST: "baan kwijt"},
                           intent="vraag_geldzaken_schulden", text="en schulden", confidence=0.9)
    _, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [SlotSet(c.SLOT_VRAAG_TEKST, "baan kwijt / en schulden"),
                      SlotSet(c.SLOT_ONDERWERPEN, ["inkomen_bijstand", "geldzaken_schulden"]),
                      SlotSet(c.SLOT_VERDUIDELIJKT, False), SlotSet(c.SLOT_VRAAG_COMPLEET, True)]


async def test_ambiguous_question_gets_one_clarifying_question_with_buttons():
    tracker = make_tracker(intent="nlu_fallback", text="ik kom nergens meer", confidence=0.8,
                           ranking=[("nlu_fallback", 0.8), ("vraag_vervoer", 0.45), ("vraag_eenzaamheid_meedoen", 0.40),
                                    ("vraag_hulpmiddelen", 0.1)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [SlotSet(c.SLOT_VRAAG_TEKST, "ik kom nergens meer"), SlotSet(c.SLOT_VERDUIDELIJKT, True)]
    assert responses(dispatcher) == [c.UTTER_VERDUIDELIJKING]
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    # onderwerpen below routing.KANDIDAAT_DREMPEL (0.2) are noise, not a choice to offer
    assert payloads == ["/vraag_vervoer", "/vraag_eenzaamheid_meedoen", "/iets_anders"]


async def test_button_choice_is_never_questioned_again():
    tracker = make_tracker(slots={c.SLOT_VERDUIDELIJKT: True}, intent="vraag_vervoer", text="/vraag_vervoer",
                           confidence=1.0)
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [SlotSet(c.SLOT_ONDERWERPEN, ["vervoer"]), SlotSet(c.SLOT_VERDUIDELIJKT, False),
                      SlotSet(c.SLOT_VRAAG_COMPLEET, True)]


async def test_bsn_in_the_message_is_warned_about():
    tracker = make_tracker(intent="vraag_vervoer", text="mijn bsn is [BSN verwijderd]", confidence=0.9,
                           metadata={"bsn_gemaskeerd": True})
    dispatcher, _ = await run(ActionVerwerkVraag(), tracker)
    assert responses(dispatcher)[0] == c.UTTER_GEEN_BSN


async def test_danger_gives_the_crisis_numbers_first_and_leaves_the_form():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["geldzaken_schulden"]}, intent="vraag_veiligheid",
                           text="ik wil er niet meer zijn", confidence=1.0, active_loop=c.FORM_CONTACT,
                           safety={"categorie": "suicide", "matched": "niet meer zijn"},
                           metadata={"bsn_gemaskeerd": True})
    dispatcher, events = await run(ActionVeiligheid(), tracker)
    assert responses(dispatcher) == [c.UTTER_CRISIS, c.UTTER_CRISIS_113, c.UTTER_CRISIS_VEILIG_THUIS, c.UTTER_GEEN_BSN,
                                     c.UTTER_CRISIS_AANBOD]
    assert events == [ActiveLoop(None), SlotSet(c.SLOT_REQUESTED, None), SlotSet(c.SLOT_WIL_CONTACT, False),
                      SlotSet(c.SLOT_ONDERWERPEN, ["veiligheid", "geldzaken_schulden"]),
                      SlotSet(c.SLOT_URGENTIE, "spoed"), SlotSet(c.SLOT_VEILIGHEID_CATEGORIE, "suicide"),
                      SlotSet(c.SLOT_VRAAG_TEKST, "ik wil er niet meer zijn")]


ANTWOORD = {"text": "Anouk Brinkman, wijkverpleegkundige", "confidence": 1.0, "intent": "vraag_veiligheid",
            "ranking": [("vraag_veiligheid", 1.0), ("inform", 0.62), ("melder_professional", 0.2)]}


@pytest.mark.parametrize("bron, active_loop, slots, doorgaan", [
    # a model alone (the classifier, or the intent model without the safety net) in an answer to a question:
    # numbers, "is er nu gevaar?", then the conversation goes on; every time, also after a first signal
    ("classifier", c.FORM_CONTACT, {}, True),
    ("classifier", None, {c.SLOT_VOORZIENINGEN_VRAAG: "helpt"}, True),
    ("classifier", None, {c.SLOT_VRAAG_COMPLEET: True}, True),  # e.g. "nee, het nummer klopt niet" at the read-back
    ("classifier", c.FORM_CONTACT, {c.SLOT_GEVAAR_SIGNAAL: True}, True),  # "na drie uur als de kinderen weg zijn"
    (None, c.FORM_CONTACT, {}, True),  # the intent model's vraag_veiligheid for "haar lo"
    # the person's own story: the first time "is er nu gevaar?" with ja / nee; after that, the numbers and on
    ("classifier", None, {}, "vragen"),
    (None, None, {}, "vragen"),
    ("classifier", None, {c.SLOT_GEVAAR_SIGNAAL: True}, True),
    # already on the spoed path (its callback form): the form goes on, a name cannot start it over and over
    ("classifier", c.FORM_CONTACT, {c.SLOT_URGENTIE: "spoed", c.SLOT_GEVAAR_SIGNAAL: True}, "spoed_loopt"),
    ("woorden", c.FORM_CONTACT, {c.SLOT_URGENTIE: "spoed"}, "spoed_loopt"),
    # the lexicon, alone or with the classifier, in every state; a story again while spoed was offered: spoed
    ("woorden", c.FORM_CONTACT, {}, False),
    ("beide", c.FORM_CONTACT, {}, False),
    ("woorden", c.FORM_CONTACT, {c.SLOT_GEVAAR_SIGNAAL: True}, False),
    ("woorden", None, {}, False),
    ("classifier", None, {c.SLOT_URGENTIE: "spoed"}, False),
])
async def test_a_classifier_only_signal_in_an_answer_gives_the_numbers_and_goes_on(bron, active_loop, slots,
                                                                                    doorgaan):
    safety = {"safety": {"categorie": "crisis", "matched": "classifier 0.49", "bron": bron}} if bron else {}
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["hulpmiddelen"], **slots}, active_loop=active_loop,
                           channel="socketio", metadata={"kanaal": "web"}, **safety, **ANTWOORD)
    dispatcher, events = await run(ActionVeiligheid(), tracker)
    if doorgaan == "spoed_loopt":
        assert responses(dispatcher) == (list(CRISIS) if bron in ("woorden", "beide") else [])
        assert [e["event"] for e in events[:3]] == ["rewind", "action", "user"]
        return
    assert responses(dispatcher)[0] == c.UTTER_CRISIS  # the numbers first, whatever follows
    if doorgaan in (False, "vragen"):
        # both questions are answered by the spoed path's rules: "ja" is its callback form at once
        assert responses(dispatcher) == [*CRISIS, c.UTTER_GEVAAR_VRAAG if doorgaan else c.UTTER_CRISIS_AANBOD]
        assert SlotSet(c.SLOT_URGENTIE, "spoed") in events and SlotSet(c.SLOT_ONDERWERPEN,
                                                                       ["veiligheid", "hulpmiddelen"]) in events
        assert (SlotSet(c.SLOT_GEVAAR_SIGNAAL, True) in events) == (doorgaan == "vragen")
        return
    assert responses(dispatcher) == [*CRISIS, c.UTTER_GEVAAR_CHECK]
    assert events[0] == {"event": "rewind", "timestamp": None}
    assert (events[1]["event"], events[1]["name"]) == ("action", "action_listen")
    user = events[2]
    assert (user["event"], user["text"], user["input_channel"]) == ("user", ANTWOORD["text"], "socketio")
    assert user["parse_data"]["intent"] == {"name": "inform", "confidence": 0.62}  # the model's own reading
    assert "safety" not in user["parse_data"] and user["metadata"] == {"kanaal": "web"}
    assert events[3:] == [SlotSet(c.SLOT_GEVAAR_SIGNAAL, True)]
    assert SlotSet(c.SLOT_URGENTIE, "spoed") not in events


async def test_the_danger_button_is_the_persons_own_choice_and_takes_the_spoed_path_at_once():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: []}, intent="vraag_veiligheid", text="/vraag_veiligheid",
                           confidence=1.0, channel="socketio", metadata={"kanaal": "web"})
    dispatcher, events = await run(ActionVeiligheid(), tracker)
    assert responses(dispatcher) == [*CRISIS, c.UTTER_CRISIS_AANBOD]
    assert SlotSet(c.SLOT_URGENTIE, "spoed") in events


VERHAAL = "Mijn buurman eet niet meer goed en zit de hele dag binnen. Ik maak me zorgen."


def na_de_gevaarvraag(vraag: str, slots: dict | None = None) -> Tracker:
    """The tracker Rasa sends after "nee" to `vraag`, said after a story in which only the classifier saw danger."""
    parse = {"text": VERHAAL, "intent": {"name": "vraag_veiligheid", "confidence": 1.0}, "entities": [],
             "intent_ranking": [{"name": "vraag_veiligheid", "confidence": 1.0},
                                {"name": "vraag_eenzaamheid_meedoen", "confidence": 0.71}],
             "safety": {"categorie": "crisis", "matched": "classifier 0.52", "bron": "classifier"}}
    nee = {"text": "/deny", "intent": {"name": "deny", "confidence": 1.0}, "entities": [], "intent_ranking": []}
    events = [{"event": "session_started", "timestamp": 1000.0},
              {"event": "user", "text": VERHAAL, "timestamp": 1001.0, "parse_data": parse,
               "input_channel": "socketio", "metadata": {"kanaal": "web"}},
              *({"event": "bot", "timestamp": 1002.0, "metadata": {"utter_action": r}} for r in (*CRISIS, vraag)),
              {"event": "user", "text": "/deny", "timestamp": 1003.0, "parse_data": nee, "input_channel": "socketio"}]
    return Tracker("gesprek-1", {c.SLOT_ONDERWERPEN: ["veiligheid"], c.SLOT_URGENTIE: "spoed",
                                 c.SLOT_VEILIGHEID_CATEGORIE: "crisis", c.SLOT_VRAAG_TEKST: VERHAAL,
                                 c.SLOT_GEVAAR_SIGNAAL: True, **(slots or {})},
                   nee, events, False, None, {}, "action_listen")


async def test_no_danger_now_reads_the_story_again_as_the_question_it_is():
    dispatcher, events = await run(ActionVeiligheidNee(), na_de_gevaarvraag(c.UTTER_GEVAAR_VRAAG))
    assert responses(dispatcher) == [c.UTTER_GEEN_GEVAAR]
    assert events[0] == {"event": "rewind", "timestamp": None}  # this "nee" is taken back first
    assert events[1:5] == [SlotSet(c.SLOT_ONDERWERPEN, []), SlotSet(c.SLOT_URGENTIE, None),
                           SlotSet(c.SLOT_VEILIGHEID_CATEGORIE, None), SlotSet(c.SLOT_VRAAG_TEKST, None)]
    assert (events[5]["event"], events[5]["name"]) == ("action", "action_listen")
    user = events[6]
    assert (user["event"], user["text"], user["input_channel"]) == ("user", VERHAAL, "socketio")
    # the model's own reading of the story, without the safety net's: the rules answer it as any first message
    assert user["parse_data"]["intent"] == {"name": "vraag_eenzaamheid_meedoen", "confidence": 0.71}
    assert "safety" not in user["parse_data"] and user["metadata"] == {"kanaal": "web"}
    assert len(events) == 7  # gevaar_signaal stays set: a next signal gets the numbers and the check, not this again


async def test_no_danger_after_telling_it_again_keeps_what_was_said_before():
    tracker = na_de_gevaarvraag(c.UTTER_GEVAAR_VRAAG, {c.SLOT_VRAAG_TEKST: f"Het gaat niet goed / {VERHAAL}",
                                                       c.SLOT_ONDERWERPEN: ["veiligheid", "mantelzorg"]})
    _, events = await run(ActionVeiligheidNee(), tracker)
    assert SlotSet(c.SLOT_VRAAG_TEKST, "Het gaat niet goed") in events
    assert SlotSet(c.SLOT_ONDERWERPEN, ["mantelzorg"]) in events


async def test_no_call_after_the_crisis_offer_keeps_the_numbers_and_reads_nothing_again():
    dispatcher, events = await run(ActionVeiligheidNee(), na_de_gevaarvraag(c.UTTER_CRISIS_AANBOD))
    assert (responses(dispatcher), events) == ([c.UTTER_CRISIS_GEEN_CONTACT], [])


@pytest.mark.parametrize("signaal, urgentie, reden", [
    (True, "hoog", True),  # the numbers were given, the person said there was no danger now
    (True, "spoed", False),  # on the spoed path the urgentie says it all
    (False, "normaal", False),
])
def test_the_aanmelding_says_when_the_crisis_numbers_were_given_without_spoed(signaal, urgentie, reden):
    from bot.actions.payload import GEVAAR_GEZIEN, gevaar_reden

    tracker = make_tracker(slots={c.SLOT_GEVAAR_SIGNAAL: signaal})
    assert gevaar_reden(tracker, urgentie) == ([GEVAAR_GEZIEN] if reden else [])


async def test_before_the_voorzieningen_a_wmo_question_gets_no_promise_yet():
    """Who, when and how long come only once the aanmelding is sent; before the voorzieningen only what must be
    done now, and for huishoudelijke hulp that is nothing."""
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["huishoudelijke_hulp"], c.SLOT_KERN: "Neede"})
    dispatcher, events = await run(ActionVerwachting(), tracker)
    assert events == [SlotSet(c.SLOT_URGENTIE, "normaal")]
    assert dispatcher.messages == []


async def test_before_the_voorzieningen_bijstand_says_report_to_fijnder_today():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["inkomen_bijstand"], c.SLOT_KERN: "Neede"})
    dispatcher, _ = await run(ActionVerwachting(), tracker)
    bubbels = [m["tekst"] for m in dispatcher.messages]
    assert responses(dispatcher) == [c.UTTER_VERWACHTING] * 2
    assert bubbels[0].startswith("Heeft u geen inkomen? Meld u dan vandaag nog zelf bij Fijnder")
    assert bubbels[1].endswith("\n(Participatiewet art. 44 lid 1)")  # the legal reference on its own line
    assert not any("U hoort" in b for b in bubbels)


async def test_phone_hears_what_to_do_now_without_the_legal_references():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["inkomen_bijstand"]}, channel=c.VOICE_CHANNEL)
    dispatcher, _ = await run(ActionVerwachting(), tracker)
    bubbels = [m["tekst"] for m in dispatcher.messages]
    assert any("Fijnder" in b for b in bubbels)
    assert not any("art." in b or "\n" in b for b in bubbels)


async def test_a_klacht_hears_first_that_this_conversation_is_no_bezwaar():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["klacht_bezwaar", "inkomen_bijstand"]})
    dispatcher, _ = await run(ActionVerwachting(), tracker)
    bubbels = [m["tekst"] for m in dispatcher.messages]
    assert bubbels[0].startswith("Let op: dit gesprek is geen bezwaar") and "Fijnder" in bubbels[1]


@pytest.mark.parametrize(
    "nu,moment",
    [
        ("2026-12-01T10:00:00+01:00", "vandaag nog, voor 17.00 uur"),
        ("2026-12-04T16:55:00+01:00", "uiterlijk maandag 7 december"),  # Friday after 16.00: Monday
        ("2026-12-05T11:00:00+01:00", "uiterlijk maandag 7 december"),  # Saturday
    ],
    ids=["tuesday_morning", "friday_1655", "saturday"],
)
async def test_the_crisis_offer_promises_today_only_when_a_call_today_is_possible(monkeypatch, nu, moment):
    from bot.actions import veiligheid

    class Klok(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromisoformat(nu).astimezone(tz)

    monkeypatch.setattr(veiligheid, "datetime", Klok)
    tracker = make_tracker(intent="vraag_veiligheid", text="hij slaat mij", confidence=1.0,
                           safety={"categorie": "huiselijk_geweld", "matched": "slaat mij", "bron": "woorden"})
    dispatcher, _ = await run(ActionVeiligheid(), tracker)
    aanbod = next(m for m in dispatcher.messages if m["response"] == c.UTTER_CRISIS_AANBOD)
    assert aanbod["moment"] == moment


async def test_web_lists_up_to_three_voorzieningen():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["huishoudelijke_hulp"], c.SLOT_KERN: "Neede"})
    dispatcher, events = await run(ActionVoorzieningen(), tracker)
    assert responses(dispatcher) == [c.UTTER_VOORZIENINGEN_INTRO] + [c.UTTER_VOORZIENING] * 3 + [c.UTTER_HELPT_DIT]
    assert events[0].get("name") == c.SLOT_VOORZIENINGEN and len(events[0]["value"]) == 3
    assert events[1:] == [SlotSet(c.SLOT_VOORZIENINGEN_REST, []), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "helpt")]


@pytest.mark.parametrize("kern", [c.KERN_ONBEKEND, None, "Neede"])
async def test_a_place_skipped_or_not_known_still_gets_the_voorzieningen(kern):
    """"Weet ik niet" or the place question's way out ("dan vraagt de medewerker later waar u woont") leaves the
    kern unknown: the voorzieningen for all of Berkelland, and the conversation goes on (it used to stop here)."""
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["vervoer"], c.SLOT_KERN: kern})
    dispatcher, events = await run(ActionVoorzieningen(), tracker)
    assert responses(dispatcher)[-1] == c.UTTER_HELPT_DIT and len(events[0]["value"]) == 3


async def test_the_inwoners_own_words_put_the_best_fitting_voorziening_first():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["inkomen_bijstand"], c.SLOT_KERN: "Neede",
                                  c.SLOT_VRAAG_TEKST: "Ik heb vandaag geen geld voor eten"})
    dispatcher, events = await run(ActionVoorzieningen(), tracker)
    assert set(events[0]["value"][:2]) == {"voedselbank", "wijzer_werk"}
    regels = [m for m in dispatcher.messages if m["response"] == c.UTTER_VOORZIENING]
    assert all(m["kosten"].startswith("Kosten: ") for m in regels)
    voedselbank = next(m for m in regels if m["naam"] == "Voedselbank Berkelland")
    assert voedselbank["bereik"] == "Kijk op www.voedselbank.nl."  # unverified: no phone number as fact


@pytest.mark.parametrize("antwoord, intent, gezegd, vraag", [
    # "Meer horen" (key 3, or the words): the third one, then the same question with its two buttons
    ("meer horen", "inform", [c.UTTER_VOORZIENING, c.UTTER_HELPT_DIT], "helpt"),
    # "nee, ik wil contact" at once: no separate "Wilt u meer horen?" turn first
    ("/deny", "deny", [c.UTTER_CONTACT_INTRO], None),
])
async def test_phone_lists_two_voorzieningen_and_asks_at_once_with_meer_horen_as_a_third_choice(antwoord, intent,
                                                                                                  gezegd, vraag):
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["huishoudelijke_hulp"], c.SLOT_KERN: "Neede"},
                           channel=c.VOICE_CHANNEL)
    dispatcher, events = await run(ActionVoorzieningen(), tracker)
    assert responses(dispatcher) == [c.UTTER_VOORZIENINGEN_INTRO, c.UTTER_VOORZIENING, c.UTTER_VOORZIENING,
                                     c.UTTER_HELPT_DIT]
    assert [b["title"] for b in dispatcher.messages[-1]["buttons"]] == ["Meer horen"]  # after the domain's two
    assert len(events[1]["value"]) == 1 and events[2] == SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "helpt_meer")
    meer = make_tracker(slots={**{e["name"]: e["value"] for e in events}, c.SLOT_ONDERWERPEN: ["huishoudelijke_hulp"]},
                        intent=intent, text=antwoord, channel=c.VOICE_CHANNEL)
    dispatcher, events = await run(ActionVoorzieningenAntwoord(), meer)
    assert responses(dispatcher) == gezegd
    assert SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, vraag) in events


async def test_dat_is_genoeg_is_recorded_as_verwijzing_naar_het_voorliggend_veld(inbox):
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["mantelzorg"], c.SLOT_KERN: "Neede",
                                  c.SLOT_VOORZIENINGEN: ["mantelzorgsteunpunt"], c.SLOT_VOORZIENINGEN_VRAAG: "helpt"})
    dispatcher, events = await run(ActionVoorzieningenAntwoord(), tracker)
    assert events == [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None),
                      *tevredenheid_gevraagd(events, c.UITKOMST_VOORLIGGEND)]
    assert responses(dispatcher) == [c.UTTER_VOORLIGGEND_AFSLUITING, c.UTTER_ASK_TEVREDENHEID]
    assert inbox.uitkomsten == [{"conversation_id": "gesprek-1", "kanaal": "web", "melder": "inwoner",
                                 "onderwerpen": ["mantelzorg"], "wet": "wmo", "urgentie": "normaal", "kern": "Neede",
                                 "uitkomst": c.UITKOMST_VOORLIGGEND,
                                 "voorzieningen_aangeboden": ["mantelzorgsteunpunt"]}]


async def test_not_enough_opens_the_contact_form():
    tracker = make_tracker(slots={c.SLOT_VOORZIENINGEN_VRAAG: "helpt"}, intent="deny", text="/deny")
    dispatcher, events = await run(ActionVoorzieningenAntwoord(), tracker)
    assert responses(dispatcher) == [c.UTTER_CONTACT_INTRO]
    assert events == [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None), SlotSet(c.SLOT_WIL_CONTACT, True)]


async def test_an_answer_in_own_words_that_asks_for_more_opens_the_contact_form_and_keeps_the_new_question():
    # "Helpt dit u verder?" answered with a new question: the NLU hears an onderwerp, the words ask for contact.
    tracker = make_tracker(slots={c.SLOT_VOORZIENINGEN_VRAAG: "helpt", c.SLOT_ONDERWERPEN: ["huishoudelijke_hulp"],
                                  c.SLOT_VRAAG_TEKST: "ik kan niet meer stofzuigen"},
                           intent="vraag_hulpmiddelen", text="Dat ken ik al. Ik wil ook een douchestoel aanvragen")
    dispatcher, events = await run(ActionVoorzieningenAntwoord(), tracker)
    assert responses(dispatcher) == [c.UTTER_CONTACT_INTRO]
    assert events == [SlotSet(c.SLOT_ONDERWERPEN, ["huishoudelijke_hulp", "hulpmiddelen"]),
                      SlotSet(c.SLOT_VRAAG_TEKST, "ik kan niet meer stofzuigen / Dat ken ik al. Ik wil ook een "
                                                  "douchestoel aanvragen"),
                      SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None), SlotSet(c.SLOT_WIL_CONTACT, True)]


async def test_an_answer_in_own_words_that_says_enough_is_counted_as_voorliggend_veld(inbox):
    tracker = make_tracker(slots={c.SLOT_VOORZIENINGEN_VRAAG: "helpt", c.SLOT_ONDERWERPEN: ["vervoer"],
                                  c.SLOT_VOORZIENINGEN: ["automaatje"]},
                           intent="vraag_vervoer", text="Fijn, dan bel ik zelf met de vervoersdienst.")
    dispatcher, events = await run(ActionVoorzieningenAntwoord(), tracker)
    assert responses(dispatcher) == [c.UTTER_VOORLIGGEND_AFSLUITING, c.UTTER_ASK_TEVREDENHEID]
    assert [u["uitkomst"] for u in inbox.uitkomsten] == [c.UITKOMST_VOORLIGGEND]
    assert SlotSet(c.SLOT_WIL_CONTACT, True) not in events


async def test_calling_themselves_without_a_word_of_help_offers_once_to_pass_the_question_on(inbox):
    slots = {c.SLOT_VOORZIENINGEN_VRAAG: "helpt", c.SLOT_ONDERWERPEN: ["jeugdhulp"], c.SLOT_KERN: "Neede",
             c.SLOT_VOORZIENINGEN: ["cjg_jgz"]}
    dispatcher, events = await run(ActionVoorzieningenAntwoord(), make_tracker(
        slots=slots, intent="affirm", text="ik heb wel hulp nodig, maar dan bel ik zelf wel"))
    assert responses(dispatcher) == [c.UTTER_ZELF_BELLEN, c.UTTER_ZELF_DOORGEVEN]
    assert events == [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "zelf")] and inbox.uitkomsten == []
    # "Ja" passes it on: the contact questions
    dispatcher, events = await run(ActionVoorzieningenAntwoord(), make_tracker(
        slots={**slots, c.SLOT_VOORZIENINGEN_VRAAG: "zelf"}, intent="affirm", text="/affirm"))
    assert responses(dispatcher) == [c.UTTER_CONTACT_INTRO]
    assert events == [SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None), SlotSet(c.SLOT_WIL_CONTACT, True)]
    # "Nee, ik bel zelf": no consent to pass it on; nothing kept (toestemming=false wipes the store), counted
    dispatcher, events = await run(ActionVoorzieningenAntwoord(), make_tracker(
        slots={**slots, c.SLOT_VOORZIENINGEN_VRAAG: "zelf"}, intent="deny", text="nee hoor, ik bel zelf"))
    assert responses(dispatcher) == [c.UTTER_GEEN_TOESTEMMING, c.UTTER_GEEN_TOESTEMMING_TELLING,
                                     c.UTTER_ASK_TEVREDENHEID]
    assert SlotSet(c.SLOT_TOESTEMMING, False) in events and SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None) in events
    assert [u["uitkomst"] for u in inbox.uitkomsten] == [c.UITKOMST_GEEN_TOESTEMMING]


async def test_a_doubt_or_a_question_is_no_yes_whatever_the_intent():
    slots = {c.SLOT_VOORZIENINGEN_VRAAG: "helpt", c.SLOT_ONDERWERPEN: ["vervoer"]}
    dispatcher, events = await run(ActionVoorzieningenAntwoord(),
                                   make_tracker(slots=slots, intent="affirm", text="hmm misschien, wat houdt dat in?"))
    assert responses(dispatcher) == [c.UTTER_HELPT_DIT]
    assert events == [SlotSet(c.SLOT_VOORZIENINGEN_POGINGEN, 1.0), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "helpt")]


async def test_an_answer_that_says_neither_is_asked_once_more_then_a_person_helps():
    slots = {c.SLOT_VOORZIENINGEN_VRAAG: "helpt", c.SLOT_ONDERWERPEN: ["vervoer"]}
    dispatcher, events = await run(ActionVoorzieningenAntwoord(),
                                   make_tracker(slots=slots, intent="nlu_fallback", text="hmm tja"))
    assert responses(dispatcher) == [c.UTTER_HELPT_DIT]  # the response carries its Ja / Nee buttons
    assert events == [SlotSet(c.SLOT_VOORZIENINGEN_POGINGEN, 1.0), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, "helpt")]
    dispatcher, events = await run(ActionVoorzieningenAntwoord(),
                                   make_tracker(slots={**slots, c.SLOT_VOORZIENINGEN_POGINGEN: 1.0},
                                                intent="nlu_fallback", text="weet niet goed"))
    assert responses(dispatcher) == [c.UTTER_CONTACT_INTRO]  # never the same question a third time
    assert events == [SlotSet(c.SLOT_VOORZIENINGEN_POGINGEN, 0.0), SlotSet(c.SLOT_VOORZIENINGEN_VRAAG, None),
                      SlotSet(c.SLOT_WIL_CONTACT, True)]


ROUTED = {c.SLOT_ONDERWERPEN: ["huishoudelijke_hulp"], c.SLOT_KERN: "Neede", c.SLOT_NAAM: "Jan Jansen",
          c.SLOT_TELEFOON: "06-****5678", c.SLOT_EMAIL: c.EMAIL_GEEN, c.SLOT_VOORKEUR: "ochtend",
          c.SLOT_TOESTEMMING: True, c.SLOT_VRAAG_TEKST: "ik kan niet meer schoonmaken"}


async def test_summary_reads_back_own_words_and_label():
    dispatcher = voorgelezen(make_tracker(slots=ROUTED))
    vraag, message = dispatcher.messages  # two bubbles: the question, then who we call (the question follows)
    assert vraag["response"] == c.UTTER_SAMENVATTING_VRAAG
    assert vraag["vraag"] == "ik kan niet meer schoonmaken" and "Wmo" in vraag["label"]
    assert message["response"] == c.UTTER_SAMENVATTING
    assert message["telefoon"] == "06-****5678" and message["voorkeur"] == "het liefst 's ochtends"


@pytest.mark.parametrize("slots, zin", [
    ({c.SLOT_VOORKEUR: "maakt niet uit"}, "op een werkdag"),  # no preference: said plainly, not "het liefst maakt…"
    ({c.SLOT_VOORKEUR: None, c.SLOT_ONDERWERPEN: ["veiligheid"], c.SLOT_URGENTIE: "spoed"}, "zo snel mogelijk"),
])
async def test_the_read_back_says_when_we_call_in_plain_words(slots, zin):
    dispatcher = voorgelezen(make_tracker(slots={**ROUTED, **slots}))
    assert dispatcher.messages[-1]["voorkeur"] == zin


async def test_routed_aanmelding_gets_the_referentie_when_the_inbox_answers(inbox):
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    tracker = make_tracker(slots=ROUTED)
    dispatcher, events = await run(ActionAanmeldingVersturen(), tracker)
    key = idempotency_key(tracker)
    assert events == [SlotSet(c.SLOT_KENMERK, kenmerk(key)), SlotSet(c.SLOT_WIL_CONTACT, False),
                      *tevredenheid_gevraagd(events, "aanmelding")]
    verwachting = [m["tekst"] for m in dispatcher.messages if m["response"] == c.UTTER_VERWACHTING]
    # only now, with the aanmelding sent: who, when, what, how long and the rights, then the satisfaction question
    assert responses(dispatcher) == [c.UTTER_AANMELDING_REFERENTIE, *[c.UTTER_VERWACHTING] * len(verwachting),
                                     c.UTTER_ASK_TEVREDENHEID]
    assert dispatcher.messages[0]["referentie"] == "VMK-2026-000001"
    assert verwachting[0] == "Een medewerker van Voormekaar die in Neede werkt, neemt contact met u op."
    assert verwachting[1].startswith("U hoort uiterlijk ") or verwachting[1].startswith("U hoort vandaag nog")
    assert any("telt als melding" in b for b in verwachting) and any("persoonlijk plan" in b for b in verwachting)
    assert all(len(b.split()) <= 40 for b in verwachting)
    body = inbox.created[key]["body"]
    assert body["contact"] == {"naam": "Jan Jansen", "telefoon": "+31612345678", "email": None, "voorkeur": "ochtend"}
    assert body["team_advies"] == "frontteam_neede" and body["wet"] == "wmo"
    assert services.drafts().get_all("gesprek-1") == {}  # personal data left the draft store
    await run(ActionAanmeldingVersturen(), tracker)  # a second 'ja'
    assert len(inbox.created) == 1


async def test_inbox_down_is_told_honestly_with_kenmerk_and_delivered_later(inbox):
    inbox.down = True
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    tracker = make_tracker(slots=ROUTED)
    dispatcher, _ = await run(ActionAanmeldingVersturen(), tracker)
    assert dispatcher.messages[0]["response"] == c.UTTER_AANMELDING_ONTVANGEN
    assert dispatcher.messages[0]["kenmerk"].startswith("VMK-K-")
    assert dispatcher.messages[1]["response"] == c.UTTER_VERWACHTING  # routing computes the same contact norm
    inbox.down = False
    key = idempotency_key(tracker)
    await services.outbox().deliver(key)
    assert list(inbox.created) == [key]


async def test_human_route_and_callback_without_onderwerp_asks_what_it_is_about():
    dispatcher, events = await run(ActionMensSpreken(), make_tracker(intent="mens_spreken"))
    assert responses(dispatcher) == [c.UTTER_MENS_SPREKEN] and events == [ActiveLoop(None)]
    dispatcher, events = await run(ActionTerugbelverzoek(), make_tracker(intent="affirm"))
    assert responses(dispatcher) == [c.UTTER_TERUGBEL_ONDERWERP]
    assert events == [SlotSet(c.SLOT_TERUGBELVERZOEK, True)]


async def test_callback_with_known_onderwerp_opens_the_form():
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["vervoer"]}, intent="affirm")
    _, events = await run(ActionTerugbelverzoek(), tracker)
    assert events == [SlotSet(c.SLOT_TERUGBELVERZOEK, True), SlotSet(c.SLOT_WIL_CONTACT, True)]


async def test_out_of_scope_points_to_the_gemeente_and_is_counted(inbox):
    dispatcher, events = await run(ActionBuitenSociaalDomein(), make_tracker(intent="vraag_buiten_sociaal_domein"))
    assert responses(dispatcher) == [c.UTTER_BUITEN_SOCIAAL_DOMEIN, c.UTTER_BUITEN_SOCIAAL_DOMEIN_GEMEENTE,
                                     c.UTTER_ASK_TEVREDENHEID]
    assert events == tevredenheid_gevraagd(events, c.UITKOMST_BUITEN)
    assert inbox.uitkomsten[0]["uitkomst"] == c.UITKOMST_BUITEN


async def test_restart_forgets_everything():
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    dispatcher, events = await run(ActionOpnieuwBeginnen(), make_tracker(intent="opnieuw_beginnen",
                                                                          active_loop=c.FORM_CONTACT))
    assert responses(dispatcher) == [c.UTTER_OPNIEUW, c.UTTER_VRAAG_START]
    assert events == [ActiveLoop(None), SlotSet(c.SLOT_REQUESTED, None), SlotSet(c.SLOT_WIL_CONTACT, False),
                      {"event": "reset_slots", "timestamp": None}]
    assert services.drafts().get_all("gesprek-1") == {}


@pytest.mark.parametrize("eerder, expected", [(0, c.UTTER_NIET_BEGREPEN), (1, c.UTTER_NIET_BEGREPEN_MENS)])
async def test_second_misunderstanding_offers_the_human_route(eerder, expected):
    tracker = make_tracker(slots={c.SLOT_MISVERSTANDEN: float(eerder)}, intent="nlu_fallback", text="asdf",
                           ranking=[("nlu_fallback", 0.9), ("greet", 0.05)])
    dispatcher, events = await run(ActionNietBegrepen(), tracker)
    assert responses(dispatcher) == [expected]
    assert events == [SlotSet(c.SLOT_MISVERSTANDEN, float(eerder + 1))]


def _na(response: str) -> list[dict]:
    return [{"event": "bot", "text": "…", "timestamp": 1000.5, "metadata": {"utter_action": response}}]


async def test_yes_to_the_callback_with_a_known_question_starts_the_contact_form(inbox):
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["mantelzorg"]}, events=_na(c.UTTER_NIET_BEGREPEN_MENS))
    dispatcher, events = await run(ActionNietBegrepen(), tracker)
    assert responses(dispatcher) == [c.UTTER_CONTACT_INTRO]
    assert SlotSet(c.SLOT_WIL_CONTACT, True) in events and events[-1]["name"] == c.FORM_CONTACT


@pytest.mark.parametrize("vraag, intent, gezegd, followup", [
    # "Nee, ik bel zelf" / "Ja, bel mij terug" to the human route: answered, never the same offer again (gt3-11);
    # without a known question the next message names it
    (c.UTTER_NIET_BEGREPEN_MENS, "deny", [c.UTTER_MENS_ZELF_BELLEN, c.UTTER_ASK_TEVREDENHEID], None),
    (c.UTTER_NIET_BEGREPEN_MENS, "affirm", [c.UTTER_TERUGBEL_ONDERWERP], None),
    # "Kan ik u nog ergens anders mee helpen?" after the crisis numbers: nee ends, ja asks what about
    (c.UTTER_CRISIS_GEEN_CONTACT, "deny", [c.UTTER_AFSCHEID], None),
    (c.UTTER_CRISIS_GEEN_CONTACT, "affirm", [c.UTTER_VRAAG_SITUATIE], None),
])
async def test_a_loose_ja_or_nee_answers_the_question_it_follows(vraag, intent, gezegd, followup):
    tracker = make_tracker(intent=intent, text="nee" if intent == "deny" else "ja", events=_na(vraag))
    dispatcher, events = await run(ActionNietBegrepen(), tracker)
    assert responses(dispatcher) == gezegd
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ([followup] if followup else [])


@pytest.mark.parametrize("tekst, intent, gezegd", [
    # "Kan ik u nog ergens anders mee helpen?" after the crisis numbers, answered in words the NLU does not place
    ("Oké, dank je.", "nlu_fallback", [c.UTTER_AFSCHEID]),
    ("nee hoor, dat was het", "inform", [c.UTTER_AFSCHEID]),
    ("ja graag", "nlu_fallback", [c.UTTER_NIET_BEGREPEN]),  # not a goodbye: the usual way when not understood
])
async def test_thanks_after_the_crisis_numbers_ends_the_conversation(tekst, intent, gezegd):
    tracker = make_tracker(intent=intent, text=tekst, events=_na(c.UTTER_CRISIS_GEEN_CONTACT))
    dispatcher, _ = await run(ActionNietBegrepen(), tracker)
    assert responses(dispatcher) == gezegd


async def test_fallback_with_likely_onderwerpen_asks_which_one():
    tracker = make_tracker(intent="nlu_fallback", text="moeilijk", confidence=0.8,
                           ranking=[("nlu_fallback", 0.8), ("vraag_mantelzorg", 0.35), ("vraag_jeugdhulp", 0.3)])
    dispatcher, events = await run(ActionNietBegrepen(), tracker)
    assert responses(dispatcher) == [c.UTTER_VERDUIDELIJKING]
    assert events == [SlotSet(c.SLOT_VERDUIDELIJKT, True)]


async def test_by_phone_yes_uses_the_callers_own_number():
    from bot.actions.contact import ValidateContactForm

    tracker = make_tracker(intent="affirm", text="ja", channel=c.VOICE_CHANNEL,
                           metadata={"pii": {"beller": "+31612349876", "beller_laatste_cijfers": "9876"}})
    dispatcher = CollectingDispatcher()
    result = ValidateContactForm().validate_telefoon("ja", dispatcher, tracker, {})
    assert result == {c.SLOT_TELEFOON: "06-****9876"}
    assert services.drafts().get_all("gesprek-1") == {"telefoon": "+31612349876"}


@pytest.mark.parametrize("text, pii, slot, draft", [
    ("[telefoon]", {"telefoon": ["06 12345678"]}, "06-****5678", {"telefoon": "+31612345678"}),
    ("0545 123456", {}, "05-****3456", {"telefoon": "+31545123456"}),
    ("12345", {}, None, {}),
    ("+44 20 7946 0958 9", {}, None, {}),
])
async def test_phone_comes_from_metadata_and_only_a_masked_display_goes_into_the_slot(text, pii, slot, draft):
    from bot.actions.contact import ValidateContactForm

    tracker = make_tracker(intent="inform", text=text, metadata={"pii": pii})
    dispatcher = CollectingDispatcher()
    assert ValidateContactForm().validate_telefoon(text, dispatcher, tracker, {}) == {c.SLOT_TELEFOON: slot}
    assert services.drafts().get_all("gesprek-1") == draft
    assert responses(dispatcher) == []  # a wrong number is repaired by the form's base class (herstel.py)


async def test_no_consent_in_the_form_deletes_the_draft():
    from bot.actions.contact import ValidateContactForm

    services.drafts().put("gesprek-1", "email", "a@b.nl")
    result = ValidateContactForm().validate_toestemming(False, CollectingDispatcher(), make_tracker(intent="deny"), {})
    assert result == {c.SLOT_TOESTEMMING: False} and services.drafts().get_all("gesprek-1") == {}


@pytest.mark.parametrize("melder, onderwerpen, slots", [
    ("inwoner", ["begeleiding_dagbesteding"], ["kern"]),
    ("naaste", ["begeleiding_dagbesteding"], ["leeftijd", "kern"]),
    ("professional", ["jeugdhulp"], ["leeftijd", "kern"]),
    ("naaste", ["inkomen_bijstand"], ["kern"]),
])
async def test_age_is_asked_only_when_it_decides_the_law(melder, onderwerpen, slots):
    from bot.actions.details import ValidateDetailsForm

    tracker = make_tracker(slots={c.SLOT_MELDER: melder, c.SLOT_ONDERWERPEN: onderwerpen})
    assert await ValidateDetailsForm().required_slots([], CollectingDispatcher(), tracker, {}) == slots


@pytest.mark.parametrize("text, eerder, intent, result", [
    ("Neede", None, "inform",
     {c.SLOT_KERN: "Neede", c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: False, c.SLOT_BUITEN_PLAATS: None}),
    ("7271", None, "inform",
     {c.SLOT_KERN: "Borculo", c.SLOT_POSTCODE: "7271", c.SLOT_BUITEN_BERKELLAND: False, c.SLOT_BUITEN_PLAATS: None}),
    ("Atlantis", None, "inform", {c.SLOT_KERN: None, c.SLOT_BUITEN_PLAATS: None}),
    # outside Berkelland the first time: asked back ("Woont u daar?"), nothing said yet
    ("7500", None, "inform", {c.SLOT_KERN: None, c.SLOT_POSTCODE: "7500", c.SLOT_BUITEN_PLAATS: "BUITEN"}),
    # then "ja", the button, or a place outside again: the referral; a kern in Berkelland: that kern
    ("ja", "Postcode 7500 ligt niet in de gemeente Berkelland.", "affirm",
     {c.SLOT_KERN: "buiten Berkelland", c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: True,
      c.SLOT_BUITEN_PLAATS: None}),
    ("buiten Berkelland", "Postcode 7500 ligt niet in de gemeente Berkelland.", "inform",
     {c.SLOT_KERN: "buiten Berkelland", c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: True,
      c.SLOT_BUITEN_PLAATS: None}),
    ("Haaksbergen", "Postcode 7500 ligt niet in de gemeente Berkelland.", "inform",
     {c.SLOT_KERN: "buiten Berkelland", c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: True,
      c.SLOT_BUITEN_PLAATS: None}),
    ("nee mijn moeder woont in Borculo", "Lochem ligt niet in de gemeente Berkelland.", "deny",
     {c.SLOT_KERN: "Borculo", c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: False, c.SLOT_BUITEN_PLAATS: None}),
])
async def test_kern_or_postcode_and_outside_berkelland_is_checked_then_said_kindly(text, eerder, intent, result):
    from bot.actions.details import ValidateDetailsForm

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots={c.SLOT_BUITEN_PLAATS: eerder}, intent=intent, text=text)
    got = ValidateDetailsForm().validate_kern(text, dispatcher, tracker, {})
    if result.get(c.SLOT_BUITEN_PLAATS) == "BUITEN":
        assert got.pop(c.SLOT_BUITEN_PLAATS).startswith("Postcode 7500 ligt niet in de gemeente Berkelland")
        result = {k: v for k, v in result.items() if k != c.SLOT_BUITEN_PLAATS}
    assert got == result
    assert responses(dispatcher) == ([c.UTTER_BUITEN_BERKELLAND] if got[c.SLOT_KERN] == "buiten Berkelland" else [])


async def test_after_a_place_outside_berkelland_the_question_asks_whether_they_live_there():
    from bot.actions.details import ActionAskKern

    slots = {c.SLOT_HERSTEL_VRAAG: c.SLOT_KERN, c.SLOT_BUITEN_PLAATS:
             "Lochem ligt niet in de gemeente Berkelland, maar in de gemeente Lochem. Bel 14 0573 of kijk op lochem.nl."}
    dispatcher, _ = await run(ActionAskKern(), make_tracker(slots=slots))
    message = dispatcher.messages[-1]
    assert message["response"] == c.UTTER_ASK_KERN_BUITEN
    assert message["zin"] == "Lochem ligt niet in de gemeente Berkelland, maar in de gemeente Lochem."
    assert [b["title"] for b in message["buttons"]][0] == "Ja, dat klopt"
    assert "Weet ik niet" in [b["title"] for b in message["buttons"]]


PARTNER = {**ROUTED, c.SLOT_MELDER: "professional", c.SLOT_ONDERWERPEN: ["jeugdhulp"], c.SLOT_LEEFTIJD: "jonger dan 18",
           c.SLOT_PARTNER_SOORT: "signaal", c.SLOT_ORGANISATIE: "Basisschool De Esch", c.SLOT_FUNCTIE: "intern begeleider",
           c.SLOT_INWONER_AKKOORD: True}


async def test_professional_is_asked_what_a_partner_gives():
    from bot.actions.contact import ValidateContactForm

    tracker = make_tracker(slots={c.SLOT_MELDER: "professional"})
    assert await ValidateContactForm().required_slots([], CollectingDispatcher(), tracker, {}) == [
        c.SLOT_PARTNER_SOORT, c.SLOT_ORGANISATIE, c.SLOT_FUNCTIE, c.SLOT_NAAM, c.SLOT_TELEFOON,
        c.SLOT_INWONER_AKKOORD, c.SLOT_TOESTEMMING]  # on the web when to call is asked with the number


async def test_without_the_inwoners_agreement_only_anonymous_overleg():
    from bot.actions.contact import ValidateContactForm

    dispatcher = CollectingDispatcher()
    result = ValidateContactForm().validate_inwoner_akkoord(False, dispatcher, make_tracker(intent="deny"), {})
    assert result == {c.SLOT_INWONER_AKKOORD: False, c.SLOT_PARTNER_SOORT: "overleg"}
    assert responses(dispatcher) == [c.UTTER_ALLEEN_ANONIEM_OVERLEG]


@pytest.mark.parametrize("text, code", [("signaal", "signaal"), ("een verzoek om ondersteuning", "ondersteuningsvraag"),
                                        ("overleg", "overleg"), ("weet niet", None)])
async def test_partner_soort(text, code):
    from bot.actions.partner import soort

    assert soort(text) == code


async def test_partner_aanmelding_carries_professional_and_terugkoppeling(inbox):
    services.drafts().put("gesprek-1", "telefoon", "+31544123456")
    tracker = make_tracker(slots=PARTNER)
    await run(ActionAanmeldingVersturen(), tracker)
    body = inbox.created[idempotency_key(tracker)]["body"]
    assert body["melder"] == "professional" and body["wet"] == "jeugdwet"
    assert body["professional"] == {"organisatie": "Basisschool De Esch", "functie": "intern begeleider",
                                    "telefoon": "+31544123456", "email": None}
    assert body["partner"] == {"soort": "signaal", "inwoner_akkoord": True, "terugkoppeling_gewenst": True}


async def test_professional_in_danger_hears_the_meldcode_after_the_crisis_numbers():
    tracker = make_tracker(slots={c.SLOT_MELDER: "professional"}, intent="vraag_veiligheid", text="kind wordt geslagen",
                           safety={"categorie": "kindermishandeling", "matched": "geslagen", "bron": "woorden"})
    dispatcher, _ = await run(ActionVeiligheid(), tracker)
    assert responses(dispatcher) == [c.UTTER_CRISIS, c.UTTER_CRISIS_113, c.UTTER_CRISIS_VEILIG_THUIS, c.UTTER_MELDCODE,
                                     c.UTTER_CRISIS_AANBOD]


async def test_unknown_vraag_payload_takes_the_likeliest_onderwerp_or_asks_again():
    tracker = make_tracker(intent="vraag_bestaat_niet", text="/vraag_bestaat_niet", confidence=1.0,
                           ranking=[("vraag_bestaat_niet", 1.0)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert responses(dispatcher) == [c.UTTER_NIET_BEGREPEN] and events == []


async def test_kern_and_age_named_in_the_story_are_not_asked_again():
    tracker = make_tracker(intent="vraag_jeugdhulp", text="mijn zoon van 15 in Eibergen", confidence=0.9,
                           entities=[{"entity": "leeftijd", "value": "15"}, {"entity": "kern", "value": "Eibergen"}])
    _, events = await run(ActionVerwerkVraag(), tracker)
    assert SlotSet(c.SLOT_LEEFTIJD, "15") in events
    assert SlotSet(c.SLOT_KERN, "Eibergen") in events and SlotSet(c.SLOT_POSTCODE, None) in events


async def test_understanding_again_resets_the_misunderstanding_count():
    tracker = make_tracker(slots={c.SLOT_MISVERSTANDEN: 2.0}, intent="vraag_vervoer", text="regiotaxi", confidence=0.9)
    _, events = await run(ActionVerwerkVraag(), tracker)
    assert SlotSet(c.SLOT_MISVERSTANDEN, 0.0) in events


async def test_email_from_metadata_wins_even_when_the_placeholder_looked_like_no():
    from bot.actions.contact import ValidateContactForm

    tracker = make_tracker(intent="deny", text="[e-mailadres]", metadata={"pii": {"email": ["anja@huisarts.nl"]}})
    result = ValidateContactForm().validate_email(c.EMAIL_GEEN, CollectingDispatcher(), tracker, {})
    assert result == {c.SLOT_EMAIL: "a***@huisarts.nl"}
    assert services.drafts().get_all("gesprek-1") == {"email": "anja@huisarts.nl"}


async def test_after_danger_the_aanmelding_is_spoed_and_the_call_is_today(inbox):
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    slots = {**ROUTED, c.SLOT_ONDERWERPEN: ["veiligheid", "geldzaken_schulden"], c.SLOT_URGENTIE: "spoed",
             c.SLOT_VRAAG_TEKST: "ik heb schulden / ik wil er niet meer zijn"}
    tracker = make_tracker(slots=slots)
    dispatcher, _ = await run(ActionAanmeldingVersturen(), tracker)
    assert inbox.created[idempotency_key(tracker)]["body"]["urgentie"] == "spoed"
    deadline = datetime.fromisoformat(inbox.created[idempotency_key(tracker)]["response"]["verwacht_contact_voor"])
    tekst = next(m["tekst"] for m in dispatcher.messages if str(m.get("tekst", "")).startswith("Wij bellen u"))
    if deadline.date() == datetime.now(deadline.tzinfo).date():  # a werkdag before 16.00: today
        assert tekst.startswith("Wij bellen u vandaag nog, voor 17.00 uur.")
    else:  # evening, weekend, holiday: the next werkdag, never "vandaag"
        assert "vandaag" not in tekst and "uiterlijk" in tekst


async def test_the_promised_day_is_the_one_the_inbox_gave(inbox):
    inbox.contact_voor = datetime(2031, 3, 12, 16, 0, tzinfo=timezone.utc)  # a Wednesday, in UTC like the inbox
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    dispatcher, _ = await run(ActionAanmeldingVersturen(), make_tracker(slots=ROUTED))
    teksten = [m.get("tekst") for m in dispatcher.messages]
    assert "U hoort uiterlijk woensdag 12 maart van ons.\n(beleid Berkelland)" in teksten


@pytest.mark.parametrize("melder,moet,niet", [
    ("naaste", ["de persoon voor wie u hulp vraagt"], ["bij u thuis", "wat Voormekaar met uw vraag doet"]),
    ("professional", ["wat Voormekaar met uw vraag doet", "mailen"], ["bij u thuis", "persoonlijk plan"]),
])
async def test_after_the_aanmelding_each_melder_hears_their_own_text(inbox, melder, moet, niet):
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    dispatcher, _ = await run(ActionAanmeldingVersturen(), make_tracker(slots={**ROUTED, c.SLOT_MELDER: melder}))
    tekst = " ".join(m.get("tekst", "") for m in dispatcher.messages)
    assert all(deel in tekst for deel in moet), tekst
    assert not any(deel in tekst for deel in niet), tekst


async def test_a_refused_aanmelding_promises_nothing_and_says_how_to_call(inbox):
    from bot.actions import aanmelding

    inbox.weigert = True
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    tracker = make_tracker(slots={**ROUTED, c.SLOT_ONDERWERPEN: ["veiligheid"], c.SLOT_URGENTIE: "spoed"})
    dispatcher, _ = await run(ActionAanmeldingVersturen(), tracker)
    assert services.outbox().get(idempotency_key(tracker)).status == "dead"
    teksten = [m.get("text") for m in dispatcher.messages if m.get("text")]
    assert teksten == [aanmelding.NIET_AFGELEVERD, aanmelding.SPOED_BELLEN,
                       aanmelding.NIET_AFGELEVERD_BELLEN.format(kenmerk=kenmerk(idempotency_key(tracker)))]
    assert responses(dispatcher)[-1] == c.UTTER_ASK_TEVREDENHEID and c.UTTER_VERWACHTING not in responses(dispatcher)


@pytest.mark.parametrize("text,melder,team", [
    # the classifier saw danger, the word list named no categorie ('crisis'): the situation decides the team
    ("Bij de buren hoor ik elke avond geschreeuw en harde klappen. Er wonen drie kleine kinderen.", "naaste",
     "extern_veilig_thuis"),
    ("Ik ben leerkracht en een leerling van mij heeft steeds blauwe plekken.", "professional", "extern_veilig_thuis"),
    ("Ik heb gedachten om mezelf van het leven te beroven.", "inwoner", "toegang"),
], ids=["neighbour_violence_with_children", "teacher_sees_bruises", "suicidal_thoughts"])
async def test_spoed_aanmelding_carries_the_team_the_policy_gives(inbox, text, melder, team):
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    danger = make_tracker(slots={c.SLOT_MELDER: melder}, intent="vraag_veiligheid", text=text,
                          safety={"categorie": "crisis", "matched": "classifier 0.81", "bron": "classifier"})
    _, events = await run(ActionVeiligheid(), danger)
    slots = {**ROUTED, c.SLOT_MELDER: melder, c.SLOT_ONDERWERPEN: None, c.SLOT_VRAAG_TEKST: None}
    slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
    tracker = make_tracker(slots=slots)
    await run(ActionAanmeldingVersturen(), tracker)
    body = inbox.created[idempotency_key(tracker)]["body"]
    assert (body["urgentie"], body["onderwerpen"][0], body["team_advies"]) == ("spoed", "veiligheid", team)
