"""The archiver's health, readiness and metrics, with the archiver running as in
production on a real Redis and SQLite, fed by the real event broker."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
import redis
from helpers import new_sender
from prometheus_client.parser import text_string_to_metric_families
from rasa.shared.core.events import BotUttered, UserUttered
from service_process import ServiceProcess

from archive.archiver import CONSUMER, GROUP
from archive.monitoring import pending_events
from handoff.events import EVENTS_STREAM
from launcher.local_redis import LocalRedis, free_port
from rasa_extensions.redis_broker import RedisStreamBroker


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRedis]:
    """A Redis of these tests alone (one test stops it for a moment)."""
    with LocalRedis(data_dir=tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def archiver(
    own_redis: LocalRedis, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceProcess]:
    run_dir = tmp_path_factory.mktemp("archive")
    port = free_port()
    env = {
        **os.environ,
        "REDIS_URL": own_redis.url,
        "DATABASE_URL": f"sqlite:///{run_dir / 'archive.db'}",
        "RUN_DIR": str(run_dir),
        "RASA_AUTH_TOKEN": "test-token",
        "ARCHIVE_PORT": str(port),
    }
    with ServiceProcess(["-m", "archive", "serve"], env, f"http://127.0.0.1:{port}") as running:
        yield running


def metrics(archiver: ServiceProcess) -> dict[str, float]:
    """The unlabelled samples of `/metrics`, by name."""
    reply = archiver.get("/metrics")
    assert reply.status_code == 200
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(reply.text)
        for sample in family.samples
        if not sample.labels
    }


def until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def test_health_and_readiness(archiver: ServiceProcess):
    assert archiver.get("/health").json() == {"status": "ok"}
    reply = archiver.get("/ready")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ready", "checks": {"redis": "ok", "database": "ok"}}
    assert archiver.get("/elsewhere").status_code == 404


def test_the_archiver_yields_the_processor_to_the_servers(archiver: ServiceProcess):
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, archiver.pid) == min(own + 10, 19)


def test_metrics_count_archived_written_and_dropped_events(
    archiver: ServiceProcess, own_redis: LocalRedis
):
    before = metrics(archiver)
    broker = RedisStreamBroker(own_redis.url)
    for sender in (new_sender(), new_sender()):
        broker.publish({"sender_id": sender, **UserUttered("Bonjour").as_dict()})
        broker.publish({"sender_id": sender, **BotUttered("Bonjour !").as_dict()})
    redis.Redis.from_url(own_redis.url).xadd(EVENTS_STREAM, {"event": "not JSON"})

    def archived() -> bool:
        found = metrics(archiver)
        return (
            found["assistant_archive_events_total"] - before["assistant_archive_events_total"] == 4
        )

    until(archived)
    found = metrics(archiver)
    writes = "assistant_archive_conversation_writes_total"
    assert found[writes] - before[writes] >= 2
    dropped = "assistant_archive_dropped_events_total"
    assert found[dropped] - before[dropped] == 1
    until(lambda: metrics(archiver)["assistant_archive_pending_events"] == 0)


def test_not_ready_without_redis_then_ready_again(archiver: ServiceProcess, own_redis: LocalRedis):
    own_redis.stop()
    try:
        reply = archiver.get("/ready")
        assert reply.status_code == 503
        assert reply.json()["checks"] == {"redis": "failed", "database": "ok"}
        assert "assistant_archive_pending_events" not in metrics(archiver)
    finally:
        own_redis.start()
    until(lambda: archiver.get("/ready").status_code == 200)


def test_pending_counts_unread_and_unacknowledged_events():
    with LocalRedis() as server:
        client = redis.Redis.from_url(server.url)
        assert pending_events(client) == 0  # no stream yet
        for number in range(3):
            client.xadd(EVENTS_STREAM, {"event": str(number)})
        assert pending_events(client) == 3  # no group yet
        client.xgroup_create(EVENTS_STREAM, GROUP, id="0")
        [[_, read]] = client.xreadgroup(GROUP, CONSUMER, {EVENTS_STREAM: ">"}, count=2)
        assert pending_events(client) == 3  # 2 read, not recorded; 1 unread
        client.xack(EVENTS_STREAM, GROUP, *(entry_id for entry_id, _ in read))
        assert pending_events(client) == 1
