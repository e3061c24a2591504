"""Rasa's socket.io channel for the website widget, made safe and reliable.

- The session id is the server's: a random id signed with a secret (HMAC). A client
  that sends a forged or unknown id gets a new session instead.
- Input is cleaned like the REST channel's (control characters, length with a notice);
  a malformed payload gets a `bad_request` event with the reason, never a crash.
- Nothing is lost or doubled across reconnections: each user message carries a client
  id, kept in the tracker (`UserUttered.message_id`), so a message sent again after a
  cut is answered once; each bot message carries its event's timestamp as its id, and
  on reconnection the client says which one it saw last and gets the ones it missed,
  read from the tracker store. The turns and the replays of one session are serialised:
  a replay never races a turn, and the missed messages come before the answers to the
  messages sent again.
- Over the sender's rate limit, a message is acknowledged but not read: the notice is
  sent once per window, and a crisis still gets the emergency numbers (rate_limit.py).
- It also serves the widget's script and style sheet, and a demo page.

With `redis_url`, the processes (Sanic workers, replicas) share their sockets through
python-socketio's Redis client manager: a message sent through any of them, such as a
counsellor's through Rasa's HTTP API, reaches a person connected to another.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import secrets
import weakref
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from rasa_extensions.rate_limit import failure_notice, limited_notice, rate_counter, sender_key
from rasa_extensions.rest_channel import BadRequest, channel_messages, clean_text
from resources import default_catalog

logger = logging.getLogger(__name__)

WIDGET_DIR = Path(__file__).resolve().parent.parent / "widget"
# Built by scripts/setup.sh (npm run build), served as they are.
ASSETS = {
    "widget.js": (WIDGET_DIR / "dist" / "widget.js", "text/javascript; charset=utf-8"),
    "widget.css": (WIDGET_DIR / "dist" / "widget.css", "text/css; charset=utf-8"),
}
DEMO_PAGE = WIDGET_DIR / "demo.html"
# The demo page may only load what the assistant itself serves.
DEMO_POLICY = (
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
# Numbers the widget shows as large links when a message gives them.
URGENT_NUMBERS = (
    "police",
    "eu_emergency",
    "sms_emergency",
    "samu",
    "suicide_prevention",
    "child_danger",
)
SMS_ONLY = ("sms_emergency",)
MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# The Redis channel through which the processes pass on what they emit.
PUBSUB_CHANNEL = "rasa:socketio"
SENDER_BYTES = 16
SIGNATURE_CHARS = 32


class SessionSigner:
    """Session ids made by the server: `<id>.<signature>`; only the id is the sender."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def _signature(self, sender: str) -> str:
        digest = hmac.new(self._key, sender.encode(), hashlib.sha256).hexdigest()
        return digest[:SIGNATURE_CHARS]

    def new(self) -> tuple[str, str]:
        """A fresh (sender id, session token)."""
        sender = secrets.token_hex(SENDER_BYTES)
        return sender, f"{sender}.{self._signature(sender)}"

    def verify(self, token: Any) -> str | None:
        """The sender id of a token this server made, or None."""
        if not isinstance(token, str) or token.count(".") != 1:
            return None
        sender, signature = token.split(".")
        valid = hmac.compare_digest(signature.encode(), self._signature(sender).encode())
        return sender if valid and len(sender) == 2 * SENDER_BYTES else None


@cache
def phone_numbers() -> list[dict[str, Any]]:
    """The numbers of resources.yml, for the widget to turn into tel:/sms: links."""
    numbers = []
    for resource in default_catalog().resources.values():
        number = resource.texts.get("number")
        if number:
            scheme = "sms" if resource.id in SMS_ONLY else "tel"
            numbers.append(
                {
                    "id": resource.id,
                    "number": number,
                    "href": f"{scheme}:{number.replace(' ', '')}",
                    "sms": resource.id in SMS_ONLY,
                    "urgent": resource.id in URGENT_NUMBERS,
                }
            )
    return numbers


def parse_payload(data: Any) -> tuple[str, str | None]:
    """Text and client message id of a `user_uttered` payload, or BadRequest."""
    if not isinstance(data, dict):
        raise BadRequest("the payload must be an object")
    message, message_id = data.get("message"), data.get("message_id")
    if not isinstance(message, str):
        raise BadRequest("'message' must be a string")
    if message_id is not None and not (
        isinstance(message_id, str) and MESSAGE_ID.fullmatch(message_id)
    ):
        raise BadRequest("'message_id' must be 1 to 64 letters, digits, '-' or '_'")
    return message, message_id


def widget_message(message: dict[str, Any]) -> dict[str, Any]:
    """A bot message as the widget gets it: id (its event's timestamp), text, buttons, custom."""
    buttons = [
        {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
        for button in message.get("buttons") or []
        if isinstance(button, dict)
    ]
    shown = {
        "id": message.get("timestamp"),
        "text": message.get("text"),
        "buttons": buttons,
        "custom": message.get("custom"),
    }
    return {key: value for key, value in shown.items() if value not in (None, "", [])}


def missed_messages(tracker: DialogueStateTracker | None, last_seen: Any) -> list[dict[str, Any]]:
    """The bot messages of the tracker after the one with id `last_seen` (all if None)."""
    if tracker is None:
        return []
    bot_messages = [e.message() for e in tracker.events if isinstance(e, BotUttered)]
    ids = [message.get("timestamp") for message in bot_messages]
    if last_seen is None:
        start = 0
    elif last_seen in ids:
        start = ids.index(last_seen) + 1
    elif isinstance(last_seen, int | float):
        start = sum(1 for stamp in ids if stamp <= last_seen)
    else:
        start = len(ids)
    return [widget_message(message) for message in bot_messages[start:]]


def was_received(tracker: DialogueStateTracker | None, message_id: str) -> bool:
    """Whether the tracker already holds the user message with this client id."""
    return tracker is not None and any(
        isinstance(event, UserUttered) and event.message_id == message_id
        for event in tracker.events
    )


class WidgetOutput(SocketIOOutput):
    """Sends each bot message whole (text, buttons, custom payload), to the session's room.

    The recipient is the sender id, so Rasa's HTTP API can write to a person through this
    channel too (`?output_channel=socketio`).
    """

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.sio.emit(self.bot_message_evt, widget_message(message), room=recipient_id)


class WidgetSocketIOInput(SocketIOInput):
    """The widget's channel: `/socket.io`, and `/webhooks/socketio/{widget.js,demo}`."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WidgetSocketIOInput:
        return cls(**(credentials or {}))

    def __init__(
        self,
        session_secret: str | None = None,
        max_message_chars: int = 5000,
        retention_seconds: int | None = None,
        socketio_path: str = "/socket.io",
        redis_url: str | None = None,
        rate_limit: int = 20,
        rate_window_seconds: int = 60,
    ) -> None:
        super().__init__(session_persistence=True, socketio_path=socketio_path)
        if not session_secret:
            logger.warning("No session secret: widget sessions will not survive a restart")
        self.signer = SessionSigner(session_secret or secrets.token_hex(32))
        self.max_message_chars = int(max_message_chars)
        self.retention_seconds = retention_seconds
        self.redis_url = redis_url
        self.senders = rate_counter(redis_url, int(rate_limit), int(rate_window_seconds))
        self._app: Sanic | None = None
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def get_output_channel(self) -> WidgetOutput | None:
        return None if self.sio is None else WidgetOutput(self.sio, self.bot_message_evt)

    def _lock(self, sender: str) -> asyncio.Lock:
        lock = self._locks.get(sender)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[sender] = lock
        return lock

    async def _tracker(self, sender: str) -> DialogueStateTracker | None:
        """The stored conversation; None when there is none or the store fails."""
        agent = getattr(self._app.ctx, "agent", None) if self._app else None
        try:
            return None if agent is None else await agent.tracker_store.retrieve(sender)
        except Exception as error:  # answer anyway: at worst, no replay or dedup
            logger.error("socket.io channel could not read a tracker: %s", type(error).__name__)
            return None

    async def _emit(self, event: str, data: dict[str, Any], to: str) -> None:
        assert self.sio is not None
        await self.sio.emit(event, data, to=to)

    async def _notice(self, sender: str, key: str) -> None:
        """One of the channel's own messages: shown, not kept in the tracker."""
        text = channel_messages()[key]
        await self._emit(self.bot_message_evt, {"text": text, "notice": True}, to=sender)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # No origin check here: the widget is embedded on other sites and holds no
        # cookie; Sanic's CORS settings (CORS_ORIGINS) apply to the HTTP transport.
        manager = (
            AsyncRedisManager(self.redis_url, channel=PUBSUB_CHANNEL) if self.redis_url else None
        )
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[], client_manager=manager)
        self.sio = sio
        webhook = SocketBlueprint(sio, self.socketio_path, "socketio_widget", __name__)

        @webhook.listener("before_server_start")
        async def remember_app(app: Sanic, _: Any) -> None:
            self._app = app  # its agent has the tracker store

        @webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.senders.close()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/<name:str>", methods=["GET"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            if name not in ASSETS:
                return response.text("Not found", status=404)
            path, content_type = ASSETS[name]
            if not path.exists():
                return response.text("Widget not built: run scripts/setup.sh", status=503)
            return await response.file(path, mime_type=content_type)

        @webhook.route("/demo", methods=["GET"])
        async def demo(_: Request) -> HTTPResponse:
            headers = {"Content-Security-Policy": DEMO_POLICY, "Referrer-Policy": "no-referrer"}
            return await response.file(DEMO_PAGE, headers=headers, mime_type="text/html")

        @sio.on("session_request")
        async def session_request(sid: str, data: Any = None) -> None:
            await self._start_session(sid, data if isinstance(data, dict) else {})

        @sio.on(self.user_message_evt)
        async def user_uttered(sid: str, data: Any = None) -> None:
            await self._receive(on_new_message, sid, data)

        return webhook

    async def _start_session(self, sid: str, data: dict[str, Any]) -> None:
        """Resume the session of a token this server made, or start a new one; replay."""
        assert self.sio is not None
        sender = self.signer.verify(data.get("session_id"))
        resumed = sender is not None
        if sender is None:
            sender, token = self.signer.new()
        else:
            token = data["session_id"]
        previous = (await self.sio.get_session(sid)).get("sender")
        if previous not in (None, sender):
            await self.sio.leave_room(sid, previous)
        await self.sio.save_session(sid, {"sender": sender})
        await self.sio.enter_room(sid, sender)
        confirm = {
            "session_id": token,
            "resumed": resumed,
            "retention": self.retention_seconds,
            "numbers": phone_numbers(),
        }
        # Under the session's lock: the replay comes after any turn in progress, and the
        # messages the client sends again on the confirmation wait until it is done, so
        # what was missed is shown before the answers to them.
        async with self._lock(sender):
            await self._emit("session_confirm", confirm, to=sid)
            if resumed:
                missed = missed_messages(await self._tracker(sender), data.get("last_seen"))
                for message in missed:
                    await self._emit(self.bot_message_evt, message, to=sid)

    async def _receive(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]], sid: str, data: Any
    ) -> None:
        """Answer a user message once, however many times it is sent; then acknowledge it."""
        assert self.sio is not None
        sender = (await self.sio.get_session(sid)).get("sender")
        try:
            if sender is None:
                raise BadRequest("send 'session_request' first")
            text, message_id = parse_payload(data)
        except BadRequest as error:
            await self._emit("bad_request", {"error": str(error)}, to=sid)
            return
        text, truncated = clean_text(text, self.max_message_chars)
        async with self._lock(sender):
            if message_id is None or not was_received(await self._tracker(sender), message_id):
                await self._answer(on_new_message, sender, text, message_id, truncated)
        await self._emit("message_ack", {"message_id": message_id}, to=sender)

    async def _answer(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        sender: str,
        text: str,
        message_id: str | None,
        truncated: bool,
    ) -> None:
        """Answer a new message, if within its sender's rate limit (see rate_limit.py)."""
        assert self.sio is not None
        hit = await self.senders.hit(sender_key(sender))
        if hit.over:
            notice = limited_notice(hit.over, text)
            if notice:
                await self._notice(sender, notice)
            return
        output = WidgetOutput(self.sio, self.bot_message_evt)
        message = UserMessage(
            text, output, sender, input_channel=self.name(), message_id=message_id
        )
        try:
            await on_new_message(message)
        except (CancelledError, Exception) as error:  # answer the person, always
            # Never log the text: it may identify the person.
            logger.error("socket.io message failed: %s", type(error).__name__)
            await self._notice(sender, failure_notice(text))
        if truncated:
            await self._notice(sender, "message_truncated")
