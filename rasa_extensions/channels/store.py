"""What the messaging channels keep in Redis, shared by every server and worker:
- `seen:<channel>:<platform message id>`: a platform retries a message it thinks was not
  received; set once (SET NX), so the retry is answered once. It lasts a day once the
  message is answered, 2 minutes before: if the server dies in the middle of a turn, a
  later retry is answered;
- `rate:<sender>`: the messages of a sender in the current window;
- `choices:<sender>`: the choices last offered, for a typed number (next message only);
- `payload:<token>`: button payloads too long for a Telegram button (64 bytes).

Every call gives up after a socket timeout. When Redis fails, a message is answered
anyway (a crisis gets its numbers): taken as new, its retries not marked, no choices
remembered; the error's type is logged.
"""

from __future__ import annotations

import hashlib
import json
import logging

import redis.asyncio as redis

from rasa_extensions.channels.rendering import Choice
from rasa_extensions.rate_limit import REDIS_FAILURES, RedisRateCounter

logger = logging.getLogger(__name__)

SEEN_SECONDS = 24 * 3600
ANSWERING_SECONDS = 120
KEPT_SECONDS = 24 * 3600


class ChannelStore:
    def __init__(
        self,
        client: redis.Redis,
        rate_limit: int,
        rate_window_seconds: int,
        prefix: str = "channels:",
        answering_seconds: int = ANSWERING_SECONDS,
    ) -> None:
        self.client = client
        self.answering_seconds = answering_seconds
        self.rate = RedisRateCounter(client, rate_limit, rate_window_seconds)
        self.prefix = prefix

    @classmethod
    def from_url(
        cls, url: str, rate_limit: int, rate_window_seconds: int, timeout_seconds: float = 2.0
    ) -> ChannelStore:
        client = redis.Redis.from_url(
            url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds
        )
        return cls(client, rate_limit, rate_window_seconds)

    async def close(self) -> None:
        await self.client.close()

    async def first_time(self, channel: str, message_id: str) -> bool:
        """Whether this platform message is new (it is then marked as being answered).
        New when Redis fails: a retry answered twice is better than a person unanswered."""
        key = f"{self.prefix}seen:{channel}:{message_id}"
        try:
            return bool(await self.client.set(key, 1, nx=True, ex=self.answering_seconds))
        except REDIS_FAILURES as error:
            logger.error("Retries not checked, Redis failed: %s", type(error).__name__)
            return True

    async def answered(self, channel: str, message_id: str) -> None:
        """The message was answered: its retries are ignored for a day."""
        try:
            await self.client.expire(f"{self.prefix}seen:{channel}:{message_id}", SEEN_SECONDS)
        except REDIS_FAILURES as error:
            logger.error("Answer not marked, Redis failed: %s", type(error).__name__)

    async def over_limit(self, sender: str) -> int:
        """How many messages `sender` is over the limit, this one included (0: within)."""
        return (await self.rate.hit(f"{self.prefix}rate:{sender}")).over

    async def remember_choices(self, sender: str, choices: list[Choice]) -> None:
        data = json.dumps([[choice.title, choice.payload] for choice in choices])
        try:
            await self.client.set(f"{self.prefix}choices:{sender}", data, ex=KEPT_SECONDS)
        except REDIS_FAILURES as error:  # the choices are still sent, only not typed back
            logger.error("Choices not kept, Redis failed: %s", type(error).__name__)

    async def pop_choices(self, sender: str) -> list[Choice]:
        """The choices last offered to `sender`, forgotten now: they answer one message."""
        pipe = self.client.pipeline()
        pipe.get(f"{self.prefix}choices:{sender}")
        pipe.delete(f"{self.prefix}choices:{sender}")
        try:
            data, _ = await pipe.execute()
        except REDIS_FAILURES as error:
            logger.error("Choices not read, Redis failed: %s", type(error).__name__)
            return []
        return [Choice(title, payload) for title, payload in json.loads(data or "[]")]

    async def short_payload(self, payload: str) -> str:
        """A short token for `payload`, read back by `payload`."""
        token = hashlib.sha256(payload.encode()).hexdigest()[:24]
        await self.client.set(f"{self.prefix}payload:{token}", payload, ex=KEPT_SECONDS)
        return token

    async def payload(self, token: str) -> str | None:
        data = await self.client.get(f"{self.prefix}payload:{token}")
        return None if data is None else data.decode()
