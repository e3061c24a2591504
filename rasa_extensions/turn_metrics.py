"""Times each conversation turn of the Rasa server, and counts what Rasa swallows.

`MessageProcessor.handle_message` (NLU, the actions, saving the tracker) is timed by
input channel into `assistant_turn_seconds`. A turn that raises counts as an error
(`turn_failed`), counted around `Agent.handle_message`, so that a turn that could not
even take its conversation's lock (Redis down) counts too.
Rasa wraps the tracker store in a `FailSafeTrackerStore`, which logs and swallows a
failed save (the conversation then lives in the memory of one process only) or read (the
conversation starts over): each is counted and logged with the exception's type only
(Rasa's own line has the error's text).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore

from observability.metrics import ERRORS, TURN_SECONDS, channel_label

logger = logging.getLogger(__name__)

_original_handle_message = MessageProcessor.handle_message
_original_agent_handle_message = Agent.handle_message


async def _handle_message(self: MessageProcessor, message: UserMessage) -> Any:
    start = time.perf_counter()
    try:
        return await _original_handle_message(self, message)
    finally:
        seconds = time.perf_counter() - start
        TURN_SECONDS.labels(channel_label(message.input_channel)).observe(seconds)


async def _agent_handle_message(self: Agent, message: UserMessage) -> Any:
    try:
        return await _original_agent_handle_message(self, message)
    except Exception:
        ERRORS.labels("rasa", "turn_failed").inc()
        raise


def _save_failed(self: FailSafeTrackerStore, error: Exception) -> None:
    _swallowed(self, error, "tracker_save_failed", "kept in memory only")


def _retrieve_failed(self: FailSafeTrackerStore, error: Exception) -> None:
    _swallowed(self, error, "tracker_retrieve_failed", "started over")


def _swallowed(self: FailSafeTrackerStore, error: Exception, kind: str, outcome: str) -> None:
    ERRORS.labels("rasa", kind).inc()
    logger.error("Tracker store failed (%s): conversation %s", type(error).__name__, outcome)
    if self._on_tracker_store_error:
        self._on_tracker_store_error(error)


def apply() -> None:
    """Install the timing and the counting (idempotent)."""
    MessageProcessor.handle_message = _handle_message  # type: ignore[method-assign]
    Agent.handle_message = _agent_handle_message  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_error = _save_failed  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_retrieve_error = _retrieve_failed  # type: ignore[method-assign]
