"""The anonymiser on realistic victims' messages: each type, several at once, look-alikes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from anonymiser import Anonymiser, Redaction
from resources import default_catalog, render_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return Anonymiser()


def found(redaction: Redaction) -> list[tuple[str, str]]:
    return [(entity.type, entity.value) for entity in redaction.entities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bonjour, je m'appelle Sophie Martin et j'ai peur de rentrer chez moi.",
            [("PERSONNE", "Sophie Martin")],
        ),
        ("mon copain bilal m'a mis une claque hier soir", [("PERSONNE", "bilal")]),
        ("Ma voisine Mme Rousseau a tout vu, elle peut témoigner.", [("PERSONNE", "Rousseau")]),
        (
            "Mon avocate, Maître Claire Dubois, m'a dit de vous contacter.",
            [("PERSONNE", "Claire Dubois")],
        ),
        ("Rappelez-moi au 06 12 34 56 78 svp", [("TELEPHONE", "06 12 34 56 78")]),
        ("mon numéro : +33 7 00 12 45 78", [("TELEPHONE", "+33 7 00 12 45 78")]),
        ("joignable au 0033 6 12 34 56 78 le soir", [("TELEPHONE", "0033 6 12 34 56 78")]),
        ("appelez-moi au 07.00.45.12.89 après 18h", [("TELEPHONE", "07.00.45.12.89")]),
        ("Je suis en Guadeloupe, mon portable 0690 12 34 56", [("TELEPHONE", "0690 12 34 56")]),
        ("à La Réunion : +262 692 12 34 56", [("TELEPHONE", "+262 692 12 34 56")]),
        (
            "écrivez-moi à sophie.martin38@orange.fr plutôt",
            [("EMAIL", "sophie.martin38@orange.fr")],
        ),
        (
            "il sait que j'habite au 14 rue des Acacias, 59000 Lille",
            [("ADRESSE", "14 rue des Acacias, 59000 Lille")],
        ),
        (
            "le harceleur a mon adresse, apt 34, 120 rue de Charenton, 75012 Paris",
            [("ADRESSE", "apt 34, 120 rue de Charenton, 75012 Paris")],
        ),
        (
            "mon numéro de sécu c'est 2 87 04 69 123 045 94",
            [("NIR", "2 87 04 69 123 045 94")],
        ),
        (
            "le virement est parti vers FR76 3000 4028 3700 0106 5432 174",
            [("IBAN", "FR76 3000 4028 3700 0106 5432 174")],
        ),
        ("sa voiture est immatriculée GH-482-KL", [("PLAQUE", "GH-482-KL")]),
        ("une vieille voiture immatriculée 4521 TX 75", [("PLAQUE", "4521 TX 75")]),
        ("je suis née le 14 avril 1987 à Lyon", [("DATE_NAISSANCE", "14 avril 1987")]),
        ("Date de naissance : 09.08.1996", [("DATE_NAISSANCE", "09.08.1996")]),
        ("il me harcèle sur insta, c'est @kevin_dz93", [("PSEUDO", "@kevin_dz93")]),
        ("son pseudo sur snap c'est mimi75", [("PSEUDO", "mimi75")]),
        (
            "Ma fille est harcelée au collège Jean Moulin à Tourcoing.",
            [("LIEU", "collège Jean Moulin")],
        ),
    ],
)
def test_each_type(anonymiser: Anonymiser, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(anonymiser.redact(text)) == expected


def test_several_in_one_message(anonymiser: Anonymiser) -> None:
    text = (
        "Voici mes coordonnées : Thomas Nguyen, 27 boulevard Gambetta, 38000 Grenoble, "
        "04 76 12 34 56, thomas.nguyen38@orange.fr. Mon ex Julien Moreau (né le 30/01/1982) "
        "a une voiture immatriculée EX-907-PM."
    )
    redaction = anonymiser.redact(text)
    assert redaction.text == (
        "Voici mes coordonnées : <PERSONNE>, <ADRESSE>, <TÉLÉPHONE>, <EMAIL>. "
        "Mon ex <PERSONNE> (né le <DATE_NAISSANCE>) a une voiture immatriculée <PLAQUE>."
    )
    for entity in redaction.entities:
        assert text[entity.start : entity.end] == entity.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on m'a suivie jusqu'a la rue de vaugirard", [("LIEU", "rue de vaugirard")]),
        (
            "IL M A MENACE AVENUE DE LA REPUBLIQUE HIER",
            [("LIEU", "AVENUE DE LA REPUBLIQUE")],
        ),
        ("ma fille est au lycee paul valery", [("LIEU", "lycee paul valery")]),
        ("ya des tirs toutes les nuits a la cite des 3000", [("LIEU", "cite des 3000")]),
        ("agressé à la sortie du métro porte de bagnolet", [("LIEU", "métro porte de bagnolet")]),
        ("On m'a volé mon sac au Vieux-Lyon, devant le Bouchon.", [("LIEU", "Vieux-Lyon")]),
        ("les videurs du Macumba m'ont frappé", [("LIEU", "Macumba")]),
        (
            "touchée dans le RER B entre Denfert-Rochereau et Cité Universitaire",
            [("LIEU", "Denfert-Rochereau"), ("LIEU", "Cité Universitaire")],
        ),
        ("frappé à l'IUT Jean-Monnet", [("LIEU", "IUT Jean-Monnet")]),
        ("son pseudo Twitch DarkLenny et ses menaces", [("PSEUDO", "DarkLenny")]),
        ("la vendeuse c'était lea.vnd33 sur le site", [("PSEUDO", "lea.vnd33")]),
    ],
)
def test_places_and_handles_in_any_shape(
    anonymiser: Anonymiser, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(anonymiser.redact(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Je suis allée au commissariat, puis allée aux urgences.",
        "Ma sœur vit au Maroc, mon frère dans le Var, ma mère dans un village de l'Ain.",
        "J'ai gardé le certificat du Dr pour la CIVI, il date de la Toussaint.",
        "J'ai vu le site leboncoin.fr et la photo.jpg qu'il m'a envoyée.",
    ],
)
def test_place_look_alikes_stay(anonymiser: Anonymiser, text: str) -> None:
    assert anonymiser.redact(text).entities == ()


@pytest.mark.parametrize(
    "text",
    [
        "Il m'a frappée le 12 mars, j'ai appelé le 17 puis le 116 006.",
        "J'ai appelé le 112, le 114 par SMS, puis le 3919 et le 3114.",
        "Le 116006 était fermé, le 0 800 05 95 95 aussi.",
        "Depuis l'étranger j'ai appelé le +33 1 80 52 33 76, et j'ai écrit à "
        "victimes@france-victimes.fr.",
        "On m'a volé 2 300 € le 04/02/2024 vers 14h30, j'ai 34 ans.",
        "Il est poursuivi pour l'article 222-33 du code pénal, plainte n° 2023/04512.",
        "J'habite à Villeurbanne (69100), dans le 93, pas loin de Lyon.",
        "Mon mari est violent depuis 2019, il me frappe devant les enfants.",
    ],
)
def test_look_alikes_stay(anonymiser: Anonymiser, text: str) -> None:
    redaction = anonymiser.redact(text)
    assert redaction.entities == ()
    assert redaction.text == text


def test_every_resource_number_stays(anonymiser: Anonymiser) -> None:
    raw = yaml.safe_load((ROOT / "resources" / "resources.yml").read_text(encoding="utf-8"))
    numbers = [
        str(item[field])
        for section in ("emergencies", "helplines")
        for item in raw[section]
        for field in ("number", "abroad")
        if field in item
    ]
    assert {"116 006", "17", "112", "114", "3919", "3114"} <= set(numbers)
    for number in numbers:
        text = f"J'ai appelé le {number} hier soir, personne n'a répondu."
        assert anonymiser.redact(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "mon numéro de sécu c'est 2 87 04 69 123 045 95",  # wrong key
        "le virement est parti vers FR76 3000 4028 3700 0106 5432 175",  # wrong check digits
    ],
)
def test_wrong_checksums_are_not_nir_or_iban(anonymiser: Anonymiser, text: str) -> None:
    types = {entity.type for entity in anonymiser.redact(text).entities}
    assert not types & {"NIR", "IBAN"}


def test_date_of_an_event_is_no_date_of_birth(anonymiser: Anonymiser) -> None:
    text = "Il m'a agressée le 14 avril 1987 et je suis née le 3 mai 1970."
    assert found(anonymiser.redact(text)) == [("DATE_NAISSANCE", "3 mai 1970")]


@pytest.mark.parametrize(
    "text",
    [
        "Merci beaucoup. Aussi, pouvez-vous m'aider ? Violences conjugales depuis un an.",
        "JE SUIS MAIRE ET ON ME MENACE DEPUIS LES ELECTIONS",
        "C'EST UNE IA QUI ME REPOND ??",
        "on m'a frappée à la sortie d'une soirée parce que je suis trans",
        "c koi le num",
        "mon neveu a été recruté par un groupe bizarre à la fac",
        "comment écrire au procureur de la République pour porter plainte",
    ],
)
def test_words_that_are_no_names(anonymiser: Anonymiser, text: str) -> None:
    assert anonymiser.redact(text).entities == ()


def test_bot_texts_keep_their_numbers(anonymiser: Anonymiser) -> None:
    catalog = default_catalog()
    texts = []
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        domain = yaml.safe_load(path.read_text(encoding="utf-8"))
        for variants in (domain.get("responses") or {}).values():
            texts += [render_text(v["text"], catalog) for v in variants if "text" in v]
    assert len(texts) > 20
    for redaction, text in zip(anonymiser.redact_many(texts), texts, strict=True):
        for number in re.findall(r"\+?\d[\d ]*\d", text):
            assert number in redaction.text, (number, redaction.text)
