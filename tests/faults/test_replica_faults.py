"""A replica killed (SIGKILL) in the middle of a turn, on the replicated stack: the other
one answers what follows, nothing that was answered is lost, the widget's retry is
answered once, and nginx uses the replica again once it is back."""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
import socketio
from fault_tools import (
    SUICIDE,
    SUICIDE_ANSWER,
    TIMEOUT,
    metric,
    notice,
    say,
    user_texts,
    wait_until,
)
from helpers import new_sender, tracker_events

from launcher.stack import Stack

SITUATION = "on m'a volé mon sac dans le métro"
# A dead replica's ticket holds its conversation until the ticket expires
# (TICKET_LOCK_LIFETIME, 20 s); then the other replica takes the turn.
MARGIN_SECONDS = 10.0


class Widget:
    """The widget's protocol over socket.io (long-polling), as a person's browser speaks it."""

    def __init__(self, url: str, session_id: str | None = None) -> None:
        self.client = socketio.Client(reconnection=False)
        self.bot_messages: list[dict[str, Any]] = []
        self.acknowledged: set[str] = set()
        self._confirmed = threading.Event()
        self._acked = threading.Condition()
        self.session_id = ""
        self.client.on("session_confirm", self._on_confirm)
        self.client.on("bot_uttered", self.bot_messages.append)
        self.client.on("message_ack", self._on_ack)
        self.client.connect(url, transports=["polling"], wait_timeout=TIMEOUT)
        self.client.emit("session_request", {"session_id": session_id} if session_id else {})
        assert self._confirmed.wait(TIMEOUT), "no session_confirm"

    @property
    def sender(self) -> str:
        return self.session_id.split(".")[0]

    def send(self, text: str, message_id: str) -> None:
        self.client.emit("user_uttered", {"message": text, "message_id": message_id})

    def wait_for_ack(self, message_id: str, seconds: float) -> bool:
        with self._acked:
            return self._acked.wait_for(lambda: message_id in self.acknowledged, seconds)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the server may be dead: nothing to close
            self.client.disconnect()

    def _on_confirm(self, data: dict[str, Any]) -> None:
        self.session_id = data["session_id"]
        self._confirmed.set()

    def _on_ack(self, data: dict[str, Any]) -> None:
        with self._acked:
            self.acknowledged.add(data.get("message_id"))
            self._acked.notify_all()


def rest_turns(stack: Stack, replica: str) -> float:
    """REST messages this replica has handled since it started, from its own metrics."""
    return metric(stack, "assistant_messages_total", (replica,), channel="rest")


@pytest.fixture
def rasa_1_back(replicated_stack: Stack) -> Iterator[None]:
    """Whatever happens, rasa-1 runs again after the test."""
    yield
    if "rasa-1" not in replicated_stack.processes:
        replicated_stack.start_rasa("rasa-1")


def test_a_replica_killed_mid_turn_loses_nothing_and_comes_back(
    replicated_stack: Stack, rasa_1_back: None
):
    stack = replicated_stack
    bound = stack.settings.lock_lifetime_seconds + MARGIN_SECONDS
    store = redis.Redis.from_url(stack.settings.redis_url or "")
    person = Widget(stack.replica_url("rasa-1"))
    sender = person.sender
    first, retried = uuid.uuid4().hex, uuid.uuid4().hex
    try:
        person.send("bonjour", first)
        assert person.wait_for_ack(first, TIMEOUT)
        rest_before = rest_turns(stack, "rasa-2")
        person.send(SITUATION, retried)
        # The turn has taken its conversation's ticket: rasa-1 is in the middle of it.
        wait_until(lambda: store.exists(f"lock:{sender}") == 1, TIMEOUT, "the turn", 0.001)
        stack.kill("rasa-1")
        killed_at = time.monotonic()
    finally:
        person.close()
    # The browser reconnects (through nginx: to rasa-2) and sends the unacknowledged
    # message again, with the same id.
    again = Widget(stack.rasa_url, person.session_id)
    try:
        again.send(SITUATION, retried)
        assert again.wait_for_ack(retried, bound)
        waited = time.monotonic() - killed_at
    finally:
        again.close()
    print(f"Replica killed: the retry was answered {waited:.2f} s after the kill")
    assert waited < bound
    # Answered (or, had rasa-1 finished the turn, its answer replayed), without a notice.
    assert any(message.get("text") for message in again.bot_messages)
    assert not any(message.get("notice") for message in again.bot_messages), again.bot_messages
    # The following messages, through nginx, are answered by rasa-2; a crisis too.
    crisis = say(stack.rasa_url, sender, SUICIDE)
    assert crisis.status == 200, crisis
    assert all(number in crisis.text for number in SUICIDE_ANSWER)
    thanks = say(stack.rasa_url, sender, "merci")
    assert thanks.status == 200 and thanks.messages, thanks
    assert notice("technical_problem") not in crisis.text + thanks.text
    assert rest_turns(stack, "rasa-2") == rest_before + 2
    # Nothing lost, nothing twice: every answered message once, in order.
    assert user_texts(stack, sender) == ["bonjour", SITUATION, SUICIDE, "merci"]
    ids = [event.get("message_id") for event in tracker_events(stack, sender)]
    assert ids.count(retried) == 1
    # rasa-1 back: nginx spreads the turns over both replicas again.
    stack.start_rasa("rasa-1")
    both_before = {name: rest_turns(stack, name) for name in ("rasa-1", "rasa-2")}

    def both_serve() -> bool:
        assert say(stack.rasa_url, new_sender(), "bonjour").status == 200
        now = {name: rest_turns(stack, name) for name in both_before}
        return all(now[name] > both_before[name] for name in now)

    took = wait_until(both_serve, TIMEOUT, "both replicas serving turns")
    print(f"rasa-1 back: nginx sent it turns again within {took:.2f} s")
