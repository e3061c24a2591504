"""The Rasa server's logs and readiness, for `observability`.

Rasa 3.6 logs through the standard `logging` and through structlog, whose events carry
their data as keys (`rest.message.received.failure` has the message's `text`). Here both
go to `observability.logs`' lines, and a structlog event keeps its name only.
"""

from __future__ import annotations

import logging

import redis.asyncio as redis
import structlog
from sanic import Sanic
from structlog.typing import EventDict, WrappedLogger

from observability import logs
from observability.readiness import Check, redis_check


def configure_logs(fmt: str, level: int = logging.INFO) -> None:
    """Every log line of the server in `fmt`. Call it right after Rasa's own logging
    set-up, before anything logs: structlog's loggers keep the configuration they
    first logged with."""
    logs.configure("rasa", fmt, level)
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            _event_name_only,
            structlog.stdlib.render_to_log_kwargs,
        ],
        context_class=dict,
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def ready_checks(app: Sanic, redis_url: str | None, timeout_seconds: float) -> list[Check]:
    """The model is loaded; with Redis (trackers, locks, events), Redis answers."""
    checks = [Check("agent", lambda: _agent_ready(app))]
    if redis_url:
        client = redis.Redis.from_url(redis_url, socket_timeout=timeout_seconds)
        checks.append(redis_check(client))
    return checks


def _agent_ready(app: Sanic) -> bool:
    agent = getattr(app.ctx, "agent", None)
    return agent is not None and agent.is_ready()


def _event_name_only(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """The event's name (and the exception, whose type only is logged): its other keys
    may hold what a person wrote."""
    kept = {"event": event_dict.get("event", "")}
    if "exc_info" in event_dict:
        kept["exc_info"] = event_dict["exc_info"]
    return kept
