"""Why an event is not where the gold says: the place is absent from the gazetteer, or we chose another one.

    .venv/bin/python scripts/loc_misses.py --events events.csv --gold gold.csv [--km 25]

For every gold row whose nearest extracted event is farther than --km, the gold `location` name is looked
up in the gazetteer: absent (no place of that name at all), present but none within --km of the gold point
(a namesake elsewhere, or a spelling the gazetteer files under another name), or present and near (the
name was in the gazetteer: the extractor took another mention or another candidate). Prints the counts.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter, defaultdict

from gazetteer import Gazetteer


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def number(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--km", type=float, default=25.0)
    args = ap.parse_args()
    gazetteer = Gazetteer.default()
    by_doc: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(args.events, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_doc[row["article_id"]].append(row)
    counts: Counter[str] = Counter()
    with open(args.gold, newline="", encoding="utf-8") as f:
        for gold in csv.DictReader(f):
            glat, glon = number(gold.get("latitude")), number(gold.get("longitude"))
            if glat is None or glon is None:
                continue
            counts["gold rows"] += 1
            points = [(number(e["latitude"]), number(e["longitude"])) for e in by_doc.get(gold["id"], [])]
            near = [km(glat, glon, la, lo) for la, lo in points if la is not None and lo is not None]
            if near and min(near) <= args.km:
                counts["hit"] += 1
                continue
            places = gazetteer.lookup(gold.get("location") or "")
            if not places:
                counts["miss: place absent from the gazetteer"] += 1
            elif all(km(glat, glon, p.latitude, p.longitude) > args.km for p in places):
                counts["miss: only namesakes elsewhere in the gazetteer"] += 1
            else:
                counts["miss: place in the gazetteer, another chosen"] += 1
    width = max(len(k) for k in counts)
    for key, value in counts.most_common():
        print(f"{key:<{width}}  {value:>6}  {100 * value / max(counts['gold rows'], 1):5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
