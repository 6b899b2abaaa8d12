"""Failed documents, through the `events` command: one bad file in a watched folder fails one run, not every run.
A failure is recorded once and later imports skip the document (counted, not failed: exit code 0) until it
changes; `events imports --failures` lists them and `events retry` tries them again.

The fake pipeline stands in for the real one (what is recorded does not depend on the rules); the clock is fixed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

import events.cli.commands
import events.cli.failures
import events.cli.sources
import events.ingest.importer
import events.pipeline
from events.cli.commands import main
from events.store.db import Store

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

GOOD = "Government soldiers clashed with rebels near Northtown on Monday."
# a text file that writes its date, so that no warning of a date taken from the file's modification time shows
DATED_GOOD = f"Published: 2 March 2026\n\n{GOOD}"
FIXED = "Hundreds of students protested in Southport on Tuesday."
SECTION = "Failed documents, skipped by later runs until they change ('events retry' tries them now):"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


class Pipelines:
    """The pipeline every command of the test gets; `use` swaps it (a fixed extractor, say)."""

    def __init__(self, pipeline: FakePipeline) -> None:
        self.current = pipeline

    def use(self, pipeline: FakePipeline) -> None:
        self.current = pipeline


@pytest.fixture
def pipelines(monkeypatch: pytest.MonkeyPatch, make_pipeline: type[FakePipeline], clock: FixedClock) -> Pipelines:
    chosen = Pipelines(make_pipeline(refuse=frozenset({"refused"})))
    monkeypatch.setattr(events.ingest.importer, "_default_pipeline", lambda online=None: chosen.current)
    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: chosen.current))
    for module in (events.cli.commands, events.cli.sources, events.cli.failures):
        monkeypatch.setattr(module, "now", clock)
    return chosen


def jsonl(*records: dict[str, str]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


# name, content, the failure's document (relative to the folder), its reason, the content that fixes it
BAD = [
    ("bad.txt", b"caf\xe9 au lait\n", "bad.txt", "not UTF-8 text", f"Published: 3 March 2026\n\n{FIXED}"),
    ("bad.txt", b"", "bad.txt", "empty file", f"Published: 3 March 2026\n\n{FIXED}"),
    ("bad.jsonl", (jsonl({"id": "ok", "text": FIXED}) + "not json\n").encode(), "bad.jsonl:2",
     "not valid JSON: Expecting value at column 1", jsonl({"id": "ok", "text": FIXED}, {"id": "two", "text": GOOD})),
    ("bad.jsonl", jsonl({"id": "refused", "text": FIXED}).encode(), "bad.jsonl:1",
     "extraction failed: the fake pipeline refuses this article", jsonl({"id": "accepted", "text": FIXED})),
]
BAD_IDS = ["a text that is not UTF-8", "an empty file", "a line of bad JSON", "an article the extractor refuses"]


def inbox_with(tmp_path: Path, name: str, content: bytes) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(DATED_GOOD, encoding="utf-8")
    (inbox / name).write_bytes(content)
    return inbox


def counts(seen: int, *, new: int, unchanged: int, failed: int, skipped: int = 0) -> str:
    line = f"{seen} documents: {new} new, 0 updated, {unchanged} unchanged, {failed} failed"
    return line + (f", {skipped} skipped (failed before)" if skipped else "")


@pytest.mark.parametrize("how", ["paths", "sources"], ids=["events import FOLDER", "events import --sources"])
@pytest.mark.parametrize(("name", "content", "document", "reason", "fixed"), BAD, ids=BAD_IDS)
def test_a_bad_file_fails_one_run_then_is_skipped_until_it_changes(
        tmp_path: Path, pipelines: Pipelines, how: str, name: str, content: bytes, document: str, reason: str,
        fixed: str) -> None:
    inbox = inbox_with(tmp_path, name, content)
    db = str(tmp_path / "events.duckdb")
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "inbox"\nkind = "folder"\npath = "inbox"\n')
    args = [str(inbox)] if how == "paths" else ["--sources", str(tmp_path / "sources.toml")]
    prefix = "" if how == "paths" else "inbox: "
    lines = 1 + (name == "bad.jsonl" and document.endswith(":2"))  # documents in the bad file
    seen = 1 + lines

    first = run("import", *args, "--db", db)
    assert (first.exit_code, first.stdout, first.stderr) == (
        1, prefix + counts(seen, new=seen - 1, unchanged=0, failed=1) + "\n",
        f"Error: {prefix}{inbox}/{document}: {reason}\n")

    pipelines.current.calls.clear()
    second = run("import", *args, "--db", db)
    assert (second.exit_code, second.stdout, second.stderr) == (
        0, prefix + counts(seen, new=0, unchanged=seen - 1, failed=0, skipped=1) + "\n", "")
    assert "refused" not in pipelines.current.calls  # an article that failed is not extracted again

    (inbox / name).write_text(fixed, encoding="utf-8")
    third = run("import", *args, "--db", db)
    after = 1 + len(fixed.splitlines()) if name == "bad.jsonl" else 2
    assert third.exit_code == 0, third.output
    assert third.stderr == ""
    assert "skipped" not in third.stdout and " 0 failed" in third.stdout
    assert SECTION not in run("imports", "--failures", "--db", db).stdout
    fourth = run("import", *args, "--db", db)
    assert fourth.stdout == prefix + counts(after, new=0, unchanged=after, failed=0) + "\n"


def test_a_file_that_changes_and_still_fails_is_a_new_failure(tmp_path: Path, pipelines: Pipelines) -> None:
    inbox = inbox_with(tmp_path, "bad.txt", b"caf\xe9\n")
    db = str(tmp_path / "events.duckdb")
    assert run("import", str(inbox), "--db", db).exit_code == 1
    (inbox / "bad.txt").write_bytes(b"")
    changed = run("import", str(inbox), "--db", db)
    assert (changed.exit_code, changed.stderr) == (1, f"Error: {inbox}/bad.txt: empty file\n")
    again = run("import", str(inbox), "--db", db)
    assert (again.exit_code, again.stdout, again.stderr) == (
        0, "2 documents: 0 new, 0 updated, 1 unchanged, 0 failed, 1 skipped (failed before)\n", "")


def test_imports_failures_lists_the_failed_documents(tmp_path: Path, pipelines: Pipelines) -> None:
    inbox = inbox_with(tmp_path, "bad.txt", b"caf\xe9\n")
    (inbox / "empty.md").write_text("", encoding="utf-8")
    db = str(tmp_path / "events.duckdb")
    assert run("import", str(inbox), "--db", db).exit_code == 1  # started 09:30:00 by the fixed clock
    assert run("import", str(inbox), "--db", db).exit_code == 0
    assert run("import", str(inbox), "--db", db).exit_code == 0
    listed = run("imports", "--failures", "--db", db)
    assert listed.exit_code == 0
    runs = [re.fullmatch(r"2026-03-04 09:30:\d\d +\d+s  (\w+) +(.*)  \[run-[0-9a-f]{16}\]", line)
            for line in listed.stdout.splitlines()[:5]]
    assert [(run.group(1), run.group(2)) if run else None for run in runs] == [
        ("ok", f"{inbox}  seen 3, new 0, updated 0, unchanged 1, failed 0, skipped 2"),
        ("ok", f"{inbox}  seen 3, new 0, updated 0, unchanged 1, failed 0, skipped 2"),
        ("partial", f"{inbox}  seen 3, new 1, updated 0, unchanged 0, failed 2"), None, None]
    assert listed.stdout.splitlines()[-3:] == [
        SECTION,
        f"    {inbox}/bad.txt: not UTF-8 text (failed 2026-03-04 09:30:00 in {inbox}; skipped by 2 runs since)",
        f"    {inbox}/empty.md: empty file (failed 2026-03-04 09:30:00 in {inbox}; skipped by 2 runs since)",
    ]
    other = run("imports", "--failures", "--source", "elsewhere", "--db", db)
    assert (other.exit_code, other.stderr) == (
        1, f"Error: --source 'elsewhere': no import runs of such a source (sources with runs: '{inbox}')\n")
    # for monitoring: each run's skips, and the documents on record
    watched = json.loads(run("imports", "--format", "json", "--db", db).stdout)
    assert [(r["status"], r["failed"], r["skipped"]) for r in watched["runs"]] == [
        ("ok", 0, 2), ("ok", 0, 2), ("partial", 2, 0)]
    assert watched["failed_documents"] == [
        {"document": f"{inbox}/bad.txt", "reason": "not UTF-8 text", "source": str(inbox),
         "failed_at": "2026-03-04T09:30:00Z", "skipped_by_runs": 2},
        {"document": f"{inbox}/empty.md", "reason": "empty file", "source": str(inbox),
         "failed_at": "2026-03-04T09:30:00Z", "skipped_by_runs": 2}]


def test_retry_imports_the_failed_documents_again(tmp_path: Path, pipelines: Pipelines,
                                                  make_pipeline: type[FakePipeline]) -> None:
    """The extractor refused an article; once it no longer does (the cause was elsewhere), `events retry` imports
    it, and later runs find it stored."""
    inbox = inbox_with(tmp_path, "refused.jsonl", jsonl({"id": "refused", "text": FIXED}).encode())
    db = str(tmp_path / "events.duckdb")
    assert run("import", str(inbox), "--db", db).exit_code == 1
    still = run("retry", "--db", db)
    assert (still.exit_code, still.stdout, still.stderr) == (
        1, "1 document: 0 new, 0 updated, 0 unchanged, 1 failed\n",
        f"Error: {inbox}/refused.jsonl:1: extraction failed: the fake pipeline refuses this article\n")
    assert SECTION in run("imports", "--failures", "--db", db).stdout  # still on record, still skipped
    assert "1 skipped (failed before)" in run("import", str(inbox), "--db", db).stdout

    pipelines.use(make_pipeline())
    retried = run("retry", "--db", db)
    assert (retried.exit_code, retried.stdout, retried.stderr) == (
        0, "1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n", "")
    assert SECTION not in run("imports", "--failures", "--db", db).stdout
    assert run("import", str(inbox), "--db", db).stdout == "2 documents: 0 new, 0 updated, 2 unchanged, 0 failed\n"
    assert run("retry", "--db", db).stdout == "No failed documents on record.\n"


def test_retry_takes_the_documents_named(tmp_path: Path, pipelines: Pipelines) -> None:
    inbox = inbox_with(tmp_path, "bad.txt", b"caf\xe9\n")
    (inbox / "empty.md").write_text("", encoding="utf-8")
    db = str(tmp_path / "events.duckdb")
    assert run("import", str(inbox), "--db", db).exit_code == 1
    (inbox / "empty.md").write_text(FIXED, encoding="utf-8")
    named = run("retry", f"{inbox}/empty.md", "--db", db)
    assert (named.exit_code, named.stdout, named.stderr) == (
        0, "1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n", "")
    assert run("imports", "--failures", "--db", db).stdout.splitlines()[-2:] == [
        SECTION, f"    {inbox}/bad.txt: not UTF-8 text (failed 2026-03-04 09:30:00 in {inbox})"]


@pytest.mark.parametrize(("args", "message"), [
    (["nope.txt"], "Error: nope.txt: no failed document of that name on record (events imports --failures lists "
                   "them)\n"),
], ids=["a name not on record"])
def test_retry_refuses_a_name_not_on_record(tmp_path: Path, pipelines: Pipelines, args: list[str],
                                            message: str) -> None:
    inbox = inbox_with(tmp_path, "bad.txt", b"caf\xe9\n")
    db = str(tmp_path / "events.duckdb")
    assert run("import", str(inbox), "--db", db).exit_code == 1
    result = run("retry", *args, "--db", db)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_retry_without_a_database_says_how_to_make_one(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    result = run("retry", "--db", str(missing))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: no database at {missing} (run 'events build' or 'events import' first)\n")
    assert not missing.exists()


def test_retry_forgets_what_it_cannot_read_again_alone(tmp_path: Path, pipelines: Pipelines) -> None:
    """A CSV row needs its columns, which only its source knows: forgotten, so that its next import tries it."""
    rows = tmp_path / "rows.csv"
    rows.write_text(f"text\n{GOOD}\n\"\"\n", encoding="utf-8")
    db = str(tmp_path / "events.duckdb")
    first = run("import", str(rows), "--db", db)
    assert (first.exit_code, first.stderr) == (1, f"Error: {rows}:3: empty 'text' column\n")
    assert "1 skipped (failed before)" in run("import", str(rows), "--db", db).stdout
    forgot = run("retry", "--db", db)
    assert (forgot.exit_code, forgot.stdout, forgot.stderr) == (0, (
        "Forgot 1 failed document that cannot be read again alone (a URL, a CSV row): its source's next run "
        "tries it.\n"), "")
    assert run("import", str(rows), "--db", db).exit_code == 1


def test_a_strict_import_neither_skips_nor_records(tmp_path: Path, pipelines: Pipelines) -> None:
    inbox = inbox_with(tmp_path, "bad.txt", b"caf\xe9\n")
    db = str(tmp_path / "events.duckdb")
    for _ in range(2):
        result = run("import", str(inbox), "--strict", "--db", db)
        assert (result.exit_code, result.stdout) == (
            1, "2 documents: 0 new, 0 updated, 0 unchanged, 1 failed (--strict: nothing imported)\n")
    assert SECTION not in run("imports", "--failures", "--db", db).stdout


def test_a_database_of_schema_1_2_gains_the_failed_documents(tmp_path: Path, pipelines: Pipelines) -> None:
    """Opened read-only it lists its runs as before; the first import adds the tables and records the failure."""
    inbox = inbox_with(tmp_path, "bad.txt", b"caf\xe9\n")
    db = tmp_path / "events.duckdb"
    assert run("import", str(inbox / "good.txt"), "--db", str(db)).exit_code == 0
    with Store.open(db) as store:  # as the version before this one left it
        store._con.execute("DROP TABLE failed_documents; DROP TABLE import_skips; "
                           "UPDATE schema_info SET value = '1.2.0' WHERE key = 'schema_version'")
    listed = run("imports", "--failures", "--db", str(db))
    assert (listed.exit_code, listed.stderr, len(listed.stdout.splitlines())) == (0, "", 1)
    assert run("retry", "--db", str(db)).stdout == "No failed documents on record.\n"
    assert run("import", str(inbox), "--db", str(db)).exit_code == 1
    assert run("import", str(inbox), "--db", str(db)).exit_code == 0
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT value FROM schema_info WHERE key = 'schema_version'")[1] == [("1.3.0",)]


def test_the_failed_documents_are_not_recorded_when_the_import_rolls_back(
        tmp_path: Path, pipelines: Pipelines, make_pipeline: type[FakePipeline]) -> None:
    """A crash (here the extractor's bug on another article) rolls the import back: no failure is recorded."""
    inbox = inbox_with(tmp_path, "bad.txt", b"caf\xe9\n")
    (inbox / "crash.jsonl").write_text(jsonl({"id": "crash", "text": GOOD}), encoding="utf-8")
    pipelines.use(make_pipeline(crash=frozenset({"crash"})))
    db = str(tmp_path / "events.duckdb")
    result = run("import", str(inbox), "--db", db)
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)
    with Store.open(db, read_only=True) as store:
        assert store.known_failures() == {}



def test_an_empty_watched_folder_fails_once_and_its_record_goes_when_files_arrive(
        tmp_path: Path, pipelines: Pipelines) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = str(tmp_path / "events.duckdb")
    first = run("import", str(inbox), "--db", db)
    assert (first.exit_code, first.stderr) == (1, f"Error: {inbox}: no .jsonl, .txt, .md, .html or .htm files in "
                                                  "this folder\n")
    second = run("import", str(inbox), "--db", db)
    assert (second.exit_code, second.stdout, second.stderr) == (
        0, "1 document: 0 new, 0 updated, 0 unchanged, 0 failed, 1 skipped (failed before)\n", "")
    (inbox / "news.txt").write_text(DATED_GOOD, encoding="utf-8")
    third = run("import", str(inbox), "--db", db)
    assert (third.exit_code, third.stdout) == (0, "1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n")
    assert SECTION not in run("imports", "--failures", "--db", db).stdout  # the folder no longer fails


def test_a_bad_file_removed_from_the_folder_leaves_the_record(tmp_path: Path, pipelines: Pipelines) -> None:
    inbox = inbox_with(tmp_path, "bad.txt", b"caf\xe9\n")
    db = str(tmp_path / "events.duckdb")
    assert run("import", str(inbox), "--db", db).exit_code == 1
    (inbox / "bad.txt").unlink()
    gone = run("import", str(inbox), "--db", db)
    assert (gone.exit_code, gone.stdout) == (0, "1 document: 0 new, 0 updated, 1 unchanged, 0 failed\n")
    assert SECTION not in run("imports", "--failures", "--db", db).stdout
