"""Screenshots of the widget for the README, on a desktop and a phone-sized screen.

    .venv/bin/python tests/widget/screenshots.py                 # starts the assistant
    .venv/bin/python tests/widget/screenshots.py --url http://localhost:5005   # a running one

Writes docs/widget-desktop.png and docs/widget-phone.png.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright
from widget_browser import DESKTOP, PHONE, launch
from widget_page import say

from launcher.local_redis import free_port
from launcher.settings import ROOT
from launcher.stack import Stack

DOCS = ROOT / "docs"
DEMO_PATH = "/webhooks/socketio/demo"


def shoot(
    browser: Browser, demo_url: str, viewport: dict[str, int], messages: list[str], path: Path
) -> None:
    """The widget after `messages`, showing the answer to the last one."""
    context = browser.new_context(
        viewport=viewport, locale="fr-FR", device_scale_factor=2, reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(demo_url)
    for message in messages:
        say(page, message)
    # The person's last message at the top, then the answer and its cards; no focus ring.
    page.locator(".fv-msg-user").last.evaluate(
        "e => { const s = e.closest('.fv-scroll'); s.scrollTop = e.offsetTop - s.offsetTop - 12 }"
    )
    page.locator(".fv-chat-host").evaluate("e => e.shadowRoot.activeElement?.blur()")
    page.screenshot(path=str(path))
    context.close()
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running assistant (default: start one)")
    url = parser.parse_args().url
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        if url:
            take_all(browser, url.rstrip("/") + DEMO_PATH)
        else:
            env = {
                **os.environ,
                "RASA_PORT": str(free_port()),
                "ACTION_PORT": str(free_port()),
            }
            with Stack(env) as stack:
                take_all(browser, stack.demo_url)
        browser.close()


def take_all(browser: Browser, demo_url: str) -> None:
    visit = ["bonjour, on m'a volé mon sac hier soir", "je suis à Villeurbanne"]
    shoot(browser, demo_url, DESKTOP, visit, DOCS / "widget-desktop.png")
    crisis = ["il est devant chez moi, il me menace, j'ai peur"]
    shoot(browser, demo_url, PHONE, crisis, DOCS / "widget-phone.png")


if __name__ == "__main__":
    main()
