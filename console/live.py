"""The live sources of the console's pages, resilient to Redis going away for a while."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import suppress
from typing import Any

import redis.asyncio as redis

from handoff.events import ACTIVE_CONVERSATIONS, ACTIVE_WINDOW_SECONDS, EVENTS_STREAM, follow
from handoff.store import HandoffStore

REDIS_ERRORS = (redis.ConnectionError, redis.TimeoutError, OSError)
RETRY_SECONDS = 1.0
# Told to the pages when the notifications start or start again.
RESYNC: dict[str, object] = {"resync": True}

logger = logging.getLogger(__name__)


async def queue_updates(store: HandoffStore) -> AsyncIterator[dict[str, object]]:
    """The store's change notifications. RESYNC comes first, once subscribed (what changed
    before was not announced: read the state then), and again after each reconnection.
    (`HandoffStore.updates()` does not tell when it is subscribed, hence this.)"""
    while True:
        pubsub = store.listener.pubsub()
        try:
            await pubsub.subscribe(store.updates_channel)
            yield RESYNC
            async for message in pubsub.listen():
                if message["type"] == "message":
                    yield json.loads(message["data"])
        except REDIS_ERRORS:
            logger.warning("Redis unreachable; listening to the queue again in %ss", RETRY_SECONDS)
            await asyncio.sleep(RETRY_SECONDS)
        finally:
            with suppress(*REDIS_ERRORS):
                await pubsub.close()


async def conversation_events(
    client: redis.Redis, conversation_id: str, since: str
) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """The events of one conversation appended after the stream id `since`."""
    async for event_id, event in follow(client, since):
        if event.get("sender_id") == conversation_id:
            yield event_id, event


async def stream_position(client: redis.Redis) -> str:
    """The id of the last event in the stream now ("0-0" if there is none)."""
    last = await client.xrevrange(EVENTS_STREAM, count=1)
    return last[0][0].decode() if last else "0-0"


async def recent_conversations(client: redis.Redis, limit: int = 20) -> list[tuple[str, float]]:
    """The conversations with a user message in the last day, latest first, with its time."""
    now = time.time()
    rows = await client.zrevrangebyscore(
        ACTIVE_CONVERSATIONS,
        now,
        now - ACTIVE_WINDOW_SECONDS,
        start=0,
        num=limit,
        withscores=True,
    )
    return [(conversation_id.decode(), at) for conversation_id, at in rows]
