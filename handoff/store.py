"""The handoff queue and the counsellors' presence, in Redis.

Keys (under `prefix`, "handoff:" by default):
- `ticket:<conversation id>`: a hash, one per handoff (see `Ticket`);
- `waiting`: the queued conversations, scored by the time they asked;
- `connected`: the conversations a counsellor has taken;
- `presence`: the counsellors online, scored by the time their presence expires;
- `updates`: a pub/sub channel told of every change, for the console's live views.
Every change of state is one Lua script, so two counsellors can never claim the same
conversation, and the queue never loses a conversation between two commands.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass

import redis.asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff

QUEUED, CONNECTED, ENDED = "queued", "connected", "ended"
REASONS = ("request_human", "fallback", "crisis", "takeover")
ENDED_TICKET_TTL_SECONDS = 24 * 3600
DEFAULT_PRESENCE_TTL_SECONDS = 30

# KEYS: ticket, waiting, connected. ARGV: id, now, then the ticket's fields as pairs.
_REQUEST = """
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'queued' or status == 'connected' then return status end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 'queued'
"""

# KEYS: ticket, waiting, connected. ARGV: id, counsellor, now, then (takeover only) the
# fields of a new ticket as pairs. A queued ticket is claimed; a takeover also creates one.
_CLAIM = """
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'queued' then
  if status == 'connected' or #ARGV == 3 then return 0 end
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], unpack(ARGV, 4))
end
redis.call('HSET', KEYS[1], 'status', 'connected', 'counsellor', ARGV[2], 'connected_at', ARGV[3])
redis.call('PERSIST', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
"""

# KEYS: ticket, waiting, connected. ARGV: id, counsellor ('' for anyone), now, ttl.
_END = """
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'queued' and status ~= 'connected' then return 0 end
if status == 'connected' and ARGV[2] ~= '' and
   redis.call('HGET', KEYS[1], 'counsellor') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'status', 'ended', 'ended_at', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
return 1
"""


@dataclass(frozen=True)
class Ticket:
    """One conversation's handoff: why it was asked for and what the bot knew then."""

    conversation_id: str
    status: str
    reason: str
    channel: str | None
    requested_at: float
    situation: str | None = None
    place: str | None = None
    crisis: bool = False
    counsellor: str | None = None
    connected_at: float | None = None
    ended_at: float | None = None

    @classmethod
    def from_hash(cls, raw: dict[bytes, bytes]) -> Ticket:
        fields = {key.decode(): value.decode() for key, value in raw.items()}
        return cls(
            conversation_id=fields["conversation_id"],
            status=fields["status"],
            reason=fields["reason"],
            channel=fields.get("channel") or None,
            requested_at=float(fields["requested_at"]),
            situation=fields.get("situation") or None,
            place=fields.get("place") or None,
            crisis=fields.get("crisis") == "1",
            counsellor=fields.get("counsellor") or None,
            connected_at=_float(fields.get("connected_at")),
            ended_at=_float(fields.get("ended_at")),
        )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class HandoffStore:
    """The queue, the claims and the presence; every method is one round trip or two."""

    def __init__(
        self, client: redis.Redis, prefix: str = "handoff:", listener: redis.Redis | None = None
    ) -> None:
        """`client` runs the commands; `listener`, if given, waits for the notifications
        (a client whose commands time out cannot wait for them)."""
        self.client = client
        self.listener = listener or client
        self.prefix = prefix
        self.updates_channel = prefix + "updates"
        self._request = client.register_script(_REQUEST)
        self._claim = client.register_script(_CLAIM)
        self._end = client.register_script(_END)

    @classmethod
    def from_url(
        cls, url: str, prefix: str = "handoff:", timeout_seconds: float | None = None
    ) -> HandoffStore:
        """A store whose commands wait at most `timeout_seconds` for Redis."""
        listener = resilient_client(url, timeout_seconds, listening=True)
        return cls(resilient_client(url, timeout_seconds), prefix, listener)

    async def close(self) -> None:
        await self.client.close()
        if self.listener is not self.client:
            await self.listener.close()

    # --- the queue ---

    async def request(
        self,
        conversation_id: str,
        reason: str,
        channel: str | None = None,
        situation: str | None = None,
        place: str | None = None,
        crisis: bool = False,
    ) -> int:
        """Queue a conversation (again asking changes nothing); its place, 1 first, or 0
        when a counsellor already has it."""
        if reason not in REASONS:
            raise ValueError(f"unknown handoff reason {reason!r}; expected one of {REASONS}")
        now = time.time()
        fields = _fields(conversation_id, reason, channel, now, situation, place, crisis)
        status = await self._request(
            keys=self._keys(conversation_id), args=[conversation_id, now, *fields]
        )
        if status == b"queued":
            await self._announce(conversation_id, QUEUED)
            return await self.position(conversation_id) or 1
        return 0

    async def position(self, conversation_id: str) -> int | None:
        """The conversation's place in the queue (1 is next), or None if it is not queued."""
        rank = await self.client.zrank(self._key("waiting"), conversation_id)
        return None if rank is None else rank + 1

    async def get(self, conversation_id: str) -> Ticket | None:
        raw = await self.client.hgetall(self._ticket_key(conversation_id))
        return Ticket.from_hash(raw) if raw else None

    async def waiting(self) -> list[Ticket]:
        """The queued conversations, the one waiting longest first."""
        ids = await self.client.zrange(self._key("waiting"), 0, -1)
        return await self._tickets(ids)

    async def connected(self, counsellor: str | None = None) -> list[Ticket]:
        """The conversations counsellors have taken (only `counsellor`'s, if given)."""
        ids = sorted(await self.client.smembers(self._key("connected")))
        tickets = await self._tickets(ids)
        return [t for t in tickets if counsellor is None or t.counsellor == counsellor]

    async def claim(self, conversation_id: str, counsellor: str) -> Ticket | None:
        """Give a queued conversation to `counsellor`; None if it is not queued any more
        (another counsellor was quicker, or the conversation ended)."""
        claimed = await self._claim(
            keys=self._keys(conversation_id), args=[conversation_id, counsellor, time.time()]
        )
        return await self._after(conversation_id, claimed, CONNECTED)

    async def take_over(
        self,
        conversation_id: str,
        counsellor: str,
        channel: str | None = None,
        situation: str | None = None,
        place: str | None = None,
        crisis: bool = False,
    ) -> Ticket | None:
        """A counsellor takes a conversation, queued or not; None if another has it."""
        now = time.time()
        fields = _fields(conversation_id, "takeover", channel, now, situation, place, crisis)
        claimed = await self._claim(
            keys=self._keys(conversation_id), args=[conversation_id, counsellor, now, *fields]
        )
        return await self._after(conversation_id, claimed, CONNECTED)

    async def end(self, conversation_id: str, counsellor: str | None = None) -> Ticket | None:
        """End a handoff, queued or connected (only by its counsellor, if given); None if
        there was nothing to end. Ended tickets are kept a day, then expire."""
        ended = await self._end(
            keys=self._keys(conversation_id),
            args=[conversation_id, counsellor or "", time.time(), ENDED_TICKET_TTL_SECONDS],
        )
        return await self._after(conversation_id, ended, ENDED)

    # --- presence ---

    async def heartbeat(
        self, counsellor: str, ttl_seconds: float = DEFAULT_PRESENCE_TTL_SECONDS
    ) -> None:
        """Mark `counsellor` online for `ttl_seconds` more; the console calls it regularly."""
        added = await self.client.zadd(
            self._key("presence"), {counsellor: time.time() + ttl_seconds}
        )
        if added:
            await self._publish({"counsellor": counsellor, "online": True})

    async def sign_off(self, counsellor: str) -> None:
        if await self.client.zrem(self._key("presence"), counsellor):
            await self._publish({"counsellor": counsellor, "online": False})

    async def online(self) -> list[str]:
        """The counsellors whose presence has not expired."""
        key = self._key("presence")
        now = time.time()
        pipe = self.client.pipeline()
        pipe.zremrangebyscore(key, "-inf", now)
        pipe.zrangebyscore(key, now, "+inf")
        _, names = await pipe.execute()
        return [name.decode() for name in names]

    # --- notifications ---

    async def updates(self) -> AsyncIterator[dict[str, object]]:
        """Every change from now on, as published by `_publish`, until the caller stops."""
        pubsub = self.listener.pubsub()
        await pubsub.subscribe(self.updates_channel)
        try:
            async for message in pubsub.listen():
                if message["type"] == "message":
                    yield json.loads(message["data"])
        finally:
            await pubsub.unsubscribe(self.updates_channel)
            await pubsub.close()

    async def _announce(self, conversation_id: str, status: str) -> None:
        await self._publish({"conversation_id": conversation_id, "status": status})

    async def _publish(self, update: dict[str, object]) -> None:
        await self.client.publish(self.updates_channel, json.dumps(update))

    async def _after(self, conversation_id: str, changed: int, status: str) -> Ticket | None:
        if not changed:
            return None
        await self._announce(conversation_id, status)
        return await self.get(conversation_id)

    async def _tickets(self, ids: list[bytes]) -> list[Ticket]:
        pipe = self.client.pipeline()
        for conversation_id in ids:
            pipe.hgetall(self._ticket_key(conversation_id.decode()))
        return [Ticket.from_hash(raw) for raw in await pipe.execute() if raw]

    def _keys(self, conversation_id: str) -> list[str]:
        return [self._ticket_key(conversation_id), self._key("waiting"), self._key("connected")]

    def _ticket_key(self, conversation_id: str) -> str:
        return self._key(f"ticket:{conversation_id}")

    def _key(self, name: str) -> str:
        return self.prefix + name


def resilient_client(
    url: str, timeout_seconds: float | None = None, listening: bool = False
) -> redis.Redis:
    """A client that carries on after a restart of Redis: pooled connections are dead
    then, so one idle for a second is checked first, and a command retries on a new one.

    With `timeout_seconds`, connecting and each command wait at most that long; a
    timeout is not retried, so a stalled Redis costs one timeout, not six. A `listening`
    client (pub/sub, blocking reads) only has the connection timeout: it waits for
    notifications as long as there are none."""
    return redis.Redis.from_url(
        url,
        socket_timeout=None if listening else timeout_seconds,
        socket_connect_timeout=timeout_seconds,
        health_check_interval=1,
        retry=Retry(
            ExponentialBackoff(cap=1.0, base=0.1),
            retries=5,
            supported_errors=(redis.ConnectionError,),
        ),
        retry_on_error=[redis.ConnectionError],
    )


def _fields(
    conversation_id: str,
    reason: str,
    channel: str | None,
    now: float,
    situation: str | None,
    place: str | None,
    crisis: bool,
) -> list[str | float]:
    pairs = {
        "conversation_id": conversation_id,
        "status": QUEUED,
        "reason": reason,
        "channel": channel or "",
        "requested_at": now,
        "situation": situation or "",
        "place": place or "",
        "crisis": "1" if crisis else "0",
    }
    return [item for pair in pairs.items() for item in pair]


def _float(value: str | None) -> float | None:
    return float(value) if value else None
