"""Places and reception sites for the assistant: commune gazetteer, place resolver,
site directory and nearest-site search. Pure Python, no Rasa, no network at run time.

Public API (imported lazily)::

    resolve_text(text, departement=None) -> Resolution
    resolve_coordinates(lat, lon) -> Resolution
    nearest_sites(where, k=None, max_distance_km=None) -> NearestResult
    sites_payload(where, result=None, include_contacts=False) -> dict
    find_sites(text, departement=None) -> tuple[Resolution, NearestResult, dict]
    write_lookup_table(path, ...) -> dict[str, int]
    warm_up() -> None
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "resolve_text": "geodata.resolver",
    "resolve_coordinates": "geodata.resolver",
    "Resolution": "geodata.resolution",
    "Place": "geodata.places",
    "nearest_sites": "geodata.nearest",
    "NearestResult": "geodata.nearest",
    "SiteHit": "geodata.nearest",
    "Site": "geodata.sites",
    "sites_payload": "geodata.payload",
    "write_lookup_table": "geodata.lookup",
    "find_sites": "geodata.api",
    "warm_up": "geodata.api",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'geodata' has no attribute {name!r}")
