"""Rasa's REST channel with its requests validated.

Rasa 3.6's own REST channel answers HTTP 500 to a body such as `[]` and defaults a
missing sender to "default" (one conversation shared by everyone). This one answers
400 with a clear reason, strips control characters, cuts very long messages (saying
so), and never lets an internal error leave the person without an answer (a crisis
then gets the emergency numbers: see rate_limit.py).

A sender over their rate limit gets HTTP 429 with `Retry-After` and, as usual, a list
of bot messages: the notice the first time in the window, then none; a crisis message
over the limit gets 200 with the emergency numbers (see rate_limit.py).
"""

from __future__ import annotations

import logging
import re
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_extensions.rate_limit import (
    CRISIS_NOTICE,
    Hit,
    failure_notice,
    limited_notice,
    rate_counter,
    sender_key,
)
from resources import default_catalog, render_text

logger = logging.getLogger(__name__)

MESSAGES_PATH = Path(__file__).with_name("channel_messages.yml")
MAX_SENDER_CHARS = 128
# Conversation ids of the messaging apps (rasa_extensions/channels/): not for REST clients.
MESSAGING_PREFIXES = ("messenger:", "telegram:", "whatsapp:")
# Control characters other than tab and newline, and lone surrogates.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


class BadRequest(ValueError):
    """A request the channel refuses, with the reason given back to the client."""


@cache
def channel_messages() -> dict[str, str]:
    """The channel's own messages, with numbers from the resources catalogue."""
    raw = yaml.safe_load(MESSAGES_PATH.read_text(encoding="utf-8"))
    catalog = default_catalog()
    return {key: render_text(" ".join(text.split()), catalog) for key, text in raw.items()}


def clean_text(text: str, max_chars: int) -> tuple[str, bool]:
    """The text without control characters, cut to `max_chars`; and whether it was cut."""
    text = UNPRINTABLE.sub("", text)
    return text[:max_chars], len(text) > max_chars


def parse_body(body: Any) -> tuple[str, str, dict[str, Any] | None]:
    """Sender, message and metadata of a REST request body, or BadRequest."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest("'sender' must be a non-empty string")
    if len(sender) > MAX_SENDER_CHARS or UNPRINTABLE.search(sender):
        raise BadRequest(f"'sender' must be printable and at most {MAX_SENDER_CHARS} characters")
    if sender.startswith(MESSAGING_PREFIXES):
        raise BadRequest(f"'sender' may not start with {', '.join(MESSAGING_PREFIXES)}")
    if not isinstance(message, str):
        raise BadRequest("'message' must be a string")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("'metadata' must be a JSON object")
    return sender, message, metadata


class ValidatedRestInput(RestInput):
    """The standard REST channel (`/webhooks/rest/webhook`), hardened against bad input."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ValidatedRestInput:
        return cls(**(credentials or {}))

    def __init__(
        self,
        max_message_chars: int = 5000,
        redis_url: str | None = None,
        rate_limit: int = 20,
        rate_window_seconds: int = 60,
    ) -> None:
        self.max_message_chars = int(max_message_chars)
        self.senders = rate_counter(redis_url, int(rate_limit), int(rate_window_seconds))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("validated_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.senders.close()

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = parse_body(_json_body(request))
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            text, truncated = clean_text(text, self.max_message_chars)
            hit = await self.senders.hit(sender_key(sender))
            if hit.over:
                return _limited(sender, text, hit)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text, collector, sender, input_channel=self.name(), metadata=metadata
                    )
                )
                failed = False
            except (CancelledError, Exception) as error:  # answer the person, always
                # Never log the text: it may identify the person.
                logger.error("REST message failed: %s", type(error).__name__)
                failed = True
            messages = list(collector.messages)
            if truncated:
                messages.append(_bot_text(sender, channel_messages()["message_truncated"]))
            if failed:
                messages.append(_bot_text(sender, channel_messages()[failure_notice(text)]))
            return response.json(messages)

        return webhook


def _json_body(request: Request) -> Any:
    try:
        return request.json
    except InvalidUsage:
        raise BadRequest("the body must be valid JSON") from None


def _limited(sender: str, text: str, hit: Hit) -> HTTPResponse:
    """The answer to a message over its sender's limit, which is not read."""
    notice = limited_notice(hit.over, text)
    messages = [_bot_text(sender, channel_messages()[notice])] if notice else []
    if notice == CRISIS_NOTICE:
        return response.json(messages)
    return response.json(messages, status=429, headers={"Retry-After": str(hit.retry_after)})


def _bot_text(recipient: str, text: str) -> dict[str, str]:
    return {"recipient_id": recipient, "text": text}
