"""The contract: models validate what they promise, the DDL applies, the JSON Schema is complete."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest
from pydantic import ValidationError

import schemas
from schemas import Article, CasualtyClaim, Event, PlaceMention


def test_the_ddl_applies_twice_to_an_empty_database_without_error() -> None:
    con = duckdb.connect(":memory:")
    con.execute(schemas.ddl())
    con.execute(schemas.ddl())
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "events", "event_places", "event_actors", "claims", "evidence", "import_runs",
            "import_failures"} <= tables


def test_every_record_type_is_in_the_published_json_schema_with_its_version() -> None:
    published = schemas.json_schema()
    names = set(published["$defs"])
    assert {"Article", "Event", "Actor", "Place", "CasualtyClaim", "ImportRun"} <= names
    assert published["version"] == schemas.SCHEMA_VERSION
    json.dumps(published)  # serialisable as published


def test_an_article_hash_depends_only_on_its_text() -> None:
    a = Article(article_id="a", text="Gunmen attacked a village.", published_at=date(2025, 1, 2))
    b = Article(article_id="b", text="Gunmen attacked a village.", title="Other title")
    assert a.content_hash == b.content_hash
    assert a.content_hash != Article(article_id="a", text="Gunmen attacked a town.").content_hash


@pytest.mark.parametrize(
    ("record", "fields"),
    [
        (Article, {"article_id": "", "text": "An article with an empty id is refused."}),
        (PlaceMention, {"text": "Gao", "start": 0, "end": 3, "geo_precision": 4, "rule": "r"}),
        (CasualtyClaim, {"claim_id": "c", "article_id": "a", "kind": "exploded", "qualifier": "exact",
                         "claimant": "reporter", "evidence": "x", "start": 0, "end": 1, "sentence_index": 0,
                         "rule": "r"}),
        (CasualtyClaim, {"claim_id": "c", "article_id": "a", "kind": "killed", "count_low": -1,
                         "qualifier": "exact", "claimant": "reporter", "evidence": "x", "start": 0, "end": 1,
                         "sentence_index": 0, "rule": "r"}),
    ],
    ids=["an empty article id", "a precision outside 1..3", "an unknown claim kind", "a negative count"],
)
def test_records_refuse_values_outside_the_contract(record: type, fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        record(**fields)


def test_an_event_refuses_unknown_fields_so_typos_do_not_pass_silently() -> None:
    with pytest.raises(ValidationError):
        Event(event_id="e", article_id="a", event_date=None, date_precision="day", event_type="Battles",
              sub_event_type="Armed clash", fatalities=0, sentence="s", sentence_index=0, sentence_start=0,
              sentence_end=1, extractor_version="v", fatalites=3)  # type: ignore[call-arg]
