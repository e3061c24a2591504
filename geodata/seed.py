"""The seed directory: ``seed/sites.csv`` (sites read on public pages) merged with
``seed/bav_tribunaux.csv`` (one BAV per tribunal judiciaire), located, validated."""

from __future__ import annotations

import csv
import hashlib
import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from geodata import build_gazetteer
from geodata.config import SEED_DIR, sites_path
from geodata.sites import SOURCE_FIELDS, Site, write_directory
from geodata.text import normalize
from geodata.validate import REJECT, Issue, RowValidator

SEED_FILES = ("sites.csv", "bav_tribunaux.csv")
_CODE_FILES = ("seed.py", "validate.py", "locate.py", "sites.py")


@dataclass
class SeedResult:
    total: int
    located: int
    issues: list[Issue] = field(default_factory=list)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _name_key(name: str) -> str:
    return normalize(name).replace(" de ", " d ")


def merge_rows(
    site_rows: list[dict[str, str]], bav_rows: list[dict[str, str]]
) -> list[dict[str, str]]:
    """One row per distinct site. A ``bav`` row of sites.csv and the tribunal row of the same
    town and département are one site: the richer (sites.csv) row's values win, empty ones
    are filled from the tribunal row, and both sources are kept."""
    tribunals = {(r["departement"], normalize(r["city"])): r for r in bav_rows}
    used: set[str] = set()
    merged: list[dict[str, str]] = []
    for row in site_rows:
        tj = tribunals.get((row["departement"], normalize(row["city"])))
        if row["kind"] != "bav" or tj is None or tj["site_id"] in used:
            merged.append(dict(row))
            continue
        used.add(tj["site_id"])
        out = {k: row.get(k) or tj.get(k, "") for k in SOURCE_FIELDS}
        out["source_url"], out["source_year"] = row["source_url"], row["source_year"]
        if _name_key(row["name"]) == _name_key(tj["name"]):
            out["name"] = tj["name"]  # same words, the law's spelling ("d'Albertville")
        out["notes"] = " / ".join(n for n in (row["notes"], tj["notes"]) if n)
        other = {k: tj[k] for k in ("site_id", "source_url", "source_year")}
        out["_other_source"] = json.dumps(other)
        merged.append(out)
    merged += [dict(r) for r in bav_rows if r["site_id"] not in used]
    return merged


def fingerprint() -> str:
    digest = hashlib.sha256(build_gazetteer.fingerprint().encode())
    for name in SEED_FILES:
        digest.update((SEED_DIR / name).read_bytes())
    for name in _CODE_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def directory_state(path: Path | None = None) -> str:
    """missing, stale, current (built from this seed) or imported (from another list)."""
    path = path or sites_path()
    if not path.exists():
        return "missing"
    try:
        with open(path, encoding="utf-8") as fh:
            meta = json.load(fh).get("meta", {})
    except (OSError, ValueError):
        return "stale"
    if meta.get("origin") != "seed":
        return "imported"
    return "current" if meta.get("fingerprint") == fingerprint() else "stale"


def build_directory(path: Path | None = None) -> SeedResult:
    """Merge, validate and locate the seed, then write the site directory."""
    rows = merge_rows(read_csv(SEED_DIR / SEED_FILES[0]), read_csv(SEED_DIR / SEED_FILES[1]))
    validator = RowValidator()
    sites: list[Site] = []
    issues: list[Issue] = []
    for number, row in enumerate(rows, start=1):
        other = row.pop("_other_source", "")
        site, found = validator.validate(number, row)
        issues += found
        if site is not None:
            sites.append(replace(site, other_sources=(json.loads(other),)) if other else site)
    rejected = [i for i in issues if i.severity == REJECT]
    if rejected:
        raise ValueError("amorce invalide :\n" + "\n".join(map(str, rejected)))
    meta = {
        "origin": "seed",
        "fingerprint": fingerprint(),
        "sources": [f"geodata/seed/{name}" for name in SEED_FILES],
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "note": "Amorce partielle et sourcée, pas l'annuaire complet de la fédération.",
    }
    write_directory(path or sites_path(), sites, meta)
    return SeedResult(len(sites), sum(1 for s in sites if s.located), issues)
