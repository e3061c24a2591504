"""Server-side sessions in Redis: the cookie holds a random id, Redis the rest.

Redis keys hold a hash of the id, not the id itself, so a copy of Redis cannot be used
to sign in. A session ends on logout or after `IDLE_SECONDS` without any request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import redis.asyncio as redis

COOKIE_NAME = "console_session"
IDLE_SECONDS = 2 * 3600


@dataclass(frozen=True)
class Session:
    id: str
    account_id: int
    csrf_token: str

    def csrf_matches(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_token, token or "")


class Sessions:
    def __init__(self, client: redis.Redis, prefix: str = "console:session:") -> None:
        self.client = client
        self.prefix = prefix

    async def create(self, account_id: int) -> Session:
        session = Session(secrets.token_urlsafe(32), account_id, secrets.token_urlsafe(32))
        key = self._key(session.id)
        await self.client.hset(
            key, mapping={"account_id": account_id, "csrf_token": session.csrf_token}
        )
        await self.client.expire(key, IDLE_SECONDS)
        return session

    async def get(self, session_id: str | None) -> Session | None:
        """The live session with this id, its expiry pushed back; None if unknown."""
        if not session_id:
            return None
        key = self._key(session_id)
        # Two commands rather than a pipeline: redis-py retries single commands on a
        # connection lost (as after a restart of Redis), not pipelines.
        raw = await self.client.hgetall(key)
        if not raw:
            return None
        await self.client.expire(key, IDLE_SECONDS)
        return Session(session_id, int(raw[b"account_id"]), raw[b"csrf_token"].decode())

    async def destroy(self, session_id: str) -> None:
        await self.client.delete(self._key(session_id))

    def _key(self, session_id: str) -> str:
        return self.prefix + hashlib.sha256(session_id.encode()).hexdigest()
