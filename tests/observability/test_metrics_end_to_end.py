"""Rasa's metrics, readiness and health on the real running assistant, after real
conversations over REST: the counts are there, the personal data is not."""

from __future__ import annotations

from collections import defaultdict

import requests
from helpers import new_sender, send
from prometheus_client.parser import text_string_to_metric_families

from launcher.stack import Stack

GREETING = "bonjour"
CRISIS = "je veux mourir, je n'en peux plus"
NOT_UNDERSTOOD = "😢😢😢"


def scrape(stack: Stack) -> str:
    reply = requests.get(f"{stack.rasa_url}/metrics", timeout=30)
    assert reply.status_code == 200
    return reply.text


def totals(text: str) -> dict[str, float]:
    """Each sample's value by name and labels, plus each name's sum over its labels."""
    found: dict[str, float] = defaultdict(float)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f"{key}={value}" for key, value in sorted(sample.labels.items()))
            found[f"{sample.name}{{{labels}}}"] += sample.value
            found[sample.name] += sample.value
    return found


def test_a_conversation_shows_in_rasas_metrics_without_personal_data(stack: Stack):
    before = totals(scrape(stack))
    person, other = new_sender(), new_sender()
    send(stack, GREETING, person)
    send(stack, CRISIS, person)
    send(stack, NOT_UNDERSTOOD, other)
    text = scrape(stack)
    after = totals(text)

    def grew(key: str) -> float:
        return after[key] - before[key]

    assert grew("assistant_messages_total{channel=rest}") == 3
    assert grew("assistant_bot_messages_total{channel=rest}") >= 3
    assert grew("assistant_turn_seconds_count{channel=rest}") == 3
    assert grew("assistant_intents_total{intent=greet}") == 1
    assert grew("assistant_intents_total{intent=suicidal_thoughts}") == 1
    assert grew("assistant_intents_total{intent=nlu_fallback}") == 1
    assert grew("assistant_fallbacks_total") == 1
    crises = [key for key in after if key.startswith("assistant_crises_total{")]
    assert sum(grew(key) for key in crises) == 1
    assert grew("assistant_crises_total{intent=suicidal_thoughts,source=lexicon}") == 1
    webhook = "route=validated_rest_webhook.receive,service=rasa,status=200"
    assert grew(f"assistant_http_requests_total{{{webhook}}}") == 3

    for private in (person, other, CRISIS, "mourir", NOT_UNDERSTOOD, stack.settings.auth_token):
        assert private not in text


def test_ready_and_health(stack: Stack):
    reply = requests.get(f"{stack.rasa_url}/ready", timeout=30)
    assert reply.status_code == 200
    assert reply.json() == {"status": "ready", "checks": {"agent": "ok", "redis": "ok"}}
    assert requests.get(f"{stack.rasa_url}/health", timeout=30).json() == {"status": "ok"}
