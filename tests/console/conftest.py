"""Fixtures of the console's tests: a real Redis, the real console process, its accounts
made with its command line, and a real Chromium."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from console_process import ConsoleProcess, create_user
from playwright.sync_api import Browser, sync_playwright
from staff_client import StaffClient

from handoff.store import HandoffStore
from launcher.local_redis import LocalRedis, free_port

# The widget's tests launch Chromium the project's way; reuse it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "widget"))
from widget_browser import launch

PASSWORD = "un mot de passe assez long"
# name: (role, display name)
ACCOUNTS = {
    "camille": ("counsellor", "Camille"),
    "lucas": ("counsellor", "Lucas"),
    "ana": ("analyst", "Ana"),
    "adele": ("admin", "Adèle"),
}

T = TypeVar("T")


@pytest.fixture(scope="session")
def console_redis() -> Iterator[LocalRedis]:
    """A Redis of the console's own tests (the queue is then theirs alone)."""
    with LocalRedis() as server:
        yield server


def console_env(redis_url: str, run_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "REDIS_URL": redis_url,
        "CONSOLE_PORT": str(free_port()),
        "DATABASE_URL": f"sqlite:///{run_dir / 'console.db'}",
        "RUN_DIR": str(run_dir),
        # Nobody answers there: these tests do not need Rasa (the console still works).
        "RASA_URL": f"http://127.0.0.1:{free_port()}",
        "RASA_AUTH_TOKEN": "test-token",
        "COOKIE_SECURE": "false",
        # Behind one proxy, which says who the client is (throttling by address).
        "SANIC_PROXIES_COUNT": "1",
        **extra,
    }


@pytest.fixture(scope="session")
def env(console_redis: LocalRedis, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    settings = console_env(console_redis.url, tmp_path_factory.mktemp("console"))
    for name, (role, display) in ACCOUNTS.items():
        create_user(settings, name, role, PASSWORD, display)
    return settings


@pytest.fixture(scope="session")
def console(env: dict[str, str]) -> Iterator[ConsoleProcess]:
    with ConsoleProcess(env) as running:
        yield running


@pytest.fixture
def staff(console: ConsoleProcess) -> Callable[[str], StaffClient]:
    """A signed-in client for one of ACCOUNTS, each from an address of its own."""

    def signed_in(name: str) -> StaffClient:
        client = StaffClient(console.url, forwarded_for=_address())
        assert client.login(name, PASSWORD).status_code == 303
        return client

    return signed_in


def _address() -> str:
    return f"198.51.100.{uuid.uuid4().int % 250 + 1}"


@pytest.fixture
def handoff(console_redis: LocalRedis) -> Callable[[Callable[[HandoffStore], Awaitable[T]]], T]:
    """Act on the console's queue as the bot does: `handoff(lambda s: s.request(...))`."""
    return on_queue(console_redis.url)


def on_queue(redis_url: str) -> Callable[[Callable[[HandoffStore], Awaitable[T]]], T]:
    """A function that runs an action on the handoff store of `redis_url`."""

    def run(action: Callable[[HandoffStore], Awaitable[T]]) -> T:
        async def once() -> T:
            store = HandoffStore.from_url(redis_url)
            try:
                return await action(store)
            finally:
                await store.close()

        # In a thread of its own: Playwright's sync API keeps an event loop in this one.
        with ThreadPoolExecutor(max_workers=1) as thread:
            return thread.submit(asyncio.run, once()).result()

    return run


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: the widget's tests start their own Playwright after these."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def new_conversation() -> str:
    return "test-" + uuid.uuid4().hex
