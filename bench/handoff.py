"""Handoff latencies with conversations in parallel, on the whole stack running for real.

    .venv/bin/python -m bench.handoff [--conversations 20] [--rounds 3]

Starts Redis, the action server, the Rasa server and the counsellors' console; one
counsellor signs in to the console and follows its live queue (server-sent events, as
the page does); N people connect to the widget's socket.io channel (long-polling; the
widget itself uses a websocket). In each round every conversation acts once per phase,
at a random moment within 5 s (about what 20 counsellors could type), then again all at
once (the worst case). The bench measures:

- request → console: from the person's "je voudrais parler à un conseiller" to the
  live queue event that shows their conversation;
- counsellor → person: once the counsellor has accepted the conversations, from the
  post of a counsellor's message to the person's socket.io event;
- end → person: from "Terminer" to the person's `ended` status.

Baseline in the same run: a bot turn over the same sockets (a message → the server's
acknowledgement, sent once the bot's turn is over).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import socketio

from launcher.local_redis import LocalRedis, free_port
from launcher.stack import Stack

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
TIMEOUT = 60
COUNSELLOR = ("bench-counsellor", "Camille")
# About what 20 counsellors typing at once could send: each one message within 5 s.
STAGGERED_SECONDS = 5.0
LABELS = (
    "baseline: bot turn (message → turn over)",
    "request → visible in the console",
    "accept → person's screen",
    "counsellor message → person's screen",
    "end → person's screen",
)


class Person:
    """Someone in the widget: a socket.io client that timestamps what it receives."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sender = ""
        self._waiters: list[tuple[Callable[[dict[str, Any]], bool], asyncio.Future]] = []
        self._acks: dict[str, asyncio.Future] = {}
        self.sio.on("bot_uttered", self._received)
        self.sio.on("message_ack", self._acknowledged)

    async def connect(self, url: str) -> None:
        confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
        self.sio.on("session_confirm", confirmed.set_result)
        # Long-polling: python-engineio's websocket transport needs a newer aiohttp than
        # Rasa allows. A pushed message completes the pending poll: one HTTP response.
        await self.sio.connect(url, transports=["polling"], wait_timeout=TIMEOUT)
        await self.sio.emit("session_request", {})
        self.sender = (await asyncio.wait_for(confirmed, TIMEOUT))["session_id"].split(".")[0]

    def expect(self, matches: Callable[[dict[str, Any]], bool]) -> asyncio.Future:
        """A future set to the time a matching bot message arrives."""
        future = asyncio.get_running_loop().create_future()
        self._waiters.append((matches, future))
        return future

    async def say(self, text: str) -> asyncio.Future:
        """Send a message; a future set to the time the server acknowledges it, which it
        does once the bot's turn is over."""
        message_id = secrets.token_hex(8)
        self._acks[message_id] = asyncio.get_running_loop().create_future()
        await self.sio.emit("user_uttered", {"message": text, "message_id": message_id})
        return self._acks[message_id]

    async def _acknowledged(self, data: dict[str, Any]) -> None:
        future = self._acks.pop(data.get("message_id"), None)
        if future is not None:
            future.set_result(time.perf_counter())

    async def _received(self, message: dict[str, Any]) -> None:
        now = time.perf_counter()
        for waiter in list(self._waiters):
            matches, future = waiter
            if matches(message) and not future.done():
                future.set_result(now)
                self._waiters.remove(waiter)


def handoff_status(status: str) -> Callable[[dict[str, Any]], bool]:
    return lambda m: (m.get("custom") or {}).get("status") == status


class Counsellor:
    """A counsellor at the console over HTTP, following the live queue."""

    def __init__(self, url: str, http: aiohttp.ClientSession) -> None:
        self.url = url
        self.http = http
        self.csrf_token = ""
        self.seen: dict[str, float] = {}
        self._wanted: dict[str, asyncio.Future] = {}

    async def sign_in(self, username: str, password: str) -> None:
        form = await self._get("/login")
        fields = {"username": username, "password": password, "csrf_token": _token(form)}
        async with self.http.post(
            f"{self.url}/login", data=fields, headers={"Origin": self.url}, allow_redirects=False
        ) as reply:
            assert reply.status == 303, f"sign-in refused: {reply.status}"
        self.csrf_token = _token(await self._get("/queue"))

    async def follow_queue(self) -> None:
        """Record when each awaited conversation first shows in the live queue."""
        headers = {"Accept": "text/event-stream"}
        async with self.http.get(f"{self.url}/queue/events", headers=headers) as stream:
            async for line in stream.content:
                now = time.perf_counter()
                text = line.decode()
                for sender, future in list(self._wanted.items()):
                    if sender in text and not future.done():
                        future.set_result(now)
                        del self._wanted[sender]

    def expect_in_queue(self, sender: str) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self._wanted[sender] = future
        return future

    async def post(self, path: str, **fields: str) -> float:
        """Post a form of the console; the time it was sent."""
        started = time.perf_counter()
        data = {"csrf_token": self.csrf_token, **fields}
        async with self.http.post(
            f"{self.url}{path}", data=data, headers={"Origin": self.url}, allow_redirects=False
        ) as reply:
            assert reply.status in (200, 204, 303), f"{path}: {reply.status}"
        return started

    async def _get(self, path: str) -> str:
        async with self.http.get(f"{self.url}{path}") as reply:
            return await reply.text()


def _token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def measure(stack: Stack, password: str, conversations: int, rounds: int) -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
    async with aiohttp.ClientSession(cookie_jar=jar, timeout=timeout) as http:
        counsellor = Counsellor(stack.console_url, http)
        await counsellor.sign_in(COUNSELLOR[0], password)
        following = asyncio.create_task(counsellor.follow_queue())
        people = [Person() for _ in range(conversations)]
        await asyncio.gather(*(person.connect(stack.rasa_url) for person in people))
        print(
            f"{conversations} conversations in parallel, {rounds} rounds each, all on this machine"
        )
        for spread in (STAGGERED_SECONDS, 0):
            await _rounds(people, counsellor, rounds, spread)
        following.cancel()
        await asyncio.gather(*(person.sio.disconnect() for person in people))


async def _rounds(people: list[Person], counsellor: Counsellor, rounds: int, spread: float) -> None:
    """Each conversation acts once per phase, at a random moment within `spread` seconds."""

    async def each(act: Callable[[Person], Awaitable[float]]) -> list[float]:
        async def one(person: Person) -> float:
            await asyncio.sleep(random.uniform(0, spread))
            return await act(person)

        return list(await asyncio.gather(*(one(person) for person in people)))

    samples: dict[str, list[float]] = {label: [] for label in LABELS}
    for _ in range(rounds):
        samples[LABELS[0]] += await each(_bot_turn)
        samples[LABELS[1]] += await each(lambda person: _request(person, counsellor))
        samples[LABELS[2]] += await each(lambda person: _accept(person, counsellor))
        samples[LABELS[3]] += await each(lambda person: _message(person, counsellor))
        samples[LABELS[4]] += await each(lambda person: _end(person, counsellor))

    when = f"at random moments within {spread:g} s" if spread else "all at once (worst case)"
    print(f"\nEach conversation acting {when}:")
    baseline_p95 = _cut(samples[LABELS[0]], 95)
    for label, values in samples.items():
        p95 = _cut(values, 95)
        print(
            f"  {label:<42} p50 {_cut(values, 50):7.1f} ms   p95 {p95:7.1f} ms   "
            f"max {max(values) * 1000:7.1f} ms   n={len(values)}   "
            f"p95 / baseline {p95 / baseline_p95:.2f}"
        )


async def _bot_turn(person: Person) -> float:
    started = time.perf_counter()
    done = await person.say("bonjour")
    return await asyncio.wait_for(done, TIMEOUT) - started


async def _request(person: Person, counsellor: Counsellor) -> float:
    shown = counsellor.expect_in_queue(person.sender)
    queued = person.expect(handoff_status("queued"))
    started = time.perf_counter()
    await person.say("je voudrais parler à un conseiller")
    await asyncio.wait_for(queued, TIMEOUT)
    return await asyncio.wait_for(shown, TIMEOUT) - started


async def _accept(person: Person, counsellor: Counsellor) -> float:
    connected = person.expect(handoff_status("connected"))
    started = await counsellor.post(f"/conversations/{person.sender}/accept")
    return await asyncio.wait_for(connected, TIMEOUT) - started


async def _message(person: Person, counsellor: Counsellor) -> float:
    arrived = person.expect(lambda m: (m.get("custom") or {}).get("type") == "counsellor")
    started = await counsellor.post(
        f"/conversations/{person.sender}/messages", message="Bonjour, je suis là."
    )
    return await asyncio.wait_for(arrived, TIMEOUT) - started


async def _end(person: Person, counsellor: Counsellor) -> float:
    arrived = person.expect(handoff_status("ended"))
    started = await counsellor.post(f"/conversations/{person.sender}/end")
    return await asyncio.wait_for(arrived, TIMEOUT) - started


def _cut(samples: list[float], percent: int) -> float:
    """The `percent`th percentile, in milliseconds."""
    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1] * 1000


def create_counsellor(env: dict[str, str], password: str) -> None:
    name, display = COUNSELLOR
    command = [sys.executable, "-m", "console", "create-user", name]
    command += ["--role", "counsellor", "--display-name", display, "--password-stdin"]
    subprocess.run(command, input=password + "\n", text=True, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    password = secrets.token_urlsafe(16)
    with LocalRedis() as redis_server, tempfile.TemporaryDirectory() as run_dir:
        env = {
            **os.environ,
            "RASA_PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
            "CONSOLE_PORT": str(free_port()),
            "REDIS_URL": redis_server.url,
            "RASA_AUTH_TOKEN": secrets.token_urlsafe(24),
            "RUN_DIR": run_dir,
            "COUNSELLOR_HOURS": "24/7",
            "COOKIE_SECURE": "false",
        }
        create_counsellor(env, password)
        with Stack(env) as stack:
            asyncio.run(measure(stack, password, args.conversations, args.rounds))


if __name__ == "__main__":
    main()
