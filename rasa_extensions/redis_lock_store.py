"""Rasa's Redis lock store, with each change of a conversation's lock made atomically.

Rasa 3.6 reads a lock, changes it and writes it back in three separate calls. Two Rasa
servers taking a ticket for one conversation at the same moment can then get the same
ticket, handle two of its messages at once, and one turn overwrites the other's (seen
with two replicas: a message lost). Here each change is one Redis transaction (WATCH,
MULTI; tried again if the lock changed in between), so tickets are unique and served in
the order they were issued, whichever server issued them.

It also waits for its turn in short steps (Rasa's waits a whole second), takes the
tickets' lifetime from the configuration (a ticket of a server that died mid-turn holds
the conversation until it expires), and connects with the calls' socket timeout.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")
Change = Callable[[TicketLock | None], tuple[TicketLock | None, Result]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        lock_lifetime: float = 20,
        poll_seconds: float = 0.02,
        **connection: object,
    ) -> None:
        """From the endpoints file (`url` is the host, as for Rasa's own store), or
        from keyword arguments."""
        if endpoint_config is not None:
            settings = dict(endpoint_config.kwargs)
            lock_lifetime = settings.pop("lock_lifetime", lock_lifetime)
            poll_seconds = settings.pop("poll_seconds", poll_seconds)
            connection = {"host": endpoint_config.url, **settings, **connection}
        super().__init__(**connection)
        # Connecting waits no longer than a call does (Rasa sets the call's timeout only).
        pool = self.red.connection_pool.connection_kwargs
        pool["socket_connect_timeout"] = pool.get("socket_timeout")
        self.lock_lifetime = float(lock_lifetime)
        self.poll_seconds = float(poll_seconds)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float | None = None,
        wait_time_in_seconds: float | None = None,
    ) -> AsyncGenerator[TicketLock, None]:
        lifetime = lock_lifetime or self.lock_lifetime
        wait = min(wait_time_in_seconds or self.poll_seconds, self.poll_seconds)
        async with super().lock(conversation_id, lifetime, wait) as lock:
            yield lock

    def issue_ticket(self, conversation_id: str, lock_lifetime: float | None = None) -> int:
        lifetime = lock_lifetime or self.lock_lifetime

        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lifetime)

        try:
            return self._change(conversation_id, issue)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock: {type(error).__name__}") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Finish serving the ticket, and delete the lock if nobody else waits: one step."""

        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return (lock if lock is not None and lock.is_someone_waiting() else None), None

        self._change(conversation_id, finish)

    def _change(self, conversation_id: str, change: Change[Result]) -> Result:
        """Apply `change` to the stored lock (None: none stored; returning None deletes it)."""
        key = self.key_prefix + conversation_id

        def transaction(pipe: redis.client.Pipeline) -> Result:
            stored = pipe.get(key)
            lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
            pipe.multi()
            if lock is None:
                pipe.delete(key)
            else:
                pipe.set(key, lock.dumps())
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)
