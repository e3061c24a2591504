"""The seed directory: merged, located, sourced, nothing invented."""

from __future__ import annotations

import csv

from geodata import departements
from geodata.config import SEED_DIR
from geodata.gazetteer import load
from geodata.geo import haversine_km
from geodata.sites import Directory


def test_seed_merges_to_267_sites_in_all_101_departements(seed_directory: Directory) -> None:
    sites = seed_directory.sites
    assert len(sites) == 267
    assert len({s.site_id for s in sites}) == 267
    mainland_and_drom = {
        c for c, d in departements.departements().items() if d.kind == "departement"
    }
    assert len(mainland_and_drom) == 101
    assert mainland_and_drom <= {s.departement for s in seed_directory.located}
    assert seed_directory.meta["origin"] == "seed"


def test_bav_rows_are_merged_keeping_the_richer_row_and_both_sources(
    seed_directory: Directory,
) -> None:
    le_mans = seed_directory.by_id("fv-72-bav-lemans")
    assert le_mans is not None
    assert le_mans.phone == "02 43 83 78 22" and le_mans.association == "France Victimes 72"
    assert le_mans.source_url.startswith("http")
    assert le_mans.other_sources[0]["site_id"] == "bav-tj-le-mans"
    assert seed_directory.by_id("bav-tj-le-mans") is None
    albertville = seed_directory.by_id("fv-73-bav-albertville")
    assert albertville.name == "Bureau d'aide aux victimes - Tribunal judiciaire d'Albertville"
    assert albertville.source_year == ""  # not borrowed from the other source


def test_every_site_keeps_its_source(seed_directory: Directory) -> None:
    assert all(s.source_url for s in seed_directory.sites)


def test_nothing_is_invented(seed_directory: Directory) -> None:
    with open(SEED_DIR / "bav_tribunaux.csv", encoding="utf-8") as fh:
        law = {r["site_id"]: r for r in csv.DictReader(fh)}
    for site_id in law:
        site = seed_directory.by_id(site_id)
        if site is not None:  # not merged with a richer row
            assert not site.phone and not site.address and not site.association
    unlocated = [s for s in seed_directory.sites if not s.located]
    assert len(unlocated) == 11  # phone-only contacts: no town given, none made up
    assert all(s.location_precision is None and not s.city for s in unlocated)


def test_town_only_sites_are_located_at_their_commune(seed_directory: Directory) -> None:
    located = seed_directory.located
    assert all(s.location_precision == "commune" for s in located)
    g = load()
    for site in located:
        place = g.by_insee(site.insee_code)
        assert place is not None and place.departement == site.departement, site.site_id
        if site.city != "Meythet":  # a former commune keeps its own point
            assert haversine_km(site.lat, site.lon, place.lat, place.lon) < 0.01


def test_same_name_towns_are_located_in_their_departement(seed_directory: Directory) -> None:
    def code(site_id: str) -> str | None:
        return seed_directory.by_id(site_id).insee_code

    assert code("fv-974-bav-saintdenis") == "97411"  # not Saint-Denis (93)
    assert code("fv-974-bav-saintpierre") == "97416"
    assert code("bav-tj-vienne") == "38544"  # the town in Isère, not the Vienne département
    assert code("bav-tj-saint-etienne") == "42218"
    assert code("fv-93-perm-labri-saintouen") == "93070"  # Saint-Ouen-sur-Seine since 2018
    assert code("fv-978-perm-grandcase") == "97801"
    assert code("fv-69-siege-mas-idv-lyon") == "69387"  # its postal code gives the arrondissement
    meythet = seed_directory.by_id("fv-74-perm-gendarmerie-meythet")
    assert meythet.insee_code == "74010" and meythet.lat != load().by_insee("74010").lat
