"""SafetyNet NLU component: a danger signal overrides the classifier's intent."""
from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

import bot.voordeur.components as components
from bot.voordeur.components import SAFETY_INTENT, SafetyNet
from routing import SafetySignal


def _message(text: str) -> Message:
    msg = Message(data={TEXT: text})
    msg.set(INTENT, {"name": "vraag_huishoudelijke_hulp", "confidence": 0.81}, add_to_output=True)
    msg.set(INTENT_RANKING_KEY, [{"name": "vraag_huishoudelijke_hulp", "confidence": 0.81},
                                 {"name": SAFETY_INTENT, "confidence": 0.1}], add_to_output=True)
    return msg


def test_danger_sets_vraag_veiligheid_with_full_confidence(monkeypatch):
    monkeypatch.setattr(components, "detect_danger", lambda text: SafetySignal("geweld", "slaat me"))
    [msg] = SafetyNet().process([_message("mijn man slaat me")])
    assert msg.get(INTENT) == {"name": SAFETY_INTENT, "confidence": 1.0}
    ranking = msg.get(INTENT_RANKING_KEY)
    assert ranking[0] == {"name": SAFETY_INTENT, "confidence": 1.0}
    assert [r["name"] for r in ranking].count(SAFETY_INTENT) == 1
    assert msg.get("safety") == {"categorie": "geweld", "matched": "slaat me"}
    assert msg.as_dict_nlu()["safety"] == {"categorie": "geweld", "matched": "slaat me"}


def test_no_danger_leaves_the_classifier_alone(monkeypatch):
    monkeypatch.setattr(components, "detect_danger", lambda text: None)
    [msg] = SafetyNet().process([_message("ik ben doodmoe van het huishouden")])
    assert msg.get(INTENT)["name"] == "vraag_huishoudelijke_hulp" and msg.get("safety") is None


def test_button_payloads_and_empty_text_are_not_checked(monkeypatch):
    called = []
    monkeypatch.setattr(components, "detect_danger", lambda text: called.append(text))
    SafetyNet().process([_message("/melder_zelf"), Message(data={TEXT: ""}), Message(data={})])
    assert called == []


def test_real_safety_net_catches_an_obvious_danger_signal():
    [msg] = SafetyNet().process([_message("ik wil niet meer leven, ik denk aan zelfmoord")])
    assert msg.get(INTENT)["name"] == SAFETY_INTENT
    assert msg.get("safety")["categorie"] == "suicide"
