"""Fixtures for the geodata tests: the real gazetteer (built once if missing) and a
seed directory built into a temporary folder (the active directory is never touched)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata import build, build_gazetteer, seed
from geodata.sites import Directory, read_directory


@pytest.fixture(scope="session", autouse=True)
def built() -> None:
    """Run ``python -m geodata.build`` (its work) if the gazetteer is missing or stale."""
    if not build_gazetteer.is_up_to_date() or seed.directory_state() in ("missing", "stale"):
        build.run(quiet=True)


@pytest.fixture(scope="session")
def seed_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "sites.json"
    seed.build_directory(path)
    return path


@pytest.fixture(scope="session")
def seed_directory(seed_path: Path) -> Directory:
    return read_directory(seed_path)
