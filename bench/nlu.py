"""Intent accuracy, macro-F1 and crisis recall on held-out sets, with confusions.

    .venv/bin/python -m bench.nlu [--set NAME] [--model PATH]

NAME is one of dev, dev2, test, fresh, blind, crisis_dev, crisis_dev2 … crisis_dev9, crisis_test.

Held-out sets, each written separately from the training data and never trained on (a
test checks that no example leaks): `dev_nlu.yml`, whose errors the developers looked at
while improving the data and the crisis lexicon; `test_nlu.yml` and `fresh_nlu.yml`,
written later by people who never saw the training data, and only used for figures;
`blind_nlu.yml`, written blind for the crisis (160 crisis messages, 240 frightening
messages whose danger is past); `crisis_dev.yml`, written for the crisis safety net
before its lexicon was read (122 crisis messages, 136 frightening messages whose danger
is past or not imminent), and `crisis_dev2.yml`, written the same way later (248 crisis
messages, 140 frightening ones), whose misses the developers looked at, like those of
`crisis_dev3.yml` to `crisis_dev9.yml` (between 238 and 267 crisis messages and 129 to 151
frightening ones each: the fifth from writers chosen to be hard to read, the sixth with
crises told as scenes rather than keywords, the seventh to ninth with indirect crises and
crises revealed late in the message); `crisis_test.yml` (246 crisis messages, 140
frightening ones), written blind like them but only used for figures; `dev2_nlu.yml`,
written blind for every intent (477 messages, 95 of them crises), scored once before the
training data grew and then used, like `dev_nlu.yml`, to guide it. Baselines in the same
run: the classifier alone (before the crisis safety net), and the lexicon alone.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections import Counter
from pathlib import Path

import yaml
from sklearn.metrics import accuracy_score, f1_score

from launcher.model import ensure_model
from launcher.settings import ROOT, Settings
from safety.crisis import CRISIS_INTENTS, default_detector

DATA = ROOT / "bench" / "data"
HELD_OUT = {
    "test": DATA / "test_nlu.yml",
    "dev": DATA / "dev_nlu.yml",
    "fresh": DATA / "fresh_nlu.yml",
    "blind": DATA / "blind_nlu.yml",
    "dev2": DATA / "dev2_nlu.yml",
    "crisis_dev": DATA / "crisis_dev.yml",
    **{f"crisis_dev{n}": DATA / f"crisis_dev{n}.yml" for n in range(2, 10)},
    "crisis_test": DATA / "crisis_test.yml",
}


def load_held_out(path: Path = HELD_OUT["dev"]) -> list[tuple[str, str]]:
    """(text, intent) pairs of the held-out set."""
    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip():
                pairs.append((line.strip()[2:].strip(), block["intent"]))
    return pairs


async def predict(model: Path, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.INFO)  # Rasa's debug logs would print every message
    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def crisis_recall(gold: list[str], predicted: list[str]) -> float:
    """Share of crisis messages answered as a crisis (either crisis intent)."""
    pairs = [(g, p) for g, p in zip(gold, predicted, strict=False) if g in CRISIS_INTENTS]
    return sum(p in CRISIS_INTENTS for _, p in pairs) / len(pairs)


def report(name: str, gold: list[str], predicted: list[str]) -> None:
    labels = sorted(set(gold))
    accuracy = accuracy_score(gold, predicted)
    macro_f1 = f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)
    print(
        f"{name:<34} accuracy {accuracy:.3f}  macro-F1 {macro_f1:.3f}  "
        f"crisis recall {crisis_recall(gold, predicted):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=sorted(HELD_OUT), default="test")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--confusions", type=int, default=25)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    model = args.model or ensure_model(Settings.from_env())
    pairs = load_held_out(HELD_OUT[args.set])
    texts, gold = [t for t, _ in pairs], [g for _, g in pairs]
    parsed = asyncio.run(predict(model, texts))
    final = [p["intent"]["name"] for p in parsed]
    classifier = [(p.get("classifier_intent") or p["intent"])["name"] for p in parsed]
    lexicon = [m.intent if (m := default_detector().detect(t)) else "other" for t in texts]

    counts = Counter(gold)
    print(
        f"Held-out set: {len(pairs)} messages, {len(counts)} intents "
        f"({counts['immediate_danger']} danger, {counts['suicidal_thoughts']} suicidal); "
        f"model {model.name}"
    )
    report("assistant (classifier + safety net)", gold, final)
    report("baseline: classifier alone", gold, classifier)
    lexicon_recall = crisis_recall(gold, lexicon)
    print(f"{'baseline: lexicon alone':<34} crisis recall {lexicon_recall:.3f}")
    missed = [
        (t, g, p)
        for t, g, p in zip(texts, gold, final, strict=False)
        if g in CRISIS_INTENTS and p not in CRISIS_INTENTS
    ]
    false_alarms = sum(
        p in CRISIS_INTENTS and g not in CRISIS_INTENTS for g, p in zip(gold, final, strict=False)
    )
    print(f"crisis false alarms on non-crisis messages: {false_alarms}")
    for text, g, p in missed:
        print(f"  MISSED {g} -> {p}: {text[:100]}")

    print("\nPer intent (precision / recall / F1, n):")
    labels = sorted(counts)
    f1s = f1_score(gold, final, labels=labels, average=None, zero_division=0)
    for label, f1 in zip(labels, f1s, strict=False):
        tp = sum(g == p == label for g, p in zip(gold, final, strict=False))
        predicted_n = sum(p == label for p in final)
        precision = tp / predicted_n if predicted_n else 0.0
        print(
            f"  {label:<22} {precision:.2f} / {tp / counts[label]:.2f} / {f1:.2f}  "
            f"n={counts[label]}"
        )

    print(f"\nMost frequent confusions (gold -> predicted), top {args.confusions}:")
    confusions = Counter((g, p) for g, p in zip(gold, final, strict=False) if g != p)
    for (g, p), n in confusions.most_common(args.confusions):
        print(f"  {n:>3}  {g} -> {p}")


if __name__ == "__main__":
    main()
