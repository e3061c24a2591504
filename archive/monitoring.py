"""The archiver's `GET /health`, `/ready` (Redis and the database answer) and `/metrics`
(events archived, conversations written, events dropped, events pending)."""

from __future__ import annotations

import logging
import os
from http.server import ThreadingHTTPServer

import redis
from sqlalchemy.engine import Engine

from archive.archiver import GROUP
from handoff.events import EVENTS_STREAM
from launcher.settings import Settings
from observability import standalone
from observability.metrics import ARCHIVE_PENDING, ERRORS
from observability.readiness import database_check, redis_check

# Before Redis 7, the events not yet read are counted one by one, up to this many.
LAG_SCAN_LIMIT = 1000

logger = logging.getLogger(__name__)


def serve(settings: Settings, engine: Engine) -> ThreadingHTTPServer | None:
    """Answer on ARCHIVE_HOST (127.0.0.1 by default) and ARCHIVE_PORT. If the port is
    taken, say so and go on without it: archiving matters more than its metrics."""
    client = redis.Redis.from_url(
        settings.redis_url or "", socket_timeout=settings.redis_timeout_seconds
    )
    host = os.environ.get("ARCHIVE_HOST", "127.0.0.1")
    try:
        return standalone.serve(
            host,
            settings.archive_port,
            "archive",
            ready_checks=[redis_check(client), database_check(engine)],
            gauges={ARCHIVE_PENDING: lambda: pending_events(client)},
        )
    except OSError as error:
        ERRORS.labels("archive", "monitoring_unavailable").inc()
        logger.error(
            "No health nor metrics on port %d (%s)", settings.archive_port, type(error).__name__
        )
        return None


def pending_events(client: redis.Redis) -> int:
    """Events of the stream not archived yet: read and not yet recorded, or not yet read."""
    try:
        groups = client.xinfo_groups(EVENTS_STREAM)
    except redis.ResponseError:
        return 0  # no stream yet
    group = next((g for g in groups if g["name"].decode() == GROUP), None)
    if group is None:
        return int(client.xlen(EVENTS_STREAM))  # the archiver has read nothing yet
    unread = group.get("lag")
    if unread is None:  # Redis before 7, or a lag Redis cannot tell
        after = "(" + group["last-delivered-id"].decode()
        unread = len(client.xrange(EVENTS_STREAM, min=after, count=LAG_SCAN_LIMIT))
    return int(group["pending"]) + int(unread)
