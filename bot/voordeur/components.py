"""SafetyNet: an NLU component that does not leave danger to the classifier alone.

Last in the pipeline. It runs `routing.detect_danger` on the user's text; on a hit the intent becomes
`vraag_veiligheid` with confidence 1.0 (first in the ranking) and the parse data gets
`"safety": {"categorie": ..., "matched": ...}`. A rule answers that intent with `action_veiligheid` on any turn.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

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
        signal = detect_danger(text)
        if signal is None:
            return
        logger.info("safety net: %s", signal.categorie)
        intent = {"name": SAFETY_INTENT, "confidence": 1.0}
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != SAFETY_INTENT]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [dict(intent), *ranking], add_to_output=True)
        message.set(SAFETY_KEY, {"categorie": signal.categorie, "matched": signal.matched}, add_to_output=True)
