"""No real-news place on another continent than the article's own without evidence in the text (issue 16).

Every event the pipeline codes from a news-dev article (../shared/eval/news-dev: the article's country as its
coders set it) must be on that country's continent (GeoNames' countryInfo.txt), unless the text itself names
the place's country (its name, an alias or a demonym): a story from Mali may report an attack in France when it
says "France"; it may not put an ambush in Mali in the United States because a victim's surname is a Texan
town. Skips without ../shared."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from events.pipeline import Pipeline
from gazetteer.countries import read_country_rows
from schemas import Article

SHARED = Path(__file__).resolve().parents[3] / "shared"
NEWS_DEV, COUNTRY_INFO = SHARED / "eval" / "news-dev", SHARED / "geonames" / "countryInfo.txt"
needs_shared = pytest.mark.skipif(
    not ((NEWS_DEV / "docs.jsonl").is_file() and (NEWS_DEV / "gold.json").is_file() and COUNTRY_INFO.is_file()),
    reason="../shared/eval/news-dev and ../shared/geonames/countryInfo.txt are not beside this clone")


def _continents() -> dict[str, str]:
    """ISO2 -> GeoNames continent code (AF, AS, EU, NA, OC, SA, AN)."""
    out = {}
    for line in COUNTRY_INFO.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            out[cols[0]] = cols[8]
    return out


def _named_countries(text: str) -> set[str]:
    """The countries a text names by name, alias or demonym (whole words, as written)."""
    named = set()
    for row in read_country_rows():
        forms = [row.name, *row.aliases, *row.demonyms]
        if any(re.search(rf"(?<![\w-]){re.escape(form)}s?(?![\w-])", text) for form in forms if len(form) > 2):
            named.add(row.iso2)
    return named


@needs_shared
def test_no_place_is_on_another_continent_than_the_articles_without_the_text_saying_so() -> None:
    pipeline = Pipeline.default()
    continents = _continents()
    gold = {a["id"]: a for a in json.loads((NEWS_DEV / "gold.json").read_text(encoding="utf-8"))["articles"]}
    far: list[str] = []
    for line in (NEWS_DEV / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        home = pipeline.gazetteer.country(gold[doc["id"]]["country"])
        assert home is not None and home.country_code, gold[doc["id"]]["country"]
        article = Article(article_id=doc["id"], text=doc["text"], title=doc.get("title"),
                          published_at=date.fromisoformat(doc["published_at"]))
        named = _named_countries(f"{doc.get('title') or ''}\n{doc['text']}")
        for event in pipeline.extract(article).events:
            for mention in event.places:
                code = mention.place.country_code if mention.place else None
                if code is None or continents.get(code) == continents[home.country_code] or code in named:
                    continue
                far.append(f"{doc['id']} ({home.country_code}): {mention.text!r} -> {mention.place.name}, {code}")
    assert far == []
