"""Rasa's Redis tracker store, without the conversation reads it repeats on every save.

Rasa 3.6's `RedisTrackerStore.save` reads the stored conversation back and rebuilds it
twice: once to find which events are new (for the event broker), once to merge in the
sessions that `retrieve` left out. Rebuilding a tracker replays all its events (about
6 ms for 60 events on this machine), so a turn paid for three replays instead of one.

This store remembers, on each tracker it returns, how many events were stored and
whether it holds all of them. The turns of a conversation are serialised by the lock
store, so at save time the stored conversation is still the one that was read: the new
events are those after that count, and a tracker holding every stored event is written
as it is (Rasa's merge would return it unchanged). Any other tracker (a new one, or the
latest session of several) is saved by Rasa's own code.
"""

from __future__ import annotations

import itertools
from typing import Any

from rasa.core import tracker_store
from rasa.shared.core.trackers import (
    DialogueStateTracker,
    get_trackers_for_conversation_sessions,
)

STORED_EVENTS = "_stored_events"  # how many of the tracker's events are stored
HOLDS_ALL = "_holds_all_stored_events"


class RedisTrackerStore(tracker_store.RedisTrackerStore):
    def __init__(self, *args: Any, socket_timeout: float | None = None, **kwargs: Any) -> None:
        """Rasa's store; with `socket_timeout`, no Redis call waits longer than that."""
        super().__init__(*args, **kwargs)
        if socket_timeout:
            self.red.connection_pool.connection_kwargs.update(
                socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout
            )

    async def _retrieve(
        self, sender_id: str, fetch_all_sessions: bool
    ) -> DialogueStateTracker | None:
        """Rasa's own retrieval (all sessions, or the latest one), remembering what the
        returned tracker holds of the stored conversation."""
        stored = self.red.get(self.key_prefix + sender_id)
        if stored is None:
            return None
        tracker = self.deserialise_tracker(sender_id, stored)
        sessions = [] if fetch_all_sessions else get_trackers_for_conversation_sessions(tracker)
        holds_all = len(sessions) <= 1
        if not holds_all:
            tracker = sessions[-1]
        _remember(tracker, holds_all)
        return tracker

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        stored = getattr(tracker, STORED_EVENTS, None)
        if self.event_broker is None or stored is None:
            await super().stream_events(tracker)
            return
        new_events = list(itertools.islice(tracker.events, stored, len(tracker.events)))
        await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        if getattr(tracker, HOLDS_ALL, False):
            await self.stream_events(tracker)
            self.red.set(
                self.key_prefix + tracker.sender_id,
                self.serialise_tracker(tracker),
                ex=timeout or self.record_exp,
            )
        else:
            await super().save(tracker, timeout)
        _remember(tracker, getattr(tracker, HOLDS_ALL, False))


def _remember(tracker: DialogueStateTracker, holds_all: bool) -> None:
    setattr(tracker, STORED_EVENTS, len(tracker.events))
    setattr(tracker, HOLDS_ALL, holds_all)
