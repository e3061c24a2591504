"""Rasa's `FallbackClassifier`, which also falls back on a message without a word.

A message of emojis or punctuation alone ("😢😢😢", "???") gives the classifier no
feature it knows, so its top intent is a guess that can be confident and wrong (a crying
face read as a goodbye). Such a message is not understood: the assistant asks again.
Digits count as words, since a postcode alone answers the question of where.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message


def has_a_word(text: str) -> bool:
    """Whether the text holds a letter or a digit, in any script."""
    return any(character.isalnum() for character in text)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class WordlessFallbackClassifier(FallbackClassifier):
    """Falls back when the classifier is unsure, or when there was no word to classify."""

    def _should_fallback(self, message: Message) -> bool:
        return not has_a_word(message.get(TEXT) or "") or super()._should_fallback(message)
