"""Fixtures of the widget's tests: a real Chromium on the real running assistant."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from widget_browser import DESKTOP, answer_neutral_site, launch

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
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    answer_neutral_site(page)
    page.goto(stack.demo_url)
    page.get_by_role("textbox", name="Votre message").wait_for()
    page.get_by_text("Connexion en cours").wait_for(state="hidden")
    yield page
    context.close()
