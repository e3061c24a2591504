"""How times read in the console (Paris time, French)."""

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


def iso(timestamp: float) -> str:
    """The moment as ISO 8601, for `<time datetime>`."""
    return datetime.fromtimestamp(timestamp, PARIS).isoformat(timespec="seconds")
