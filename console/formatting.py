"""How times and figures read in the console (Paris time, French)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def clock(timestamp: float) -> str:
    """ "14:05", the time of day of a moment."""
    return datetime.fromtimestamp(timestamp, PARIS).strftime("%H:%M")


def duration(seconds: float) -> str:
    """ "moins d'une minute", "12 min", "1 h 05": how long, rounded down to the minute."""
    minutes = int(max(seconds, 0) // 60)
    if minutes < 1:
        return "moins d'une minute"
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"


def iso(moment: float | datetime) -> str:
    """The moment (a timestamp or an aware datetime) as ISO 8601, for `<time datetime>`."""
    if not isinstance(moment, datetime):
        moment = datetime.fromtimestamp(moment, PARIS)
    return moment.astimezone(PARIS).isoformat(timespec="seconds")


def date_time(moment: datetime) -> str:
    """ "03/03/2025 à 10:15", an aware datetime in Paris time."""
    return moment.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M")


def percent(share: float) -> str:
    """ "25 %", a share from 0 to 1, rounded to the unit."""
    return f"{round(share * 100)}\u00a0%"
