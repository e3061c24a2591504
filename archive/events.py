"""From Rasa's events to what the archive keeps of each conversation (still raw text).

`sessions` groups a batch of events (as the event broker publishes them: Rasa event dicts
with their `sender_id`) by sender and Rasa session, in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from archive.schema import BOT, COUNSELLOR, USER
from safety.crisis import CRISIS_INTENTS

FALLBACK_INTENT = "nlu_fallback"
SITUATION_SLOT = "situation"


@dataclass
class Turn:
    at: datetime
    speaker: str
    text: str
    intent: str | None = None
    confidence: float | None = None


@dataclass
class Session:
    """What a run of events adds to one conversation: a Rasa session of one sender."""

    sender_id: str
    # The events begin a new Rasa session (otherwise they continue the last one).
    starts: bool
    first_at: datetime
    last_at: datetime
    channel: str | None = None
    turns: list[Turn] = field(default_factory=list)
    situations: set[str] = field(default_factory=set)
    crisis: bool = False
    handoff: bool = False
    fallbacks: int = 0
    departement: str | None = None
    sites: list[str] = field(default_factory=list)

    def add(self, event: dict[str, Any]) -> None:
        at = moment(event)
        self.last_at = max(self.last_at, at)
        kind = event.get("event")
        if kind == "user":
            self._add_user(event, at)
        elif kind == "bot":
            self._add_bot(event, at)
        elif kind == "slot" and event.get("name") == SITUATION_SLOT and event.get("value"):
            self.situations.add(str(event["value"]))
        elif kind == "pause":
            self.handoff = True

    def _add_user(self, event: dict[str, Any], at: datetime) -> None:
        intent = (event.get("parse_data") or {}).get("intent") or {}
        name = intent.get("name")
        self.turns.append(
            Turn(at, USER, str(event.get("text") or ""), name, intent.get("confidence"))
        )
        self.channel = self.channel or event.get("input_channel")
        self.crisis = self.crisis or name in CRISIS_INTENTS
        self.fallbacks += name == FALLBACK_INTENT

    def _add_bot(self, event: dict[str, Any], at: datetime) -> None:
        custom = (event.get("data") or {}).get("custom") or {}
        if custom.get("type") == "sites":
            query = custom.get("query") or {}
            self.departement = query.get("departement") or self.departement
            for site in custom.get("sites") or []:
                if site.get("site_id") and site["site_id"] not in self.sites:
                    self.sites.append(site["site_id"])
        if event.get("text"):
            speaker = COUNSELLOR if custom.get("type") == COUNSELLOR else BOT
            self.turns.append(Turn(at, speaker, str(event["text"])))


def sessions(events: Iterable[dict[str, Any]]) -> list[Session]:
    """The events grouped by sender and session, in the order the sessions began."""
    current: dict[str, Session] = {}
    grouped: list[Session] = []
    for event in events:
        sender = event.get("sender_id")
        if not sender:
            continue
        at = moment(event)
        starts = event.get("event") == "session_started"
        if starts or sender not in current:
            current[sender] = Session(sender, starts, at, at)
            grouped.append(current[sender])
        current[sender].add(event)
    return grouped


def moment(event: dict[str, Any]) -> datetime:
    """The event's time (UTC); now when it has none."""
    stamp = event.get("timestamp")
    if isinstance(stamp, int | float):
        return datetime.fromtimestamp(stamp, timezone.utc)
    return datetime.now(timezone.utc)
