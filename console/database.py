"""The console's tables: staff accounts and the audit log of what staff did.

SQLAlchemy Core on `DATABASE_URL` (SQLite by default); `connect` creates the tables
that are missing, so no migration tool is needed yet.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    func,
)
from sqlalchemy.engine import Engine

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

# Who did what, when: logins, and every handoff a counsellor accepted, took over or ended
# (the analysts' readings of archived conversations will be logged here too). Never a
# message's text.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("action", String(32), nullable=False),
    Column("conversation_id", String(128), nullable=True, index=True),
)


def connect(url: str) -> Engine:
    """An engine on `url`, with the tables created if they are missing."""
    if url.startswith("sqlite:///"):
        _ensure_folder(url.removeprefix("sqlite:///"))
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    metadata.create_all(engine)
    return engine


def _ensure_folder(path: str) -> None:
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_foreign_keys(connection: object, _: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
