"""The catalogue of national resources, read from `resources.yml` and validated.

Everything that names a number, an opening time or a service reads it from here, so
that staff update it in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from resources.hours import OpeningHours

DEFAULT_PATH = Path(__file__).with_name("resources.yml")
SECTIONS = ("emergencies", "helplines", "online_services")
REQUIRED = ("id", "name", "for", "source", "checked")
TEXT_FIELDS = ("name", "for", "number", "url", "email", "abroad", "hours_text", "closed_advice")
PHONE = re.compile(r"^(\+33 )?\d[\d ]*\d$")


@dataclass(frozen=True)
class Resource:
    """A phone line or an online service, with its texts (keyed as in the data file)."""

    id: str
    texts: dict[str, str]
    hours: OpeningHours | None
    source: str
    checked: str

    def __getitem__(self, field: str) -> str:
        try:
            return self.texts[field]
        except KeyError:
            raise KeyError(f"resource {self.id!r} has no field {field!r}") from None

    def is_open(self, moment: datetime) -> bool:
        """Whether the line is open at `moment` (local time); lines without hours never close."""
        return self.hours is None or self.hours.is_open(moment)


@dataclass(frozen=True)
class Catalog:
    """All resources by id, and the service's time zone."""

    timezone: ZoneInfo
    resources: dict[str, Resource]

    def __getitem__(self, resource_id: str) -> Resource:
        try:
            return self.resources[resource_id]
        except KeyError:
            raise KeyError(f"no resource {resource_id!r} in the catalogue") from None

    def now(self) -> datetime:
        """The current local time of the service (Europe/Paris)."""
        return datetime.now(self.timezone)


def load_catalog(path: Path = DEFAULT_PATH) -> Catalog:
    """Read and validate a resources file; raise ValueError saying what is wrong and where."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path.name}: expected a mapping at the top level")
    resources: dict[str, Resource] = {}
    for section in SECTIONS:
        for index, item in enumerate(raw.get(section) or []):
            resource = _parse_resource(item, f"{path.name}: {section}[{index}]")
            if resource.id in resources:
                raise ValueError(f"{path.name}: duplicate resource id {resource.id!r}")
            resources[resource.id] = resource
    if not resources:
        raise ValueError(f"{path.name}: no resources")
    return Catalog(timezone=ZoneInfo(raw.get("timezone", "Europe/Paris")), resources=resources)


@cache
def default_catalog() -> Catalog:
    """The catalogue of the shipped resources file, loaded once per process."""
    return load_catalog()


def _parse_resource(item: Any, where: str) -> Resource:
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected a mapping")
    missing = [key for key in REQUIRED if not item.get(key)]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    where = f"{where} ({item['id']})"
    if not item.get("number") and not item.get("url"):
        raise ValueError(f"{where}: needs a number or a url")
    if item.get("number") and not PHONE.match(str(item["number"])):
        raise ValueError(f"{where}: {item['number']!r} does not look like a phone number")
    hours = OpeningHours.parse(item["hours"], where) if "hours" in item else None
    if hours is not None and not hours.always and not item.get("hours_text"):
        raise ValueError(f"{where}: limited hours need an 'hours_text' for people to read")
    return Resource(
        id=str(item["id"]),
        texts={key: str(item[key]) for key in TEXT_FIELDS if item.get(key) is not None},
        hours=hours,
        source=str(item["source"]),
        checked=str(item["checked"]),
    )
