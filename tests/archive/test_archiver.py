"""The archiver on a real Redis stream, written by the real event broker: nothing is lost
when the database is down, and raw events do not outlive the conversations."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import rasa_events as ev
import redis
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from archive.archiver import GROUP, Archiver
from archive.recorder import Recorder, Redactor
from archive.schema import conversations, turns
from handoff.events import EVENTS_STREAM
from launcher.local_redis import LocalRedis, free_port
from rasa_extensions.redis_broker import RedisStreamBroker

RAW_EVENTS_SECONDS = 3600


@pytest.fixture
def redis_server() -> Iterator[LocalRedis]:
    """A Redis of this test alone: the stream and the group are then its own."""
    with LocalRedis() as server:
        yield server


@pytest.fixture
def broker(redis_server: LocalRedis) -> RedisStreamBroker:
    return RedisStreamBroker(redis_server.url)


def archiver(url: str, recorder: Recorder, purged: list[int] | None = None) -> Archiver:
    return Archiver(
        redis.Redis.from_url(url),
        recorder,
        raw_events_seconds=RAW_EVENTS_SECONDS,
        purge=lambda: (purged or [0]).pop(),
    )


def publish_story(broker: RedisStreamBroker, sender: str, at: float) -> None:
    for event in [
        ev.session_started(sender, at),
        ev.user(sender, at + 1, "Je m'appelle Karim Benali, on m'a agressé", "physical_assault"),
        ev.situation(sender, at + 1, "physical_assault"),
        ev.bot(sender, at + 2, "Je suis désolé. Le 116 006 peut vous aider."),
    ]:
        broker.publish(event)


def archived_turns(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(select(turns.c.text).order_by(turns.c.id)).scalars())


def test_events_are_archived_and_acknowledged(
    redis_server: LocalRedis, broker: RedisStreamBroker, recorder: Recorder, engine: Engine
) -> None:
    publish_story(broker, "s1", time.time())
    worker = archiver(redis_server.url, recorder)
    assert worker.step() == 4
    assert worker.step() == 0
    assert archived_turns(engine) == [
        "Je m'appelle <PERSONNE>, on m'a agressé",
        "Je suis désolé. Le 116 006 peut vous aider.",
    ]
    assert worker.client.xpending(EVENTS_STREAM, GROUP)["pending"] == 0


def test_nothing_is_lost_while_the_database_is_down(
    redis_server: LocalRedis,
    broker: RedisStreamBroker,
    recorder: Recorder,
    engine: Engine,
    redact: Redactor,
    key: bytes,
) -> None:
    publish_story(broker, "s1", time.time())
    # A PostgreSQL address where no server listens.
    nowhere = create_engine(f"postgresql://archive@127.0.0.1:{free_port()}/archive", future=True)
    failing = archiver(redis_server.url, Recorder(nowhere, redact, key))
    with pytest.raises(OperationalError):
        failing.step()
    # The events were read but not acknowledged: the next start records them.
    assert failing.client.xpending(EVENTS_STREAM, GROUP)["pending"] == 4
    assert archiver(redis_server.url, recorder).step() == 4
    assert len(archived_turns(engine)) == 2


def test_raw_events_do_not_outlive_the_conversations(
    redis_server: LocalRedis, broker: RedisStreamBroker, recorder: Recorder, engine: Engine
) -> None:
    client = redis.Redis.from_url(redis_server.url)
    old = int((time.time() - 2 * RAW_EVENTS_SECONDS) * 1000)
    for offset, event in enumerate(
        [ev.user("old", old / 1000, "une vieille histoire", "harassment")] * 3
    ):
        client.xadd(EVENTS_STREAM, {"event": json.dumps(event)}, id=f"{old}-{offset}")
    publish_story(broker, "new", time.time())
    purged = [2]
    worker = archiver(redis_server.url, recorder, purged)

    # Not archived yet: the old events stay, whatever their age.
    worker.housekeeping()
    assert client.xlen(EVENTS_STREAM) == 7
    assert purged == []  # the retention was applied

    while worker.step():
        pass
    worker.housekeeping()
    assert client.xlen(EVENTS_STREAM) == 4  # the new ones are kept as long as trackers are
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(conversations)).scalar() == 2
