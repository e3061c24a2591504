"""What the fault tests share: timed REST turns, the replicas' metrics and readiness,
the conversation as stored, and the numbers a person must get."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import requests
from helpers import texts, tracker_events
from prometheus_client.parser import text_string_to_metric_families

from launcher.stack import Stack
from rasa_extensions.rest_channel import channel_messages
from resources.catalog import default_catalog

TIMEOUT = 60
# Every fault test runs on the replicated stack: two replicas behind nginx.
REPLICAS = ("rasa-1", "rasa-2")
# The person's messages of a crisis, as the crisis lexicon knows them.
SUICIDE = "je vais me tuer ce soir"
DANGER = "il est devant ma porte avec un couteau"


def number(resource: str) -> str:
    return default_catalog()[resource]["number"]


EMERGENCY = [number(name) for name in ("police", "eu_emergency", "sms_emergency")]
# The bot's own answer to suicidal thoughts (the SAMU's 15 instead of the police's 17).
SUICIDE_ANSWER = [number(name) for name in ("suicide_prevention", "eu_emergency", "sms_emergency")]
HELPLINE = number("victims_helpline")
SUICIDE_LINE = number("suicide_prevention")


@dataclass(frozen=True)
class Reply:
    status: int
    messages: list[dict[str, Any]]
    seconds: float

    @property
    def text(self) -> str:
        return texts(self.messages)


def say(url: str, sender: str, message: str) -> Reply:
    """One REST turn, timed; the status is kept (a 502 from nginx is an answer too)."""
    start = time.monotonic()
    reply = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=TIMEOUT
    )
    seconds = time.monotonic() - start
    messages = reply.json() if reply.status_code == 200 else []
    return Reply(reply.status_code, messages, seconds)


def notice(key: str) -> str:
    """One of the channels' own messages (channel_messages.yml), as sent."""
    return channel_messages()[key]


def metric(stack: Stack, name: str, replicas: Sequence[str] = REPLICAS, **labels: str) -> float:
    """A sample of the replicas' metrics, summed over those that answer (0 when absent)."""
    total = 0.0
    for replica in replicas:
        try:
            reply = requests.get(f"{stack.replica_url(replica)}/metrics", timeout=TIMEOUT)
        except requests.ConnectionError:
            continue  # a replica that is down has no metrics
        for family in text_string_to_metric_families(reply.text):
            total += sum(
                sample.value
                for sample in family.samples
                if sample.name == name and sample.labels == labels
            )
    return total


def errors(stack: Stack, kind: str) -> float:
    """`assistant_errors_total` of the Rasa replicas for this kind of error."""
    return metric(stack, "assistant_errors_total", service="rasa", kind=kind)


def readiness(url: str) -> tuple[int, dict[str, Any]]:
    """A service's `GET /ready`: its status and body."""
    reply = requests.get(f"{url}/ready", timeout=TIMEOUT)
    return reply.status_code, reply.json()


def wait_until(
    condition: Callable[[], bool], seconds: float, what: str, poll_seconds: float = 0.2
) -> float:
    """Wait until `condition()` holds; how long it took. Fails after `seconds`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"{what}: not after {seconds} s")
        time.sleep(poll_seconds)
    return time.monotonic() - start


def all_ready(stack: Stack) -> bool:
    return all(readiness(stack.replica_url(name))[0] == 200 for name in REPLICAS)


def user_texts(stack: Stack, sender: str) -> list[str]:
    """The person's messages, as the conversation's tracker holds them, in order."""
    return [event["text"] for event in tracker_events(stack, sender) if event["event"] == "user"]


def services_log(stack: Stack) -> str:
    """What the stack's services have printed so far."""
    return (stack.settings.run_dir / "services.log").read_text("utf-8", errors="replace")
