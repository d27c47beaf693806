"""Repair in one place for every form question: counted failures, an example and buttons, then the way out.

A small form loop drives the real validators the way Rasa's FormAction does (the answer's slot value set in the
user turn, then validate_<form>, then the form asks `requested_slot`), and every conversation is checked with
tests.support.vragen.assert_nooit_drie_keer.
"""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions.contact import ValidateContactForm
from bot.actions.details import ActionAskKern, ValidateDetailsForm
from bot.actions.herstel import ActionUitwegMedewerker
from bot.actions.toestemming import ActionAskToestemming
from bot.voordeur import voice
from tests.actions.conftest import responses, run
from tests.support.vragen import assert_nooit_drie_keer, vragen_gesteld

DOMAIN = {"forms": {c.FORM_DETAILS: {"required_slots": ["leeftijd", "kern"]},
                    c.FORM_CONTACT: {"required_slots": ["partner_soort", "organisatie", "functie", "naam", "telefoon",
                                                         "inwoner_akkoord", "voorkeur", "email", "toestemming"]}}}


class Gesprek:
    """A form in progress: the validator runs on each answer, then the form asks the requested slot."""

    def __init__(self, validator, form: str, slots: dict[str, Any], vraag: str, channel: str = "rest",
                 metadata: dict | None = None) -> None:
        self.validator, self.form, self.channel, self.metadata = validator, form, channel, metadata or {}
        self.slots = {**slots, c.SLOT_REQUESTED: vraag}
        self.events: list[dict[str, Any]] = [{"event": "session_started", "timestamp": 1.0}]
        self.gezegd: list[list[str]] = []
        self.vraag(vraag)

    def vraag(self, slot: str) -> None:
        ask = "utter_ask_kern_herstel" if slot == c.SLOT_KERN and self.slots.get(c.SLOT_HERSTEL_VRAAG) == slot \
            else f"utter_ask_{slot}"
        self.events.append({"event": "bot", "metadata": {"utter_action": ask}, "timestamp": 2.0})

    async def antwoord(self, text: str, intent: str = "inform", waarde: Any = "tekst") -> list[dict[str, Any]]:
        """The user answers; `waarde` is what the slot mapping extracted ("tekst": the text, None: nothing)."""
        vraag = self.slots[c.SLOT_REQUESTED]
        waarde = text if waarde == "tekst" else waarde
        message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [],
                   "intent_ranking": [{"name": intent, "confidence": 0.9}], "metadata": self.metadata}
        self.events += [{"event": "action", "name": "action_listen", "timestamp": 3.0},
                        {"event": "user", "text": text, "parse_data": message, "input_channel": self.channel,
                         "timestamp": 3.0}]
        slots = dict(self.slots)
        kandidaat = []
        if waarde is not None:
            kandidaat = [{"event": "slot", "name": vraag, "value": waarde, "timestamp": 3.0}]
            self.events += kandidaat
            slots[vraag] = waarde
        # As Rasa's FormAction calls validate_<form>: a copy of the tracker with the form's own action, then the
        # slot candidates of this turn.
        kopie = self.events + [{"event": "slot", "name": c.SLOT_REQUESTED, "value": vraag, "timestamp": 3.0},
                               {"event": "action", "name": self.form, "timestamp": 3.0}] + kandidaat
        tracker = Tracker("gesprek-1", slots, message, kopie, False, None, {"name": self.form}, self.form)
        dispatcher = CollectingDispatcher()
        result = await self.validator.run(dispatcher, tracker, DOMAIN)
        self.gezegd.append(responses(dispatcher))
        self.events.append({"event": "action", "name": self.form, "timestamp": 4.0})
        for event in result:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
                self.events.append({**event, "timestamp": 4.0})
        volgende = self.slots.get(c.SLOT_REQUESTED)
        if volgende and not self.slots.get(c.SLOT_UITWEG_MEDEWERKER):
            self.vraag(volgende)
        return result


async def test_a_place_that_fails_twice_gets_buttons_then_the_way_out_never_a_third_time():
    gesprek = Gesprek(ValidateDetailsForm(), c.FORM_DETAILS, {c.SLOT_MELDER: "inwoner"}, c.SLOT_KERN)
    await gesprek.antwoord("Gerda Wolters")
    assert gesprek.slots[c.SLOT_HERSTEL_VRAAG] == c.SLOT_KERN and gesprek.slots[c.SLOT_REQUESTED] == c.SLOT_KERN
    assert gesprek.gezegd[-1] == []  # the question itself explains, with an example (action_ask_kern below)
    await gesprek.antwoord("06 12345678")
    assert gesprek.gezegd[-1] == ["utter_uitweg_kern"]
    assert gesprek.slots[c.SLOT_KERN] == c.KERN_ONBEKEND and gesprek.slots[c.SLOT_REQUESTED] is None
    assert vragen_gesteld(gesprek.events)[c.SLOT_KERN] == 2
    assert_nooit_drie_keer(gesprek.events)


@pytest.mark.parametrize("melder, antwoorden, kern, gezegd", [
    # a place outside Berkelland is no failed answer: asked back, then "ja" refers to the own gemeente
    ("inwoner", [("Lochem", "inform"), ("ja", "affirm")], c.KERN_BUITEN, ["utter_buiten_berkelland"]),
    # or the right kern follows ("nee, mijn moeder woont in Borculo")
    ("naaste", [("in Enschede", "inform"), ("nee mijn moeder woont in Borculo", "deny")], "Borculo", []),
    # a place outside named twice: that is where they live
    ("inwoner", [("Haaksbergen", "inform"), ("Buurse bij Haaksbergen", "inform")], c.KERN_BUITEN,
     ["utter_buiten_berkelland"]),
])
async def test_a_place_outside_berkelland_is_asked_back_once_not_counted_as_a_failure(melder, antwoorden, kern,
                                                                                       gezegd):
    gesprek = Gesprek(ValidateDetailsForm(), c.FORM_DETAILS, {c.SLOT_MELDER: melder}, c.SLOT_KERN)
    await gesprek.antwoord(*antwoorden[0])
    assert gesprek.slots[c.SLOT_REQUESTED] == c.SLOT_KERN and c.SLOT_HERSTEL_VRAAG not in gesprek.slots
    assert gesprek.slots[c.SLOT_BUITEN_PLAATS]
    dispatcher, _ = await run(ActionAskKern(), Tracker("gesprek-1", gesprek.slots, {}, [], False, None, {}, "x"))
    assert responses(dispatcher) == [c.UTTER_ASK_KERN_BUITEN]
    await gesprek.antwoord(*antwoorden[1])
    assert gesprek.slots[c.SLOT_KERN] == kern and gesprek.gezegd[-1] == gezegd
    assert_nooit_drie_keer(gesprek.events)


@pytest.mark.parametrize("melder, eerst, antwoord", [
    # said as where the person lives: no "Woont u daar?" (gw2-15, gt2-04)
    ("inwoner", None, "ik woon in Lochem"),
    ("naaste", None, "Mijn vader woont in Barchem."),
    # after a failed answer: the repair asked once already, so no confirmation on top
    ("inwoner", "hendrik jansen", "oh ik kom uit barchem"),
])
async def test_a_neighbouring_place_said_as_home_or_after_a_failed_answer_is_referred_at_once(melder, eerst, antwoord):
    gesprek = Gesprek(ValidateDetailsForm(), c.FORM_DETAILS, {c.SLOT_MELDER: melder}, c.SLOT_KERN)
    if eerst:
        await gesprek.antwoord(eerst)
    await gesprek.antwoord(antwoord)
    assert gesprek.slots[c.SLOT_KERN] == c.KERN_BUITEN and gesprek.gezegd[-1] == ["utter_buiten_berkelland"]
    assert_nooit_drie_keer(gesprek.events)


async def test_where_someone_works_is_not_taken_for_where_they_live():
    """"Ik werk in Ruurlo" names no home: asked again (gt3-13, gw3-23 took the workplace for the kern)."""
    gesprek = Gesprek(ValidateDetailsForm(), c.FORM_DETAILS, {c.SLOT_MELDER: "inwoner"}, c.SLOT_KERN)
    await gesprek.antwoord("ik werk in Ruurlo bij de kassen", waarde="Ruurlo")  # the NLU's kern entity
    assert gesprek.slots.get(c.SLOT_KERN) is None and gesprek.slots[c.SLOT_REQUESTED] == c.SLOT_KERN
    await gesprek.antwoord("ik woon in Noordijk")
    assert gesprek.slots[c.SLOT_KERN] == "Noordijk"


async def test_a_naaste_naming_the_persons_kern_and_their_own_place_outside_gets_the_kern():
    gesprek = Gesprek(ValidateDetailsForm(), c.FORM_DETAILS, {c.SLOT_MELDER: "naaste"}, c.SLOT_KERN)
    await gesprek.antwoord("rietmolen mijn vader woont in rietmolen ik zelf in enschede")
    assert gesprek.slots[c.SLOT_KERN] == "Rietmolen"


async def test_the_place_asked_again_offers_kernen_buiten_berkelland_and_weet_ik_niet_as_buttons():
    tracker = Tracker("gesprek-1", {c.SLOT_HERSTEL_VRAAG: c.SLOT_KERN}, {}, [], False, None, {}, "details_form")
    dispatcher, _ = await run(ActionAskKern(), tracker)
    assert responses(dispatcher) == [c.UTTER_ASK_KERN_HERSTEL]
    buttons = dispatcher.messages[0]["buttons"]
    titles = [b["title"] for b in buttons]
    assert titles == [*routing.default_herstel().kern_knoppen, "Ik woon buiten Berkelland", "Weet ik niet"]
    # the phone reads them as a menu, and a spoken kern picks its button
    spoken = voice.render_message("Die plaats ken ik niet.", buttons)
    assert f"{titles.index('Neede') + 1} voor neede" in spoken and "voor weet ik niet" in spoken
    assert titles[voice.match_choice("ik woon in neede", buttons)] == "Neede"
    first = Tracker("gesprek-1", {}, {}, [], False, None, {}, "details_form")
    dispatcher, _ = await run(ActionAskKern(), first)
    assert responses(dispatcher) == [c.UTTER_ASK_KERN] and not dispatcher.messages[0]["buttons"]


@pytest.mark.parametrize("knop, kern, buiten", [(c.KERN_BUITEN, c.KERN_BUITEN, True),
                                                (c.KERN_ONBEKEND, c.KERN_ONBEKEND, False)])
async def test_the_way_out_buttons_of_the_place_question_are_answers(knop, kern, buiten):
    gesprek = Gesprek(ValidateDetailsForm(), c.FORM_DETAILS, {c.SLOT_MELDER: "inwoner"}, c.SLOT_KERN)
    await gesprek.antwoord("Atlantis")
    await gesprek.antwoord(f'/inform{{"kern": "{knop}"}}', waarde=knop)
    assert (gesprek.slots[c.SLOT_KERN], gesprek.slots[c.SLOT_BUITEN_BERKELLAND]) == (kern, buiten)
    assert gesprek.slots[c.SLOT_HERSTEL_VRAAG] is None and gesprek.slots[c.SLOT_REQUESTED] is None
    assert_nooit_drie_keer(gesprek.events)


async def test_a_good_answer_after_one_failure_goes_on_without_a_way_out():
    gesprek = Gesprek(ValidateContactForm(), c.FORM_CONTACT, {c.SLOT_MELDER: "inwoner"}, c.SLOT_NAAM)
    await gesprek.antwoord("12345")
    await gesprek.antwoord("Mijn naam is Gerda Wolters")
    assert gesprek.slots[c.SLOT_NAAM] == "Gerda Wolters" and gesprek.slots[c.SLOT_HERSTEL_VRAAG] is None
    assert gesprek.slots[c.SLOT_REQUESTED] == c.SLOT_TELEFOON and gesprek.gezegd[-1] == []


@pytest.mark.parametrize("vraag, antwoorden, slot, bericht", [
    # optional: skipped with its value
    (c.SLOT_EMAIL, ["mijn mail", "nog steeds geen adres"], "geen", "utter_uitweg_overgeslagen"),
    (c.SLOT_NAAM, ["12345", "[telefoonnummer]"], "Naam niet genoemd", "utter_uitweg_overgeslagen"),
])
async def test_an_optional_question_that_fails_twice_is_skipped(vraag, antwoorden, slot, bericht):
    eerder = ({c.SLOT_NAAM: "Gerda", c.SLOT_TELEFOON: "06-****5678", c.SLOT_VOORKEUR: "email"}
              if vraag == c.SLOT_EMAIL else {})
    gesprek = Gesprek(ValidateContactForm(), c.FORM_CONTACT, {c.SLOT_MELDER: "inwoner", **eerder}, vraag)
    for antwoord in antwoorden:
        await gesprek.antwoord(antwoord)
    assert gesprek.slots[vraag] == slot and gesprek.gezegd[-1] == [bericht]
    assert gesprek.slots[c.SLOT_REQUESTED] not in (None, vraag)  # on to the next question
    assert_nooit_drie_keer(gesprek.events)


async def test_a_phone_number_that_fails_twice_stops_the_form_and_gives_a_person():
    gesprek = Gesprek(ValidateContactForm(), c.FORM_CONTACT, {c.SLOT_MELDER: "inwoner", c.SLOT_NAAM: "Gerda"},
                      c.SLOT_TELEFOON)
    await gesprek.antwoord("12345")
    events = await gesprek.antwoord("weet ik niet")
    assert gesprek.gezegd[-1] == [c.UTTER_UITWEG_MEDEWERKER]
    assert SlotSet(c.SLOT_UITWEG_MEDEWERKER, True) in events and events[-1] == SlotSet(c.SLOT_REQUESTED, None)
    assert_nooit_drie_keer(gesprek.events)
    tracker = Tracker("gesprek-1", gesprek.slots, {}, gesprek.events, False, None, {}, "contact_form")
    dispatcher, events = await run(ActionUitwegMedewerker(), tracker)
    # the validator already said how to reach a person; this ending asks how it went
    assert responses(dispatcher) == [c.UTTER_ASK_TEVREDENHEID]
    assert SlotSet(c.SLOT_NAAM, None) in events and SlotSet(c.SLOT_UITWEG_MEDEWERKER, False) in events


async def test_consent_neither_ja_nor_nee_is_counted_though_nothing_was_extracted():
    gesprek = Gesprek(ValidateContactForm(), c.FORM_CONTACT, {c.SLOT_MELDER: "inwoner", c.SLOT_NAAM: "Gerda",
                                                              c.SLOT_TELEFOON: "06-****5678", c.SLOT_EMAIL: "geen",
                                                              c.SLOT_VOORKEUR: "ochtend"}, c.SLOT_TOESTEMMING)
    await gesprek.antwoord("hoezo bewaren", intent="nlu_fallback", waarde=None)
    assert gesprek.slots[c.SLOT_HERSTEL_VRAAG] == c.SLOT_TOESTEMMING
    tracker = Tracker("gesprek-1", gesprek.slots, {}, gesprek.events, False, None, {}, "contact_form")
    dispatcher, _ = await run(ActionAskToestemming(), tracker)
    assert responses(dispatcher) == [c.UTTER_ASK_TOESTEMMING]  # only the question, not the whole explanation again
    await gesprek.antwoord("tja", intent="nlu_fallback", waarde=None)
    assert gesprek.slots[c.SLOT_UITWEG_MEDEWERKER] is True and gesprek.slots.get(c.SLOT_TOESTEMMING) is None
    assert_nooit_drie_keer(gesprek.events)


@pytest.mark.parametrize("intent", c.ONDERBREKINGEN)
async def test_an_interruption_is_not_a_failed_answer(intent):
    gesprek = Gesprek(ValidateDetailsForm(), c.FORM_DETAILS, {c.SLOT_MELDER: "inwoner"}, c.SLOT_KERN)
    events = await gesprek.antwoord("ik wil een mens spreken", intent=intent, waarde=None)
    assert not [e for e in events if e.get("name") in (c.SLOT_HERSTEL_POGINGEN, c.SLOT_HERSTEL_VRAAG)]


async def test_nee_to_the_callers_own_number_is_a_step_not_a_failure():
    beller = {"pii": {"beller": "+31612349876", "beller_laatste_cijfers": "9 8 7 6"}}
    gesprek = Gesprek(ValidateContactForm(), c.FORM_CONTACT, {c.SLOT_MELDER: "inwoner", c.SLOT_NAAM: "Gerda"},
                      c.SLOT_TELEFOON, channel=c.VOICE_CHANNEL, metadata=beller)
    await gesprek.antwoord("nee", intent="deny")
    assert not gesprek.slots.get(c.SLOT_HERSTEL_POGINGEN)


async def test_on_the_phone_the_same_mechanism_never_asks_for_an_email_address():
    gesprek = Gesprek(ValidateContactForm(), c.FORM_CONTACT, {c.SLOT_MELDER: "inwoner"}, c.SLOT_NAAM,
                      channel=c.VOICE_CHANNEL, metadata={"kanaal": "telefoon"})
    await gesprek.antwoord("uh")
    await gesprek.antwoord("eh")
    await gesprek.antwoord("0612345678", waarde="0612345678")
    assert gesprek.slots[c.SLOT_NAAM] == "Naam niet genoemd"
    # after the number the consent question: no e-mail question and no time question of its own on the phone
    assert gesprek.slots[c.SLOT_REQUESTED] == c.SLOT_TOESTEMMING
    assert c.SLOT_EMAIL not in vragen_gesteld(gesprek.events) and c.SLOT_VOORKEUR not in vragen_gesteld(gesprek.events)
    assert_nooit_drie_keer(gesprek.events)


async def test_the_forms_activation_after_another_action_is_not_a_failed_answer():
    events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": "ja"},
              {"event": "action", "name": "action_verwerk_vraag"}, {"event": "slot", "name": c.SLOT_REQUESTED,
                                                                     "value": c.SLOT_KERN},
              {"event": "action", "name": c.FORM_DETAILS}]
    tracker = Tracker("gesprek-1", {c.SLOT_REQUESTED: c.SLOT_KERN}, {"intent": {"name": "affirm"}}, events, False,
                      None, {"name": c.FORM_DETAILS}, c.FORM_DETAILS)
    result = await ValidateDetailsForm().run(CollectingDispatcher(), tracker, DOMAIN)
    assert not [e for e in result if e.get("name") in (c.SLOT_HERSTEL_POGINGEN, c.SLOT_HERSTEL_VRAAG)]


def test_the_helper_fails_when_a_question_is_asked_a_third_time():
    events = [{"event": "session_started"}] + [{"event": "bot", "metadata": {"utter_action": "utter_ask_kern"}}] * 2
    assert_nooit_drie_keer(events)
    with pytest.raises(AssertionError, match="kern"):
        assert_nooit_drie_keer(events + [{"event": "bot", "metadata": {"utter_action": "utter_ask_kern_herstel"}}])
    assert_nooit_drie_keer(events + [{"event": "action", "name": "action_opnieuw_beginnen"},
                                     {"event": "bot", "metadata": {"utter_action": "utter_ask_kern"}}])
