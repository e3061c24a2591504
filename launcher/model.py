"""Render the domain from the resources, and train a model when its inputs changed."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from launcher.settings import ROOT, Settings
from resources import default_catalog, render_tree

CONFIG = ROOT / "bot" / "config.yml"
DOMAIN_TEMPLATES = ROOT / "bot" / "domain"
TRAINING_DATA = (ROOT / "data" / "nlu", ROOT / "bot" / "data")
MODEL_PREFIX = "assistant-"


def render_domain(settings: Settings) -> Path:
    """Render `bot/domain` with the numbers and hours of the resources file."""
    target = settings.build_dir / "domain"
    for stale in target.rglob("*.yml") if target.exists() else ():
        stale.unlink()
    render_tree(DOMAIN_TEMPLATES, target, default_catalog())
    return target


def training_fingerprint(domain: Path) -> str:
    """A hash of everything the model is trained from."""
    digest = hashlib.sha256()
    files = [CONFIG, *sorted(domain.rglob("*.yml"))]
    files += [path for folder in TRAINING_DATA for path in sorted(folder.rglob("*.yml"))]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_model(settings: Settings) -> Path:
    """The model for the current inputs, trained first if there is none."""
    domain = render_domain(settings)
    name = MODEL_PREFIX + training_fingerprint(domain)
    model = settings.models_dir / f"{name}.tar.gz"
    if not model.exists():
        print(f"Training a model ({model.name}); this takes a few minutes.", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "rasa",
                "train",
                *rasa_paths(domain),
                "--out",
                str(settings.models_dir),
                "--fixed-model-name",
                name,
            ],
            cwd=ROOT,
            check=True,
        )
    return model


def rasa_paths(domain: Path) -> list[str]:
    """The config, domain and data arguments of Rasa's commands."""
    return [
        "--config",
        str(CONFIG),
        "--domain",
        str(domain),
        "--data",
        *(str(folder) for folder in TRAINING_DATA),
    ]
