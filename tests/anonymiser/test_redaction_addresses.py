"""The anonymiser on addresses and named places in the shapes people write them, and on
what looks like them but must stay (communes, services, numbers, roads, bus lines)."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser, Redaction


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return Anonymiser()


def found(
    redaction: Redaction, kinds: tuple[str, ...] = ("ADRESSE", "LIEU")
) -> list[tuple[str, str]]:
    return [(entity.type, entity.value) for entity in redaction.entities if entity.type in kinds]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # Street types and their abbreviations.
        ("Il habite 12 r. de la Paix, 75002 Paris.", "12 r. de la Paix, 75002 Paris"),
        ("Le local est au 45 bd Gambetta, 06000 Nice.", "45 bd Gambetta, 06000 Nice"),
        ("Elle loge 3 ch. des Prés, 38000 Grenoble.", "3 ch. des Prés, 38000 Grenoble"),
        ("Je suis au 26 allées Jean-Jaurès à Toulouse.", "26 allées Jean-Jaurès"),
        ("Ma fille habite 45 Grande Rue à Besançon.", "45 Grande Rue"),
        # House numbers: bis and ter, a comma, a range, "n°", in words, "de la".
        ("Mon adresse : 3 ter, impasse des Roses", "3 ter, impasse des Roses"),
        ("il habite au 12-14 rue Victor Hugo, 69002 Lyon", "12-14 rue Victor Hugo, 69002 Lyon"),
        ("le magasin au n°4 de la rue Gambetta a brûlé", "n°4 de la rue Gambetta"),
        ("J'habite au quatorze avenue Foch et il m'attend en bas.", "quatorze avenue Foch"),
        ("J'habite au 11 bis de l'avenue des Tilleuls", "11 bis de l'avenue des Tilleuls"),
        # Building, staircase, floor and flat, before or after the street.
        (
            "J'habite Bat 4 esc B 2eme etage porte droite, 15 rue des Iris.",
            "Bat 4 esc B 2eme etage porte droite, 15 rue des Iris",
        ),
        ("il est venu au 1er étage, 3 rue Pasteur", "1er étage, 3 rue Pasteur"),
        (
            "On m'a écrit au 5 allée Marcel Pagnol, RDC, 13013 Marseille.",
            "5 allée Marcel Pagnol, RDC, 13013 Marseille",
        ),
        (
            "Courrier : Résidence Les Pins, Bât A, Esc 3, Apt 12, 13090 Aix-en-Provence",
            "Résidence Les Pins, Bât A, Esc 3, Apt 12, 13090 Aix-en-Provence",
        ),
        (
            "Immeuble Les Cèdres, 4 rue Jean Moulin, 13001 Marseille",
            "Immeuble Les Cèdres, 4 rue Jean Moulin, 13001 Marseille",
        ),
        # Résidence, lotissement, hameau, lieu-dit, named houses and farms.
        (
            "J'habite lotissement Les Hauts du Lac, lot 17, 38300 Bourgoin-Jallieu.",
            "lotissement Les Hauts du Lac, lot 17, 38300 Bourgoin-Jallieu",
        ),
        ("mon père habite lieu dit Kerbrat, 29270 Carhaix.", "lieu dit Kerbrat, 29270 Carhaix"),
        ("Adresse : Ferme de la Combe, 39300 Champagnole", "Ferme de la Combe, 39300 Champagnole"),
        ("Lettre reçue aux Granges Hautes, 43150 Laussonne.", "Granges Hautes, 43150 Laussonne"),
        ("Cambriolage au Mas des Cigales, route de Nîmes.", "Mas des Cigales, route de Nîmes"),
        ("ma tante habite Morne Rouge, 97260 Le Morne-Rouge", "Morne Rouge, 97260 Le Morne-Rouge"),
        ("jhabite res les acacias bat 2 et il me suit", "res les acacias bat 2"),
        (
            "ma mère habite Les Jardins du Lac, appartement 8, et on la vole",
            "Les Jardins du Lac, appartement 8",
        ),
        ("je loge au foyer Les Oliviers, chambre 12.", "foyer Les Oliviers, chambre 12"),
        # Postal boxes, several parts, postcode and commune, a letter's lines.
        ("Écrivez-moi BP 512, 97110 Pointe-à-Pitre.", "BP 512, 97110 Pointe-à-Pitre"),
        (
            "Envoyé au 8 cours Mirabeau, CS 40012, 13100 Aix-en-Provence Cedex 1.",
            "8 cours Mirabeau, CS 40012, 13100 Aix-en-Provence Cedex 1",
        ),
        (
            "Gérard Blanc\n4, allée des Saules\n21000 Dijon",
            "4, allée des Saules\n21000 Dijon",
        ),
        ("14 RUE DES LILAS 75019 PARIS ET IL M'ATTEND", "14 RUE DES LILAS 75019 PARIS"),
        (
            "Domicile : 5, impasse des Lilas \u2013 30000 Nîmes",
            "5, impasse des Lilas \u2013 30000 Nîmes",
        ),
        (
            "je vis Cité Bon Air, bâtiment 7, Fort-de-France.",
            "Cité Bon Air, bâtiment 7, Fort-de-France",
        ),
        # Overseas forms.
        (
            "mi rest chemin Grand Fond, 97490 Sainte-Clotilde",
            "chemin Grand Fond, 97490 Sainte-Clotilde",
        ),
        ("chez ma cousine section Pérou, 97129 Lamentin.", "section Pérou, 97129 Lamentin"),
        ("j'habite PK 8,2 côté mer, Paea.", "PK 8,2 côté mer, Paea"),
        # A street without a number where someone lives.
        ("il est chez son père route de Bastia à Corte.", "route de Bastia"),
        ("jhabite rte de Quimper a Brest", "rte de Quimper"),
        ("elle vit à Mamoudzou rue du Marché, Kawéni.", "rue du Marché, Kawéni"),
        ("il m'attend devant chez moi, impasse des Roses.", "impasse des Roses"),
    ],
)
def test_addresses(anonymiser: Anonymiser, text: str, address: str) -> None:
    assert ("ADRESSE", address) in found(anonymiser.redact(text))


def test_a_phone_after_the_commune_is_no_postcode(anonymiser: Anonymiser) -> None:
    text = "Lucie Roy, 12, avenue de la Gare, 38500 Voiron, 0612459870."
    assert found(anonymiser.redact(text), ("ADRESSE", "TELEPHONE")) == [
        ("ADRESSE", "12, avenue de la Gare, 38500 Voiron"),
        ("TELEPHONE", "0612459870"),
    ]


def test_two_addresses_stay_apart(anonymiser: Anonymiser) -> None:
    text = "On a déménagé du 3 rue des Lilas au 14 chemin du Lavoir."
    assert found(anonymiser.redact(text)) == [
        ("ADRESSE", "3 rue des Lilas"),
        ("ADRESSE", "14 chemin du Lavoir"),
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("J'ai été agressée au métro Barbès.", "métro Barbès"),
        ("Il me suit du tram Part-Dieu jusqu'à chez moi.", "tram Part-Dieu"),
        ("Il m'a frappée au PMU Le Balto.", "PMU Le Balto"),
        ("Le bar-tabac Le Narval a été braqué.", "bar-tabac Le Narval"),
        ("On s'est battus à la guinguette des Iles.", "guinguette des Iles"),
        ("Vol de sac près de la fontaine des Quatre-Saisons.", "fontaine des Quatre-Saisons"),
        ("Il m'a suivie depuis l'amphi Pasteur.", "amphi Pasteur"),
        ("On m'a volé ma valise au Terminal 2F.", "Terminal 2F"),
        ("Il se baigne nu au lac du Bourget.", "lac du Bourget"),
        (
            "Il vend de la drogue devant le Franprix de la rue Oberkampf.",
            "Franprix de la rue Oberkampf",
        ),
        ("On a été agressés au Zénith.", "Zénith"),
        ("un vol au McDo de la gare samedi", "McDo de la gare"),
        ("Il vole au Monoprix Bastille tous les jours.", "Monoprix Bastille"),
        ("on ma agressé au lycee victor hugo", "lycee victor hugo"),
        ("j'ai été suivie depuis la gare saint-lazare", "gare saint-lazare"),
        ("AGRESSION AU COLLEGE PABLO NERUDA", "COLLEGE PABLO NERUDA"),
    ],
)
def test_named_places(anonymiser: Anonymiser, text: str, place: str) -> None:
    assert ("LIEU", place) in found(anonymiser.redact(text))


def test_stations_named_alone(anonymiser: Anonymiser) -> None:
    text = "Il m'a touchée entre Gare de Lyon et Bastille, il est descendu à Bastille."
    assert found(anonymiser.redact(text)) == [
        ("LIEU", "Gare de Lyon"),
        ("LIEU", "Bastille"),
        ("LIEU", "Bastille"),
    ]


def test_services_named_by_their_commune_stay(anonymiser: Anonymiser) -> None:
    text = "La soirée était à la salle des fêtes de Lagord, la gendarmerie de Marigot est venue."
    assert anonymiser.redact(text).entities == ()


@pytest.mark.parametrize(
    "text",
    [
        "Je suis à la rue depuis 3 mois, le 115 ne répond pas.",
        "On s'est retrouvés dans une impasse avec mon avocat, l'audience est le 3 juin.",
        "Il m'a suivie dans le bus 38 puis sur la ligne T2 jusqu'au terminus.",
        "J'habite à Lyon dans le 8e, pas loin de la gare.",
        "On a eu un accident sur l'A7 près de Valence, puis sur la N20.",
        "Mon mari a 3 maisons et 2 voitures, il cache tout.",
        "J'ai reçu 4 mails de menaces hier, il écrit tous les jours.",
        "Le voisin du 2e étage fait du bruit toute la nuit.",
        "Il y a 2 rues plus loin un bar où ils traînent.",
        "Il m'attend devant chez moi tous les soirs à 18h.",
        "Elle vit chez son père depuis le divorce, je ne la vois plus.",
        "Le 30 rue n'est pas éclairé, j'ai peur le soir.",
        "Mon ex habite à 2 rues de chez moi et passe tous les jours.",
        "On m'a volé ma voiture sur un parking près de la gare à Bobigny.",
        "J'ai appelé le 17 puis le 3919 et le 116 006, plainte n° 2024/00123.",
        "Il m'a volé 1 200 euros le 12 mars 2024 au titre de l'article 222-33.",
        "JE SUIS AU COLLEGE ET JE ME FAIS TAPER",
        "on est allé au parc municipal hier, au city stade derrière la mairie",
        "au college ptn jen peux plus",
    ],
)
def test_look_alikes_stay(anonymiser: Anonymiser, text: str) -> None:
    assert anonymiser.redact(text).entities == ()
