"""The atomic Redis lock store on a real Redis: unique tickets, served in order, even
when several servers (here, threads with their own connections) take them at once."""

from __future__ import annotations

import asyncio
import threading

import pytest
from rasa.core.lock_store import LockError

from launcher.settings import RedisSettings
from rasa_extensions.redis_lock_store import AtomicRedisLockStore


def store(redis_url: str, **options: float) -> AtomicRedisLockStore:
    redis = RedisSettings.from_url(redis_url)
    return AtomicRedisLockStore(host=redis.host, port=redis.port, db=redis.db, **options)


def test_tickets_taken_at_once_by_many_servers_are_all_different(redis_url: str):
    stores = [store(redis_url) for _ in range(8)]
    tickets: list[int] = []
    start = threading.Barrier(len(stores))

    def take(lock_store: AtomicRedisLockStore) -> None:
        start.wait()
        for _ in range(25):
            tickets.append(lock_store.issue_ticket("same-conversation"))

    threads = [threading.Thread(target=take, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(200))


def test_turns_are_served_one_at_a_time_in_ticket_order(redis_url: str):
    served: list[int] = []

    async def turn(lock_store: AtomicRedisLockStore, number: int) -> None:
        await asyncio.sleep(number * 0.01)  # arrive in this order
        async with lock_store.lock("ordered"):
            served.append(number)
            await asyncio.sleep(0.02)  # the turn's work; nobody else gets in meanwhile
            served.append(number)

    async def main() -> None:
        stores = [store(redis_url) for _ in range(2)]
        await asyncio.gather(*(turn(stores[n % 2], n) for n in range(6)))

    asyncio.run(main())
    assert served == [n for number in range(6) for n in (number, number)]
    assert store(redis_url).get_lock("ordered") is None  # deleted once nobody waits


def test_a_ticket_of_a_dead_server_holds_the_conversation_only_for_its_lifetime(
    redis_url: str,
):
    dead = store(redis_url, lock_lifetime=0.3)
    dead.issue_ticket("abandoned")  # taken, never released: the server died

    async def next_turn() -> float:
        loop = asyncio.get_running_loop()
        start = loop.time()
        async with store(redis_url, lock_lifetime=5).lock("abandoned"):
            return loop.time() - start

    waited = asyncio.run(next_turn())
    assert 0.2 < waited < 2


def test_an_unreachable_redis_is_a_lock_error():
    unreachable = AtomicRedisLockStore(host="127.0.0.1", port=1, socket_timeout=0.5)
    with pytest.raises(LockError):
        unreachable.issue_ticket("anyone")
