"""What the messaging channels keep in a real Redis: a platform's retry is answered once,
but a message whose turn never finished (a server that died) is answered on a later
retry."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from rasa_extensions.channels.store import ANSWERING_SECONDS, SEEN_SECONDS, ChannelStore


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[ChannelStore]:
    channels = ChannelStore.from_url(redis_url, rate_limit=3, rate_window_seconds=60)
    channels.prefix = f"test-{uuid.uuid4().hex}:"
    yield channels
    await channels.close()


async def test_a_retry_is_answered_once(store: ChannelStore) -> None:
    assert await store.first_time("telegram", "42")
    assert not await store.first_time("telegram", "42")  # while it is being answered
    assert await store.first_time("messenger", "42")  # another platform's id
    await store.answered("telegram", "42")
    assert not await store.first_time("telegram", "42")
    assert await store.client.ttl(f"{store.prefix}seen:telegram:42") > SEEN_SECONDS - 5


async def test_a_turn_that_never_finished_is_forgotten_after_a_while(redis_url: str) -> None:
    assert ANSWERING_SECONDS < SEEN_SECONDS
    quick = ChannelStore(
        redis.Redis.from_url(redis_url), 3, 60, f"test-{uuid.uuid4().hex}:", answering_seconds=1
    )
    assert await quick.first_time("whatsapp", "SM1")
    assert not await quick.first_time("whatsapp", "SM1")
    # The server died before answering: once the mark expires, a retry is new again.
    await asyncio.sleep(1.2)
    assert await quick.first_time("whatsapp", "SM1")
    await quick.close()


async def test_the_rate_limit_counts_from_the_first_message(store: ChannelStore) -> None:
    assert [await store.over_limit("telegram:7") for _ in range(5)] == [0, 0, 0, 1, 2]
    assert await store.over_limit("telegram:8") == 0
    ttl = await store.client.ttl(f"{store.prefix}rate:telegram:7")
    assert 0 < ttl <= 60
