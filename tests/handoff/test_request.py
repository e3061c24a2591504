"""Asking for a counsellor: the counsellors' hours, the reason, and the action that the
action server runs (Tracker.from_dict, CollectingDispatcher), on a real Redis."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionRequestHandoff
from handoff.availability import CounsellorHours
from handoff.request import handoff_reason
from handoff.store import HandoffStore

PARIS = ZoneInfo("Europe/Paris")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=PARIS)
MONDAY_BEFORE_9 = datetime(2026, 11, 30, 8, 59, tzinfo=PARIS)
FRIDAY_BEFORE_19 = datetime(2026, 12, 4, 18, 59, tzinfo=PARIS)
FRIDAY_19 = datetime(2026, 12, 4, 19, 0, tzinfo=PARIS)
SUNDAY_NOON = datetime(2026, 11, 29, 12, 0, tzinfo=PARIS)
OFFICE = CounsellorHours.load({})


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (MONDAY_BEFORE_9, False),
        (MONDAY_9, True),
        (FRIDAY_BEFORE_19, True),
        (FRIDAY_19, False),
        (SUNDAY_NOON, False),
    ],
)
def test_the_default_hours_are_weekdays_9_to_19(moment: datetime, open_: bool):
    assert OFFICE.can_connect(["camille"], moment) is open_


def test_nobody_online_means_nobody_can_answer():
    assert not OFFICE.can_connect([], MONDAY_9)


def test_the_hours_are_configurable():
    always = CounsellorHours.load(
        {"COUNSELLOR_HOURS": "24/7", "COUNSELLOR_HOURS_TEXT": "jour et nuit"}
    )
    assert always.can_connect(["camille"], SUNDAY_NOON) and always.text == "jour et nuit"
    with pytest.raises(ValueError, match="COUNSELLOR_HOURS"):
        CounsellorHours.load({"COUNSELLOR_HOURS": "souvent"})


@pytest.mark.parametrize(
    ("intents", "expected"),
    [
        (["greet", "request_human"], ("request_human", False)),
        (["nlu_fallback", "nlu_fallback"], ("fallback", False)),
        (["immediate_danger", "affirm"], ("crisis", True)),
        (["suicidal_thoughts", "nlu_fallback", "nlu_fallback"], ("fallback", True)),
    ],
)
def test_the_reason_of_a_handoff(intents: list[str], expected: tuple[str, bool]):
    assert handoff_reason(intents) == expected


def tracker(*intents: str, sender: str = "person") -> Tracker:
    events = [
        {
            "event": "user",
            "text": "...",
            "input_channel": "socketio",
            "parse_data": {"intent": {"name": name}},
        }
        for name in intents
    ]
    return Tracker.from_dict(
        {
            "sender_id": sender,
            "slots": {"situation": "fraud", "place": "Lyon"},
            "latest_message": {"intent": {"name": intents[-1]}, "entities": []},
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


async def run(
    store: HandoffStore | None, moment: datetime, *intents: str, sender: str = "person"
) -> tuple[list[str], list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    action = ActionRequestHandoff(clock=lambda: moment, store=store, hours=OFFICE)
    events = await action.run(dispatcher, tracker(*intents, sender=sender), {})
    return [m["response"] for m in dispatcher.messages], events, dispatcher


async def test_with_a_counsellor_online_the_person_is_queued_and_the_bot_pauses(
    store: HandoffStore,
):
    await store.heartbeat("camille")
    await store.request("someone-else", "request_human")
    responses, events, dispatcher = await run(store, MONDAY_9, "fraud", "request_human")
    assert responses == ["utter_handoff_requested", "utter_handoff_queued"]
    assert dispatcher.messages[1]["position"] == 2
    assert [e["event"] for e in events] == ["pause"]
    ticket = await store.get("person")
    assert (ticket.reason, ticket.channel, ticket.situation, ticket.place) == (
        "request_human",
        "socketio",
        "fraud",
        "Lyon",
    )


async def test_with_nobody_online_the_bot_carries_on(store: HandoffStore):
    responses, events, dispatcher = await run(store, MONDAY_9, "request_human")
    assert responses == ["utter_handoff_requested", "utter_handoff_unavailable"]
    assert dispatcher.messages[1]["chat_hours"] == OFFICE.text
    assert events == []
    assert await store.waiting() == []


async def test_outside_hours_the_bot_carries_on(store: HandoffStore):
    await store.heartbeat("camille")
    responses, events, _ = await run(store, SUNDAY_NOON, "request_human")
    assert responses[-1] == "utter_handoff_unavailable" and events == []


async def test_after_a_crisis_the_ticket_says_so(store: HandoffStore):
    await store.heartbeat("camille")
    await run(store, MONDAY_9, "immediate_danger", "affirm")
    ticket = await store.get("person")
    assert ticket.reason == "crisis" and ticket.crisis


async def test_an_unreachable_queue_means_unavailable_not_a_crash():
    unreachable = HandoffStore.from_url("redis://127.0.0.1:1/0")
    responses, events, _ = await run(unreachable, MONDAY_9, "request_human")
    assert responses[-1] == "utter_handoff_unavailable" and events == []
    await unreachable.close()
