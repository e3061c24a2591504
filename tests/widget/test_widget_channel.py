"""The widget's socket.io channel over a real connection, as the widget (or anyone) uses it.

python-socketio's client, over HTTP long-polling (its websocket transport would need one
more package; the browser tests use websockets).
"""

from __future__ import annotations

import queue
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
import socketio
from helpers import post_bot_event

from launcher.stack import Stack

TIMEOUT = 60


class Client:
    """A socket.io client that records what the server sends."""

    def __init__(self) -> None:
        self.sio = socketio.Client(reconnection=False)
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        for name in ("session_confirm", "bot_uttered", "message_ack", "bad_request"):
            self.sio.on(name, lambda data, name=name: self.events.put((name, data)))

    def next(self, name: str) -> Any:
        """The next event called `name`, skipping others."""
        while True:
            event, data = self.events.get(timeout=TIMEOUT)
            if event == name:
                return data

    def session(self, **request: Any) -> dict[str, Any]:
        self.sio.emit("session_request", request)
        return self.next("session_confirm")

    def say(self, message: str, message_id: str | None = None) -> list[dict[str, Any]]:
        """Send a message; the bot messages received until it is acknowledged."""
        message_id = message_id or uuid.uuid4().hex
        self.sio.emit("user_uttered", {"message": message, "message_id": message_id})
        received = []
        while True:
            event, data = self.events.get(timeout=TIMEOUT)
            if event == "bot_uttered":
                received.append(data)
            elif event == "message_ack" and data["message_id"] == message_id:
                return received


@contextmanager
def connected(stack: Stack) -> Iterator[Client]:
    client = Client()
    client.sio.connect(stack.rasa_url, transports=["polling"], wait_timeout=TIMEOUT)
    try:
        yield client
    finally:
        client.sio.disconnect()


def user_events(stack: Stack, sender: str) -> list[dict[str, Any]]:
    tracker = requests.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.settings.auth_token},
        timeout=30,
    ).json()
    return [event for event in tracker["events"] if event["event"] == "user"]


def test_the_session_id_is_made_and_signed_by_the_server(stack: Stack):
    with connected(stack) as client:
        first = client.session()
        assert not first["resumed"]
        sender, signature = first["session_id"].split(".")
        assert len(sender) == 32 and len(signature) == 32
        forged = [
            "my-own-id",
            f"{sender}.{'0' * 32}",
            f"{uuid.uuid4().hex}.{signature}",
            {"nested": "object"},
        ]
        for session_id in forged:
            confirm = client.session(session_id=session_id)
            assert not confirm["resumed"] and confirm["session_id"] != session_id
        again = client.session(session_id=first["session_id"])
        assert again == {**first, "resumed": True}


def test_the_session_tells_how_long_messages_are_kept_and_the_numbers(stack: Stack):
    with connected(stack) as client:
        confirm = client.session()
    assert confirm["retention"] == 600  # TRACKER_EXPIRY_SECONDS of the test stack
    numbers = {entry["id"]: entry for entry in confirm["numbers"]}
    assert numbers["police"] == {
        "id": "police",
        "number": "17",
        "href": "tel:17",
        "sms": False,
        "urgent": True,
    }
    assert numbers["sms_emergency"]["href"] == "sms:114"
    assert numbers["victims_helpline"]["href"] == "tel:116006"


def test_a_message_sent_again_after_a_cut_is_answered_once(stack: Stack):
    with connected(stack) as client:
        token = (client.session())["session_id"]
        answers = client.say("bonjour", "first-message")
        assert answers and "assistant automatique" in answers[0]["text"]
    with connected(stack) as client:
        client.session(session_id=token, last_seen=answers[-1]["id"])
        assert client.say("bonjour", "first-message") == []
    sender = token.split(".")[0]
    assert [event["message_id"] for event in user_events(stack, sender)] == ["first-message"]


def test_bot_messages_missed_during_a_cut_are_replayed_once(stack: Stack):
    with connected(stack) as client:
        token = (client.session())["session_id"]
        answers = client.say("on m'a volé mon portefeuille dans le métro")
    assert len(answers) >= 3
    ids = [answer["id"] for answer in answers]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    # The widget saw only the first answer before the cut.
    with connected(stack) as client:
        client.session(session_id=token, last_seen=ids[0])
        replayed = [client.next("bot_uttered") for _ in answers[1:]]
        assert replayed == answers[1:]
        # Nothing more: the next thing is the answer to a new message.
        later = client.say("merci")
        assert all(message["id"] not in ids for message in later)
    # A widget that saw everything gets nothing again.
    with connected(stack) as client:
        client.session(session_id=token, last_seen=later[-1]["id"])
        assert client.say("/greet") != []


def test_missed_messages_come_before_the_answer_to_a_message_sent_on_resuming(stack: Stack):
    with connected(stack) as client:
        token = (client.session())["session_id"]
        answers = client.say("bonjour")
    counsellor = {"event": "bot", "text": "Une conseillère va vous répondre."}
    post_bot_event(stack, token.split(".")[0], counsellor)
    with connected(stack) as client:
        # As the widget does: the message written during the cut goes out on the confirmation.
        def confirmed(data: dict[str, Any]) -> None:
            client.events.put(("session_confirm", data))
            client.sio.emit(
                "user_uttered", {"message": "on m'a volé mon vélo", "message_id": "kept"}
            )

        client.sio.on("session_confirm", confirmed)
        client.sio.emit("session_request", {"session_id": token, "last_seen": answers[-1]["id"]})
        received = []
        while (event := client.events.get(timeout=TIMEOUT))[0] != "message_ack":
            if event[0] == "bot_uttered":
                received.append(event[1]["text"])
    assert received[0] == counsellor["text"]
    assert len(received) > 1 and counsellor["text"] not in received[1:]


def test_bad_payloads_are_refused_with_the_reason(stack: Stack):
    with connected(stack) as client:
        client.sio.emit("user_uttered", {"message": "bonjour"})
        assert "session_request" in (client.next("bad_request"))["error"]
        client.session()
        for payload, reason in [
            ("bonjour", "object"),
            ([1, 2], "object"),
            ({"message": 42}, "message"),
            ({"message": "x", "message_id": "<script>"}, "message_id"),
            ({"message": "x", "message_id": "a" * 65}, "message_id"),
        ]:
            client.sio.emit("user_uttered", payload)
            assert reason in (client.next("bad_request"))["error"]
        # The connection is still good.
        assert client.say("bonjour")


def test_a_very_long_message_is_read_in_part_and_the_person_told(stack: Stack):
    with connected(stack) as client:
        client.session()
        answers = client.say("a\x00\x07" + "é" * 100_000)
    assert answers[-1]["notice"] is True
    assert "très long" in answers[-1]["text"]


def test_rasas_http_api_writes_to_the_person_through_this_channel(stack: Stack):
    with connected(stack) as client:
        sender = (client.session())["session_id"].split(".")[0]
        client.say("bonjour")
        event = {
            "event": "bot",
            "text": "Une conseillère vous répond.",
            "data": {"custom": {"type": "handoff", "status": "connected"}},
        }
        post_bot_event(stack, sender, event)
        message = client.next("bot_uttered")
    assert message["text"] == "Une conseillère vous répond."
    assert message["custom"] == {"type": "handoff", "status": "connected"}


def test_the_widget_and_its_demo_page_are_served(stack: Stack):
    base = f"{stack.rasa_url}/webhooks/socketio"
    script = requests.get(f"{base}/widget.js", timeout=30)
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert (
        requests.get(f"{base}/widget.css", timeout=30)
        .headers["content-type"]
        .startswith("text/css")
    )
    demo = requests.get(f"{base}/demo", timeout=30)
    assert 'src="widget.js"' in demo.text
    assert "default-src 'self'" in demo.headers["content-security-policy"]
    assert requests.get(f"{base}/secrets.txt", timeout=30).status_code == 404
