"""Rasa custom actions: read the tracker, call the pure logic, send the responses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.orientation import Person, plan_orientation
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
