"""The speedups keep Rasa's behaviour: same results, same errors."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from rasa_extensions import speedups

ORIGINAL_RESOLVE = speedups._original_resolve_by_type


@pytest.fixture(scope="module", autouse=True)
def applied() -> None:
    speedups.apply()
    speedups.apply()  # idempotent


def test_a_valid_action_response_passes():
    result = {
        "events": [{"event": "slot", "name": "situation", "value": "theft_burglary"}],
        "responses": [{"response": "utter_helpline_open"}],
    }
    assert RemoteAction("action_orient", None)._validate_action_result(result)


def test_an_invalid_action_response_is_refused_as_rasa_does():
    result = {"events": [{"event": "slot"}], "responses": "not a list"}
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        RemoteAction("action_orient", None)._validate_action_result(result)


def test_every_event_type_resolves_to_the_class_rasa_finds():
    for event_class in all_subclasses(Event):
        name = event_class.type_name
        assert Event.resolve_by_type(name) is ORIGINAL_RESOLVE(name)


def test_unknown_event_types_behave_as_in_rasa():
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def test_events_round_trip_through_their_dicts():
    events = [
        ActionExecuted("action_listen"),
        UserUttered("bonjour", {"name": "greet", "confidence": 0.9}),
        SlotSet("situation", "harassment"),
    ]
    assert [Event.from_parameters(event.as_dict()) for event in events] == events
