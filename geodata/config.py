"""File locations and the small data/config files under ``geodata/data``."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
SEED_DIR = PACKAGE_DIR / "seed"


def build_dir() -> Path:
    """Where derived files live (not committed); ``GEODATA_BUILD_DIR`` overrides it."""
    return Path(os.environ.get("GEODATA_BUILD_DIR", PACKAGE_DIR / "build"))


def gazetteer_path() -> Path:
    return build_dir() / "gazetteer.json"


def sites_path() -> Path:
    """The active site directory; ``GEODATA_SITES_FILE`` overrides it."""
    return Path(os.environ.get("GEODATA_SITES_FILE", build_dir() / "sites.json"))


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    with open(DATA_DIR / "settings.json", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    with open(DATA_DIR / "lexicon.json", encoding="utf-8") as fh:
        return json.load(fh)
