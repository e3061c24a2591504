"""Spherical helpers: unit vectors, chord and great-circle distances."""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """(n, 3) unit vectors on the sphere for latitudes/longitudes in degrees."""
    la, lo = np.radians(lat), np.radians(lon)
    cos_la = np.cos(la)
    return np.column_stack((cos_la * np.cos(lo), cos_la * np.sin(lo), np.sin(la)))


def unit_vector(lat: float, lon: float) -> np.ndarray:
    la, lo = math.radians(lat), math.radians(lon)
    return np.array((math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)))


def chord_to_km(chord: np.ndarray | float) -> np.ndarray | float:
    """Great-circle distance (km) for a chord length on the unit sphere."""
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(np.asarray(chord) / 2.0, 1.0))


def km_to_chord(km: float) -> float:
    return 2.0 * math.sin(min(km / (2.0 * EARTH_RADIUS_KM), math.pi / 2))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
