"""The result of resolving a text: one place, several candidates, or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geodata import departements
from geodata.config import settings
from geodata.places import Place

RESOLVED, AMBIGUOUS, NOT_FOUND = "resolved", "ambiguous", "not_found"


@dataclass(frozen=True)
class Resolution:
    """``status`` is resolved (``place`` set), ambiguous (``candidates``, maybe ``likely``)
    or not_found. ``method`` tells how: name, alias, former_name, prefix, fuzzy, postal_code,
    departement, arrondissement, coordinates."""

    status: str
    place: Place | None = None
    candidates: tuple[Place, ...] = ()
    likely: Place | None = None
    method: str = ""
    matched: str = ""
    communes: tuple[Place, ...] = field(default=(), repr=False)  # of a postal code

    @property
    def resolved(self) -> bool:
        return self.status == RESOLVED

    @property
    def ambiguous(self) -> bool:
        return self.status == AMBIGUOUS

    @property
    def corrected(self) -> bool:
        """True when a misspelling was corrected: worth confirming with the person."""
        return self.method == "fuzzy"

    def by_departement(self) -> dict[str, list[Place]]:
        """Candidates grouped by département, most populated group first."""
        groups: dict[str, list[Place]] = {}
        for place in sorted(self.candidates, key=lambda p: -p.population):
            groups.setdefault(place.departement, []).append(place)
        return groups

    def departement_choices(self) -> list[dict[str, Any]]:
        """One button per département: code, name, French label and the candidates there."""
        out = []
        for code, places in self.by_departement().items():
            dep = departements.get(code)
            name = dep.name if dep else code
            out.append(
                {
                    "code": code,
                    "name": name,
                    "label": f"{name} ({code})",
                    "places": [p.label for p in places],
                }
            )
        return out

    def choose(self, departement: str) -> Resolution:
        """Keep the candidates of one département (the person's answer to "which one?")."""
        code = departements.normalize_code(departement) or departement
        kept = [p for p in self.candidates if p.departement == code]
        return from_candidates(kept, self.method, self.matched)

    def query(self) -> dict[str, Any] | None:
        """The ``query`` object of the sites payload (contract §4), None unless resolved."""
        return query_of(self.place) if self.resolved and self.place else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "method": self.method,
            "matched": self.matched,
            "place": self.place.to_dict() if self.place else None,
            "likely": self.likely.to_dict() if self.likely else None,
            "candidates": [p.to_dict() for p in self.candidates],
            "departement_choices": self.departement_choices() if self.ambiguous else [],
        }


def query_of(place: Place) -> dict[str, Any]:
    """``{"insee_code", "commune", "departement"}`` of a place (and ``postal_code`` for a
    postal code covering several communes)."""
    named = place.kind in ("commune", "arrondissement", "coordinates")
    out: dict[str, Any] = {
        "insee_code": place.insee_code,
        "commune": place.name if named else None,
        "departement": place.departement,
    }
    if place.kind == "postal_code":
        out["postal_code"] = place.name
    return out


def not_found(matched: str = "") -> Resolution:
    return Resolution(NOT_FOUND, matched=matched)


def from_candidates(places: list[Place], method: str, matched: str) -> Resolution:
    """Resolved if one place, ambiguous (with a dominant ``likely`` one) if several."""
    uniq: dict[tuple[str, str, str | None, str], Place] = {}
    for p in places:
        uniq.setdefault((p.kind, p.departement, p.insee_code, p.name), p)
    places = sorted(uniq.values(), key=lambda p: -p.population)
    if not places:
        return not_found(matched)
    if len(places) == 1:
        return Resolution(RESOLVED, places[0], (places[0],), None, method, matched)
    ratio = settings()["resolver"]["dominance_ratio"]
    top, second = places[0], places[1]
    likely = top if top.population >= ratio * max(second.population, 1) else None
    return Resolution(AMBIGUOUS, None, tuple(places), likely, method, matched)
