"""Time of Pipeline.extract on one long document, by size: extraction must grow linearly with the text.

    .venv/bin/python scripts/bench_long.py [--full] [--kinds news,killed,numbers,dates,capitals] [--profile KIND:SIZE]

Documents of 64 KB to 1 MB (4 MB with --full) are built by repeating varied synthetic news paragraphs
(scripts/synthcorpus.py), and adversarial ones by repeating one token ("killed ", numbers, dates, capitalised
words). Each line prints the time and the ratio to the previous size: about 2 per doubling is linear.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Callable, Iterator
from datetime import date
from itertools import count

from synthcorpus import generate

from events.pipeline import Pipeline
from schemas import Article

KB = 1024
SIZES = (64 * KB, 128 * KB, 256 * KB, 512 * KB, 1024 * KB)
FULL_SIZES = (*SIZES, 2048 * KB, 4096 * KB)


def _news() -> Iterator[str]:
    for n in count():
        for record in generate(50, seed=n):
            yield record["text"] + "\n\n"


def _killed() -> Iterator[str]:
    while True:
        yield "killed "


def _numbers() -> Iterator[str]:
    for n in count():
        yield f"{n * 37 % 100000} "


def _dates() -> Iterator[str]:
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    for n in count():
        yield f"{n % 28 + 1} {months[n % 12]} {2000 + n % 25}, "


def _capitals() -> Iterator[str]:
    for n in count():
        yield f"Word{chr(65 + n % 26)}{n % 997} "


KINDS: dict[str, Callable[[], Iterator[str]]] = {
    "news": _news, "killed": _killed, "numbers": _numbers, "dates": _dates, "capitals": _capitals,
}


def document(kind: str, size: int) -> str:
    """`size` characters (about) of text of `kind`."""
    parts: list[str] = []
    total = 0
    for piece in KINDS[kind]():
        if total >= size:
            break
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


def article(kind: str, size: int) -> Article:
    return Article(article_id=f"{kind}-{size}", text=document(kind, size), title="Long report",
                   published_at=date(2024, 3, 1))


def time_extract(pipeline: Pipeline, item: Article) -> tuple[float, int]:
    t0 = time.perf_counter()
    events = len(pipeline.extract(item).events)
    return time.perf_counter() - t0, events


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="also 2 MB and 4 MB")
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated among " + ", ".join(KINDS))
    ap.add_argument("--max-kb", type=int, default=0, help="stop at this size")
    ap.add_argument("--profile", metavar="KIND:KB", help="profile one document instead (cProfile, top 30)")
    args = ap.parse_args()
    pipeline = Pipeline.default()
    pipeline.extract(article("news", 4 * KB))  # lexicons compile on first use: not part of the timing
    if args.profile:
        kind, kb = args.profile.split(":")
        item = article(kind, int(kb) * KB)
        profiler = cProfile.Profile()
        profiler.runcall(pipeline.extract, item)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return 0
    sizes = FULL_SIZES if args.full else SIZES
    if args.max_kb:
        sizes = tuple(s for s in sizes if s <= args.max_kb * KB)
    print(f"{'kind':<10}{'size':>8}{'seconds':>10}{'ratio':>8}{'events':>8}")
    for kind in args.kinds.split(","):
        previous = 0.0
        for size in sizes:
            elapsed, events = time_extract(pipeline, article(kind, size))
            ratio = f"{elapsed / previous:.1f}" if previous else "-"
            print(f"{kind:<10}{size // KB:>6}KB{elapsed:>10.2f}{ratio:>8}{events:>8}", flush=True)
            previous = elapsed
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
