"""Bad and odd document content through the real `events import` (issue 18, "tracebacks instead of one line").

Each case is a JSON Lines file: a good article, the case's line, another good article. A bad line is refused with
one `Error: <file>:<line>: <reason>` line and exit code 1; an odd but harmless one is imported as any other. Either
way both good articles go in, the run is recorded in import_runs (and the failure in import_failures), and no
output holds a traceback. The real pipeline runs: these inputs crashed inside it or inside the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import events.pipeline
from events.cli.commands import main
from events.store.db import Store
from gazetteer.errors import GazetteerDataError
from schemas import Article

GOOD = [{"id": f"good-{n}", "published_at": "2026-03-02",
         "text": f"Soldiers clashed with rebels near Gao on Monday, killing {n + 4} fighters, the army said."}
        for n in (1, 2)]
KILLING = "Gunmen killed {} civilians in Mopti on Monday."


def record(text: str = KILLING.format(5), **fields: Any) -> str:
    return json.dumps({"id": "odd", "published_at": "2026-03-02", "text": text, **fields})


@dataclass(frozen=True)
class Case:
    line: str  # the second line of the file, as written
    error: str | None  # the reason printed after "Error: <file>:2: "; None: imported
    query: str = ""  # with an imported line: what the database holds of it (SQL on the 'odd' article) ...
    rows: tuple[tuple[Any, ...], ...] = ()  # ... and the rows it gives


CASES = {
    # RecursionError inside json.loads
    "deeply nested JSON": Case('{"id": "odd", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
                               "not valid JSON: nested too deeply"),
    "deeply nested field": Case('{"id": "odd", "text": "Gunmen attacked Gao.", "tags": '
                                + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}", "not valid JSON: nested too deeply"),
    # ValueError (the int conversion limit) inside json.loads
    "5,000-digit number as id": Case('{"id": ' + "7" * 5000 + ', "text": "Gunmen attacked Gao."}',
                                     "not valid JSON: a number of more than 4300 digits"),
    # UnicodeEncodeError when hashed or stored: an id is an identity, refused; text keeps its offsets with U+FFFD
    "lone surrogate in id": Case(r'{"id": "odd-\ud800", "text": "Gunmen attacked Gao."}',
                                 r"'id' is not valid Unicode (a lone surrogate, \ud800)"),
    "lone surrogate in text": Case(record(KILLING.format(5)).replace("Mopti", r"Mopti \udfff"), None,
                                   "SELECT text FROM articles WHERE article_id = 'odd'",
                                   (("Gunmen killed 5 civilians in Mopti \ufffd on Monday.",),)),
    "lone surrogate in title": Case(record(title="x").replace('"x"', r'"Raid \ud83d"'), None,
                                    "SELECT title FROM articles WHERE article_id = 'odd'", (("Raid \ufffd",),)),
    # OverflowError in date arithmetic: the relative date is dropped, the publication's date stands
    "yesterday on 0001-01-01": Case(record("Gunmen killed 5 civilians in Mopti yesterday.",
                                           published_at="0001-01-01"), None,
                                    "SELECT event_date::VARCHAR, date_precision FROM events WHERE article_id = 'odd'",
                                    (("0001-01-01", "week"),)),
    "a week ago on 0001-01-03": Case(record("Gunmen killed 5 civilians in Mopti a week ago.",
                                            published_at="0001-01-03"), None,
                                     "SELECT event_date::VARCHAR, date_precision FROM events "
                                     "WHERE article_id = 'odd'", (("0001-01-03", "week"),)),
    "tomorrow on 9999-12-31": Case(record("Gunmen killed 5 civilians in Mopti. They will return tomorrow.",
                                          published_at="9999-12-31"), None,
                                   "SELECT event_date::VARCHAR, fatalities FROM events WHERE article_id = 'odd'",
                                   (("9999-12-31", 5),)),
    # ValueError (int conversion limit) in the quantities; INT32 overflow in the store: no casualty figure
    "5,000-digit figure": Case(record(KILLING.format("9" * 5000)), None,
                               "SELECT fatalities FROM events WHERE article_id = 'odd'", ((0,),)),
    "3,000,000,000 killed": Case(record(KILLING.format("3,000,000,000")), None,
                                 "SELECT fatalities FROM events WHERE article_id = 'odd'", ((0,),)),
    "three billion killed": Case(record(KILLING.format("three billion")), None,
                                 "SELECT fatalities FROM events WHERE article_id = 'odd'", ((0,),)),
    "a figure of 10 million stands": Case(record(KILLING.format("10,000,000")), None,
                                          "SELECT fatalities FROM events WHERE article_id = 'odd'", ((10_000_000,),)),
    # fields of the wrong JSON type
    "text as a number": Case('{"id": "odd", "text": 5}', "'text' must be a string"),
    "text as a list": Case('{"id": "odd", "text": ["Gunmen attacked Gao."]}', "'text' must be a string"),
    "text as null": Case('{"id": "odd", "text": null}', "no 'text' field"),
    "id as an object": Case('{"id": {"a": 1}, "text": "Gunmen attacked Gao."}', "'id' must be a string"),
    "id as infinity": Case('{"id": 1e400, "text": "Gunmen attacked Gao."}', "'id' must be a string"),
    # odd text that extraction reads as any other
    "control characters": Case(record("Gunmen\x00 killed\x1b[31m 5 civilians\u0085 in Mopti\u202e on Monday."),
                               None, "SELECT count(*) FROM articles WHERE article_id = 'odd'", ((1,),)),
    "only punctuation": Case(record("?!.,;:--((()))...\u2026"), None,
                             "SELECT count(*) FROM events WHERE article_id = 'odd'", ((0,),)),
    # a published_at of 100,000 characters: refused unparsed, and named shortened
    "huge published_at": Case(record(published_at="March " * 20_000),
                              "bad published_at 'March March March March March March Marc…' "
                              "(expected a date such as 2026-03-02)"),
}


def run_import(path: Path, db: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", str(path), "--db", str(db)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_bad_or_odd_document_is_one_line_or_imported_and_the_others_go_in(tmp_path: Path, case: Case) -> None:
    path, db = tmp_path / "docs.jsonl", tmp_path / "events.duckdb"
    path.write_text("\n".join([json.dumps(GOOD[0]), case.line, json.dumps(GOOD[1])]) + "\n")
    code, stdout, stderr = run_import(path, db)
    assert "Traceback" not in stdout + stderr
    if case.error is None:
        assert (code, stdout, stderr) == (0, "3 documents: 3 new, 0 updated, 0 unchanged, 0 failed\n", "")
    else:
        assert (code, stdout, stderr) == (1, "3 documents: 2 new, 0 updated, 0 unchanged, 1 failed\n",
                                          f"Error: {path}:2: {case.error}\n")
    with Store.open(db, read_only=True) as store:
        _, goods = store.query("SELECT article_id FROM articles WHERE article_id LIKE 'good-%' ORDER BY 1")
        _, runs = store.query("SELECT source, seen, failed, status FROM import_runs")
        _, failures = store.query("SELECT document, reason FROM import_failures")
        held = store.query(case.query)[1] if case.query else []
    assert goods == [("good-1",), ("good-2",)]
    assert runs == [(str(path), 3, 0 if case.error is None else 1, "ok" if case.error is None else "partial")]
    assert failures == ([] if case.error is None else [(f"{path}:2", case.error)])
    assert tuple(held) == case.rows


@pytest.mark.parametrize(("error", "code", "stdout", "stderr", "stored"), [
    pytest.param(RecursionError("maximum recursion depth exceeded\n  while reading"), 1,
                 "3 documents: 2 new, 0 updated, 0 unchanged, 1 failed\n",
                 "Error: {path}:2: extraction failed: unexpected RecursionError: maximum recursion depth exceeded "
                 "while reading\n", [("good-1",), ("good-2",)], id="a defect set off by one article's text"),
    pytest.param(GazetteerDataError("places.sqlite: not a gazetteer"), 1, "",
                 "Error: places.sqlite: not a gazetteer\n", [], id="a broken gazetteer, which fails every article"),
])
def test_an_unexpected_error_inside_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception,
                                               code: int, stdout: str, stderr: str, stored: list[tuple[str]]) -> None:
    """Whatever extraction still breaks on fails that article alone, in one line, as its refusals do; a broken
    gazetteer still stops the import (and leaves the database as it was)."""
    real = events.pipeline.extract_events

    def breaking(article: Article, *args: Any) -> Any:
        if article.article_id == "odd":
            raise error
        return real(article, *args)

    monkeypatch.setattr(events.pipeline, "extract_events", breaking)
    path, db = tmp_path / "docs.jsonl", tmp_path / "events.duckdb"
    path.write_text("\n".join([json.dumps(GOOD[0]), record(), json.dumps(GOOD[1])]) + "\n")
    assert run_import(path, db) == (code, stdout, stderr.format(path=path))
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT article_id FROM articles ORDER BY 1")[1] == stored
