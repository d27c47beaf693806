"""The read-back and consent are one question, the last of contact_form: "Klopt dit, en mogen wij uw gegevens zo
bewaren?". Its slot mapping, action_lees_akkoord, decides in the user's turn what an answer means
(routing.lees_akkoord): ja sends, a refusal keeps nothing, "er klopt iets niet" asks which part. A correction must
never store toestemming=false: the tracker store wipes the whole conversation on that event. Then the form's
validator acts on it (bot/actions/contact.py).
"""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.contact import ValidateContactForm
from bot.actions.correctie import NIETS_BEWAREN, ActionWelkDeel
from bot.actions.toestemming import ActionLeesAkkoord
from tests.actions.conftest import make_tracker, run
from tests.actions.test_herstel import DOMAIN, Gesprek
from tests.support.vragen import assert_nooit_drie_keer

KLAAR = {c.SLOT_MELDER: "inwoner", c.SLOT_ONDERWERPEN: ["huishoudelijke_hulp"], c.SLOT_KERN: "Neede",
         c.SLOT_NAAM: "Gerda Wolters", c.SLOT_TELEFOON: "06-****5678", c.SLOT_EMAIL: c.EMAIL_GEEN,
         c.SLOT_VOORKEUR: "ochtend", c.SLOT_VRAAG_TEKST: "ik kan niet meer stofzuigen"}


def gesprek() -> Gesprek:
    return Gesprek(ValidateContactForm(), c.FORM_CONTACT, dict(KLAAR), c.SLOT_TOESTEMMING)


@pytest.mark.parametrize("tekst, intent, gezet", [
    ("/affirm", "affirm", {c.SLOT_TOESTEMMING: True}),  # the button "Ja, het klopt en het mag"
    ("ja hoor", "affirm", {c.SLOT_TOESTEMMING: True}),
    ("dat is allemaal goed zo", "inform", {c.SLOT_TOESTEMMING: True}),
    ("/geen_toestemming", c.INTENT_GEEN_TOESTEMMING, {c.SLOT_TOESTEMMING: False}),  # "Nee, niets bewaren"
    ("nee, dat wil ik liever niet", "deny", {c.SLOT_TOESTEMMING: False}),
    ("ik wil niet dat het ergens wordt opgeslagen", "deny", {c.SLOT_TOESTEMMING: False}),
    # something is wrong: which part? A correction never stores a refusal (that would wipe the conversation)
    ("/deny", "deny", {c.SLOT_CORRECTIE_GEVRAAGD: True}),  # the button "Nee, er klopt iets niet"
    ("nee", "deny", {c.SLOT_CORRECTIE_GEVRAAGD: True}),  # may mean either: "Nee, niets bewaren" is a choice then
    ("nee, het telefoonnummer klopt niet", "deny", {c.SLOT_CORRECTIE_GEVRAAGD: True}),
    ("ja maar mijn naam is verkeerd gespeld", "affirm", {c.SLOT_CORRECTIE_GEVRAAGD: True}),
    ("de plaats klopt niet", "inform", {c.SLOT_CORRECTIE_GEVRAAGD: True}),
    # neither: the question's repair; an interruption is left to the rules
    ("wat gebeurt er dan mee?", "nlu_fallback", {}),
    ("nee ik wil een mens spreken", c.INTENT_MENS, {}),
])
async def test_the_answer_to_the_read_back_is_read_in_the_users_turn(tekst, intent, gezet):
    tracker = make_tracker(slots={**KLAAR, c.SLOT_REQUESTED: c.SLOT_TOESTEMMING}, intent=intent, text=tekst,
                           active_loop=c.FORM_CONTACT)
    _, events = await run(ActionLeesAkkoord(), tracker)
    assert {e["name"]: e["value"] for e in events} == gezet


async def test_ja_ends_the_form_and_a_refusal_forgets_the_draft():
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    g = gesprek()
    events = await g.antwoord("ja hoor", intent="affirm", waarde=True)
    assert g.slots[c.SLOT_TOESTEMMING] is True and SlotSet(c.SLOT_REQUESTED, None) in events
    g = gesprek()
    events = await g.antwoord("nee, dat wil ik liever niet", intent="deny", waarde=False)
    assert g.slots[c.SLOT_TOESTEMMING] is False and SlotSet(c.SLOT_REQUESTED, None) in events
    assert services.drafts().get_all("gesprek-1") == {}


async def test_a_correction_ends_the_form_for_which_part_without_counting_a_failure():
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    g = gesprek()
    g.slots[c.SLOT_CORRECTIE_GEVRAAGD] = True  # set in the user's turn by action_lees_akkoord
    events = await g.antwoord("nee, het telefoonnummer klopt niet", intent="deny", waarde=None)
    assert events[0] == SlotSet(c.SLOT_CORRECTIE_GEVRAAGD, True)  # the form acts on it, so Rasa does not reject it
    assert SlotSet(c.SLOT_REQUESTED, None) in events
    assert not [e for e in events if e.get("name") == c.SLOT_TOESTEMMING]
    assert not [e for e in events if e.get("name") == c.SLOT_HERSTEL_POGINGEN]  # an answer, not a failure
    assert services.drafts().get_all("gesprek-1") == {"telefoon": "+31612345678"}


async def test_a_question_about_consent_gets_the_question_once_more_then_a_person():
    g = gesprek()
    await g.antwoord("wat gebeurt er dan mee?", intent="nlu_fallback", waarde=None)
    assert g.slots[c.SLOT_HERSTEL_VRAAG] == c.SLOT_TOESTEMMING and g.slots.get(c.SLOT_TOESTEMMING) is None
    await g.antwoord("en wie ziet dat dan", intent="nlu_fallback", waarde=None)
    assert g.slots[c.SLOT_UITWEG_MEDEWERKER] is True and g.slots.get(c.SLOT_TOESTEMMING) is None
    assert_nooit_drie_keer(g.events)


async def test_the_form_opened_again_after_a_correction_keeps_what_was_given_and_asks_only_the_question():
    """Rasa validates the slots filled before a form's activation; the masked number must not be lost then."""
    services.drafts().put("gesprek-1", "telefoon", "+31612345678")
    events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": "/corrigeer"},
              {"event": "action", "name": c.FORM_CORRECTIE},
              {"event": "slot", "name": c.SLOT_NAAM, "value": "Gerda Wolters"},
              {"event": "slot", "name": c.SLOT_TELEFOON, "value": "06-****5678"},
              {"event": "action", "name": c.FORM_CONTACT}]
    tracker = Tracker("gesprek-1", {**KLAAR, c.SLOT_REQUESTED: None}, {"intent": {"name": "inform"}, "text": "Gerda"},
                      events, False, None, {}, c.FORM_CORRECTIE)
    result = await ValidateContactForm().run(CollectingDispatcher(), tracker, DOMAIN)
    assert result == [SlotSet(c.SLOT_REQUESTED, c.SLOT_TOESTEMMING)]


async def test_which_part_offers_niets_bewaren_and_resets_the_question():
    tracker = make_tracker(slots={**KLAAR, c.SLOT_CORRECTIE_GEVRAAGD: True}, intent="deny", text="nee")
    dispatcher, events = await run(ActionWelkDeel(), tracker)
    knoppen: list[dict[str, Any]] = dispatcher.messages[-1]["buttons"]
    assert {"title": NIETS_BEWAREN, "payload": f"/{c.INTENT_GEEN_TOESTEMMING}"} in knoppen
    assert [k["title"] for k in knoppen][:3] == ["Mijn naam", "Mijn woonplaats", "Mijn telefoonnummer"]
    assert SlotSet(c.SLOT_CORRECTIE_GEVRAAGD, False) in events


async def test_a_new_number_in_the_correction_is_taken_and_the_read_back_follows_at_once():
    tracker = make_tracker(slots=KLAAR, intent="deny", text="nee het is [telefoonnummer]",
                           metadata={"pii": {"telefoon": ["0687654321"]}})
    _, events = await run(ActionWelkDeel(), tracker)
    assert SlotSet(c.SLOT_TELEFOON, "06-****4321") in events
    assert events[-1] == {"event": "followup", "timestamp": None, "name": c.FORM_CONTACT}
    assert services.drafts().get_all("gesprek-1")["telefoon"] == "+31687654321"
