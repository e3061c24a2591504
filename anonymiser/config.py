"""The anonymiser's settings, read from `config.yml`: placeholders, context words, cues."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).with_name("config.yml")
FIRST_NAMES_PATH = Path(__file__).with_name("first_names.yml")
TYPES = (
    "PERSONNE",
    "TELEPHONE",
    "EMAIL",
    "ADRESSE",
    "NIR",
    "IBAN",
    "PLAQUE",
    "DATE_NAISSANCE",
    "PSEUDO",
    "LIEU",
)


@dataclass(frozen=True)
class Config:
    """What to look for, and the placeholder of each type."""

    placeholders: dict[str, str]
    score_threshold: float
    context: dict[str, tuple[str, ...]]
    street_types: tuple[str, ...]
    streets_without_name: tuple[str, ...]
    street_places: tuple[str, ...]
    street_places_any_case: tuple[str, ...]
    place_articles: tuple[str, ...]
    home_cues: tuple[str, ...]
    named_without_number: tuple[str, ...]
    named_before_postcode: tuple[str, ...]
    home_articles: tuple[str, ...]
    address_units: tuple[str, ...]
    address_levels: tuple[str, ...]
    postal_boxes: tuple[str, ...]
    kilometre_points: tuple[str, ...]
    kilometre_sides: tuple[str, ...]
    number_words: tuple[str, ...]
    name_stops: tuple[str, ...]
    protected_numbers: tuple[str, ...]
    protected_phrases: tuple[str, ...]
    place_types: tuple[str, ...]
    place_noun_stops: tuple[str, ...]
    station_words: tuple[str, ...]
    transport_lines: tuple[str, ...]
    place_brands: tuple[str, ...]
    commune_services: tuple[str, ...]
    person_cues: tuple[str, ...]
    possessives: tuple[str, ...]
    relations: tuple[str, ...]
    lowercase_relations: tuple[str, ...]
    titles: tuple[str, ...]
    lowercase_name_cues: tuple[str, ...]
    not_lowercase_names: frozenset[str]
    handle_cues: tuple[str, ...]
    handle_links: tuple[str, ...]
    not_names: frozenset[str]
    first_names: tuple[str, ...]


def load_first_names(path: Path = FIRST_NAMES_PATH) -> tuple[str, ...]:
    """The first names of `first_names.yml`, all its lists together."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(sorted({str(name) for names in raw.values() for name in names}))


def load_config(path: Path = DEFAULT_PATH, first_names: Path = FIRST_NAMES_PATH) -> Config:
    """Read a config file and a list of first names; raise ValueError when a type has no
    placeholder."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    placeholders = {str(key): str(value) for key, value in raw["placeholders"].items()}
    missing = set(TYPES) - set(placeholders)
    if missing:
        raise ValueError(f"{path.name}: no placeholder for {sorted(missing)}")
    return Config(
        placeholders=placeholders,
        score_threshold=float(raw["score_threshold"]),
        context={key: tuple(words) for key, words in raw["context"].items()},
        street_types=tuple(raw["street_types"]),
        streets_without_name=tuple(raw["streets_without_name"]),
        street_places=tuple(raw["street_places"]),
        street_places_any_case=tuple(raw["street_places_any_case"]),
        place_articles=tuple(raw["place_articles"]),
        home_cues=tuple(raw["home_cues"]),
        named_without_number=tuple(raw["named_without_number"]),
        named_before_postcode=tuple(raw["named_before_postcode"]),
        home_articles=tuple(raw["home_articles"]),
        address_units=tuple(raw["address_units"]),
        address_levels=tuple(raw["address_levels"]),
        postal_boxes=tuple(raw["postal_boxes"]),
        kilometre_points=tuple(raw["kilometre_points"]),
        kilometre_sides=tuple(raw["kilometre_sides"]),
        number_words=tuple(raw["number_words"]),
        name_stops=tuple(raw["name_stops"]),
        protected_numbers=tuple(str(number) for number in raw["protected_numbers"]),
        protected_phrases=tuple(raw["protected_phrases"]),
        place_types=tuple(raw["place_types"]),
        place_noun_stops=tuple(raw["place_noun_stops"]),
        station_words=tuple(raw["station_words"]),
        transport_lines=tuple(raw["transport_lines"]),
        place_brands=tuple(raw["place_brands"]),
        commune_services=tuple(raw["commune_services"]),
        person_cues=tuple(raw["person_cues"]),
        possessives=tuple(raw["possessives"]),
        relations=tuple(raw["relations"]),
        lowercase_relations=tuple(raw["lowercase_relations"]),
        titles=tuple(raw["titles"]),
        lowercase_name_cues=tuple(raw["lowercase_name_cues"]),
        not_lowercase_names=frozenset(raw["not_lowercase_names"]),
        handle_cues=tuple(raw["handle_cues"]),
        handle_links=tuple(str(link) for link in raw["handle_links"]),
        not_names=frozenset(raw["not_names"]),
        first_names=load_first_names(first_names),
    )


@cache
def default_config() -> Config:
    return load_config()
