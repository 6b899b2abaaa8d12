"""The synthetic benchmark corpus: deterministic, well-formed, varied, and made of places the gazetteer knows."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from events.extract.text import split_sentences
from events.ingest.readers import read_documents
from events.pipeline import Pipeline
from gazetteer import Gazetteer
from schemas import Article
from scripts.synthcorpus import SynthArticle, _Writer, articles, generate, load_templates, main, write_jsonl

FIELDS = ["id", "url", "title", "published_at", "source", "text"]
ACLED_TYPES = {"Battles", "Violence against civilians", "Explosions/Remote violence", "Protests", "Riots",
               "Strategic developments"}


@cache
def sample(n: int = 200) -> tuple[SynthArticle, ...]:
    return tuple(articles(n))


@cache
def pipeline() -> Pipeline:
    return Pipeline.default()


@pytest.mark.parametrize("seed", [0, 7, 2026])
def test_the_same_seed_writes_byte_identical_files(tmp_path: Path, seed: int) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert write_jsonl(first, 60, seed) == 60
    write_jsonl(second, 60, seed)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(("seed", "other"), [(0, 1), (1, 2), (5, 500)])
def test_different_seeds_write_different_articles(seed: int, other: int) -> None:
    texts = [r["text"] for r in generate(50, seed)]
    others = [r["text"] for r in generate(50, other)]
    assert sum(a != b for a, b in zip(texts, others, strict=True)) >= 45


@pytest.mark.parametrize(("small", "large"), [(1, 10), (10, 40), (25, 26)])
def test_a_small_corpus_is_the_start_of_a_larger_one(small: int, large: int) -> None:
    assert list(generate(small)) == list(generate(large))[:small]


def test_every_article_has_ten_to_forty_sentences_as_the_pipeline_splits_them() -> None:
    counts = [len(split_sentences(a.record["text"])) for a in sample()]
    assert all(10 <= c <= 40 for c in counts)
    assert counts == [a.sentences for a in sample()]  # one template is one sentence
    assert min(counts) < 15 and max(counts) > 30  # the whole range is used, not one length


def test_records_have_the_jsonl_fields_a_valid_date_and_a_unique_id() -> None:
    records = [a.record for a in sample()]
    assert all(list(r) == FIELDS and all(isinstance(v, str) and v for v in r.values()) for r in records)
    days = [date.fromisoformat(r["published_at"]) for r in records]
    assert all(date(2020, 1, 1) <= d <= date(2026, 12, 31) for d in days)
    assert len({d.year for d in days}) >= 6  # spread over the years, not bunched
    assert len({r["id"] for r in records}) == len(records)
    assert len({r["url"] for r in records}) == len(records)


def test_the_project_reader_reads_every_record(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    write_jsonl(path, 50, seed=3)
    documents = list(read_documents([path]))
    assert all(isinstance(d, Article) for d in documents)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [d.article_id for d in documents if isinstance(d, Article)] == [json.loads(x)["id"] for x in lines]


@pytest.mark.parametrize("argv_count", [0, 1, 12])
def test_the_command_line_writes_that_many_articles(tmp_path: Path, argv_count: int) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["--articles", str(argv_count), "--out", str(out), "--seed", "4"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == [json.dumps(r, ensure_ascii=False) for r in generate(argv_count, 4)]


def test_two_hundred_articles_lead_with_every_acled_type_and_many_templates() -> None:
    leading = Counter(a.acled_types[0] for a in sample())
    assert set(leading) == ACLED_TYPES
    assert len({kind for a in sample() for kind in a.kinds}) >= 12
    assert len({a.record["text"].split(".")[0] for a in sample()}) >= 195  # leads are hardly ever alike


def test_the_pipeline_extracts_at_least_four_acled_types_from_two_hundred_articles() -> None:
    found: Counter[str] = Counter()
    for a in sample():
        r = a.record
        article = Article(article_id=r["id"], text=r["text"], published_at=date.fromisoformat(r["published_at"]))
        found.update(e.event_type for e in pipeline().extract(article).events if not e.background)
    assert len(set(found) & ACLED_TYPES) >= 4
    assert sum(found.values()) >= 200  # about one event or more per article, not a handful


def test_every_template_place_resolves_to_its_country_in_the_gazetteer() -> None:
    gazetteer: Gazetteer = pipeline().gazetteer
    wrong = []
    for country in load_templates().countries:
        for name in (country.name, country.capital, *country.places):
            found = gazetteer.resolve(name, focus=(country.code,))
            if found is None or found.place.country_code != country.code:
                wrong.append((country.code, name))
    assert wrong == []


def test_articles_only_name_places_of_their_own_country_from_the_templates() -> None:
    countries = {c.code: c for c in load_templates().countries}
    for a in sample():
        assert a.places, a.record["id"]
        for name, code in a.places:
            c = countries[code]
            assert name in {*c.places, c.capital, c.capital.upper(), c.name}
            assert name in a.record["text"]


def _every_template() -> list[str]:
    tpl = load_templates()
    events = [s for e in tpl.events for s in (*e.lead, *e.follow)]
    return [*events, *tpl.claims, *tpl.distractors]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_template_fills_to_exactly_one_sentence(seed: int) -> None:
    tpl = load_templates()
    rng = random.Random(seed)
    for template in _every_template():
        country = rng.choice(tpl.countries)
        writer = _Writer(rng, tpl, country, date(2024, 5, 14), "Test Wire")
        text = writer.fill(template[:1].upper() + template[1:])
        assert "{" not in text and "}" not in text
        assert len(split_sentences(text)) == 1, text
