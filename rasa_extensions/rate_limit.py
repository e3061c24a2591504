"""Rate limits in fixed windows, and what a sender over their limit, or whose turn
failed, is told.

A window starts at a key's first hit and lasts `window_seconds`; the first `limit` hits
in it are within the limit. With Redis, every server and worker shares the counts (one
round trip per hit); without, each process counts its own, in memory. When Redis fails,
the hit is let through and the error's type logged: a crisis answer matters more than
a limit.

A message over its sender's limit is not read, except by the crisis lexicon: a crisis
still gets the emergency numbers at once, and the sender is told once per window. The
same lexicon picks the notice of a message whose turn failed (Redis down, say): a
crisis gets the emergency numbers (3114 included), anything else the technical problem.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

import redis.asyncio as redis
from redis.exceptions import RedisError

from safety.crisis import default_detector

logger = logging.getLogger(__name__)

# What a failing Redis raises (a socket timeout is asyncio's TimeoutError).
REDIS_FAILURES = (RedisError, OSError, asyncio.TimeoutError)
# Notices of channel_messages.yml for a message over its sender's limit, or whose turn
# failed.
CRISIS_NOTICE = "crisis_while_limited"
LIMIT_NOTICE = "rate_limited"
FAILURE_NOTICE = "technical_problem"


@dataclass(frozen=True)
class Hit:
    # How many hits the key is over its limit, this one included (0: within it).
    over: int
    # Seconds until the window ends.
    retry_after: int


class RateCounter(ABC):
    def __init__(self, limit: int, window_seconds: int) -> None:
        self.limit = limit
        self.window_seconds = window_seconds

    @abstractmethod
    async def hit(self, key: str) -> Hit:
        """Count one hit of `key` in its window."""

    @abstractmethod
    async def close(self) -> None:
        """Release the connections."""


class RedisRateCounter(RateCounter):
    """Counts shared through Redis: one key per window, which expires with it."""

    def __init__(self, client: redis.Redis, limit: int, window_seconds: int) -> None:
        super().__init__(limit, window_seconds)
        self.client = client

    async def hit(self, key: str) -> Hit:
        pipe = self.client.pipeline()  # MULTI: the three at once, in one round trip
        pipe.set(key, 0, nx=True, ex=self.window_seconds)
        pipe.incr(key)  # keeps the expiry set with the window's first hit
        pipe.ttl(key)
        try:
            _, count, ttl = await pipe.execute()
        except REDIS_FAILURES as error:
            logger.error("Rate limit not checked, Redis failed: %s", type(error).__name__)
            return Hit(0, 0)
        return Hit(max(0, count - self.limit), max(1, ttl))

    async def close(self) -> None:
        await self.client.close()


class MemoryRateCounter(RateCounter):
    """Counts of one process, for a server without Redis."""

    def __init__(self, limit: int, window_seconds: int) -> None:
        super().__init__(limit, window_seconds)
        # key → (end of its window, hits in it)
        self._windows: dict[str, tuple[float, int]] = {}
        self._next_cleanup = 0.0

    async def hit(self, key: str) -> Hit:
        now = time.monotonic()
        if now >= self._next_cleanup:  # forget the ended windows, once per window
            self._windows = {k: w for k, w in self._windows.items() if w[0] > now}
            self._next_cleanup = now + self.window_seconds
        end, count = self._windows.get(key, (0.0, 0))
        if end <= now:
            end, count = now + self.window_seconds, 0
        self._windows[key] = (end, count + 1)
        return Hit(max(0, count + 1 - self.limit), math.ceil(end - now))

    async def close(self) -> None:
        """Nothing to release."""


def rate_counter(
    redis_url: str | None, limit: int, window_seconds: int, timeout_seconds: float = 2.0
) -> RateCounter:
    """Shared through Redis at `redis_url`; in memory without."""
    if not redis_url:
        return MemoryRateCounter(limit, window_seconds)
    client = redis.Redis.from_url(
        redis_url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds
    )
    return RedisRateCounter(client, limit, window_seconds)


def sender_key(sender: str) -> str:
    """The key of a conversation's count in the REST and widget channels."""
    return f"senders:rate:{sender}"


def limited_notice(over: int, text: str | None) -> str | None:
    """The notice for a message `over` (1 or more) its sender's limit, which is not read:
    the crisis numbers for a crisis, the limit for the first message over it, else none."""
    if is_crisis(text):
        return CRISIS_NOTICE
    return LIMIT_NOTICE if over == 1 else None


def failure_notice(text: str | None) -> str:
    """The notice for a message whose turn failed: the crisis numbers for a crisis, else
    the technical problem (with the emergency numbers and the 116 006)."""
    return CRISIS_NOTICE if is_crisis(text) else FAILURE_NOTICE


def is_crisis(text: str | None) -> bool:
    """Whether the crisis lexicon matches `text`."""
    return text is not None and default_detector().detect(text) is not None
