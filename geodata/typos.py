"""Typo-tolerant readings: a misspelt name ("marseile", "bordo"), a misspelt ending
("clermont ferand"), a misspelt big city rather than a small prefix ("marseilles")."""

from __future__ import annotations

import math

from geodata import mentions
from geodata.config import settings
from geodata.gazetteer import Gazetteer
from geodata.resolution import AMBIGUOUS, RESOLVED, Resolution, from_candidates


def prefix_or_typo(g: Gazetteer, toks: list[str], result: Resolution) -> Resolution:
    """ "marseilles": a misspelt big city beats a small commune that merely starts so."""
    typo = resolve_typo(g, toks)
    if typo is None:
        return result
    ratio = settings()["resolver"]["dominance_ratio"]
    best = max(p.population for p in typo.candidates)
    return typo if best > ratio * max(p.population for p in result.candidates) else result


def fuzzy_extension(g: Gazetteer, toks: list[str], span: mentions.Span) -> Resolution | None:
    """ "clermont ferand", "aix en provance": an exact first word, then a misspelt rest."""
    if span.end >= len(toks) or (mentions.is_filler(toks[span.end]) and span.end + 1 >= len(toks)):
        return None
    for end in range(min(len(toks), span.end + 3), span.end, -1):
        if mentions.is_filler(toks[end - 1]) or toks[end - 1].isdigit():
            continue
        text = " ".join(toks[span.start : end])
        matches = [
            m
            for m in g.fuzzy.search(text, max_distance=2)
            if m.distance and m.key.startswith(span.key + " ") and m.key in g.by_key
        ]
        if matches:
            best = min(matches, key=lambda m: (m.distance, -_key_population(g, m.key)))
            ids = [i for i in g.by_key[best.key] if g.is_current(i)]
            return from_candidates(g.places(ids), "fuzzy", text) if ids else None
    return None


def _fuzzy_spans(toks: list[str]) -> list[tuple[int, int]]:
    """Token ranges worth a typo-tolerant look-up: after a place cue, or the whole message
    when it is short."""
    max_len = settings()["resolver"]["fuzzy_max_span_tokens"]
    content = [i for i, t in enumerate(toks) if not mentions.is_filler(t) and not t.isdigit()]
    starts = [i for i in content if mentions.cue_before(toks, i)]
    if len(content) <= 6:
        starts = content
    out = []
    for i in starts:
        for j in range(i + 1, min(len(toks), i + max_len) + 1):
            if not mentions.is_filler(toks[j - 1]) and not toks[j - 1].isdigit():
                out.append((i, j))
    return out


def resolve_typo(g: Gazetteer, toks: list[str]) -> Resolution | None:
    cfg = settings()["resolver"]
    min_pop = cfg["fuzzy_min_population"]
    best: list[tuple[float, str, str]] = []  # (score, matched key, span text)
    for i, j in _fuzzy_spans(toks):
        text = " ".join(toks[i:j])
        if len(text.replace(" ", "")) < cfg["fuzzy_min_length"] or text in g.common_words:
            continue
        limit = 1 if len(text) <= 7 else 2
        for match in g.fuzzy.search(text, max_distance=limit):
            if match.distance == 0 or match.key in g.common_words:
                continue  # exact names were already weighed (and maybe refused) as such
            pop = _key_population(g, match.key)
            if pop < min_pop[str(match.distance)] or (len(text) <= 4 and pop < 20000):
                continue
            score = match.distance - 0.5 * math.log10(pop + 10) - 0.5 * (j - i - 1)
            best.append((score, match.key, text))
    if not best:
        return None
    best.sort()
    score, key, text = best[0]
    ids = [i for i in (*g.by_key.get(key, ()), *g.by_alias.get(key, ())) if g.is_current(i)]
    if ids:
        places = g.places(ids)
    else:
        places = [p for p in (g.departement_place(c) for c in g.departement_keys[key]) if p]
    result = from_candidates(places, "fuzzy", text)
    return result if result.status in (RESOLVED, AMBIGUOUS) else None


def _key_population(g: Gazetteer, key: str) -> int:
    """Largest population behind a key (current communes only; former names need exact
    spelling), or of the département it names; -1 if neither."""
    ids = [i for i in (*g.by_key.get(key, ()), *g.by_alias.get(key, ())) if g.is_current(i)]
    if ids:
        return max(g.pop[i] for i in ids)
    if key not in g.departement_keys:
        return -1
    codes = g.departement_keys.get(key, [])
    return max((int(g.dep_centres.get(c, {}).get("pop", 0)) for c in codes), default=0)
