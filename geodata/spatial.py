"""Spatial index over located sites: a k-d tree on 3-D unit vectors (chord distance is
monotonic with great-circle distance), with a plain numpy scan when scipy is absent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from geodata.geo import chord_to_km, unit_vector, unit_vectors

try:
    from scipy.spatial import cKDTree
except ImportError:  # pragma: no cover - scipy comes with the Rasa stack
    cKDTree = None


class Located(Protocol):
    lat: float | None
    lon: float | None
    departement: str


class SiteIndex:
    """Nearest located items by great-circle distance, overall or within a département."""

    def __init__(self, items: Sequence[Any]) -> None:
        self.items = list(items)
        lat = np.array([it.lat for it in self.items], dtype=float)
        lon = np.array([it.lon for it in self.items], dtype=float)
        self.lats, self.lons = lat, lon
        self.vecs = unit_vectors(lat, lon) if self.items else np.zeros((0, 3))
        self.tree = cKDTree(self.vecs) if cKDTree is not None and self.items else None
        groups: dict[str, list[int]] = defaultdict(list)
        for i, it in enumerate(self.items):
            groups[it.departement].append(i)
        self.by_dep = {dep: np.array(ids) for dep, ids in groups.items()}

    def __len__(self) -> int:
        return len(self.items)

    def nearest(self, lat: float, lon: float, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Indexes of the ``count`` nearest items and their great-circle distances (km)."""
        count = min(count, len(self.items))
        if count == 0:
            return np.zeros(0, dtype=int), np.zeros(0)
        q = unit_vector(lat, lon)
        if self.tree is not None:
            chord, idx = self.tree.query(q, k=count)
            return np.atleast_1d(idx), chord_to_km(np.atleast_1d(chord))
        d2 = ((self.vecs - q) ** 2).sum(axis=1)
        idx = np.argpartition(d2, count - 1)[:count] if count < len(d2) else np.arange(len(d2))
        idx = idx[np.argsort(d2[idx])]
        return idx, chord_to_km(np.sqrt(d2[idx]))

    def within_margin(
        self, departement: str, lat: float, lon: float, margin: float
    ) -> np.ndarray | None:
        """Items of a département whose great-circle distance is within ``margin`` (a
        factor, e.g. 1.006) of the nearest one's: the candidates for the geodesic nearest."""
        ids = self.by_dep.get(departement)
        if ids is None or len(ids) == 0:
            return None
        d2 = ((self.vecs[ids] - unit_vector(lat, lon)) ** 2).sum(axis=1)
        km = chord_to_km(np.sqrt(d2))
        return ids[km <= km.min() * margin + 0.05]
