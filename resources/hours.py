"""Opening hours of a helpline, and whether it is open at a given moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass(frozen=True)
class Slot:
    """One opening slot: the days it applies to and the hours, close excluded."""

    days: frozenset[str]
    open: time
    close: time

    def covers(self, moment: datetime) -> bool:
        return DAYS[moment.weekday()] in self.days and self.open <= moment.time() < self.close


@dataclass(frozen=True)
class OpeningHours:
    """Either always open, or open during a list of weekly slots (local time)."""

    always: bool
    slots: tuple[Slot, ...] = ()

    @classmethod
    def parse(cls, raw: Any, where: str) -> OpeningHours:
        if raw == "24/7":
            return cls(always=True)
        if not isinstance(raw, list) or not raw:
            raise ValueError(f"{where}: hours must be '24/7' or a non-empty list of slots")
        return cls(always=False, slots=tuple(_parse_slot(item, where) for item in raw))

    def is_open(self, moment: datetime) -> bool:
        """Whether the line is open at `moment`, a local (Europe/Paris) time."""
        return self.always or any(slot.covers(moment) for slot in self.slots)

    def next_opening(self, moment: datetime) -> datetime | None:
        """The next moment the line opens after `moment`; None if it never closes."""
        if self.always:
            return None
        for offset in range(8):
            day = moment + timedelta(days=offset)
            starts = [
                day.replace(hour=s.open.hour, minute=s.open.minute, second=0, microsecond=0)
                for s in self.slots
                if DAYS[day.weekday()] in s.days
            ]
            upcoming = [start for start in starts if start > moment]
            if upcoming:
                return min(upcoming)
        raise AssertionError("a weekly schedule with slots always reopens within 8 days")


def describe_reopening(moment: datetime, opening: datetime) -> str:
    """When a line reopens, in French: « aujourd'hui à 9 h », « demain à 9 h », « lundi à 10 h »."""
    days = (opening.date() - moment.date()).days
    day = "aujourd'hui" if days == 0 else "demain" if days == 1 else DAY_NAMES_FR[opening.weekday()]
    minutes = f"{opening.minute:02d}" if opening.minute else ""
    return f"{day} à {opening.hour} h {minutes}".rstrip()


def _parse_slot(raw: Any, where: str) -> Slot:
    if not isinstance(raw, dict) or set(raw) != {"days", "open", "close"}:
        raise ValueError(f"{where}: a slot needs exactly 'days', 'open' and 'close'")
    days = raw["days"]
    if not isinstance(days, list) or not days or any(day not in DAYS for day in days):
        raise ValueError(f"{where}: days must be a list of {', '.join(DAYS)}")
    opening, closing = _parse_time(raw["open"], where), _parse_time(raw["close"], where)
    if opening >= closing:
        raise ValueError(f"{where}: 'open' must be before 'close'")
    return Slot(days=frozenset(days), open=opening, close=closing)


def _parse_time(raw: Any, where: str) -> time:
    try:
        return time.fromisoformat(str(raw))
    except ValueError:
        raise ValueError(f"{where}: {raw!r} is not a time like '09:00'") from None
