"""Rasa custom actions: read the tracker, call the pure logic, send the responses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.orientation import Person, plan_orientation
from actions.place_search import PlaceRequest, answer
from resources.catalog import default_catalog


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
