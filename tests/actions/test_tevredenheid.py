"""Satisfaction at the end of a conversation: the score is sent at once, the comment (web only) follows with the
same random sleutel, a skip loses nothing, and nothing that identifies the conversation leaves the action server."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions.tevredenheid import ActionTevredenheid, ActionTevredenheidKlaar, ValidateTevredenheidForm
from tests.actions.conftest import make_tracker, responses, run

SLEUTEL = "Ab3_d-Ef5gHi7jKl9mNo1pQr"
GEVRAAGD = {c.SLOT_TEVREDENHEID_UITKOMST: c.UITKOMST_VOORLIGGEND, c.SLOT_TEVREDENHEID_SLEUTEL: SLEUTEL,
            c.SLOT_ONDERWERPEN: ["mantelzorg", "vervoer"], c.SLOT_NAAM: "Jan Jansen", c.SLOT_KERN: "Neede"}


def _score(score: str, slots: dict | None = None, channel: str = "socketio"):
    return make_tracker(slots={**GEVRAAGD, **(slots or {})}, intent=c.INTENT_TEVREDENHEID,
                        text=f'/tevredenheid{{"tevredenheid_score": "{score}"}}', channel=channel,
                        entities=[{"entity": c.ENTITY_TEVREDENHEID_SCORE, "value": score}])


async def test_a_score_is_sent_at_once_with_codes_only(inbox):
    dispatcher, events = await run(ActionTevredenheid(), _score("4"))
    assert events == [SlotSet(c.SLOT_TEVREDENHEID_SCORE, "4")] and responses(dispatcher) == []
    assert inbox.tevredenheid == [{"sleutel": SLEUTEL, "score": 4, "uitkomst": c.UITKOMST_VOORLIGGEND,
                                   "kanaal": "web", "onderwerp": "mantelzorg"}]


@pytest.mark.parametrize("text, intent, score", [
    ("4", "inform", 4), ("heel tevreden", "nlu_fallback", 5), ("een drie", "inform", 3),
])
async def test_a_score_typed_instead_of_pressed_is_counted(inbox, text, intent, score):
    tracker = make_tracker(slots=GEVRAAGD, intent=intent, text=text, channel="socketio")
    dispatcher, events = await run(ActionTevredenheid(), tracker)
    assert events == [SlotSet(c.SLOT_TEVREDENHEID_SCORE, str(score))]
    assert [t["score"] for t in inbox.tevredenheid] == [score]


async def test_a_typed_answer_without_a_score_counts_nothing(inbox):
    tracker = make_tracker(slots=GEVRAAGD, intent="nlu_fallback", text="ik weet het niet zo", channel="socketio")
    _, events = await run(ActionTevredenheid(), tracker)
    assert events == [] and inbox.tevredenheid == []


@pytest.mark.parametrize("slots, score", [
    ({c.SLOT_TEVREDENHEID_SLEUTEL: None, c.SLOT_TEVREDENHEID_UITKOMST: None}, "4"),  # an old button, no question open
    ({c.SLOT_TEVREDENHEID_SCORE: "3"}, "5"),  # a second click on the same question
    ({}, "9"),  # not a score
])
async def test_a_score_without_an_open_question_is_not_counted(inbox, slots, score):
    dispatcher, events = await run(ActionTevredenheid(), _score(score, slots))
    assert events == [] and inbox.tevredenheid == []


async def test_the_comment_is_asked_on_the_web_after_a_score_and_never_on_the_phone():
    form = ValidateTevredenheidForm()
    dispatcher = CollectingDispatcher()
    web = make_tracker(slots={**GEVRAAGD, c.SLOT_TEVREDENHEID_SCORE: "4"}, channel="socketio")
    phone = make_tracker(slots={**GEVRAAGD, c.SLOT_TEVREDENHEID_SCORE: "4"}, channel=c.VOICE_CHANNEL)
    zonder_score = make_tracker(slots=GEVRAAGD, channel="socketio")
    slots = [c.SLOT_TEVREDENHEID_OPMERKING]
    assert await form.required_slots(slots, dispatcher, web, {}) == slots
    assert await form.required_slots(slots, dispatcher, phone, {}) == []
    assert await form.required_slots(slots, dispatcher, zonder_score, {}) == []


@pytest.mark.parametrize("intent, text, kept", [
    ("deny", "/deny", ""),  # the skip button
    ("deny", "nee hoor", ""),
    ("deny", "nee, het duurde te lang voordat ik een antwoord kreeg", "nee, het duurde te lang voordat ik een antwoord kreeg"),
    ("bedankt", "Fijn en snel geholpen", "Fijn en snel geholpen"),
])
async def test_a_short_no_skips_the_comment_and_anything_else_is_the_comment(intent, text, kept):
    tracker = make_tracker(slots=GEVRAAGD, intent=intent, text=text)
    result = ValidateTevredenheidForm().validate_tevredenheid_opmerking(text, CollectingDispatcher(), tracker, {})
    assert result == {c.SLOT_TEVREDENHEID_OPMERKING: kept}


async def test_the_comment_is_masked_and_sent_with_the_same_sleutel_then_the_question_is_closed(inbox):
    opmerking = "Prima, maar bel me op 06-12345678 of mail jan@example.nl"
    tracker = make_tracker(slots={**GEVRAAGD, c.SLOT_TEVREDENHEID_SCORE: "4", c.SLOT_TEVREDENHEID_OPMERKING: opmerking})
    dispatcher, events = await run(ActionTevredenheidKlaar(), tracker)
    assert responses(dispatcher) == [c.UTTER_TEVREDENHEID_BEDANKT]
    assert events == [SlotSet(c.SLOT_TEVREDENHEID_UITKOMST, None), SlotSet(c.SLOT_TEVREDENHEID_SLEUTEL, None),
                      SlotSet(c.SLOT_TEVREDENHEID_OPMERKING, None)]
    [body] = inbox.tevredenheid
    assert body == {"sleutel": SLEUTEL, "score": 4, "uitkomst": c.UITKOMST_VOORLIGGEND, "kanaal": "web",
                    "onderwerp": "mantelzorg",
                    "opmerking": "Prima, maar bel me op [telefoonnummer] of mail [e-mailadres]"}


@pytest.mark.parametrize("opmerking", ["", None])
async def test_a_skipped_comment_sends_nothing_more(inbox, opmerking):
    tracker = make_tracker(slots={**GEVRAAGD, c.SLOT_TEVREDENHEID_SCORE: "2", c.SLOT_TEVREDENHEID_OPMERKING: opmerking})
    dispatcher, _ = await run(ActionTevredenheidKlaar(), tracker)
    assert responses(dispatcher) == [c.UTTER_TEVREDENHEID_BEDANKT] and inbox.tevredenheid == []


async def test_on_the_phone_the_score_is_sent_with_kanaal_telefoon(inbox):
    await run(ActionTevredenheid(), _score("5", channel=c.VOICE_CHANNEL))
    assert [(b["kanaal"], b["score"]) for b in inbox.tevredenheid] == [("telefoon", 5)]


async def test_an_answer_without_a_score_is_thanked_and_the_question_is_not_asked_again(inbox):
    """"Ik weet het niet" to the satisfaction question: nothing is counted, the conversation ends politely (the phone
    used to fall silent, then 'niet verstaan', and the caller was asked again)."""
    tracker = make_tracker(slots=GEVRAAGD, intent="nlu_fallback", text="ik weet het niet")
    dispatcher, events = await run(ActionTevredenheidKlaar(), tracker)
    assert responses(dispatcher) == [c.UTTER_TEVREDENHEID_BEDANKT] and inbox.tevredenheid == []
    assert SlotSet(c.SLOT_TEVREDENHEID_SLEUTEL, None) in events


async def test_a_score_with_its_comment_in_one_message_asks_no_comment_again(inbox):
    text = "4, vriendelijk geholpen maar het duurde wel lang"
    tracker = make_tracker(slots=GEVRAAGD, intent="inform", text=text, channel="socketio")
    _, events = await run(ActionTevredenheid(), tracker)
    assert events == [SlotSet(c.SLOT_TEVREDENHEID_SCORE, "4"), SlotSet(c.SLOT_TEVREDENHEID_OPMERKING, text)]


async def test_a_score_whose_comment_asks_for_a_person_is_a_score_not_a_new_request(inbox):
    # "liever een mens" read as mens_spreken: the satisfaction question is answered, the outcome is not changed
    from bot.actions.mens import ActionMensSpreken

    text = "2. Het ging wel, maar ik had liever meteen een echt mens gehad"
    tracker = make_tracker(slots=GEVRAAGD, intent=c.INTENT_MENS, text=text, channel="socketio")
    dispatcher, events = await run(ActionMensSpreken(), tracker)
    assert responses(dispatcher) == [c.UTTER_TEVREDENHEID_BEDANKT]
    assert [(t["score"], t.get("opmerking")) for t in inbox.tevredenheid] == [(2, None), (2, text)]
    assert inbox.uitkomsten == [] and SlotSet(c.SLOT_TEVREDENHEID_SLEUTEL, None) in events
    # without an open question the same words ask for a person
    dispatcher, _ = await run(ActionMensSpreken(), make_tracker(intent=c.INTENT_MENS, text=text))
    assert responses(dispatcher) == [c.UTTER_MENS_SPREKEN]
