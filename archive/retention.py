"""Deleting from the archive: conversations older than the retention period, one
conversation on request, or every conversation of one sender."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from archive.recorder import sender_hash
from archive.schema import conversations, situations, turns

# Conversations deleted per statement (SQLite limits a statement's parameters).
CHUNK = 500


def purge(engine: Engine, months: int, now: datetime | None = None) -> int:
    """Delete the conversations whose last message is more than `months` months old."""
    limit = (now or datetime.now(timezone.utc)) - relativedelta(months=months)
    return _delete_where(engine, conversations.c.last_at < limit)


def delete_conversation(engine: Engine, conversation_id: int) -> bool:
    """Delete one conversation; False if there was none with that id."""
    return _delete_where(engine, conversations.c.id == conversation_id) == 1


def forget_sender(engine: Engine, key: bytes, sender_id: str) -> int:
    """Delete every conversation of the sender (as a channel knows them: a session id,
    a Messenger or Telegram id...)."""
    return _delete_where(engine, conversations.c.sender_hash == sender_hash(key, sender_id))


def _delete_where(engine: Engine, condition: ColumnElement[bool]) -> int:
    with engine.begin() as connection:
        ids: Sequence[int] = (
            connection.execute(select(conversations.c.id).where(condition)).scalars().all()
        )
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            # Explicitly, not by cascade: SQLite only cascades with its foreign keys on.
            for table in (turns, situations):
                connection.execute(delete(table).where(table.c.conversation_id.in_(chunk)))
            connection.execute(delete(conversations).where(conversations.c.id.in_(chunk)))
        return len(ids)
