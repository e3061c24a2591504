"""Shared fixtures: a real Redis server and the real running assistant, started once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pgserver
import pytest
from platforms import Platforms

from launcher.local_redis import LocalRedis, free_port, port_is_free
from launcher.model import ensure_model
from launcher.settings import Settings
from launcher.stack import Stack


@pytest.fixture(scope="session")
def model() -> Path:
    """The trained model (trained first if the inputs changed)."""
    return ensure_model(Settings.from_env())


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis server on a free local port."""
    with LocalRedis() as server:
        yield server.url


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real PostgreSQL server (pgserver's binaries) on a local socket."""
    server = pgserver.get_server(tmp_path_factory.mktemp("postgres"), cleanup_mode="stop")
    yield server.get_uri()
    server.cleanup()


@pytest.fixture(scope="session")
def platforms() -> Iterator[Platforms]:
    """Stand-ins of the send APIs of Messenger, Telegram and Twilio, recording."""
    with Platforms() as running:
        yield running


@pytest.fixture(scope="session")
def stack(
    model: Path,
    redis_url: str,
    postgres_url: str,
    platforms: Platforms,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Stack]:
    """The whole assistant on Redis and PostgreSQL, as in production: action server, Rasa
    server, the counsellors' console and the archiver; with the messaging apps, whose
    platforms are local stand-ins."""
    env = {
        **os.environ,
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "CONSOLE_PORT": str(free_port()),
        "ARCHIVE_PORT": str(free_port()),
        "REDIS_URL": redis_url,
        "DATABASE_URL": postgres_url,
        # Counsellors can be reached whenever the tests run.
        "COUNSELLOR_HOURS": "24/7",
        "TRACKER_EXPIRY_SECONDS": "600",
        "RASA_AUTH_TOKEN": "test-token-" + os.urandom(8).hex(),
        "RUN_DIR": str(tmp_path_factory.mktemp("run")),
        **platforms.settings(),
        "CHANNEL_RATE_LIMIT": "6/60",
        # Every test talks from 127.0.0.1: the address limit has tests of its own.
        "IP_RATE_LIMIT": "100000/60",
    }
    env.pop("ACTION_SERVER_URL", None)
    # What the services print, read by the tests that no message text is logged.
    log = Path(env["RUN_DIR"]) / "services.log"
    with log.open("wb") as output, Stack(env, output) as running:
        yield running


@pytest.fixture(scope="session")
def replicated_stack(
    model: Path, postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """The assistant as deployed at scale: two Rasa replicas behind nginx, sharing their
    own Redis, with the action server, the console and the archiver."""
    run_dir = tmp_path_factory.mktemp("replicated")
    # Two free ports in a row for the replicas (RASA_PORT + 1 and + 2).
    port = free_port()
    while not all(port_is_free(port + offset) for offset in (1, 2)):
        port = free_port()
    env = {
        **os.environ,
        "RASA_REPLICAS": "2",
        "RASA_PORT": str(port),
        "ACTION_PORT": str(free_port()),
        "CONSOLE_PORT": str(free_port()),
        "ARCHIVE_PORT": str(free_port()),
        "DATABASE_URL": postgres_url,
        "COUNSELLOR_HOURS": "24/7",
        "RASA_AUTH_TOKEN": "test-token-" + os.urandom(8).hex(),
        "RUN_DIR": str(run_dir),
        "IP_RATE_LIMIT": "100000/60",
    }
    for name in ("ACTION_SERVER_URL", "REDIS_URL"):
        env.pop(name, None)
    with (run_dir / "services.log").open("wb") as output, Stack(env, output) as running:
        yield running
