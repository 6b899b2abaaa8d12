"""Real news in any layout gives the same events: the news-dev articles (../shared/eval/news-dev) with their
paragraphs separated by blank lines, by single newlines (as feeds and web pages join them) and as an HTML page
read by the HTML reader; and in capitals, scored by news_score.py within five points of the original."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from events.cli.commands import main
from events.ingest.readers import html_article
from events.pipeline import Pipeline
from schemas import Article, Event

NEWS_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "news-dev"
DOCS, GOLD, SCORER = NEWS_DEV / "docs.jsonl", NEWS_DEV / "gold.json", NEWS_DEV.parent / "news_score.py"
needs_news_dev = pytest.mark.skipif(not (DOCS.is_file() and GOLD.is_file() and SCORER.is_file()),
                                    reason="../shared/eval/news-dev (articles, gold, scorer) is not beside this clone")


def _articles() -> list[dict[str, str]]:
    return [json.loads(line) for line in DOCS.read_text(encoding="utf-8").split("\n") if line.strip()]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n", text) if p.strip()]


def _keys(events: list[Event]) -> list[tuple[object, ...]]:
    return sorted((e.event_type, e.sub_event_type, str(e.event_date), e.fatalities, e.background,
                   tuple(p.place.name for p in e.places if p.place)) for e in events)


@needs_news_dev
def test_every_news_dev_article_gives_the_same_events_in_every_layout() -> None:
    pipeline = Pipeline.default()
    differing = []
    for doc in _articles():
        paragraphs = _paragraphs(doc["text"])
        published = date.fromisoformat(doc["published_at"])
        page = (f"<html><head><title>{html.escape(doc.get('title') or '')}</title></head><body><article>"
                + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</article></body></html>")
        read = html_article(page, "page.html", published)
        assert isinstance(read, Article), read
        layouts = {"blank lines": "\n\n".join(paragraphs), "single newlines": "\n".join(paragraphs),
                   "html": read.text}
        found = {name: _keys(pipeline.extract(Article(article_id=doc["id"], text=text, title=doc.get("title"),
                                                      published_at=published)).events)
                 for name, text in layouts.items()}
        if len({tuple(v) for v in found.values()}) > 1:
            differing.append((doc["id"], found))
    assert differing == []


def _f1(events_csv: Path) -> float:
    scored = subprocess.run([sys.executable, str(SCORER), "--events", str(events_csv), "--gold", str(GOLD),
                             "--docs", str(DOCS)], capture_output=True, text=True, check=True)
    return float(re.search(r"F1=([\d.]+)%", scored.stdout.splitlines()[-1]).group(1))  # type: ignore[union-attr]


@needs_news_dev
def test_news_dev_in_capitals_scores_within_five_points_of_the_original(tmp_path: Path) -> None:
    shouted = tmp_path / "capitals.jsonl"
    with shouted.open("w", encoding="utf-8") as out:
        for doc in _articles():
            out.write(json.dumps({**doc, "text": doc["text"].upper(), "title": (doc.get("title") or "").upper()})
                      + "\n")
    scores = {}
    runner = CliRunner()
    for name, docs in (("original", DOCS), ("capitals", shouted)):
        db, csv_path = tmp_path / f"{name}.duckdb", tmp_path / f"{name}.csv"
        for args in (["import", str(docs), "--db", str(db)], ["export", "events", "--db", str(db), "--out",
                                                               str(csv_path)]):
            result = runner.invoke(main, args)
            assert result.exit_code == 0, result.output
        scores[name] = _f1(csv_path)
    assert scores["capitals"] >= scores["original"] - 5, scores
