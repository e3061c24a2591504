"""Importing the federation's list: validation, report, nothing half-imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geodata.import_sites import import_file, main
from geodata.sites import read_directory

HEADER = (
    "site_id,association,departement,kind,name,address,postal_code,city,phone,email,website,"
    "hours,source_url,source_year,notes,latitude,longitude\n"
)
GOOD = (
    HEADER
    + "fv-69-siege,France Victimes 69,69,siege,Siège,1 rue X,69003,Lyon,04 78 00 00 00,"
    + "contact@example.org,https://example.org,9h-17h,https://example.org/page,2024,,"
    + "45.7602,4.8490\n"
    + "fv-93-perm,IDFAV,93,permanence,Permanence,,,Saint-Denis,,,,,,,,,\n"
    + "fv-974-bav,,974,bav,BAV de Saint-Pierre,,,Saint-Pierre,,,,,,2023,,,\n"
    + "fv-91-tel,MEDIAVIPP 91,91,siege,Contact téléphonique,,,,01 60 78 84 20,,,,,,,,\n"
    + 'fv-2a-gps,Corsavem,2A,siege,"Siège, Ajaccio",,,,,,,,,,,41.9192,8.7386\n'
)
BAD_ROWS = [
    "fv-bad-1,,69,siege,,,,Lyon,,,,,,,,,\n",  # line 3: name missing
    "fv-bad-2,,99,siege,Nom,,,Lyon,,,,,,,,,\n",  # line 4: unknown département
    "fv-bad-3,,69,bureau,Nom,,,Lyon,,,,,,,,,\n",  # line 5: unknown kind
    "fv-bad-4,,69,siege,Nom,,,Lyon,12 34,,,,,,,,\n",  # line 6: phone
    "fv-bad-5,,69,siege,Nom,,75001,Lyon,,,,,,,,,\n",  # line 7: postal code of another dép.
    "fv-bad-6,,69,siege,Nom,,,Atlantis,,,,,,,,,\n",  # line 8: unknown town
    "fv-bad-7,,69,siege,Nom,,,Lyon,,,,,,,,48.85,2.35\n",  # line 9: point 390 km away
    "fv-bad-8,,69,siege,<script>x</script>,,,Lyon,,,,,,,,,\n",  # line 10: markup
    "fv-69-siege,,69,siege,Nom,,,Lyon,,,,,,,,,\n",  # line 11: duplicate site_id
    "fv-bad-9,,69,siege,Nom,,,Lyon,,,,,,1850,,,\n",  # line 12: source year
]


@pytest.fixture
def output(tmp_path: Path) -> Path:
    path = tmp_path / "sites.json"
    path.write_text('{"meta": {"origin": "import"}, "sites": []}\n')
    return path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_csv_is_imported(tmp_path: Path, output: Path) -> None:
    report = import_file(write(tmp_path, "list.csv", GOOD), output)
    assert report.written and not report.rejected_rows and not report.fatal
    directory = read_directory(output)
    assert len(directory.sites) == 5 and directory.meta["origin"] == "import"
    lyon = directory.by_id("fv-69-siege")
    assert lyon.location_precision == "address" and (lyon.lat, lyon.lon) == (45.7602, 4.849)
    assert lyon.insee_code == "69383" and lyon.source_year == "2024"  # 69003: Lyon 3e
    assert directory.by_id("fv-93-perm").insee_code == "93066"
    assert directory.by_id("fv-974-bav").insee_code == "97416"
    assert directory.by_id("fv-2a-gps").insee_code == "2A004"  # from the coordinates
    assert not directory.by_id("fv-91-tel").located
    assert any("ni commune ni coordonnées" in str(i) for i in report.issues)
    assert list(tmp_path.glob("*.tmp")) == []


def test_semicolon_csv_and_json_are_imported(tmp_path: Path, output: Path) -> None:
    semicolon = GOOD.replace(",", ";").replace('"Siège; Ajaccio"', "Siège Ajaccio")
    semicolon = semicolon.replace("45.7602;4.8490", "45,7602;4,8490")
    assert import_file(write(tmp_path, "list.csv", semicolon), output).written
    rows = [
        {"site_id": "a-1", "name": "Siège", "kind": "siege", "departement": "29", "city": "Brest"},
        {
            "site_id": "a-2",
            "name": "BAV",
            "kind": "bav",
            "departement": 75,
            "city": "Paris",
            "postal_code": "75017",
            "latitude": 48.8837,
            "longitude": 2.3261,
        },
    ]
    report = import_file(write(tmp_path, "list.json", json.dumps({"sites": rows})), output)
    assert report.written and len(read_directory(output).sites) == 2
    assert read_directory(output).by_id("a-2").insee_code == "75117"


def test_bad_rows_are_reported_with_line_field_and_reason(tmp_path: Path, output: Path) -> None:
    text = HEADER + GOOD.splitlines(keepends=True)[1] + "".join(BAD_ROWS)
    report = import_file(write(tmp_path, "list.csv", text), output)
    assert report.rejected_rows == list(range(3, 13))
    by_line = {i.row: (i.field, i.reason) for i in report.issues if i.severity == "rejet"}
    assert by_line[3] == ("name", "obligatoire")
    assert by_line[4][0] == "departement"
    assert by_line[5][0] == "kind"
    assert by_line[6][0] == "phone"
    assert by_line[7][0] == "postal_code"
    assert by_line[8][0] == "city" and "introuvable" in by_line[8][1]
    assert by_line[9][0] == "latitude/longitude"
    assert by_line[10] == ("name", "balise HTML ou script interdit")
    assert by_line[11] == ("site_id", "déjà utilisé ligne 2")
    assert by_line[12][0] == "source_year"
    text_report = report.format()
    assert "ligne 8 [fv-bad-6] · city : commune « Atlantis » introuvable" in text_report
    # Not strict: the valid row is imported, the others are not.
    assert report.written and [s.site_id for s in read_directory(output).sites] == ["fv-69-siege"]


def test_strict_mode_writes_nothing(tmp_path: Path, output: Path) -> None:
    before = output.read_bytes()
    text = GOOD + BAD_ROWS[0]
    report = import_file(write(tmp_path, "list.csv", text), output, strict=True)
    assert not report.written and report.fatal.startswith("mode strict")
    assert output.read_bytes() == before
    assert list(tmp_path.glob("*.tmp")) == []


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("empty.csv", "", "vide"),
        ("cols.csv", "id,nom\n1,x\n", "colonnes obligatoires absentes"),
        ("bad.json", "{not json", "JSON illisible"),
        ("list.json", '{"rows": []}', "liste de lieux"),
        ("list.xlsx", "PK...", "extension"),
        ("none.csv", HEADER + BAD_ROWS[0], "aucune ligne valide"),
    ],
)
def test_unusable_files_write_nothing(
    tmp_path: Path, output: Path, name: str, text: str, reason: str
) -> None:
    before = output.read_bytes()
    report = import_file(write(tmp_path, name, text), output)
    assert not report.written and reason in report.fatal
    assert output.read_bytes() == before


def test_command_line(tmp_path: Path, output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "good.csv", GOOD)
    bad = write(tmp_path, "bad.csv", GOOD + BAD_ROWS[2])
    assert main([str(good), "--output", str(output)]) == 0
    assert main([str(bad), "--output", str(output), "--strict"]) == 1
    assert "Rien n'a été écrit" in capsys.readouterr().out
    assert main([str(bad), "--output", str(output), "--report-json", str(tmp_path / "r.json")]) == 2
    assert json.loads((tmp_path / "r.json").read_text())["rejected_rows"] == [7]
    assert main([str(good), "--output", str(output), "--dry-run"]) == 0


def test_merge_keeps_other_sites(tmp_path: Path, output: Path) -> None:
    import_file(write(tmp_path, "a.csv", GOOD), output)
    update = HEADER + "fv-93-perm,IDFAV,93,permanence,Nouveau nom,,,Saint-Denis,,,,,,,,,\n"
    import_file(write(tmp_path, "b.csv", update), output, merge=True)
    sites = read_directory(output)
    assert len(sites.sites) == 5 and sites.by_id("fv-93-perm").name == "Nouveau nom"
