"""Custom actions that cannot run still get the person an answer.

Rasa 3.6 waits 5 minutes for the action server by default, longer than a conversation's
lock lives, and when the call fails it logs the error and drops the action: the person
gets nothing for that step. Here the call waits at most ACTION_TIMEOUT_SECONDS, and a
failure (server down, too slow, or an error) answers with a message that says so and
gives the 116 006 and the emergency numbers, counted as an error in the metrics.
Crisis answers never depend on this: they are plain responses of the rules.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import rasa.core.actions.action
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event
from rasa.shared.exceptions import RasaException

from observability.metrics import ERRORS
from rasa_extensions.rest_channel import channel_messages

logger = logging.getLogger(__name__)

_original_run = RemoteAction.run


async def _run_or_say_so(self: RemoteAction, *args: Any, **kwargs: Any) -> list[Event]:
    try:
        return await _original_run(self, *args, **kwargs)
    except ActionExecutionRejection:
        raise  # the action declined (a form's validation): Rasa handles it
    except (RasaException, asyncio.TimeoutError) as error:
        logger.error("Custom action %s failed: %s", self.name(), type(error).__name__)
        ERRORS.labels("rasa", "action_unavailable").inc()
        return [BotUttered(text=channel_messages()["action_unavailable"])]


def apply(timeout_seconds: float) -> None:
    """Wait at most `timeout_seconds` for each custom action; answer when one fails."""
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = timeout_seconds
    RemoteAction.run = _run_or_say_so  # type: ignore[method-assign]
