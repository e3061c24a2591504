"""The fallback classifier of the pipeline, on real Rasa messages: a message without a
word is not understood, whatever the classifier guessed; others are left to Rasa's rules."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_extensions.wordless_fallback import WordlessFallbackClassifier

CONFIG = {"threshold": 0.3, "ambiguity_threshold": 0.03}


def classified(text: str, intent: str, confidence: float) -> Message:
    guess = {"name": intent, "confidence": confidence}
    return Message(data={TEXT: text, INTENT: guess, INTENT_RANKING_KEY: [guess]})


def intent_after_fallback(message: Message) -> str:
    (processed,) = WordlessFallbackClassifier(CONFIG).process([message])
    return processed.get(INTENT)["name"]


@pytest.mark.parametrize("text", ["😢😢😢", "???", "...", "❤️ 🙏", "", " \n "])
def test_a_message_without_a_word_is_not_understood(text: str):
    assert intent_after_fallback(classified(text, "goodbye", 0.9)) == "nlu_fallback"


@pytest.mark.parametrize("text", ["75011", "Lyon", "ok 👍", "Москва", "oui !"])
def test_a_confident_guess_about_words_or_digits_stands(text: str):
    assert intent_after_fallback(classified(text, "inform_location", 0.9)) == "inform_location"


def test_an_unsure_guess_still_falls_back():
    assert intent_after_fallback(classified("euh bref", "affirm", 0.2)) == "nlu_fallback"
