"""Recognisers of names: people (after French cues or by a known first name) and places after
French cues, spaCy's NER; the regex building blocks that the address recognisers share."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

from babel import Locale
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.fr.stop_words import STOP_WORDS
from spacy.tokens import Span

from anonymiser.config import Config
from anonymiser.recogniser import LANGUAGE, RegexRecognizer, make_result
from geodata.departements import departements

APOSTROPHES = "'\N{RIGHT SINGLE QUOTATION MARK}"
UPPER = "A-ZÀ-ÖØ-Þ"
LETTERS = r"[^\W\d_]"
# A capitalised word ("Karim", "Saint-Éloi", "O'Neil", "DUPONT"), not part of a handle.
CAPITALISED = rf"[{UPPER}]{LETTERS}*(?:[{APOSTROPHES}\-]{LETTERS}+)*(?![\w@]|\.\w)"
LOWERCASE = rf"[a-zà-öø-ÿ]{LETTERS}{{2,}}(?![\w@]|\.\w)"
ELIDED = rf"(?:de[ \t]+l|d|l)[{APOSTROPHES}]"
LINK = rf"(?:de[ \t]+la|{ELIDED}|de|du|des|la|le|les|aux|au|sur|en)"
# A link before a lowercase word: then a space, or elided ("de la", "d'"; not "de" in
# "derrière").
LINKED = rf"(?:{LINK}(?:[ \t]+|(?<=[{APOSTROPHES}])))"
NAME_LINKS = frozenset(("de", "du", "des", "la", "le", "les", "-")) | {
    f"{letter}{apostrophe}" for letter in "dl" for apostrophe in APOSTROPHES
}
# A word this frequent in French is no name ("Est", "Aussi"), even with a capital.
COMMON_WORD_COUNT = 50_000
# Particles inside a name, which are French stop words too ("Kevin Da Silva", "El Amrani").
PARTICLES = frozenset(("da", "de", "del", "della", "di", "do", "dos", "du", "el", "la", "le"))
# Below this count in the French word list, a lowercase word may be a name ("lucie").
LOWERCASE_NAME_COUNT = 100
# A first name this short in lowercase is too often an abbreviation or a word ("max", "tom").
MIN_LOWERCASE_FIRST_NAME = 4
# Civil titles that are pronouns too ("Me" for Maître, "me"): the name after them must be
# no French word ("Ça Me Tue").
PRONOUN_TITLES = frozenset(("me",))
# Between a cue and the name: spaces, a comma, a bracket ("mon mec (ryan)").
CUE_GAP = r"[ \t,(]+"
# A name after "Saint", "St", "ste"... names a place ("Saint Louis", "st etienne", "Saint-Ouen").
SAINTS = frozenset(("st", "ste", "saint", "sainte"))
NOT_AFTER_SAINT = "".join(rf"(?<!(?<!\w)(?i:{saint})[ \t])" for saint in sorted(SAINTS))


@cache
def french_word_counts() -> dict[str, int]:
    """Lowercase French words and their counts (pyspellchecker's list, without names)."""
    source = resources.files("spellchecker").joinpath("resources/fr.json.gz")
    with source.open("rb") as raw, gzip.open(raw) as text:
        return json.load(text)


def fold(word: str) -> str:
    """The word without its accents ("collège" -> "college", "sœur" -> "soeur")."""
    decomposed = unicodedata.normalize("NFD", word.replace("œ", "oe").replace("Œ", "OE"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def folded_french_words() -> frozenset[str]:
    """The French words without their accents ("degoute" for "dégoûté")."""
    return frozenset(fold(word) for word in french_word_counts())


@cache
def french_geography() -> frozenset[str]:
    """Folded names of French regions and départements that are no French word ("Ain",
    "Var"; not "Nord", as in "gare du Nord")."""
    names = set()
    for departement in departements().values():
        names |= {departement.name, departement.region, *departement.aliases}
    return _names_not_words(names)


@cache
def geographic_names() -> frozenset[str]:
    """`french_geography` and the countries, in French ("au Maroc", "la Guadeloupe")."""
    return french_geography() | _names_not_words(Locale("fr").territories.values())


def _names_not_words(names: Iterable[str]) -> frozenset[str]:
    folded = (fold(name.lower()) for name in names)
    return frozenset(name for name in folded if name not in folded_french_words())


def _unaccented(word: str) -> str | None:
    """The word as written without accents, unless that is another French word ("marche"
    is no "marché"); "sœur" is "soeur" always."""
    plain = fold(word)
    if plain != fold(word.replace("œ", "oe")) or plain == word.replace("œ", "oe"):
        return plain
    return None if plain.lower() in french_word_counts() else plain


def _forms(words: Iterable[str]) -> set[str]:
    """The words as written and without accents."""
    return {form for word in words for form in (word, _unaccented(word)) if form}


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, with and without accents, longest first, with
    flexible spaces and apostrophes."""
    patterns = []
    for word in sorted(_forms(words), key=len, reverse=True):
        escaped = re.escape(word).replace(r"\ ", r"[ \t]+")
        patterns.append(re.sub(f"[{APOSTROPHES}]", lambda _: f"[{APOSTROPHES}]", escaped))
    return "|".join(patterns)


def cue(words: Iterable[str]) -> str:
    """Case-insensitive cue words, as whole words; a look-ahead on their first letters
    first, which rejects most places at once (the alternation is tried word by word)."""
    words = list(words)
    initials = {case(form[0]) for form in _forms(words) for case in (str.lower, str.upper)}
    first = "".join(re.escape(letter) for letter in sorted(initials))
    return rf"(?<!\w)(?=[{first}])(?i:{alternatives(words)})(?!\w)"


def _titles(titles: Iterable[str]) -> str:
    """Civil titles as written before a name: "Mme", "MME", "madame", "Me" (not the pronouns
    "me", "ME")."""
    forms = {title.capitalize() for title in titles}
    forms |= {
        form(title)
        for title in titles
        if len(title.rstrip(".")) > 2
        for form in (str.upper, str.lower)
    }
    return rf"(?<!\w)(?:{alternatives(forms)})(?!\w)"


def relation_cue(possessives: Iterable[str], relations: Iterable[str]) -> str:
    """A possessive then a relation ("mon ex", "sa voisine", "son pote"), as whole words."""
    return rf"(?<!\w)(?i:(?:{alternatives(possessives)})[ \t]+(?:{alternatives(relations)}))(?!\w)"


def _titled_name(config: Config) -> str:
    """Civil titles if any ("M.", "et Mme"), then one to three capitalised words."""
    title = rf"(?:et[ \t]+)?{_titles(config.titles)}\.?"
    no_title = rf"(?!{_titles(config.titles)})"
    name = rf"{no_title}{CAPITALISED}(?:[ \t]+{CAPITALISED}){{0,2}}"
    return rf"(?:[ \t]+{title})*{CUE_GAP}(?P<value>{name})"


def person_pattern(config: Config) -> re.Pattern[str]:
    """A cue ("je m'appelle", "mon mari"), maybe titles ("mon voisin M. Ferreira"), then
    one to three capitalised words."""
    relation = relation_cue(config.possessives, config.relations)
    cues = rf"(?:{cue(config.person_cues)}|{relation})"
    return re.compile(rf"{cues}{_titled_name(config)}")


def title_person_pattern(config: Config, *, pronouns: bool) -> re.Pattern[str]:
    """A civil title ("Mme", "monsieur", "Dr", "M. et Mme") then a name; with `pronouns`,
    only the titles that are pronouns too ("Me"), whose names must be no French word."""
    titles = [title for title in config.titles if (title in PRONOUN_TITLES) == pronouns]
    return re.compile(rf"{_titles(titles)}\.?{_titled_name(config)}")


def lowercase_person_pattern(config: Config) -> re.Pattern[str]:
    """A strong cue ("mon copain", "s'appelle m.") then a lowercase word, kept if it is no
    French word."""
    relation = relation_cue(config.possessives, config.lowercase_relations)
    cues = rf"(?:{cue(config.lowercase_name_cues)}|{relation})"
    title = rf"(?:{CUE_GAP}{cue(config.titles)})?"
    # Not a word that is no name, so that a cue after it still counts ("son beau-père
    # sappelle christophe").
    not_name = rf"(?!(?:{alternatives(config.not_lowercase_names)})(?!\w))"
    return re.compile(rf"{cues}{title}{CUE_GAP}{not_name}(?P<value>{LOWERCASE})")


def first_name_pattern(config: Config) -> re.Pattern[str]:
    """A known first name, capitalised or in capitals, and up to two capitalised words after
    it ("Kenza", "Lina Martin", "VALÉRIE MERCIER"), not inside a saint's name ("Saint-Louis")."""
    forms = {form for name in config.first_names for form in (name, name.upper())}
    return re.compile(
        rf"(?<![\w\-{APOSTROPHES}.]){NOT_AFTER_SAINT}"
        rf"(?P<value>(?:{alternatives(forms)})(?![\w\-])(?:[ \t]+{CAPITALISED}){{0,2}})"
    )


def lowercase_first_name_pattern(config: Config) -> re.Pattern[str]:
    """A known first name written in lowercase that is no French word at all ("enzo",
    "marie-claire", not "rose" nor "max")."""
    forms = {
        name.lower()
        for name in config.first_names
        if len(name) >= MIN_LOWERCASE_FIRST_NAME
        and not _is_french_word(name.lower())
        and fold(name.lower()) not in folded_french_words()
        and name.lower() not in config.not_lowercase_names
    }
    return re.compile(
        rf"(?<![\w\-{APOSTROPHES}@.]){NOT_AFTER_SAINT}"
        rf"(?P<value>{alternatives(forms)})(?![\w\-@]|\.\w)"
    )


def place_name(config: Config) -> str:
    """One to four capitalised words, each maybe after a link ("de la Tête d'Or"), numbers
    ("cité des 3000", "université Lyon 2") or identifiers without a link ("bâtiment A22",
    "Terminal 2E"; not "de l'A7")."""
    number = rf"\d{{1,4}}(?![\w:/]|[.,]\w)(?![ \t]+{cue(config.street_types)})"
    identifier = r"(?:[A-Z]\d{1,3}|\d{1,3}[A-Z])(?![\w:/]|[.,]\w)"
    first = rf"(?:{LINK}[ \t]*)?{CAPITALISED}|{LINK}[ \t]*{number}|{identifier}"
    word = rf"(?:{LINK}[ \t]*)?(?:{CAPITALISED}|{number})|{identifier}"
    return rf"(?:{first})(?:[ \t]+{word}){{0,3}}"


def place_noun(config: Config) -> str:
    """A place noun and up to two lowercase words ("salon de coiffure", "école primaire"),
    none of the words that end it ("le McDo de la gare samedi")."""
    end = rf"(?![ \t]+(?:{alternatives(config.place_noun_stops)})(?!\w))"
    extra = rf"{end}[ \t]+(?:(?:de|des|du|aux)[ \t]+)?[a-zà-öø-ÿ]{LETTERS}+"
    return rf"{cue(config.place_types)}(?:{extra}){{0,2}}"


def _locality(config: Config, generic: bool) -> str:
    """What locates a place: "de la rue Pavée", "du centre commercial Rosny 2"; also, when
    `generic`, a place noun alone (a named shop "de la gare", "de la zone commerciale")."""
    name = place_name(config)
    street = rf"{cue(config.street_types)}\.?[ \t]+{name}"
    place = rf"{place_noun(config)}[ \t]+{name}"
    if generic:
        place = rf"{place_noun(config)}(?:[ \t]+{name})?"
    return rf"[ \t]+(?:{LINK}[ \t]*(?:{street}|{place}|{CAPITALISED})|{street})"


def place_pattern(config: Config) -> re.Pattern[str]:
    """A place noun ("gare", "lycée", "bar") then its capitalised name or what locates it
    ("synagogue de la rue Pavée"); a stop is named by the street after it ("le tram place
    Bellecour")."""
    after_number = r"(?<!\d)(?<!\d[ \t])"  # "14 cité Jardin" is an address
    stop_at_street = rf"(?!{cue(config.station_words)}[ \t]+{cue(config.street_types)})"
    return re.compile(
        rf"{after_number}{stop_at_street}(?P<value>{place_noun(config)}"
        rf"(?:[ \t]+{place_name(config)}(?:{_locality(config, True)})?"
        rf"|{_locality(config, False)}))"
    )


def not_stop(config: Config) -> str:
    """Not a word that ends a name ("et", "il", "depuis"), in any case."""
    return rf"(?!(?i:{alternatives(config.name_stops)})(?!\w))"


def brand_pattern(config: Config) -> re.Pattern[str]:
    """A chain shop, not online ("sur Amazon"), maybe named or located ("Monoprix Bastille",
    "Burger King de Bercy").

    As written in the config, without accents, and in lowercase when that is no French word
    ("lidl", "mcdo", not "carrefour")."""
    forms = set(config.place_brands)
    forms |= {brand.lower() for brand in forms if not _is_french_word(fold(brand.lower()))}
    brands = alternatives(forms)
    names = rf"(?:[ \t]+{not_stop(config)}{CAPITALISED}){{0,2}}"
    return re.compile(
        rf"(?<![\w@.])(?<!sur )(?P<value>(?:{brands}){names}(?:{_locality(config, True)})?)"
        rf"(?![\w@]|\.\w)"
    )


def station_pair_patterns(config: Config) -> tuple[re.Pattern[str], ...]:
    """The other stop of "entre Gare du Nord et Châtelet" and of "entre Châtelet et Gare de
    l'Est"; both stops after a line ("le RER A entre Châtelet-Les Halles et Nation")."""
    name = place_name(config)
    station = rf"{cue(config.station_words)}[ \t]+{name}"
    between = r"(?<!\w)(?i:entre)[ \t]+"
    line = rf"{cue(config.transport_lines)}[ \t]+[A-Z0-9]{{1,3}}(?!\w)[ \t]+{between}"
    return (
        re.compile(rf"{between}{station}[ \t]+et[ \t]+(?P<value>{name})"),
        re.compile(rf"{between}(?P<value>{name})[ \t]+et[ \t]+{station}"),
        re.compile(rf"{line}(?P<value>{name})[ \t]+et[ \t]+{name}"),
        re.compile(rf"{line}{name}[ \t]+et[ \t]+(?P<value>{name})"),
    )


def street_place_pattern(config: Config) -> re.Pattern[str]:
    """A street named without a house number ("place Bellecour", "rue de la République")."""
    return re.compile(rf"(?P<value>{cue(config.street_places)}[ \t]+{place_name(config)})")


def any_case_street_pattern(config: Config) -> re.Pattern[str]:
    """A street without a house number written in lowercase or capitals: its type, a link,
    then a word that ends no name ("rue de rome", "BOULEVARD DE LA LIBERTE")."""
    stops = {*STOP_WORDS, *config.place_noun_stops, *config.name_stops}
    word = rf"(?!(?i:{alternatives(stops)})(?!\w)){LETTERS}{{3,}}(?:-{LETTERS}+)*(?![\w@]|\.\w)"
    link = rf"(?:de[ \t]+la|{ELIDED}|de|du|des)(?:[ \t]+|(?<=[{APOSTROPHES}]))"
    return re.compile(rf"(?P<value>{cue(config.street_places_any_case)}\.?[ \t]+(?i:{link}){word})")


def article_place_pattern(config: Config) -> re.Pattern[str]:
    """A capitalised name after a lowercase article ("au Vieux-Port", "devant le Duplex"),
    to be kept when it is no French word, first name nor geography."""
    name = rf"[{UPPER}][a-zà-öø-ÿ]{LETTERS}*(?:-[{UPPER}]{LETTERS}+)*(?![\w@\-]|\.\w)"
    articles = alternatives(config.place_articles)
    return re.compile(
        rf"(?<![\w{APOSTROPHES}])(?:{articles})(?:[ \t]+|(?<=[{APOSTROPHES}]))(?P<value>{name})"
    )


def names_a_place_after_article(config: Config) -> Callable[[str], bool]:
    """Whether a name found by `article_place_pattern` is a place's own name."""
    first_names = folded_first_names(config.first_names)
    not_places = {*config.not_names, *config.place_brands}
    titles = frozenset(fold(title.lower()) for title in config.titles)

    def is_place(value: str) -> bool:
        folded = fold(value.lower())
        if value in not_places or folded in titles or folded in geographic_names():
            return False
        if "-" in value:
            return True  # a compound ("Croix-Rousse"), no French word
        return folded not in folded_french_words() and folded not in first_names

    return is_place


def _is_french_word(word: str) -> bool:
    return word in STOP_WORDS or word in french_word_counts()


def name_finder(config: Config) -> Callable[[str], bool]:
    """Whether a word of a value is a first name or no French word nor stop word, whatever
    its case ("LYCEE VICTOR HUGO", "gare saint-lazare", "college jean moulin"; not "AU
    COLLEGE ET JE", "parc municipal")."""
    first_names = folded_first_names(config.first_names)

    def has_a_name(value: str) -> bool:
        words = re.split(rf"[\s{APOSTROPHES}\-]+", value.lower())
        return any(
            len(word) >= MIN_LOWERCASE_FIRST_NAME - 1
            and (
                (not _is_french_word(word) and fold(word) not in folded_french_words())
                or fold(word) in first_names
            )
            and word not in config.not_lowercase_names
            for word in words
        )

    return has_a_name


def folded_first_names(first_names: Iterable[str]) -> frozenset[str]:
    """The first names without accents, in lowercase ("jerome" for "Jérôme")."""
    return frozenset(fold(name.lower()) for name in first_names)


def lowercase_place_pattern(config: Config) -> re.Pattern[str]:
    """A place noun then one or two lowercase words that are no stop words ("lycee victor
    hugo", "gare saint-lazare", "metro porte de clichy"), to be kept when one of them is a
    name; or a numbered cité ("cite des 4000")."""
    stops = {*STOP_WORDS, *config.place_noun_stops, *config.name_stops}
    word = (
        rf"(?!(?:{alternatives(stops)})(?!\w))[a-zà-öø-ÿ]{LETTERS}+(?:-{LETTERS}+)*"
        rf"(?![\w@{APOSTROPHES}]|\.\w)"
    )
    numbered = rf"{cue((*config.place_types, 'cite'))}[ \t]+(?i:des)[ \t]+\d{{2,5}}(?!\w)"
    return re.compile(
        rf"(?P<value>{numbered}"
        rf"|{cue(config.place_types)}[ \t]+{LINKED}?{word}(?:[ \t]+{LINKED}?{word})?)"
    )


def place_filter(config: Config) -> Callable[[str], bool]:
    """Whether a place found is one: not a message in capitals unless it holds a name
    ("LYCEE VICTOR HUGO"); not a feast ("marché de Noël"), a service ("la Banque Postale"),
    a public service named by its commune ("CHU de Nantes") nor a place named by a country,
    a region or a département ("village de l'Ain")."""
    service = re.compile(rf"{cue(config.commune_services)}[ \t]+(?:de|d[{APOSTROPHES}]|du)(?!\w)")
    has_a_name = name_finder(config)
    after_link_to_geography = re.compile(
        rf"(?<!\w)(?:{ELIDED}|de|du|des)[ \t]*(?P<name>{CAPITALISED})$"
    )
    street = re.compile(cue(config.street_types))

    def named_by_geography(value: str) -> bool:
        """Named by a département or a region ("village de l'Ain"), unless a street or a
        station ("métro Place d'Italie"); countries are no such name ("jardin du
        Luxembourg")."""
        match = after_link_to_geography.search(value)
        return (
            bool(match)
            and fold(match["name"].lower()) in french_geography()
            and not street.search(value)
        )

    def is_place(value: str) -> bool:
        names = [word for word in re.split(rf"[\s{APOSTROPHES}]+", value) if word[:1].isupper()]
        return (
            (not value.isupper() or has_a_name(value))
            and not (names and all(word in config.not_names for word in names))
            and not named_by_geography(value)
            and not service.match(value)
        )

    return is_place


class NerRecognizer(EntityRecognizer):
    """spaCy's PER as PERSONNE; an entity after a place noun, or a brand followed by its
    town after "au" or "chez" ("au Carrefour de Villeneuve-d'Ascq"), as LIEU."""

    def __init__(self, config: Config) -> None:
        self.not_names = config.not_names
        self.is_place = place_filter(config)
        self.titles = frozenset(config.titles)
        self.place_types = frozenset(fold(word) for word in config.place_types)
        self.street_types = frozenset(fold(word) for word in config.street_types)
        self.address_units = frozenset(fold(word) for word in config.address_units)
        services = frozenset(fold(word) for word in config.commune_services)
        self.named_after = self.street_types | self.place_types | services
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
            place = self._place(span)
            if place and not self.is_place(text[place.start : place.end]):
                continue
            result = place or (self._person(span) if span.label_ == "PER" else None)
            if result:
                results.append(result)
        return results

    def _person(self, span: Span) -> RecognizerResult | None:
        tokens = list(span)
        while tokens and (tokens[0].lower_ in self.titles or tokens[0].text in self.not_names):
            tokens = tokens[1:]
        if tokens and fold(tokens[0].lower_) in self.address_units:
            return None  # a part of a building ("Bât. D")
        if tokens and re.split(r"[\s.\-]", tokens[0].lower_)[0] in SAINTS:
            return None  # a place named after a saint ("Saint Louis", "Saint-Ouen")
        if not tokens or span.text in self.not_names or span.doc.text.isupper():
            return None  # in a message written in capitals, spaCy takes words for names
        if self._names_a_place(span):
            return None  # a street or a place named after someone ("place Carnot")
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

    def _names_a_place(self, span: Span, nouns: frozenset[str] | None = None) -> bool:
        """Whether one of `nouns` (street types, place nouns and public services) comes
        before the span, maybe with links ("rue du Général de Gaulle", "gendarmerie de
        Marigot")."""
        nouns = self.named_after if nouns is None else nouns
        for token in reversed(span.doc[max(span.start - 3, 0) : span.start]):
            if fold(token.lower_) in nouns:
                return True
            if token.lower_ not in NAME_LINKS:
                return False
        return False

    def _place(self, span: Span) -> RecognizerResult | None:
        if self._names_a_place(span, self.street_types):
            return None  # a street, left to the address and street recognisers
        doc = span.doc
        tokens = list(span)
        for index, token in enumerate(tokens[1:], start=1):
            ends_name = token.is_lower and token.lower_ not in NAME_LINKS
            if token.lower_ in self.street_types or token.text in ",;:()" or ends_name:
                tokens = tokens[:index]
                break
        end = tokens[-1].idx + len(tokens[-1])
        before = doc[max(span.start - 2, 0) : span.start]
        if not any(t.text[:1].isupper() and t.lower_ not in self.place_types for t in tokens):
            return None  # a common noun ("la fac", "son Ehpad")
        if tokens[0].lower_ in self.place_types:
            return make_result(self.name, "LIEU", span.start_char, end, 0.7)
        for token in reversed(before):
            if token.lower_ in self.place_types:
                return make_result(self.name, "LIEU", token.idx, end, 0.7)
            if token.lower_ not in NAME_LINKS:
                break  # "le chef de magasin, Franck", "la gare à Bobigny" (a commune)
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
    if first in PARTICLES and len(words) > 1 and all(word[:1].isupper() for word in words):
        words, first = words[1:], words[1].lower()  # "Da Silva Pereira", "Le Gall"
    if (
        first in STOP_WORDS
        or first.split("-")[0] in STOP_WORDS
        or any(word.lower() in STOP_WORDS and word.lower() not in PARTICLES for word in words[1:])
    ):
        return True
    for word in words:
        shouting = len(word) > 1 and word.isupper()
        if shouting and (counts.get(word.lower(), 0) > 0 or re.search(f"[{APOSTROPHES}]", word)):
            return True
    count = counts.get(first, 0)
    return count >= COMMON_WORD_COUNT or (sentence_start and len(words) == 1 and count > 0)


def name_recognisers(config: Config) -> list[EntityRecognizer]:
    """The cue-based recognisers, which need no language model."""

    def is_name(value: str) -> bool:
        return value not in config.not_names and not _is_common_word(value)

    def is_surname(value: str) -> bool:
        """After a title: no stop word nor word that is never a name ("Madame, Je", "M. le
        Maire"), whatever else ("Mme Petit")."""
        words = value.split()
        if words[0].lower() in PARTICLES and len(words) > 1:
            words = words[1:]  # "Mme Le Gall"
        return words[0].lower() not in STOP_WORDS and not any(
            word in config.not_names for word in words
        )

    def is_lowercase_name(value: str) -> bool:
        word = value.lower()
        return (
            word not in STOP_WORDS
            and french_word_counts().get(word, 0) < LOWERCASE_NAME_COUNT
            and (word in french_word_counts() or fold(word) not in folded_french_words())
            and word not in config.not_lowercase_names
        )

    is_place = place_filter(config)
    has_a_name = name_finder(config)

    return [
        RegexRecognizer("person_cue", "PERSONNE", person_pattern(config), 0.8, validate=is_name),
        RegexRecognizer(
            "person_title",
            "PERSONNE",
            title_person_pattern(config, pronouns=False),
            0.8,
            validate=is_surname,
        ),
        RegexRecognizer(
            "person_title_pronoun",
            "PERSONNE",
            title_person_pattern(config, pronouns=True),
            0.8,
            validate=is_name,
        ),
        RegexRecognizer(
            "person_lowercase",
            "PERSONNE",
            lowercase_person_pattern(config),
            0.75,
            validate=is_lowercase_name,
        ),
        RegexRecognizer(
            "first_name", "PERSONNE", first_name_pattern(config), 0.55, validate=is_name
        ),
        RegexRecognizer(
            "first_name_lowercase", "PERSONNE", lowercase_first_name_pattern(config), 0.55
        ),
        RegexRecognizer("place_cue", "LIEU", place_pattern(config), 0.9, validate=is_place),
        RegexRecognizer("place_brand", "LIEU", brand_pattern(config), 0.88),
        RegexRecognizer(
            "place_lowercase",
            "LIEU",
            lowercase_place_pattern(config),
            0.6,
            validate=lambda value: is_place(value) and (has_a_name(value) or value[-1].isdigit()),
        ),
        *(
            RegexRecognizer(f"station_{index}", "LIEU", pattern, 0.85, validate=is_place)
            for index, pattern in enumerate(station_pair_patterns(config))
        ),
        RegexRecognizer(
            "street_place", "LIEU", street_place_pattern(config), 0.6, validate=is_place
        ),
        RegexRecognizer("street_any_case", "LIEU", any_case_street_pattern(config), 0.6),
        RegexRecognizer(
            "place_article",
            "LIEU",
            article_place_pattern(config),
            0.55,
            validate=names_a_place_after_article(config),
        ),
    ]
