"""What the messaging channels share: checking a signature, answering each platform
message once, the per-sender rate limit, and sending rendered messages.

A conversation's id is `<channel>:<the platform's id of the person>`, so that one app's
people never meet another's (and the REST channel refuses such ids).
"""

from __future__ import annotations

import hmac
import logging
from abc import abstractmethod
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.response import HTTPResponse

from rasa_extensions.channels.rendering import Part, Style, choice_for, choices_of, render
from rasa_extensions.channels.store import ChannelStore
from rasa_extensions.rate_limit import failure_notice, limited_notice
from rasa_extensions.rest_channel import channel_messages, clean_text

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=20)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class DeliveryError(RuntimeError):
    """The platform did not accept a message (only its status is kept: no text)."""


@dataclass(frozen=True)
class Incoming:
    """A person's message from a platform, once verified."""

    sender_id: str
    message_id: str
    # None: something the bot cannot read (a photo, a voice message...).
    text: str | None
    # A button's payload, sent as it is (not a typed number to look up).
    is_payload: bool = False


def signature_matches(expected: str, given: str) -> bool:
    """Compared in constant time."""
    return hmac.compare_digest(expected.encode(), given.encode())


def refused(channel: str, header: str, given: str | None) -> HTTPResponse:
    """401 when the signature is missing, 403 when it is wrong; never the secret."""
    logger.warning("%s webhook refused: %s %s", channel, header, "wrong" if given else "missing")
    if not given:
        return response.json({"error": f"missing {header}"}, status=401)
    return response.json({"error": f"invalid {header}"}, status=403)


def platform_id(sender_id: str) -> str:
    """The platform's id of the person in a conversation id."""
    return sender_id.split(":", 1)[1]


class MessagingOutput(OutputChannel):
    """Sends each bot message as the platform shows it; `deliver` is the platform's."""

    style: ClassVar[Style]

    def __init__(self, store: ChannelStore) -> None:
        self.store = store
        self._session: aiohttp.ClientSession | None = None

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        choices = choices_of(message)
        if choices:
            await self.store.remember_choices(recipient_id, choices)
        texts = channel_messages()
        for part in render(message, self.style, texts["choices_hint"], texts["counsellor"]):
            await self.deliver(platform_id(recipient_id), part)

    async def send_text_message(self, recipient_id: str, text: str, **_: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def notice(self, recipient_id: str, key: str) -> None:
        """One of the channel's own messages (channel_messages.yml); never raises."""
        try:
            await self.send_text_message(recipient_id, channel_messages()[key])
        except Exception as error:
            logger.error("%s notice not sent: %s", self.name(), type(error).__name__)

    @abstractmethod
    async def deliver(self, to: str, part: Part) -> None:
        """Send one part to the person with the platform's id `to`."""

    async def post(self, url: str, **kwargs: Any) -> Any:
        """POST to the platform's API; its JSON answer, or DeliveryError."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        try:
            async with self._session.post(url, **kwargs) as reply:
                if reply.status >= 400:
                    raise DeliveryError(f"{self.name()} answered {reply.status}")
                return await reply.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as error:
            # Not chained: the URL may hold an access token.
            raise DeliveryError(f"{self.name()} unreachable: {type(error).__name__}") from None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class MessagingInput:
    """Mixed into a subclass of Rasa's input channel of the platform."""

    output: MessagingOutput
    store: ChannelStore
    max_message_chars: int

    @classmethod
    def name(cls) -> str:
        raise NotImplementedError

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> MessagingInput:
        """Every credential is an argument of the channel (see launcher/endpoints.py)."""
        if not credentials:
            cls.raise_missing_credentials_exception()  # type: ignore[attr-defined]
        return cls(**credentials)

    def get_output_channel(self) -> MessagingOutput:
        """Also what Rasa's HTTP API uses (`output_channel=latest`): a counsellor's
        message reaches the person on the app they wrote from."""
        return self.output

    def new_blueprint(self) -> Blueprint:
        """A blueprint with the health route, closing connections when the server stops."""
        webhook = Blueprint(f"{self.name()}_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Any) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.output.close()
            await self.store.close()

        return webhook

    async def process(self, on_new_message: OnNewMessage, message: Incoming) -> None:
        """Answer a verified message: once, within the sender's rate limit."""
        if not await self.store.first_time(self.name(), message.message_id):
            return  # the platform sent it again
        sender = message.sender_id
        over = await self.store.over_limit(sender)
        if over:
            notice = limited_notice(over, message.text)
            if notice:
                await self.output.notice(sender, notice)
            return
        choices = await self.store.pop_choices(sender)
        if message.text is None:
            await self.output.notice(sender, "unreadable")
            return
        text = message.text
        if not message.is_payload:
            text = choice_for(text, choices) or text
        text, truncated = clean_text(text, self.max_message_chars)
        user_message = UserMessage(
            text,
            self.output,
            sender,
            input_channel=self.name(),
            message_id=message.message_id,
        )
        try:
            await on_new_message(user_message)
        except (CancelledError, Exception) as error:  # answer the person, always
            # Never log the text: it may identify the person.
            logger.error("%s message failed: %s", self.name(), type(error).__name__)
            await self.output.notice(sender, failure_notice(text))
        await self.store.answered(self.name(), message.message_id)
        if truncated:
            await self.output.notice(sender, "message_truncated")
