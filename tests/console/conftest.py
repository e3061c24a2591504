"""Fixtures of the console's tests: a real Redis, the real console process, its accounts
made with its command line, its archive written by the archive's recorder, and a real
Chromium."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import pytest
from archive_samples import Archive, march_2025
from console_process import ConsoleProcess, create_user
from console_testing import ACCOUNTS, PASSWORD, console_env, on_queue
from playwright.sync_api import Browser, Page, sync_playwright
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
    return lambda name: _signed_in(console, name)


@pytest.fixture(scope="module")
def analyst(console: ConsoleProcess) -> StaffClient:
    """The analyst of ACCOUNTS, signed in once for a module's tests."""
    return _signed_in(console, "ana")


def _signed_in(console: ConsoleProcess, name: str) -> StaffClient:
    client = StaffClient(console.url, forwarded_for=_address())
    assert client.login(name, PASSWORD).status_code == 303
    return client


def _address() -> str:
    return f"198.51.100.{uuid.uuid4().int % 250 + 1}"


@pytest.fixture(scope="session")
def archive(env: dict[str, str]) -> Archive:
    """The console's archive (the tables are made with the accounts, before it starts)."""
    return Archive(env["DATABASE_URL"])


@pytest.fixture(scope="session")
def march(archive: Archive) -> dict[str, int]:
    """The archive's ids of the conversations of `archive_samples.march_2025`, which no
    test changes."""
    chats = march_2025()
    return dict(zip(chats, archive.add(*chats.values()), strict=True))


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


@pytest.fixture
def page(browser: Browser, console: ConsoleProcess) -> Iterator[Page]:
    """A fresh context on the login page; every request must stay on the console."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    # Script errors, CSP violations, missing files (a 401 or 409 answer is not a problem).
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error"
        and "Failed to load resource" not in message.text
        and problems.append(message.text),
    )
    page.on("response", lambda reply: reply.status == 404 and problems.append(reply.url))
    page.goto(f"{console.url}/login")
    yield page
    context.close()
    assert all(url.startswith(console.url) for url in requested), requested
    assert problems == []
