"""Custom actions, run as the action server runs them (Tracker.from_dict, CollectingDispatcher)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionFindSites, ActionOrient

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


def find_sites(text: str, intent: str = "inform_location", **entities: Any) -> list[dict]:
    state = Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": {},
            "latest_message": {
                "text": text,
                "intent": {"name": intent},
                "entities": [{"entity": k, "value": v} for k, v in entities.items()],
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )
    dispatcher = CollectingDispatcher()
    assert asyncio.run(ActionFindSites().run(dispatcher, state, {})) == []
    return dispatcher.messages


def test_a_town_gets_the_nearest_sites_as_text_values_and_payload():
    (message,) = find_sites("j'habite à Villeurbanne", place="Villeurbanne")
    assert message["response"] == "utter_sites_found"
    assert message["place"] == "Villeurbanne (Rhône, 69)"
    payload = message["custom"]
    assert payload["type"] == "sites"
    assert payload["query"] == {
        "insee_code": "69266",
        "commune": "Villeurbanne",
        "departement": "69",
    }
    assert 1 <= len(payload["sites"]) <= 4
    distances = [site["distance_km"] for site in payload["sites"]]
    assert distances == sorted(distances)
    assert all(site["location_precision"] in ("address", "commune") for site in payload["sites"])


def test_an_ambiguous_name_asks_for_the_departement_with_buttons():
    (message,) = find_sites("Saint-Denis")
    assert message["response"] == "utter_place_ambiguous"
    titles = [button["title"] for button in message["buttons"]]
    assert "Seine-Saint-Denis (93)" in titles and "La Réunion (974)" in titles
    chosen = next(b for b in message["buttons"] if "(974)" in b["title"])
    assert chosen["payload"] == '/inform_location{"place": "Saint-Denis", "departement": "974"}'
    (answer,) = find_sites(chosen["payload"], place="Saint-Denis", departement="974")
    assert answer["custom"]["query"]["departement"] == "974"


def test_coordinates_shared_by_the_widget_are_used():
    (message,) = find_sites("/inform_location", latitude=48.3904, longitude=-4.4861)
    assert message["custom"]["query"]["commune"] == "Brest"


def test_asking_for_help_nearby_without_a_place_asks_where():
    (message,) = find_sites("je cherche une association près de chez moi", "find_nearby_help")
    assert message["response"] == "utter_ask_location"


def test_an_unknown_or_foreign_place_gets_an_honest_answer():
    (unknown,) = find_sites("Xyzzyville")
    assert unknown["response"] == "utter_place_unknown"
    assert unknown["custom"] == {"type": "sites", "query": None, "sites": []}
    (abroad,) = find_sites("j'habite à Genève")
    assert abroad["response"] == "utter_place_abroad"
