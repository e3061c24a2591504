"""The conversations' events, as Rasa's event broker writes them to a Redis stream.

`rasa_extensions.redis_broker.RedisStreamBroker` appends every tracker event (a Rasa
event dict with its `sender_id`) to the stream `EVENTS_STREAM`, field `event`, as JSON.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as redis

EVENTS_STREAM = "rasa:events"
# The conversations with a user message in the last ACTIVE_WINDOW_SECONDS, scored by
# the time of that message (kept by the broker too).
ACTIVE_CONVERSATIONS = "rasa:active"
ACTIVE_WINDOW_SECONDS = 24 * 3600
RETRY_SECONDS = 1.0

logger = logging.getLogger(__name__)


async def follow(
    client: redis.Redis, since: str = "$", block_ms: int = 10_000
) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """Every event appended after `since` (a stream id; "$" is now), in order, forever.
    A lost connection to Redis is retried from the last event seen, so none is missed."""
    last = since
    while True:
        try:
            batches = await client.xread({EVENTS_STREAM: last}, block=block_ms, count=200)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            logger.warning("Redis unreachable; following the events again in %ss", RETRY_SECONDS)
            await asyncio.sleep(RETRY_SECONDS)
            continue
        for _, entries in batches:
            for entry_id, fields in entries:
                last = entry_id.decode()
                yield last, json.loads(fields[b"event"])
