"""The NLU lookup tables."""

from __future__ import annotations

from pathlib import Path

import yaml

from geodata.lookup import write_lookup_table


def test_lookup_table_for_rasa(tmp_path: Path) -> None:
    path = tmp_path / "nlu" / "lookup_places.yml"
    counts = write_lookup_table(path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["version"] == "3.1"
    tables = {t["lookup"]: t["examples"].splitlines() for t in doc["nlu"]}
    communes = {line.removeprefix("- ") for line in tables["commune"]}
    deps = {line.removeprefix("- ") for line in tables["departement"]}
    assert len(communes) == counts["commune"] > 34_000
    assert {"Saint-Étienne", "Saint-Etienne", "Le Havre", "L'Haÿ-les-Roses", "Nouméa"} <= communes
    assert {"Seine-Saint-Denis", "Haute-Savoie", "Corse-du-Sud", "Cotes-d'Armor"} <= deps


def test_lookup_table_can_be_limited(tmp_path: Path) -> None:
    counts = write_lookup_table(tmp_path / "big.yml", min_population=20_000, commune_entity="ville")
    assert 400 < counts["ville"] < 1500
    assert "- lookup: ville" in (tmp_path / "big.yml").read_text(encoding="utf-8")
