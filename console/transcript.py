"""What a counsellor reads of a conversation, from Rasa's tracker events.

Texts stay plain text: the templates escape them, and nothing here is HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safety.crisis import CRISIS_INTENTS

PERSON, BOT, COUNSELLOR, NOTICE = "person", "bot", "counsellor", "notice"
NOTICES = {
    "pause": "Le bot est en pause : un conseiller ou une conseillère répond.",
    "resume": "Le bot a repris la conversation.",
}


@dataclass(frozen=True)
class Message:
    kind: str
    text: str
    at: float
    author: str | None = None


@dataclass(frozen=True)
class Facts:
    """What the bot recognised, for the side panel and the quick inserts."""

    situation: str | None
    place: str | None
    crisis: bool
    channel: str | None
    site: dict[str, Any] | None


def message(event: dict[str, Any]) -> Message | None:
    """The message an event shows, or None for the events staff need not see."""
    kind = event.get("event")
    at = float(event.get("timestamp") or 0)
    text = str(event.get("text") or "")
    if kind == "user":
        return Message(PERSON, text, at)
    if kind == "bot":
        author = (event.get("metadata") or {}).get("counsellor")
        if author:
            return Message(COUNSELLOR, text, at, str(author))
        return Message(BOT, text, at) if text else None
    if kind in NOTICES:
        return Message(NOTICE, NOTICES[kind], at)
    return None


def messages(events: list[dict[str, Any]]) -> list[Message]:
    return [shown for shown in map(message, events) if shown is not None]


def facts(tracker: dict[str, Any]) -> Facts:
    events = tracker.get("events") or []
    slots = tracker.get("slots") or {}
    return Facts(
        situation=slots.get("situation") or None,
        place=slots.get("place") or None,
        crisis=any(_intent(event) in CRISIS_INTENTS for event in events),
        channel=tracker.get("latest_input_channel") or None,
        site=_nearest_site(events),
    )


def _intent(event: dict[str, Any]) -> str | None:
    if event.get("event") != "user":
        return None
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name")


def _nearest_site(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first site of the last list of sites the bot proposed."""
    for event in reversed(events):
        custom = ((event.get("data") or {}).get("custom")) or {}
        if event.get("event") == "bot" and custom.get("type") == "sites":
            sites = custom.get("sites") or []
            return sites[0] if sites else None
    return None
