"""Bad input (contract §7): a clear answer or a 4xx, never a crash or a 5xx."""

from __future__ import annotations

import pytest
import requests
from helpers import new_sender, send, texts

from launcher.stack import Stack

MALFORMED = [
    ("application/json", b"[]"),
    ("application/json", b"{}"),
    ("application/json", b'{"sender": "x"}'),
    ("application/json", b'{"message": "bonjour"}'),
    ("application/json", b'{"sender": 12, "message": "bonjour"}'),
    ("application/json", b'{"sender": "x", "message": ["a"]}'),
    ("application/json", b"{not json"),
    ("application/octet-stream", bytes(range(256)) * 8),
    ("text/plain", b"bonjour"),
]


@pytest.mark.parametrize(("content_type", "body"), MALFORMED)
def test_malformed_requests_get_a_400(stack: Stack, content_type: str, body: bytes):
    reply = requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": content_type},
        timeout=30,
    )
    assert reply.status_code == 400
    assert "error" in reply.json()


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   \n\t ",
        "😢😢😢",
        "<script>alert('x')</script><b>bonjour</b>",
        "What is the weather tomorrow?",
        "\x00\x01\x02 \ufffd\ufffd",
        "¿Dónde está la estación?",
    ],
)
def test_odd_messages_get_a_clear_answer(stack: Stack, message: str):
    messages = send(stack, message)
    assert messages and all(m.get("text") or m.get("buttons") for m in messages)


@pytest.mark.parametrize("message", ["😢😢😢", "???"])
def test_a_message_without_a_word_is_asked_again_with_the_situations(stack: Stack, message: str):
    sender = new_sender()
    send(stack, "bonjour", sender)
    messages = send(stack, message, sender)
    assert "pas sûr d'avoir bien compris" in texts(messages)
    assert any(m.get("buttons") for m in messages)


def test_100_kb_of_text_is_read_up_to_the_limit_and_said_so(stack: Stack):
    story = "Mon voisin me harcèle tous les jours, il m'insulte dans l'escalier. " * 1500
    assert len(story.encode()) > 100_000
    messages = send(stack, story)
    assert "très long" in messages[-1]["text"]
    assert len(messages) >= 2


def test_a_script_is_stored_as_text_not_run(stack: Stack):
    sender = new_sender()
    send(stack, "<img src=x onerror=alert(1)>", sender)
    tracker = requests.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.settings.auth_token},
        timeout=30,
    ).json()
    user_texts = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert user_texts == ["<img src=x onerror=alert(1)>"]


def test_a_crisis_in_a_very_long_message_is_still_answered(stack: Stack):
    message = "au secours il est là " + "et puis " * 200
    assert all(number in texts(send(stack, message)) for number in ("17", "112", "114"))
