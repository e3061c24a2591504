"""Find place mentions in normalised tokens: names, postal codes, département numbers,
arrondissements. Pure detection; ``resolver`` decides what they mean together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from geodata.config import lexicon
from geodata.departements import normalize_code
from geodata.gazetteer import Gazetteer

PLACE, DEPARTEMENT = "place", "departement"
_MAX_SPAN = 8  # the longest commune name has 8 words
_ARTICLES = {"le", "la", "les", "l"}
# "il y a", "elle a": "a" is the verb there, not the preposition.
_SUBJECTS = {"y", "il", "elle", "on", "qui", "ca", "cela", "ce", "c", "tout", "m", "t", "l"}
# A number followed by these is an age, a time, an address... not a département.
_NUMBER_UNITS = {"ans", "an", "h", "heure", "heures", "euros", "euro", "min", "minutes", "fois"}
_NUMBER_UNITS |= {"jours", "jour", "mois", "km", "kilometres", "metres", "m", "semaines", "rue"}
_NUMBER_UNITS |= {"avenue", "boulevard", "bd", "place", "chemin", "allee", "impasse", "route"}


@dataclass
class Span:
    start: int
    end: int  # exclusive
    key: str
    communes: list[int]
    deps: list[str]
    cue: str | None
    noart_only: bool = False
    prefix_only: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Mentions:
    tokens: list[str]
    spans: list[Span] = field(default_factory=list)
    dep_numbers: list[tuple[int, str]] = field(default_factory=list)
    postal_codes: list[tuple[int, str]] = field(default_factory=list)
    arrondissements: list[list[int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Lex:
    place_cues: frozenset[str]
    dep_cues: frozenset[str]
    contractions: dict[str, str]
    filler: frozenset[str]
    risky_deps: frozenset[str]
    ordinals: dict[str, int]
    plm: dict[str, str]
    arr_words: frozenset[str]
    ordinal: re.Pattern[str]


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    lx = lexicon()
    cue_words = {w for c in lx["place_cues"] + lx["departement_cues"] for w in c.split()}
    return _Lex(
        frozenset(lx["place_cues"]),
        frozenset(lx["departement_cues"]),
        dict(lx["contractions"]),
        frozenset(lx["stop_tokens"]) | cue_words | set(lx["contractions"]),
        frozenset(lx["risky_departement_words"]),
        dict(lx["ordinals"]),
        dict(lx["plm_cities"]),
        frozenset(lx["arrondissement_words"]),
        re.compile(r"^(\d{1,2})(?:" + "|".join(lx["ordinal_suffixes"]) + ")?$"),
    )


def cue_before(tokens: list[str], i: int) -> str | None:
    """ "place" after "à", "habite", "près de"...; "departement" after "dans le", "en"..."""
    lx = _lex()
    for n in (3, 2, 1):
        if i - n < 0:
            continue
        phrase = " ".join(tokens[i - n : i])
        if phrase in lx.dep_cues:
            return DEPARTEMENT
        if phrase in lx.place_cues:
            # "il y a", "elle a": the verb, not the preposition.
            if phrase == "a" and i >= 2 and tokens[i - 2] in _SUBJECTS:
                return None
            return PLACE
    if i > 0 and tokens[i - 1] in ("au", "aux"):
        return PLACE
    return None


def is_filler(token: str) -> bool:
    return token in _lex().filler


def alone(tokens: list[str], start: int, end: int) -> bool:
    """True when every token outside [start, end) is a filler word ("je suis à ...")."""
    return all(is_filler(t) for t in tokens[:start] + tokens[end:])


def _is_risky(g: Gazetteer, span: Span) -> bool:
    if span.noart_only or span.prefix_only:
        return True
    if span.length > 1:
        return False
    key = span.key
    if span.communes and (key in g.common_words or is_filler(key) or len(key) <= 2):
        return True
    return bool(span.deps) and not span.communes and key in _lex().risky_deps


def _accepted(g: Gazetteer, tokens: list[str], span: Span) -> bool:
    """Ordinary names always count; a name that is also a common word ("rue", "orange",
    "cher") only after a fitting cue, or when the message is just that name."""
    if is_filler(span.key):
        return False  # "pas", "cote": never a place, whatever precedes them
    if not _is_risky(g, span):
        return True
    if span.cue == PLACE and (span.communes or span.deps):
        return True
    if span.cue == DEPARTEMENT and span.deps:
        return True
    if span.noart_only:
        return False
    return all(t in _ARTICLES for t in tokens[: span.start] + tokens[span.end :])


def _name_spans(g: Gazetteer, tokens: list[str]) -> list[Span]:
    lx = _lex()
    dep_keys = g.departement_keys
    found: list[Span] = []
    n = len(tokens)
    for i in range(n):
        if tokens[i].isdigit():
            continue
        article = lx.contractions.get(tokens[i - 1]) if i > 0 else None
        for length in range(min(_MAX_SPAN, n - i), 0, -1):
            key = " ".join(tokens[i : i + length])
            communes = list(g.by_key.get(key, ())) + list(g.by_alias.get(key, ()))
            if article:
                communes += g.by_key.get(f"{article} {key}", ())
            noart = prefix = False
            if not communes and key in g.by_key_noart:
                communes, noart = list(g.by_key_noart[key]), True
            deps = list(dep_keys.get(key, ()))
            if not communes and not deps:
                communes = g.prefix_candidates(key)
                prefix = bool(communes)
            if communes or deps:
                cue = cue_before(tokens, i)
                found.append(Span(i, i + length, key, communes, deps, cue, noart, prefix))
    # Keep the longest non-overlapping spans.
    found.sort(key=lambda s: (-s.length, s.start))
    taken: set[int] = set()
    chosen: list[Span] = []
    dep_names = {s.start for s in found if s.deps and not s.communes}
    for span in found:
        if taken.isdisjoint(range(span.start, span.end)):
            if not _accepted(g, tokens, span) and not _before_departement(tokens, span, dep_names):
                continue
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def _before_departement(tokens: list[str], span: Span, dep_names: set[int]) -> bool:
    """ "Valence dans la Drôme", "Orange (84)": a département right after the name."""
    if not span.communes or span.noart_only or span.prefix_only or is_filler(span.key):
        return False
    j = span.end
    if j < len(tokens) and len(tokens[j]) <= 3 and normalize_code(tokens[j]):
        return j + 1 >= len(tokens) or not tokens[j + 1].isdigit()
    while j < len(tokens) and j - span.end < 3 and j not in dep_names and is_filler(tokens[j]):
        j += 1
    return j in dep_names


def _dep_numbers(tokens: list[str], spans: list[Span]) -> list[tuple[int, str]]:
    out = []
    after_name = {s.end for s in spans if s.communes}
    for i, tok in enumerate(tokens):
        code = normalize_code(tok) if len(tok) <= 3 else None
        if code is None:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if nxt.isdigit() or nxt in _NUMBER_UNITS or nxt in _lex().arr_words:
            continue
        if cue_before(tokens, i) == DEPARTEMENT or i in after_name or alone(tokens, i, i + 1):
            out.append((i, code))
    slang = lexicon()["departement_slang"]
    for i in range(len(tokens) - 1):
        code = slang.get(f"{tokens[i]} {tokens[i + 1]}")
        if code and (cue_before(tokens, i) or alone(tokens, i, i + 2)):
            out.append((i, code))
    return out


def _postal_codes(g: Gazetteer, tokens: list[str]) -> list[tuple[int, str]]:
    out = []
    for i, tok in enumerate(tokens):
        if len(tok) == 5 and tok.isdigit():
            out.append((i, tok))
        elif len(tok) == 2 and tok.isdigit() and i + 1 < len(tokens):
            joined = tok + tokens[i + 1]
            if len(tokens[i + 1]) == 3 and tokens[i + 1].isdigit() and joined in g.by_postal:
                out.append((i, joined))
    return out


def _ordinal(tokens: list[str], i: int) -> tuple[int, int] | None:
    """(number, tokens used) of an ordinal/number at i: "11e", "11", "onzieme", "dix septieme"."""
    lx = _lex()
    if i + 1 < len(tokens) and f"{tokens[i]} {tokens[i + 1]}" in lx.ordinals:
        return lx.ordinals[f"{tokens[i]} {tokens[i + 1]}"], 2
    if i < len(tokens) and tokens[i] in lx.ordinals:
        return lx.ordinals[tokens[i]], 1
    m = lx.ordinal.match(tokens[i]) if i < len(tokens) else None
    return (int(m.group(1)), 1) if m else None


def _arrondissement_ids(g: Gazetteer, city_code: str, number: int) -> list[int]:
    prefix = {"75056": "751", "69123": "6938", "13055": "132"}[city_code]
    width = 1 if city_code == "69123" else 2
    idx = g.by_code.get(f"{prefix}{number:0{width}d}")
    return [idx] if idx is not None and g.kind[idx] == "ARM" else []


def _arrondissements(g: Gazetteer, tokens: list[str]) -> list[list[int]]:
    lx = _lex()
    out: list[list[int]] = []
    cities = [lx.plm[t] for t in tokens if t in lx.plm]
    for i, tok in enumerate(tokens):
        # "paris 11", "lyon 7eme", "marseille 13e arrondissement"
        if tok in lx.plm and i + 1 < len(tokens):
            ordv = _ordinal(tokens, i + 1)
            if ordv:
                ids = _arrondissement_ids(g, lx.plm[tok], ordv[0])
                if ids:
                    out.append(ids)
                    continue
        # "11e arrondissement (de paris)", "dans le 11e"
        ordv = _ordinal(tokens, i)
        if not ordv or (i > 0 and tokens[i - 1] in lx.plm):
            continue
        nxt = tokens[i + ordv[1]] if i + ordv[1] < len(tokens) else ""
        suffixed = not tok.isdigit()
        if nxt in lx.arr_words or (suffixed and tokens[max(0, i - 1)] == "le"):
            pool = cities or list(lx.plm.values())
            ids = [j for c in pool for j in _arrondissement_ids(g, c, ordv[0])]
            if ids:
                out.append(ids)
    return out


def find(g: Gazetteer, tokens: list[str]) -> Mentions:
    spans = _name_spans(g, tokens)
    return Mentions(
        tokens=tokens,
        spans=spans,
        dep_numbers=_dep_numbers(tokens, spans),
        postal_codes=_postal_codes(g, tokens),
        arrondissements=_arrondissements(g, tokens),
    )
