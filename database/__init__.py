"""The SQL database shared by the console and the archive (SQLAlchemy Core).

`DATABASE_URL` picks the engine: SQLite by default, PostgreSQL in production. `connect`
creates the tables that are missing, so no migration tool is needed yet.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import DateTime, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import IntegrityError, ProgrammingError


class UtcDateTime(TypeDecorator):
    """A moment stored in UTC and read back time-zone aware on every engine (SQLite
    keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored: give its time zone")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, _: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=timezone.utc)


def connect(url: str, *schemas: MetaData) -> Engine:
    """An engine on `url`, with the tables of `schemas` created if they are missing."""
    if url.startswith("sqlite:///"):
        _ensure_folder(url.removeprefix("sqlite:///"))
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    for schema in schemas:
        _create_tables(engine, schema)
    return engine


def _create_tables(engine: Engine, schema: MetaData, attempts: int = 3) -> None:
    """Create the missing tables. Two services starting together may both try: on
    PostgreSQL the second then fails on a name the first just took, and tries again."""
    for attempt in range(attempts):
        try:
            schema.create_all(engine)
            return
        except (IntegrityError, ProgrammingError):
            if attempt == attempts - 1:
                raise


def _ensure_folder(path: str) -> None:
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(connection: object, _: object) -> None:
    """Foreign keys enforced, writers that wait for each other instead of failing, and a
    lower() that folds every letter (SQLite's own folds ASCII only: É stays É)."""
    connection.create_function("lower", 1, _lower, deterministic=True)  # type: ignore[attr-defined]
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _lower(text: str | None) -> str | None:
    return None if text is None else text.lower()
