"""Confirm and correct the first guess in the same turn; correct one part of the read-back."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions import services, validators
from bot.actions.aanmelding import ActionAanmeldingVersturen
from bot.actions.correctie import ActionCorrectieStart, ActionWelkDeel, ValidateCorrectieForm
from bot.actions.vraag import ActionVerwerkVraag
from tests.actions.conftest import make_tracker, responses, run, voorgelezen

DOUCHEN = "ik kan niet meer douchen"
RANKING = [("vraag_huishoudelijke_hulp", 0.9), ("vraag_hulpmiddelen", 0.05), ("vraag_woningaanpassing", 0.03)]
# The state after "Ik begrijp dat uw vraag gaat over: hulp in het huishouden. Klopt dat?"
GEVRAAGD = {c.SLOT_ONDERWERPEN: ["huishoudelijke_hulp"], c.SLOT_VRAAG_TEKST: DOUCHEN, c.SLOT_BEVESTIGING: True,
            c.SLOT_ONDERWERP_GOK: ["huishoudelijke_hulp"]}


async def test_the_first_guess_is_said_in_plain_words_with_the_likeliest_alternatives():
    tracker = make_tracker(intent="vraag_huishoudelijke_hulp", text=DOUCHEN, confidence=0.9, ranking=RANKING)
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert responses(dispatcher) == [c.UTTER_KLOPT_DAT]
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == ["Ja, dat klopt", routing.onderwerp_label("hulpmiddelen"), routing.onderwerp_label("woningaanpassing"),
                      "Iets anders, ik typ het opnieuw"]
    assert SlotSet(c.SLOT_ONDERWERP_GOK, ["huishoudelijke_hulp"]) in events


async def test_by_phone_the_last_choice_is_said_not_typed():
    tracker = make_tracker(intent="vraag_huishoudelijke_hulp", text=DOUCHEN, confidence=0.9, ranking=RANKING,
                           channel=c.VOICE_CHANNEL)
    dispatcher, _ = await run(ActionVerwerkVraag(), tracker)
    assert dispatcher.messages[0]["buttons"][-1]["title"] == "Iets anders, ik zeg het opnieuw"


@pytest.mark.parametrize("intent, text", [("affirm", "/affirm"), ("affirm", "ja dat klopt"), ("nlu_fallback", "klopt")])
async def test_ja_dat_klopt_goes_straight_on_without_another_question(intent, text):
    dispatcher, events = await run(ActionVerwerkVraag(), make_tracker(slots=GEVRAAGD, intent=intent, text=text))
    assert events == [SlotSet(c.SLOT_BEVESTIGING, False), SlotSet(c.SLOT_VRAAG_COMPLEET, True)]
    assert dispatcher.messages == []  # the details form asks the next question in this turn


@pytest.mark.parametrize("gok, text, intent, bevestigd", [
    # yes in so many words, with more said: the model heard another onderwerp in the extra words (gw2-13)
    ("jeugdhulp", "Ja, zorgen over gedrag, dat klopt. Het is geen schoolverzuim, hij komt gewoon elke dag.",
     "vraag_leerplicht", True),
    ("huishoudelijke_hulp", "ja inderdaad, ze redt het niet meer alleen", "vraag_mantelzorg", True),
    ("begeleiding_dagbesteding", "joa zoiets ik denk dat hij aan het dementeren is", "vraag_jeugdhulp", True),
    # no "klopt": the words pick an alternative; "klopt niet" is no yes; words naming an onderwerp change it
    ("huishoudelijke_hulp", "ja een aanvraag die al loopt", "vraag_lopende_aanvraag", False),
    ("huishoudelijke_hulp", "ja, maar dat klopt niet helemaal, het gaat om een douchestoel", "vraag_hulpmiddelen",
     False),
    ("huishoudelijke_hulp", "ja dat klopt, en we hebben ook schulden", "vraag_geldzaken_schulden", False),
])
async def test_yes_with_more_words_confirms_the_guess(gok, text, intent, bevestigd):
    slots = {**GEVRAAGD, c.SLOT_ONDERWERPEN: [gok], c.SLOT_ONDERWERP_GOK: [gok]}
    tracker = make_tracker(slots=slots, intent=intent, text=text, confidence=0.9, ranking=[(intent, 0.9)])
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert (SlotSet(c.SLOT_VRAAG_COMPLEET, True) in events and not any(
        e.get("name") in (c.SLOT_ONDERWERP_CORRECTIE, c.SLOT_ONDERWERPEN) for e in events)) == bevestigd
    if bevestigd:
        assert dispatcher.messages == [] and SlotSet(c.SLOT_VRAAG_TEKST, f"{DOUCHEN} / {text}") in events


async def test_an_alternative_button_corrects_the_onderwerp_and_keeps_the_correction():
    tracker = make_tracker(slots=GEVRAAGD, intent="vraag_hulpmiddelen", text="/vraag_hulpmiddelen", confidence=1.0)
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert events == [SlotSet(c.SLOT_BEVESTIGING, False), SlotSet(c.SLOT_ONDERWERPEN, ["hulpmiddelen"]),
                      SlotSet(c.SLOT_VERDUIDELIJKT, False), SlotSet(c.SLOT_ONDERWERP_CORRECTIE, ["hulpmiddelen"]),
                      SlotSet(c.SLOT_VRAAG_COMPLEET, True)]
    assert responses(dispatcher) == [c.UTTER_ONDERWERP_BEGREPEN]


@pytest.mark.parametrize("intent, text", [("iets_anders", "/iets_anders"), ("deny", "nee")])
async def test_iets_anders_or_nee_asks_to_say_it_again_and_the_retyped_question_is_the_correction(intent, text):
    dispatcher, events = await run(ActionVerwerkVraag(), make_tracker(slots=GEVRAAGD, intent=intent, text=text))
    assert responses(dispatcher) == [c.UTTER_IETS_ANDERS]
    assert events == [SlotSet(c.SLOT_BEVESTIGING, False), SlotSet(c.SLOT_ONDERWERPEN, [])]
    na = {**GEVRAAGD, c.SLOT_BEVESTIGING: False, c.SLOT_ONDERWERPEN: []}
    opnieuw = make_tracker(slots=na, intent="vraag_hulpmiddelen", text="ik heb een douchestoel nodig",
                           confidence=0.9, ranking=[("vraag_hulpmiddelen", 0.9)])
    dispatcher, events = await run(ActionVerwerkVraag(), opnieuw)
    # not asked a second time: understood, kept as the correction, on to the next question
    assert responses(dispatcher) == [c.UTTER_ONDERWERP_BEGREPEN]
    correctie = [e["value"] for e in events if e.get("name") == c.SLOT_ONDERWERP_CORRECTIE]
    assert correctie and correctie[0][0] == "hulpmiddelen"
    assert events[-1] == SlotSet(c.SLOT_VRAAG_COMPLEET, True)


async def test_danger_is_never_asked_to_be_confirmed():
    tracker = make_tracker(intent="vraag_veiligheid", text="mijn man slaat me", confidence=1.0,
                           safety={"categorie": "huiselijk_geweld", "matched": "slaat me"})
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert c.UTTER_KLOPT_DAT not in responses(dispatcher)
    assert not [e for e in events if e.get("name") in (c.SLOT_BEVESTIGING, c.SLOT_ONDERWERP_GOK)]


ROUTED = {c.SLOT_ONDERWERPEN: ["hulpmiddelen"], c.SLOT_KERN: "Neede", c.SLOT_NAAM: "Jan Jansen",
          c.SLOT_TELEFOON: "06-****5678", c.SLOT_EMAIL: c.EMAIL_GEEN, c.SLOT_VOORKEUR: "ochtend",
          c.SLOT_TOESTEMMING: True, c.SLOT_VRAAG_TEKST: DOUCHEN,
          c.SLOT_ONDERWERP_GOK: ["huishoudelijke_hulp"], c.SLOT_ONDERWERP_CORRECTIE: ["hulpmiddelen"]}


async def test_the_aanmelding_records_the_first_guess_and_the_correction(inbox):
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    await run(ActionAanmeldingVersturen(), make_tracker(slots=ROUTED))
    body = next(iter(inbox.created.values()))["body"]
    assert (body["onderwerp_gok"], body["onderwerp_correctie"]) == (["huishoudelijke_hulp"], ["hulpmiddelen"])
    assert body["onderwerpen"][0] == "hulpmiddelen"


async def test_the_read_back_names_name_and_place_so_each_can_be_corrected():
    dispatcher = voorgelezen(make_tracker(slots=ROUTED))
    assert (dispatcher.messages[1]["naam"], dispatcher.messages[1]["kern"]) == ("Jan Jansen", "Neede")


# "Which part?" ends the question that led there; the contact form is done until the read-back is asked again.
WELK_DEEL_EVENTS = [SlotSet(c.SLOT_CORRECTIE_GEVRAAGD, False), SlotSet(c.SLOT_WIL_CONTACT, False)]


@pytest.mark.parametrize("slots, delen", [
    (ROUTED, ["naam", "kern", "telefoon", "voorkeur"]),
    ({**ROUTED, c.SLOT_VOORKEUR: None, c.SLOT_URGENTIE: "spoed"}, ["naam", "kern", "telefoon"]),  # spoed: no time
    # on the web the time is asked with the number: who named none may still change it
    ({**ROUTED, c.SLOT_VOORKEUR: None}, ["naam", "kern", "telefoon", "voorkeur"]),
])
async def test_nee_at_the_read_back_asks_which_part_is_wrong(slots, delen):
    dispatcher, events = await run(ActionWelkDeel(), make_tracker(slots=slots, intent="deny", text="nee"))
    assert responses(dispatcher) == [c.UTTER_WELK_DEEL] and events == WELK_DEEL_EVENTS
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    # a bare "nee" may have meant "keep nothing": that choice is offered too
    assert payloads == [f'/corrigeer{{"correctie_veld": "{d}"}}' for d in delen] + ["/geen_toestemming",
                                                                                     "/opnieuw_beginnen"]


async def test_an_answer_that_names_the_wrong_part_asks_that_part_again_at_once():
    # "Klopt dit?" answered in a sentence (the NLU may hear anything in it): no "welk deel?" buttons first.
    tracker = make_tracker(slots=ROUTED, intent="nlu_fallback", text="nee, het telefoonnummer klopt niet, eindigt op 12")
    dispatcher, events = await run(ActionWelkDeel(), tracker)
    assert responses(dispatcher) == []
    assert events[:2] == WELK_DEEL_EVENTS
    assert events[2] == SlotSet(c.SLOT_CORRECTIE_VELD, c.SLOT_TELEFOON) and events[3] == SlotSet(c.SLOT_TELEFOON, None)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": c.FORM_CORRECTIE}


@pytest.mark.parametrize("veld, leeg", [
    (c.SLOT_NAAM, [SlotSet(c.SLOT_NAAM, None)]),
    (c.SLOT_KERN, [SlotSet(c.SLOT_KERN, None), SlotSet(c.SLOT_POSTCODE, None), SlotSet(c.SLOT_BUITEN_BERKELLAND, None)]),
])
async def test_a_chosen_part_is_the_only_one_emptied_and_asked_again(veld, leeg):
    slots = {**ROUTED, c.SLOT_CORRECTIE_VELD: veld, c.SLOT_HERSTEL_POGINGEN: {veld: 1, c.SLOT_TELEFOON: 1}}
    tracker = make_tracker(slots=slots, intent="corrigeer", text=f'/corrigeer{{"correctie_veld": "{veld}"}}')
    _, events = await run(ActionCorrectieStart(), tracker)
    # emptied, and counted afresh for the repair; the other parts keep their values and counts
    assert events == leeg + [SlotSet(c.SLOT_HERSTEL_POGINGEN, {c.SLOT_TELEFOON: 1}), SlotSet(c.SLOT_HERSTEL_VRAAG, None)]
    na = {**slots, **{e["name"]: e["value"] for e in events}}
    form = ValidateCorrectieForm()
    assert await form.required_slots([], CollectingDispatcher(), make_tracker(slots=na), {}) == [veld]


async def test_the_corrected_place_is_validated_like_the_first_time():
    result = ValidateCorrectieForm().validate_kern("7271", CollectingDispatcher(), make_tracker(text="7271"), {})
    assert result == {c.SLOT_KERN: "Borculo", c.SLOT_POSTCODE: "7271", c.SLOT_BUITEN_BERKELLAND: False,
                      c.SLOT_BUITEN_PLAATS: None}


@pytest.mark.parametrize("tekst, pii, slot, getoond, opgeslagen", [
    # the new value in the correction itself: changed at once, then read back (no "which part?" first)
    ("nee het nummer klopt niet, het is [telefoonnummer]", {"telefoon": ["06 87 65 43 21"]}, c.SLOT_TELEFOON,
     "06-****4321", "+31687654321"),
    ("[telefoonnummer] moet het zijn", {"telefoon": ["0687654321"]}, c.SLOT_TELEFOON, "06-****4321", "+31687654321"),
    ("nee de mail klopt niet, het is [e-mailadres]", {"email": ["kim.harbers03@voorbeeld.nl"]}, c.SLOT_EMAIL,
     validators.mask_email("kim.harbers03@voorbeeld.nl"), "kim.harbers03@voorbeeld.nl"),
])
async def test_a_correction_that_holds_the_new_value_changes_it_at_once(tekst, pii, slot, getoond, opgeslagen):
    services.reset()
    tracker = make_tracker(slots=ROUTED, intent="nlu_fallback", text=tekst, metadata={"pii": pii})
    dispatcher, events = await run(ActionWelkDeel(), tracker)
    assert responses(dispatcher) == []
    # then the read-back and its question again (contact_form, opened again, asks only that)
    assert events == [*WELK_DEEL_EVENTS, SlotSet(slot, getoond),
                      {"event": "followup", "timestamp": None, "name": c.FORM_CONTACT}]
    assert services.drafts().get_all(tracker.sender_id)[slot] == opgeslagen


async def test_a_correction_of_a_part_with_an_unusable_value_asks_that_part_again():
    tracker = make_tracker(slots=ROUTED, intent="nlu_fallback", text="nee het nummer klopt niet, het is [telefoonnummer]",
                           metadata={"pii": {"telefoon": ["12345"]}})
    _, events = await run(ActionWelkDeel(), tracker)
    assert events[2] == SlotSet(c.SLOT_CORRECTIE_VELD, c.SLOT_TELEFOON)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": c.FORM_CORRECTIE}


async def test_a_given_email_address_is_read_back_and_can_be_corrected():
    slots = {**ROUTED, c.SLOT_EMAIL: "k***@voorbeeld.nl", c.SLOT_TOESTEMMING: True}
    dispatcher = voorgelezen(make_tracker(slots=slots))
    assert dispatcher.messages[-1]["email_tekst"] == " (e-mail: k***@voorbeeld.nl)"
    dispatcher, _ = await run(ActionWelkDeel(), make_tracker(slots=slots, intent="deny", text="nee"))
    assert "Mijn e-mailadres" in [b["title"] for b in dispatcher.messages[-1]["buttons"]]


async def test_nee_with_words_that_give_the_rejected_guess_again_offers_the_others():
    # "Nee, … vervoer of zo. Ik wil een parkeervergunning": the model hears vervoer again; not taken as the answer.
    tekst = "Nee, ik heb geen hulp nodig met douchen of zo. Ik wil gewoon een andere hulp."
    tracker = make_tracker(slots=GEVRAAGD, intent="vraag_huishoudelijke_hulp", text=tekst, confidence=0.9,
                           ranking=RANKING)
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert responses(dispatcher) == [c.UTTER_VERDUIDELIJKING]
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    # the others first; the rejected guess stays a choice (the "nee" may be about something else)
    assert titles == [routing.onderwerp_label("hulpmiddelen"), routing.onderwerp_label("woningaanpassing"),
                      routing.onderwerp_label("huishoudelijke_hulp"), "Iets anders"]
    assert SlotSet(c.SLOT_ONDERWERPEN, []) in events


@pytest.mark.parametrize("gok, tekst, intent, gemeend", [
    # a correction that names a new onderwerp while the model stuck to the guess
    (["leerplicht"], "Het verzuim regelt school al. Wij zoeken jeugdhulp voor de angst.", "vraag_leerplicht",
     ["jeugdhulp", "leerplicht"]),
    # a yes that narrows keeps the guess's order
    (["leerlingenvervoer", "vervoer"], "ja, vervoer naar school met een busje", "vraag_vervoer",
     ["leerlingenvervoer", "vervoer"]),
])
async def test_an_answer_to_klopt_dat_is_read_against_the_guess(gok, tekst, intent, gemeend):
    slots = {**GEVRAAGD, c.SLOT_ONDERWERPEN: list(gok), c.SLOT_ONDERWERP_GOK: list(gok)}
    ranking = [(intent, 0.8), *((f"vraag_{g}", 0.1) for g in gok if f"vraag_{g}" != intent)]
    tracker = make_tracker(slots=slots, intent=intent, text=tekst, confidence=0.8, ranking=ranking)
    dispatcher, events = await run(ActionVerwerkVraag(), tracker)
    assert SlotSet(c.SLOT_ONDERWERPEN, gemeend) in events and SlotSet(c.SLOT_VRAAG_COMPLEET, True) in events
    assert responses(dispatcher) == [c.UTTER_ONDERWERP_BEGREPEN]


@pytest.mark.parametrize("melder, tekst, verwacht", [
    # the first words said it was for someone else: an answer to "klopt dat?" does not undo that
    ("naaste", "ja een aanvraag die al loopt, ik wil weten hoe het ermee staat", None),
    # an answer that says more than the first words did
    ("inwoner", "ja, het gaat om mijn moeder, zij kan niet meer douchen", "naaste"),
])
async def test_an_answer_to_klopt_dat_keeps_who_is_asking(melder, tekst, verwacht):
    tracker = make_tracker(slots={**GEVRAAGD, c.SLOT_MELDER: melder}, intent="vraag_hulpmiddelen", text=tekst,
                           confidence=0.9, ranking=[("vraag_hulpmiddelen", 0.9)])
    _, events = await run(ActionVerwerkVraag(), tracker)
    gezet = [e["value"] for e in events if e.get("name") == c.SLOT_MELDER]
    assert gezet == ([verwacht] if verwacht else [])


# The age decides Wmo or Jeugdwet: read back when it was asked or named, and corrected like any other part (gw2-13).
async def test_the_read_back_names_the_age_when_it_is_known():
    dispatcher = voorgelezen(make_tracker(slots={**ROUTED, c.SLOT_LEEFTIJD: "9"}))
    assert dispatcher.messages[1]["leeftijd_tekst"] == ", leeftijd: 9"
    dispatcher = voorgelezen(make_tracker(slots=ROUTED))
    assert dispatcher.messages[1]["leeftijd_tekst"] == ""


async def test_a_corrected_age_in_the_answer_is_changed_at_once_then_read_back():
    tracker = make_tracker(slots={**ROUTED, c.SLOT_LEEFTIJD: "9"}, intent="deny",
                           text="Nee, de leeftijd klopt niet, ik haalde twee leerlingen door elkaar. Daan is 8 jaar.")
    dispatcher, events = await run(ActionWelkDeel(), tracker)
    assert responses(dispatcher) == [] and events[2] == SlotSet(c.SLOT_LEEFTIJD, "8")
    assert events[-1] == {"event": "followup", "timestamp": None, "name": c.FORM_CONTACT}


async def test_the_age_is_a_part_to_correct_only_when_it_is_known():
    dispatcher, _ = await run(ActionWelkDeel(), make_tracker(slots={**ROUTED, c.SLOT_LEEFTIJD: "9"}, intent="deny",
                                                             text="nee"))
    assert "De leeftijd" in [b["title"] for b in dispatcher.messages[0]["buttons"]]
    form = ValidateCorrectieForm()
    tracker = make_tracker(slots={**ROUTED, c.SLOT_LEEFTIJD: None, c.SLOT_CORRECTIE_VELD: c.SLOT_LEEFTIJD},
                           text="ze is tweeënzeventig")
    assert await form.required_slots([], CollectingDispatcher(), tracker, {}) == [c.SLOT_LEEFTIJD]
    assert form.validate_leeftijd("ze is tweeënzeventig", CollectingDispatcher(), tracker, {}) == {
        c.SLOT_LEEFTIJD: "72"}


@pytest.mark.parametrize("leeftijd, tekst, intent, verwacht", [
    ("19", "nee hij is negen niet negentien", "deny", "9"),  # no part named: a number said about the person
    ("87", "nee ik ben 77, zo oud ben ik nog niet", "deny", "77"),
    (None, "de leeftijd klopt niet, mijn zoon is 8", "inform", "8"),  # named, though no age was read back
    ("9", "nee hij is negen", "deny", "9"),  # the same age (misheard on the phone?): kept and read back again
    ("9", "nee het nummer eindigt op twaalf", "deny", None),  # the number is a phone number's part
    (None, "nee ik ben Gerda", "deny", None),  # no age was read back and none is named
])
async def test_an_age_in_the_correction_is_taken_at_once(leeftijd, tekst, intent, verwacht):
    tracker = make_tracker(slots={**ROUTED, c.SLOT_LEEFTIJD: leeftijd}, intent=intent, text=tekst)
    _, events = await run(ActionWelkDeel(), tracker)
    gezet = [e["value"] for e in events if e.get("name") == c.SLOT_LEEFTIJD]
    assert gezet == ([verwacht] if verwacht else [])
    if verwacht:
        assert events[-1] == {"event": "followup", "timestamp": None, "name": c.FORM_CONTACT}


async def test_told_again_after_iets_anders_and_still_unclear_offers_the_next_likeliest_once():
    """gt2-05: "iets anders" to the only onderwerp offered, the same story again, and still unsure: not 'niet
    begrepen' at once but the next likeliest onderwerpen, none offered before; a second time a person helps."""
    eerder = [{"event": "bot", "text": "…", "timestamp": 1000.2, "metadata": {"utter_action": c.UTTER_VERDUIDELIJKING},
               "data": {"buttons": [{"title": "hulpmiddelen", "payload": "/vraag_hulpmiddelen"},
                                    {"title": "Iets anders", "payload": "/iets_anders"}]}},
              {"event": "bot", "text": "…", "timestamp": 1000.4, "metadata": {"utter_action": c.UTTER_IETS_ANDERS}}]
    ranking = [("nlu_fallback", 0.7), ("vraag_hulpmiddelen", 0.45), ("vraag_woningaanpassing", 0.3),
               ("vraag_huishoudelijke_hulp", 0.15)]
    tracker = make_tracker(slots={c.SLOT_VERDUIDELIJKT: True}, intent="nlu_fallback", confidence=0.7,
                           ranking=ranking, text="het gaat om een mevrouw van ons, het lukt haar niet meer goed", events=eerder)
    dispatcher, _ = await run(ActionVerwerkVraag(), tracker)
    assert responses(dispatcher) == [c.UTTER_VERDUIDELIJKING]
    titels = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert routing.onderwerp_label("hulpmiddelen") not in titels and titels[-1] == "Iets anders"
    assert routing.onderwerp_label("woningaanpassing") in titels
    # the second time: no third "which one?"
    tweede = [*eerder[:1], {**eerder[0], "timestamp": 1000.3}, eerder[1]]
    tracker = make_tracker(slots={c.SLOT_VERDUIDELIJKT: True}, intent="nlu_fallback", confidence=0.7,
                           ranking=ranking, text="het gaat om een mevrouw van ons, het lukt haar niet meer goed", events=tweede)
    dispatcher, _ = await run(ActionVerwerkVraag(), tracker)
    assert c.UTTER_VERDUIDELIJKING not in responses(dispatcher)
