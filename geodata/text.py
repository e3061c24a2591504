"""Text normalisation shared by the gazetteer builder and the resolver."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from geodata.config import lexicon

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_SLASH_SUR = re.compile(r"\b[sS]\s*/\s*")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """Remove diacritics and ligatures, keeping case."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    return {k: v for k, v in lexicon()["abbreviations"].items() if " " not in k}


def tokens(text: str) -> list[str]:
    """Lowercase ASCII tokens with abbreviations expanded ("St" -> "saint")."""
    text = _SLASH_SUR.sub(" sur ", text)
    flat = _NON_ALNUM.sub(" ", strip_accents(text).lower())
    abbr = _abbreviations()
    out: list[str] = []
    for tok in flat.split():
        out.extend(abbr.get(tok, tok).split())
    return out


def normalize(text: str) -> str:
    """Canonical key of a place name: "Saint-Étienne" and "st etienne" give "saint etienne"."""
    return " ".join(tokens(text))


def without_article(key: str) -> str | None:
    """The key without its leading article ("le havre" -> "havre"), or None if it has none."""
    head, _, rest = key.partition(" ")
    if rest and head in lexicon()["articles"]:
        return rest
    return None


_PHONETIC_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"eaux?|aux?", "o"),
        (r"ph", "f"),
        (r"sch", "ch"),
        (r"qu|ck|q", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"gu(?=[eiy])", "g"),
        (r"g(?=[eiy])", "j"),
        (r"y", "i"),
        (r"h", ""),
        (r"(?<=[aeiou])s(?=[aeiou])", "z"),
        (r"ai|ei", "e"),
        (r"[ae][nm](?=[^aeiou]|$)", "an"),
        (r"[iu][nm](?=[^aeiou]|$)", "in"),
        (r"oi", "wa"),
        (r"w", "v"),
        (r"z", "s"),
        (r"(.)\1+", r"\1"),
    ]
]
_SILENT_END = re.compile(r"(?<=..)(?:[stdxz]|e[stdxz]?|er)$")


def phonetic(key: str) -> str:
    """A rough French sound key ("bordo" and "bordeaux" share one), per word then joined."""
    words = []
    for word in key.split():
        for pattern, repl in _PHONETIC_RULES:
            word = pattern.sub(repl, word)
        shorter = _SILENT_END.sub("", word)
        while shorter != word:  # "obervilliers" -> "obervilier" -> "obervili"
            word, shorter = shorter, _SILENT_END.sub("", shorter)
        words.append(word)
    return "".join(words)


def damerau(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment edit distance, cut off at ``limit`` + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            val = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                val = min(val, prev2[j - 2] + 1)
            cur[j] = val
            best = min(best, val)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
