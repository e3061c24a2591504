"""The archive's tables. Only redacted text ever reaches them (see `archive.recorder`).

A conversation is one Rasa session of one sender. The sender is never stored, only a keyed
hash of it (`sender_hash`), so that a person's conversations can be deleted on request
without the archive knowing who they are.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Engine

import database
from database import UtcDateTime

metadata = MetaData()

conversations = Table(
    "archive_conversations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_hash", String(64), nullable=False, index=True),
    Column("channel", String(32), nullable=False, default=""),
    Column("started_at", UtcDateTime, nullable=False, index=True),
    Column("last_at", UtcDateTime, nullable=False, index=True),
    Column("crisis", Boolean, nullable=False, default=False),
    Column("handoff", Boolean, nullable=False, default=False),
    Column("fallbacks", Integer, nullable=False, default=0),
    # The département of the place the person gave, when the bot resolved one.
    Column("departement", String(3), nullable=True, index=True),
    # The ids of the reception sites proposed, in the order first proposed.
    Column("sites", JSON, nullable=False, default=list),
    Column("turns", Integer, nullable=False, default=0),
)

# The situations recognised in a conversation (a person may describe several).
situations = Table(
    "archive_situations",
    metadata,
    Column(
        "conversation_id",
        Integer,
        ForeignKey("archive_conversations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("situation", String(64), primary_key=True),
)

USER, BOT, COUNSELLOR = "user", "bot", "counsellor"

turns = Table(
    "archive_turns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "conversation_id",
        Integer,
        ForeignKey("archive_conversations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("position", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("speaker", String(16), nullable=False),
    Column("text", Text, nullable=False),
    # What the NLU understood of a person's message, and an analyst's correction of it.
    Column("intent", String(64), nullable=True),
    Column("confidence", Float, nullable=True),
    Column("corrected_intent", String(64), nullable=True),
    Column("corrected_by", Integer, nullable=True),
    Column("corrected_at", UtcDateTime, nullable=True),
)


def connect(url: str) -> Engine:
    """An engine on `url`, with the archive's tables created if they are missing."""
    return database.connect(url, metadata)
