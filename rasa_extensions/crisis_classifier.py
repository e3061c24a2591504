"""An NLU component that makes sure a crisis is never missed by the intent classifier.

It runs last, after the classifier and the `FallbackClassifier`. It sets the intent to a
crisis intent with full confidence when the crisis lexicon matches, or when the
classifier ranks a crisis intent above `promote_threshold` (recall over precision), so
that a crisis is never lost to a fallback or to another intent.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from safety.crisis import CRISIS_INTENTS, default_detector

# Kept in the parse data, so that staff, tests and benchmarks see why a crisis was raised
# and what the classifier alone had said.
CRISIS_SOURCE_KEY = "crisis_source"
CLASSIFIER_INTENT_KEY = "classifier_intent"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisSafetyNet(GraphComponent, IntentClassifier):
    """Raises a crisis intent from the lexicon or from a lower-ranked classifier guess."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"promote_threshold": 0.15}

    def __init__(self, config: dict[str, Any]) -> None:
        self._promote_threshold = float(config["promote_threshold"])
        self._detector = default_detector()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisSafetyNet:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._raise_crisis(message)
        return messages

    def _raise_crisis(self, message: Message) -> None:
        match = self._detector.detect(message.get(TEXT) or "")
        if match is not None:
            self._set_intent(message, match.intent, f"lexicon: {match.expression}")
            return
        ranking = message.get(INTENT_RANKING_KEY) or []
        for entry in ranking:
            if (
                entry[INTENT_NAME_KEY] in CRISIS_INTENTS
                and entry[PREDICTED_CONFIDENCE_KEY] >= self._promote_threshold
            ):
                self._set_intent(message, entry[INTENT_NAME_KEY], "classifier")
                return

    @staticmethod
    def _set_intent(message: Message, intent: str, source: str) -> None:
        ranking = [
            entry
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry[INTENT_NAME_KEY] != intent
        ]
        top = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(CLASSIFIER_INTENT_KEY, message.get(INTENT), add_to_output=True)
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
        message.set(CRISIS_SOURCE_KEY, source, add_to_output=True)
