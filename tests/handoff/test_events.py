"""Rasa's events through the Redis stream the console follows, and a Redis restart."""

from __future__ import annotations

import asyncio
import time
import uuid

import redis
import redis.asyncio as aioredis

from handoff.events import ACTIVE_CONVERSATIONS, follow
from launcher.local_redis import LocalRedis
from rasa_extensions.redis_broker import RedisStreamBroker


async def _events_of(client: aioredis.Redis, sender: str, count: int) -> list[dict]:
    found = []
    async for _, event in follow(client, since="0"):
        if event["sender_id"] == sender:
            found.append(event)
            if len(found) == count:
                return found
    raise AssertionError("unreachable: follow never ends")


async def test_the_broker_appends_events_in_order_and_marks_active_conversations(
    redis_url: str,
):
    sender = uuid.uuid4().hex
    broker = RedisStreamBroker(redis_url)
    now = time.time()
    broker.publish({"sender_id": sender, "event": "user", "text": "à l'aide", "timestamp": now})
    broker.publish({"sender_id": sender, "event": "bot", "text": "Je suis là.", "timestamp": now})
    client = aioredis.Redis.from_url(redis_url)
    events = await asyncio.wait_for(_events_of(client, sender, 2), timeout=10)
    assert [(e["event"], e["text"]) for e in events] == [
        ("user", "à l'aide"),
        ("bot", "Je suis là."),
    ]
    assert await client.zscore(ACTIVE_CONVERSATIONS, sender) == now
    await client.close()
    await broker.close()


async def test_a_broker_without_redis_loses_no_conversation_and_raises_nothing():
    broker = RedisStreamBroker("redis://127.0.0.1:1/0")
    assert not broker.is_ready()
    broker.publish({"sender_id": "x", "event": "user", "text": "bonjour"})


async def test_following_survives_a_redis_restart():
    with LocalRedis() as server:
        client = aioredis.Redis.from_url(server.url)
        broker = RedisStreamBroker(server.url)
        broker.publish({"sender_id": "a", "event": "user", "text": "avant"})
        follower = follow(client, since="0")
        assert (await anext(follower))[1]["text"] == "avant"
        server.restart()
        broker.publish({"sender_id": "a", "event": "user", "text": "après"})
        _, event = await asyncio.wait_for(anext(follower), timeout=20)
        assert event["text"] == "après"
        await follower.aclose()
        await client.close()


def test_a_restarted_local_redis_keeps_its_data():
    with LocalRedis() as server:
        redis.Redis.from_url(server.url).set("kept", "oui")
        server.restart()
        assert redis.Redis.from_url(server.url).get("kept") == b"oui"
