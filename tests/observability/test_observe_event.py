"""Conversation metrics from Rasa's own events, as the event broker publishes them."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import new_sender
from prometheus_client import REGISTRY
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered

from observability.events import observe_event
from observability.metrics import BoundedLabel


def published(event: Event, sender: str) -> dict[str, Any]:
    """The dict RedisStreamBroker.publish receives (Rasa's TrackerStore._stream_new_events)."""
    return {"sender_id": sender, **event.as_dict()}


def user(text: str, intent: str, channel: str = "rest", **parse_data: Any) -> UserUttered:
    top = {"name": intent, "confidence": 0.9}
    return UserUttered(
        text, intent=top, parse_data={"intent": top, **parse_data}, input_channel=channel
    )


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Delta:
    """The change of a sample while the block runs."""

    def __init__(self, name: str, **labels: str) -> None:
        self.name, self.labels = name, labels

    def __enter__(self) -> Delta:
        self.before = value(self.name, **self.labels)
        return self

    def __exit__(self, *_: object) -> None:
        self.change = value(self.name, **self.labels) - self.before


def test_a_message_counts_by_channel_and_intent():
    sender = new_sender()
    with (
        Delta("assistant_messages_total", channel="socketio") as messages,
        Delta("assistant_intents_total", intent="theft_burglary") as intents,
        Delta("assistant_fallbacks_total") as fallbacks,
    ):
        observe_event(published(user("on m'a volé mon vélo", "theft_burglary", "socketio"), sender))
    assert (messages.change, intents.change, fallbacks.change) == (1, 1, 0)


def test_a_message_not_understood_is_a_fallback():
    with Delta("assistant_fallbacks_total") as fallbacks:
        observe_event(published(user("azerty", "nlu_fallback"), new_sender()))
    assert fallbacks.change == 1


@pytest.mark.parametrize(
    ("parse_data", "source"),
    [
        ({}, "classifier"),
        ({"crisis_source": "classifier"}, "threshold"),
        ({"crisis_source": "lexicon: veux mourir"}, "lexicon"),
    ],
)
def test_a_crisis_counts_with_what_raised_it(parse_data: dict[str, Any], source: str):
    event = user("je veux mourir", "suicidal_thoughts", **parse_data)
    with Delta("assistant_crises_total", intent="suicidal_thoughts", source=source) as crises:
        observe_event(published(event, new_sender()))
    assert crises.change == 1


def test_a_bot_message_counts_on_the_channel_its_person_wrote_from():
    sender = new_sender()
    observe_event(published(user("bonjour", "greet", "telegram"), sender))
    with (
        Delta("assistant_bot_messages_total", channel="telegram") as same,
        Delta("assistant_bot_messages_total", channel="unknown") as unknown,
    ):
        observe_event(published(BotUttered("Bonjour, je suis un robot."), sender))
        observe_event(published(BotUttered("Bonjour."), new_sender()))
    assert (same.change, unknown.change) == (1, 1)


@pytest.mark.parametrize(
    ("status", "label"),
    [(s, s) for s in ("requested", "queued", "connected", "unavailable", "ended")]
    + [("made-up", "other"), (None, "other")],
)
def test_handoff_statuses_count_from_the_bots_custom_payloads(status: str | None, label: str):
    custom = {"type": "handoff", "status": status, "position": 2}
    with Delta("assistant_handoffs_total", status=label) as handoffs:
        observe_event(published(BotUttered("Vous êtes 2e.", data={"custom": custom}), "s"))
    assert handoffs.change == 1


def test_other_events_count_nothing():
    with (
        Delta("assistant_messages_total", channel="rest") as messages,
        Delta("assistant_bot_messages_total", channel="unknown") as bot_messages,
    ):
        observe_event(published(ActionExecuted("action_listen"), "s"))
        observe_event(published(SlotSet("situation", "theft_burglary"), "s"))
    assert (messages.change, bot_messages.change) == (0, 0)


def test_a_malformed_event_is_counted_as_an_error_never_raised():
    with Delta("assistant_errors_total", service="rasa", kind="metrics_failed") as errors:
        observe_event({"event": "user", "parse_data": "not a dict"})
        observe_event({"event": "bot", "data": ["not", "a", "dict"]})
        observe_event({})
    assert errors.change == 2


def test_labels_from_events_are_names_and_few():
    label = BoundedLabel(limit=2)
    assert label("rest") == "rest"
    assert label(None) == "unknown"
    assert label("je m'appelle Sophie, 06 11 22 33 44") == "other"
    assert label("socketio") == "socketio"
    assert label("telegram") == "other"  # over the limit
    assert label("rest") == "rest"


def test_no_label_holds_a_sender_nor_a_text():
    sender, text = new_sender(), "Sophie Durand habite 3 rue des Lilas"
    observe_event(published(user(text, "greet", "rest"), sender))
    observe_event(published(BotUttered(text), sender))
    for metric in REGISTRY.collect():
        for sample in metric.samples:
            for label in sample.labels.values():
                assert sender not in label and "Sophie" not in label
