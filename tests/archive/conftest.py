"""Fixtures of the archive's tests: the archive on SQLite and on a real PostgreSQL, and
the real anonymiser."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from anonymiser import redact_texts
from archive.recorder import Recorder, Redactor
from archive.schema import connect


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path, postgres_url: str) -> Iterator[Engine]:
    """The archive's tables in a new database of each engine."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'archive.db'}"
    else:
        url = _new_postgres_database(postgres_url)
    archive = connect(url)
    yield archive
    archive.dispose()


def _new_postgres_database(server_url: str) -> str:
    name = f"archive_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def redact() -> Redactor:
    return redact_texts


@pytest.fixture
def key() -> bytes:
    """The key of the senders' pseudonyms."""
    return b"a test key"


@pytest.fixture
def recorder(engine: Engine, redact: Redactor, key: bytes) -> Recorder:
    return Recorder(engine, redact, key)
