"""Fixtures of the handoff tests: a store on the real Redis, under a prefix of its own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from handoff.store import HandoffStore


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[HandoffStore]:
    queue = HandoffStore.from_url(redis_url, prefix=f"test-{uuid.uuid4().hex}:")
    yield queue
    await queue.close()
