"""bot/voordeur/perf.py, unit by unit: each faster path gives exactly the answer of the code it replaces."""
from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.slots import AnySlot, BooleanSlot, CategoricalSlot, FloatSlot, ListSlot, Slot, TextSlot

from bot.voordeur import perf

SLOT = {"event": "slot", "name": "kern", "value": "Neede", "timestamp": 1.5}
USER = {"event": "user", "text": "hallo", "parse_data": {"intent": {"name": "greet", "confidence": 1.0},
                                                         "entities": [], "intent_ranking": []}}
RESPONSES: list = [
    {"events": [], "responses": []},
    {},
    {"events": [SLOT, {"event": "action", "name": "utter_x"}, {"event": "bot", "text": "Dag"},
                {"event": "active_loop", "name": "contact_form"}, {"event": "followup", "name": "action_x"},
                {"event": "reset_slots"}, {"event": "restart"}, {"event": "rewind"}, USER],
     "responses": [{"response": "utter_welkom"}, {"text": "Hallo", "buttons": []}]},
    {"events": [{**SLOT, "timestamp": None, "metadata": {"a": 1}}]},
    # invalid ones
    [],
    "events",
    {"events": {}},
    {"events": [{}]},
    {"events": [{"event": 3}]},
    {"events": [{"event": "bestaat_niet"}]},
    {"events": [{**SLOT, "timestamp": "gisteren"}]},
    {"events": [{**SLOT, "metadata": []}]},
    {"events": [{"event": "user", "parse_data": "geen object"}]},
    {"events": [{"event": "user", "parse_data": {"entities": [{"entity": "kern"}]}}]},
    {"events": [SLOT, "geen event"]},
    {"responses": {}},
    {"responses": ["tekst"]},
]


@pytest.mark.parametrize("response", RESPONSES, ids=range(len(RESPONSES)))
def test_the_response_check_agrees_with_the_full_jsonschema_validation(response):
    spec = RemoteAction.action_response_format_spec()
    assert perf.response_checker()(response) is Draft202012Validator(spec).is_valid(response)


@pytest.mark.parametrize("slot", [TextSlot("naam", []), FloatSlot("misverstanden", [], initial_value=0.0),
                                  BooleanSlot("toestemming", []), ListSlot("onderwerpen", []),
                                  CategoricalSlot("urgentie", [], values=["normaal", "spoed"]), AnySlot("x", [])])
def test_a_slot_copy_is_the_same_shallow_copy_as_before(slot, monkeypatch):
    perf.install()
    slot.value = ["vervoer"] if isinstance(slot, ListSlot) else "x"  # a mutable value shows a shallow copy
    ours = copy.copy(slot)
    with monkeypatch.context() as m:
        m.delattr(Slot, "__copy__")  # what copy.copy did before the patch
        theirs = copy.copy(slot)
    assert type(ours) is type(theirs) is type(slot) and ours is not slot
    assert ours.__dict__ == theirs.__dict__
    assert all(ours.__dict__[k] is v for k, v in theirs.__dict__.items()), "shallow: the very same values"
