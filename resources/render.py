"""Render `{{ resource_id.field }}` placeholders in the bot's texts from the catalogue.

The bot's responses are written once, with placeholders, and rendered at training time,
so that crisis answers carry the current numbers yet need no action server.
"""

from __future__ import annotations

import re
from pathlib import Path

from resources.catalog import Catalog

PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9_]+)\.([a-z_]+)\s*\}\}")


def render_text(text: str, catalog: Catalog) -> str:
    """Replace every placeholder; an unknown resource or field raises KeyError."""
    return PLACEHOLDER.sub(lambda match: catalog[match[1]][match[2]], text)


def render_tree(source: Path, target: Path, catalog: Catalog) -> list[Path]:
    """Render every YAML file below `source` into the same place below `target`."""
    written = []
    for path in sorted(source.rglob("*.yml")):
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            rendered = render_text(path.read_text(encoding="utf-8"), catalog)
        except KeyError as error:
            raise KeyError(f"{path}: {error.args[0]}") from None
        destination.write_text(rendered, encoding="utf-8")
        written.append(destination)
    return written
