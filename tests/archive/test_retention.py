"""Retention and deletion on request, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone

import rasa_events as ev
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from archive.events import sessions
from archive.recorder import Recorder
from archive.retention import delete_conversation, forget_sender, purge
from archive.schema import conversations, situations, turns

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def at(year: int, month: int, day: int) -> float:
    return datetime(year, month, day, 12, 0, tzinfo=timezone.utc).timestamp()


def record(recorder: Recorder, sender: str, moment: float) -> None:
    recorder.record(
        sessions(
            [
                ev.session_started(sender, moment),
                ev.user(sender, moment + 1, "Mon voisin me harcèle", "harassment"),
                ev.situation(sender, moment + 1, "harassment"),
            ]
        )
    )


def counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (conversations, turns, situations)
        )


def test_purge_deletes_what_is_older_than_the_retention(recorder: Recorder, engine: Engine) -> None:
    record(recorder, "old", at(2025, 11, 26))  # 12 months and a day before NOW
    record(recorder, "recent", at(2025, 11, 28))
    assert purge(engine, 12, now=NOW) == 1
    assert counts(engine) == (1, 1, 1)
    assert purge(engine, 12, now=NOW) == 0
    assert purge(engine, 6, now=NOW) == 1
    assert counts(engine) == (0, 0, 0)


def test_one_conversation_is_deleted_on_request(recorder: Recorder, engine: Engine) -> None:
    record(recorder, "a", at(2026, 11, 1))
    record(recorder, "b", at(2026, 11, 2))
    with engine.connect() as connection:
        first = connection.execute(select(func.min(conversations.c.id))).scalar_one()
    assert delete_conversation(engine, first)
    assert not delete_conversation(engine, first)
    assert counts(engine) == (1, 1, 1)


def test_every_conversation_of_a_sender_is_forgotten(
    recorder: Recorder, engine: Engine, key: bytes
) -> None:
    record(recorder, "messenger-123", at(2026, 10, 1))
    record(recorder, "messenger-123", at(2026, 11, 1))
    record(recorder, "messenger-456", at(2026, 11, 1))
    assert forget_sender(engine, b"another key", "messenger-123") == 0
    assert forget_sender(engine, key, "messenger-123") == 2
    assert counts(engine) == (1, 1, 1)
