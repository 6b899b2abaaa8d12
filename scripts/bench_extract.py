"""Extraction throughput on one core: sentences/s and documents/s of Pipeline.extract (dates, numbers,
actors, claims, places and geocoding included; no database).

    .venv/bin/python scripts/bench_extract.py [--jsonl FILE] [--limit N] [--repeat K]

Without --jsonl it runs over the bundled sample articles (repeated K times).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from importlib import resources
from pathlib import Path

from events.extract.text import split_sentences
from events.pipeline import Pipeline
from schemas import Article


def load(path: Path | None, limit: int) -> list[Article]:
    if path is None:
        text = resources.files("events").joinpath("samples", "articles.jsonl").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    articles = []
    for n, line in enumerate(text.splitlines()):
        if not line.strip() or len(articles) >= limit:
            continue
        d = json.loads(line)
        published = date.fromisoformat(d["published_at"]) if d.get("published_at") else None
        articles.append(Article(article_id=d.get("id") or f"doc-{n}", text=d["text"], title=d.get("title"),
                                published_at=published))
    return articles


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jsonl", type=Path)
    ap.add_argument("--limit", type=int, default=10**9)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    t0 = time.perf_counter()
    pipeline = Pipeline.default()
    articles = load(args.jsonl, args.limit)
    pipeline.extract(articles[0])  # lexicons compile on first use: not part of the steady state
    load_s = time.perf_counter() - t0
    repeat = 1 if args.jsonl else args.repeat
    sentences = sum(len(split_sentences(a.text)) for a in articles) * repeat
    events = 0
    t1 = time.perf_counter()
    for _ in range(repeat):
        for article in articles:
            events += len(pipeline.extract(article).events)
    elapsed = time.perf_counter() - t1
    docs = len(articles) * repeat
    print(f"corpus: {args.jsonl or 'bundled samples'} ({docs} documents, {sentences} sentences)")
    print(f"load (gazetteer + lexicons): {load_s:.2f} s")
    print(f"extraction: {elapsed:.2f} s, {sentences / elapsed:,.0f} sentences/s, {docs / elapsed:,.0f} documents/s, "
          f"{events} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
