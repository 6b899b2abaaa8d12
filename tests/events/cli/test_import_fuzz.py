"""Random and adversarial documents through the real `events import` (issue 18): a seeded generator writes one JSON
Lines file of odd articles (scripts, control and format characters, lone surrogates, long tokens, many numbers and
dates, relative dates at the ends of the calendar, huge figures, huge titles) among bad lines (wrong JSON types,
broken or deeply nested JSON, 5,000-digit numbers, bad dates, invalid UTF-8, duplicated ids). The generator knows
which lines must fail and why; every other line must go in. No traceback, one line per failure, the run recorded,
and no document takes long (documents stay under 8,000 characters: long documents' speed is another test's).

Change SEED to explore other inputs; a failure prints the line that broke.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

import events.cli.commands
from events.cli.commands import main
from events.store.db import Store

SEED = 18
DOCUMENTS = 400
MAX_TEXT = 8000  # characters: time still grows faster than the length (not this test's concern)
MAX_SECONDS_A_DOCUMENT = 2.0  # 10 ms on average, 0.3 s at worst on the CI machine; a pathological pattern, minutes

ACTORS = ["Gunmen", "JNIM militants", "Soldiers", "Police", "Rebels", "Protesters", "ISWAP fighters", "A mob",
          "Unidentified men", "The army"]
VERBS = ["killed", "attacked", "abducted", "shelled", "clashed with", "injured", "arrested", "displaced",
         "protested against", "looted"]
VICTIMS = ["civilians", "soldiers", "people", "villagers", "students", "police officers"]
PLACES = ["Gao", "Mopti", "Kidal", "Maiduguri", "Goma", "Kabul", "Aleppo", "Sévaré", "Ouagadougou", "Paris"]
WHEN = ["yesterday", "tomorrow", "on Monday", "last week", "3 days ago", "a week ago", "next month", "last year",
        "on 9 May 2020", "on 31 December", "on the 25th", "in March 2024", "on 1 January (as reported)",
        "between 30 December and 2 January", "on Friday night into Saturday", "earlier this month"]
FIGURES = ["5", "1,000", "12 000", "2.5 million", "three", "twenty-five", "dozens of", "hundreds of",
           "at least 40", "more than 100", "between 10 and 20", "3,000,000,000", "three billion", "1e9", "-5",
           "٣", "３", "४२", "0", "00", "99999999999999999999", "10,000,000"]
# characters from many Unicode categories: scripts, marks, formats, separators, controls, private use, symbols
ODD = ("éßøĳ", "Кровь", "قتل", "हत्या", "杀死", "살해", "\u0301\u0308\u20dd", "\u200b\u200c\u200d\u2060",
       "\u202e\u2066\u2069\u061c", "\ufeff", "\u2028\u2029\u0085", "\x00\x01\x07\x1b[31m\x7f", "\x80\x9f",
       "\ue000\U000f0000", "\ufffe\uffff", "\U0001f4a5\U0001f1f2\U0001f1f1", "\U000e0041\ufe0f",
       "\U0001d400\U0001d7ce", "〈《「", "\u00a0\u2009\u3000", "ǅǈ", "ﬁﬀ", "\u0130\u0131")
SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff")
PUBLISHED = ["2026-03-02", "0001-01-01", "9999-12-31", "2000-02-29", "1900-01-01", "2026-03-02T23:59:59+14:00",
             "Mon, 02 Mar 2026 10:00:00 GMT", "March 2, 2026", None]
BAD_PUBLISHED: list[object] = ["not a date", "2026-13-45", "", "   ", "20260302", "March " * 50, 12345, [2026],
                               {"y": 2026}, True]


class Fuzz:
    """One JSON Lines file's lines (bytes) and, by line number, the reason each bad one must fail with (a regex)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lines: list[bytes] = []
        self.expected: dict[int, str] = {}
        self.ids: list[str] = []

    def add(self, line: bytes | str, reason: str | None = None) -> None:
        self.lines.append(line.encode("utf-8") if isinstance(line, str) else line)
        if reason is not None:
            self.expected[len(self.lines)] = reason

    # -- text ---------------------------------------------------------------------------------------------------

    def sentence(self) -> str:
        r = self.rng
        return (f"{r.choice(ACTORS)} {r.choice(VERBS)} {r.choice(FIGURES)} {r.choice(VICTIMS)} in "
                f"{r.choice(PLACES)} {r.choice(WHEN)}{r.choice(['.', '!', '?', ';', '', '...'])}")

    def piece(self) -> str:
        r = self.rng
        kind = r.randrange(12)
        if kind < 4:
            return self.sentence()
        if kind == 4:
            return "".join(r.choice(ODD) for _ in range(r.randint(1, 6)))
        if kind == 5:
            return "".join(chr(r.randint(0x20, 0x2FFFF)) for _ in range(r.randint(1, 40))).translate(_NO_SURROGATE)
        if kind == 6:  # a very long token
            return r.choice(["A", "killed", "9", "Gao", "-", "é"]) * r.randint(200, 3000)
        if kind == 7:  # many numbers
            return ", ".join(str(r.randint(0, 10 ** r.randint(1, 30))) for _ in range(r.randint(10, 200)))
        if kind == 8:  # many dates
            return " and ".join(r.choice(WHEN) for _ in range(r.randint(10, 100)))
        if kind == 9:  # punctuation only
            return "".join(r.choice("!?.,;:-()[]{}\"'«»—–…*•/\\") for _ in range(r.randint(1, 300)))
        if kind == 10:  # ACLED-style notes, labels and brackets
            return r.choice(["[size=no report]", "[size=", "Looting: ", "(Douentza, Mopti)", "((((", "))))",
                             "On 9 May 2020 (between 7 - 8 May),", "Capital Letters Every Word Here Now"])
        return "\n" * r.randint(1, 3)

    def text(self) -> str:
        return " ".join(self.piece() for _ in range(self.rng.randint(1, 12)))[:MAX_TEXT]

    # -- lines --------------------------------------------------------------------------------------------------

    def article(self) -> None:
        """A well-formed record (or one with exactly one bad field, and the reason it must fail)."""
        r = self.rng
        record: dict[str, object] = {"text": self.text()}
        pick = r.randrange(10)
        if pick < 5:
            record["id"] = f"fz-{len(self.lines)}-{r.choice(ODD)}"
        elif pick == 5 and self.ids:
            record["id"] = r.choice(self.ids)  # a duplicate: the later copy replaces the earlier one
        elif pick == 6:
            record["id"] = r.randint(-(10 ** 30), 10 ** 30)
        elif pick == 7:
            record["id"] = "x" * r.randint(1000, 5000)
        if r.random() < 0.3:
            record["title"] = self.text() if r.random() < 0.8 else "T" * r.randint(10_000, 100_000)
        for key in ("url", "source", "author"):
            if r.random() < 0.2:
                record[key] = r.choice(["https://example.org/a?b=c#d", "", " ", self.piece()[:200]])
        published = r.choice(PUBLISHED)
        if published is not None:
            record["published_at"] = published
        if r.random() < 0.1:  # lone surrogates: replaced in text and title, refused in an id
            record["text"] = str(record["text"]) + r.choice(SURROGATES)
            if "title" in record:
                record["title"] = r.choice(SURROGATES) + str(record["title"])
        reason = None if str(record["text"]).strip() else re.escape("empty 'text' field")
        if reason is None and r.random() < 0.05:
            lone = r.choice(SURROGATES)
            record["id"] = f"fz-{lone}"
            escaped = lone.encode("unicode_escape").decode()
            reason = re.escape(f"'id' is not valid Unicode (a lone surrogate, {escaped})")
        elif reason is None and r.random() < 0.05:
            bad = r.choice(BAD_PUBLISHED)
            record["published_at"] = bad
            shown = repr(bad if len(bad) <= 40 else bad[:40] + "…") if isinstance(bad, str) else repr(bad)
            reason = re.escape(f"bad published_at {shown} (expected a date such as 2026-03-02)")
        if reason is None and isinstance(record.get("id"), str):
            self.ids.append(str(record["id"]))
        self.add(json.dumps(record, ensure_ascii=r.random() < 0.5 or reason is not None or _lone(record)), reason)

    def wrong_type(self) -> None:
        r = self.rng
        field, value, reason = r.choice([
            ("text", 5, "'text' must be a string"), ("text", ["a"], "'text' must be a string"),
            ("text", None, "no 'text' field"), ("text", True, "'text' must be a string"),
            ("text", {"a": "b"}, "'text' must be a string"), ("id", {"a": 1}, "'id' must be a string"),
            ("id", [1], "'id' must be a string"), ("id", 1.5, "'id' must be a string"),
            ("id", False, "'id' must be a string"), ("title", 7, "'title' must be a string"),
            ("url", ["u"], "'url' must be a string"), ("author", {}, "'author' must be a string"),
        ])
        record = {"id": f"fz-{len(self.lines)}", "text": self.sentence(), field: value}
        self.add(json.dumps(record), re.escape(reason))

    def broken(self) -> None:
        r = self.rng
        kind = r.randrange(7)
        if kind == 0:  # cut short
            line = json.dumps({"id": "cut", "text": self.sentence()})
            self.add(line[:r.randint(1, len(line) - 1)], r"not valid JSON: .+ at column \d+")
        elif kind == 1:
            self.add("[" * 50_000 + "]" * 50_000, re.escape("not valid JSON: nested too deeply"))
        elif kind == 2:
            self.add('{"id": "deep", "text": "Gunmen attacked Gao.", "x": ' + '{"a": ' * 30_000 + "1"
                     + "}" * 30_000 + "}", re.escape("not valid JSON: nested too deeply"))
        elif kind == 3:
            self.add('{"text": "Gunmen attacked Gao.", "n": ' + "9" * r.randint(4301, 6000) + "}",
                     re.escape("not valid JSON: a number of more than 4300 digits"))
        elif kind == 4:
            self.add(r.choice(["[1, 2]", '"text"', "42", "null", "true"]), re.escape("not a JSON object"))
        elif kind == 5:
            self.add(b'{"text": "Gunmen \xff\xfe attacked Gao."}', re.escape("not UTF-8 text"))
        else:  # a raw control character inside a string
            self.add('{"text": "Gunmen\x1b attacked Gao."}', r"not valid JSON: Invalid control character .+")

    def build(self, documents: int) -> None:
        while len(self.lines) < documents:
            roll = self.rng.random()
            if roll < 0.75:
                self.article()
            elif roll < 0.87:
                self.wrong_type()
            else:
                self.broken()


_NO_SURROGATE = {n: "\ufffd" for n in range(0xD800, 0xE000)}


def _lone(record: dict[str, object]) -> bool:
    """A lone surrogate cannot be written as UTF-8: such a record is written with escapes."""
    return any(isinstance(v, str) and any(0xD800 <= ord(c) < 0xE000 for c in v) for v in record.values())


@pytest.fixture
def timed(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The moment each document was done, through the progress callback the CLI passes on a terminal."""
    moments: list[float] = []

    @contextmanager
    def progress(label: str) -> Iterator[Callable[[int], None]]:
        yield lambda done: moments.extend([time.perf_counter()] * done)

    monkeypatch.setattr(events.cli.commands, "terminal_progress", progress)
    return moments


def test_random_and_adversarial_documents_fail_one_line_each_and_the_rest_go_in(tmp_path: Path,
                                                                                 timed: list[float]) -> None:
    fuzz = Fuzz(SEED)
    fuzz.build(DOCUMENTS)
    path, db = tmp_path / "fuzz.jsonl", tmp_path / "events.duckdb"
    path.write_bytes(b"\n".join(fuzz.lines) + b"\n")
    result = CliRunner().invoke(main, ["import", str(path), "--db", str(db)], catch_exceptions=False)

    assert "Traceback" not in result.stdout + result.stderr
    failed = len(fuzz.expected)
    errors = result.stderr.splitlines()
    assert len(errors) == failed, result.stderr[:2000]
    for (number, reason), line in zip(sorted(fuzz.expected.items()), errors, strict=True):
        assert re.fullmatch(f"Error: {re.escape(str(path))}:{number}: {reason}", line), (
            f"line {number}: {fuzz.lines[number - 1][:300]!r}\n-> {line[:300]}")
    assert result.exit_code == 1
    with Store.open(db, read_only=True) as store:
        _, [(seen, new, updated, unchanged, run_failed, status)] = store.query(
            "SELECT seen, new, updated, unchanged, failed, status FROM import_runs")
        _, [(recorded,)] = store.query("SELECT count(*) FROM import_failures")
        _, [(events_found,)] = store.query("SELECT count(*) FROM events")
    assert (seen, run_failed, recorded, status) == (DOCUMENTS, failed, failed, "partial")
    assert new + updated + unchanged == DOCUMENTS - failed
    assert events_found > DOCUMENTS // 4  # the generator's sentences are news: most articles give events
    took = [b - a for a, b in pairwise(timed)]
    assert len(timed) == DOCUMENTS and max(took) < MAX_SECONDS_A_DOCUMENT, max(took)
