"""SafetyNet and DangerClassifier: either danger detector overrides the intent classifier's intent."""
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
    assert msg.get("safety") == {"categorie": "geweld", "matched": "slaat me", "bron": "woorden"}
    assert msg.as_dict_nlu()["safety"] == {"categorie": "geweld", "matched": "slaat me", "bron": "woorden"}


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


# ------------------------------------------------------------------------------------------ the classifier
import pytest  # noqa: E402
from rasa.engine.graph import ExecutionContext  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

from bot.voordeur.components import GEVAAR_KEY, DangerClassifier  # noqa: E402

DANGER = ["ik ben iedereen tot last", "mijn zoon gaf al zijn spullen weg en nam afscheid", "ik zie geen uitweg",
          "hij sluit me op in huis", "de kinderen zijn al dagen alleen", "ze heeft sneetjes in haar armen",
          "mijn vader zwierf vannacht over de snelweg", "ik wil niet meer wakker worden", "hij pakt mijn telefoon af",
          "ik heb de pillen al klaargelegd", "de stemmen zeggen dat ik moet springen", "ze durft niet naar huis"] * 3
SAFE = ["ik zoek hulp bij het schoonmaken", "hoe vraag ik een traplift aan", "ik heb schulden",
        "mijn zoon spijbelt", "ik wil vrijwilliger worden", "ik voel me eenzaam", "wanneer komt de papierbak",
        "ik heb een rolstoel nodig", "regiotaxi pas aanvragen", "mijn moeder heeft dementie", "ik zoek werk",
        "ik schrik me dood van de rekening", "geen acute suïcidaliteit, wel somberheid, graag begeleiding"] * 3


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("danger"))
    resource = Resource("danger")
    context = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    config = {**DangerClassifier.get_default_config(), "folds": 3}
    component = DangerClassifier.create(config, storage, resource, context)
    examples = [Message(data={TEXT: t, INTENT: SAFETY_INTENT}) for t in DANGER]
    examples += [Message(data={TEXT: t, INTENT: "vraag_huishoudelijke_hulp"}) for t in SAFE]
    component.train(TrainingData(training_examples=examples))
    loaded = DangerClassifier.load(config, storage, resource, context)
    return component, loaded


def test_the_classifier_threshold_is_chosen_for_recall_on_held_out_folds(trained):
    component, _ = trained
    assert component.validation["recall"] >= component.config["target_recall"]
    assert 0.0 < component.threshold <= component.config["max_threshold"]


def test_a_loaded_classifier_scores_like_the_trained_one(trained):
    component, loaded = trained
    for text in ("mijn man sluit me op", "ik zoek een traplift"):
        assert loaded.score(text) == pytest.approx(component.score(text), abs=1e-5)
    assert loaded.threshold == component.threshold


def test_the_classifier_marks_every_typed_message_and_skips_buttons(trained):
    _, loaded = trained
    msgs = loaded.process([Message(data={TEXT: "ik ben iedereen tot last"}), Message(data={TEXT: "/affirm"})])
    assert msgs[0].get(GEVAAR_KEY)["score"] >= msgs[0].get(GEVAAR_KEY)["drempel"]
    assert msgs[1].get(GEVAAR_KEY) is None


@pytest.mark.parametrize("text", ["[telefoonnummer]", "'s ochtends", "Jan Jansen", "nummer: [telefoonnummer]"])
def test_short_answers_and_placeholders_are_no_evidence_for_the_classifier(trained, text):
    _, loaded = trained
    assert loaded.score(text) is None


def test_an_untrained_classifier_stays_silent(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    empty = DangerClassifier.load(DangerClassifier.get_default_config(), storage, Resource("nothing"), context)
    [msg] = empty.process([Message(data={TEXT: "ik wil er niet meer zijn"})])
    assert msg.get(GEVAAR_KEY) is None


@pytest.mark.parametrize("gevaar,lexicon,bron", [
    ({"score": 0.9, "drempel": 0.3}, None, "classifier"),
    ({"score": 0.9, "drempel": 0.3}, SafetySignal("geweld", "slaat me"), "beide"),
    ({"score": 0.1, "drempel": 0.3}, SafetySignal("geweld", "slaat me"), "woorden"),
    ({"score": 0.1, "drempel": 0.3}, None, None),
    (None, None, None),
])
def test_either_detector_raises_danger(monkeypatch, gevaar, lexicon, bron):
    monkeypatch.setattr(components, "detect_danger", lambda text: lexicon)
    msg = _message("tekst")
    if gevaar:
        msg.set(GEVAAR_KEY, gevaar, add_to_output=True)
    [msg] = SafetyNet().process([msg])
    assert (msg.get("safety") or {}).get("bron") == bron
    assert (msg.get(INTENT)["name"] == SAFETY_INTENT) == (bron is not None)
    if bron == "classifier":
        assert msg.get("safety")["categorie"] == "crisis"


def _intent_model_says_danger(text: str) -> Message:
    msg = Message(data={TEXT: text})
    msg.set(INTENT, {"name": SAFETY_INTENT, "confidence": 0.73}, add_to_output=True)
    msg.set(INTENT_RANKING_KEY, [{"name": SAFETY_INTENT, "confidence": 0.73},
                                 {"name": "inform", "confidence": 0.12}], add_to_output=True)
    return msg


@pytest.mark.parametrize("text, intent", [
    # fewer than MIN_WORDS words of the person's own: no evidence for the intent model either
    ("haar lo", "inform"),
    ("Rasha", "inform"),
    ("wijkagent hier", "inform"),  # a role is who asks, not what happens
    # a longer text keeps the intent model's reading: action_veiligheid asks whether there is danger
    ("hij zit de hele dag alleen", SAFETY_INTENT),
])
def test_the_intent_models_danger_alone_needs_more_than_a_short_answer(monkeypatch, text, intent):
    monkeypatch.setattr(components, "detect_danger", lambda t: None)
    [msg] = SafetyNet().process([_intent_model_says_danger(text)])
    assert msg.get(INTENT)["name"] == intent and msg.get("safety") is None
    assert [r["name"] for r in msg.get(INTENT_RANKING_KEY)].count(SAFETY_INTENT) == (intent == SAFETY_INTENT)


def test_a_short_answer_with_an_alarm_word_is_still_danger():
    [msg] = SafetyNet().process([_intent_model_says_danger("zelfmoord")])
    assert msg.get(INTENT) == {"name": SAFETY_INTENT, "confidence": 1.0} and msg.get("safety")["bron"] == "woorden"
