"""Telegram, on Rasa's channel with the webhook checked by the secret token Telegram
sends in `X-Telegram-Bot-Api-Secret-Token` (registered with the webhook at start, compared
in constant time), and buttons as an inline keyboard. Private chats only: in a group, a
conversation would be shared by everyone in it."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_extensions.channels.base import (
    Incoming,
    MessagingInput,
    MessagingOutput,
    OnNewMessage,
    refused,
    signature_matches,
)
from rasa_extensions.channels.rendering import Part, Style, location_message
from rasa_extensions.channels.store import ChannelStore

logger = logging.getLogger(__name__)

API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# A message: 4,096 characters; a button's callback data: 64 bytes.
STYLE = Style(max_chars=4096)
MAX_CALLBACK_BYTES = 64
LONG_PAYLOAD = "#"  # callback data "#<token>": a payload kept in the store
START = "/start"  # the first message of every Telegram chat
GREET = "/greet"
WEBHOOK_TIMEOUT_SECONDS = 10


class TelegramOutput(MessagingOutput):
    style = STYLE

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, store: ChannelStore, token: str, api_url: str) -> None:
        super().__init__(store)
        # Plain text (no parse mode): numbers and any character are shown as they are.
        self.bot = Bot(token, server=TelegramAPIServer.from_base(api_url))

    async def deliver(self, to: str, part: Part) -> None:
        markup = None
        if part.choices:
            markup = InlineKeyboardMarkup(row_width=1)
            for choice in part.choices:
                data = await self.callback_data(choice.payload)
                markup.row(InlineKeyboardButton(choice.title, callback_data=data))
        await self.bot.send_message(to, part.text, reply_markup=markup)

    async def callback_data(self, payload: str) -> str:
        if len(payload.encode()) <= MAX_CALLBACK_BYTES and not payload.startswith(LONG_PAYLOAD):
            return payload
        return LONG_PAYLOAD + await self.store.short_payload(payload)

    async def answer_button(self, callback_id: str) -> None:
        """Stops the spinner of the button pressed, in the app."""
        try:
            await self.bot.answer_callback_query(callback_id)
        except Exception as error:  # cosmetic: the answer matters more
            logger.warning("Telegram button not answered: %s", type(error).__name__)

    async def set_webhook(self, url: str, secret_token: str) -> None:
        # aiogram 2 predates `secret_token`: the method is called by name.
        await self.bot.request(
            "setWebhook",
            {
                "url": url,
                "secret_token": secret_token,
                "allowed_updates": json.dumps(["message", "callback_query"]),
            },
        )

    async def close(self) -> None:
        await super().close()
        await self.bot.session.close()  # `Bot.close` is deprecated in aiogram 2


class TelegramInput(MessagingInput, RasaTelegramInput):
    """`/webhooks/telegram/webhook`; the webhook is registered at start when
    `webhook_url` is set (else register it yourself with the same secret token)."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(
        self,
        token: str,
        secret_token: str,
        redis_url: str,
        webhook_url: str | None = None,
        api_url: str = API_URL,
        rate_limit: int = 20,
        rate_window_seconds: int = 60,
        max_message_chars: int = 5000,
    ) -> None:
        super().__init__(token, None, webhook_url, debug_mode=False)
        self.secret_token = secret_token
        self.store = ChannelStore.from_url(redis_url, int(rate_limit), int(rate_window_seconds))
        self.output = TelegramOutput(self.store, token, api_url)
        self.max_message_chars = int(max_message_chars)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = self.new_blueprint()

        @webhook.listener("after_server_start")
        async def register_webhook(*_: Any) -> None:
            if not self.webhook_url:
                return
            try:
                await asyncio.wait_for(
                    self.output.set_webhook(self.webhook_url, self.secret_token),
                    WEBHOOK_TIMEOUT_SECONDS,
                )
            except Exception as error:  # the other channels work on
                logger.error("Telegram webhook not registered: %s", type(error).__name__)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            given = request.headers.get(SECRET_HEADER)
            if not given or not signature_matches(self.secret_token, given):
                return refused(self.name(), SECRET_HEADER, given)
            try:
                update = json.loads(request.body)
            except ValueError:
                return response.json({"error": "the body must be JSON"}, status=400)
            callback = update.get("callback_query") if isinstance(update, dict) else None
            if isinstance(callback, dict) and callback.get("id"):
                await self.output.answer_button(str(callback["id"]))
            message = await self.incoming(update)
            if message is not None:
                await self.process(on_new_message, message)
            return response.text("")

        return webhook

    async def incoming(self, update: Any) -> Incoming | None:
        """The person's message of an update: a text, a button pressed, a position; None
        for what the bot ignores (edits, groups, other updates)."""
        if not isinstance(update, dict) or "update_id" not in update:
            return None
        callback = update.get("callback_query")
        message = callback.get("message") if isinstance(callback, dict) else update.get("message")
        if not isinstance(message, dict):
            return None
        chat = message.get("chat") or {}
        if chat.get("type") != "private" or "id" not in chat:
            return None
        sender, update_id = f"telegram:{chat['id']}", str(update["update_id"])
        if isinstance(callback, dict):
            data = str(callback.get("data") or "")
            if data.startswith(LONG_PAYLOAD):
                data = await self.store.payload(data[1:]) or ""
            return Incoming(sender, update_id, data or None, is_payload=True)
        if isinstance(message.get("text"), str):
            text = message["text"]
            return Incoming(sender, update_id, GREET if text.startswith(START) else text)
        if isinstance(message.get("location"), dict):
            location = message["location"]
            try:
                text = location_message(location.get("latitude"), location.get("longitude"))
            except (TypeError, ValueError):
                return Incoming(sender, update_id, None)
            return Incoming(sender, update_id, text, is_payload=True)
        return Incoming(sender, update_id, None)
