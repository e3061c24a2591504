"""The anonymiser on the wording of the third development set: first names without a cue,
titles in lowercase, misspelt cues, signatures, address forms and places below the
commune; and the look-alikes that must stay (saints, public services of a commune)."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser, Redaction, default_anonymiser


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return default_anonymiser()


def found(redaction: Redaction) -> list[tuple[str, str]]:
    return [(entity.type, entity.value) for entity in redaction.entities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hier soir Kenza m'a raconté ce qu'il lui fait", [("PERSONNE", "Kenza")]),
        (
            "Sarah, Inès et Maëlle la harcèlent",
            [("PERSONNE", "Sarah"), ("PERSONNE", "Inès"), ("PERSONNE", "Maëlle")],
        ),
        ("slt c enzo jai 14 ans", [("PERSONNE", "enzo")]),
        ("marie-claire ma belle-mère m'insulte", [("PERSONNE", "marie-claire")]),
        ("le prof de maths, monsieur Garnier, me touche", [("PERSONNE", "Garnier")]),
        ("Mme Da Silva Pereira a tout vu", [("PERSONNE", "Da Silva Pereira")]),
        ("Mlle Petit, la surveillante, a vu la scène", [("PERSONNE", "Petit")]),
        ("Mr Dupont m'a menacée", [("PERSONNE", "Dupont")]),
        ("Il s'agit de M. et Mme Roussel, les propriétaires", [("PERSONNE", "Roussel")]),
        ("mon ex sa sapel dylan", [("PERSONNE", "dylan")]),
        ("mon beau pere sappelle christophe", [("PERSONNE", "christophe")]),
        ("l'entraineur s'appelle m. bernard", [("PERSONNE", "bernard")]),
        ("bjr mon mec (ryan) ma frappé", [("PERSONNE", "ryan")]),
        ("mamie josette s'est fait voler", [("PERSONNE", "josette")]),
        ("moi c inaya et jai peur", [("PERSONNE", "inaya")]),
        ("Je ne sais plus quoi faire. Merci d'avance, Nathalie", [("PERSONNE", "Nathalie")]),
        ("Nom: Durand, prénom: Kevin", [("PERSONNE", "Durand"), ("PERSONNE", "Kevin")]),
    ],
)
def test_names(anonymiser: Anonymiser, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(anonymiser.redact(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'habite au 5 de la rue des Tanneurs", [("ADRESSE", "5 de la rue des Tanneurs")]),
        ("il habite rue des Peupliers n°12 à Bourges", [("ADRESSE", "rue des Peupliers n°12")]),
        ("Adresse : 69003 Lyon, 48 cours Gambetta", [("ADRESSE", "69003 Lyon, 48 cours Gambetta")]),
        (
            "Bât C, esc 2, 4e étage, porte 41, 18 avenue Pablo Picasso, 92000 Nanterre",
            [
                (
                    "ADRESSE",
                    "Bât C, esc 2, 4e étage, porte 41, 18 avenue Pablo Picasso, 92000 Nanterre",
                )
            ],
        ),
        (
            "des tags sur ma porte au 31 rue des Marronniers",
            [("ADRESSE", "31 rue des Marronniers")],
        ),
        ("il squatte au 3ème étage du 7 rue Danton", [("ADRESSE", "7 rue Danton")]),
        ("c'est au 56 rue de la Paix, 3e gauche", [("ADRESSE", "56 rue de la Paix, 3e gauche")]),
        (
            "4 rue des Acacias, Résidence Le Parc, Apt 208",
            [("ADRESSE", "4 rue des Acacias, Résidence Le Parc, Apt 208")],
        ),
        ("j'habite 6 r. de la Gare apt 3", [("ADRESSE", "6 r. de la Gare apt 3")]),
        ("je vis chemin de la Garenne, au bout", [("ADRESSE", "chemin de la Garenne")]),
        ("je vis res. Les Lilas bat 3", [("ADRESSE", "res. Les Lilas bat 3")]),
        ("elle vit au 2 lotissement du Bois Joli", [("ADRESSE", "2 lotissement du Bois Joli")]),
        (
            "adresse : 9 rue Jean-Jaurès - 13001 Marseille",
            [("ADRESSE", "9 rue Jean-Jaurès - 13001 Marseille")],
        ),
    ],
)
def test_addresses(anonymiser: Anonymiser, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(anonymiser.redact(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("au tabac-presse Le Diplomate", [("LIEU", "tabac-presse Le Diplomate")]),
        ("serveuse au bistrot Le Zinc", [("LIEU", "bistrot Le Zinc")]),
        ("dans l'ascenseur de la tour Montparnasse", [("LIEU", "tour Montparnasse")]),
        ("au marché aux puces de Saint-Ouen", [("LIEU", "marché aux puces de Saint-Ouen")]),
        ("il bosse dans la ZI des Sables", [("LIEU", "ZI des Sables")]),
        ("je suis soignée au CHU Purpan", [("LIEU", "CHU Purpan")]),
        ("le chef de magasin, Franck, me touche", [("PERSONNE", "Franck")]),
        ("dans le hall du lycée Romain Rolland", [("LIEU", "lycée Romain Rolland")]),
        ("à la maternelle Jules Ferry", [("LIEU", "maternelle Jules Ferry")]),
        ("il s'exhibe au bois de Vincennes", [("LIEU", "bois de Vincennes")]),
    ],
)
def test_places(anonymiser: Anonymiser, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(anonymiser.redact(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "j'habite a st etienne depuis 2010",
        "c'est à Saint Louis que ça s'est passé",
        "quelqu'un a dessiné une étoile de David barrée sur ma porte",
        "Le médecin du CHU de Nantes a fait un signalement",
        "un faux conseiller de la Banque Postale m'a appelée",
        "Est-ce qu'il y a une permanence à la mairie de Vénissieux ?",
        "Madame, Monsieur, je vous écris au sujet de ma plainte",
        "monsieur le maire n'a rien fait",
        "mon fils se fait taper au city stade",
        "j'ai acheté une console sur Vinted",
        "son Ehpad ne répond jamais au téléphone",
        "moi c pas grave mais ma soeur a peur",
        "une table en bois et je suis en primaire",
    ],
)
def test_look_alikes_stay(anonymiser: Anonymiser, text: str) -> None:
    assert found(anonymiser.redact(text)) == []
