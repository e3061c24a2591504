"""What Rasa's fail-safe tracker store swallows is counted and logged by type only, with
the real Redis tracker store and a Redis that stopped."""

from __future__ import annotations

import logging

import pytest
from helpers import new_sender
from prometheus_client import REGISTRY
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from launcher.local_redis import LocalRedis
from launcher.settings import RedisSettings
from rasa_extensions import turn_metrics
from rasa_extensions.redis_tracker_store import RedisTrackerStore

TEXT = "Je m'appelle Sophie Durand, 06 11 22 33 44"


@pytest.fixture(scope="module")
def stopped_redis() -> RedisSettings:
    """Where a Redis answered and no longer does."""
    with LocalRedis() as server:
        url = server.url
    return RedisSettings.from_url(url)


@pytest.fixture
def store(stopped_redis: RedisSettings) -> FailSafeTrackerStore:
    turn_metrics.apply()
    turn_metrics.apply()  # idempotent
    redis = stopped_redis
    return FailSafeTrackerStore(
        RedisTrackerStore(Domain.empty(), host=redis.host, port=redis.port, db=redis.db)
    )


def errors(kind: str) -> float:
    labels = {"service": "rasa", "kind": kind}
    return REGISTRY.get_sample_value("assistant_errors_total", labels) or 0.0


async def test_a_failed_save_is_counted_and_logged_by_type(
    store: FailSafeTrackerStore, caplog: pytest.LogCaptureFixture
):
    sender = new_sender()
    tracker = DialogueStateTracker.from_events(sender, [UserUttered(TEXT)])
    before = errors("tracker_save_failed")
    with caplog.at_level(logging.ERROR):
        await store.save(tracker)
    assert errors("tracker_save_failed") == before + 1
    [record] = [r for r in caplog.records if r.name == turn_metrics.__name__]
    assert record.getMessage() == (
        "Tracker store failed (ConnectionError): conversation kept in memory only"
    )
    assert sender not in caplog.text and "Sophie" not in caplog.text
    # Rasa's fallback still has it, in this process.
    assert (await store.fallback_tracker_store.retrieve(sender)) is not None


async def test_a_failed_read_is_counted_and_logged_by_type(
    store: FailSafeTrackerStore, caplog: pytest.LogCaptureFixture
):
    before = errors("tracker_retrieve_failed")
    with caplog.at_level(logging.ERROR):
        assert await store.retrieve(new_sender()) is None
    assert errors("tracker_retrieve_failed") == before + 1
    assert "ConnectionError" in caplog.text
