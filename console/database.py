"""The console's tables: staff accounts and the audit log of what staff did.

In the database of `DATABASE_URL` (see `database`), beside the archive's tables, which
the console reviews.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    func,
)
from sqlalchemy.engine import Engine

import archive.schema
import database
from database import UtcDateTime

metadata = MetaData()

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Who did what, when: logins, every handoff a counsellor accepted, took over or ended,
# and every archived conversation staff read, corrected or deleted, and every export
# (`console.labels.ACTIONS`). `conversation_id` is Rasa's sender id for a live
# conversation, the archive's id for an archived one. Never a message's text.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False, server_default=func.now()),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("action", String(32), nullable=False),
    Column("conversation_id", String(128), nullable=True, index=True),
)


def connect(url: str) -> Engine:
    """An engine on `url`, with the console's and the archive's tables created if they
    are missing."""
    return database.connect(url, metadata, archive.schema.metadata)
