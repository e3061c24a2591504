"""Read the name mentions of a text: which one names the commune, and what the rest
(a département, a number) says about it."""

from __future__ import annotations

from geodata import departements, mentions, typos
from geodata.config import settings
from geodata.gazetteer import Gazetteer
from geodata.places import Place
from geodata.resolution import RESOLVED, Resolution, from_candidates


def mentioned_departements(found: mentions.Mentions, skip: mentions.Span | None = None) -> set[str]:
    deps = {code for _, code in found.dep_numbers}
    for span in found.spans:
        if span is not skip and span.deps and _role(span) == "departement":
            deps.update(span.deps)
    return deps


def _role(span: mentions.Span) -> str:
    """Whether a span names a commune, a département, or could be either."""
    if not span.deps:
        return "commune"
    if not span.communes:
        return "departement"
    if span.cue == mentions.DEPARTEMENT:
        return "departement"
    if span.cue == mentions.PLACE and not any(_says_a(d) for d in span.deps):
        return "commune"
    return "both"


def _says_a(code: str) -> bool:
    """Départements one lives "à" (La Réunion, Mayotte, Paris): "à X" proves nothing."""
    dep = departements.get(code)
    return bool(dep and dep.locative.startswith("à "))


def _pick_span(g: Gazetteer, found: mentions.Mentions) -> tuple[mentions.Span, set[str]] | None:
    """The span naming the commune, and the départements the rest of the text points to.

    A span whose candidates lie in a département named elsewhere wins ("Saint-Pierre à la
    Réunion"); then one after a place cue ("à", "habite"); then the first one."""
    named = [s for s in found.spans if s.communes and _role(s) != "departement"]
    if not named:
        return None
    numbers = {code for _, code in found.dep_numbers}
    for span in named:
        others = numbers | {d for s in found.spans if s is not span for d in s.deps}
        if others and any(g.dep[i] in others for i in span.communes):
            return span, others
    span = next((s for s in named if s.cue == mentions.PLACE), named[0])
    return span, mentioned_departements(found, skip=span)


def resolve_names(g: Gazetteer, found: mentions.Mentions) -> Resolution | None:
    picked = _pick_span(g, found)
    if picked is None:
        return None
    span, deps = picked
    longer = typos.fuzzy_extension(g, found.tokens, span)
    if longer is not None:
        return longer
    exact = {g.code[g.current(i)] for i in span.communes if not span.prefix_only}
    ids = list(span.communes)
    if not span.prefix_only:
        biggest = max((g.pop[i] for i in ids), default=0)
        ids += [i for i in g.prefix_candidates(span.key, above=biggest) if i not in ids]
    places = g.places(ids)
    if deps:
        places = [p for p in places if p.departement in deps]
        if not places:
            return None  # "Saint-Quentin en Yvelines": no such commune there, keep the département
    elif _role(span) == "both":
        places = _commune_or_departement(g, span, places)
    result = from_candidates(places, "name", span.key)
    if result.resolved and result.place is not None:
        place = result.place
        if place.kind == "departement":
            method = "departement"
        elif place.insee_code not in exact:
            method = "prefix"
        elif place.former_name:
            method = "former_name"
        elif span.key not in g.by_key:
            method = "alias"
        else:
            method = "name"
        result = Resolution(RESOLVED, place, result.candidates, None, method, span.key)
    return result


def _commune_or_departement(g: Gazetteer, span: mentions.Span, places: list[Place]) -> list[Place]:
    """A name shared by communes and a département ("Vienne", "Doubs", "La Réunion"):
    the département when it dwarfs the communes; the communes alone when one lies in that
    département (Paris); else all of them."""
    dep_places = [p for p in (g.departement_place(d) for d in span.deps) if p]
    ratio = settings()["resolver"]["name_over_departement_ratio"]
    biggest = max((p.population for p in places), default=0)
    if dep_places and biggest * ratio < max(p.population for p in dep_places):
        return dep_places
    if any(p.departement in span.deps for p in places):
        return places
    return places + dep_places
