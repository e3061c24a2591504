"""Reconnection after the Rasa server restarts: nothing lost, nothing doubled.

Last of the widget's tests (it restarts the shared server, about a minute and a half).
"""

from __future__ import annotations

import json

import requests
from playwright.sync_api import Page, expect
from widget_page import bot_messages, message_box, say, wait_until_answered

from launcher.stack import Stack

RESTART_SECONDS = 300


def tracker_events(stack: Stack, sender: str) -> list[dict]:
    return requests.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.settings.auth_token},
        timeout=30,
    ).json()["events"]


def test_a_message_written_while_the_server_restarts_is_answered_once(page: Page, stack: Stack):
    say(page, "bonjour")
    state = json.loads(page.evaluate("sessionStorage.getItem('france-victimes-chat')"))
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

    # The same conversation went on (the session id survived the restart) ...
    after = json.loads(page.evaluate("sessionStorage.getItem('france-victimes-chat')"))
    assert after["token"] == state["token"] and after["outbox"] == []
    events = tracker_events(stack, state["token"].split(".")[0])
    user_texts = [event["text"] for event in events if event["event"] == "user"]
    assert user_texts == ["bonjour", "on m'a volé mon téléphone dans le bus"]
    # ... and the page shows each of the bot's messages once, in order.
    stored = [event["text"] for event in events if event["event"] == "bot"]
    shown = bot_messages(page).evaluate_all(
        "nodes => nodes.map(n => n.querySelector('.fv-text').innerText)"
    )
    assert shown == stored
    assert len(after["seen"]) == len(set(after["seen"])) == len(stored)
