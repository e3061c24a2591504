"""Four fixes for hot spots of Rasa 3.6's message loop, applied by the server at start.

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
- `DaskGraphRunner.run` works out the minimal graph and hands it to dask's scheduler for
  each of the 4 to 6 graph runs of a turn, although the graph and its targets never
  change. Here the nodes' order is worked out once per targets and the nodes are run one
  after the other, as dask's synchronous scheduler does.

All keep Rasa's behaviour: the same result, the same errors.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_original_resolve_by_type = Event.resolve_by_type
_original_get_possible_keys = RulePolicy._get_possible_keys
_original_run = DaskGraphRunner.run
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
        keys = cache.get(key)
    except TypeError:  # a value that is no string nor tuple: not cached
        return _original_get_possible_keys(self, lookup, states)
    if keys is None:
        if len(cache) >= MAX_CACHED_STATES:
            cache.clear()
        keys = cache[key] = frozenset(_original_get_possible_keys(self, lookup, states))
    return set(keys)


def _execution_order(runner: DaskGraphRunner, targets: tuple[str, ...]) -> list[tuple]:
    """The nodes the targets need, each after the nodes it needs, with the names of the
    nodes or run inputs it takes; worked out once per runner and targets."""
    orders = runner.__dict__.setdefault("_execution_orders", {})
    if targets not in orders:
        schema = runner._graph_schema.minimal_graph_schema(list(targets))
        order: list[tuple] = []
        done: set[str] = set()

        def visit(name: str) -> None:
            if name in done or name not in schema.nodes:
                return  # an input of the run, or a node already placed
            done.add(name)
            needs = tuple(schema.nodes[name].needs.values())
            for need in needs:
                visit(need)
            order.append((name, needs))

        for target in targets:
            visit(target)
        orders[targets] = order
    return orders[targets]


def _run(
    self: DaskGraphRunner,
    inputs: dict[str, Any] | None = None,
    targets: list[str] | None = None,
) -> dict[str, Any]:
    """Dask's synchronous scheduler without dask: the nodes one after the other, in an
    order worked out once. Nodes get and return `(name, value)` pairs, as under dask."""
    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    order = _execution_order(self, run_targets)
    results: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and any(value == node for node, _ in order):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of "
                f"the input names passed to the `run` method are the same as node names "
                f"in the graph schema."
            )
        results[name] = (name, value)
    try:
        for name, needs in order:
            results[name] = self._instantiated_nodes[name](*(results[n] for n in needs))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(results[target] for target in run_targets)


def apply() -> None:
    """Install the fixes (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
    RulePolicy._get_possible_keys = _get_possible_keys  # type: ignore[method-assign]
    DaskGraphRunner.run = _run  # type: ignore[method-assign]
