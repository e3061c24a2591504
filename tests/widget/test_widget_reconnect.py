"""Reconnection after a network cut and after the Rasa server restarts: nothing lost,
nothing doubled.

Last of the widget's tests (the restart stops the shared server for about a minute).
"""

from __future__ import annotations

import json

import requests
from cuttable_proxy import CuttableProxy
from helpers import post_bot_event
from playwright.sync_api import Browser, Page, expect
from widget_browser import DESKTOP
from widget_page import bot_messages, message_box, say, wait_until_answered

from launcher.stack import Stack

RESTART_SECONDS = 300


def tracker_events(stack: Stack, sender: str) -> list[dict]:
    return requests.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.settings.auth_token},
        timeout=30,
    ).json()["events"]


def session_of(page: Page) -> dict:
    return json.loads(page.evaluate("sessionStorage.getItem('france-victimes-chat')"))


def assert_shown_once_each(page: Page, stack: Stack, user_texts: list[str]) -> None:
    """The conversation went on in one session: the tracker holds each user message once,
    and the page shows each of the bot's messages once, in order."""
    state = session_of(page)
    assert state["outbox"] == []
    events = tracker_events(stack, state["token"].split(".")[0])
    assert [event["text"] for event in events if event["event"] == "user"] == user_texts
    stored = [event["text"] for event in events if event["event"] == "bot"]
    shown = bot_messages(page).evaluate_all(
        "nodes => nodes.map(n => n.querySelector('.fv-text').innerText)"
    )
    assert shown == stored
    assert len(state["seen"]) == len(set(state["seen"])) == len(stored)


def test_after_a_network_cut_missed_messages_come_once(browser: Browser, stack: Stack):
    with CuttableProxy(stack.settings.rasa_port) as proxy:
        page = browser.new_context(viewport=DESKTOP, locale="fr-FR").new_page()
        page.goto(f"http://localhost:{proxy.port}/webhooks/socketio/demo")
        say(page, "bonjour")
        token = session_of(page)["token"]
        proxy.cut()
        expect(page.get_by_role("status")).to_contain_text("La connexion est coupée")
        # While the person is cut off: a counsellor writes, and the person writes too.
        counsellor = {"event": "bot", "text": "Une conseillère va vous répondre."}
        post_bot_event(stack, token.split(".")[0], counsellor)
        message_box(page).fill("on m'a volé mon vélo")
        message_box(page).press("Enter")
        page.wait_for_timeout(1000)
        expect(page.get_by_text(counsellor["text"])).to_have_count(0)
        proxy.mend()
        expect(page.get_by_role("status")).to_contain_text("La connexion est rétablie")
        wait_until_answered(page)
        expect(page.get_by_text(counsellor["text"])).to_have_count(1)
        assert session_of(page)["token"] == token
        assert_shown_once_each(page, stack, ["bonjour", "on m'a volé mon vélo"])
        page.context.close()


def test_a_message_written_while_the_server_restarts_is_answered_once(page: Page, stack: Stack):
    say(page, "bonjour")
    state = session_of(page)
    stack.stop("rasa")
    expect(page.get_by_role("status")).to_contain_text("La connexion est coupée")
    box = message_box(page)
    box.fill("on m'a volé mon téléphone dans le bus")
    box.press("Enter")  # kept until the server is back
    stack.start_rasa()
    expect(page.get_by_role("status")).to_contain_text(
        "La connexion est rétablie", timeout=RESTART_SECONDS * 1000
    )
    wait_until_answered(page)
    # The same conversation went on: the session id survived the restart.
    assert session_of(page)["token"] == state["token"]
    assert_shown_once_each(page, stack, ["bonjour", "on m'a volé mon téléphone dans le bus"])
