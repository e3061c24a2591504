"""A Rasa event broker that appends every conversation event to a Redis stream.

The counsellors' console follows the stream to show a conversation live (see
`handoff.events`); every event also counts in the metrics (`observability.events`).
Configured in the endpoints as
`event_broker: {type: rasa_extensions.redis_broker.RedisStreamBroker, url: redis://...}`.
"""

from __future__ import annotations

import json
import logging
from asyncio import AbstractEventLoop
from typing import Any

import redis
from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from handoff.events import ACTIVE_CONVERSATIONS, ACTIVE_WINDOW_SECONDS, EVENTS_STREAM
from observability.events import observe_event

# About a day of a busy service; older events are trimmed (the trackers keep them).
DEFAULT_MAX_EVENTS = 200_000
DEFAULT_SOCKET_TIMEOUT_SECONDS = 2.0

logger = logging.getLogger(__name__)


class RedisStreamBroker(EventBroker):
    def __init__(
        self,
        url: str,
        max_events: int = DEFAULT_MAX_EVENTS,
        socket_timeout: float = DEFAULT_SOCKET_TIMEOUT_SECONDS,
    ) -> None:
        """`socket_timeout` bounds each append: Rasa publishes events synchronously."""
        self.client = redis.Redis.from_url(
            url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout
        )
        self.max_events = max_events

    @classmethod
    async def from_endpoint_config(
        cls, broker_config: EndpointConfig, event_loop: AbstractEventLoop | None = None
    ) -> RedisStreamBroker:
        options = broker_config.kwargs
        return cls(
            broker_config.url,
            int(options.get("max_events", DEFAULT_MAX_EVENTS)),
            float(options.get("socket_timeout", DEFAULT_SOCKET_TIMEOUT_SECONDS)),
        )

    def publish(self, event: dict[str, Any]) -> None:
        """Count the event in the metrics and append it; a user message also marks its
        conversation as active."""
        observe_event(event)
        pipe = self.client.pipeline(transaction=False)
        pipe.xadd(
            EVENTS_STREAM,
            {"event": json.dumps(event, ensure_ascii=False)},
            maxlen=self.max_events,
            approximate=True,
        )
        if event.get("event") == "user":
            moment = float(event.get("timestamp") or 0)
            pipe.zadd(ACTIVE_CONVERSATIONS, {event["sender_id"]: moment})
            pipe.zremrangebyscore(ACTIVE_CONVERSATIONS, "-inf", moment - ACTIVE_WINDOW_SECONDS)
        try:
            pipe.execute()
        except redis.RedisError:
            # The tracker store keeps the event: the console misses it live, nothing is lost.
            logger.exception("Could not append an event to the Redis stream")

    def is_ready(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False

    async def close(self) -> None:
        self.client.close()
