"""A Presidio recogniser for one regular expression, with an optional checksum."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

LANGUAGE = "fr"


def make_result(
    recogniser: str, entity: str, start: int, end: int, score: float
) -> RecognizerResult:
    """A result with the explanation that Presidio's context enhancer writes to."""
    explanation = AnalysisExplanation(recogniser, score)
    return RecognizerResult(entity, start, end, score, analysis_explanation=explanation)


class RegexRecognizer(EntityRecognizer):
    """Reports the group `value` of each match (the whole match without one).

    `validate` receives the value and may reject it (a wrong checksum).
    """

    def __init__(
        self,
        name: str,
        entity: str,
        pattern: re.Pattern[str],
        score: float,
        context: Iterable[str] = (),
        validate: Callable[[str], bool] | None = None,
    ) -> None:
        self.pattern = pattern
        self.score = score
        self.validate = validate
        super().__init__(
            supported_entities=[entity],
            name=name,
            supported_language=LANGUAGE,
            context=list(context),
        )

    def load(self) -> None:
        """Nothing to load: the pattern is compiled."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for match in self.pattern.finditer(text):
            group = "value" if "value" in self.pattern.groupindex else 0
            start, end = match.span(group)
            if start == end or (self.validate and not self.validate(match.group(group))):
                continue
            results.append(
                make_result(self.name, self.supported_entities[0], start, end, self.score)
            )
        return results
