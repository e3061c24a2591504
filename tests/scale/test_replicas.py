"""Two Rasa replicas behind nginx, sharing one Redis: any replica serves any turn.

The stack is the real one (`replicated_stack`): nginx from Debian's package, two Rasa
servers, the action server, the console and the archiver on their own Redis.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import requests
import socketio
from helpers import new_sender, post_bot_event, texts, tracker_events

from launcher.stack import Stack

TIMEOUT = 60
REPLICAS = ("rasa-1", "rasa-2")


def say(url: str, sender: str, message: str) -> list[dict[str, Any]]:
    reply = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=TIMEOUT
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


def user_texts(events: list[dict[str, Any]]) -> list[str]:
    return [event["text"] for event in events if event["event"] == "user"]


def test_a_conversation_alternating_between_replicas_keeps_every_turn(
    replicated_stack: Stack,
):
    sender = new_sender()
    turns = ["bonjour", "on m'a volé mon sac dans le métro", "à Lyon", "merci"]
    for number, message in enumerate(turns):
        replica = REPLICAS[number % 2]
        answer = say(replicated_stack.replica_url(replica), sender, message)
        assert answer, f"no answer from {replica} to turn {number}"
    events = tracker_events(replicated_stack, sender)
    assert user_texts(events) == turns
    # The second replica continued what the first one started: the situation it
    # recognised is still known, and it found the sites of Lyon.
    assert any(event.get("name") == "situation" and event.get("value") for event in events)
    assert "plainte" in texts(say(replicated_stack.rasa_url, sender, "je veux porter plainte"))


def test_nginx_spreads_the_turns_of_a_conversation_over_both_replicas(
    replicated_stack: Stack,
):
    """Through the public address, turns alternate; the conversation stays whole."""
    sender = new_sender()
    before = {name: handled_turns(replicated_stack, name) for name in REPLICAS}
    turns = [f"bonjour {number}" for number in range(6)]
    for message in turns:
        assert say(replicated_stack.rasa_url, sender, message)
    after = {name: handled_turns(replicated_stack, name) for name in REPLICAS}
    assert all(after[name] > before[name] for name in REPLICAS), (before, after)
    assert user_texts(tracker_events(replicated_stack, sender)) == turns


def handled_turns(stack: Stack, replica: str) -> int:
    """How many REST messages this replica has handled, from its own metrics."""
    reply = requests.get(f"{stack.replica_url(replica)}/metrics", timeout=TIMEOUT)
    for line in reply.text.splitlines():
        if line.startswith('assistant_messages_total{channel="rest"}'):
            return int(float(line.rsplit(" ", 1)[1]))
    return 0


def test_concurrent_messages_of_one_conversation_are_kept_in_order(replicated_stack: Stack):
    """Messages sent 50 ms apart, without waiting for the answers, to both replicas:
    Redis's lock serialises the turns in the order they arrived, none interleaved."""
    sender = new_sender()
    messages = [f"message numéro {number}" for number in range(8)]
    answers: dict[int, list[dict[str, Any]]] = {}

    def send(number: int) -> None:
        url = replicated_stack.replica_url(REPLICAS[number % 2])
        answers[number] = say(url, sender, messages[number])

    threads = [threading.Thread(target=send, args=(number,)) for number in range(len(messages))]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join(TIMEOUT)
    assert sorted(answers) == list(range(len(messages)))
    assert all(answers.values()), "a message got no answer"
    events = tracker_events(replicated_stack, sender)
    assert user_texts(events) == messages
    # Each turn is whole: after every message, the bot answered before the next one.
    kinds = [event["event"] for event in events if event["event"] in ("user", "bot")]
    turns = "".join("u" if kind == "user" else "b" for kind in kinds)
    assert "uu" not in turns and turns.endswith("b"), turns


def test_a_counsellor_message_through_one_replica_reaches_a_person_on_the_other(
    replicated_stack: Stack,
):
    """The widget is connected to replica 1; the console writes through replica 2's
    HTTP API: python-socketio's Redis manager carries the message across."""
    received: list[dict[str, Any]] = []
    arrived = threading.Event()
    client = socketio.Client(reconnection=False)
    confirmed: dict[str, Any] = {}
    client.on("session_confirm", lambda data: confirmed.update(data))

    def on_bot(data: dict[str, Any]) -> None:
        received.append(data)
        if "Camille" in str(data.get("text")):
            arrived.set()

    client.on("bot_uttered", on_bot)
    client.connect(
        replicated_stack.replica_url("rasa-1"), transports=["polling"], wait_timeout=TIMEOUT
    )
    try:
        client.emit("session_request", {})
        deadline = time.monotonic() + TIMEOUT
        while not confirmed and time.monotonic() < deadline:
            time.sleep(0.05)
        sender = confirmed["session_id"].split(".")[0]
        post_bot_event(
            replicated_stack,
            sender,
            {"event": "bot", "text": "Bonjour, je suis Camille, conseillère."},
            url=replicated_stack.replica_url("rasa-2"),
        )
        assert arrived.wait(TIMEOUT), received
    finally:
        client.disconnect()


def test_the_widget_talks_through_nginx_over_long_polling(replicated_stack: Stack):
    """Long-polling requests of one client always reach the same replica (sticky by
    address), so a session through the public address works from start to end."""
    answers: list[dict[str, Any]] = []
    acknowledged = threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", answers.append)
    client.on("message_ack", lambda _: acknowledged.set())
    client.connect(replicated_stack.rasa_url, transports=["polling"], wait_timeout=TIMEOUT)
    try:
        client.emit("session_request", {})
        client.emit("user_uttered", {"message": "bonjour", "message_id": uuid.uuid4().hex})
        assert acknowledged.wait(TIMEOUT)
        assert any("assistant automatique" in str(answer.get("text")) for answer in answers)
    finally:
        client.disconnect()
