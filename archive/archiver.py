"""The archiver: follows Rasa's event stream in Redis and records it, anonymised.

It reads the stream `handoff.events.EVENTS_STREAM` as the consumer group `archive`, so an
event is acknowledged only once its conversation is in the database: after a crash, a
restart of Redis or of the database, it goes on where it stopped and loses nothing. It also
keeps the raw events in Redis no longer than the conversations themselves (the trackers'
expiry), and applies the archive's retention period.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from sqlalchemy.exc import DBAPIError

from archive.events import sessions
from archive.recorder import Recorder
from handoff.events import EVENTS_STREAM
from observability.metrics import ARCHIVE_WRITES, ARCHIVED_EVENTS, DROPPED_EVENTS, ERRORS

GROUP = "archive"
CONSUMER = "archiver"
# Events whose recording failed for another reason than an unreachable service.
DROPPED_COUNTER = "archive:dropped"
RETRY_SECONDS = 2.0
HOUSEKEEPING_SECONDS = 60.0

logger = logging.getLogger(__name__)
Entries = list[tuple[bytes, dict[bytes, bytes]]]


class Archiver:
    def __init__(
        self,
        client: redis.Redis,
        recorder: Recorder,
        raw_events_seconds: int,
        purge: Callable[[], int],
        batch: int = 200,
    ) -> None:
        self.client = client
        self.recorder = recorder
        self.raw_events_seconds = raw_events_seconds
        self.purge = purge
        self.batch = batch

    def run(self, stop: threading.Event) -> None:
        """Record events until `stop` is set; wait and retry while a service is down."""
        next_housekeeping = 0.0
        while not stop.is_set():
            try:
                if time.monotonic() >= next_housekeeping:
                    self.housekeeping()
                    next_housekeeping = time.monotonic() + HOUSEKEEPING_SECONDS
                self.step(block_ms=1000)
            except (redis.RedisError, DBAPIError, OSError) as error:
                ERRORS.labels("archive", _unreachable(error)).inc()
                logger.warning("Archive paused (%s); retrying", type(error).__name__)
                stop.wait(RETRY_SECONDS)

    def step(self, block_ms: int = 0) -> int:
        """Record one batch: first what was read before and not yet recorded, then new
        events (waiting up to `block_ms` for some, if not 0). Returns how many were read."""
        entries = self._read("0") or self._read(">", block_ms or None)
        if not entries:
            return 0
        events = [event for event in map(_decode, entries) if event is not None]
        try:
            batch = sessions(events)
            self.recorder.record(batch)
        except (redis.RedisError, DBAPIError, OSError):
            raise
        except Exception:
            # A bug on some event must not stop the archive: count and skip the batch.
            logger.exception("Could not archive %d events (ids kept in the log)", len(entries))
            logger.error("Skipped events: %s", ", ".join(i.decode() for i, _ in entries))
            self.client.incrby(DROPPED_COUNTER, len(entries))
            DROPPED_EVENTS.inc(len(entries))
        else:
            ARCHIVED_EVENTS.inc(len(events))
            ARCHIVE_WRITES.inc(len(batch))
        self.client.xack(EVENTS_STREAM, GROUP, *(entry_id for entry_id, _ in entries))
        return len(entries)

    def housekeeping(self) -> None:
        """Apply the retention period, and trim the raw events older than the trackers'
        expiry (never one not yet archived)."""
        purged = self.purge()
        if purged:
            logger.info("Retention: %d conversations deleted from the archive", purged)
        self._ensure_group()
        oldest_kept = int((time.time() - self.raw_events_seconds) * 1000)
        pending = self.client.xpending(EVENTS_STREAM, GROUP)
        if pending["pending"]:
            oldest_kept = min(oldest_kept, _milliseconds(pending["min"]))
        group = next(
            g for g in self.client.xinfo_groups(EVENTS_STREAM) if g["name"].decode() == GROUP
        )
        oldest_kept = min(oldest_kept, _milliseconds(group["last-delivered-id"]) + 1)
        self.client.xtrim(EVENTS_STREAM, minid=f"{oldest_kept}-0", approximate=False)

    def _ensure_group(self) -> None:
        """The group starts at the oldest event kept: none is missed on the first start."""
        try:
            self.client.xgroup_create(EVENTS_STREAM, GROUP, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    def _read(self, since: str, block_ms: int | None = None) -> Entries:
        try:
            reply = self.client.xreadgroup(
                GROUP, CONSUMER, {EVENTS_STREAM: since}, count=self.batch, block=block_ms
            )
        except redis.ResponseError as error:
            if "NOGROUP" not in str(error):
                raise
            self._ensure_group()  # a first start, or a Redis that lost its data
            return []
        return reply[0][1] if reply else []


def _decode(entry: tuple[bytes, dict[bytes, bytes]]) -> dict[str, Any] | None:
    entry_id, fields = entry
    try:
        return json.loads(fields[b"event"])
    except (KeyError, ValueError):
        logger.error("Event %s is not valid JSON; skipped", entry_id.decode())
        DROPPED_EVENTS.inc()
        return None


def _unreachable(error: Exception) -> str:
    """The error kind of a service that does not answer."""
    if isinstance(error, redis.RedisError):
        return "redis_unreachable"
    return "database_unreachable" if isinstance(error, DBAPIError) else "io_error"


def _milliseconds(stream_id: bytes | str) -> int:
    text = stream_id.decode() if isinstance(stream_id, bytes) else stream_id
    return int(text.split("-")[0])
