"""The console in a real Chromium: signing in with the keyboard, the live queue."""

from __future__ import annotations

from collections.abc import Callable

from console_testing import sign_in_with_the_keyboard
from helpers import new_sender
from playwright.sync_api import Page, expect


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


def test_analysts_land_on_the_archive_without_the_queue(page: Page):
    sign_in_with_the_keyboard(page, "ana")
    expect(page.get_by_role("heading", name="Conversations archivées")).to_be_visible()
    expect(page.get_by_role("link", name="File d'attente")).to_have_count(0)
