"""The sites nearest to a place: k nearest by geodesic distance within a radius, plus the
nearest site of the person's own département when none of those is in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from geodata.config import settings
from geodata.distance import geodesic_km
from geodata.places import Place
from geodata.resolution import Resolution
from geodata.sites import Directory, Site, directory
from geodata.spatial import SiteIndex

_KIND_ORDER = {"siege": 0, "bav": 1, "permanence": 2}
# Geodesic (ellipsoid) and great-circle (sphere) distances differ by less than 0.6 %:
# candidates within that margin of the k-th are re-ranked geodesically.
_MARGIN = 1.006


@dataclass(frozen=True)
class SiteHit:
    site: Site
    distance_km: float
    own_departement: bool = False  # added because it is the person's département's site


@dataclass(frozen=True)
class NearestResult:
    place: Place | None
    hits: tuple[SiteHit, ...]
    contacts: tuple[Site, ...]  # the département's sites that have no location (phone only)
    radius_km: float

    @property
    def empty(self) -> bool:
        return not self.hits


def _tiebreak(site: Site) -> tuple[Any, ...]:
    return (
        site.location_precision != "address",
        not site.phone,
        not site.address,
        _KIND_ORDER.get(site.kind, 9),
        site.site_id,
    )


def _as_place(where: Resolution | Place | tuple[float, float] | None) -> Place | None:
    if isinstance(where, Resolution):
        return where.place if where.resolved else None
    if isinstance(where, tuple):
        from geodata.resolver import resolve_coordinates

        return resolve_coordinates(*where).place
    return where


def nearest_sites(
    where: Resolution | Place | tuple[float, float] | None,
    *,
    k: int | None = None,
    max_distance_km: float | None = None,
    sites: Directory | None = None,
) -> NearestResult:
    """The ``k`` sites nearest to a resolved place (default k and radius from settings).

    A département-level place ("dans le 93") lists that département's sites first.
    Sites farther than the radius are left out, except the own-département one.
    """
    cfg = settings()["nearest"]
    k = k or cfg["k"]
    radius = cfg["max_distance_km"] if max_distance_km is None else max_distance_km
    place = _as_place(where)
    if place is None or place.lat is None or place.lon is None:
        return NearestResult(place, (), (), radius)
    sites = sites or directory()
    own = place.departement
    hits: list[SiteHit] = []
    if place.kind == "departement":
        hits = _within_departement(sites, place, k)
    if len(hits) < k:
        taken = {h.site.site_id for h in hits}
        more = _nearest(sites, place.lat, place.lon, k + len(hits), radius, cfg["candidate_pool"])
        hits += [h for h in more if h.site.site_id not in taken][: k - len(hits)]
    if cfg["include_own_departement"] and own and all(h.site.departement != own for h in hits):
        extra = _nearest_in(sites, own, place.lat, place.lon)
        if extra is not None:
            hits.append(extra)
    return NearestResult(place, tuple(hits), sites.contacts(own), radius)


def _ranked(index: SiteIndex, ids: np.ndarray, lat: float, lon: float) -> list[SiteHit]:
    """Hits for item indexes, by geodesic distance then tie-break (same town: the site
    with an address, a phone, the association's office first)."""
    cache: dict[tuple[float, float], float] = {}  # sites of one town share a point
    scored = []
    for i in ids:
        site = index.items[int(i)]
        point = (site.lat, site.lon)
        if point not in cache:
            cache[point] = geodesic_km(lat, lon, site.lat, site.lon)
        scored.append((round(cache[point], 3), _tiebreak(site), cache[point], site))
    scored.sort(key=lambda t: t[:2])
    return [SiteHit(site, dist) for _, _, dist, site in scored]


def _within_departement(sites: Directory, place: Place, k: int) -> list[SiteHit]:
    index = sites.index()
    ids = index.by_dep.get(place.departement)
    if ids is None:
        return []
    assert place.lat is not None and place.lon is not None
    return _ranked(index, ids, place.lat, place.lon)[:k]


def _nearest_in(sites: Directory, dep: str, lat: float, lon: float) -> SiteHit | None:
    index = sites.index()
    ids = index.within_margin(dep, lat, lon, _MARGIN)
    if ids is None:
        return None
    best = _ranked(index, ids, lat, lon)[0]
    return SiteHit(best.site, best.distance_km, own_departement=True)


def _nearest(
    sites: Directory, lat: float, lon: float, k: int, radius: float, pool: int
) -> list[SiteHit]:
    index = sites.index()
    while True:
        idx, sph = index.nearest(lat, lon, pool)
        inside = sph <= radius * _MARGIN
        idx, sph = idx[inside], sph[inside]
        if len(idx) == 0:
            return []
        cutoff = sph[min(k, len(sph)) - 1] * _MARGIN + 0.05
        if len(idx) == pool and pool < len(index) and sph[-1] <= cutoff:
            pool *= 4  # many sites tie (same commune): look further
            continue
        break
    hits = _ranked(index, idx[sph <= cutoff], lat, lon)
    return [h for h in hits if h.distance_km <= radius][:k]
