"""The place resolver on real data: names, postal codes, départements, arrondissements,
overseas places, ambiguity."""

from __future__ import annotations

import pytest

from geodata.resolver import resolve_coordinates, resolve_text


def insee(text: str, departement: str | None = None) -> str | None:
    result = resolve_text(text, departement)
    assert result.resolved, f"{text!r}: {result.status} {[p.label for p in result.candidates]}"
    return result.place.insee_code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Lyon", "69123"),
        ("LYON", "69123"),
        ("je vis à lyon depuis 2 ans", "69123"),
        ("j'habite a st etienne", "42218"),
        ("Saint-Étienne", "42218"),
        ("ST-ETIENNE", "42218"),
        ("pres de brest", "29019"),
        ("Ste Maxime", "83115"),
        ("au Havre", "76351"),
        ("le havre", "76351"),
        ("l'hay les roses", "94038"),
        ("lhay les roses", "94038"),
        ("aux Sables-d'Olonne", "85194"),
        ("Chalon s/ Saône", "71076"),
        ("Villeneuve-d'Ascq", "59009"),
        ("Cherbourg", "50129"),
        ("Meythet", "74010"),
    ],
)
def test_names_whatever_the_spelling(text: str, code: str) -> None:
    assert insee(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("marseile", "13055"),
        ("bordo", "33063"),
        ("toulouze", "31555"),
        ("strasbour", "67482"),
        ("montpelier", "34172"),
        ("clermont ferand", "63113"),
        ("aix en provance", "13001"),
        ("aubervilier", "93001"),
    ],
)
def test_common_typos(text: str, code: str) -> None:
    result = resolve_text(text)
    assert result.resolved and result.place.insee_code == code
    assert result.corrected  # the dialogue may confirm a corrected name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("75011", "75111"),
        ("75 011", "75111"),
        ("69007", "69387"),
        ("13001", "13201"),
        ("97400", "97411"),
        ("mon code postal est 35000", "35238"),
        ("Saint-Denis 93200", "93066"),
    ],
)
def test_postal_codes(text: str, code: str) -> None:
    assert insee(text) == code


def test_postal_code_of_several_communes_is_a_place_with_its_communes() -> None:
    result = resolve_text("01400")
    assert result.resolved and result.place.kind == "postal_code"
    assert result.place.departement == "01" and result.place.lat is not None
    assert len(result.communes) > 1
    assert result.query() == {
        "insee_code": None,
        "commune": None,
        "departement": "01",
        "postal_code": "01400",
    }


@pytest.mark.parametrize(
    ("text", "dep"),
    [
        ("je suis dans le 93", "93"),
        ("dans le 9-3", "93"),
        ("93", "93"),
        ("en Haute-Savoie", "74"),
        ("haute savoie", "74"),
        ("2A", "2A"),
        ("je suis en 2b", "2B"),
        ("dans l'Ain", "01"),
        ("dans la Vienne", "86"),
        ("je vis en seine st denis", "93"),
        ("je suis du 974", "974"),
        ("à la réunion", "974"),
        ("en Guyane", "973"),
        ("dans le Nord", "59"),
    ],
)
def test_departements(text: str, dep: str) -> None:
    result = resolve_text(text)
    assert result.resolved and result.place.kind == "departement"
    assert result.place.departement == dep
    assert result.query() == {"insee_code": None, "commune": None, "departement": dep}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("paris 11e", "75111"),
        ("Paris 15", "75115"),
        ("lyon 7eme", "69387"),
        ("Marseille 13e", "13213"),
        ("1er arrondissement de Lyon", "69381"),
        ("j'habite dans le 5eme arrondissement de paris", "75105"),
        ("lyon neuvieme", "69389"),
    ],
)
def test_arrondissements(text: str, code: str) -> None:
    result = resolve_text(text)
    assert result.resolved and result.place.kind == "arrondissement"
    assert result.place.insee_code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Cayenne", "97302"),
        ("Mamoudzou", "97611"),
        ("fort de france", "97209"),
        ("Pointe-à-Pitre", "97120"),
        ("Les Abymes", "97101"),
        ("au Tampon", "97422"),
        ("Saint-Denis de la Réunion", "97411"),
        ("St Pierre à la Réunion", "97416"),
        ("Saint-Pierre (974)", "97416"),
        ("Nouméa", "98818"),
        ("Marigot", "97801"),
    ],
)
def test_overseas(text: str, code: str) -> None:
    assert insee(text) == code


def test_shared_name_is_ambiguous_grouped_by_departement() -> None:
    result = resolve_text("Saint-Denis")
    assert result.ambiguous and result.place is None and result.query() is None
    groups = result.by_departement()
    assert {"93", "974"} <= set(groups)
    assert list(groups)[:2] == ["974", "93"]  # most populated first
    choices = result.departement_choices()
    assert choices[1]["label"] == "Seine-Saint-Denis (93)"
    chosen = result.choose("93")
    assert chosen.resolved and chosen.place.insee_code == "93066"
    assert insee("Saint-Denis", departement="974") == "97411"


def test_context_settles_a_shared_name() -> None:
    assert insee("saint denis 93") == "93066"
    assert insee("Saint Denis en Seine-Saint-Denis") == "93066"
    assert insee("Valence dans la Drôme") == "26362"
    assert insee("à Vienne en Isère") == "38544"
    # A name unknown in the département given: the département, not a namesake elsewhere.
    yvelines = resolve_text("je suis à Saint Quentin en Yvelines")
    assert yvelines.resolved and yvelines.place.kind == "departement"
    assert yvelines.place.departement == "78"


def test_dominant_candidate_is_offered_as_likely() -> None:
    result = resolve_text("Valence")
    assert result.ambiguous and result.likely.insee_code == "26362"
    clermont = resolve_text("Clermont")
    assert clermont.ambiguous and clermont.likely.insee_code == "63113"
    boulogne = resolve_text("Boulogne")
    assert boulogne.ambiguous and boulogne.likely is None
    assert {"92012", "62160"} <= {p.insee_code for p in boulogne.candidates}


def test_name_of_commune_and_departement() -> None:
    vienne = resolve_text("Vienne")
    assert vienne.ambiguous
    assert {(p.kind, p.departement) for p in vienne.candidates} == {
        ("commune", "38"),
        ("departement", "86"),
    }
    assert insee("à Vienne") == "38544"
    assert insee("Paris") == "75056"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "bonjour",
        "je ne sais pas",
        "j'ai été agressée dans la rue",
        "il y a eu un vol",
        "j'ai appelé le 17",
        "j'appelle du 06 12 34 56 78",
        "c'est cher",
        "<script>alert(1)</script>",
        "🙂🙂",
        "x" * 100_000,
    ],
)
def test_no_place_no_guess(text: str) -> None:
    assert resolve_text(text).status == "not_found"


def test_abroad_is_said() -> None:
    result = resolve_text("je suis en Belgique")
    assert result.status == "not_found" and result.method == "abroad"


def test_coordinates() -> None:
    result = resolve_coordinates(45.7719, 4.8902)
    assert result.resolved and result.place.kind == "coordinates"
    assert result.place.departement == "69"
    assert result.query()["insee_code"].startswith("69")
    assert resolve_text("48.8566, 2.3522").place.insee_code.startswith("751")
    assert resolve_coordinates(51.5074, -0.1278).status == "not_found"  # London
    assert resolve_coordinates(float("nan"), 2.0).status == "not_found"


def test_commune_query_payload() -> None:
    assert resolve_text("Villeurbanne").query() == {
        "insee_code": "69266",
        "commune": "Villeurbanne",
        "departement": "69",
    }
