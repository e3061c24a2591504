"""Acting on the widget as a person would: by roles, labels and visible text."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

BOT = ".fv-msg-bot, .fv-msg-notice"


def message_box(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Votre message")


def bot_messages(page: Page) -> Locator:
    return page.locator(BOT)


def wait_until_answered(page: Page) -> None:
    """Until the server has acknowledged every message sent (the typing indicator goes)."""
    page.locator(".fv-typing").wait_for(state="hidden", timeout=60_000)


def say(page: Page, text: str) -> list[str]:
    """Type and send a message with the keyboard; the texts of the bot's answers."""
    before = bot_messages(page).count()
    box = message_box(page)
    box.fill(text)
    box.press("Enter")
    wait_until_answered(page)
    return bot_messages(page).all_inner_texts()[before:]
