"""Fixtures of the console's tests: a real Redis, the real console process, its accounts
made with its command line, and a real Chromium."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import pytest
from console_process import ConsoleProcess, create_user
from console_testing import ACCOUNTS, PASSWORD, console_env, on_queue
from playwright.sync_api import Browser, sync_playwright
from staff_client import StaffClient
from widget_browser import launch

from handoff.store import HandoffStore
from launcher.local_redis import LocalRedis

T = TypeVar("T")


@pytest.fixture(scope="session")
def console_redis() -> Iterator[LocalRedis]:
    """A Redis of the console's own tests (the queue is then theirs alone)."""
    with LocalRedis() as server:
        yield server


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: the widget's tests start their own Playwright after these."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
