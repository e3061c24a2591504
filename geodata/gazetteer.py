"""Load the built gazetteer and answer exact look-ups (name keys, postal codes, INSEE codes)."""

from __future__ import annotations

import csv
import json
import threading
from collections import defaultdict
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from geodata import departements
from geodata.config import DATA_DIR, build_dir, gazetteer_path, lexicon, settings
from geodata.fuzzy import FuzzyIndex
from geodata.geo import chord_to_km, unit_vector, unit_vectors
from geodata.places import Place
from geodata.text import normalize, without_article

_KIND_NAMES = {"COM": "commune", "ARM": "arrondissement", "COMD": "commune", "COMA": "commune"}
_CONNECTORS = {"sur", "sous", "en", "les", "lez", "de", "d", "la", "le", "l", "du", "des", "et"}
_CONNECTORS |= {"aux", "au", "saint", "sainte", "saints", "saintes"}


class GazetteerMissing(RuntimeError):
    """The gazetteer has not been built."""


class Gazetteer:
    """All communes, arrondissements and former communes, with their look-up indexes."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.meta: dict[str, Any] = doc["meta"]
        cols = doc["places"]
        self.code: list[str] = cols["code"]
        self.kind: list[str] = cols["kind"]
        self.name: list[str] = cols["name"]
        self.dep: list[str] = cols["dep"]
        self.parent: list[int] = cols["parent"]
        self.lat: list[float] = cols["lat"]
        self.lon: list[float] = cols["lon"]
        self.loc: list[str] = cols["loc"]
        self.pop: list[int] = cols["pop"]
        self.postal: list[str] = cols["postal"]
        self.dep_centres: dict[str, dict[str, float]] = doc["departements"]
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_key_noart: dict[str, list[int]] = defaultdict(list)
        self.by_postal: dict[str, list[int]] = defaultdict(list)
        self.by_code: dict[str, int] = {}
        self.by_dep: dict[str, list[int]] = defaultdict(list)
        self.children: dict[int, list[int]] = defaultdict(list)
        for i, (key, noart) in enumerate(zip(cols["key"], cols["key_noart"], strict=False)):
            self.by_key[key].append(i)
            if noart:
                self.by_key_noart[noart].append(i)
            kind = self.kind[i]
            if kind in ("COM", "ARM"):
                self.by_code.setdefault(self.code[i], i)
                for pc in self.postal[i].split():
                    self.by_postal[pc].append(i)
            if kind == "ARM":
                self.children[self.parent[i]].append(i)
            self.by_dep[self.dep[i]].append(i)
        # A PLM city is listed under its arrondissements' postal codes: keep only those.
        for pc, ids in self.by_postal.items():
            if any(self.kind[i] == "ARM" for i in ids):
                self.by_postal[pc] = [i for i in ids if i not in self.children]
        self.by_alias = self._aliases()

    def _aliases(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        with open(DATA_DIR / "aliases.csv", encoding="utf-8", newline="") as fh:
            pairs = [(r["alias"], r["insee_code"]) for r in csv.DictReader(fh)]
        with open(DATA_DIR / "extra_places.csv", encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                pairs += [(a, r["insee_code"]) for a in r["aliases"].split("|") if a]
        for alias, code in pairs:
            if code in self.by_code:
                out[normalize(alias)].append(self.by_code[code])
        return out

    # ---- records ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.code)

    def is_current(self, i: int) -> bool:
        return self.kind[i] in ("COM", "ARM")

    def current(self, i: int) -> int:
        """The current commune of a former one (itself otherwise)."""
        return self.parent[i] if self.kind[i] in ("COMD", "COMA") and self.parent[i] >= 0 else i

    def place(self, i: int) -> Place:
        """The Place of record ``i``; a former commune maps to its current commune but keeps
        its own location and name (``former_name``)."""
        cur = self.current(i)
        return Place(
            kind=_KIND_NAMES[self.kind[cur]],
            name=self.name[cur],
            departement=self.dep[cur],
            lat=self.lat[i],
            lon=self.lon[i],
            insee_code=self.code[cur],
            postal_codes=tuple(self.postal[cur].split()),
            population=self.pop[i],
            former_name=self.name[i] if cur != i else None,
            location_source=self.loc[i],
        )

    def places(self, ids: list[int]) -> list[Place]:
        """Places of records, current communes before former ones (so duplicates fold)."""
        ordered = sorted(ids, key=lambda i: (not self.is_current(i), -self.pop[i]))
        return [self.place(i) for i in ordered]

    def by_insee(self, code: str) -> Place | None:
        i = self.by_code.get(code)
        return None if i is None else self.place(i)

    def departement_place(self, code: str) -> Place | None:
        dep = departements.get(code)
        if dep is None:
            return None
        centre = self.dep_centres.get(dep.code, {})
        return Place(
            kind="departement",
            name=dep.name,
            departement=dep.code,
            lat=centre.get("lat"),
            lon=centre.get("lon"),
            population=int(centre.get("pop", 0)),
            location_source="departement",
        )

    # ---- derived indexes (built on first use) --------------------------------------

    @cached_property
    def common_words(self) -> frozenset[str]:
        text = (DATA_DIR / "common_words.txt").read_text(encoding="utf-8")
        return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))

    @cached_property
    def by_prefix(self) -> dict[str, list[int]]:
        """Leading words of communes' names ("thonon" -> Thonon-les-Bains), biggest first."""
        out: dict[str, list[int]] = defaultdict(list)
        for key, ids in self.by_key.items():
            words = key.split()
            for i in ids:
                if self.kind[i] != "COM" or len(words) < 2:
                    continue
                for n in range(1, len(words)):
                    if words[n - 1] not in _CONNECTORS:
                        out[" ".join(words[:n])].append(i)
        return {k: sorted(v, key=lambda i: -self.pop[i]) for k, v in out.items()}

    def prefix_candidates(self, key: str, above: int = -1) -> list[int]:
        """Communes whose name starts with ``key``: the big ones (more populated than
        ``above`` and than the configured minimum), or all of them when few."""
        ids = self.by_prefix.get(key, [])
        cfg = settings()["resolver"]
        if above < 0 and len(ids) <= cfg["prefix_max_candidates"]:
            return list(ids)
        floor = max(above, cfg["prefix_candidate_min_population"] - 1)
        return [i for i in ids if self.pop[i] > floor]

    @cached_property
    def departement_keys(self) -> dict[str, list[str]]:
        """Normalised names (and aliases, regions) of départements -> département codes."""
        out: dict[str, list[str]] = defaultdict(list)
        regions: dict[str, list[str]] = defaultdict(list)
        for dep in departements.departements().values():
            for name in (dep.name, *dep.aliases):
                key = normalize(name)
                for k in (key, without_article(key)):
                    if k and dep.code not in out[k]:
                        out[k].append(dep.code)
            if dep.region:
                regions[normalize(dep.region)].append(dep.code)
        for key, codes in [*regions.items(), *lexicon()["areas"].items()]:
            if key not in out:
                out[key] = list(codes)
        return dict(out)

    @cached_property
    def fuzzy(self) -> FuzzyIndex:
        path = fuzzy_path()
        if path.exists():
            return FuzzyIndex.load(path)
        return FuzzyIndex.build(self.all_keys(), settings()["resolver"]["fuzzy_min_length"])

    def all_keys(self) -> list[str]:
        keys = set(self.by_key) | set(self.by_alias) | set(self.departement_keys)
        return sorted(keys)

    @cached_property
    def _reverse(self) -> tuple[Any, np.ndarray]:
        """k-d tree (or plain array) over current communes, arrondissements instead of PLM."""
        ids = np.array(
            [i for i in range(len(self)) if self.is_current(i) and i not in self.children]
        )
        vecs = unit_vectors(np.array(self.lat)[ids], np.array(self.lon)[ids])
        try:
            from scipy.spatial import cKDTree

            return cKDTree(vecs), ids
        except ImportError:  # pragma: no cover - scipy ships with the Rasa stack
            return vecs, ids

    def nearest(self, lat: float, lon: float) -> tuple[int, float]:
        """Index of the current commune whose location is nearest, and its distance (km)."""
        index, ids = self._reverse
        q = unit_vector(lat, lon)
        if isinstance(index, np.ndarray):
            d2 = ((index - q) ** 2).sum(axis=1)
            j = int(np.argmin(d2))
            return int(ids[j]), float(chord_to_km(np.sqrt(d2[j])))
        chord, j = index.query(q)
        return int(ids[j]), float(chord_to_km(chord))


def fuzzy_path() -> Path:
    return build_dir() / "fuzzy.npz"


_LOCK = threading.Lock()
_CACHE: dict[str, Gazetteer] = {}


def load(path: Path | None = None) -> Gazetteer:
    """The gazetteer (loaded once per process)."""
    path = path or gazetteer_path()
    key = str(path)
    with _LOCK:
        if key not in _CACHE:
            if not path.exists():
                raise GazetteerMissing(
                    f"{path} est absent : lancez « python -m geodata.build » pour le construire."
                )
            with open(path, encoding="utf-8") as fh:
                _CACHE[key] = Gazetteer(json.load(fh))
        return _CACHE[key]


def forget() -> None:
    """Drop the loaded gazetteer (after a rebuild)."""
    with _LOCK:
        _CACHE.clear()
