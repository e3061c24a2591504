"""Rasa custom actions: read the tracker, call the pure logic, send the responses."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused
from rasa_sdk.executor import CollectingDispatcher
from redis.exceptions import RedisError

from actions.orientation import Person, plan_orientation
from actions.place_search import PlaceRequest, answer
from handoff.availability import CounsellorHours
from handoff.request import HandoffRequest, handoff_reason, request_handoff
from handoff.store import HandoffStore
from launcher.settings import Settings
from resources.catalog import default_catalog

logger = logging.getLogger(__name__)


class ActionOrient(Action):
    """Completes an answer with the 116 006 (open now or not), minors' and relatives' lines."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self._clock = clock or default_catalog().now

    def name(self) -> str:
        return "action_orient"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        person = Person(
            situation=tracker.get_slot("situation"),
            age=tracker.get_slot("age"),
            minor_hint=tracker.get_slot("minor"),
            relative=tracker.get_slot("relative"),
        )
        for utterance in plan_orientation(person, default_catalog(), self._clock()):
            dispatcher.utter_message(response=utterance.response, **utterance.values)
        return []


class ActionFindSites(Action):
    """Finds the nearest reception sites from a place, coordinates or the message text."""

    def name(self) -> str:
        return "action_find_sites"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        for reply in answer(place_request(tracker)):
            dispatcher.utter_message(
                response=reply.response,
                buttons=reply.buttons,
                json_message=reply.custom,
                **reply.values,
            )
        return []


class ActionRequestHandoff(Action):
    """Puts the person in the counsellors' queue and pauses the bot, or says nobody can
    answer now (the bot then carries on)."""

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        store: HandoffStore | None = None,
        hours: CounsellorHours | None = None,
    ) -> None:
        self._clock = clock or default_catalog().now
        self._store = store
        self._hours = hours

    def name(self) -> str:
        return "action_request_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        hours = self._hours or counsellor_hours()
        dispatcher.utter_message(response="utter_handoff_requested")
        intents = [
            e["parse_data"]["intent"]["name"]
            for e in tracker.events
            if e.get("event") == "user" and (e.get("parse_data") or {}).get("intent")
        ]
        reason, crisis = handoff_reason(intents)
        request = HandoffRequest(
            conversation_id=tracker.sender_id,
            reason=reason,
            channel=tracker.get_latest_input_channel(),
            situation=tracker.get_slot("situation"),
            place=tracker.get_slot("place"),
            crisis=crisis,
        )
        store = self._store or handoff_store()
        try:
            outcome = await request_handoff(store, hours, request, self._clock()) if store else None
        except RedisError:
            logger.exception("The handoff queue is unreachable")
            outcome = None
        if outcome is None or outcome.status == "unavailable":
            dispatcher.utter_message(response="utter_handoff_unavailable", chat_hours=hours.text)
            return []
        if outcome.position:
            dispatcher.utter_message(response="utter_handoff_queued", position=outcome.position)
        return [ConversationPaused()]


@cache
def counsellor_hours() -> CounsellorHours:
    return CounsellorHours.load()


@cache
def handoff_store() -> HandoffStore | None:
    """The queue in the Redis of REDIS_URL; None without one (nobody can be reached)."""
    settings = Settings.from_env()
    if not settings.redis_url:
        return None
    return HandoffStore.from_url(settings.redis_url, timeout_seconds=settings.redis_timeout_seconds)


def place_request(tracker: Tracker) -> PlaceRequest:
    """What the latest message says about where the person is."""
    entities = {e["entity"]: e.get("value") for e in tracker.latest_message.get("entities", [])}
    return PlaceRequest(
        text=tracker.latest_message.get("text") or "",
        place=_text(entities.get("place")),
        departement=_text(entities.get("departement")),
        latitude=_number(entities.get("latitude")),
        longitude=_number(entities.get("longitude")),
        wants_help_nearby=tracker.latest_message.get("intent", {}).get("name")
        == "find_nearby_help",
    )


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
