"""Custom actions, run as the action server runs them (Tracker.from_dict, CollectingDispatcher)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionOrient

PARIS = ZoneInfo("Europe/Paris")
MONDAY_NOON = datetime(2026, 11, 30, 12, 0, tzinfo=PARIS)
MONDAY_EVENING = datetime(2026, 11, 30, 21, 30, tzinfo=PARIS)
SUNDAY_EARLY = datetime(2026, 11, 29, 7, 45, tzinfo=PARIS)


def tracker(**slots: Any) -> Tracker:
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": {"situation": None, "age": None, "minor": None, "relative": None, **slots},
            "latest_message": {"intent": {"name": slots.get("situation")}, "entities": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "utter_situation",
        }
    )


def run(moment: datetime, **slots: Any) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    action = ActionOrient(clock=lambda: moment)
    events = asyncio.run(action.run(dispatcher, tracker(**slots), {}))
    assert events == []
    return dispatcher.messages


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [message["response"] for message in messages]


def test_an_adult_gets_the_116_006_open_now():
    messages = run(MONDAY_NOON, situation="domestic_violence")
    assert responses(messages) == ["utter_helpline_open"]


def test_out_of_hours_the_116_006_is_closed_and_says_when_it_reopens():
    (message,) = run(MONDAY_EVENING, situation="theft_burglary")
    assert message["response"] == "utter_helpline_closed"
    assert message["reopens"] == "demain à 9 h"
    (message,) = run(SUNDAY_EARLY, situation="fraud")
    assert message["reopens"] == "aujourd'hui à 9 h"


@pytest.mark.parametrize(("age", "minor"), [("14", None), ("8 ans", None), (None, "au collège")])
def test_a_minor_also_gets_the_119(age, minor):
    messages = run(MONDAY_NOON, situation="physical_assault", age=age, minor=minor)
    assert responses(messages) == ["utter_minor", "utter_helpline_open"]


def test_an_adult_age_is_not_a_minor():
    assert responses(run(MONDAY_NOON, situation="fraud", age="86")) == ["utter_helpline_open"]


def test_a_minor_victim_of_online_violence_also_gets_the_3018():
    messages = run(MONDAY_NOON, situation="cybercrime", age="15")
    assert responses(messages) == ["utter_minor", "utter_minor_online", "utter_helpline_open"]


def test_a_relative_gets_words_for_the_person_they_write_for():
    messages = run(MONDAY_NOON, situation="sexual_violence", relative="ma fille", age="16")
    assert responses(messages) == ["utter_relative", "utter_minor", "utter_helpline_open"]
