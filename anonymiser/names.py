"""Recognisers of names: people and places after French cues, street addresses, spaCy's NER."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.fr.stop_words import STOP_WORDS
from spacy.tokens import Span

from anonymiser.config import Config
from anonymiser.recogniser import LANGUAGE, RegexRecognizer, make_result

APOSTROPHES = "'\N{RIGHT SINGLE QUOTATION MARK}"
UPPER = "A-ZÀ-ÖØ-Þ"
LETTERS = r"[^\W\d_]"
# A capitalised word ("Karim", "Saint-Éloi", "O'Neil", "DUPONT"), not part of a handle.
CAPITALISED = rf"[{UPPER}]{LETTERS}*(?:[{APOSTROPHES}\-]{LETTERS}+)*(?![\w@]|\.\w)"
LOWERCASE = rf"[a-zà-öø-ÿ]{LETTERS}{{2,}}(?![\w@]|\.\w)"
ELIDED = rf"(?:de[ \t]+l|d|l)[{APOSTROPHES}]"
LINK = rf"(?:de[ \t]+la|{ELIDED}|de|du|des|la|le|les|aux|au|sur|en)"
NAME_LINKS = frozenset(("de", "du", "des", "la", "le", "les", "-")) | {
    f"{letter}{apostrophe}" for letter in "dl" for apostrophe in APOSTROPHES
}
# A word this frequent in French is no name ("Est", "Aussi"), even with a capital.
COMMON_WORD_COUNT = 50_000


@cache
def french_word_counts() -> dict[str, int]:
    """Lowercase French words and their counts (pyspellchecker's list, without names)."""
    source = resources.files("spellchecker").joinpath("resources/fr.json.gz")
    with source.open("rb") as raw, gzip.open(raw) as text:
        return json.load(text)


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first, with flexible spaces and apostrophes."""
    patterns = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word).replace(r"\ ", r"[ \t]+")
        patterns.append(re.sub(f"[{APOSTROPHES}]", lambda _: f"[{APOSTROPHES}]", escaped))
    return "|".join(patterns)


def _cue(words: Iterable[str]) -> str:
    """Case-insensitive cue words, as whole words."""
    return rf"(?<!\w)(?i:{_alternatives(words)})(?!\w)"


def _titles(titles: Iterable[str]) -> str:
    """Civil titles as written before a name: "Mme", "MME", "Me" (not the pronouns "me", "ME")."""
    forms = {title.capitalize() for title in titles}
    forms |= {title.upper() for title in titles if len(title.rstrip(".")) > 2}
    return rf"(?<!\w)(?:{_alternatives(forms)})(?!\w)"


def person_pattern(config: Config) -> re.Pattern[str]:
    """A cue ("je m'appelle", "mon mari", "Mme") then one to three capitalised words."""
    titles = rf"(?:[ \t]+{_titles(config.titles)}\.?)*"
    no_title = rf"(?!{_titles(config.titles)})"
    name = rf"{no_title}{CAPITALISED}(?:[ \t]+{CAPITALISED}){{0,2}}"
    cues = rf"(?:{_cue(config.person_cues)}|{_titles(config.titles)})"
    return re.compile(rf"{cues}{titles}[ \t,]+(?P<value>{name})")


def lowercase_person_pattern(config: Config) -> re.Pattern[str]:
    """A strong cue ("mon copain") then a lowercase word, kept if it is no French word."""
    return re.compile(rf"{_cue(config.lowercase_name_cues)}[ \t]+(?P<value>{LOWERCASE})")


def place_pattern(config: Config) -> re.Pattern[str]:
    """A place noun ("gare", "lycée", "bar") then its capitalised name."""
    word = rf"(?:{LINK}[ \t]*)?{CAPITALISED}"
    name = rf"{word}(?:[ \t]+{word}){{0,3}}"
    street = rf"(?:[ \t]+{LINK}[ \t]*{_cue(config.street_types)}[ \t]+{name})?"
    kind = rf"{_cue(config.place_types)}(?:[ \t]+{LETTERS}+)?"
    return re.compile(rf"(?P<value>{kind}[ \t]+{name}{street})")


def address_pattern(config: Config) -> re.Pattern[str]:
    """Unit, number, street type, name, postcode and town: "apt 34, 120 rue X, 75012 Paris"."""
    unit = rf"{_cue(config.address_units)}\.?[ \t]*\w{{1,4}}"
    number = r"\d{1,4}(?:[ \t]?(?:bis|ter|quater|[a-dA-D])\b)?[ \t]*,?[ \t]*"
    word = rf"(?:{LINK}[ \t]*)*(?:{CAPITALISED}|\d{{1,4}}(?!\d))"
    name = rf"{word}(?:[ \t]+{word}){{0,4}}"
    lowercase_name = rf"(?:{LINK}[ \t]*)*{LETTERS}+(?:[ \t]+{LETTERS}+)?"
    town = rf"(?:[ \t]*,?[ \t]*\d{{5}}(?:[ \t]+{CAPITALISED}(?:[ \t-]+{CAPITALISED}){{0,3}})?)?"
    street = rf"{_cue(config.street_types)}\.?"
    named = _cue(config.named_without_number)
    return re.compile(
        rf"(?P<value>(?:{unit}[ \t]*,?[ \t]*)?"
        rf"(?:{number}{street}[ \t]+(?:{name}|{lowercase_name})|{named}[ \t]+{name})"
        rf"{town}(?:[ \t]*,?[ \t]*{unit})*)"
    )


class NerRecognizer(EntityRecognizer):
    """spaCy's PER as PERSONNE; an entity after a place noun, or a brand followed by its
    town after "au" or "chez" ("au Carrefour de Villeneuve-d'Ascq"), as LIEU."""

    def __init__(self, config: Config) -> None:
        self.not_names = config.not_names
        self.titles = frozenset(config.titles)
        self.place_types = frozenset(config.place_types)
        self.street_types = frozenset(config.street_types)
        self.place_prepositions = frozenset(("au", "chez", "du", "devant"))
        super().__init__(
            supported_entities=["PERSONNE", "LIEU"], name="spacy_ner", supported_language=LANGUAGE
        )

    def load(self) -> None:
        """Nothing to load: the NLP engine holds the model."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []
        results = []
        for span in nlp_artifacts.entities:
            result = self._place(span) or (self._person(span) if span.label_ == "PER" else None)
            if result:
                results.append(result)
        return results

    def _person(self, span: Span) -> RecognizerResult | None:
        tokens = list(span)
        while tokens and (tokens[0].lower_ in self.titles or tokens[0].text in self.not_names):
            tokens = tokens[1:]
        if not tokens or span.text in self.not_names or span.doc.text.isupper():
            return None  # in a message written in capitals, spaCy takes words for names
        if span.start > 0 and span.doc[span.start - 1].lower_ in self.street_types:
            return None  # a street named after someone ("place Carnot")
        text = span.doc.text
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        value = text[start:end]
        if re.search(r"[\d_@]", value) or re.match(r"\.\w", text[end : end + 2]):
            return None  # a handle ("DarkWolf_77", "Marie.Lefebvre.1987")
        if not value[:1].isupper() or _is_common_word(
            value, sentence_start=tokens[0].is_sent_start
        ):
            return None
        return make_result(self.name, "PERSONNE", start, end, 0.85)

    def _place(self, span: Span) -> RecognizerResult | None:
        doc = span.doc
        tokens = list(span)
        for index, token in enumerate(tokens[1:], start=1):
            ends_name = token.is_lower and token.lower_ not in NAME_LINKS
            if token.lower_ in self.street_types or token.text in ",;:()" or ends_name:
                tokens = tokens[:index]
                break
        end = tokens[-1].idx + len(tokens[-1])
        before = doc[max(span.start - 2, 0) : span.start]
        if not any(token.text[:1].isupper() for token in tokens):
            return None  # a common noun ("la fac")
        if tokens[0].lower_ in self.place_types:
            return make_result(self.name, "LIEU", span.start_char, end, 0.7)
        for token in reversed(before):
            if token.lower_ in self.place_types:
                return make_result(self.name, "LIEU", token.idx, end, 0.7)
        branch = (
            len(tokens) >= 3
            and tokens[-2].lower_ in ("de", "d'", "du")
            and tokens[0].text[:1].isupper()
            and tokens[-1].text[:1].isupper()
        )
        if branch and before and before[-1].lower_ in self.place_prepositions:
            return make_result(self.name, "LIEU", span.start_char, end, 0.9)
        return None


def _is_common_word(value: str, sentence_start: bool = False) -> bool:
    """Whether a name found is rather French words ("Est", "Merci" starting a sentence, or
    "ÉLU ET ON" in a message written in capitals)."""
    words = value.split()
    counts = french_word_counts()
    first = words[0].lower()
    if any(word.lower() in STOP_WORDS for word in words):
        return True
    for word in words:
        shouting = len(word) > 1 and word.isupper()
        if shouting and (counts.get(word.lower(), 0) > 0 or re.search(f"[{APOSTROPHES}]", word)):
            return True
    count = counts.get(first, 0)
    return count >= COMMON_WORD_COUNT or (sentence_start and len(words) == 1 and count > 0)


def _is_name(value: str) -> bool:
    return not _is_common_word(value)


def _is_lowercase_name(value: str) -> bool:
    return value.lower() not in STOP_WORDS and value.lower() not in french_word_counts()


def name_recognisers(config: Config) -> list[EntityRecognizer]:
    """The cue-based recognisers, which need no language model."""
    return [
        RegexRecognizer("person_cue", "PERSONNE", person_pattern(config), 0.8, validate=_is_name),
        RegexRecognizer(
            "person_lowercase",
            "PERSONNE",
            lowercase_person_pattern(config),
            0.75,
            validate=_is_lowercase_name,
        ),
        RegexRecognizer("place_cue", "LIEU", place_pattern(config), 0.9),
        RegexRecognizer("address", "ADRESSE", address_pattern(config), 0.8),
    ]
