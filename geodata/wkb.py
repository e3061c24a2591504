"""Minimal reader of (E)WKB points and (multi)polygons, and the centre of an outline."""

from __future__ import annotations

import math
import struct

import numpy as np

from geodata.geo import EARTH_RADIUS_KM

_POINT, _POLYGON, _MULTIPOLYGON = 1, 3, 6
_SRID_FLAG = 0x20000000


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def header(self) -> tuple[str, int]:
        order = "<" if self.data[self.pos] == 1 else ">"
        (gtype,) = struct.unpack_from(order + "I", self.data, self.pos + 1)
        self.pos += 5
        if gtype & _SRID_FLAG:
            self.pos += 4
        return order, gtype & 0xFFFF

    def uint(self, order: str) -> int:
        (value,) = struct.unpack_from(order + "I", self.data, self.pos)
        self.pos += 4
        return value

    def points(self, order: str, count: int) -> np.ndarray:
        dtype = np.dtype(order + "f8")
        arr = np.frombuffer(self.data, dtype=dtype, count=2 * count, offset=self.pos)
        self.pos += 16 * count
        return arr.reshape(count, 2)

    def polygon(self, order: str) -> list[np.ndarray]:
        return [self.points(order, self.uint(order)) for _ in range(self.uint(order))]


def read_point(hex_wkb: str) -> tuple[float, float] | None:
    """(lon, lat) of a WKB point, or None."""
    if not hex_wkb or hex_wkb == r"\N":
        return None
    reader = _Reader(bytes.fromhex(hex_wkb))
    order, gtype = reader.header()
    if gtype != _POINT:
        return None
    lon, lat = reader.points(order, 1)[0]
    return float(lon), float(lat)


def read_polygons(hex_wkb: str) -> list[list[np.ndarray]]:
    """Polygons (each a list of rings of (lon, lat) rows) of a WKB (multi)polygon."""
    if not hex_wkb or hex_wkb == r"\N":
        return []
    reader = _Reader(bytes.fromhex(hex_wkb))
    order, gtype = reader.header()
    if gtype == _POLYGON:
        return [reader.polygon(order)]
    if gtype != _MULTIPOLYGON:
        return []
    polygons = []
    for _ in range(reader.uint(order)):
        sub_order, _sub_type = reader.header()
        polygons.append(reader.polygon(sub_order))
    return polygons


def _ring_moments(ring: np.ndarray, lon0: float, lat0: float) -> tuple[float, float, float]:
    """Signed area and first moments of a ring in a local equirectangular plane (km)."""
    k = math.radians(1.0) * EARTH_RADIUS_KM
    x = (ring[:, 0] - lon0) * k * math.cos(math.radians(lat0))
    y = (ring[:, 1] - lat0) * k
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2.0
    return area, ((x + x1) * cross).sum() / 6.0, ((y + y1) * cross).sum() / 6.0


def outline_centre(polygons: list[list[np.ndarray]]) -> tuple[float, float, float] | None:
    """Area-weighted centroid (lon, lat) and area in km² of polygons with holes, or None."""
    rings = [ring for poly in polygons for ring in poly if len(ring) >= 3]
    if not rings:
        return None
    lon0 = float(np.mean([ring[:, 0].mean() for ring in rings]))
    lat0 = float(np.mean([ring[:, 1].mean() for ring in rings]))
    total_a = total_x = total_y = 0.0
    for poly in polygons:
        for idx, ring in enumerate(poly):
            if len(ring) < 3:
                continue
            a, mx, my = _ring_moments(ring, lon0, lat0)
            # Exterior rings count positive, holes negative, whatever their winding.
            sign = 1.0 if idx == 0 else -1.0
            flip = sign if a >= 0 else -sign
            total_a += flip * a
            total_x += flip * mx
            total_y += flip * my
    if total_a <= 0:
        return None
    k = math.radians(1.0) * EARTH_RADIUS_KM
    cx, cy = total_x / total_a, total_y / total_a
    lat = lat0 + cy / k
    lon = lon0 + cx / (k * math.cos(math.radians(lat0)))
    return lon, lat, total_a


def _local_xy(ring: np.ndarray, lon0: float, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    k = math.radians(1.0) * EARTH_RADIUS_KM
    return (ring[:, 0] - lon0) * k * math.cos(math.radians(lat0)), (ring[:, 1] - lat0) * k


def distance_outside_km(polygons: list[list[np.ndarray]], lon: float, lat: float) -> float:
    """0 if the point lies inside the polygons, else its distance (km) to their nearest vertex."""
    inside = False
    nearest = math.inf
    for poly in polygons:
        for ring in poly:
            if len(ring) < 3:
                continue
            x, y = _local_xy(ring, lon, lat)
            x1, y1 = np.roll(x, -1), np.roll(y, -1)
            crosses = (y > 0) != (y1 > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                x_at = x + (0 - y) * (x1 - x) / (y1 - y)
            # Even-odd rule: holes flip the parity back.
            inside ^= bool(np.count_nonzero(crosses & (x_at > 0)) % 2)
            nearest = min(nearest, float(np.sqrt(x * x + y * y).min()))
    return 0.0 if inside else nearest
