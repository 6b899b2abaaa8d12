"""`events sql` (events/cli/outputs.py) against an attacker and a careless operator: only a SELECT runs, whatever
DuckDB accepts, on a database or a Parquet dataset, and no file anywhere is created or changed; results stream
(memory stays flat however many rows); Ctrl-C and --timeout end a running query with one line; control
characters are escaped on a terminal and left intact when piped."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from click.testing import CliRunner, Result

from events.cli import terminal
from events.cli.commands import main
from events.cluster.parquet import TABLES, BatchCounts, ClusterReport, finish_dataset, write_batch
from events.ingest.importer import import_documents
from events.store.db import Store
from schemas import Article

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

ROOT = Path(__file__).resolve().parents[3]
EVENTS = Path(sys.executable).with_name("events")
CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
PROTEST = "Hundreds of students protested in Southport on Tuesday."
LONG_QUERY = ("SELECT count(*) FROM range(100000000) a, range(100000000) b "
              "WHERE a.range + b.range = -1")  # hours of work: only an interruption ends it


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock,
           make_pipeline: type[FakePipeline], make_article: Callable[..., Article]) -> Path:
    """A database `events.duckdb` and the same rows as a Parquet dataset `dataset/`, in the current folder
    (relative paths in a query land here too)."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "events.duckdb"
    with Store.open(db) as store:
        import_documents(store, make_pipeline(), [make_article("a1", CLASH, source="Daily Example"),
                                                  make_article("a2", PROTEST)], source="test", now=clock)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = {table: con.execute(f"SELECT * FROM {table}").fetchall() for table in TABLES}
    counts, written = write_batch(tmp_path / "dataset", 0, rows)
    moment = datetime(2026, 3, 4, tzinfo=timezone.utc)
    finish_dataset(tmp_path / "dataset", ClusterReport(
        extractor_version="fake-1", run_id="run-1", source="test", started_at=moment, finished_at=moment,
        batch_size=10, batches=(BatchCounts(0, 2, counts),), articles=2, repeated=0), set(written))
    return tmp_path


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file and folder under `folder`: modification time and content hash."""
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()
                                         if p.is_file() else "")
            for p in sorted(folder.rglob("*"))}


def source_of(folder: Path, mode: str) -> list[str]:
    return ["--db", str(folder / "events.duckdb")] if mode == "db" else ["--parquet", str(folder / "dataset")]


ONLY_SELECT = "only SELECT statements are allowed, got {}"
HOSTILE = [
    # statements that write, read outside, or change the connection: refused by their type, as DuckDB parses them
    ("EXPLAIN ANALYZE COPY (SELECT * FROM events) TO 'dataset/_manifest.json' (FORMAT json)",
     ONLY_SELECT.format("EXPLAIN")),
    ("EXPLAIN ANALYZE COPY (SELECT * FROM events) TO 'events.duckdb.tmp/x.csv'", ONLY_SELECT.format("EXPLAIN")),
    ("EXPLAIN SELECT 1", ONLY_SELECT.format("EXPLAIN")),
    ("COPY events TO 'dataset/events/x.parquet' (FORMAT parquet)", ONLY_SELECT.format("COPY")),
    ("COPY (SELECT 1) TO 'out.csv'", ONLY_SELECT.format("COPY")),
    ("EXPORT DATABASE 'exported'", ONLY_SELECT.format("EXPORT")),
    ("ATTACH 'other.duckdb' AS other", ONLY_SELECT.format("ATTACH")),
    ("DETACH other", ONLY_SELECT.format("DETACH")),
    ("INSTALL sqlite", ONLY_SELECT.format("LOAD")),
    ("LOAD sqlite", ONLY_SELECT.format("LOAD")),
    ("UPDATE EXTENSIONS", ONLY_SELECT.format("an unknown statement type")),  # the duckdb package has no name for it
    ("PRAGMA version", ONLY_SELECT.format("PRAGMA")),
    ("SET enable_external_access = true", ONLY_SELECT.format("SET")),
    ("RESET lock_configuration", ONLY_SELECT.format("SET")),
    ("USE memory", ONLY_SELECT.format("SET")),
    ("CALL checkpoint()", ONLY_SELECT.format("CALL")),
    ("CHECKPOINT", ONLY_SELECT.format("CALL")),
    ("CREATE TABLE t AS SELECT 1", ONLY_SELECT.format("CREATE")),
    ("CREATE VIEW v AS SELECT 1", ONLY_SELECT.format("CREATE")),
    ("INSERT INTO import_runs (run_id) VALUES ('x')", ONLY_SELECT.format("INSERT")),
    ("UPDATE events SET fatalities = 99", ONLY_SELECT.format("UPDATE")),
    ("DELETE FROM events", ONLY_SELECT.format("DELETE")),
    ("TRUNCATE events", ONLY_SELECT.format("DELETE")),
    ("DROP TABLE events", ONLY_SELECT.format("DROP")),
    ("ALTER TABLE events ADD COLUMN x INTEGER", ONLY_SELECT.format("ALTER")),
    ("MERGE INTO import_runs USING import_runs s ON false WHEN NOT MATCHED THEN INSERT BY NAME",
     ONLY_SELECT.format("MERGE_INTO")),
    ("VACUUM", ONLY_SELECT.format("VACUUM")),
    ("BEGIN TRANSACTION", ONLY_SELECT.format("TRANSACTION")),
    ("PREPARE p AS SELECT 1", ONLY_SELECT.format("PREPARE")),
    ("PIVOT events ON event_type USING count(*)", ONLY_SELECT.format("MULTI")),
    # several statements: the second writes
    ("SELECT 1; COPY events TO 'out.csv'", "expected exactly one SQL statement, got 2"),
    ("SELECT 1;\nEXPLAIN ANALYZE COPY events TO 'out.csv'", "expected exactly one SQL statement, got 2"),
    # comments hiding keywords from a filter reading prefixes
    ("/* SELECT */ COPY events TO 'out.csv'", ONLY_SELECT.format("COPY")),
    ("-- SELECT\nEXPLAIN ANALYZE COPY events TO 'out.csv'", ONLY_SELECT.format("EXPLAIN")),
    ("  (  SELECT 1 ) ; ; COPY events TO 'out.csv'", "expected exactly one SQL statement, got 2"),
    # a SELECT that would write, or reach other files, through a function
    ("SELECT * FROM query('COPY (SELECT 1) TO ''out.csv''')",
     "Parser Error: Expected a single SELECT statement (line 1, column 15)"),
    ("SELECT * FROM query('WITH x AS (DELETE FROM import_runs RETURNING *) SELECT * FROM x')",
     "Binder Error: WITH clause containing a data-modifying statement must be at the top level (line 1, column 15)"),
    ("SELECT * FROM enable_profiling()", 'Invalid Input Error: Cannot change configuration option '
                                         '"enable_profiling" - the configuration has been locked (line 1, column 15)'),
    ("SELECT * FROM enable_logging()", 'Invalid Input Error: Cannot change configuration option '
                                       '"enable_logging" - the configuration has been locked (line 1, column 15)'),
    ("SELECT * FROM read_csv('/etc/passwd')", 'Permission Error: Cannot access file "/etc/passwd" - file system '
                                              "operations are disabled by configuration (line 1, column 15)"),
    ("SELECT * FROM read_duckdb('other.duckdb')",
     'Permission Error: Cannot access file "other.duckdb" - file system operations are disabled by '
     "configuration (line 1, column 15)"),
]


@pytest.mark.parametrize("mode", ["db", "parquet"])
@pytest.mark.parametrize(("query", "message"), HOSTILE, ids=[q for q, _ in HOSTILE])
def test_only_a_select_runs_and_nothing_is_written(folder: Path, mode: str, query: str, message: str) -> None:
    before = snapshot(folder)
    result = run("sql", *source_of(folder, mode), "--", query)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert snapshot(folder) == before


@pytest.mark.parametrize(("mode", "message"), [
    ("db", 'Invalid Input Error: Cannot execute statement of type "SELECT" on database "events" which is '
           "attached in read-only mode!"),
    ("parquet", 'TransactionContext Error: Cannot write to database "memory" - transaction is launched in '
                "read-only mode"),
])
@pytest.mark.parametrize("query", [
    "WITH x AS (DELETE FROM import_runs RETURNING *) SELECT * FROM x",
    "WITH x AS (INSERT INTO import_runs (run_id) VALUES ('x') RETURNING run_id) SELECT * FROM x",
])
def test_a_select_that_writes_through_a_cte_is_refused(folder: Path, mode: str, message: str, query: str) -> None:
    before = snapshot(folder)
    result = run("sql", *source_of(folder, mode), "--", query)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert snapshot(folder) == before
    assert run("sql", "SELECT count(*) AS runs FROM import_runs", *source_of(folder, mode), "--format",
               "csv").stdout == "runs\n1\n"


@pytest.mark.parametrize("mode", ["db", "parquet"])
@pytest.mark.parametrize("query", [
    "SELECT event_type FROM events ORDER BY 1",
    "FROM events SELECT event_type ORDER BY 1",
    "WITH t AS (SELECT event_type FROM events_acled) SELECT * FROM t ORDER BY 1",
    "-- the types\nSELECT event_type FROM events /* both */ ORDER BY 1;",
    "(SELECT 'Battles' AS event_type) UNION ALL (SELECT 'Protests')",
])
def test_select_in_its_forms_still_runs(folder: Path, mode: str, query: str) -> None:
    result = run("sql", *source_of(folder, mode), "--format", "csv", "--", query)
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", "event_type\nBattles\nProtests\n")


# -- streaming, interruption, timeout ----------------------------------------------------------------------------

# Runs a command and prints its peak resident memory. A child's ru_maxrss counts the memory of the process that
# forked it, up to its exec: measured from the test process (a few hundred MB), the child would look that large.
MEASURE = ("import resource, subprocess, sys\n"
           "with open(sys.argv[1], 'wb') as out:\n"
           "    code = subprocess.call(sys.argv[2:], stdout=out)\n"
           "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_memory_mb(args: list[str], out: Path) -> tuple[int, float]:
    """Run the command in a child process writing to `out`; its exit code and peak resident memory."""
    done = subprocess.run([sys.executable, "-c", MEASURE, str(out), str(EVENTS), *args], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    code, kilobytes = done.stdout.split()
    return int(code), int(kilobytes) / 1024


def test_a_large_result_streams_in_bounded_memory(folder: Path) -> None:
    rows = 3_000_000
    code, peak = peak_memory_mb(["sql", f"SELECT i, 'row ' || i AS label FROM generate_series(1, {rows}) t(i)",
                                 "--db", str(folder / "events.duckdb"), "--format", "csv"], folder / "out.csv")
    assert code == 0
    with (folder / "out.csv").open(encoding="utf-8") as written:
        assert next(written) == "i,label\n" and next(written) == "1,row 1\n"
        assert sum(1 for _ in written) == rows - 1
    # fetching the 3 million rows as Python tuples alone takes more than 400 MB; streamed, the process stays near
    # its size before the query (about 100 MB)
    assert peak < 200, f"{peak:.0f} MB"


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_rows_of_several_batches_render_as_one_result(folder: Path, fmt: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    query = "SELECT i, repeat('x', 2 * i) AS label, 'z' AS z FROM range(5) t(i)"
    whole = run("sql", query, "--format", fmt)
    monkeypatch.setattr("events.cli.outputs.BATCH_ROWS", 2)
    batched = run("sql", query, "--format", fmt)
    assert (batched.exit_code, batched.stderr) == (0, "")
    if fmt == "table":  # aligned on the first batch: later, longer values overflow their column
        assert whole.stdout == ("i  label     z\n-  --------  -\n0            z\n1  xx        z\n2  xxxx      z\n"
                                "3  xxxxxx    z\n4  xxxxxxxx  z\n")
        assert batched.stdout == ("i  label  z\n-  -----  -\n0         z\n1  xx     z\n2  xxxx   z\n"
                                  "3  xxxxxx  z\n4  xxxxxxxx  z\n")
    else:
        assert batched.stdout == whole.stdout


def test_json_of_no_rows_is_an_empty_array(folder: Path) -> None:
    result = run("sql", "SELECT 1 AS one WHERE false", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_ctrl_c_ends_a_running_query_with_one_line(folder: Path) -> None:
    db = folder / "events.duckdb"
    # a terminal's Ctrl-C: SIGINT handled by default (a shell running the tests in the background ignores it)
    child = subprocess.Popen([str(EVENTS), "sql", LONG_QUERY, "--db", str(db)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        opened = Path(f"/proc/{child.pid}/fd")
        deadline = time.monotonic() + 30
        while os.path.realpath(db) not in _open_files(opened):  # the database is open: the query is about to run
            assert time.monotonic() < deadline and child.poll() is None, "the query never started"
            time.sleep(0.05)
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        sent = time.monotonic()
        stdout, stderr = child.communicate(timeout=10)
    finally:
        child.kill()
    assert (child.returncode, stdout, stderr) == (130, "", "Error: query interrupted\n")
    assert time.monotonic() - sent < 5


def _open_files(fds: Path) -> set[str]:
    """The files a process has open, from its /proc/PID/fd folder (each link read while it may close)."""
    try:
        links = list(fds.iterdir())
    except OSError:  # the process has ended
        return set()
    found = set()
    for link in links:
        with suppress(OSError):
            found.add(os.readlink(link))
    return found


def test_a_query_longer_than_its_timeout_is_ended(folder: Path) -> None:
    started = time.monotonic()
    result = run("sql", LONG_QUERY, "--db", str(folder / "events.duckdb"), "--timeout", "1")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Error: query timed out after 1 s\n")
    assert time.monotonic() - started < 5


# -- control characters ---------------------------------------------------------------------------------------

CONTROLS = "SELECT 'a' || chr(27) || '[2J' || chr(155) || 'b' || chr(127) AS \"v\"\"\""


@pytest.mark.parametrize(("fmt", "shown"), [
    ("table", 'v"\n-----------------\na\\x1b[2J\\x9bb\\x7f\n'),
    ("markdown", '| v" |\n| --- |\n| a\\x1b[2J\\x9bb\\x7f |\n'),
    ("csv", '"v"""\na\\x1b[2J\\x9bb\\x7f\n'),
    ("json", '[\n  {\n    "v\\"": "a\\u001b[2J\\u009bb\\u007f"\n  }\n]\n'),
])
def test_control_characters_are_escaped_on_a_terminal(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                      fmt: str, shown: str) -> None:
    monkeypatch.setattr(terminal, "stdout_is_terminal", lambda: True)
    result = run("sql", CONTROLS, "--format", fmt)
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", shown)


@pytest.mark.parametrize(("fmt", "piped"), [
    ("csv", '"v"""\na\x1b[2J\x9bb\x7f\n'),
    ("json", '[\n  {\n    "v\\"": "a\\u001b[2J\x9bb\x7f"\n  }\n]\n'),
    ("table", 'v"\n--------\na\x1b[2J\x9bb\x7f\n'),
])
def test_piped_output_keeps_the_data_intact(folder: Path, fmt: str, piped: str) -> None:
    result = run("sql", CONTROLS, "--format", fmt)
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", piped)



# -- filter values: a value that names nothing is one line, a real one without events is no rows ----------------

@pytest.mark.parametrize(("args", "rows"), [
    pytest.param(["--country", "examplia"], 2, id="a country of the database, in any case"),
    pytest.param(["--country", "Mali"], 0, id="a real country without events"),
    pytest.param(["--country", "Côte d’Ivoire", "--country", "DRC"], 0, id="countries by their aliases"),
    pytest.param(["--type", "armed clash"], 1, id="a sub-event type, in any case"),
    pytest.param(["--type", "Chemical weapon"], 0, id="an ACLED sub-event type without events"),
    pytest.param(["--actor", "liberation"], 1, id="part of an actor's name in the database"),
    pytest.param(["--actor", "JNIM"], 0, id="an actor of the lexicon without events"),
    pytest.param(["--actor", "Military Forces of Chad"], 0, id="an actor named after its country"),
    pytest.param(["--since", "2026-03-02", "--until", "2026-03-02"], 2, id="one day"),
])
def test_export_filter_values_that_name_something_choose_rows(folder: Path, args: list[str], rows: int) -> None:
    result = run("export", "acled", "--out", "-", *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert len(result.stdout.splitlines()) == 1 + rows


FILTER_ERRORS = [
    (["--country", "Narnia"], "Error: --country 'Narnia': no such country; did you mean 'Armenia'?"),
    (["--country", "Burkna Faso"], "Error: --country 'Burkna Faso': no such country; did you mean 'Burkina Faso'?"),
    (["--country", "Mali", "--country", "Xyzzy"],
     "Error: --country 'Xyzzy': no such country (a country's name as ACLED writes it, such as 'Mali', or an alias, "
     "such as 'DRC')"),
    (["--country", "x' OR 1=1 --"],
     "Error: --country \"x' OR 1=1 --\": no such country (a country's name as ACLED writes it, such as 'Mali', or "
     "an alias, such as 'DRC')"),
    (["--type", "Battle"], "Error: --type 'Battle': no such event or sub-event type; did you mean 'Battles'?"),
    (["--type", "explosions"],
     "Error: --type 'explosions': no such event or sub-event type; did you mean 'Explosions/Remote violence'?"),
    (["--type", "Xyzzy"],
     "Error: --type 'Xyzzy': no such event or sub-event type (event types: Battles, Explosions/Remote violence, "
     "Violence against civilians, Protests, Riots, Strategic developments; or one of their 25 sub-event types)"),
    (["--actor", "Liberaton"], "Error: --actor 'Liberaton': no actor's name contains it; did you mean 'Liberation'?"),
    (["--actor", "Xyzzy"], "Error: --actor 'Xyzzy': no actor's name contains it"),
    (["--since", "2026-05-01", "--until", "2026-04-01"], "Error: --since 2026-05-01 is after --until 2026-04-01"),
]


@pytest.mark.parametrize("table", ["events", "claims", "acled"])
@pytest.mark.parametrize(("args", "message"), FILTER_ERRORS, ids=[" ".join(args) for args, _ in FILTER_ERRORS])
def test_export_filter_values_that_name_nothing_are_one_line(folder: Path, table: str, args: list[str],
                                                              message: str) -> None:
    result = run("export", table, "--out", "out.csv", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")
    assert not (folder / "out.csv").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["merges", "--event", "nope"], "Error: --event 'nope': no such event"),
    (["imports", "--source", "tset"], "Error: --source 'tset': no import runs of such a source; did you mean 'test'?"),
    (["imports", "--source", "other"],
     "Error: --source 'other': no import runs of such a source (sources with runs: 'test')"),
    (["imports", "--source", "other", "--format", "json"],
     "Error: --source 'other': no import runs of such a source (sources with runs: 'test')"),
])
def test_other_filter_values_that_name_nothing_are_one_line(folder: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")


def test_an_event_without_merges_is_an_empty_list(folder: Path) -> None:
    with duckdb.connect(str(folder / "events.duckdb"), read_only=True) as con:
        [(event_id,)] = con.execute("SELECT event_id FROM events WHERE event_type = 'Battles'").fetchall()
    result = run("merges", "--event", event_id, "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert len(result.stdout.splitlines()) == 1
