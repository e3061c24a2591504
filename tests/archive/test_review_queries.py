"""The review's queries on SQLite and a real PostgreSQL: filters, search, dashboard,
corrections and CSV (the console's tests go through its pages, on SQLite)."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from archive_samples import Archive, march_2025
from sqlalchemy.engine import Engine

from archive.review import (
    Filters,
    conversation,
    correct_intent,
    corrections_as_nlu,
    csv_rows,
    dashboard,
    listing,
)


@pytest.fixture
def march(engine: Engine) -> dict[str, int]:
    chats = march_2025()
    archive = Archive(engine.url.render_as_string(hide_password=False))
    return dict(zip(chats, archive.add(*chats.values()), strict=True))


def found(engine: Engine, **query: str) -> set[int]:
    return {summary.id for summary in listing(engine, Filters.parse(query)).conversations}


def test_filters_and_search(engine: Engine, march: dict[str, int]) -> None:
    assert found(engine) == set(march.values())
    assert found(engine, situation="harassment") == {march["harassment"]}
    assert found(engine, crisis="yes") == {march["crisis"]}
    assert found(engine, handoff="no") == {march["domestic"], march["theft"]}
    assert found(engine, fallback="yes", channel="rest") == {march["theft"]}
    # 23:30 UTC on the 5th is the 6th in Paris.
    assert found(engine, **{"from": "2025-03-06", "to": "2025-03-06"}) == {
        march["crisis"],
        march["theft"],
    }
    # Case-insensitive, accented letters included, on both engines.
    assert found(engine, q="MÉTRO") == {march["theft"]}
    assert found(engine, q="<personne>") >= {march["domestic"]}
    assert found(engine, q="Léa Martin") == set()


def test_dashboard(engine: Engine, march: dict[str, int]) -> None:
    figures = dashboard(engine, Filters())
    assert (figures.total, figures.crisis) == (4, 1)
    assert (figures.handoff_rate, figures.fallback_rate) == (0.5, 0.25)
    assert dict(figures.per_day)[date(2025, 3, 6)] == 2
    assert dict(figures.per_departement) == {"69": 1, "75": 1, None: 2}
    assert dict(figures.per_situation)["harassment"] == 1
    assert dict(figures.hours)[0] == 1  # the crisis began at 00:30 in Paris


def test_corrections_become_nlu_data_and_csv_rows_stay_inert(
    engine: Engine, march: dict[str, int]
) -> None:
    said = [t for t in conversation(engine, march["theft"]).turns if t.by_user]
    assert correct_intent(engine, said[0].id, "request_human", 7) == march["theft"]
    nlu = yaml.safe_load(corrections_as_nlu(engine))
    assert nlu["nlu"] == [{"intent": "request_human", "examples": "- jsp quoi faire\n"}]
    rows = list(csv_rows(engine, Filters.parse({"situation": "theft_burglary"})))
    assert rows[1][:2] == [str(march["theft"]), "rest"]
    assert len(rows) == 2
