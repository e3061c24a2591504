"""WhatsApp through Twilio, on Rasa's Twilio channel with the webhook checked by
`X-Twilio-Signature` (Twilio's RequestValidator: HMAC-SHA1 of the public URL and the
form, with the auth token), and buttons as numbered choices (WhatsApp through Twilio has
no buttons without approved templates). Messages are sent to Twilio's Messages API with
aiohttp: twilio's own client would block the server's loop and log every request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from rasa.core.channels.twilio import TwilioInput
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from rasa_extensions.channels.base import (
    Incoming,
    MessagingInput,
    MessagingOutput,
    OnNewMessage,
    refused,
)
from rasa_extensions.channels.rendering import Part, Style, location_message
from rasa_extensions.channels.store import ChannelStore

API_URL = "https://api.twilio.com"
SIGNATURE_HEADER = "X-Twilio-Signature"
PREFIX = "whatsapp:"
# A message: 1,600 characters; every choice is numbered in the text.
STYLE = Style(max_chars=1600, max_title_chars=0)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signed_form(body: bytes) -> RequestParameters:
    """The form as Twilio signs it: every field, the empty ones too (a position has an
    empty Body; Sanic 21's `request.form` drops them)."""
    try:
        return RequestParameters(parse_qs(body.decode(), keep_blank_values=True))
    except UnicodeDecodeError:
        return RequestParameters()


class WhatsAppOutput(MessagingOutput):
    style = STYLE

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def __init__(
        self, store: ChannelStore, account_sid: str, auth_token: str, number: str, api_url: str
    ) -> None:
        super().__init__(store)
        self.url = f"{api_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self.auth = aiohttp.BasicAuth(account_sid, auth_token)
        self.sender = PREFIX + number.removeprefix(PREFIX)

    async def deliver(self, to: str, part: Part) -> None:
        form = {"From": self.sender, "To": f"{PREFIX}+{to}", "Body": part.text}
        await self.post(self.url, data=form, auth=self.auth)


class WhatsAppInput(MessagingInput, TwilioInput):
    """`/webhooks/whatsapp/webhook`, the URL given to Twilio for incoming messages."""

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        whatsapp_number: str,
        webhook_url: str,
        redis_url: str,
        api_url: str = API_URL,
        rate_limit: int = 20,
        rate_window_seconds: int = 60,
        max_message_chars: int = 5000,
    ) -> None:
        super().__init__(account_sid, auth_token, whatsapp_number, debug_mode=False)
        # Twilio signs the URL it calls: behind a proxy, the public one, not request.url.
        self.webhook_url = webhook_url
        self.validator = RequestValidator(auth_token)
        self.store = ChannelStore.from_url(redis_url, int(rate_limit), int(rate_window_seconds))
        self.output = WhatsAppOutput(self.store, account_sid, auth_token, whatsapp_number, api_url)
        self.max_message_chars = int(max_message_chars)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = self.new_blueprint()

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            given = request.headers.get(SIGNATURE_HEADER)
            form = signed_form(request.body)
            if not given or not self.validator.validate(self.webhook_url, form, given):
                return refused(self.name(), SIGNATURE_HEADER, given)
            message = self.incoming(form)
            if message is not None:
                await self.process(on_new_message, message)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return webhook

    def incoming(self, form: Mapping[str, Any]) -> Incoming | None:
        """The person's message: a text, or a position; None for another account's."""

        def field(name: str) -> str:
            return str(form.get(name) or "")

        number = field("From").removeprefix(PREFIX + "+")
        if field("AccountSid") != self.account_sid or not (number.isascii() and number.isdigit()):
            return None
        if not field("MessageSid"):
            return None
        # Digits only: a "+" in a conversation id does not survive Rasa's HTTP API's URLs.
        sender, message_id = PREFIX + number, field("MessageSid")
        if field("Latitude") and field("Longitude"):
            try:
                text = location_message(field("Latitude"), field("Longitude"))
            except ValueError:
                return Incoming(sender, message_id, None)
            return Incoming(sender, message_id, text, is_payload=True)
        if field("NumMedia") not in ("", "0") and not field("Body"):
            return Incoming(sender, message_id, None)
        return Incoming(sender, message_id, field("Body"))
