"""Training examples where a crisis is buried in a longer message, made at build time.

People in distress often tell what happened first and say the danger last ("mon mari me
bat depuis des années... là il défonce la porte"). The written examples cannot cover
every such pair, so the build joins a situation example and a crisis example into one
message labelled with the crisis: the classifier learns that a crisis sentence wins,
wherever it stands. Deterministic (fixed seed); regenerated, never committed.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from safety.crisis import CRISIS_INTENTS

SITUATIONS = (
    "domestic_violence",
    "sexual_violence",
    "cybercrime",
    "harassment",
    "physical_assault",
    "theft_burglary",
    "fraud",
    "cult_abuse",
    "elected_official",
    "road_accident",
    "homicide_bereavement",
    "terrorism_collective",
    "discrimination_hate",
)
PER_CRISIS_INTENT = 150
SEED = 2026


def read_examples(folder: Path) -> dict[str, list[str]]:
    """Examples (with their entity markup) by intent, from Rasa NLU files."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                lines = block["examples"].splitlines()
                texts = [line.strip()[2:].strip() for line in lines if line.strip()]
                found.setdefault(block["intent"], []).extend(texts)
    return found


def buried_crises(examples: dict[str, list[str]]) -> dict[str, list[str]]:
    """For each crisis intent, situation + crisis (and a few crisis + situation) pairs."""
    rng = random.Random(SEED)
    stories = [text for intent in SITUATIONS for text in examples.get(intent, [])]
    made: dict[str, list[str]] = {}
    for intent in CRISIS_INTENTS:
        crises = examples[intent]
        pairs = set()
        while len(pairs) < PER_CRISIS_INTENT:
            story, crisis = rng.choice(stories), rng.choice(crises)
            first, second = (crisis, story) if rng.random() < 0.2 else (story, crisis)
            pairs.add(f"{first.rstrip(' .')}. {second}")
        made[intent] = sorted(pairs)
    return made


def write_augmented(nlu_folder: Path, target: Path) -> Path:
    """Write the generated examples as a Rasa NLU file."""
    made = buried_crises(read_examples(nlu_folder))
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in made.items():
        lines += [f"  - intent: {intent}", "    examples: |"]
        lines += [f"      - {text}" for text in texts]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
