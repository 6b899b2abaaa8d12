"""Pipeline owns its lexicons: a variant (one entry removed, one added) runs beside the default in one process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from events.lexicon import Lexicons, bundled_folder
from events.pipeline import Pipeline
from events.version import EXTRACTOR_VERSION
from gazetteer import Gazetteer
from schemas import Article

KIDNAPPING = "Gunmen abducted two teachers in Gao on Monday."
SNATCHING = "Gunmen snatched two teachers in Gao on Monday."


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def variant(tmp_path: Path, name: str, edit: Callable[[str], str]) -> Lexicons:
    """The bundled lexicons with one file edited, in a folder of their own."""
    folder = tmp_path / "lexicons"
    shutil.copytree(str(bundled_folder()), folder)
    path = folder / name
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before, "the edit must change the file"
    path.write_text(after, encoding="utf-8")
    return Lexicons(folder)


def kinds(pipeline: Pipeline, text: str) -> list[tuple[str, str]]:
    extraction = pipeline.extract(Article(article_id="a", text=text, published_at=date(2025, 3, 14)))
    return [(e.sub_event_type, e.evidence[0].rule) for e in extraction.events]


def test_removing_a_trigger_pattern_removes_the_events_it_found(tmp_path: Path, gazetteer: Gazetteer) -> None:
    default = Pipeline(gazetteer)
    without = variant(tmp_path, "triggers.csv", lambda t: t.replace("abduct{ed,ing,ion,ions,s}|", ""))
    ablated = Pipeline(gazetteer, without)
    assert kinds(default, KIDNAPPING) == [("Abduction/forced disappearance", "trg.abduct")]
    assert kinds(ablated, KIDNAPPING) == []
    assert kinds(default, KIDNAPPING) == [("Abduction/forced disappearance", "trg.abduct")]  # the default is untouched


def test_adding_a_trigger_pattern_finds_what_the_default_does_not(tmp_path: Path, gazetteer: Gazetteer) -> None:
    default = Pipeline(gazetteer)
    with_snatched = variant(tmp_path, "triggers.csv", lambda t: t.replace("|kidnap{", "|snatched|kidnap{"))
    extended = Pipeline(gazetteer, with_snatched)
    assert kinds(default, SNATCHING) == []
    assert kinds(extended, SNATCHING) == [("Abduction/forced disappearance", "trg.abduct")]


def test_the_default_pipeline_owns_the_bundled_lexicons(gazetteer: Gazetteer) -> None:
    pipeline = Pipeline(gazetteer)
    assert pipeline.lexicons.folder == bundled_folder()
    assert pipeline.version == EXTRACTOR_VERSION


def test_a_variant_of_the_lexicons_is_another_extractor_version(tmp_path: Path, gazetteer: Gazetteer) -> None:
    """Articles imported with other rules are extracted again, and their events get other ids."""
    same = tmp_path / "same"
    shutil.copytree(str(bundled_folder()), same)
    copy = Pipeline(gazetteer, Lexicons(same))
    assert copy.version == f"{EXTRACTOR_VERSION}+lexicons.{Lexicons(same).fingerprint()[:12]}"
    snatched = variant(tmp_path, "triggers.csv", lambda t: t.replace("|kidnap{", "|snatched|kidnap{"))
    edited = Pipeline(gazetteer, snatched)
    assert edited.version.startswith(f"{EXTRACTOR_VERSION}+lexicons.") and edited.version != copy.version
    default = Pipeline(gazetteer)
    event = Article(article_id="a", text=KIDNAPPING, published_at=date(2025, 3, 14))
    assert default.extract(event).events[0].event_id != edited.extract(event).events[0].event_id
