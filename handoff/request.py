"""Asking for a counsellor: queue the conversation, or say that nobody can answer now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handoff.availability import CounsellorHours
from handoff.store import HandoffStore
from safety.crisis import CRISIS_INTENTS


@dataclass(frozen=True)
class HandoffRequest:
    """What the bot knows when the person asks for a counsellor."""

    conversation_id: str
    reason: str
    channel: str | None = None
    situation: str | None = None
    place: str | None = None
    crisis: bool = False


@dataclass(frozen=True)
class Outcome:
    """`queued` with the place in the queue (0: a counsellor already has it), or
    `unavailable` with the counsellors' hours."""

    status: str
    position: int = 0


async def request_handoff(
    store: HandoffStore, hours: CounsellorHours, request: HandoffRequest, now: datetime
) -> Outcome:
    if not hours.can_connect(await store.online(), now):
        return Outcome("unavailable")
    position = await store.request(
        request.conversation_id,
        request.reason,
        channel=request.channel,
        situation=request.situation,
        place=request.place,
        crisis=request.crisis,
    )
    return Outcome("queued", position)


def handoff_reason(intents: list[str]) -> tuple[str, bool]:
    """Why the handoff is asked for, from the conversation's intents (the latest last),
    and whether the conversation had a crisis."""
    crisis = any(intent in CRISIS_INTENTS for intent in intents)
    if intents and intents[-1] == "nlu_fallback":
        return "fallback", crisis
    return ("crisis" if crisis else "request_human"), crisis
