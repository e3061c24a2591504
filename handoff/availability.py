"""Whether a person can be put through to a counsellor now: someone online, within hours."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from resources.hours import OpeningHours

HOURS_FILE = Path(__file__).with_name("hours.yml")


@dataclass(frozen=True)
class CounsellorHours:
    """When counsellors answer in the chat, and how to say it to the person."""

    hours: OpeningHours
    text: str

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None) -> CounsellorHours:
        """From `hours.yml`, with COUNSELLOR_HOURS and COUNSELLOR_HOURS_TEXT overriding it."""
        env = os.environ if env is None else env
        raw = yaml.safe_load(HOURS_FILE.read_text(encoding="utf-8")) or {}
        override = env.get("COUNSELLOR_HOURS", "").strip()
        hours = yaml.safe_load(override) if override else raw.get("hours")
        where = "COUNSELLOR_HOURS" if override else str(HOURS_FILE)
        text = env.get("COUNSELLOR_HOURS_TEXT", "").strip() or raw.get("hours_text", "")
        if not text:
            raise ValueError(f"{HOURS_FILE}: hours_text is missing")
        return cls(hours=OpeningHours.parse(hours, where), text=text)

    def can_connect(self, online: list[str], moment: datetime) -> bool:
        """A counsellor can answer: one is online and `moment` (Paris time) is within hours."""
        return bool(online) and self.hours.is_open(moment)
