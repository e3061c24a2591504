"""From what the person said about where they are, to the nearest reception sites.

Pure logic (no Rasa import): returns the responses to send, with their values, buttons
and the `custom` payload of contract.md §4.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from geodata.nearest import NearestResult, nearest_sites
from geodata.payload import sites_payload
from geodata.resolution import Resolution
from geodata.resolver import resolve_coordinates, resolve_text

MAX_BUTTONS = 8


@dataclass(frozen=True)
class PlaceRequest:
    """Where the person is, as the conversation gave it."""

    text: str = ""
    place: str | None = None
    departement: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # The person asked for help nearby: with no place in the message, ask where.
    wants_help_nearby: bool = False

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Reply:
    """A domain response to send, with its values, buttons and custom payload."""

    response: str
    values: dict[str, str] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)
    custom: dict[str, Any] | None = None


def resolve(request: PlaceRequest) -> Resolution:
    """Coordinates first (shared by the widget), then the place named, then the text."""
    if request.has_coordinates:
        return resolve_coordinates(request.latitude, request.longitude)
    resolution = resolve_text(request.place or request.text, request.departement)
    if not resolution.resolved and request.place and request.text != request.place:
        fallback = resolve_text(request.text, request.departement)
        if fallback.status != "not_found":
            return fallback
    return resolution


def answer(request: PlaceRequest) -> list[Reply]:
    """The replies to a place: the sites, a question if ambiguous, or an honest answer."""
    resolution = resolve(request)
    if resolution.ambiguous:
        return [ask_which_departement(resolution)]
    if not resolution.resolved:
        if resolution.method == "abroad":
            return [Reply("utter_place_abroad", custom=sites_payload(None))]
        if request.wants_help_nearby and not request.place:
            return [Reply("utter_ask_location")]
        return [Reply("utter_place_unknown", custom=sites_payload(None))]
    result = nearest_sites(resolution)
    payload = sites_payload(resolution, result)
    place = resolution.place.label if resolution.place else ""
    if result.empty or not payload["sites"]:
        return [Reply("utter_sites_none", {"place": place}, custom=payload)]
    return [
        Reply("utter_sites_found", {"place": place, "sites": site_lines(result)}, custom=payload)
    ]


def ask_which_departement(resolution: Resolution) -> Reply:
    """Ask which of the communes sharing a name, with the départements as buttons."""
    name = resolution.candidates[0].name if resolution.candidates else resolution.matched
    buttons = [
        {
            "title": choice["label"],
            "payload": "/inform_location"
            + json.dumps({"place": name, "departement": choice["code"]}, ensure_ascii=False),
        }
        for choice in resolution.departement_choices()[:MAX_BUTTONS]
    ]
    return Reply(
        "utter_place_ambiguous", {"name": name}, buttons=buttons, custom=sites_payload(None)
    )


def site_lines(result: NearestResult) -> str:
    """One line per site: name, where it is, distance and phone when known."""
    lines = []
    for number, hit in enumerate(result.hits, start=1):
        site = hit.site
        where = ", ".join(
            part for part in (site.address, f"{site.postal_code} {site.city}".strip()) if part
        )
        distance = "à moins de 1 km" if hit.distance_km < 1 else f"à {hit.distance_km:.0f} km"
        line = f"{number}. {site.name} — {where or site.city}, {distance}"
        if site.phone:
            line += f", tél. {site.phone}"
        lines.append(line)
    return "\n".join(lines)
