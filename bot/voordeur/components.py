"""Two independent danger detectors in the NLU pipeline, either of which raises danger.

- DangerClassifier: a binary classifier with its own model (below), writes `"gevaar": {"score", "drempel"}`.
- SafetyNet, last in the pipeline: the curated lexicon (`routing.detect_danger`, negation understood) OR the
  classifier's score at its threshold. On either, the intent becomes `vraag_veiligheid` with confidence 1.0
  (first in the ranking) and the parse data gets `"safety": {"categorie", "matched", "bron"}`. A rule answers
  that intent with `action_veiligheid` on any turn, forms included.
"""
from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.voordeur import tfidf
from routing import detect_danger

logger = logging.getLogger(__name__)

SAFETY_INTENT = "vraag_veiligheid"
SAFETY_KEY = "safety"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyNet(GraphComponent):
    """Overrides the intent with `vraag_veiligheid` when `routing.detect_danger` finds a danger signal."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafetyNet":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Mark every message whose text signals danger."""
        for message in messages:
            self._mark(message)
        return messages

    @staticmethod
    def _mark(message: Message) -> None:
        text: Optional[Text] = message.get(TEXT)
        # Button payloads ("/intent") are not the person's own words.
        if not text or text.startswith("/"):
            return
        safety = danger_signal(text, message.get(GEVAAR_KEY))
        if safety is None:
            SafetyNet._no_evidence_in_a_short_answer(message, text)
            return
        logger.info("safety net: %s (%s)", safety["categorie"], safety["bron"])
        intent = {"name": SAFETY_INTENT, "confidence": 1.0}
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != SAFETY_INTENT]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [dict(intent), *ranking], add_to_output=True)
        message.set(SAFETY_KEY, safety, add_to_output=True)

    @staticmethod
    def _no_evidence_in_a_short_answer(message: Message, text: Text) -> None:
        """Neither detector saw danger, yet the intent model says `vraag_veiligheid` for an answer of fewer than
        MIN_WORDS words of the person's own ("haar lo" at the place question): a short answer is no evidence for
        the intent model either (the rule the DangerClassifier keeps), so the next intent of its ranking stands.
        A longer text keeps the intent: action_veiligheid gives the numbers and asks whether there is danger."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != SAFETY_INTENT or eigen_woorden(text) >= MIN_WORDS:
            return
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != SAFETY_INTENT]
        if not ranking:
            return
        logger.info("safety net: vraag_veiligheid of the intent model alone for a short answer; %s instead",
                    ranking[0].get("name"))
        message.set(INTENT, dict(ranking[0]), add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def danger_signal(text: Text, gevaar: Optional[Dict[Text, Any]]) -> Optional[Dict[Text, Any]]:
    """Either detector raises danger: the lexicon (routing.detect_danger) or the classifier's score.

    The lexicon names the categorie (it decides the advised team); a danger seen by the classifier alone
    is categorie 'crisis' (team toegang decides). `bron` says which detector(s) saw it.
    """
    signal = detect_danger(text)
    classifier = bool(gevaar) and gevaar.get("score") is not None and gevaar["score"] >= gevaar.get("drempel", 1.0)
    if signal is None and not classifier:
        return None
    bron = "beide" if signal is not None and classifier else ("woorden" if signal is not None else "classifier")
    return {"categorie": signal.categorie if signal else "crisis",
            "matched": signal.matched if signal else f"classifier {gevaar['score']:.2f}", "bron": bron}

GEVAAR_KEY = "gevaar"
# What the channels put in place of personal data ([telefoonnummer], [e-mailadres], [BSN verwijderd]): not the
# person's words, so not evidence of danger.
_PLACEHOLDERS = re.compile(r"\[(?:telefoonnummer|e-mailadres|BSN verwijderd)\]")
# The code that turns a text into the classifier's input (_clean below). A change to it changes what the
# classifier sees, so it is part of the model's fingerprint (and of scripts/model_path.sh): trained and served alike.
FEATURE_CODE = tuple(Path(__file__).resolve().parents[2] / "routing" / name
                     for name in ("safety.py", "melder.py", "text.py"))


def feature_code_hash() -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in FEATURE_CODE)).hexdigest()[:16]
MIN_WORDS = 3


def eigen_woorden(text: Text) -> int:
    """How many words of the person's own a text has, as the DangerClassifier reads it (DangerClassifier._clean)."""
    return len(DangerClassifier._clean([text])[0].split())


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerClassifier(GraphComponent):
    """The second danger detector: a binary classifier with its own model, independent of DIET and the lexicon.

    Trained on the NLU training data: every `vraag_veiligheid` example is positive, every other example
    (near-miss negatives such as "ik schrik me dood" or a volunteer for a crisis line included) negative.
    Features: TF-IDF of word 1-2-grams and character 2-5-grams of the text as `routing.without_negated_danger`
    gives it (normalised, negated danger phrases blanked), so "geen acute suïcidaliteit" does not look like
    danger to it either, and without a professional's introduction ("wijkagent hier"): who asks is no evidence. Model: logistic regression with balanced class weights.

    The threshold is chosen for recall: out-of-fold scores of a stratified k-fold split of the training data;
    the highest threshold that keeps `target_recall` of the positive examples. The parse data gets
    `"gevaar": {"score", "drempel"}`; SafetyNet (last) raises danger when the score reaches the threshold.
    Persisted as plain arrays and JSON (vocabularies, idf, weights): no pickles in the model.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"positive_intent": SAFETY_INTENT, "target_recall": 0.9, "folds": 5, "C": 16.0, "random_seed": 42,
                "max_threshold": 0.5}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vectorizers: Optional[List[Any]] = None, weights: Optional[Any] = None, bias: float = 0.0,
                 threshold: float = 0.5, validation: Optional[Dict[Text, Any]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers = vectorizers
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.validation = validation or {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DangerClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        """Rasa's training cache retrains this component when the code behind its input changed."""
        return feature_code_hash()

    @staticmethod
    def _clean(texts: List[Text]) -> List[Text]:
        from routing.melder import without_role
        from routing.safety import without_negated_danger

        return [without_role(without_negated_danger(_PLACEHOLDERS.sub(" ", t))) for t in texts]

    def _fit(self, cleaned: List[Text], labels):
        from sklearn.linear_model import LogisticRegression

        vectorizers = tfidf.new_vectorizers()
        for v in vectorizers:
            v.fit(cleaned)
        model = LogisticRegression(C=self.config["C"], class_weight="balanced", max_iter=3000,
                                   random_state=self.config["random_seed"])
        model.fit(tfidf.features(vectorizers, cleaned), labels)
        return vectorizers, model

    def train(self, training_data: TrainingData) -> Resource:
        import numpy as np
        from sklearn.model_selection import StratifiedKFold

        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        cleaned = self._clean([m.get(TEXT) for m in examples])
        labels = np.array([int(m.get(INTENT) == self.config["positive_intent"]) for m in examples])
        if labels.sum() < self.config["folds"] or labels.sum() == len(labels):
            logger.warning("DangerClassifier: too few positive or negative examples; it stays silent")
            self.persist()
            return self._resource
        scores = np.zeros(len(labels))
        folds = StratifiedKFold(n_splits=self.config["folds"], shuffle=True, random_state=self.config["random_seed"])
        for train_idx, test_idx in folds.split(cleaned, labels):
            vectorizers, model = self._fit([cleaned[i] for i in train_idx], labels[train_idx])
            scores[test_idx] = model.predict_proba(tfidf.features(vectorizers, [cleaned[i] for i in test_idx]))[:, 1]
        positives = np.sort(scores[labels == 1])
        keep = int(np.floor((1.0 - self.config["target_recall"]) * len(positives)))
        self.threshold = float(min(positives[keep], self.config["max_threshold"]))
        predicted = scores >= self.threshold
        tp = int((predicted & (labels == 1)).sum())
        fp = int((predicted & (labels == 0)).sum())
        self.validation = {"positives": int(labels.sum()), "negatives": int((labels == 0).sum()),
                           "recall": tp / int(labels.sum()), "precision": tp / max(1, tp + fp),
                           "false_alarms": fp, "threshold": self.threshold}
        logger.info("DangerClassifier: threshold %.3f, out-of-fold recall %.3f precision %.3f", self.threshold,
                    self.validation["recall"], self.validation["precision"])
        self.vectorizers, model = self._fit(cleaned, labels)
        self.weights = model.coef_[0].astype("float64")
        self.bias = float(model.intercept_[0])
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            tfidf.save(directory, "danger", self.vectorizers if self.weights is not None else None,
                       {"bias": self.bias, "threshold": self.threshold, "validation": self.validation},
                       {"weights": self.weights})

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "DangerClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                meta, vectorizers, arrays = tfidf.load(directory, "danger", ["weights"])
        except (ValueError, FileNotFoundError):
            logger.warning("DangerClassifier: no trained model found; it stays silent")
            return cls(config, model_storage, resource)
        if arrays is None:
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, vectorizers, arrays["weights"], meta["bias"], meta["threshold"],
                   meta["validation"])

    def score(self, text: Text) -> Optional[float]:
        """Probability of danger for one text; None without a trained model, or for a text of fewer than
        MIN_WORDS words of the person's own (a name, a place, "'s ochtends": no evidence either way; the
        lexicon still reads every text, "zelfmoord" alone included)."""
        if self.weights is None or self.vectorizers is None:
            return None
        import math

        cleaned = self._clean([text])
        if len(cleaned[0].split()) < MIN_WORDS:  # the count eigen_woorden gives, on the text already cleaned
            return None
        margin = float(tfidf.features(self.vectorizers, cleaned).dot(self.weights)[0]) + self.bias
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, margin))))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text: Optional[Text] = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            score = self.score(text)
            if score is not None:
                message.set(GEVAAR_KEY, {"score": round(score, 4), "drempel": round(self.threshold, 4)},
                            add_to_output=True)
        return messages
