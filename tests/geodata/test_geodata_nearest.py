"""Nearest-site search on the real seed, and on generated sites for scale."""

from __future__ import annotations

import random

import numpy as np
import pytest
from geopy.distance import geodesic

from geodata.distance import geodesic_km, vincenty_km
from geodata.gazetteer import load
from geodata.nearest import nearest_sites
from geodata.resolver import resolve_text
from geodata.sites import Directory, Site
from geodata.spatial import SiteIndex


def test_three_nearest_with_distances(seed_directory: Directory) -> None:
    result = nearest_sites(resolve_text("Villeurbanne"), sites=seed_directory)
    assert len(result.hits) == 3
    assert all(h.site.departement == "69" for h in result.hits)
    distances = [h.distance_km for h in result.hits]
    assert distances == sorted(distances) and distances[-1] < 10


def test_ranking_is_exact_against_brute_force_geopy(seed_directory: Directory) -> None:
    g = load()
    rng = random.Random(7)
    located = seed_directory.located
    for i in rng.sample([i for i in range(len(g)) if g.kind[i] == "COM"], 40):
        place = g.place(i)
        result = nearest_sites(place, sites=seed_directory, k=3, max_distance_km=10_000)
        ranked = sorted(geodesic((place.lat, place.lon), (s.lat, s.lon)).km for s in located)
        got = [h.distance_km for h in result.hits if not h.own_departement]
        assert got == pytest.approx(ranked[:3], abs=1e-6)


def test_own_departement_site_is_added_when_across_the_border(
    seed_directory: Directory,
) -> None:
    result = nearest_sites(resolve_text("Gex"), sites=seed_directory)
    assert [h.site.departement for h in result.hits[:3]] == ["74", "74", "74"]
    own = result.hits[3]
    assert own.own_departement and own.site.departement == "01"
    assert own.distance_km > result.hits[2].distance_km


def test_own_departement_site_even_beyond_the_radius(seed_directory: Directory) -> None:
    result = nearest_sites(resolve_text("Saint-Laurent-du-Maroni"), sites=seed_directory)
    assert [h.site.site_id for h in result.hits] == ["fv-973-bav-cayenne"]
    assert result.hits[0].distance_km > result.radius_km


def test_honest_empty_answer_far_from_any_site(seed_directory: Directory) -> None:
    assert nearest_sites(resolve_text("Papeete"), sites=seed_directory).empty
    assert nearest_sites(resolve_text("Saint-Pierre-et-Miquelon"), sites=seed_directory).empty
    assert nearest_sites(resolve_text("bonjour"), sites=seed_directory).empty
    # The radius is a setting: nothing within 1 km of this village but its dép.'s site.
    result = nearest_sites(resolve_text("Gex"), sites=seed_directory, max_distance_km=1)
    assert [h.own_departement for h in result.hits] == [True]


def test_departement_query_lists_that_departement_first(seed_directory: Directory) -> None:
    result = nearest_sites(resolve_text("je suis dans le 93"), sites=seed_directory)
    assert [h.site.departement for h in result.hits[:2]] == ["93", "93"]
    assert [c.site_id for c in result.contacts] == ["fv-93-siege-sosvictimes93"]


def test_sites_of_one_town_are_ordered_by_what_is_known(seed_directory: Directory) -> None:
    result = nearest_sites(resolve_text("Le Mans"), sites=seed_directory)
    assert result.hits[0].site.site_id == "fv-72-bav-lemans"  # has an address and a phone
    assert result.hits[0].distance_km == 0.0


def test_vincenty_agrees_with_geopy() -> None:
    rng = random.Random(3)
    for _ in range(500):
        a = (rng.uniform(-23, 51), rng.uniform(-180, 180))
        b = (a[0] + rng.uniform(-5, 5), a[1] + rng.uniform(-5, 5))
        assert vincenty_km(*a, *b) == pytest.approx(geodesic(a, b).km, abs=1e-6)
    assert geodesic_km(48.85, 2.35, 48.85, 2.35) == 0.0


def test_index_scales_and_matches_brute_force() -> None:
    rng = np.random.default_rng(5)
    lat = rng.uniform(42, 51, 100_000)
    lon = rng.uniform(-4.5, 8, 100_000)
    items = [
        Site(f"g{i}", "x", "permanence", "75", lat=a, lon=b)
        for i, (a, b) in enumerate(zip(lat, lon, strict=False))
    ]
    index = SiteIndex(items)
    idx, km = index.nearest(46.5, 2.5, 5)
    sq = (lat - 46.5) ** 2 + ((lon - 2.5) * np.cos(np.radians(46.5))) ** 2
    assert set(idx) == set(np.argsort(sq)[:5])
    assert list(km) == sorted(km)
