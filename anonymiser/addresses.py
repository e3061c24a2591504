"""Recognisers of addresses: numbered streets with their building, floor and flat details,
postcode and commune, named buildings and homes, postal boxes, overseas kilometre points,
and streets where someone lives ("elle habite impasse des Roses")."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer
from spacy.lang.fr.stop_words import STOP_WORDS

from anonymiser.config import Config
from anonymiser.names import (
    APOSTROPHES,
    CAPITALISED,
    ELIDED,
    LETTERS,
    LINK,
    LINKED,
    LOWERCASE,
    UPPER,
    alternatives,
    cue,
    not_stop,
    place_name,
    place_noun,
    relation_cue,
)
from anonymiser.recogniser import RegexRecognizer

# Between two parts of an address: a comma, a dash, or a new line ("3, allée des
# Charmes\n25000 Besançon").
PART_GAP = r"[ \t]*[,\-\u2013]?[ \t]*(?:\r?\n[ \t]*)?"
SEPARATOR = r"[ \t]*,?[ \t]*"
# The end of a clause, after a commune named without its postcode ("rue du Stade, Sada.").
CLAUSE_END = r"(?=[ \t]*(?:[.,;:!?)\r\n]|$))"
# A capitalised word without an apostrophe ("Jupiter", not "J'habite").
WORD_WITHOUT_APOSTROPHE = rf"[{UPPER}][a-zà-öø-ÿ]+(?:-[{UPPER}]?[a-zà-öø-ÿ]+)*(?![\w{APOSTROPHES}])"
# Not right after a capitalised word ("Lyon 2, quai X"), up to this many letters long.
LONGEST_NAME_BEFORE_NUMBER = 20
NOT_AFTER_NAME = r"(?=\d)" + "".join(
    rf"(?<![{UPPER}][a-zà-öø-ÿ]{{{length}}}[ \t])" for length in range(LONGEST_NAME_BEFORE_NUMBER)
)
POSTCODE = r"(?<!\d)\d{5}(?!\d)"
HOUSE_SUFFIX = r"(?i:bis|ter|quater|[a-d])(?!\w)"
NUMBER_PREFIX = r"(?i:n°|n°|no\.?|numéro|numero)"
SIDES = ("gauche", "droite", "fond")
# Contracted articles before a home's name, which are not part of it ("aux Granges Hautes").
ARTICLES_BEFORE_NAME = ("au", "aux")
FLOOR_ORDINAL = r"(?i:e|è|ème|eme|er|ère|ere|nd|nde)"


class AddressParts:
    """The regular expressions of an address's parts, built once from the config."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.street_type = cue(config.street_types)
        self.not_stop = not_stop(config)
        self.name = self._name()
        self.lowercase_name = self._lowercase_name()
        self.street = self._street()
        self.unit = self._unit()
        self.town = self._town()
        self.number = self._number()
        self.building = rf"{cue(config.named_without_number)}\.?[ \t]+{self.name}"
        self.postal_box = rf"{cue(config.postal_boxes)}[ \t]*\d{{1,5}}(?!\d)"
        self.commune = (
            rf"{self.not_stop}{CAPITALISED}(?:[ \t-]+{self.not_stop}{CAPITALISED}){{0,3}}"
            rf"{CLAUSE_END}"
        )

    def _name(self) -> str:
        """A street's name: capitalised words and numbers, after links ("du 8 Mai 1945"),
        not a word that ends it ("ET"), nor a number before a street ("du 8 rue X au 21
        chemin Y")."""
        number = rf"\d{{1,4}}(?!\w)(?![ \t]+{self.street_type})"
        word = rf"(?:{LINK}[ \t]*)*(?:{self.not_stop}{CAPITALISED}|{number})"
        return rf"{word}(?:[ \t]+{word}){{0,4}}"

    def _lowercase_name(self) -> str:
        """A name in lowercase, one or two words that are no stop words, SMS words nor elided
        ("du lac", not "du lac sur", "des peupliers jai", nor "n'" in "le 30 rue n'est")."""
        config = self.config
        stops = {*STOP_WORDS, *config.name_stops, *config.address_units}
        stops |= config.not_lowercase_names
        word = rf"(?!(?:{alternatives(stops)})(?!\w)){LETTERS}{{2,}}(?![\w{APOSTROPHES}])"
        return rf"{LINKED}*{word}(?:[ \t]+{word})?"

    def _street(self) -> str:
        """A street type and its name, capitalised or not ("rue victor hugo"), or a street
        named by its type ("Grande Rue")."""
        named = rf"{self.street_type}\.?[ \t]+(?:{self.name}|{self.lowercase_name})"
        return rf"(?:{cue(self.config.streets_without_name)}(?![ \t]+{self.name})|{named})"

    def _unit(self) -> str:
        """A part of a building: "apt 34", "Bât. Les Iris", "bâtiment Jupiter", "esc. 2", "4e
        étage gauche", "RDC"; not "maison. J'habite"."""
        side = cue(SIDES)
        articles = alternatives(self.config.home_articles)
        named = rf"(?:{articles})[ \t]*{CAPITALISED}|{WORD_WITHOUT_APOSTROPHE}"
        unit_id = rf"(?:\d{{1,4}}[A-Za-z]?|[A-Za-z]\d{{0,3}}|{side}|{named})(?!\w)"
        floor = rf"\d{{1,2}}{FLOOR_ORDINAL}[ \t]+(?:{cue(('étage',))}(?:[ \t]+{side})?|{side})"
        return (
            rf"(?:{cue(self.config.address_units)}\.?[ \t]*(?:{NUMBER_PREFIX}[ \t]*)?{unit_id}"
            rf"|{floor}|{cue(self.config.address_levels)})"
        )

    def _town(self) -> str:
        """A postcode and its commune, maybe with an article or "CEDEX" ("97430 le Tampon",
        "75009 Paris Cedex 09"), not a word that ends it ("33700 MERIGNAC ET LA POLICE")."""
        word = rf"{self.not_stop}{CAPITALISED}"
        article = r"(?:(?:le|la|les)[ \t]+)?"
        name = rf"{article}{word}(?:[ \t-]+{word}){{0,3}}|{self.not_stop}{LOWERCASE}"
        cedex = r"(?:[ \t]+(?i:cedex)(?:[ \t]+\d{1,2}(?!\d))?)?"
        return rf"{POSTCODE}(?:[ \t]+(?:{name}))?{cedex}"

    def _number(self) -> str:
        """A house number: "12", "12 bis", "12B", "12-14", "n°4", "quinze", "12," (not after
        a name: "université Lyon 2, quai X"); then maybe "de la" before the street ("au 5 de
        la rue X")."""
        digits = rf"\d{{1,4}}(?:[ \t]?{HOUSE_SUFFIX})?"
        range_end = r"(?:[ \t]*[-/\u2013][ \t]*\d{1,4}|[ \t]+(?:à|et)[ \t]+\d{1,4})(?!\d)"
        words = alternatives(self.config.number_words)
        in_words = rf"(?<!\w)(?i:{words})(?:-(?i:{words}|et|un|une))*(?!\w)"
        link = rf"(?:(?:de[ \t]+la|du|{ELIDED}|de)[ \t]*(?={self.street_type}))?"
        number = rf"(?<![\d,.]){digits}(?:{range_end})?"
        return (
            rf"(?:{NUMBER_PREFIX}[ \t]*)?(?:{number}[ \t]*|{NOT_AFTER_NAME}{number}[ \t]*,[ \t]*"
            rf"|{in_words}[ \t]*){link}"
        )

    def tail(self) -> str:
        """What may follow an address: units, postcode and commune, a building, another
        street (capitalised when it has no number: "mail" is an e-mail too), a postal box
        ("14 boulevard Haussmann, CS 60123, 75009 Paris"), a commune without its postcode
        ("rue du Stade, Sada.")."""
        street = rf"{self.street_type}\.?[ \t]+{self.name}"
        part = (
            rf"{self.unit}|{self.town}|{self.building}|{self.number}{self.street}"
            rf"|{street}|{self.postal_box}"
        )
        return rf"(?:{PART_GAP}(?:{part})|,[ \t]*{self.commune})*"

    def home_name(self) -> str:
        """A home named by an article or a word such as "Moulin", "Morne" ("La Grange
        Neuve", "aux Granges Hautes", "Moulin de la Roche", "section Bellevue")."""
        articles = alternatives(self.config.home_articles)
        after_article = "|".join(rf"(?<=(?<!\w){word} )" for word in ARTICLES_BEFORE_NAME)
        return (
            rf"(?:(?<!\w)(?:{articles})[ \t]*|{after_article}"
            rf"|{cue(self.config.named_before_postcode)}[ \t]+){self.name}"
        )

    def kilometre_point(self) -> str:
        """An overseas kilometre point ("PK 12,5 côté montagne")."""
        points = "|".join(re.escape(point) for point in self.config.kilometre_points)
        return (
            rf"(?<!\w)(?:{points})[ \t]*\d{{1,3}}(?:[,.]\d{{1,3}})?(?!\d)"
            rf"(?:[ \t]+{cue(self.config.kilometre_sides)})?"
        )


def address_pattern(config: Config, parts: AddressParts) -> re.Pattern[str]:
    """Units, number, street type, name, postcode and town: "apt 34, 120 rue X, 75012 Paris",
    "au 5 de la rue X", "rue X n°12", "69003 Lyon, 48 cours X", "Bât C, esc 2, 4e étage,
    ..."; a named building ("résidence Les Tilleuls"); a street or a named home before a
    postcode ("chemin Bois de Nèfles, 97490 Sainte-Clotilde", "La Grange Neuve, 71220 ...");
    a postal box and its postcode; a place with a flat ("résidence universitaire Jean-Zay,
    chambre 214")."""
    house = rf"{NUMBER_PREFIX}[ \t]*\d{{1,4}}(?:[ \t]?{HOUSE_SUFFIX})?"
    before_postcode = rf"(?={PART_GAP}{POSTCODE})"
    lodging = rf"{place_noun(config)}[ \t]+{place_name(config)}(?={PART_GAP}{parts.unit})"
    start = (
        rf"{parts.number}{parts.street}|{parts.street}{SEPARATOR}{house}|{parts.building}"
        rf"|{parts.postal_box}{SEPARATOR}{parts.town}|{parts.kilometre_point()}"
        rf"|(?:{parts.street}|{parts.home_name()}){before_postcode}|{lodging}"
    )
    return re.compile(
        rf"(?P<value>(?:{parts.unit}{PART_GAP})*(?:{parts.town}{SEPARATOR}(?=\d))?"
        rf"(?:{start}){parts.tail()})"
    )


def home_cue(config: Config) -> str:
    """A word saying that someone lives there ("habite", "chez moi", "chez sa mère")."""
    relatives = relation_cue(config.possessives, config.relations)
    return rf"(?:{cue(config.home_cues)}|(?<!\w)(?i:chez)[ \t]+{relatives})"


def home_street_pattern(config: Config, parts: AddressParts) -> re.Pattern[str]:
    """A street, a named building in lowercase or a named home, then a flat, a street or a
    postcode, where someone lives ("elle habite impasse des Roses", "jhabite res les jardins
    bat 3", "qui habite Les Hauts de Chevreuse, appartement 42", "nous habitons La Maison
    Blanche, route de Saint-Jean"), maybe after the commune ("vit à Mayotte rue du Stade")."""
    commune = rf"(?:(?:à|a|en)[ \t]+{CAPITALISED}(?:[ \t-]+{CAPITALISED})?{SEPARATOR})?"
    link = rf"(?:(?:au|à|a|dans|en|sur|:|,|c'est|c|est)[ \t]*(?:la|le|l[{APOSTROPHES}])?[ \t]*)?"
    named = rf"{cue(config.named_without_number)}\.?[ \t]+{parts.lowercase_name}"
    street = rf"(?:{parts.number})?{parts.street_type}\.?[ \t]+{parts.name}"
    home = rf"{parts.home_name()}(?={PART_GAP}(?:{parts.unit}|{street}|{POSTCODE}))"
    return re.compile(
        rf"{home_cue(config)}[ \t,]+{commune}{link}"
        rf"(?P<value>(?:{parts.street}|{named}|{home}){parts.tail()})"
    )


def address_recognisers(config: Config) -> list[EntityRecognizer]:
    """The address recognisers, which need no language model."""
    parts = AddressParts(config)
    return [
        RegexRecognizer("address", "ADRESSE", address_pattern(config, parts), 0.9),
        RegexRecognizer("home_street", "ADRESSE", home_street_pattern(config, parts), 0.85),
    ]
