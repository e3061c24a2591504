"""Nothing waits forever: every Redis client of the Rasa server has a socket timeout, and
a custom action is cut before its conversation's lock expires."""

from __future__ import annotations

from pathlib import Path

import pytest
import rasa.core.actions.action
from rasa.core.actions.action import RemoteAction
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain

from actions import actions
from launcher.endpoints import write_endpoints
from launcher.settings import Settings
from rasa_extensions import action_fallback
from rasa_extensions.channels.store import ChannelStore
from rasa_extensions.rate_limit import RedisRateCounter, rate_counter
from rasa_extensions.redis_broker import RedisStreamBroker
from rasa_extensions.redis_lock_store import AtomicRedisLockStore
from rasa_extensions.redis_tracker_store import RedisTrackerStore

# Nobody listens there: the clients are built, never used.
REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"REDIS_URL": REDIS_URL, "RUN_DIR": str(tmp_path)})


@pytest.fixture
def endpoints(settings: Settings) -> AvailableEndpoints:
    """The endpoints the Rasa server reads, as the launcher renders them."""
    return AvailableEndpoints.read_endpoints(str(write_endpoints(settings)))


def test_the_defaults_cut_each_wait_before_the_next_one_ends(settings: Settings):
    assert settings.redis_timeout_seconds == 2
    assert settings.action_timeout_seconds == 10
    assert settings.lock_lifetime_seconds == 20
    # A Redis call ends before an action call does, and an action call before the lock.
    assert (
        0
        < settings.redis_timeout_seconds
        < settings.action_timeout_seconds
        < settings.lock_lifetime_seconds
    )


def test_an_action_timeout_as_long_as_the_lock_is_refused():
    with pytest.raises(ValueError, match="TICKET_LOCK_LIFETIME"):
        Settings.from_env({"ACTION_TIMEOUT_SECONDS": "20", "TICKET_LOCK_LIFETIME": "20"})


def test_a_redis_timeout_as_long_as_the_action_timeout_is_refused():
    with pytest.raises(ValueError, match="ACTION_TIMEOUT_SECONDS"):
        Settings.from_env({"REDIS_TIMEOUT_SECONDS": "10", "ACTION_TIMEOUT_SECONDS": "10"})
    with pytest.raises(ValueError, match="REDIS_TIMEOUT_SECONDS"):
        Settings.from_env({"REDIS_TIMEOUT_SECONDS": "0"})


def test_rasa_waits_for_an_action_no_longer_than_the_timeout(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
):
    # Undone after the test: `apply` changes Rasa for the whole process.
    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)
    monkeypatch.setattr(
        rasa.core.actions.action,
        "DEFAULT_REQUEST_TIMEOUT",
        rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT,
    )
    action_fallback.apply(settings.action_timeout_seconds)
    timeout = rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT
    assert timeout == settings.action_timeout_seconds < settings.lock_lifetime_seconds


def test_the_lock_store_has_socket_timeouts_and_the_configured_lifetime(
    settings: Settings, endpoints: AvailableEndpoints
):
    store = LockStore.create(endpoints.lock_store)
    assert isinstance(store, AtomicRedisLockStore)
    assert store.lock_lifetime == settings.lock_lifetime_seconds
    timeout = settings.redis_timeout_seconds
    assert socket_timeouts(store.red) == (timeout, timeout)


def test_the_tracker_store_has_socket_timeouts(settings: Settings, endpoints: AvailableEndpoints):
    store = TrackerStore.create(endpoints.tracker_store, Domain.empty())
    assert isinstance(store, RedisTrackerStore)
    timeout = settings.redis_timeout_seconds
    assert socket_timeouts(store.red) == (timeout, timeout)


async def test_the_event_broker_has_socket_timeouts(
    settings: Settings, endpoints: AvailableEndpoints
):
    broker = await RedisStreamBroker.from_endpoint_config(endpoints.event_broker)
    timeout = settings.redis_timeout_seconds
    assert socket_timeouts(broker.client) == (timeout, timeout)


def test_the_channels_rate_counter_has_socket_timeouts(settings: Settings):
    counter = rate_counter(settings.redis_url, 20, 60, settings.redis_timeout_seconds)
    assert isinstance(counter, RedisRateCounter)
    timeout = settings.redis_timeout_seconds
    assert socket_timeouts(counter.client) == (timeout, timeout)


def test_the_messaging_channels_store_has_socket_timeouts(settings: Settings):
    store = ChannelStore.from_url(settings.redis_url or "", 20, 60)
    timeout = settings.redis_timeout_seconds
    assert socket_timeouts(store.client) == (timeout, timeout)


def test_the_handoff_queue_has_socket_timeouts_and_its_listener_waits(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
):
    """The actions' queue, as the action server builds it from its environment."""
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    monkeypatch.setenv("REDIS_TIMEOUT_SECONDS", "1.5")
    actions.handoff_store.cache_clear()
    try:
        store = actions.handoff_store()
    finally:
        actions.handoff_store.cache_clear()
    assert store is not None
    assert socket_timeouts(store.client) == (1.5, 1.5)
    # Notifications may be minutes apart: only connecting is bounded.
    assert socket_timeouts(store.listener) == (None, 1.5)


def socket_timeouts(client: object) -> tuple[float | None, float | None]:
    """A redis-py client's socket timeout and connection timeout."""
    kwargs = client.connection_pool.connection_kwargs  # type: ignore[attr-defined]
    return kwargs.get("socket_timeout"), kwargs.get("socket_connect_timeout")
