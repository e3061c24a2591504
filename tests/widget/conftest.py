"""Fixtures of the widget's tests: a real Chromium on the real running assistant."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from widget_browser import launch, open_chat

from launcher.stack import Stack


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A fresh browser context (no storage, no cookies) on the demo page, chat open."""
    page = open_chat(browser, stack.demo_url)
    yield page
    page.context.close()
