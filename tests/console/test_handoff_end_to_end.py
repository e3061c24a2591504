"""The handoff with everything running for real: Rasa, the action server, the console and
Redis (started by the Stack, as `make run` does), the widget in one Chromium context and
the console in another."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from console_process import create_user
from console_testing import ACCOUNTS, PASSWORD, on_queue
from playwright.sync_api import Browser, Page, expect
from widget_browser import open_chat
from widget_page import bot_messages, say

from launcher.local_redis import free_port
from launcher.stack import Stack
from resources.catalog import default_catalog

ASK = "je veux parler à un conseiller"
CONNECTED = "Un conseiller ou une conseillère de France Victimes est avec vous"
HELPLINE = default_catalog()["victims_helpline"]["number"]
ENDED = "La conversation avec le conseiller ou la conseillère est terminée"


@pytest.fixture(scope="module")
def assistant(model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole service with its own local Redis (no REDIS_URL), counsellors always on."""
    env = {
        **os.environ,
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "CONSOLE_PORT": str(free_port()),
        "RASA_AUTH_TOKEN": "test-token-" + os.urandom(8).hex(),
        "RUN_DIR": str(tmp_path_factory.mktemp("run")),
        "COUNSELLOR_HOURS": "24/7",
        "COOKIE_SECURE": "false",
        "TRACKER_EXPIRY_SECONDS": "600",
    }
    for inherited in ("REDIS_URL", "RASA_URL", "DATABASE_URL", "ACTION_SERVER_URL"):
        env.pop(inherited, None)
    stack = Stack(env)
    for name, (role, display) in ACCOUNTS.items():
        create_user(env, name, role, PASSWORD, display)
    with stack:
        yield stack


@pytest.fixture
def person(browser: Browser, assistant: Stack) -> Iterator[Page]:
    """Someone on the website, the chat open."""
    page = open_chat(browser, assistant.demo_url)
    yield page
    page.context.close()


@pytest.fixture
def counsellor(browser: Browser, assistant: Stack) -> Iterator[Page]:
    """Camille, signed in to the console, on the queue."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{assistant.console_url}/login")
    page.get_by_label("Identifiant").fill("camille")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="File d'attente", exact=True)).to_be_visible()
    yield page
    page.get_by_role("button", name="Se déconnecter").click()  # signs off
    context.close()


@pytest.fixture
def handoff(assistant: Stack) -> Callable:
    return on_queue(assistant.settings.redis_url)


def test_nobody_online_the_person_gets_the_helpline_and_the_bot_carries_on(
    person: Page, handoff: Callable
):
    for name in handoff(lambda store: store.online()):
        handoff(lambda store, name=name: store.sign_off(name))
    answers = " ".join(say(person, ASK))
    assert "Aucun conseiller n'est disponible" in answers
    assert HELPLINE in answers
    assert say(person, "bonjour")


def test_a_person_asks_for_a_human_a_counsellor_accepts_they_talk_and_the_bot_returns(
    person: Page, counsellor: Page
):
    ask_and_accept(person, counsellor)
    # A quick insert goes into the message box, to be sent with the keyboard.
    counsellor.get_by_role(
        "button", name=re.compile(rf"^{re.escape(HELPLINE)} \((ouvert|fermé) maintenant\)$")
    ).click()
    box = counsellor.get_by_label("Votre message à la personne")
    expect(box).to_be_focused()
    box.press("Enter")
    expect(person.locator(".fv-msg-counsellor").last).to_contain_text(HELPLINE)
    talk_then_end(person, counsellor)


def test_a_redis_restart_in_the_middle_loses_nothing(
    person: Page, counsellor: Page, assistant: Stack
):
    assert assistant.local_redis is not None
    ask_and_accept(person, counsellor)
    assistant.local_redis.restart()
    talk_then_end(person, counsellor)


def test_a_console_restart_in_the_middle_loses_nothing(
    person: Page, counsellor: Page, assistant: Stack
):
    ask_and_accept(person, counsellor)
    assistant.stop("console")
    assistant.start_console()
    counsellor.reload()  # the same session, the same conversation, still hers
    talk_then_end(person, counsellor)


def test_a_rasa_restart_in_the_middle_loses_nothing(
    person: Page, counsellor: Page, assistant: Stack
):
    ask_and_accept(person, counsellor)
    assistant.stop("rasa")
    assistant.start_rasa()
    # The person's widget reconnects by itself; the bot is still paused for Camille.
    person.get_by_text("Connexion en cours").wait_for(state="hidden")
    talk_then_end(person, counsellor)


def test_a_counsellor_takes_over_a_conversation_with_the_bot(person: Page, counsellor: Page):
    say(person, "on m'a volé mon téléphone dans le métro")
    counsellor.reload()  # the latest conversation comes first
    counsellor.locator(".recent li").first.get_by_role("button", name="Prendre la main").click()
    expect(counsellor.locator("#transcript")).to_contain_text("volé mon téléphone")
    expect(bot_messages(person).last).to_contain_text(CONNECTED)
    talk_then_end(person, counsellor)


def ask_and_accept(person: Page, counsellor: Page) -> None:
    assert "Vous êtes en position 1" in " ".join(say(person, ASK))
    ticket = counsellor.locator(".ticket").last
    expect(ticket).to_contain_text("A demandé à parler à une personne")
    ticket.get_by_role("button", name="Accepter").click()
    expect(counsellor.locator("#transcript")).to_contain_text(ASK)
    expect(bot_messages(person).last).to_contain_text(CONNECTED)


def talk_then_end(person: Page, counsellor: Page) -> None:
    """Messages both ways, then the counsellor ends and the bot answers again."""
    box = counsellor.get_by_label("Votre message à la personne")
    box.fill("Bonjour, je m'appelle Camille. Je vous écoute.")
    box.press("Enter")
    written = person.locator(".fv-msg-counsellor").last
    expect(written).to_contain_text("Je vous écoute.")
    expect(written).to_contain_text("Camille")
    expect(box).to_have_value("")

    said = "merci, il me <b>harcèle</b> depuis des semaines"
    say(person, said)
    shown = counsellor.locator("#transcript .msg-person .text").last
    expect(shown).to_have_text(said)  # as text, never as HTML
    expect(shown.locator("b")).to_have_count(0)

    counsellor.get_by_role("button", name="Terminer").click()
    expect(counsellor.get_by_role("heading", name="File d'attente", exact=True)).to_be_visible()
    expect(bot_messages(person).last).to_contain_text(ENDED)
    assert say(person, "bonjour")
