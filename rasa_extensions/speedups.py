"""Two fixes for hot spots of Rasa 3.6's message loop, applied by the server at start.

Profiling a conversation turn (`bench/profile_turn.py`) showed that more than half of
its time went to two pieces of Rasa that redo constant work on every call:

- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks
  the (constant) events schema against its meta-schema: about 10 ms per custom action.
  Here the schema is checked once and its validator reused.
- `Event.resolve_by_type` walks the whole tree of `Event` subclasses for every event it
  deserialises (every event of the tracker, on every turn). Here the walk is done once and
  redone only for a name it does not know, so an event class defined later still resolves.

Both keep Rasa's behaviour: the same result, the same errors.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_original_resolve_by_type = Event.resolve_by_type


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


def apply() -> None:
    """Install both fixes (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
