"""Reading documents: every format, and every kind of bad input as one ReadFailure with its exact reason."""

from __future__ import annotations

import codecs
import json
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from events.ingest import readers
from events.ingest.readers import ReadFailure, read_documents
from events.store.identity import file_article_id, url_article_id
from schemas import Article

GOOD = {"id": "n-1", "text": "Soldiers clashed with rebels near the river on Monday."}
EXPECTED = ".jsonl, .txt, .md, .html or .htm"


def read_all(*paths: Path | str, published_at: date | None = None) -> list[Article | ReadFailure]:
    return list(read_documents(paths, published_at=published_at))


def failures(documents: list[Article | ReadFailure]) -> list[ReadFailure]:
    return [d for d in documents if isinstance(d, ReadFailure)]


def articles(documents: list[Article | ReadFailure]) -> list[Article]:
    return [d for d in documents if isinstance(d, Article)]


# -- JSON Lines ---------------------------------------------------------------------------------------------

BAD_LINES = [
    ("not json at all", "not valid JSON: Expecting value at column 1"),
    ('{"id": "n-2", "text": "Rebels fled."', "not valid JSON: Expecting ',' delimiter at column 37"),
    ('{"id": "n-2", "text": "Rebels fled.",}', "not valid JSON: Expecting property name enclosed in double "
                                                "quotes at column 38"),
    ('["n-2", "Rebels fled."]', "not a JSON object"),
    ('"Rebels fled."', "not a JSON object"),
    ('{"id": "n-2"}', "no 'text' field"),
    ('{"id": "n-2", "text": null}', "no 'text' field"),
    ('{"id": "n-2", "text": 42}', "'text' must be a string"),
    ('{"id": "n-2", "text": "   "}', "empty 'text' field"),
    ('{"id": ["n-2"], "text": "Rebels fled."}', "'id' must be a string"),
    ('{"id": true, "text": "Rebels fled."}', "'id' must be a string"),
    ('{"id": "n-2", "text": "Rebels fled.", "published_at": "2026-13-01"}',
     "bad published_at '2026-13-01' (expected a date such as 2026-03-02)"),
    ('{"id": "n-2", "text": "Rebels fled.", "published_at": "sometime in spring"}',
     "bad published_at 'sometime in spring' (expected a date such as 2026-03-02)"),
    ('{"id": "n-2", "text": "Rebels fled.", "published_at": "02/03/2026"}',
     "bad published_at '02/03/2026' (expected a date such as 2026-03-02)"),
    ('{"id": "n-2", "text": "Rebels fled.", "published_at": 20260302}',
     "bad published_at 20260302 (expected a date such as 2026-03-02)"),
    ('{"id": "n-2", "text": "Rebels fled.", "title": 7}', "'title' must be a string"),
    ('{"id": "n-2", "text": "Rebels fled.", "source": {"name": "Example"}}', "'source' must be a string"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES, ids=[r for _, r in BAD_LINES])
def test_a_bad_line_is_one_failure_naming_file_and_line_and_reading_goes_on(tmp_path: Path, line: str,
                                                                            reason: str) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), "", line, json.dumps({**GOOD, "id": "n-3"})]) + "\n")
    documents = read_all(path)
    assert failures(documents) == [ReadFailure(f"{path}:3", reason)]
    assert [a.article_id for a in articles(documents)] == ["n-1", "n-3"]
    assert [a.origin for a in articles(documents)] == [f"{path}:1", f"{path}:4"]


def test_a_line_that_is_not_utf8_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b'\n{"id": "n-2", "text": "caf\xe9 bombed"}\n')
    assert read_all(path)[1:] == [ReadFailure(f"{path}:2", "not UTF-8 text")]


def test_a_record_keeps_every_field(tmp_path: Path) -> None:
    record = {"id": "n-1", "text": "Police dispersed a march.", "title": "March dispersed",
              "published_at": "2026-03-02", "url": "https://example.org/a", "source": "Example Daily",
              "author": "A. Writer", "section": "ignored"}
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps(record) + "\n")
    assert read_all(path) == [Article(article_id="n-1", text="Police dispersed a march.",
                                      title="March dispersed", published_at=date(2026, 3, 2),
                                      url="https://example.org/a", source="Example Daily", author="A. Writer",
                                      origin=f"{path}:1")]


@pytest.mark.parametrize(("given", "option", "expected"), [
    pytest.param("2026-03-02", None, date(2026, 3, 2), id="a date"),
    pytest.param("2026-03-02T08:15:00Z", None, date(2026, 3, 2), id="a timestamp keeps its date"),
    pytest.param("2026-03-02 23:59:59+02:00", None, date(2026, 3, 2), id="a timestamp with an offset"),
    pytest.param(None, date(2026, 1, 9), date(2026, 1, 9), id="the option fills a missing date"),
    pytest.param("2026-03-02", date(2026, 1, 9), date(2026, 3, 2), id="the record's own date wins"),
    pytest.param(None, None, None, id="no date at all"),
])
def test_published_at(tmp_path: Path, given: str | None, option: date | None, expected: date | None) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({**GOOD, "published_at": given}) + "\n")
    [article] = articles(read_all(path, published_at=option))
    assert article.published_at == expected


def test_a_numeric_id_becomes_a_string(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({**GOOD, "id": 42}) + "\n")
    assert [a.article_id for a in articles(read_all(path))] == ["42"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_jsonl_in_any_unicode_encoding_with_its_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "news.jsonl"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    lines = [json.dumps({**GOOD, "text": "Café owners protested in the square."}, ensure_ascii=False), ""]
    path.write_bytes(bom + "\r\n".join(lines * 2).encode(encoding))
    documents = read_all(path)
    assert [a.text for a in articles(documents)] == ["Café owners protested in the square."] * 2
    assert [a.origin for a in articles(documents)] == [f"{path}:1", f"{path}:3"]


def test_a_line_over_the_limit_is_refused_and_the_next_line_read(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    path = tmp_path / "news.jsonl"
    huge = json.dumps({**GOOD, "text": "Rebels fled. " * 200_000})
    path.write_text("\n".join([huge, json.dumps(GOOD)]) + "\n")
    assert [str(d) if isinstance(d, ReadFailure) else d.origin for d in read_all(path)] == [
        f"{path}:1: line longer than 1 MB", f"{path}:2"]


def test_jsonl_is_streamed_not_loaded_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w") as handle:
        for number in range(200):
            handle.write(json.dumps({**GOOD, "id": f"n-{number}"}) + "\n")
    with path.open("r+b") as handle:
        handle.truncate(3 * 1024**3)  # sparse: a 3 GB file that costs no disk, and no time unless read whole
    started = time.perf_counter()
    documents = read_documents([path])
    first = next(documents)
    documents.close()
    assert isinstance(first, Article) and first.article_id == "n-0"
    assert time.perf_counter() - started < 2


# -- whole-file formats -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["news.jsonl", "story.txt", "story.md", "page.html", "page.htm"])
@pytest.mark.parametrize(("content", "reason"), [
    pytest.param(b"", "empty file", id="empty"),
    pytest.param(b"  \n\n\t \n", "empty file", id="blank"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not UTF-8 text", id="binary"),
])
def test_an_empty_or_binary_file_is_one_failure(tmp_path: Path, name: str, content: bytes,
                                                reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert read_all(path) == [ReadFailure(str(path), reason)]


@pytest.mark.parametrize("name", ["story.txt", "story.md"])
def test_text_in_another_8_bit_encoding_is_not_utf8(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes("Café owners protested in the square.".encode("latin-1"))
    assert read_all(path) == [ReadFailure(str(path), "not UTF-8 text")]


@pytest.mark.parametrize("name", ["story.txt", "page.html"])
def test_a_file_over_50_mb_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    assert read_all(path) == [
        ReadFailure(str(path), "file is 51.0 MB, over the 50 MB limit for one document (use JSON Lines)")]


@pytest.mark.parametrize(("name", "reason"), [
    ("missing.txt", "no such file or directory"),
    ("missing-folder/", "no such file or directory"),
    ("report.pdf", f"unsupported file type '.pdf' (expected {EXPECTED})"),
    ("NOTES", f"unsupported file type 'NOTES' (expected {EXPECTED})"),
])
def test_a_path_that_cannot_be_read_is_one_failure(tmp_path: Path, name: str, reason: str) -> None:
    if not name.startswith("missing"):
        (tmp_path / name).write_text("Soldiers clashed with rebels.")
    assert read_all(f"{tmp_path}/{name}") == [ReadFailure(f"{tmp_path}/{name}", reason)]


@pytest.mark.parametrize("name", ["news.jsonl", "story.txt", "page.html"])
def test_an_unreadable_file_is_one_failure(tmp_path: Path, name: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(GOOD))

    opened = os.open

    def refuse(file: Any, *args: Any, **kwargs: Any) -> int:  # as for a file of another user's, also for root
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return opened(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert read_all(path) == [ReadFailure(str(path), "cannot read: permission denied")]


@pytest.mark.parametrize("name", ["news.jsonl", "notes.txt", "device"])
def test_anything_but_a_regular_file_is_one_failure_whatever_its_name(tmp_path: Path, name: str) -> None:
    """Never opened: opening a FIFO blocks until a writer comes, and a device never ends (the commands' table of
    such files is in tests/events/test_files.py)."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    (tmp_path / name).symlink_to("/dev/zero")
    assert read_all(tmp_path / name) == [ReadFailure(str(tmp_path / name), "not a regular file")]


@pytest.mark.parametrize(("name", "content", "title"), [
    ("story.txt", "\n\n  Rebels seize a bridge  \n\nRebels seized a bridge.\n", "Rebels seize a bridge"),
    ("story.md", "# Police disperse a march\n\nPolice dispersed a march.\n", "Police disperse a march"),
    ("story.md", "Students protest\n===\n\nStudents protested on Sunday.\n", "Students protest"),
])
def test_a_text_file_is_one_article_titled_by_its_first_line(tmp_path: Path, name: str, content: str,
                                                             title: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    [article] = read_all(path, published_at=date(2026, 3, 2))
    assert isinstance(article, Article)
    assert (article.title, article.text, article.published_at, article.origin) == (
        title, content, date(2026, 3, 2), str(path))
    assert article.article_id == file_article_id(path)  # edited, it is the same article


LEDE = "Gunmen killed 12 villagers near the river on Monday, police said."


@pytest.mark.parametrize(("content", "title"), [
    # a title: short, no sentence's punctuation at its end, a blank line after it; or a Markdown heading
    ("Gunmen kill 12 villagers\n\n" + LEDE, "Gunmen kill 12 villagers"),
    ("  Gunmen kill 12 villagers  \n  \n" + LEDE, "Gunmen kill 12 villagers"),
    ("Gunmen kill 12 villagers, police say\n\n" + LEDE, "Gunmen kill 12 villagers, police say"),
    ("'Nowhere is safe'\n\n" + LEDE, "'Nowhere is safe'"),
    ("## Gunmen kill 12 villagers ##\n" + LEDE, "Gunmen kill 12 villagers"),
    ("Gunmen kill 12 villagers\n------\n" + LEDE, "Gunmen kill 12 villagers"),
    # the lede, never a title
    (LEDE + "\n\nThe attack was the latest in the region.\n", None),
    ("Gunmen killed 12 villagers, police said:\n\n" + LEDE, None),
    ("\u201cWe ran,\u201d said a villager.\n\n" + LEDE, None),
    ("Gunmen kill 12 villagers\n" + LEDE, None),  # runs on into the next line
    ("Gunmen kill 12 villagers\n", None),  # all the text there is
    ("Gunmen kill 12 villagers\n\n\n", None),
    (" ".join(["word"] * 21) + "\n\n" + LEDE, None),  # too long for a headline
    ("Published: 3 March 2026\n\n" + LEDE, None),  # a date line, however short
    ("KABUL, March 3, 2026 (AP) --\n\n" + LEDE, None),
])
def test_a_first_line_is_a_title_only_when_it_looks_like_one(tmp_path: Path, content: str,
                                                             title: str | None) -> None:
    path = tmp_path / "story.txt"
    path.write_text(content)
    [article] = read_all(path, published_at=date(2026, 3, 2))
    assert isinstance(article, Article)
    assert (article.title, article.text) == (title, content)


@pytest.mark.parametrize(("encoding", "newline"), [
    ("utf-8", "\n"), ("utf-8", "\r\n"), ("utf-8-sig", "\n"), ("utf-16", "\r\n"), ("utf-16", "\n"),
])
def test_a_text_file_re_saved_is_the_same_article(tmp_path: Path, encoding: str, newline: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Rebels seize a bridge\n\nRebels seized a bridge on Monday.\n", encoding="utf-8")
    [first] = read_all(path)
    path.write_bytes("Rebels seize a bridge\n\nRebels seized a bridge on Monday.\n".replace("\n", newline)
                     .encode(encoding))
    [second] = read_all(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (second.article_id, second.text) == (first.article_id, first.text)


def test_different_texts_get_different_ids(tmp_path: Path) -> None:
    for name, text in [("a.txt", "Rebels seized a bridge."), ("b.txt", "Rebels seized a dam.")]:
        (tmp_path / name).write_text(text)
    assert len({a.article_id for a in articles(read_all(tmp_path))}) == 2


# -- HTML ---------------------------------------------------------------------------------------------------

STORY = ["Armed men attacked a convoy of lorries on the northern highway on Monday evening, officials said.",
         "The attackers opened fire from both sides of the road and set two of the lorries on fire before "
         "fleeing into the nearby hills, according to a police spokesman.",
         "Residents of the nearest village said the road had been closed for several hours afterwards."]
PAGE = """<!DOCTYPE html><html><head><title>Convoy attacked | The Example Post</title>
<meta property="og:title" content="Gunmen attack a convoy on the northern highway">
<meta property="og:site_name" content="The Example Post">
<meta name="date" content="2026-03-02"><link rel="canonical" href="https://example.org/news/convoy">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Gunmen attack a convoy on the northern highway</h1>{paragraphs}</article>
<section class="comments"><p>Reader comment: this is terrible news for everyone living there.</p></section>
</body></html>"""


def page(paragraphs: list[str]) -> str:
    return PAGE.format(paragraphs="".join(f"<p>{p}</p>" for p in paragraphs))


def test_an_html_page_gives_its_main_text_and_metadata_without_comments(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(STORY))
    [article] = read_all(path)
    assert isinstance(article, Article)
    assert all(paragraph in article.text for paragraph in STORY)
    assert "Reader comment" not in article.text and "Home" not in article.text
    assert (article.title, article.url, article.source, article.published_at) == (
        "Gunmen attack a convoy on the northern highway", "https://example.org/news/convoy",
        "The Example Post", date(2026, 3, 2))
    assert article.article_id == url_article_id("https://example.org/news/convoy")  # as the page fetched from there


def test_the_option_date_wins_over_the_page_date(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(page(STORY))
    [article] = articles(read_all(path, published_at=date(2026, 3, 5)))
    assert article.published_at == date(2026, 3, 5)


@pytest.mark.parametrize("markup", [
    pytest.param("<html><body><div><p>" + " ".join(STORY) + "<p>" + STORY[1] + "</span></td></div>",
                 id="unclosed and stray tags"),
    pytest.param("<p>" + "</p><p>".join(STORY) + "<div><div><div>", id="no html or body element"),
    pytest.param("<html><body><article><p>" + " ".join(STORY) + "</p></article><script>var x = '</p>';",
                 id="unterminated script"),
])
def test_broken_html_with_text_is_still_read(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "broken.html"
    path.write_text(markup)
    [article] = read_all(path)
    assert isinstance(article, Article)
    assert STORY[0] in article.text


@pytest.mark.parametrize("markup", [
    "<html><head><title>Nothing here</title></head><body></body></html>",
    "<html><body><script>var a = 'Soldiers clashed';</script><style>p {color: red}</style></body></html>",
    "<html><body><img src='map.png'><!-- a comment --></body></html>",
    "<<<>>> <! <?",
])
def test_html_without_article_text_is_one_failure(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(markup)
    assert read_all(path) == [ReadFailure(str(path), "no article text found in the HTML")]


def test_a_legacy_8_bit_page_is_read_through_its_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "old.html"
    story = [s.replace("village", "café district") for s in STORY]
    markup = page(story).replace("<head>", '<head><meta charset="iso-8859-1">')
    path.write_bytes(markup.encode("latin-1"))
    [article] = articles(read_all(path))
    assert "café district" in article.text


# -- folders ------------------------------------------------------------------------------------------------

def test_a_folder_is_walked_in_sorted_order_skipping_hidden_and_other_files(tmp_path: Path) -> None:
    files = {"b/two.txt": "Rebels seized a dam.", "a.jsonl": json.dumps(GOOD), "c.md": "# Students protest",
             "b/one.html": page(STORY), ".hidden/x.txt": "Hidden.", "b/.draft.txt": "Draft.",
             "notes.pdf": "not a document", "d/e/f.htm": page(STORY[::-1])}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    origins = [d.origin if isinstance(d, Article) else str(d) for d in read_all(tmp_path)]
    assert origins == [f"{tmp_path}/{name}" for name in ("a.jsonl:1", "b/one.html", "b/two.txt", "c.md",
                                                          "d/e/f.htm")]


def test_a_folder_without_documents_is_one_failure(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_text("not a document")
    assert read_all(tmp_path) == [ReadFailure(str(tmp_path), f"no {EXPECTED} files in this folder")]


def test_failures_and_articles_keep_the_order_of_the_paths(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Rebels seized a dam.")
    (tmp_path / "b.txt").write_bytes(b"")
    documents = read_all(tmp_path / "b.txt", tmp_path / "missing.md", tmp_path / "a.txt")
    assert [type(d).__name__ for d in documents] == ["ReadFailure", "ReadFailure", "Article"]
    assert str(documents[1]) == f"{tmp_path}/missing.md: no such file or directory"


@pytest.mark.parametrize(
    ("record", "prefix"),
    [
        ('{"text": "Rebels fled the town at dawn."}', "doc-"),
        ('{"id": "  ", "text": "Rebels fled the town at dawn."}', "doc-"),
        ('{"id": "", "url": "https://example.org/a", "text": "Rebels fled the town at dawn."}', "url-"),
    ],
    ids=["no id: the text's hash", "a blank id: the text's hash", "no id but a URL: the URL's hash"],
)
def test_a_record_without_an_id_gets_a_stable_one_from_its_url_or_text(tmp_path: Path, record: str,
                                                                        prefix: str) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(record + "\n" + record + "\n", encoding="utf-8")
    first, second = list(read_documents([path]))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.article_id.startswith(prefix) and first.article_id == second.article_id


@pytest.mark.parametrize(
    "written",
    ["2026-03-02", "2026-03-02T10:15:00Z", "March 2, 2026", "2 March 2026", "Mon, 02 Mar 2026 10:15:00 GMT"],
    ids=["ISO", "ISO with a time", "US style", "day first", "RFC 2822 as feeds write it"],
)
def test_a_publication_date_may_be_written_in_words(tmp_path: Path, written: str) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "d", "text": "Rebels fled.", "published_at": written}) + "\n", encoding="utf-8")
    (article,) = list(read_documents([path]))
    assert isinstance(article, Article) and article.published_at == date(2026, 3, 2)
