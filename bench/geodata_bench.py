"""Benchmark of the geodata package: resolver accuracy, nearest-site latency, build and
load time, memory.

    .venv/bin/python bench/geodata_bench.py [--skip-build] [--queries N]

Needs ``python -m geodata.build`` (the script runs it if needed). Generated sites (1,560
and 100,000) live in memory only.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geodata import build  # noqa: E402
from geodata.gazetteer import load  # noqa: E402
from geodata.nearest import nearest_sites  # noqa: E402
from geodata.places import Place  # noqa: E402
from geodata.resolver import resolve_text  # noqa: E402
from geodata.sites import Directory, Site, directory  # noqa: E402

MENTIONS = ROOT / "bench" / "data" / "place_mentions.yml"
_LOAD_SNIPPET = """
import resource, sys, time, tracemalloc
measure_memory = sys.argv[1] == "memory"
t0 = time.perf_counter()
import numpy, scipy.spatial, geopy.distance  # third-party imports, timed apart
t1 = time.perf_counter()
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if measure_memory:
    tracemalloc.start()
from geodata import gazetteer
g = gazetteer.load()
t2 = time.perf_counter()
from geodata.api import warm_up
warm_up()
t3 = time.perf_counter()
peak = tracemalloc.get_traced_memory()[1] if measure_memory else 0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(t1 - t0, t2 - t1, t3 - t1, peak, rss, rss0)
"""


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def check(entry: dict[str, Any]) -> bool:
    r = resolve_text(entry["text"])
    if "insee" in entry:
        return r.resolved and r.place is not None and r.place.insee_code == entry["insee"]
    if "departement" in entry:
        return (
            r.resolved
            and r.place is not None
            and r.place.kind in ("departement", "postal_code")
            and r.place.departement == entry["departement"]
        )
    if "likely" in entry:
        if r.resolved and r.place is not None:
            return r.place.insee_code == entry["likely"]
        return r.ambiguous and r.likely is not None and r.likely.insee_code == entry["likely"]
    if "ambiguous" in entry:
        codes = {p.insee_code for p in r.candidates}
        return r.ambiguous and set(entry["ambiguous"]) <= codes
    return r.status == "not_found"


def bench_resolver() -> None:
    entries = yaml.safe_load(MENTIONS.read_text(encoding="utf-8"))
    groups: dict[str, list[bool]] = {}
    failures = []
    times = []
    for entry in entries:
        t = time.perf_counter()
        ok = check(entry)
        times.append(time.perf_counter() - t)
        group = entry.get("set", "main")
        groups.setdefault(group, []).append(ok)
        if not ok:
            r = resolve_text(entry["text"])
            got = r.place.label if r.place else [p.label for p in r.candidates[:4]]
            failures.append(f"    {entry['text']!r}: {r.status} {r.method} {got}")
    total = [ok for oks in groups.values() for ok in oks]
    kinds = Counter(
        next(k for k in ("insee", "departement", "likely", "ambiguous", "none") if k in e)
        for e in entries
    )
    print(f"Resolver accuracy: {sum(total)}/{len(total)} = {sum(total) / len(total):.3f}")
    for group, oks in groups.items():
        print(f"  set {group}: {sum(oks)}/{len(oks)} = {sum(oks) / len(oks):.3f}")
    print(f"  expectations: {dict(kinds)}")
    print(
        f"  resolve_text latency: p50 {pct(times, .5) * 1e3:.2f} ms, "
        f"p95 {pct(times, .95) * 1e3:.2f} ms (includes scoring)"
    )
    if failures:
        print("  failures:")
        print("\n".join(failures))


def generated_sites(count: int, rng: random.Random) -> list[Site]:
    """Sites at random communes (weighted by population), jittered by up to ~3 km."""
    g = load()
    ids = [i for i in range(len(g)) if g.kind[i] == "COM"]
    weights = [max(g.pop[i], 50) for i in ids]
    picks = rng.choices(ids, weights=weights, k=count)
    return [
        Site(
            site_id=f"gen-{n}",
            name=f"Lieu généré {n}",
            kind="permanence",
            departement=g.dep[i],
            lat=g.lat[i] + rng.uniform(-0.03, 0.03),
            lon=g.lon[i] + rng.uniform(-0.04, 0.04),
            location_precision="commune",
        )
        for n, i in enumerate(picks)
    ]


def query_places(count: int, rng: random.Random) -> list[Place]:
    g = load()
    ids = [i for i in range(len(g)) if g.kind[i] in ("COM", "ARM") and i not in g.children]
    return [g.place(i) for i in rng.sample(ids, count)]


def bench_nearest(label: str, sites: Directory, places: list[Place]) -> None:
    t = time.perf_counter()
    sites.index()
    built = time.perf_counter() - t
    for place in places[:50]:
        nearest_sites(place, sites=sites)
    times = []
    empty = 0
    for place in places:
        t = time.perf_counter_ns()
        result = nearest_sites(place, sites=sites)
        times.append((time.perf_counter_ns() - t) / 1e6)
        empty += result.empty
    print(
        f"  {label:>22}: p50 {pct(times, .5):.3f} ms  p95 {pct(times, .95):.3f} ms  "
        f"max {max(times):.3f} ms  (index {built * 1e3:.0f} ms, "
        f"{empty}/{len(places)} empty answers)"
    )


def bench_build(skip: bool) -> None:
    if skip:
        print("Gazetteer build: skipped (--skip-build)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GEODATA_BUILD_DIR": tmp}
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "geodata.build", "--quiet"], cwd=ROOT, env=env, check=True
        )
        full = time.perf_counter() - t
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "geodata.build", "--quiet"], cwd=ROOT, env=env, check=True
        )
        again = time.perf_counter() - t
        size = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6
    print(
        f"Build (python -m geodata.build, clean): {full:.1f} s; when up to date: {again:.1f} s; "
        f"outputs {size:.1f} MB"
    )


def bench_load() -> None:
    def run(mode: str) -> list[str]:
        cmd = [sys.executable, "-c", _LOAD_SNIPPET, mode]
        return subprocess.run(
            cmd, cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()

    timing = run("time")
    libs, gaz, warm = (float(x) for x in timing[:3])
    rss, rss0 = int(timing[4]), int(timing[5])
    peak = int(run("memory")[3])
    print(
        f"Load (fresh process): gazetteer {gaz:.2f} s; gazetteer + typo index + site "
        f"directory and index {warm:.2f} s (plus {libs:.2f} s importing numpy/scipy/geopy)"
    )
    print(
        f"Memory after loading everything: +{(rss - rss0) / 1e3:.0f} MB resident over the "
        f"imports ({rss / 1e3:.0f} MB in all); tracemalloc peak {peak / 1e6:.0f} MB"
    )


def bench_geopy_mode(real: Directory, places: list[Place]) -> None:
    """The same search ranking with geopy.distance.geodesic itself (for comparison)."""
    from geodata.config import settings

    cfg = settings()["nearest"]
    previous = cfg.get("distance")
    cfg["distance"] = "geopy"
    try:
        bench_nearest("1,560 sites, geopy mode", real, places)
    finally:
        cfg["distance"] = previous


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    build.run(quiet=True)
    bench_build(args.skip_build)
    bench_load()
    bench_resolver()
    rng = random.Random(20240611)
    places = query_places(args.queries, rng)
    real = directory()
    print(f"Nearest sites, k=3 + own département ({args.queries} random communes as queries):")
    bench_nearest(f"real sites ({len(real.located)})", real, places)
    for count in (1560, 100_000):
        sites = Directory(generated_sites(count, rng), meta={})
        bench_nearest(f"{count:,} generated sites", sites, places)
        if count == 1560:
            small = sites
    bench_geopy_mode(small, places[:500])
    print(f"(machine: {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
