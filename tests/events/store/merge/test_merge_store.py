"""Merging across articles in the store: recorded with its reason, shown once in the analyst views with every
article as a source, undone through the CLI, and released when an article changes (events.store.merge.sql)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from events.cli.commands import main
from events.ingest.importer import import_documents
from events.pipeline import Pipeline
from events.store.db import Store
from schemas import Article

if TYPE_CHECKING:
    from conftest import FixedClock

SUNDAY = date(2026, 5, 3)
FIRST = "Jihadist fighters attacked an army post in Gao on Sunday, killing four soldiers, the army said."
SECOND = "Militants stormed a military checkpoint in Gao on Sunday and killed at least four troops, residents said."
ELSEWHERE = "Militants stormed a military checkpoint in Timbuktu on Sunday and killed two troops, residents said."
PROTEST = "Hundreds of traders protested in Gao on Sunday against new market taxes."


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.default()


def article(article_id: str, text: str, source: str, published: date = date(2026, 5, 4)) -> Article:
    return Article(article_id=article_id, text=text, source=source, published_at=published)


def run(store: Store, pipeline: Pipeline, clock: FixedClock, *articles: Article) -> None:
    import_documents(store, pipeline, list(articles), source="test", now=clock)


def acled_rows(store: Store) -> list[tuple[object, ...]]:
    return store.query("SELECT event_id_cnty, event_type, location, source FROM events_acled ORDER BY ALL")[1]


@pytest.mark.parametrize(("case", "second", "merges"), [
    ("Two outlets report one attack in Gao on the same Sunday.", article("b", SECOND, "Bamako Wire"), 1),
    ("The same outlet's second article is kept apart.", article("b", SECOND, "Sahel Daily"), 0),
    ("An attack in Timbuktu is another incident.", article("b", ELSEWHERE, "Bamako Wire"), 0),
    ("A protest in Gao that Sunday is another incident.", article("b", PROTEST, "Bamako Wire"), 0),
])
def test_an_import_merges_reports_of_one_incident_only(tmp_path: Path, pipeline: Pipeline, clock: FixedClock,
                                                       case: str, second: Article, merges: int) -> None:
    with Store.open(tmp_path / "db.duckdb") as store:
        run(store, pipeline, clock, article("a", FIRST, "Sahel Daily"))
        run(store, pipeline, clock, second)
        assert len(store.merges()) == merges, case
        assert len(acled_rows(store)) == 2 - merges, case
        assert store.query("SELECT count(*) FROM events")[1] == [(2,)], case  # nothing is deleted


def test_a_merged_incident_lists_every_article_and_every_outlet(tmp_path: Path, pipeline: Pipeline,
                                                                clock: FixedClock) -> None:
    with Store.open(tmp_path / "db.duckdb") as store:
        run(store, pipeline, clock, article("a", FIRST, "Sahel Daily"), article("b", SECOND, "Bamako Wire"),
            article("c", SECOND.replace("residents", "a local official"), "Radio Gao"))
        [(kept, event_type, location, sources)] = acled_rows(store)
        assert (event_type, location) == ("Battles", "Gao")
        assert sorted(sources.split("; ")) == ["Bamako Wire", "Radio Gao", "Sahel Daily"]
        _, linked = store.query("SELECT article_id, merge_id IS NULL FROM event_sources WHERE event_id = ? "
                                "ORDER BY article_id", [kept])
        assert linked == [("a", True), ("b", False), ("c", False)]
        assert store.query("SELECT number_of_sources FROM events_ged")[1] == [(3,)]
        reasons = [m[10] for m in store.merges()]
        assert reasons == ["same type Battles; same day 2026-05-03; 0.0 km apart; actors compatible "
                           "(generic on one side)"] * 2


def test_a_failed_import_leaves_no_merge_behind(tmp_path: Path, pipeline: Pipeline, clock: FixedClock) -> None:
    class Exploding:
        version = pipeline.version

        def extract(self, item: Article) -> object:
            if item.article_id == "boom":
                raise RuntimeError("the disk caught fire")
            return pipeline.extract(item)

    with Store.open(tmp_path / "db.duckdb") as store:
        run(store, pipeline, clock, article("a", FIRST, "Sahel Daily"))
        with pytest.raises(RuntimeError):
            import_documents(store, Exploding(), [article("b", SECOND, "Bamako Wire"),  # type: ignore[arg-type]
                                                  article("boom", PROTEST, "Bamako Wire")],
                             source="test", now=clock)
        assert store.merges(include_undone=True) == []
        assert store.query("SELECT count(*) FROM articles")[1] == [(1,)]


def test_unmerge_through_the_cli_separates_the_events_for_good(tmp_path: Path, pipeline: Pipeline,
                                                               clock: FixedClock) -> None:
    db = tmp_path / "db.duckdb"
    with Store.open(db) as store:
        run(store, pipeline, clock, article("a", FIRST, "Sahel Daily"), article("b", SECOND, "Bamako Wire"))
        [merge] = store.merges()
    runner = CliRunner()
    listed = runner.invoke(main, ["merges", "--db", str(db), "--format", "csv"])
    assert listed.exit_code == 0 and merge[0] in listed.output and "same type Battles" in listed.output
    undone = runner.invoke(main, ["unmerge", merge[0], "--db", str(db)])
    assert (undone.exit_code, undone.output) == (0, f"Undid {merge[0]}\n")
    again = runner.invoke(main, ["unmerge", merge[0], "--db", str(db)])
    assert again.exit_code == 1 and again.output.startswith(f"Error: merge {merge[0]!r} was already undone at ")
    missing = runner.invoke(main, ["unmerge", "mrg-nope", "--db", str(db)])
    assert (missing.exit_code, missing.output) == (1, "Error: no merge 'mrg-nope' (see 'events merges')\n")
    with Store.open(db) as store:
        assert len(acled_rows(store)) == 2 and store.merges() == []
        # a third report arrives: it may join the kept event, but the separated pair stays apart
        run(store, pipeline, clock, article("c", SECOND.replace("residents", "an official"), "Radio Gao"))
        pairs = {(m[1], m[3]) for m in store.merges()}
        assert (merge[1], merge[3]) not in pairs and len(store.merges(include_undone=True)) == 2


def test_a_changed_article_drops_its_merges_and_is_merged_again(tmp_path: Path, pipeline: Pipeline,
                                                                clock: FixedClock) -> None:
    with Store.open(tmp_path / "db.duckdb") as store:
        run(store, pipeline, clock, article("a", FIRST, "Sahel Daily"), article("b", SECOND, "Bamako Wire"))
        assert len(store.merges()) == 1
        run(store, pipeline, clock, article("b", ELSEWHERE, "Bamako Wire"))  # the report was corrected
        assert store.merges() == [] and len(acled_rows(store)) == 2
        run(store, pipeline, clock, article("b", SECOND + " Schools were closed.", "Bamako Wire"))
        assert len(store.merges()) == 1 and len(acled_rows(store)) == 1


def test_re_importing_the_same_articles_changes_nothing(tmp_path: Path, pipeline: Pipeline,
                                                       clock: FixedClock) -> None:
    with Store.open(tmp_path / "db.duckdb") as store:
        batch = (article("a", FIRST, "Sahel Daily"), article("b", SECOND, "Bamako Wire"))
        run(store, pipeline, clock, *batch)
        before = store.merges()
        run(store, pipeline, clock, *batch)
        assert store.merges() == before


def test_merging_can_be_switched_off_for_a_store(tmp_path: Path, pipeline: Pipeline, clock: FixedClock) -> None:
    with Store.open(tmp_path / "db.duckdb") as store:
        store.merge_across_articles = False
        run(store, pipeline, clock, article("a", FIRST, "Sahel Daily"), article("b", SECOND, "Bamako Wire"))
        assert store.merges() == [] and len(acled_rows(store)) == 2
