"""The speedups keep Rasa's behaviour: same results, same errors."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine import loader
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
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


@pytest.fixture(scope="module")
def rules(model: Path) -> dict[str, str]:
    """The rules the trained model's RulePolicy learnt."""
    with tarfile.open(model) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("rule_policy.json"))
        return json.load(archive.extractfile(member))["lookup"]["rules"]


def _as_conversation(rule_key: str) -> list[dict]:
    """A rule's states as a conversation's states (tuples where JSON has lists)."""
    return [
        {
            name: {k: tuple(v) if isinstance(v, list) else v for k, v in sub.items()}
            for name, sub in state.items()
        }
        for state in json.loads(rule_key)
    ]


def test_rule_lookups_are_those_of_rasa_cached_or_not(rules: dict[str, str]):
    # The methods read no state of the policy but its lookups, passed in.
    policy = RulePolicy.__new__(RulePolicy)
    conversations = [_as_conversation(key) for key in rules]
    conversations += [states[1:] for states in conversations if len(states) > 1]
    for states in conversations * 2:  # the second time from the cache
        expected = speedups._original_get_possible_keys(policy, rules, states)
        assert RulePolicy._get_possible_keys(policy, rules, states) == expected
    assert len(policy.__dict__["_possible_keys_cache"]) <= len(conversations)


@pytest.fixture(scope="module")
def predict_graph(model: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """The trained model's prediction graph and its runner."""
    storage = tmp_path_factory.mktemp("model")
    return loader.load_predict_graph_runner(storage, model, LocalModelStorage, DaskGraphRunner)


def _outputs(runner: DaskGraphRunner, run, inputs: dict, targets: list[str]) -> dict:
    """The run's results, parsed messages as their output (text, intents, entities)."""
    return {
        name: [m.as_dict(only_output_properties=True) for m in value]
        if isinstance(value, list)
        else value
        for name, value in run(runner, inputs, targets).items()
    }


@pytest.mark.parametrize(
    "text",
    ["bonjour", "on m'a volé mon sac dans le métro", "il est devant ma porte avec un couteau"],
)
def test_the_graph_runs_as_under_dask(predict_graph: tuple, text: str):
    metadata, runner = predict_graph
    message = {PLACEHOLDER_MESSAGE: [UserMessage(text)], PLACEHOLDER_TRACKER: None}
    nlu = [metadata.nlu_target]
    expected = _outputs(runner, speedups._original_run, message, nlu)
    assert _outputs(runner, speedups._run, message, nlu) == expected
    assert _outputs(runner, speedups._run, message, nlu) == expected  # order kept

    tracker = DialogueStateTracker.from_events("test", [], slots=metadata.domain.slots)
    policies = {PLACEHOLDER_TRACKER: tracker}
    core = [metadata.core_target]
    expected = _outputs(runner, speedups._original_run, policies, core)
    assert _outputs(runner, speedups._run, policies, core) == expected


def test_an_input_named_like_a_node_is_refused_as_rasa_does(predict_graph: tuple):
    metadata, runner = predict_graph
    clash = {PLACEHOLDER_MESSAGE: metadata.nlu_target}
    for run in (speedups._original_run, speedups._run):
        with pytest.raises(GraphRunError, match="clashes with a node name"):
            run(runner, clash, [metadata.nlu_target])
