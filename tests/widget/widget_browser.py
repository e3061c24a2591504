"""Debian's Chromium driven by Playwright, for the widget's tests and screenshots.

Never a browser downloaded by `playwright install`: scripts/setup.sh --test installs
the `chromium` package (or set CHROMIUM to another binary).
"""

from __future__ import annotations

import os

from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# Where the quick exit goes in the tests: answered by the test itself, offline.
NEUTRAL_URL = "https://meteofrance.com/"


def launch(playwright: Playwright) -> Browser:
    """A headless Chromium with a fresh profile (Playwright makes a new user-data-dir)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)


def answer_neutral_site(page: Page) -> None:
    """Serve the neutral site of the quick exit from the test: no network here."""
    page.context.route(
        f"{NEUTRAL_URL}**",
        lambda route: route.fulfill(
            content_type="text/html", body="<html><body><h1>Météo</h1></body></html>"
        ),
    )


def open_chat(browser: Browser, demo_url: str) -> Page:
    """A fresh browser context (no storage, no cookies) on the demo page, chat open and
    connected. Close it with `page.context.close()`."""
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    answer_neutral_site(page)
    page.goto(demo_url)
    page.get_by_role("textbox", name="Votre message").wait_for()
    page.get_by_text("Connexion en cours").wait_for(state="hidden")
    return page
