"""The anonymiser on varied wording: places below the commune, handles, address forms,
names after relations, titles, misspelt cues or no cue (known first names), signatures,
text without accents, and the look-alikes that must stay (saints, a commune's public
services)."""

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
        ("je bosse chez Leclerc en caisse", [("LIEU", "Leclerc")]),
        ("ça s'est passé au McDo de la gare", [("LIEU", "McDo de la gare")]),
        (
            "je travaille au Carrefour de la zone commerciale",
            [("LIEU", "Carrefour de la zone commerciale")],
        ),
        ("j'étais au Burger King de Bercy", [("LIEU", "Burger King de Bercy")]),
        ("il m'attend à la sortie du metro Barbès", [("LIEU", "metro Barbès")]),
        ("harcelée devant le college Daudet", [("LIEU", "college Daudet")]),
        ("au marché de Wazemmes le dimanche", [("LIEU", "marché de Wazemmes")]),
        ("soignée à l'hôpital Édouard-Herriot", [("LIEU", "hôpital Édouard-Herriot")]),
        ("dans la cité des 3000 à Aulnay", [("LIEU", "cité des 3000")]),
        ("on vit au quartier du Mirail", [("LIEU", "quartier du Mirail")]),
        ("à l'IME Les Papillons", [("LIEU", "IME Les Papillons")]),
        (
            "des tags sur la synagogue de la rue Pavée",
            [("LIEU", "synagogue de la rue Pavée")],
        ),
        (
            "la vendeuse de la boulangerie Paul rue Mercière",
            [("LIEU", "boulangerie Paul rue Mercière")],
        ),
        (
            "au salon de coiffure Tendance Coiffure",
            [("LIEU", "salon de coiffure Tendance Coiffure")],
        ),
        ("il s'est masturbé dans le tram place Bellecour", [("LIEU", "place Bellecour")]),
        ("agressée rue de la République vers minuit", [("LIEU", "rue de la République")]),
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
    ("text", "expected"),
    [
        ("Ma soeur vit impasse des Roses avec lui", [("ADRESSE", "impasse des Roses")]),
        ("ils habitent chemin des vignes", [("ADRESSE", "chemin des vignes")]),
        ("il habite 31 rte de Bordeaux", [("ADRESSE", "31 rte de Bordeaux")]),
        ("j'habite 5 sq. des Acacias", [("ADRESSE", "5 sq. des Acacias")]),
        (
            "Il vit au 8 av. Foch, bât B apt 12, 94100 Saint-Maur.",
            [("ADRESSE", "8 av. Foch, bât B apt 12, 94100 Saint-Maur")],
        ),
        (
            "mon adresse c 45 bd de la Liberté 13001 marseille si possible",
            [("ADRESSE", "45 bd de la Liberté 13001 marseille")],
        ),
        (
            "adresse : 27 rue du Général de Gaulle, Bât. D, 3e étage",
            [("ADRESSE", "27 rue du Général de Gaulle, Bât. D, 3e étage")],
        ),
        ("je loge au 14 cité Jardin, escalier 2", [("ADRESSE", "14 cité Jardin, escalier 2")]),
        ("Écrivez à : BP 45, 97300 Cayenne", [("ADRESSE", "BP 45, 97300 Cayenne")]),
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
        ("son insta c'est jade.du.69", [("PSEUDO", "jade.du.69")]),
        ("Pseudo : xXdarkangelXx sur Discord", [("PSEUDO", "xXdarkangelXx")]),
        ("menacé sur Discord par Shadow#1234", [("PSEUDO", "Shadow#1234")]),
        ("le gars sur Vinted s'appelait sneakers_lover31", [("PSEUDO", "sneakers_lover31")]),
        ("un compte tiktok qui s'appelle lefou2banlieue", [("PSEUDO", "lefou2banlieue")]),
        ("le profil https://www.instagram.com/sarah_b_off/ ", [("PSEUDO", "sarah_b_off")]),
        ("il se fait appeler BigBoss75 sur Fortnite", [("PSEUDO", "BigBoss75")]),
    ],
)
def test_handles(anonymiser: Anonymiser, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(anonymiser.redact(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C'est son pote Enzo qui a filmé", [("PERSONNE", "Enzo")]),
        ("ma soeur se fait taper par son mari franck", [("PERSONNE", "franck")]),
        ("Mon ex, Kevin Da Silva, est revenu", [("PERSONNE", "Kevin Da Silva")]),
        ("mon beau-frère, qu'on appelle Doudou, boit", [("PERSONNE", "Doudou")]),
        ("Bonjour Léa Martin, je vous rappelle demain.", [("PERSONNE", "Léa Martin")]),
        ("nee le 8/6/88 a Roubaix", [("DATE_NAISSANCE", "8/6/88")]),
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
def test_names_and_birth_dates(
    anonymiser: Anonymiser, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(anonymiser.redact(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "on était au marché de Noël quand il a commencé à tirer",
        "une voiture m'a renversée sur le parking du supermarché",
        "des jeunes ont brûlé ma voiture sur le parking de la cité",
        "le numéro marche aussi depuis la Guadeloupe ?",
        "c'est quoi l'adresse mail pour vous écrire",
        "UN MEC M'A FRAPPE DANS LA RUE J'AI LE VISAGE EN SANG",
        "chui dégouté on m'a volé mon tel dans le bus",
        "mon frere sest fait tuer par un chauffard",
        "sur Amazon j'ai commandé un téléphone qui n'est jamais arrivé",
        "Sur Facebook quelqu'un a créé un faux profil, Facebook ne répond pas.",
        "je suis allée à la gendarmerie de Meaux puis au tribunal de Bobigny",
        "Ma fille a été harcelée sur Snapchat et sur Instagram.",
        "Mon fils de 12 ans est menacé par un certain garçon de sa classe.",
        "on m'a volé mon tel dans le bus 38 et sur l'autoroute A7",
        "Bonjour France Victimes, est-ce que vous pouvez m'aider ?",
        "Bonjour Est-ce que c'est ouvert ?",
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
    assert anonymiser.redact(text).entities == ()
