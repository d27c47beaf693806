"""LinearIntentClassifier: trained, persisted without pickles, loaded, and read by FallbackClassifier and SafetyNet."""
from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.voordeur.intent import LinearIntentClassifier
from bot.voordeur.tekst import voor_model

EXAMPLES = {
    "affirm": ["ja", "ja graag", "klopt", "dat klopt", "prima", "is goed", "jazeker", "ja hoor"],
    "deny": ["nee", "nee hoor", "liever niet", "klopt niet", "nee dank je", "niet doen", "nee bedankt", "nope"],
    "vraag_huishoudelijke_hulp": ["ik zoek hulp bij het schoonmaken", "poetshulp aanvragen", "wie kan komen poetsen",
                                  "mijn moeder kan het huis niet meer schoonhouden", "huishoudelijke hulp nodig",
                                  "de was en het stofzuigen lukken niet meer", "hulp in de huishouding",
                                  "hulp bij het huishouden voor pa"],
    "vraag_hulpmiddelen": ["ik heb een rolstoel nodig", "scootmobiel aanvragen", "rollator via de gemeente",
                           "mijn scootmobiel is kapot", "een douchestoel nodig", "hoe kom ik aan een rolstoel",
                           "hulpmiddel voor het lopen", "een tillift voor thuis"],
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("intent"))
    resource = Resource("intent")
    context = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    config = LinearIntentClassifier.get_default_config()
    component = LinearIntentClassifier.create(config, storage, resource, context)
    component.train(TrainingData(training_examples=[Message(data={TEXT: t, INTENT: i})
                                                    for i, texts in EXAMPLES.items() for t in texts]))
    return component, LinearIntentClassifier.load(config, storage, resource, context)


@pytest.mark.parametrize("text,intent", [("ja", "affirm"), ("nee", "deny"), ("Ja!", "affirm"),
                                         ("mn moeder kan t huus niet meer poetsen", "vraag_huishoudelijke_hulp"),
                                         ("een rolstoel aanvragen", "vraag_hulpmiddelen")])
def test_the_loaded_classifier_sets_intent_and_ranking_in_rasas_format(trained, text, intent):
    _, loaded = trained
    [msg] = loaded.process([Message(data={TEXT: text})])
    ranking = msg.get(INTENT_RANKING_KEY)
    assert msg.get(INTENT) == ranking[0] and msg.get(INTENT)["name"] == intent
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0, abs=1e-4)  # all four intents ranked


def test_a_loaded_classifier_predicts_like_the_trained_one(trained):
    component, loaded = trained
    texts = ["hulp bij het poetsen", "nee dank u", "mijn rollator is stuk"]
    assert loaded.probabilities(texts) == pytest.approx(component.probabilities(texts), abs=1e-5)


def test_fallback_classifier_reads_its_confidence_and_an_empty_text_gets_the_null_intent(trained):
    _, loaded = trained
    fallback = FallbackClassifier({**FallbackClassifier.get_default_config(), "threshold": 0.99})
    sure, empty = fallback.process(loaded.process([Message(data={TEXT: "ja"}), Message(data={TEXT: ""})]))
    assert sure.get(INTENT)["name"] == "nlu_fallback"
    assert sure.get(INTENT_RANKING_KEY)[1]["name"] == "affirm"
    assert empty.get(INTENT)["name"] == "nlu_fallback" and empty.get(INTENT_RANKING_KEY)[1:] == []


def test_an_untrained_classifier_gives_the_null_intent(tmp_path):
    context = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    empty = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), LocalModelStorage(tmp_path),
                                        Resource("nothing"), context)
    [msg] = empty.process([Message(data={TEXT: "ik zoek een traplift"})])
    assert msg.get(INTENT) == {"name": None, "confidence": 0.0}


@pytest.mark.parametrize("text,seen", [("Mijn moeke kan nie meer in huus", "mijn moeder kan niet meer in huis"),
                                       ("Ik ben 86 en m'n knie is op", "ik ben 0 en mijn knie is op"),
                                       ("Oké, ff kijken", "oke even kijken"), ("Neede", "neede")])
def test_the_classifier_sees_normalised_text(text, seen):
    assert voor_model(text) == seen
