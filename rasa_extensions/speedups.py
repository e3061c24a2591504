"""Three fixes for hot spots of Rasa 3.6's message loop, applied by the server at start.

Profiling a conversation turn (`bench/turn_cost.py --profile`) showed that much of its
time went to pieces of Rasa that redo constant work on every call:

- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks
  the (constant) events schema against its meta-schema: about 10 ms per custom action.
  Here the schema is checked once and its validator reused.
- `Event.resolve_by_type` walks the whole tree of `Event` subclasses for every event it
  deserialises (every event of the tracker, on every turn). Here the walk is done once and
  redone only for a name it does not know, so an event class defined later still resolves.
- `RulePolicy._get_possible_keys` checks every rule against the conversation's last
  states, for each of the 3 to 5 predictions of a turn, although the rules never change
  once loaded and conversations keep coming back to the same states. Here its result is
  kept per policy and per states (a bounded cache).

All keep Rasa's behaviour: the same result, the same errors.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_original_resolve_by_type = Event.resolve_by_type
_original_get_possible_keys = RulePolicy._get_possible_keys
# Distinct dialogue states seen by one policy before its cache starts again.
MAX_CACHED_STATES = 20_000


@cache
def _action_result_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _action_result_validator().validate(result)
    except jsonschema.ValidationError as error:
        # Rasa's own wording, so that logs read the same.
        error.message += (
            ". Failed to validate Action server response from API, make sure your "
            "response from the Action endpoint is valid."
        )
        raise
    return True


_event_classes: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    if type_name not in _event_classes:
        for event_class in reversed(all_subclasses(Event)):
            # Reversed, so that the first class Rasa would find wins.
            _event_classes[event_class.type_name] = event_class
    if type_name in _event_classes:
        return _event_classes[type_name]
    return _original_resolve_by_type(type_name, default)


def _states_key(states: list[dict[str, dict[str, Any]]]) -> tuple:
    """The states as a hashable value (their sub-states' values are strings or tuples)."""
    return tuple(
        tuple((name, tuple(sorted(sub_state.items()))) for name, sub_state in sorted(state.items()))
        for state in states
    )


def _get_possible_keys(
    self: RulePolicy, lookup: dict[str, str], states: list[dict[str, dict[str, Any]]]
) -> set[str]:
    # Per policy: its lookups live as long as it does, so their ids stay theirs.
    cache = self.__dict__.setdefault("_possible_keys_cache", {})
    try:
        key = (id(lookup), _states_key(states))
        hash(key)
    except TypeError:  # a value that is no string nor tuple: not cached
        return _original_get_possible_keys(self, lookup, states)
    if key not in cache:
        if len(cache) >= MAX_CACHED_STATES:
            cache.clear()
        cache[key] = frozenset(_original_get_possible_keys(self, lookup, states))
    return set(cache[key])


def apply() -> None:
    """Install the fixes (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
    RulePolicy._get_possible_keys = _get_possible_keys  # type: ignore[method-assign]
