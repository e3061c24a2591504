"""What to add after an answer: the 116 006 open or not, lines for minors and relatives.

Pure logic (no Rasa import): returns the names of responses to send, with their values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from resources import Catalog, describe_reopening

ADULT_AGE = 18
HELPLINE_ID = "victims_helpline"
# Situations where a minor also gets the line for online violence between young people.
ONLINE_SITUATIONS = frozenset({"cybercrime"})
NUMBER = re.compile(r"\d{1,3}")


@dataclass(frozen=True)
class Utterance:
    """A domain response to send, with the values its text needs."""

    response: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    """What the conversation told us about the victim."""

    situation: str | None = None
    age: str | None = None
    minor_hint: str | None = None
    relative: str | None = None

    @property
    def is_minor(self) -> bool:
        if self.minor_hint:
            return True
        found = NUMBER.search(self.age or "")
        return found is not None and int(found.group()) < ADULT_AGE


def plan_orientation(person: Person, catalog: Catalog, moment: datetime) -> list[Utterance]:
    """The responses that complete an answer, in the order they are sent."""
    plan: list[Utterance] = []
    if person.relative:
        plan.append(Utterance("utter_relative"))
    if person.is_minor:
        plan.append(Utterance("utter_minor"))
        if person.situation in ONLINE_SITUATIONS:
            plan.append(Utterance("utter_minor_online"))
    plan.append(helpline_status(catalog, moment))
    return plan


def helpline_status(catalog: Catalog, moment: datetime) -> Utterance:
    """Whether the 116 006 is open at `moment`, and when it reopens if it is not."""
    helpline = catalog[HELPLINE_ID]
    if helpline.is_open(moment):
        return Utterance("utter_helpline_open")
    assert helpline.hours is not None  # a line that can be closed has hours
    reopening = helpline.hours.next_opening(moment)
    assert reopening is not None
    return Utterance("utter_helpline_closed", {"reopens": describe_reopening(moment, reopening)})
