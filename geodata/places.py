"""The ``Place`` record returned by the resolver."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from geodata import departements


@dataclass(frozen=True)
class Place:
    """A resolved place. ``kind`` is one of: commune, arrondissement, postal_code,
    departement, coordinates."""

    kind: str
    name: str
    departement: str
    lat: float | None
    lon: float | None
    insee_code: str | None = None
    postal_codes: tuple[str, ...] = ()
    population: int = 0
    former_name: str | None = None  # the commune déléguée / associée the text named
    location_source: str = ""  # mairie, centre, manual, departement, postal_code, input

    @property
    def departement_name(self) -> str:
        dep = departements.get(self.departement)
        return dep.name if dep else self.departement

    @property
    def label(self) -> str:
        """French label for a message or a button, e.g. "Saint-Denis (Seine-Saint-Denis, 93)"."""
        if self.kind == "departement":
            return f"{self.name} ({self.departement})"
        name = f"{self.former_name} ({self.name})" if self.former_name else self.name
        return f"{name} ({self.departement_name}, {self.departement})"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["postal_codes"] = list(self.postal_codes)
        out["departement_name"] = self.departement_name
        return out
