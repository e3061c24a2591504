"""The training data and domain agree with the spec, and the held-out set stays held out."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench.nlu import HELD_OUT

ROOT = Path(__file__).resolve().parent.parent
SPEC_SITUATIONS = [
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
]
SPEC_CRISIS = ["immediate_danger", "suicidal_thoughts"]
SPEC_CONVERSATION = [
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "request_human",
    "find_nearby_help",
    "inform_location",
    "ask_helpline",
    "ask_complaint",
    "ask_compensation",
    "ask_privacy",
    "bot_challenge",
    "out_of_scope",
]
ANNOTATION = re.compile(r"\[([^\]]+)\]\((\w+)\)|\[([^\]]+)\]\{[^}]*\}")


def examples(path: Path) -> dict[str, list[str]]:
    """Plain texts (entity markup removed) by intent."""
    found: dict[str, list[str]] = {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in block:
            lines = [line[2:].strip() for line in block["examples"].splitlines() if line.strip()]
            found.setdefault(block["intent"], []).extend(
                ANNOTATION.sub(lambda m: m[1] or m[3], line) for line in lines
            )
    return found


def training_examples() -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for intent, texts in examples(path).items():
            merged.setdefault(intent, []).extend(texts)
    return merged


def key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_every_intent_of_the_spec_is_in_the_domain_with_its_exact_name():
    domain = yaml.safe_load((ROOT / "bot" / "domain" / "core.yml").read_text(encoding="utf-8"))
    assert domain["intents"] == SPEC_SITUATIONS + SPEC_CRISIS + SPEC_CONVERSATION


@pytest.mark.parametrize("intent", SPEC_SITUATIONS + SPEC_CRISIS)
def test_each_situation_and_crisis_has_at_least_40_distinct_examples(intent):
    texts = training_examples()[intent]
    assert len({key(text) for text in texts}) >= 40


@pytest.mark.parametrize("intent", SPEC_CONVERSATION)
def test_each_conversation_intent_has_examples(intent):
    assert len(training_examples()[intent]) >= 15


def test_no_example_is_given_two_intents():
    owners = Counter()
    for intent, texts in training_examples().items():
        owners.update({(key(text), intent) for text in texts})
    by_text = Counter(text for text, _ in owners)
    assert [text for text, count in by_text.items() if count > 1] == []


def test_the_facts_about_the_person_are_annotated():
    raw = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "data" / "nlu").glob("*.yml"))
    counts = Counter(match[2] for match in ANNOTATION.finditer(raw) if match[2])
    assert counts["age"] >= 20 and counts["minor"] >= 20 and counts["relative"] >= 40


@pytest.mark.parametrize("name", sorted(HELD_OUT))
def test_the_held_out_sets_are_never_trained_on(name):
    held_out = examples(HELD_OUT[name])
    trained = {key(text) for texts in training_examples().values() for text in texts}
    leaked = [text for texts in held_out.values() for text in texts if key(text) in trained]
    assert leaked == []


@pytest.mark.parametrize("name", ["dev_nlu.yml", "test_nlu.yml"])
def test_the_held_out_sets_have_at_least_12_messages_per_intent(name):
    held_out = examples(ROOT / "bench" / "data" / name)
    intents = SPEC_SITUATIONS + SPEC_CRISIS + SPEC_CONVERSATION
    assert all(len(held_out[intent]) >= 12 for intent in intents)
