"""What the console's tests share: the staff accounts, the console's environment, acting
on the handoff queue as the bot does, and signing in from a browser."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import Page, expect

from handoff.store import HandoffStore
from launcher.local_redis import free_port

T = TypeVar("T")

PASSWORD = "un mot de passe assez long"
# name: (role, display name)
ACCOUNTS = {
    "camille": ("counsellor", "Camille"),
    "lucas": ("counsellor", "Lucas"),
    "ana": ("analyst", "Ana"),
    "adele": ("admin", "Adèle"),
}


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


def sign_in_with_the_keyboard(page: Page, name: str) -> None:
    # The name field has the focus once the page is ready: type only then.
    expect(page.get_by_label("Identifiant")).to_be_focused()
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
