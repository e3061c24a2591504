"""Free French text -> commune, arrondissement, postal code, département or coordinates."""

from __future__ import annotations

import math
import re

from geodata import departements, mentions, names, typos
from geodata.config import lexicon, settings
from geodata.departements import departement_of_postal_code
from geodata.gazetteer import Gazetteer, load
from geodata.places import Place
from geodata.resolution import NOT_FOUND, RESOLVED, Resolution, from_candidates, not_found
from geodata.text import tokens

_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_COORDS = re.compile(r"(-?\d{1,2}[.,]\d{2,})\s*(?:[;,]\s*|\s+)(-?\d{1,3}[.,]\d{2,})")


def resolve_text(text: str, departement: str | None = None) -> Resolution:
    """Resolve a French message ("j'habite à st etienne", "dans le 93", "75011").

    ``departement`` (a code) narrows the candidates, e.g. after the person chose one.
    """
    g = load()
    text = _MARKUP.sub(" ", (text or "")[: settings()["resolver"]["max_text_chars"]])
    coords = _COORDS.search(text)
    if coords:
        lat, lon = (float(x.replace(",", ".")) for x in coords.groups())
        result = resolve_coordinates(lat, lon)
        if result.resolved:
            return result
    toks = tokens(text)
    if not toks:
        return not_found()
    found = mentions.find(g, toks)
    result = (
        _arrondissement(g, found)
        or _postal(g, found)
        or names.resolve_names(g, found)
        or _departement_only(g, found)
        or _abroad(toks)
        or typos.resolve_typo(g, toks)
        or not_found()
    )
    if result.method == "prefix":
        result = typos.prefix_or_typo(g, toks, result)
    if departement and result.status != "not_found":
        return _narrow(result, departement)
    return result


def resolve_coordinates(lat: float, lon: float) -> Resolution:
    """The commune nearest to a point (by commune location), if the point is in France."""
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return not_found(f"{lat}, {lon}")
    g = load()
    i, dist = g.nearest(lat, lon)
    if dist > settings()["resolver"]["coordinates_max_km_from_commune"]:
        return not_found(f"{lat}, {lon}")
    near = g.place(i)
    place = Place(
        kind="coordinates",
        name=near.name,
        departement=near.departement,
        lat=lat,
        lon=lon,
        insee_code=near.insee_code,
        postal_codes=near.postal_codes,
        population=near.population,
        location_source="input",
    )
    return Resolution(RESOLVED, place, (place,), None, "coordinates", f"{lat}, {lon}")


# ---- steps -----------------------------------------------------------------------------


def _narrow(result: Resolution, departement: str) -> Resolution:
    code = departements.normalize_code(departement) or departement
    if result.resolved and result.place and result.place.departement == code:
        return result
    kept = [p for p in result.candidates if p.departement == code]
    return from_candidates(kept, result.method, result.matched) if kept else result


def _arrondissement(g: Gazetteer, found: mentions.Mentions) -> Resolution | None:
    if not found.arrondissements:
        return None
    return from_candidates(g.places(found.arrondissements[0]), "arrondissement", "")


def _postal(g: Gazetteer, found: mentions.Mentions) -> Resolution | None:
    if not found.postal_codes:
        return None
    _, code = found.postal_codes[0]
    ids = g.by_postal.get(code, [])
    if not ids:
        deps = departement_of_postal_code(code)
        places = [p for p in (g.departement_place(d) for d in deps) if p]
        return from_candidates(places, "postal_code", code) if places else None
    named = {g.current(i) for s in found.spans for i in s.communes}
    both = [i for i in ids if i in named or g.parent[i] in named]
    if both:
        return from_candidates(g.places(both), "postal_code", code)
    if len(ids) == 1:
        return from_candidates(g.places(ids), "postal_code", code)
    communes = g.places(ids)
    weight = sum(max(p.population, 1) for p in communes)
    lat = sum(p.lat * max(p.population, 1) for p in communes) / weight  # type: ignore[operator]
    lon = sum(p.lon * max(p.population, 1) for p in communes) / weight  # type: ignore[operator]
    place = Place(
        kind="postal_code",
        name=code,
        departement=communes[0].departement,
        lat=round(lat, 5),
        lon=round(lon, 5),
        postal_codes=(code,),
        population=int(weight),
        location_source="postal_code",
    )
    return Resolution(RESOLVED, place, (place,), None, "postal_code", code, tuple(communes))


def _departement_only(g: Gazetteer, found: mentions.Mentions) -> Resolution | None:
    codes: list[str] = [code for _, code in found.dep_numbers]
    matched = " ".join(found.tokens[i] for i, _ in found.dep_numbers[:1])
    for span in found.spans:
        if span.deps:
            codes += span.deps
            matched = matched or span.key
    if not codes:
        return None
    places = [p for p in (g.departement_place(c) for c in dict.fromkeys(codes)) if p]
    return from_candidates(places, "departement", matched)


def _abroad(toks: list[str]) -> Resolution | None:
    """A foreign country or city named ("en Belgique", "à Genève"): not found, and said so."""
    text = f" {' '.join(toks)} "
    for name in lexicon()["abroad"]:
        if f" {name} " in text:
            return Resolution(NOT_FOUND, method="abroad", matched=name)
    return None


def place_for_insee(code: str) -> Place | None:
    """The Place of an INSEE code (commune or arrondissement)."""
    return load().by_insee(code)


def place_for_departement(code: str) -> Place | None:
    """The Place of a département (located at its population-weighted centre)."""
    return load().departement_place(code)


__all__ = [
    "Resolution",
    "place_for_departement",
    "place_for_insee",
    "resolve_coordinates",
    "resolve_text",
]
