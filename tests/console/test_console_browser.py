"""The console in a real Chromium: signing in with the keyboard, the live queue."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from console_process import ConsoleProcess
from console_testing import PASSWORD
from helpers import new_sender
from playwright.sync_api import Browser, Page, expect


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


def sign_in_with_the_keyboard(page: Page, name: str) -> None:
    # The name field has the focus once the page is ready: type only then.
    expect(page.get_by_label("Identifiant")).to_be_focused()
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def test_signing_in_and_out_with_the_keyboard(page: Page):
    sign_in_with_the_keyboard(page, "camille")
    expect(page.get_by_role("heading", name="File d'attente", exact=True)).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.goto(page.url.replace("/login", "/queue"))
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()


def test_a_wrong_password_is_announced(page: Page):
    page.get_by_label("Identifiant").fill("camille")
    page.get_by_label("Mot de passe").fill("pas le bon")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("Identifiant ou mot de passe incorrect.")
    expect(page.get_by_label("Identifiant")).to_have_value("camille")


def test_a_conversation_appears_live_and_is_announced(page: Page, handoff: Callable):
    sign_in_with_the_keyboard(page, "lucas")
    waiting = page.locator(".ticket")
    expect(page.get_by_text("Personne n'attend pour le moment.").or_(waiting.first)).to_be_visible()
    before = waiting.count()
    arriving = new_sender()
    handoff(lambda store: store.request(arriving, "crisis", "socketio", "harassment", crisis=True))
    item = page.locator(".ticket", has=page.locator(f"form[action$='{arriving}/accept']"))
    expect(item).to_be_visible()
    expect(item).to_have_class("ticket crisis")
    expect(item).to_contain_text("Harcèlement (hors ligne)")
    expect(waiting).to_have_count(before + 1)
    expect(page.locator("#annonces")).to_contain_text("attend")


def test_the_focus_stays_on_a_button_when_the_queue_is_refreshed(page: Page, handoff: Callable):
    sign_in_with_the_keyboard(page, "lucas")
    first = new_sender()
    handoff(lambda store: store.request(first, "request_human"))
    accept = page.locator(f"form[action$='{first}/accept'] button")
    expect(accept).to_be_visible()
    accept.focus()
    before = page.locator(".ticket").count()
    second = new_sender()
    handoff(lambda store: store.request(second, "request_human"))
    expect(page.locator(f"form[action$='{second}/accept']")).to_be_visible()
    expect(page.locator(".ticket")).to_have_count(before + 1)
    expect(accept).to_be_focused()


def test_analysts_get_their_home_page(page: Page):
    sign_in_with_the_keyboard(page, "ana")
    expect(page.get_by_role("heading", name="Bonjour Ana")).to_be_visible()
    expect(page.get_by_role("link", name="File d'attente")).to_have_count(0)
