"""The intent classifier: TF-IDF of word and character n-grams with a linear model (issue 8).

Chosen by scripts/cv_intent.py over DIET (the pipeline before) on the training data: leave-one-source-file-out
(an unseen writer) and stratified folds; the figures are in bot/config.yml. Sets `intent` and `intent_ranking` in
Rasa's format, so FallbackClassifier, SafetyNet and routing.eerste_bericht read it as they read DIET's.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.voordeur import tfidf
from bot.voordeur.tekst import voor_model

logger = logging.getLogger(__name__)
DTYPE = "float32"  # half the memory of float64; the probabilities agree to ~1e-7


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent):
    """A linear model over TF-IDF of word 1-2-grams and character 2-5-grams (within words), one score per intent.

    The text is first normalised (bot.voordeur.tekst.voor_model: lower case, no accents, digits as one token,
    chat and Achterhoeks spellings folded). `model`:
      svm       a linear SVM per intent (one-vs-rest), its scores calibrated to probabilities by a sigmoid per
                intent fitted on 3-fold out-of-fold scores (Platt scaling; then one SVM on all data);
      logistic  one-vs-rest logistic regression (its own sigmoid).
    Either way a parse is p_k = sigmoid(-(A_k * s_k + B_k)) with s = x.W + b, normalised over the intents: one
    sparse dot product, no TensorFlow. Persisted as plain arrays and JSON (vocabularies, idf, W, b, A, B): no
    pickles in the model.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"model": "svm", "C": 1.0, "ranking_length": 10, "random_seed": 42}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vectorizers: Optional[List[Any]] = None, weights: Optional[Any] = None, bias: Optional[Any] = None,
                 classes: Optional[List[Text]] = None, sigmoid: Optional[Any] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers = vectorizers
        self.weights = weights  # (features, classes), float32
        self.bias = bias
        self.sigmoid = sigmoid  # (2, classes): A and B of p = sigmoid(-(A * score + B))
        self.classes = classes or []

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        import numpy as np
        from scipy.sparse import hstack

        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            logger.warning("LinearIntentClassifier: fewer than two intents; it stays silent")
            self.persist()
            return self._resource
        texts = [voor_model(m.get(TEXT)) for m in examples]
        labels = np.array([m.get(INTENT) for m in examples])
        vectorizers = tfidf.new_vectorizers(DTYPE)
        features = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
        weights, bias, sigmoid, classes = self._fit(features, labels)
        self.vectorizers, self.classes = vectorizers, [str(c) for c in classes]
        self.weights, self.bias, self.sigmoid = weights.astype("float32"), bias.astype("float32"), sigmoid
        self.persist()
        return self._resource

    def _fit(self, features, labels):
        """(W as features x classes, b, [A; B], classes) of the configured model."""
        import numpy as np

        seed = self.config["random_seed"]
        fewest = int(np.unique(labels, return_counts=True)[1].min())
        if self.config["model"] == "logistic" or fewest < 3:  # the calibration needs 3 examples of every intent
            from sklearn.linear_model import LogisticRegression

            model = LogisticRegression(C=self.config["C"], solver="liblinear", random_state=seed).fit(features, labels)
            ones = np.ones(len(model.classes_))
            return model.coef_.T, model.intercept_, np.vstack([-ones, 0 * ones]), model.classes_
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        model = CalibratedClassifierCV(LinearSVC(C=self.config["C"], random_state=seed), cv=3, method="sigmoid",
                                       ensemble=False).fit(features, labels)
        [calibrated] = model.calibrated_classifiers_
        svm = calibrated.estimator if hasattr(calibrated, "estimator") else calibrated.base_estimator
        sigmoid = np.array([[c.a_ for c in calibrated.calibrators], [c.b_ for c in calibrated.calibrators]])
        return svm.coef_.T, svm.intercept_, sigmoid, model.classes_

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            tfidf.save(directory, "intent", self.vectorizers if self.weights is not None else None,
                       {"classes": self.classes}, {"weights": self.weights, "bias": self.bias, "sigmoid": self.sigmoid})

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                meta, vectorizers, arrays = tfidf.load(directory, "intent", ["weights", "bias", "sigmoid"], DTYPE)
        except (ValueError, FileNotFoundError):
            logger.warning("LinearIntentClassifier: no trained model found; it stays silent")
            return cls(config, model_storage, resource)
        if arrays is None:
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, vectorizers, arrays["weights"], arrays["bias"], meta["classes"],
                   arrays["sigmoid"])

    def probabilities(self, texts: List[Text]):
        """(texts, classes) probabilities: the calibrated sigmoid of each intent's score, normalised."""
        import numpy as np

        scores = np.asarray(tfidf.features(self.vectorizers, [voor_model(t) for t in texts]) @ self.weights) + self.bias
        probs = 1.0 / (1.0 + np.exp(np.clip(self.sigmoid[0] * scores + self.sigmoid[1], -50.0, 50.0)))
        return probs / np.clip(probs.sum(axis=1, keepdims=True), 1e-12, None)

    def process(self, messages: List[Message]) -> List[Message]:
        """Intent and ranking of every message; without a text (or a model) the null intent, as DIET gives it
        (FallbackClassifier reads `intent` on every message)."""
        todo = [m for m in messages if m.get(TEXT)] if self.weights is not None else []
        for message in messages:
            if not (self.weights is not None and message.get(TEXT)):
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        if not todo:
            return messages
        for message, probs in zip(todo, self.probabilities([m.get(TEXT) for m in todo])):
            order = probs.argsort()[::-1][: self.config["ranking_length"] or len(self.classes)]
            ranking = [{INTENT_NAME_KEY: self.classes[i], PREDICTED_CONFIDENCE_KEY: float(probs[i])} for i in order]
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
