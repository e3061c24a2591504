"""Conversation metrics from Rasa's tracker events, as the event broker publishes them
(Rasa event dicts with their `sender_id`)."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from archive.events import FALLBACK_INTENT
from observability.metrics import (
    BOT_MESSAGES,
    CRISES,
    ERRORS,
    FALLBACKS,
    HANDOFFS,
    INTENTS,
    MESSAGES,
    OTHER,
    UNKNOWN,
    channel_label,
    intent_label,
)
from safety.crisis import CRISIS_INTENTS

# The handoff statuses of the bot's `custom` payloads (contract §5).
HANDOFF_STATUSES = frozenset({"requested", "queued", "connected", "unavailable", "ended"})
# Bot events carry no channel: the channel of each sender's last message, for this many
# senders (kept in memory only, never exported).
REMEMBERED_SENDERS = 10_000

logger = logging.getLogger(__name__)
_channels: OrderedDict[str, str] = OrderedDict()


def observe_event(event: dict[str, Any]) -> None:
    """Count what one event says; never raises (a metric must not stop what it measures)."""
    try:
        kind = event.get("event")
        if kind == "user":
            _observe_user(event)
        elif kind == "bot":
            _observe_bot(event)
    except Exception as error:
        ERRORS.labels("rasa", "metrics_failed").inc()
        logger.error("Could not count an event (%s)", type(error).__name__)


def crisis_source(parse_data: dict[str, Any]) -> str:
    """What raised a crisis: the safety net's `crisis_source` ("lexicon: ..." or
    "classifier", a crisis intent promoted above its threshold), or none: the
    classifier's own top guess. Never the lexicon's expression (it quotes the message)."""
    source = parse_data.get("crisis_source")
    if not source:
        return "classifier"
    if str(source).startswith("lexicon"):
        return "lexicon"
    return "threshold" if source == "classifier" else OTHER


def _observe_user(event: dict[str, Any]) -> None:
    channel = channel_label(event.get("input_channel"))
    MESSAGES.labels(channel).inc()
    _remember(event.get("sender_id"), channel)
    parse_data = event.get("parse_data") or {}
    name = (parse_data.get("intent") or {}).get("name")
    if not name:
        return
    INTENTS.labels(intent_label(name)).inc()
    if name == FALLBACK_INTENT:
        FALLBACKS.inc()
    elif name in CRISIS_INTENTS:
        CRISES.labels(name, crisis_source(parse_data)).inc()


def _observe_bot(event: dict[str, Any]) -> None:
    BOT_MESSAGES.labels(_channels.get(str(event.get("sender_id")), UNKNOWN)).inc()
    custom = (event.get("data") or {}).get("custom") or {}
    if isinstance(custom, dict) and custom.get("type") == "handoff":
        status = custom.get("status")
        HANDOFFS.labels(status if status in HANDOFF_STATUSES else OTHER).inc()


def _remember(sender: object, channel: str) -> None:
    if not isinstance(sender, str):
        return
    _channels[sender] = channel
    _channels.move_to_end(sender)
    if len(_channels) > REMEMBERED_SENDERS:
        _channels.popitem(last=False)
