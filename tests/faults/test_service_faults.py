"""The action server, then the counsellors' console, really stopped in the middle of a
conversation on the replicated stack, and started again."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Awaitable, Callable, Iterator
from http.cookiejar import Cookie
from typing import Any, TypeVar

import pytest
import requests
from console_process import create_user
from console_testing import PASSWORD
from fault_tools import (
    DANGER,
    EMERGENCY,
    HELPLINE,
    TIMEOUT,
    Reply,
    errors,
    notice,
    readiness,
    say,
    user_texts,
)
from helpers import new_sender
from requests.cookies import RequestsCookieJar
from staff_client import StaffClient

from handoff.store import HandoffStore
from launcher.stack import Stack

T = TypeVar("T")

SITUATION = "on m'a volé mon portefeuille"
PLACE = "je suis à Lyon"
ASK = "je veux parler à un conseiller"
# The action server (or the console) refuses the connection at once; a slow action
# server is cut after ACTION_TIMEOUT_SECONDS (10 s).
ANSWER_BOUND_SECONDS = 5.0


def customs(reply: Reply, kind: str) -> list[dict[str, Any]]:
    """The `custom` payloads of one type in an answer."""
    return [
        message["custom"]
        for message in reply.messages
        if isinstance(message.get("custom"), dict) and message["custom"].get("type") == kind
    ]


def test_action_server_down_the_person_is_told_and_the_next_action_works_once_back(
    replicated_stack: Stack,
):
    stack = replicated_stack
    sender = new_sender()
    assert say(stack.rasa_url, sender, "bonjour").messages
    unavailable_before = errors(stack, "action_unavailable")
    stack.stop("actions")
    try:
        situation = say(stack.rasa_url, sender, SITUATION)
        crisis = say(stack.rasa_url, new_sender(), DANGER)
        unavailable_after = errors(stack, "action_unavailable")
    finally:
        stack.start_actions()
    print(f"Action server down: answered in {situation.seconds:.2f} and {crisis.seconds:.2f} s")
    assert situation.status == 200 and situation.seconds < ANSWER_BOUND_SECONDS, situation
    # The turn went on around the missing action: the situation's answer, the notice
    # with the 116 006, the offer of a site nearby.
    assert notice("action_unavailable") in situation.text and HELPLINE in situation.text
    assert len(situation.messages) > 1
    # A crisis never needs the action server.
    assert crisis.status == 200 and crisis.seconds < ANSWER_BOUND_SECONDS, crisis
    assert all(number in crisis.text for number in EMERGENCY)
    assert notice("action_unavailable") not in crisis.text
    assert unavailable_after >= unavailable_before + 1
    # Back: the same conversation's next custom action runs.
    place = say(stack.rasa_url, sender, PLACE)
    assert place.status == 200 and customs(place, "sites"), place
    assert notice("action_unavailable") not in place.text
    assert user_texts(stack, sender) == ["bonjour", SITUATION, PLACE]


@pytest.fixture
def handoff(replicated_stack: Stack) -> Callable[[Callable[[HandoffStore], Awaitable[T]]], T]:
    """Runs an action on the stack's handoff queue, as the action server and the console do."""
    url = replicated_stack.settings.redis_url
    assert url is not None

    def run(action: Callable[[HandoffStore], Awaitable[T]]) -> T:
        async def once() -> T:
            store = HandoffStore.from_url(url)
            try:
                return await action(store)
            finally:
                await store.close()

        return asyncio.run(once())

    return run


@pytest.fixture
def counsellor(replicated_stack: Stack, handoff: Callable) -> Iterator[str]:
    """A counsellor's account in the stack's database; signed off at the end."""
    name = "faults-" + uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        "DATABASE_URL": replicated_stack.settings.database_url,
        "RUN_DIR": str(replicated_stack.settings.run_dir),
    }
    create_user(env, name, "counsellor", PASSWORD, "Camille")
    yield name
    handoff(lambda store: store.sign_off(name))


def test_console_down_the_person_still_talks_and_the_queue_is_there_when_it_is_back(
    replicated_stack: Stack, handoff: Callable, counsellor: str
):
    stack = replicated_stack
    for name in handoff(lambda store: store.online()):
        handoff(lambda store, name=name: store.sign_off(name))
    alone, queued = new_sender(), new_sender()
    stack.stop("console")
    try:
        greeting = say(stack.rasa_url, alone, "bonjour")
        # Nobody's presence is fresh: the console's heartbeats have stopped.
        nobody = say(stack.rasa_url, alone, ASK)
        # A counsellor had the console open a moment ago: their presence lasts 30 s.
        handoff(lambda store: store.heartbeat(counsellor))
        waiting = say(stack.rasa_url, queued, ASK)
    finally:
        stack.start_console()
    seconds = ", ".join(f"{reply.seconds:.2f}" for reply in (greeting, nobody, waiting))
    print(f"Console down: answered in {seconds} s")
    try:
        assert all(r.seconds < ANSWER_BOUND_SECONDS for r in (greeting, nobody, waiting))
        assert greeting.status == 200 and greeting.messages
        assert [c["status"] for c in customs(nobody, "handoff")] == ["requested", "unavailable"]
        assert HELPLINE in nobody.text
        assert [c["status"] for c in customs(waiting, "handoff")] == ["requested", "queued"]
        assert all(number in waiting.text for number in EMERGENCY[:2])
        # Back: healthy, ready, and the conversation queued meanwhile is in its queue.
        health = requests.get(f"{stack.console_url}/health", timeout=TIMEOUT)
        assert health.status_code == 200
        assert readiness(stack.console_url)[0] == 200
        assert f"/conversations/{queued}/accept" in queue_page(stack, counsellor)
        console_queue = metric_of(stack.console_url, "assistant_handoff_queue_length")
        assert console_queue >= 1
        assert "bonjour" in user_texts(stack, alone)
    finally:
        handoff(lambda store: store.end(queued))


class LocalhostCookies(RequestsCookieJar):
    """Sends the console's `Secure` cookies (COOKIE_SECURE) back over plain HTTP to
    localhost, as browsers do, which take localhost for a secure origin."""

    def set_cookie(self, cookie: Cookie, *args: Any, **kwargs: Any) -> Any:
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def queue_page(stack: Stack, name: str) -> str:
    """The console's queue, as this counsellor sees it once signed in."""
    client = StaffClient(stack.console_url)
    client.http.cookies = LocalhostCookies()
    assert client.login(name, PASSWORD).status_code == 303
    page = client.get("/queue")
    assert page.status_code == 200, page.status_code
    return page.text


def metric_of(url: str, name: str) -> float:
    """A metric without labels, as one service reports it."""
    reply = requests.get(f"{url}/metrics", timeout=TIMEOUT)
    for line in reply.text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} is not in {url}/metrics")
