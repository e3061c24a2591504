"""Prepare the training inputs (domain, place lookup table) and train when they changed."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import geodata.build
from geodata.lookup import write_lookup_table
from launcher.settings import ROOT, Settings
from resources import default_catalog, render_tree

CONFIG = ROOT / "bot" / "config.yml"
DOMAIN_TEMPLATES = ROOT / "bot" / "domain"
WRITTEN_DATA = (ROOT / "data" / "nlu", ROOT / "bot" / "data")
MODEL_PREFIX = "assistant-"
# Communes in the NLU lookup table: the larger ones (the resolver knows all of them).
LOOKUP_MIN_POPULATION = 2000


def build_inputs(settings: Settings) -> tuple[Path, tuple[Path, ...]]:
    """Render the domain and generate the derived training data: (domain, data folders).

    Also builds the gazetteer and the site directory, which the lookup tables and the
    action server need.
    """
    geodata.build.run(quiet=True)
    target = settings.build_dir / "domain"
    for stale in target.rglob("*.yml") if target.exists() else ():
        stale.unlink()
    render_tree(DOMAIN_TEMPLATES, target, default_catalog())
    generated = settings.build_dir / "nlu"
    write_lookup_table(generated / "places_lookup.yml", min_population=LOOKUP_MIN_POPULATION)
    return target, (*WRITTEN_DATA, generated)


def training_fingerprint(domain: Path, data: tuple[Path, ...]) -> str:
    """A hash of everything the model is trained from."""
    digest = hashlib.sha256()
    files = [CONFIG, *sorted(domain.rglob("*.yml"))]
    files += [path for folder in data for path in sorted(folder.rglob("*.yml"))]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_model(settings: Settings) -> Path:
    """The model for the current inputs, trained first if there is none."""
    domain, data = build_inputs(settings)
    name = MODEL_PREFIX + training_fingerprint(domain, data)
    model = settings.models_dir / f"{name}.tar.gz"
    if not model.exists():
        print(f"Training a model ({model.name}); this takes a few minutes.", flush=True)
        out = ["--out", str(settings.models_dir), "--fixed-model-name", name]
        command = [sys.executable, "-m", "rasa", "train", *rasa_paths(domain, data), *out]
        subprocess.run(command, cwd=ROOT, check=True)
    return model


def rasa_paths(domain: Path, data: tuple[Path, ...]) -> list[str]:
    """The config, domain and data arguments of Rasa's commands."""
    return ["--config", str(CONFIG), "--domain", str(domain), "--data", *map(str, data)]
