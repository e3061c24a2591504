"""A lexicon-based crisis detector, robust to typos, missing accents and SMS spelling.

It backs up the intent classifier: whatever the classifier says, a message that matches
an expression of danger or of suicidal thoughts is treated as a crisis. A word one typo
away from a word of the lexicon is read as that word, unless it is a French word in its
own right (from pyspellchecker's French word frequencies): "secour" is read "secours",
but "nourrir" is never read "mourir".
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).with_name("crisis_lexicon.yml")
# Danger first: someone in danger now needs the police before anything else.
CRISIS_INTENTS = ("immediate_danger", "suicidal_thoughts")
MIN_FUZZY_LENGTH = 5
# A dictionary word seen at least this often is a word, not a typo.
MIN_WORD_COUNT = 20
NON_WORD = re.compile(r"[^a-z0-9]+")
LONG_RUN = re.compile(r"([a-z])\1{2,}")
WORD = re.compile(rf"[a-z]{{{MIN_FUZZY_LENGTH},}}")


@dataclass(frozen=True)
class CrisisMatch:
    """Which crisis intent a message expresses, and the expression that says so."""

    intent: str
    expression: str


def normalise(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    return LONG_RUN.sub(r"\1", NON_WORD.sub(" ", plain)).strip()


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def french_words(min_count: int = MIN_WORD_COUNT) -> frozenset[str]:
    """Normalised French words of pyspellchecker's frequency list."""
    source = resources.files("spellchecker").joinpath("resources/fr.json.gz")
    with source.open("rb") as raw, gzip.open(raw) as text:
        counts: dict[str, int] = json.load(text)
    return frozenset(normalise(word) for word, count in counts.items() if count >= min_count)


class CrisisDetector:
    """Matches normalised, typo-corrected text against the crisis expressions."""

    def __init__(
        self,
        patterns: dict[str, list[str]],
        sms: dict[str, str],
        known_words: Iterable[str] = (),
    ):
        self._sms = {normalise(k): normalise(v) for k, v in sms.items()}
        self._known_words = frozenset(known_words)
        self._patterns = {
            intent: [(p, re.compile(rf"(?:^|\s){p}(?:$|\s)")) for p in patterns[intent]]
            for intent in CRISIS_INTENTS
        }
        vocabulary = {w for ps in patterns.values() for p in ps for w in WORD.findall(p)}
        vocabulary |= {w for v in self._sms.values() for w in WORD.findall(v)}
        self._vocabulary = vocabulary
        # Symmetric-deletion index: a word one edit away shares a deletion variant.
        self._by_deletion: dict[str, str] = {}
        for word in sorted(vocabulary):
            for variant in _deletions(word) | {word}:
                self._by_deletion.setdefault(variant, word)

    @classmethod
    def from_file(
        cls, path: Path = DEFAULT_PATH, known_words: Iterable[str] = ()
    ) -> CrisisDetector:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        missing = [intent for intent in CRISIS_INTENTS if not raw.get(intent)]
        if missing:
            raise ValueError(f"{path.name}: no expressions for {', '.join(missing)}")
        try:
            return cls(
                {i: list(raw[i]) for i in CRISIS_INTENTS},
                dict(raw.get("sms") or {}),
                known_words,
            )
        except re.error as error:
            message = f"{path.name}: invalid expression {error.pattern!r}: {error}"
            raise ValueError(message) from None

    def canonical(self, text: str) -> str:
        """The text as the patterns see it: normalised, SMS expanded, typos corrected."""
        words = []
        for word in normalise(text).split():
            word = self._sms.get(word, word)
            words.append(word if " " in word else self._correct(word))
        return " ".join(words)

    def detect(self, text: str) -> CrisisMatch | None:
        """The crisis a message expresses, or None."""
        canonical = self.canonical(text)
        for intent in CRISIS_INTENTS:
            for expression, pattern in self._patterns[intent]:
                if pattern.search(canonical):
                    return CrisisMatch(intent=intent, expression=expression)
        return None

    def _correct(self, word: str) -> str:
        if len(word) < MIN_FUZZY_LENGTH or word in self._vocabulary or word in self._known_words:
            return word
        for variant in [word, *sorted(_deletions(word))]:
            if variant in self._by_deletion:
                return self._by_deletion[variant]
        return word


@cache
def default_detector() -> CrisisDetector:
    """The detector of the shipped lexicon, with the French word list, built once."""
    return CrisisDetector.from_file(known_words=french_words())
