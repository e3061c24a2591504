"""Whether a person can be put through to a counsellor now: someone online, within hours."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import yaml

from resources.hours import OpeningHours

HOURS_FILE = Path(__file__).with_name("hours.yml")


def counsellor_hours(env: Mapping[str, str] | None = None) -> OpeningHours:
    """The counsellors' hours: COUNSELLOR_HOURS if set, else `hours.yml`."""
    override = (os.environ if env is None else env).get("COUNSELLOR_HOURS", "").strip()
    if override:
        return OpeningHours.parse(yaml.safe_load(override), "COUNSELLOR_HOURS")
    raw = yaml.safe_load(HOURS_FILE.read_text(encoding="utf-8")) or {}
    return OpeningHours.parse(raw.get("hours"), str(HOURS_FILE))


def can_connect(online: list[str], hours: OpeningHours, moment: datetime) -> bool:
    """A counsellor can answer: one is online and `moment` (Paris time) is within hours."""
    return bool(online) and hours.is_open(moment)
