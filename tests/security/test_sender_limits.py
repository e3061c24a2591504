"""The per-sender limit (SENDER_RATE_LIMIT) of the REST and widget channels on the real
running assistant: over it, the person is told once, the rest of the window is not
read, and a crisis is still answered at once with the emergency numbers."""

from __future__ import annotations

import requests
from helpers import new_sender, send, texts
from test_widget_channel import connected, user_events

from launcher.stack import Stack

CRISIS = "je vais me tuer ce soir"
CRISIS_NUMBERS = ("17", "112", "114", "3114")
EMERGENCY_NUMBERS = ("17", "112", "114")


def post(stack: Stack, sender: str, message: str) -> requests.Response:
    return requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=60,
    )


def test_rest_over_the_limit_429_the_notice_once_and_a_crisis_answered(stack: Stack):
    sender = new_sender()
    limit, window = stack.settings.sender_rate_limit
    for _ in range(limit):
        assert send(stack, "bonjour", sender)
    told = post(stack, sender, "bonjour")
    assert told.status_code == 429 and 0 < int(told.headers["Retry-After"]) <= window
    assert "beaucoup de messages" in texts(told.json())
    assert all(number in texts(told.json()) for number in EMERGENCY_NUMBERS)
    again = post(stack, sender, "bonjour")
    assert (again.status_code, again.json()) == (429, [])
    crisis = post(stack, sender, CRISIS)
    assert crisis.status_code == 200
    assert all(number in texts(crisis.json()) for number in CRISIS_NUMBERS)
    assert len(user_events(stack, sender)) == limit  # the rest was not read


def test_widget_over_the_limit_the_notice_once_and_a_crisis_answered(stack: Stack):
    limit, _ = stack.settings.sender_rate_limit
    with connected(stack) as client:
        sender = client.session()["session_id"].split(".")[0]
        for _ in range(limit):
            assert client.say("bonjour")
        [told] = client.say("bonjour")
        assert told["notice"] and "beaucoup de messages" in told["text"]
        assert client.say("bonjour") == []  # acknowledged, not read
        [crisis] = client.say(CRISIS)
        assert crisis["notice"] and all(number in crisis["text"] for number in CRISIS_NUMBERS)
    assert len(user_events(stack, sender)) == limit
