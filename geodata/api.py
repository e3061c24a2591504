"""Conveniences for the dialogue: one call from text to payload, and warming caches."""

from __future__ import annotations

from typing import Any

from geodata import gazetteer, sites
from geodata.nearest import NearestResult, nearest_sites
from geodata.payload import sites_payload
from geodata.resolution import Resolution
from geodata.resolver import resolve_text


def find_sites(
    text: str, departement: str | None = None
) -> tuple[Resolution, NearestResult | None, dict[str, Any]]:
    """Resolve ``text``; if resolved, find the nearest sites. Returns the resolution (to ask
    "which département?" when ambiguous), the search result (None unless resolved) and the
    contract §4 payload (``query`` null unless resolved)."""
    resolution = resolve_text(text, departement)
    if not resolution.resolved:
        return resolution, None, sites_payload(None)
    result = nearest_sites(resolution)
    return resolution, result, sites_payload(resolution, result)


def warm_up() -> None:
    """Load the gazetteer, the typo index and the site index (call at server start)."""
    g = gazetteer.load()
    _ = g.fuzzy, g.by_prefix, g.departement_keys, g.common_words
    g.nearest(46.6, 2.4)
    sites.directory().index()
