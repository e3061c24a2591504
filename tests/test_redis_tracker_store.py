"""The Redis tracker store without repeated reads stores and streams exactly what Rasa's
own Redis tracker store does, on a real Redis."""

from __future__ import annotations

import json
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import RedisTrackerStore as RasaRedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from launcher.settings import RedisSettings
from rasa_extensions.redis_tracker_store import RedisTrackerStore

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, fraud]
slots:
  situation:
    type: text
    mappings: [{type: from_intent, intent: fraud, value: fraud}]
responses:
  utter_hello: [{text: Bonjour.}]
"""
)


class RecordingBroker(EventBroker):
    """An event broker that keeps what it is given."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, event: dict[str, Any]) -> None:
        self.published.append(event)


def untimed(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**event, "timestamp": None} for event in events]


def store(cls: type, redis_url: str, prefix: str, broker: EventBroker) -> Any:
    redis = RedisSettings.from_url(redis_url)
    return cls(
        DOMAIN,
        host=redis.host,
        port=redis.port,
        db=redis.db,
        event_broker=broker,
        record_exp=600,
        key_prefix=prefix,
    )


def session(start: float) -> list[Event]:
    return [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start + 0.1),
        ActionExecuted("action_listen", timestamp=start + 0.2),
    ]


def turn(start: float, text: str) -> list[Event]:
    return [
        UserUttered(text, {"name": "fraud", "confidence": 1.0}, timestamp=start),
        SlotSet("situation", "fraud", timestamp=start + 0.1),
        ActionExecuted("utter_hello", timestamp=start + 0.2),
        BotUttered("Bonjour.", timestamp=start + 0.3),
        ActionExecuted("action_listen", timestamp=start + 0.4),
    ]


async def test_it_stores_and_streams_what_rasas_store_does(redis_url: str):
    # Three turns, a pause, then a second session and a turn in it: as the processor
    # does it, each time reading the conversation, adding events, saving.
    steps = [
        session(1000) + turn(1001, "on m'a arnaqué"),
        turn(1010, "sur internet"),
        [ConversationPaused(timestamp=1015)],
        turn(1020, "merci"),
        session(5000) + turn(5001, "bonjour de nouveau"),
        turn(5010, "encore moi"),
    ]
    rasa_broker, our_broker = RecordingBroker(), RecordingBroker()
    rasa_store = store(RasaRedisTrackerStore, redis_url, "rasa", rasa_broker)
    our_store = store(RedisTrackerStore, redis_url, "ours", our_broker)
    for events in steps:
        for tracker_store in (rasa_store, our_store):
            tracker = await tracker_store.get_or_create_tracker("person")
            for event in events:
                tracker.update(event)
            await tracker_store.save(tracker)
    # The first `action_listen` of a new tracker is stamped with the time it is made.
    assert untimed(our_broker.published) == untimed(rasa_broker.published)
    assert len(our_broker.published) > 20
    stored = [
        json.loads(s.red.get(f"{p}:tracker:person"))
        for s, p in ((rasa_store, "rasa"), (our_store, "ours"))
    ]
    assert untimed(stored[0]["events"]) == untimed(stored[1]["events"])
    assert {**stored[0], "events": []} == {**stored[1], "events": []}
    assert rasa_store.red.ttl("rasa:tracker:person") == 600
    assert 0 < our_store.red.ttl("ours:tracker:person") <= 600
    latest_session = await our_store.retrieve("person")
    assert [e.text for e in latest_session.events if isinstance(e, UserUttered)] == [
        "bonjour de nouveau",
        "encore moi",
    ]
