"""Locate a site known only by its town, within its département (same-name towns abound)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from geodata.gazetteer import Gazetteer, load
from geodata.places import Place
from geodata.text import normalize

_PARENS = re.compile(r"^(.*?)\s*\((.*?)\)\s*$")


@dataclass(frozen=True)
class Located:
    place: Place | None
    reason: str = ""  # French: why not located, or how the name was read


def locate_commune(city: str, departement: str, postal_code: str = "") -> Located:
    """The commune (or Paris/Lyon/Marseille arrondissement) named ``city`` in ``departement``."""
    g = load()
    names = [city]
    m = _PARENS.match(city)
    if m:  # "Grand Case (Saint-Martin)": try the whole, then each part
        names += [m.group(1), m.group(2)]
    for name in names:
        key = normalize(name)
        if not key:
            continue
        ids, how = _in_dep(g, _exact(g, key), departement), ""
        if not ids:
            ids, how = _in_dep(g, _prefixed(g, key, departement), departement), "lu comme"
        if not ids:
            ids, how = _in_dep(g, _fuzzy(g, key), departement), "corrigé en"
        ids = _by_postal_code(g, ids, postal_code)
        currents = {g.current(i) for i in ids}
        if len(currents) == 1:
            best = min(ids, key=lambda i: (not g.is_current(i), -g.pop[i]))
            place = g.place(_arrondissement(g, best, postal_code))
            note = f"« {city} » {how} « {place.name} »" if how else ""
            return Located(place, note)
        if len(currents) > 1:
            labels = ", ".join(sorted(g.name[i] for i in currents))
            return Located(None, f"plusieurs communes possibles dans le {departement} : {labels}")
    return Located(None, f"commune « {city} » introuvable dans le département {departement}")


def _exact(g: Gazetteer, key: str) -> list[int]:
    return [*g.by_key.get(key, ()), *g.by_alias.get(key, ()), *g.by_key_noart.get(key, ())]


def _prefixed(g: Gazetteer, key: str, departement: str) -> list[int]:
    """Communes of the département whose name starts with the words given
    ("Saint-Ouen" -> "Saint-Ouen-sur-Seine")."""
    start = key + " "
    return [i for i in g.by_dep.get(departement, ()) if normalize(g.name[i]).startswith(start)]


def _fuzzy(g: Gazetteer, key: str) -> list[int]:
    matches = g.fuzzy.search(key, max_distance=2) if len(key) >= 4 else []
    return [i for m in matches for i in (*g.by_key.get(m.key, ()), *g.by_alias.get(m.key, ()))]


def _in_dep(g: Gazetteer, ids: list[int], departement: str) -> list[int]:
    return [i for i in ids if g.dep[i] == departement]


def _by_postal_code(g: Gazetteer, ids: list[int], postal_code: str) -> list[int]:
    if len({g.current(i) for i in ids}) <= 1 or not postal_code:
        return ids
    kept = [i for i in ids if postal_code in g.postal[g.current(i)].split()]
    return kept or ids


def _arrondissement(g: Gazetteer, i: int, postal_code: str) -> int:
    """Paris, Lyon, Marseille: the arrondissement of the postal code, if given."""
    for child in g.children.get(i, ()):
        if postal_code and postal_code in g.postal[child].split():
            return child
    return i
