"""Small helpers for the HTTP and Redis tests."""

from __future__ import annotations

import uuid
from typing import Any

import redis
import requests

from launcher.stack import Stack


def new_sender() -> str:
    return "test-" + uuid.uuid4().hex


def send(stack: Stack, message: str, sender: str | None = None) -> list[dict[str, Any]]:
    """Send a message through the REST channel; return the bot's messages."""
    reply = requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender or new_sender(), "message": message},
        timeout=60,
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def post_bot_event(
    stack: Stack, sender: str, event: dict[str, Any], url: str | None = None
) -> None:
    """What the counsellors' console does: a bot event through Rasa's HTTP API (of the
    stack, or of the server at `url`), sent to the person through the socket.io channel."""
    reply = requests.post(
        f"{url or stack.rasa_url}/conversations/{sender}/tracker/events",
        params={
            "token": stack.settings.auth_token,
            "output_channel": "socketio",
            "execute_side_effects": "true",
        },
        json=event,
        timeout=30,
    )
    assert reply.status_code == 200, reply.text


def tracker_events(stack: Stack, sender: str) -> list[dict[str, Any]]:
    """The events of a conversation, read through Rasa's HTTP API."""
    reply = requests.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.settings.auth_token},
        timeout=60,
    )
    assert reply.status_code == 200, reply.text
    return reply.json()["events"]


def stall_redis(url: str, seconds: float) -> None:
    """Redis itself stops answering for `seconds`, as under a long command."""
    client = redis.Redis.from_url(url)
    try:
        client.execute_command("DEBUG", "SLEEP", seconds)
    finally:
        client.close()
