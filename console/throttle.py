"""Login throttling in Redis: too many failures for an account name, or from an address,
lock further attempts for a while (whether the account exists or not)."""

from __future__ import annotations

import redis.asyncio as redis

WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
MAX_FAILURES_PER_ACCOUNT = 5
# Colleagues in one office share an address: more room than for one account.
MAX_FAILURES_PER_ADDRESS = 20


class LoginThrottle:
    def __init__(self, client: redis.Redis, prefix: str = "console:throttle:") -> None:
        self.client = client
        self.prefix = prefix

    async def locked(self, username: str, address: str) -> bool:
        keys = [self._lock(kind, value) for kind, value, _ in self._limits(username, address)]
        return bool(await self.client.exists(*keys))

    async def failed(self, username: str, address: str) -> None:
        """Count a failure; lock what reached its limit within the window."""
        for kind, value, limit in self._limits(username, address):
            counter = f"{self.prefix}failures:{kind}:{value}"
            count = await self.client.incr(counter)
            if count == 1:
                await self.client.expire(counter, WINDOW_SECONDS)
            if count >= limit:
                await self.client.set(self._lock(kind, value), 1, ex=LOCK_SECONDS)
                await self.client.delete(counter)

    async def succeeded(self, username: str) -> None:
        await self.client.delete(f"{self.prefix}failures:account:{_name(username)}")

    def _limits(self, username: str, address: str) -> list[tuple[str, str, int]]:
        return [
            ("account", _name(username), MAX_FAILURES_PER_ACCOUNT),
            ("address", address, MAX_FAILURES_PER_ADDRESS),
        ]

    def _lock(self, kind: str, value: str) -> str:
        return f"{self.prefix}lock:{kind}:{value}"


def _name(username: str) -> str:
    return username.strip().lower()[:64]
