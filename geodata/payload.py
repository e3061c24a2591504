"""The ``custom`` payload of nearest-site answers (contract.md §4)."""

from __future__ import annotations

from typing import Any

from geodata.nearest import NearestResult, SiteHit, nearest_sites
from geodata.places import Place
from geodata.resolution import Resolution, query_of
from geodata.sites import Site


def site_entry(site: Site, distance_km: float | None) -> dict[str, Any]:
    """One element of ``sites``; unknown values are null, never invented."""

    def val(text: str) -> str | None:
        return text or None

    return {
        "site_id": site.site_id,
        "name": site.name,
        "association": val(site.association),
        "kind": site.kind,
        "address": val(site.address),
        "postal_code": val(site.postal_code),
        "city": val(site.city),
        "departement": site.departement,
        "phone": val(site.phone),
        "lat": site.lat,
        "lon": site.lon,
        "distance_km": None if distance_km is None else round(distance_km, 1),
        "location_precision": site.location_precision,
    }


def sites_payload(
    where: Resolution | Place | None,
    result: NearestResult | None = None,
    *,
    include_contacts: bool = False,
) -> dict[str, Any]:
    """``{"type": "sites", "query": {...} | None, "sites": [...]}``.

    ``query`` is None (and ``sites`` empty) unless the place was resolved. ``result``
    defaults to ``nearest_sites(where)``. With ``include_contacts``, the département's
    unlocated contacts (phone only) follow, with null coordinates and distance.
    """
    place = where.place if isinstance(where, Resolution) and where.resolved else where
    if not isinstance(place, Place):
        return {"type": "sites", "query": None, "sites": []}
    result = result if result is not None else nearest_sites(place)
    entries = [_hit(h) for h in result.hits]
    if include_contacts:
        entries += [site_entry(s, None) for s in result.contacts]
    return {"type": "sites", "query": query_of(place), "sites": entries}


def _hit(hit: SiteHit) -> dict[str, Any]:
    return site_entry(hit.site, hit.distance_km)
