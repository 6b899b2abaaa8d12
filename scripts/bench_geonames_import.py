"""Benchmark `events gazetteer import` on a generated GeoNames dump: time and peak memory.

Usage: python scripts/bench_geonames_import.py [--rows N] [--workdir DIR] [--keep]
Writes an allCountries-shaped file of N rows (default 13,000,000, the size of the real allCountries) with
made-up names, 0-4 alternate names per row and the real mix of feature classes, plus small admin code and
country files; then imports them in a fresh subprocess and reports its wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_SYLLABLES = ("ka", "lo", "ma", "ri", "to", "ne", "sa", "bu", "de", "go", "fi", "an", "el", "or", "un", "ba",
              "zi", "ko", "mer", "ton", "ville", "burg", "dorf", "abad", "pur")
# roughly allCountries' shares: P 40%, H 18%, T 17%, S 15%, L 4%, A 3%, V 2%, R 1%
_CLASSES = (("P", "PPL"),) * 40 + (("H", "STM"),) * 18 + (("T", "MT"),) * 17 + (("S", "SCH"),) * 15 \
    + (("L", "LCTY"),) * 4 + (("A", "ADM3"),) * 3 + (("V", "FRST"),) * 2 + (("R", "RD"),)
_COUNTRIES = ("ML", "NE", "BF", "NG", "TD", "SD", "SO", "NL", "US", "FR")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generate(folder: Path, rows: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    dump = folder / "allCountries.txt"
    with dump.open("w", encoding="utf-8") as out:
        for gid in range(1, rows + 1):
            name = _name(rng)
            alternates = ",".join(_name(rng) for _ in range(rng.choice((0, 0, 1, 1, 2, 4))))
            fclass, fcode = rng.choice(_CLASSES)
            cc = rng.choice(_COUNTRIES)
            population = rng.choice((0, 0, 0, rng.randint(100, 2_000_000)))
            out.write(f"{gid}\t{name}\t{name}\t{alternates}\t{rng.uniform(-60, 70):.5f}\t{rng.uniform(-180, 180):.5f}"
                      f"\t{fclass}\t{fcode}\t{cc}\t\t{rng.randint(1, 20):02d}\t{rng.randint(1, 300)}\t\t\t{population}"
                      f"\t\t100\tEurope/Amsterdam\t2020-01-01\n")
    admin1 = folder / "admin1CodesASCII.txt"
    admin1.write_text("".join(f"{cc}.{k:02d}\t{_name(rng)}\t{_name(rng)}\t{90_000_000 + k}\n"
                              for cc in _COUNTRIES for k in range(1, 21)), encoding="utf-8")
    admin2 = folder / "admin2Codes.txt"
    admin2.write_text("".join(f"{cc}.{k:02d}.{m}\t{_name(rng)}\t{_name(rng)}\t{91_000_000 + m}\n"
                              for cc in _COUNTRIES for k in range(1, 21) for m in range(1, 301)), encoding="utf-8")
    return [dump, admin1, admin2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=13_000_000)
    parser.add_argument("--workdir", type=Path, help="folder for the generated files and the database")
    parser.add_argument("--keep", action="store_true", help="keep the generated files and the database")
    args = parser.parse_args()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="bench-geonames-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        files = generate(folder, args.rows)
        size = files[0].stat().st_size
        print(f"generated {args.rows:,} rows ({size / 1e6:,.0f} MB) in {time.perf_counter() - started:.1f} s")
        db = folder / "geonames.sqlite"
        db.unlink(missing_ok=True)
        code = ("import sys; from gazetteer.userdb import import_geonames; "
                "s = import_geonames(sys.argv[2:], sys.argv[1]); print(s)")
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", code, str(db), *map(str, files)], check=False)
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        if result.returncode:
            print(f"import failed with exit code {result.returncode}")
            return 1
        print(f"import: {elapsed:.1f} s ({args.rows / elapsed:,.0f} rows/s), peak RSS {peak_mb:.0f} MB, "
              f"database {db.stat().st_size / 1e6:,.0f} MB")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
