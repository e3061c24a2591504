"""Facebook Messenger, on Rasa's channel with the webhook checked by `X-Hub-Signature-256`
(HMAC-SHA256 of the body with the app secret, compared in constant time), and messages
sent with the Send API (quick replies for buttons)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

from rasa.core.channels.facebook import FacebookInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_extensions.channels.base import (
    Incoming,
    MessagingInput,
    MessagingOutput,
    OnNewMessage,
    refused,
)
from rasa_extensions.channels.rendering import Part, Style
from rasa_extensions.channels.store import ChannelStore

GRAPH_URL = "https://graph.facebook.com/v19.0"
SIGNATURE_HEADER = "X-Hub-Signature-256"
# Quick replies: at most 13, titles of at most 20 characters; a message, 2,000.
STYLE = Style(max_chars=2000, max_title_chars=20, max_choices=13)


class MessengerOutput(MessagingOutput):
    style = STYLE

    @classmethod
    def name(cls) -> str:
        return "messenger"

    def __init__(self, store: ChannelStore, page_access_token: str, graph_url: str) -> None:
        super().__init__(store)
        self.page_access_token = page_access_token
        self.graph_url = graph_url.rstrip("/")

    async def deliver(self, to: str, part: Part) -> None:
        message: dict[str, Any] = {"text": part.text}
        if part.choices:
            message["quick_replies"] = [
                {"content_type": "text", "title": choice.title, "payload": choice.payload}
                for choice in part.choices
            ]
        body: dict[str, Any] = {"recipient": {"id": to}, "message": message}
        if part.by_counsellor:
            # A person's reply is answered within 24 hours; a counsellor may take longer.
            body.update(messaging_type="MESSAGE_TAG", tag="HUMAN_AGENT")
        else:
            body["messaging_type"] = "RESPONSE"
        await self.post(
            f"{self.graph_url}/me/messages",
            params={"access_token": self.page_access_token},
            json=body,
        )


class MessengerInput(MessagingInput, FacebookInput):
    """`/webhooks/messenger/webhook`: GET to verify the subscription, POST for events."""

    @classmethod
    def name(cls) -> str:
        return "messenger"

    def __init__(
        self,
        verify_token: str,
        app_secret: str,
        page_access_token: str,
        redis_url: str,
        rate_limit: int = 20,
        rate_window_seconds: int = 60,
        graph_url: str = GRAPH_URL,
        max_message_chars: int = 5000,
    ) -> None:
        super().__init__(verify_token, app_secret, page_access_token)
        self.store = ChannelStore.from_url(redis_url, int(rate_limit), int(rate_window_seconds))
        self.output = MessengerOutput(self.store, page_access_token, graph_url)
        self.max_message_chars = int(max_message_chars)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = self.new_blueprint()

        @webhook.route("/webhook", methods=["GET"])
        async def verify_subscription(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                token.encode(), self.fb_verify.encode()
            ):
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("invalid verify token", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            given = request.headers.get(SIGNATURE_HEADER)
            if not given or not self.signed(request.body, given):
                return refused(self.name(), SIGNATURE_HEADER, given)
            try:
                events = json.loads(request.body)
            except ValueError:
                return response.json({"error": "the body must be JSON"}, status=400)
            for message in incoming_messages(events):
                await self.process(on_new_message, message)
            return response.text("EVENT_RECEIVED")

        return webhook

    def signed(self, body: bytes, given: str) -> bool:
        digest = hmac.new(self.fb_secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(f"sha256={digest}".encode(), given.encode())


def incoming_messages(events: Any) -> Iterator[Incoming]:
    """The people's messages and button presses of a webhook's events (not the echoes of
    the page's own messages, nor deliveries and reads)."""
    if not isinstance(events, dict) or events.get("object") != "page":
        return
    for entry in events.get("entry") or []:
        for event in (entry or {}).get("messaging") or []:
            sender = str((event.get("sender") or {}).get("id") or "")
            message, postback = event.get("message"), event.get("postback")
            if not sender:
                continue
            if isinstance(message, dict) and message.get("mid") and not message.get("is_echo"):
                quick_reply = (message.get("quick_reply") or {}).get("payload")
                text = quick_reply or message.get("text")
                yield Incoming(
                    f"messenger:{sender}",
                    str(message["mid"]),
                    text if isinstance(text, str) else None,
                    is_payload=bool(quick_reply),
                )
            elif isinstance(postback, dict) and isinstance(postback.get("payload"), str):
                # A postback has a mid in recent Graph versions; else its time identifies it.
                mid = postback.get("mid") or f"postback:{sender}:{event.get('timestamp')}"
                yield Incoming(f"messenger:{sender}", str(mid), postback["payload"], True)
