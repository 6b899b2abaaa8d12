"""The publication date of a text file: the import's option, else the date the file writes (front matter, a
labelled line near its top, a wire dateline), else its modification time -- never none. Every text here is
made up for the test."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from events.ingest.published import front_matter
from events.ingest.readers import ReadFailure, mtime_warning, read_documents
from schemas import Article

BODY = "Gunmen attacked a village in the north on Monday, police said.\n\nThe village was empty by nightfall.\n"
MODIFIED = date(2026, 1, 20)  # the files' modification time: far from every date they write


def read_one(tmp_path: Path, name: str, content: str, published_at: date | None = None) -> Article:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    noon = datetime.combine(MODIFIED, datetime.min.time()).replace(hour=12).timestamp()
    os.utime(path, (noon, noon))
    [article] = read_documents([path], published_at=published_at)
    assert isinstance(article, Article), article
    return article


WRITTEN = [
    # front matter (YAML, as static site generators write it; TOML between +++)
    ("story.md", "---\ntitle: Village attacked\ndate: 2026-03-03\n---\n" + BODY, date(2026, 3, 3)),
    ("story.md", '---\npublished: "March 3, 2026"\ntags: [north]\n---\n' + BODY, date(2026, 3, 3)),
    ("story.md", "---\ndate: 2026-03-03T10:15:00+01:00\n---\n" + BODY, date(2026, 3, 3)),
    ("story.md", "---\nupdated: 2026-03-04\npublished_at: 2026-03-03\n---\n" + BODY, date(2026, 3, 3)),
    ("story.txt", "+++\ntitle = 'Village attacked'\ndate = 2026-03-03\n+++\n" + BODY, date(2026, 3, 3)),
    # a labelled line near the top
    ("story.txt", "Village attacked\n\nPublished: 3 March 2026\n\n" + BODY, date(2026, 3, 3)),
    ("story.txt", "Village attacked\nBy A. Writer | Published on March 3, 2026 at 10:15 GMT\n\n" + BODY,
     date(2026, 3, 3)),
    ("story.txt", "Date: 2026-03-03\n\n" + BODY, date(2026, 3, 3)),
    ("story.txt", "Updated: 4 March 2026\nPosted: 3 March 2026\n\n" + BODY, date(2026, 3, 3)),
    ("story.txt", "Last updated Wednesday, 4 March 2026\n\n" + BODY, date(2026, 3, 4)),
    # a wire dateline on one of the first lines
    ("story.txt", "KABUL, Afghanistan, March 3, 2026 (AP) -- " + BODY, date(2026, 3, 3)),
    ("story.txt", "Lagos, 11 Mar 2026 (Reuters) - " + BODY, date(2026, 3, 11)),
    ("story.txt", "March 3, 2026 -- " + BODY, date(2026, 3, 3)),
    ("story.txt", "Village attacked\n\nGAO, MALI, 3 MARCH 2026 (AFP) — " + BODY, date(2026, 3, 3)),
]


@pytest.mark.parametrize(("name", "content", "expected"), WRITTEN)
def test_a_file_without_the_option_is_dated_by_the_date_it_writes(tmp_path: Path, name: str, content: str,
                                                                  expected: date) -> None:
    article = read_one(tmp_path, name, content)
    assert (article.published_at, article.published_at_source) == (expected, "text")
    assert mtime_warning(article) is None


UNDATED = [
    BODY,
    "Village attacked\n\n" + BODY,
    # a date in the story is when something happened, not when it was written
    BODY + "\nThe village was attacked before, on 3 March 2025.\n",
    "The ceasefire of March 3, 2026 held for a week. " + BODY,  # a sentence, no dateline
    "Published: soon\n\n" + BODY,  # a label without a date
    "---\nnot: [valid yaml\n---\n" + BODY,  # not front matter: text like the rest
    "Lagos, 11 Mar (Reuters) - " + BODY,  # no year: no date
]


@pytest.mark.parametrize("content", UNDATED)
def test_a_file_that_writes_no_date_is_dated_by_its_modification_time_with_a_warning(tmp_path: Path,
                                                                                     content: str) -> None:
    article = read_one(tmp_path, "story.txt", content)
    assert (article.published_at, article.published_at_source) == (MODIFIED, "mtime")
    assert mtime_warning(article) == (
        "no publication date in the file; dated by its modification time, 2026-01-20 (dates relative to it are "
        "uncertain; set --published-at, or published_at in a sources file)")


@pytest.mark.parametrize("content", [WRITTEN[0][1], WRITTEN[5][1], BODY])
def test_the_option_wins_over_what_the_file_writes(tmp_path: Path, content: str) -> None:
    article = read_one(tmp_path, "story.md", content, published_at=date(2026, 2, 1))
    assert (article.published_at, article.published_at_source) == (date(2026, 2, 1), "given")


@pytest.mark.parametrize(("content", "title", "text"), [
    # the text is what follows the front matter, under its title as the page shows it
    ("---\ntitle: Village attacked\ndate: 2026-03-03\nplaces: [Gao, Kidal]\n---\n" + BODY, "Village attacked",
     "Village attacked\n\n" + BODY),
    ("---\ntitle: >\n  Village\n  attacked.\n---\n\n" + BODY, "Village attacked.", "Village attacked.\n\n" + BODY),
    ("---\ntitle: Village attacked\n---\n# Village attacked\n\n" + BODY, "Village attacked",
     "# Village attacked\n\n" + BODY),  # already written as the text's heading
    ("---\ndate: 2026-03-03\n---\n# Village attacked\n\n" + BODY, "Village attacked", "# Village attacked\n\n" + BODY),
    ("---\ndate: 2026-03-03\n---\n" + BODY, None, BODY),
])
def test_front_matter_is_metadata_not_text(tmp_path: Path, content: str, title: str | None, text: str) -> None:
    article = read_one(tmp_path, "story.md", content)
    assert (article.title, article.text) == (title, text)


def test_a_file_whose_front_matter_is_edited_is_the_same_article_with_the_same_text(tmp_path: Path) -> None:
    """A file is known by its path (events.store.identity): an edit of metadata the extraction does not read
    leaves the article as it was, so re-importing it changes nothing."""
    content = "---\ndate: 2026-03-03\nplaces: [Gao, Kidal]\n---\n" + BODY
    first = read_one(tmp_path, "story.md", content)
    again = read_one(tmp_path, "story.md", content.replace("Kidal", "Menaka"))
    assert (again.article_id, again.text, again.published_at) == (first.article_id, first.text, first.published_at)


@pytest.mark.parametrize("content", ["---\n---\n", "---\ndate: 2026-03-03\n---\n\n\n"])
def test_a_file_of_front_matter_alone_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "story.md"
    path.write_text(content)
    [failure] = read_documents([path])
    assert isinstance(failure, ReadFailure)
    assert str(failure) == f"{path}: no text after the front matter"


@pytest.mark.parametrize("text", [
    "--- \nThe first line.\n---\n" + BODY,  # YAML of a plain string: a rule, text, rule
    "---\n" + BODY,  # never closed
    "Text first\n---\ndate: 2026-03-03\n---\n",  # not at the top
    "---\ndate: [" + "[" * 5000 + "\n---\n" + BODY,  # nested past any parser's reach
])
def test_what_is_no_front_matter(text: str) -> None:
    assert front_matter(text) is None


def test_an_html_file_without_a_date_is_dated_by_its_modification_time(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in BODY.split("\n") if line)
    article = read_one(tmp_path, "page.html", f"<html><body><article>{paragraphs * 3}</article></body></html>")
    assert (article.published_at, article.published_at_source) == (MODIFIED, "mtime")
