"""The handoff queue and the counsellors' presence, on a real Redis."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
import redis
from helpers import stall_redis

from handoff.store import HandoffStore

# Redis stalls this long; a command gives up after TIMEOUT_SECONDS.
STALL_SECONDS = 2.0
TIMEOUT_SECONDS = 0.5


async def test_conversations_queue_in_the_order_they_asked(store: HandoffStore):
    assert await store.request("first", "request_human", channel="socketio") == 1
    assert await store.request("second", "fallback", situation="fraud", place="Lyon") == 2
    assert [t.conversation_id for t in await store.waiting()] == ["first", "second"]
    second = await store.get("second")
    assert (second.status, second.reason, second.situation, second.place) == (
        "queued",
        "fallback",
        "fraud",
        "Lyon",
    )


async def test_asking_again_keeps_the_place_in_the_queue(store: HandoffStore):
    await store.request("first", "request_human")
    await store.request("second", "request_human")
    assert await store.request("second", "request_human") == 2
    assert len(await store.waiting()) == 2


async def test_an_unknown_reason_is_refused(store: HandoffStore):
    with pytest.raises(ValueError, match="unknown handoff reason"):
        await store.request("x", "because")


async def test_a_claim_takes_the_conversation_out_of_the_queue(store: HandoffStore):
    await store.request("first", "crisis", crisis=True)
    await store.request("second", "request_human")
    ticket = await store.claim("first", "camille")
    assert (ticket.status, ticket.counsellor, ticket.crisis) == ("connected", "camille", True)
    assert await store.position("second") == 1
    assert await store.position("first") is None
    assert [t.conversation_id for t in await store.connected("camille")] == ["first"]
    assert await store.connected("dominique") == []


async def test_two_counsellors_can_never_claim_the_same_conversation(store: HandoffStore):
    await store.request("only", "request_human")
    counsellors = [f"counsellor-{n}" for n in range(20)]
    claims = await asyncio.gather(*(store.claim("only", name) for name in counsellors))
    winners = [ticket.counsellor for ticket in claims if ticket is not None]
    assert len(winners) == 1
    assert (await store.get("only")).counsellor == winners[0]


async def test_a_conversation_nobody_queued_cannot_be_claimed(store: HandoffStore):
    assert await store.claim("nobody", "camille") is None


async def test_a_takeover_needs_no_queue_but_never_steals(store: HandoffStore):
    ticket = await store.take_over("live", "camille", channel="socketio", situation="fraud")
    assert (ticket.status, ticket.reason, ticket.counsellor) == ("connected", "takeover", "camille")
    assert await store.take_over("live", "dominique") is None
    await store.request("queued", "request_human")
    taken = await store.take_over("queued", "dominique")
    assert (taken.reason, taken.counsellor) == ("request_human", "dominique")


async def test_only_the_counsellor_who_has_it_ends_a_conversation(store: HandoffStore):
    await store.request("conv", "request_human")
    await store.claim("conv", "camille")
    assert await store.end("conv", "dominique") is None
    ended = await store.end("conv", "camille")
    assert ended.status == "ended" and ended.ended_at >= ended.connected_at
    assert await store.connected() == []
    assert await store.end("conv", "camille") is None
    # An ended conversation can ask again.
    assert await store.request("conv", "request_human") == 1


async def test_a_queued_conversation_can_be_ended(store: HandoffStore):
    await store.request("conv", "request_human")
    assert (await store.end("conv")).status == "ended"
    assert await store.waiting() == []


async def test_presence_expires(store: HandoffStore):
    await store.heartbeat("camille", ttl_seconds=0.3)
    await store.heartbeat("dominique", ttl_seconds=30)
    assert sorted(await store.online()) == ["camille", "dominique"]
    await asyncio.sleep(0.4)
    assert await store.online() == ["dominique"]
    await store.sign_off("dominique")
    assert await store.online() == []


async def test_every_change_is_announced(store: HandoffStore):
    updates = store.updates()
    listening = asyncio.ensure_future(_collect(updates, 4))
    await asyncio.sleep(0.2)  # let the subscription start
    await store.heartbeat("camille")
    await store.request("conv", "request_human")
    await store.claim("conv", "camille")
    await store.end("conv", "camille")
    received = await asyncio.wait_for(listening, timeout=10)
    assert received == [
        {"counsellor": "camille", "online": True},
        {"conversation_id": "conv", "status": "queued"},
        {"conversation_id": "conv", "status": "connected"},
        {"conversation_id": "conv", "status": "ended"},
    ]


async def test_a_stalled_redis_costs_a_command_one_timeout_and_the_listener_carries_on(
    redis_url: str,
):
    store = HandoffStore.from_url(
        redis_url, prefix=f"test-{uuid.uuid4().hex}:", timeout_seconds=TIMEOUT_SECONDS
    )
    try:
        listening = asyncio.ensure_future(_collect(store.updates(), 1))
        await asyncio.sleep(0.2)  # let the subscription start
        stall = asyncio.ensure_future(asyncio.to_thread(stall_redis, redis_url, STALL_SECONDS))
        await asyncio.sleep(0.3)  # DEBUG SLEEP has begun: Redis answers nobody
        started = time.perf_counter()
        with pytest.raises(redis.TimeoutError):
            await store.waiting()
        took = time.perf_counter() - started
        await stall
        # Once Redis answers again, the same store works, and the listener, which waited
        # through the stall, hears of the change.
        assert await store.request("conv", "request_human") == 1
        assert await asyncio.wait_for(listening, timeout=5) == [
            {"conversation_id": "conv", "status": "queued"}
        ]
    finally:
        await store.close()
    # One timeout (the idle connection's check), not one per retry.
    assert took < 2 * TIMEOUT_SECONDS < STALL_SECONDS - 0.3


async def _collect(updates, count: int) -> list[dict]:
    received = []
    async for update in updates:
        received.append(update)
        if len(received) == count:
            break
    await updates.aclose()
    return received
