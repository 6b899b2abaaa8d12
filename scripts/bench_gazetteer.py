"""Benchmark the default gazetteer: cold load, lookups/s, resolves/s, peak RSS.

Usage: python scripts/bench_gazetteer.py [--cache-dir DIR] [--seconds N]
The cold load is measured in a fresh subprocess (import + Gazetteer.default() from the cache); the first
run of all builds the cache and says so.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Words a sentence scanner would probe that are not places (misses), and place names it would meet (hits).
_MISSES: tuple[str, ...] = (
    "government",
    "soldiers",
    "attack",
    "killed",
    "wounded",
    "said",
    "according to",
    "police",
    "militants",
    "gunmen",
    "village",
    "town",
    "army",
    "official",
    "statement",
    "security forces",
    "fighters",
    "civilians",
    "Tuesday",
    "Monday",
    "January",
    "March",
    "people",
    "motorcycles",
    "convoy",
    "ambush",
    "explosion",
    "suicide bomber",
    "district",
    "local residents",
    "market",
    "spokesman",
    "ministry",
    "president",
    "rebels",
    "jihadists",
    "claimed",
    "responsibility",
    "operation",
    "airstrike",
    "the",
    "of",
    "near",
)
_HITS: tuple[str, ...] = (
    "Mali",
    "Niger",
    "Nigeria",
    "Burkina Faso",
    "Somalia",
    "Sudan",
    "Mopti",
    "Gao",
    "Kidal",
    "Timbuktu",
    "Tombouctou",
    "Sevare",
    "Menaka",
    "Bamako",
    "Niamey",
    "Ouagadougou",
    "Djibo",
    "Dori",
    "Maiduguri",
    "Borno",
    "Mogadishu",
    "Kismayo",
    "Baidoa",
    "Khartoum",
    "El Fasher",
    "Nyala",
    "Kharkiv",
    "Donetsk",
    "Aleppo",
    "Idlib",
    "Gaza",
    "Rafah",
    "Kabul",
    "Sanaa",
    "Aden",
    "Tripoli",
    "Benghazi",
    "Goma",
    "Beni",
    "Bunia",
    "Juba",
    "Bangui",
    "Diffa",
    "Tillaberi",
    "Ouallam",
    "Konna",
    "Boni",
    "Hombori",
    "DRC",
)


def cold_load(cache_dir: Path | None) -> float:
    directory = "None" if cache_dir is None else f"Path({str(cache_dir)!r})"
    code = (
        "import time\n"
        "t = time.perf_counter()\n"
        "from pathlib import Path\n"
        "from gazetteer import Gazetteer\n"
        f"g = Gazetteer.default({directory})\n"
        "print(time.perf_counter() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--seconds", type=float, default=2.0, help="duration of each throughput run")
    args = parser.parse_args()

    first = cold_load(args.cache_dir)  # builds the cache if it is missing
    loads = [cold_load(args.cache_dir) for _ in range(3)]
    print(f"first load (builds the cache if absent): {first:.2f} s")
    every = ", ".join(f"{x:.3f}" for x in loads)
    print(f"cold load, fresh process, best of 3:      {min(loads):.3f} s (all: {every})")

    from gazetteer import Gazetteer

    t = time.perf_counter()
    gaz = Gazetteer.default(args.cache_dir)
    print(f"in-process load:                          {time.perf_counter() - t:.3f} s")
    print(f"index: {len(gaz)} places, {len(gaz.index.keys)} distinct folded names")

    rng = random.Random(7)
    names = [rng.choice(_HITS) if rng.random() < 0.3 else rng.choice(_MISSES) for _ in range(10_000)]
    hit_rate = sum(gaz.contains(n) for n in names) / len(names)

    def rate(call: Callable[[str], object], items: list[str]) -> float:
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            for item in items:
                call(item)
            done += len(items)
        return done / (time.perf_counter() - start)

    print(f"contains(): {rate(gaz.contains, names):,.0f} calls/s  (mixed list, {hit_rate:.0%} hits)")
    print(f"lookup():   {rate(gaz.lookup, names):,.0f} calls/s  (same list)")
    hits = [n for n in names if gaz.contains(n)]
    print(f"resolve():  {rate(gaz.resolve, hits):,.0f} calls/s  (hits only, no context)")
    mopti = gaz.resolve("Mopti")
    near = (mopti.place,) if mopti else ()

    def with_context(name: str) -> object:
        return gaz.resolve(name, focus=("ML", "BF"), near=near, admin_hints=("Mopti",))

    print(f"resolve():  {rate(with_context, hits):,.0f} calls/s  (hits, focus + near + admin hint)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
