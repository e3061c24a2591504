"""The ``custom`` payload of contract.md §4."""

from __future__ import annotations

import json

from geodata import find_sites
from geodata.nearest import nearest_sites
from geodata.payload import sites_payload
from geodata.resolver import resolve_text
from geodata.sites import Directory

SITE_KEYS = {
    "site_id",
    "name",
    "association",
    "kind",
    "address",
    "postal_code",
    "city",
    "departement",
    "phone",
    "lat",
    "lon",
    "distance_km",
    "location_precision",
}


def test_payload_shape(seed_directory: Directory) -> None:
    resolution = resolve_text("Villeurbanne")
    payload = sites_payload(resolution, nearest_sites(resolution, sites=seed_directory))
    assert set(payload) == {"type", "query", "sites"}
    assert payload["type"] == "sites"
    assert payload["query"] == {
        "insee_code": "69266",
        "commune": "Villeurbanne",
        "departement": "69",
    }
    assert len(payload["sites"]) == 3
    for site in payload["sites"]:
        assert set(site) == SITE_KEYS
        assert site["kind"] in ("siege", "permanence", "bav")
        assert site["location_precision"] in ("address", "commune")
        assert isinstance(site["lat"], float) and isinstance(site["distance_km"], float)
        assert site["distance_km"] == round(site["distance_km"], 1)
    lavi = payload["sites"][0]
    assert lavi["phone"] == "04 78 60 20 21" and lavi["address"] == "100 H cours Lafayette"
    json.dumps(payload)


def test_unknown_values_are_null_not_invented(seed_directory: Directory) -> None:
    resolution = resolve_text("Laon")
    payload = sites_payload(resolution, nearest_sites(resolution, sites=seed_directory))
    laon = payload["sites"][0]
    assert laon["site_id"] == "bav-tj-laon" and laon["distance_km"] == 0.0
    assert laon["phone"] is None and laon["address"] is None and laon["association"] is None
    assert laon["name"] == "Bureau d'aide aux victimes - Tribunal judiciaire de Laon"


def test_unresolved_or_ambiguous_place_gives_null_query() -> None:
    empty = {"type": "sites", "query": None, "sites": []}
    assert sites_payload(resolve_text("bonjour")) == empty
    assert sites_payload(resolve_text("Saint-Denis")) == empty
    assert sites_payload(None) == empty


def test_no_site_nearby_gives_empty_list(seed_directory: Directory) -> None:
    resolution = resolve_text("Papeete")
    payload = sites_payload(resolution, nearest_sites(resolution, sites=seed_directory))
    assert payload["query"] == {"insee_code": "98735", "commune": "Papeete", "departement": "987"}
    assert payload["sites"] == []


def test_departement_contacts_on_request(seed_directory: Directory) -> None:
    resolution = resolve_text("dans l'Essonne")
    result = nearest_sites(resolution, sites=seed_directory)
    plain = sites_payload(resolution, result)
    assert payload_ids(plain)[0] == "bav-tj-evry-courcouronnes"
    full = sites_payload(resolution, result, include_contacts=True)
    contact = full["sites"][-1]
    assert contact["site_id"] == "fv-91-siege-mediavipp91" and contact["phone"] == "01 60 78 84 20"
    assert contact["lat"] is None and contact["distance_km"] is None


def payload_ids(payload: dict) -> list[str]:
    return [s["site_id"] for s in payload["sites"]]


def test_find_sites_in_one_call() -> None:
    resolution, result, payload = find_sites("j'habite a st etienne")
    assert resolution.place.insee_code == "42218" and result is not None
    assert payload["query"]["insee_code"] == "42218" and payload["sites"]
    resolution, result, payload = find_sites("Saint-Denis")
    assert resolution.ambiguous and result is None and payload["query"] is None
