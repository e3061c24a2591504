"""The rate windows of rate_limit.py: shared through a real Redis, in memory without,
and open when Redis cannot be reached."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

from launcher.local_redis import free_port
from rasa_extensions.rate_limit import (
    CRISIS_NOTICE,
    LIMIT_NOTICE,
    Hit,
    MemoryRateCounter,
    RedisRateCounter,
    limited_notice,
    rate_counter,
)


async def test_processes_share_their_counts_through_redis(redis_url: str):
    one, other = (rate_counter(redis_url, 2, 60) for _ in range(2))
    key = f"test:{uuid.uuid4().hex}"
    hits = [await one.hit(key), await other.hit(key), await one.hit(key), await other.hit(key)]
    assert [hit.over for hit in hits] == [0, 0, 1, 2]
    assert all(55 <= hit.retry_after <= 60 for hit in hits)
    await one.close()
    await other.close()


async def test_without_redis_a_process_counts_in_memory_and_the_window_ends():
    counter = rate_counter(None, 2, 1)
    assert isinstance(counter, MemoryRateCounter)
    assert [(await counter.hit("a")).over for _ in range(4)] == [0, 0, 1, 2]
    assert (await counter.hit("b")) == Hit(0, 1)
    await asyncio.sleep(1.1)
    assert (await counter.hit("a")).over == 0


async def test_an_unreachable_redis_lets_everything_through(caplog: pytest.LogCaptureFixture):
    counter = rate_counter(f"redis://127.0.0.1:{free_port()}", 1, 60, timeout_seconds=0.5)
    assert isinstance(counter, RedisRateCounter)
    with caplog.at_level(logging.ERROR):
        assert [await counter.hit("x") for _ in range(3)] == [Hit(0, 0)] * 3
    assert "Rate limit not checked, Redis failed: ConnectionError" in caplog.text
    await counter.close()


def test_over_the_limit_a_crisis_is_answered_and_the_limit_said_once():
    assert limited_notice(1, "bonjour") == LIMIT_NOTICE
    assert limited_notice(2, "bonjour") is None
    assert limited_notice(5, None) is None
    assert limited_notice(5, "il va me tuer, au secours") == CRISIS_NOTICE
