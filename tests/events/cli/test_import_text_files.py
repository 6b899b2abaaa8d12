"""`events import` of .txt/.md files, through the real entry point and the real pipeline (issue 17, "Data that
goes wrong silently"): every file is dated (the option, else the date it writes, else its modification time with
a warning and week precision), a first line is a title only when it looks like one and a title's toll and place
count, and `--source` (or a sources file's `source` option) names the publisher. The texts are made up."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from events.cli.commands import main

LEDE = "Gunmen killed 12 villagers in Maiduguri, Borno State, on Monday, police said."
MORE = "The attack was the latest in the region."


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def write(path: Path, content: str, modified: str = "2026-03-03 12:00") -> Path:
    path.write_text(content, encoding="utf-8")
    stamp = datetime.fromisoformat(modified).timestamp()  # local time, as the reader reads it back
    os.utime(path, (stamp, stamp))
    return path


def sql(db: Path, query: str) -> str:
    result = run("sql", query, "--db", str(db), "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def mtime_warning(path: Path, day: str) -> str:
    return (f"Warning: {path}: no publication date in the file; dated by its modification time, {day} (dates "
            "relative to it are uncertain; set --published-at, or published_at in a sources file)\n")


# -- dates --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "head", "published"), [
    ("a.md", "---\ntitle: Village attacked\npublished: 2026-03-04\n---\n", "2026-03-04"),
    ("a.txt", "Village attacked\n\nPublished: 4 March 2026\n\n", "2026-03-04"),
    ("a.txt", "MAIDUGURI, Nigeria, March 4, 2026 (AP) -- ", "2026-03-04"),
    ("a.txt", "Lagos, 4 Mar 2026 (Reuters) - ", "2026-03-04"),
])
def test_a_file_without_published_at_is_dated_by_the_date_it_writes(tmp_path: Path, name: str, head: str,
                                                                     published: str) -> None:
    story = write(tmp_path / name, f"{head}{LEDE}\n\n{MORE}\n")
    db = tmp_path / "events.duckdb"
    result = run("import", str(story), "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n", "")
    assert sql(db, "SELECT published_at FROM articles") == f"published_at\n{published}\n"
    # a date the file writes is as sure as one given: events counted from it keep their day's precision
    assert sql(db, "SELECT date_precision FROM events") == "date_precision\nday\n"


def test_a_file_that_writes_no_date_is_dated_by_its_modification_time_with_a_warning(tmp_path: Path) -> None:
    story = write(tmp_path / "a.txt", f"{LEDE}\n\n{MORE}\n", modified="2026-03-03 12:00")
    db = tmp_path / "events.duckdb"
    result = run("import", str(story), "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n", mtime_warning(story, "2026-03-03"))
    assert sql(db, "SELECT published_at FROM articles") == "published_at\n2026-03-03\n"
    # "on Monday" is counted from a date that is only the file's: known to the week
    assert sql(db, "SELECT event_date, date_precision FROM events") == "event_date,date_precision\n2026-03-02,week\n"
    runs = run("imports", "--failures", "--db", str(db))
    assert runs.stdout.splitlines()[1] == "    warning: " + mtime_warning(story, "2026-03-03")[9:-1]


def test_published_at_wins_over_the_file(tmp_path: Path) -> None:
    story = write(tmp_path / "a.txt", f"Lagos, 4 Mar 2026 (Reuters) - {LEDE}\n\n{MORE}\n")
    db = tmp_path / "events.duckdb"
    result = run("import", str(story), "--published-at", "2026-03-10", "--db", str(db))
    assert (result.exit_code, result.stderr) == (0, "")
    assert sql(db, "SELECT event_date, date_precision FROM events") == "event_date,date_precision\n2026-03-09,day\n"


def test_the_same_day_given_after_the_modification_time_re_extracts_at_day_precision(tmp_path: Path) -> None:
    story = write(tmp_path / "a.txt", f"{LEDE}\n\n{MORE}\n", modified="2026-03-03 12:00")
    db = tmp_path / "events.duckdb"
    assert run("import", str(story), "--db", str(db)).exit_code == 0
    # the day does not change, where it comes from does: the events are counted again, from a sure date
    result = run("import", str(story), "--published-at", "2026-03-03", "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "1 document: 0 new, 1 updated, 0 unchanged, 0 failed\n", "")
    assert sql(db, "SELECT event_date, date_precision FROM events") == "event_date,date_precision\n2026-03-02,day\n"
    assert sql(db, "SELECT published_at_source FROM articles") == "published_at_source\ngiven\n"


def test_each_undated_file_of_a_folder_is_named_in_its_own_warning(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    dated = write(folder / "a.txt", f"Published: 4 March 2026\n\n{LEDE}\n")
    undated = write(folder / "b.md", f"# Village attacked\n\n{MORE}\n", modified="2026-02-27 09:30")
    result = run("import", str(folder), "--db", str(tmp_path / "events.duckdb"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "2 documents: 2 new, 0 updated, 0 unchanged, 0 failed\n", mtime_warning(undated, "2026-02-27"))
    assert dated.exists()


# -- titles -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "title"), [
    # no headline: the first paragraph is the lede, with its event, its toll and its place
    ("a.txt", f"{LEDE}\n\n{MORE}\n", "-"),
    # a headline: its toll and place count where the lede gives none
    ("a.txt", "Gunmen kill 12 in Maiduguri\n\nGunmen attacked a village on Monday, police said.\n",
     "Gunmen kill 12 in Maiduguri"),
    ("a.md", "# Gunmen kill 12 in Maiduguri\n\nGunmen attacked a village on Monday, police said.\n",
     "Gunmen kill 12 in Maiduguri"),
    ("a.md", "---\ntitle: Gunmen kill 12 in Maiduguri\n---\nGunmen attacked a village on Monday, police said.\n",
     "Gunmen kill 12 in Maiduguri"),
])
def test_the_lede_and_the_headline_give_the_event_its_toll_and_place(tmp_path: Path, name: str, content: str,
                                                                     title: str) -> None:
    story = write(tmp_path / name, content)
    db = tmp_path / "events.duckdb"
    result = run("import", str(story), "--published-at", "2026-03-03", "--db", str(db))
    assert (result.exit_code, result.stderr) == (0, "")
    assert sql(db, "SELECT coalesce(title, '-') AS title FROM articles") == f"title\n{title}\n"
    assert sql(db, "SELECT event_date, location, fatalities FROM events_acled") == (
        "event_date,location,fatalities\n2026-03-02,Maiduguri,12\n")


def test_a_json_lines_title_written_as_the_first_line_counts_too(tmp_path: Path) -> None:
    record = {"id": "n-1", "title": "Gunmen kill 12 in Maiduguri", "published_at": "2026-03-03",
              "text": "Gunmen kill 12 in Maiduguri\n\nGunmen attacked a village on Monday, police said."}
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps(record) + "\n")
    db = tmp_path / "events.duckdb"
    assert run("import", str(news), "--db", str(db)).exit_code == 0
    assert sql(db, "SELECT event_date, location, fatalities FROM events_acled") == (
        "event_date,location,fatalities\n2026-03-02,Maiduguri,12\n")


# -- sources ------------------------------------------------------------------------------------------------

def test_source_names_the_publisher_of_files_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "a.txt", f"{LEDE}\n")
    write(folder / "b.md", "Troops clashed with militants in Gao, Mali, on Sunday, the army said.\n")
    db = tmp_path / "events.duckdb"
    result = run("import", str(folder), "--source", "Daily Example", "--published-at", "2026-03-03", "--db", str(db))
    assert (result.exit_code, result.stderr) == (0, "")
    assert sql(db, "SELECT DISTINCT source FROM events_acled") == "source\nDaily Example\n"
    assert sql(db, "SELECT count(*) AS n FROM articles WHERE source = 'Daily Example'") == "n\n2\n"


def test_a_records_own_source_wins_over_the_option(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({"id": "n-1", "text": LEDE, "source": "Example Wire"}) + "\n"
                    + json.dumps({"id": "n-2", "text": LEDE.replace("12", "3")}) + "\n")
    db = tmp_path / "events.duckdb"
    result = run("import", str(news), "--source", "Daily Example", "--published-at", "2026-03-03", "--db", str(db))
    assert (result.exit_code, result.stderr) == (0, "")
    assert sql(db, "SELECT article_id, source FROM articles ORDER BY 1") == (
        "article_id,source\nn-1,Example Wire\nn-2,Daily Example\n")


def test_a_sources_file_names_the_publisher_with_its_source_option(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "a.txt", f"{LEDE}\n")
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "inbox"\nkind = "folder"\npath = "inbox"\n'
                       '[source.options]\nsource = "Daily Example"\npublished_at = 2026-03-03\n')
    db = tmp_path / "events.duckdb"
    result = run("import", "--sources", str(sources), "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "inbox: 1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n", "")
    assert sql(db, "SELECT source FROM events_acled") == "source\nDaily Example\n"


@pytest.mark.parametrize(("value", "shown"), [("3", "3"), ('""', "''"), ("[]", "[]")])
def test_a_bad_source_option_is_one_line_naming_the_file_the_source_and_the_option(tmp_path: Path, value: str,
                                                                                   shown: str) -> None:
    (tmp_path / "inbox").mkdir()
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "inbox"\nkind = "folder"\npath = "inbox"\n'
                       f'[source.options]\nsource = {value}\n')
    result = run("import", "--sources", str(sources), "--db", str(tmp_path / "events.duckdb"))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {sources}: source 'inbox': source: must be the publisher's name, got {shown}\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--source", "  "], "Invalid value for '--source': must name the publisher, got an empty name"),
    (["--source", "X", "--sources", "s.toml"], "--source names the publisher of PATHS; a sources file names it in "
                                               "[source.options]: source = NAME"),
    (["--source", "X", "--engine", "dask", "--parquet-out", "out"], "--source works with --engine local only"),
])
def test_source_refuses_what_it_cannot_apply(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "s.toml").write_text("")
    story = write(tmp_path / "a.txt", f"{LEDE}\n")
    paths = [] if "--sources" in args else [str(story)]
    os.chdir(tmp_path)
    result = run("import", *paths, *args, "--db", str(tmp_path / "events.duckdb"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert not (tmp_path / "events.duckdb").exists()


def test_a_sources_run_warns_of_each_file_dated_by_its_modification_time(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    story = write(folder / "a.txt", f"{LEDE}\n", modified="2026-03-03 12:00")
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "inbox"\nkind = "folder"\npath = "inbox"\n')
    result = run("import", "--sources", str(sources), "--db", str(tmp_path / "events.duckdb"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "inbox: 1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n",
        "Warning: inbox: " + mtime_warning(story, "2026-03-03")[len("Warning: "):])
