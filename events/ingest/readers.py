"""Documents in: JSON Lines, plain text, Markdown and HTML files or folders of them -> Articles.

Bad input never raises out of `read_documents`: each unreadable file or record becomes one ReadFailure
naming it ("path" or "path:line", the path as `events.errors.shown` writes it) and saying why, and reading goes
on with the next one. Only regular files are read (`events.files`): a FIFO, a device or a socket is "not a
regular file", never opened, and a whole-file read stops one byte past the limit whatever the file's size says.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from events.errors import FileError, FileTooLarge, shown
from events.files import check_regular, open_regular, open_regular_text, read_reason, read_regular
from events.ingest.published import FrontMatter, dateline_dates, front_dates, front_matter, is_date_line, labelled_dates
from events.store.identity import file_article_id, url_article_id
from events.store.identity import hashed_id as _text_id
from schemas import Article

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
_MB = 1024 * 1024
_SUFFIXES = (".jsonl", ".txt", ".md", ".html", ".htm")
_EXPECTED = ".jsonl, .txt, .md, .html or .htm"
_OPTIONAL_STRINGS = ("title", "url", "source", "author")
# A date, optionally followed by a time: feeds often write full ISO timestamps where a date is asked for.
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# The longest publication date worth parsing: written dates are shorter ("Wednesday, 2 September 2026, 11:59 pm
# (Coordinated Universal Time)"), and dateparser's time grows with the length (a second for 100 KB).
_MAX_DATE_CHARS = 100
_SHOWN = 40  # characters of a refused value quoted in its message
# JSON escapes may name half of a surrogate pair alone ("\ud800"): no UTF-8 can hold it, so nothing can hash or
# store it.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ReadFailure:
    document: str  # "path" or "path:line"
    reason: str

    def __str__(self) -> str:
        return f"{self.document}: {self.reason}"


Document = Article | ReadFailure


def document_name(document: Document) -> str:
    """How an import names a document in its failures, warnings and records: where it was read from ("path",
    "path:line", a URL), else its article id."""
    if isinstance(document, ReadFailure):
        return document.document
    return document.origin or document.article_id
_Reader = Callable[[Path, str, date | None], Iterator[Document]]


def read_documents(paths: Iterable[str | Path], *, published_at: date | None = None) -> Iterator[Document]:
    """Articles from files and folders (walked recursively in sorted order, hidden entries skipped).

    `published_at` is the publication date of .txt/.md files and the default for JSON Lines records and
    HTML pages that carry none.
    """
    for raw in paths:
        path, name = Path(raw), shown(raw)
        try:
            if path.is_dir():
                files = _walk(path)
                if not files:
                    yield ReadFailure(name, f"no {_EXPECTED} files in this folder")
                for file in files:
                    yield from _read_file(file, shown(file), published_at)
                continue
        except OSError as exc:
            yield ReadFailure(name, read_reason(exc))
            continue
        yield from _read_file(path, name, published_at)


def _walk(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.suffix.lower() in _SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _read_file(path: Path, name: str, published_at: date | None) -> Iterator[Document]:
    reader = _READERS.get(path.suffix.lower())
    try:
        check_regular(path)  # before the suffix: a FIFO or a device is refused whatever it is called
        if reader is None:
            kind = shown(path.suffix or path.name)
            yield ReadFailure(name, f"unsupported file type '{kind}' (expected {_EXPECTED})")
            return
        yield from reader(path, name, published_at)
    except FileError as exc:
        yield ReadFailure(name, exc.reason)
    except OSError as exc:
        yield ReadFailure(name, read_reason(exc))


# -- whole-file formats -----------------------------------------------------------------------------------

def _read_whole(path: Path) -> bytes | str:
    """The file's bytes, or the reason it is refused: too big for one document."""
    try:
        return read_regular(path, limit=MAX_DOCUMENT_BYTES)
    except FileTooLarge as exc:
        return f"{exc.reason} for one document (use JSON Lines)"


def _decode(data: bytes) -> str | None:
    """UTF-8, UTF-8 with BOM, UTF-16 with BOM; None for anything else (binary or another encoding)."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8):].decode("utf-8")
        elif data.startswith(_UTF16_BOMS):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _read_text(path: Path, name: str, published_at: date | None) -> Iterator[Document]:
    data = _read_whole(path)
    if isinstance(data, str):
        yield ReadFailure(name, data)
        return
    text = _decode(data)
    if text is None:
        yield ReadFailure(name, "not UTF-8 text")
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        yield ReadFailure(name, "empty file")
        return
    matter = front_matter(text)
    body, title = _body(text, matter)
    if not body.strip():
        yield ReadFailure(name, "no text after the front matter")
        return
    yield _dated(path, Article(article_id=file_article_id(path), text=body, title=title,
                               published_at=published_at, origin=name), published_at is not None, matter)


def _read_html(path: Path, name: str, published_at: date | None) -> Iterator[Document]:
    data = _read_whole(path)
    if isinstance(data, str):
        yield ReadFailure(name, data)
        return
    if not data.strip():
        yield ReadFailure(name, "empty file")
        return
    markup: str | bytes | None = _decode(data)
    if markup is None:
        if b"\x00" in data and not data.startswith(_UTF16_BOMS):
            yield ReadFailure(name, "not UTF-8 text")
            return
        markup = data  # a legacy 8-bit page: trafilatura reads its declared charset
    found = _file_identity(_html_article(markup, name, published_at), path)
    yield found if isinstance(found, ReadFailure) else _dated(path, found, published_at is not None)


def _file_identity(found: Document, path: Path) -> Document:
    """A saved page is known by the canonical URL it declares (the page fetched from there is the same article),
    else, as every file, by its path."""
    if isinstance(found, ReadFailure):
        return found
    return found.model_copy(update={"article_id": url_article_id(found.url) if found.url else file_article_id(path)})


def _html_article(markup: str | bytes, name: str, published_at: date | None) -> Document:
    import trafilatura  # slow to import; only HTML input needs it

    try:
        # only the page's own date metadata: guessing from the text would date articles by their content
        doc: Any = trafilatura.bare_extraction(
            markup, include_comments=False, with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # lxml and trafilatura raise many types on broken markup
        detail = str(exc).strip().splitlines()
        return ReadFailure(name, f"cannot parse HTML: {detail[0] if detail else type(exc).__name__}")
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        return ReadFailure(name, "no article text found in the HTML")
    url = getattr(doc, "url", None) or None
    page_date = _parse_date(getattr(doc, "date", None))
    return Article(article_id=url_article_id(url) if url else text_article_id(text), text=text,
                   title=getattr(doc, "title", None) or None, published_at=published_at or page_date,
                   url=url, source=getattr(doc, "sitename", None) or None,
                   author=getattr(doc, "author", None) or None, origin=name)


# -- what a file says of itself: its title and its publication date ----------------------------------------

_MAX_TITLE = 500
_MAX_TITLE_WORDS = 20  # a headline is shorter; a longer first line is the lede
# what ends a sentence (a closing quote or bracket may follow): a line that ends so is text, not a title
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’)\]]*$")
_ATX_HEADING = re.compile(r"#{1,6}[ \t]+(?P<title>.*?)(?:[ \t]+#+)?[ \t]*")  # "# Title", "## Title ##"
_SETEXT_RULE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")  # "Title\n=====": the line above is a heading


def _body(text: str, matter: FrontMatter | None) -> tuple[str, str | None]:
    """The text of a file to extract from, and its title. Front matter is metadata, not text: the text is what
    follows it, under its `title` as a heading when it gives one the text does not repeat (as the page shows it:
    a headline's toll and place count)."""
    if matter is None:
        return text, _title(text)
    body, given = text[matter.end:], matter.text("title")
    if given is None:
        return body, _title(body)
    title = " ".join(given.split())[:_MAX_TITLE]  # one line, even when YAML folded it over several
    if not body.strip() or _title(body) == title:
        return body, title
    return f"{title}\n\n{body.lstrip()}", title


def _title(text: str) -> str | None:
    """The title of a text: its first line when that looks like one -- a Markdown heading ("# ...", or a line
    underlined with === or ---), or a short line (at most 20 words) that ends without a sentence's punctuation
    and stands alone, a blank line after it. A first line that is a sentence, or runs on into the next line, is
    the start of the text: it stays the lede, never a title."""
    lines = text.lstrip().split("\n", 2)
    first = lines[0].strip()
    after = lines[1] if len(lines) > 1 else None
    if heading := _ATX_HEADING.fullmatch(first):
        return heading.group("title")[:_MAX_TITLE] or None
    if after is not None and _SETEXT_RULE.fullmatch(after) and first:
        return first[:_MAX_TITLE]
    if after is None or after.strip() or len(lines) < 3 or not lines[2].strip():
        return None  # alone, run on into the next line, or all the text there is
    if len(first.split()) > _MAX_TITLE_WORDS or _SENTENCE_END.search(first) or is_date_line(first):
        return None
    return first[:_MAX_TITLE]


def _dated(path: Path, article: Article, given: bool, matter: FrontMatter | None = None) -> Article:
    """The article with its publication date and where it came from: the import's (given), else the date the
    file writes (front matter, a "Published:" line, its dateline), else the file's modification time -- never
    none: the importer warns of the last, and extraction gives what is dated from it week precision."""
    if given:
        return article.model_copy(update={"published_at_source": "given"})
    if article.published_at is not None:  # an HTML page's own date metadata
        return article.model_copy(update={"published_at_source": "text"})
    if (written := _written_in(article.text, matter)) is not None:
        return article.model_copy(update={"published_at": written, "published_at_source": "text"})
    modified = datetime.fromtimestamp(path.stat().st_mtime).date()  # local time, as `ls -l` shows it
    return article.model_copy(update={"published_at": modified, "published_at_source": "mtime"})


def _written_in(text: str, matter: FrontMatter | None) -> date | None:
    """The first publication date the text writes that parses: front matter, labelled lines, dateline."""
    found = chain(front_dates(matter) if matter is not None else (), labelled_dates(text), dateline_dates(text))
    for value in found:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if (parsed := _parse_date(value)) is not None:
            return parsed
    return None


def mtime_warning(article: Article) -> str | None:
    """What an import says of an article dated by its file's modification time (None for any other)."""
    if article.published_at_source != "mtime":
        return None
    return (f"no publication date in the file; dated by its modification time, {article.published_at} (dates "
            "relative to it are uncertain; set --published-at, or published_at in a sources file)")


def with_source(documents: Iterable[Document], source: str | None) -> Iterator[Document]:
    """The documents with `source` as the outlet of every article that names none itself (a JSON Lines record's
    own `source`, an HTML page's site name win)."""
    for document in documents:
        if source and isinstance(document, Article) and document.source is None:
            yield document.model_copy(update={"source": source})
        else:
            yield document


def _parse_date(value: object) -> date | None:
    """ISO dates (with or without a time) first; other written dates ("March 2, 2026", RFC 2822 as feeds and
    HTTP headers write them) through dateparser, which must find a day, a month and a year."""
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_DATE_CHARS:
        return None
    if match := _DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            return None
    if re.fullmatch(r"[\d\s:/.-]+", value.strip()):
        return None  # "20260302", "02/03/2026": digits alone are ambiguous; ISO or words only
    return _written_date(value.strip())


@lru_cache(maxsize=4096)
def _written_date(value: str) -> date | None:
    import dateparser  # slow to import; ISO dates never need it

    parsed = dateparser.parse(value, languages=["en"], settings={
        "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed is not None else None


# -- JSON Lines, streamed ---------------------------------------------------------------------------------

def _read_jsonl(path: Path, name: str, published_at: date | None) -> Iterator[Document]:
    with open_regular(path) as raw:
        head = raw.read(8192)
        raw.seek(0)
        if b"\x00" in head and not head.startswith(_UTF16_BOMS):
            yield ReadFailure(name, "not UTF-8 text")
            return
        records = 0
        for number, line, problem in _lines(raw, utf16=head.startswith(_UTF16_BOMS)):
            if problem is None and not line.strip():
                continue
            records += 1
            where = f"{name}:{number}"
            if problem is not None:
                yield ReadFailure(where, problem)
                continue
            try:
                obj = json.loads(line.rstrip("\r\n"))  # else an error at the line's end reports "column 1"
            except json.JSONDecodeError as exc:
                yield ReadFailure(where, f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            except RecursionError:  # json reads nested arrays and objects by recursion
                yield ReadFailure(where, "not valid JSON: nested too deeply")
                continue
            except ValueError:  # the one other ValueError: an integer beyond int()'s digit limit
                yield ReadFailure(where, f"not valid JSON: a number of more than {sys.get_int_max_str_digits()} "
                                         "digits")
                continue
            yield _record(obj, where, published_at)
        if records == 0:
            yield ReadFailure(name, "empty file")


def _lines(raw: BinaryIO, *, utf16: bool) -> Iterator[tuple[int, str, str | None]]:
    """(line number, text, problem) one line at a time; a line is never read past the document limit."""
    if utf16:
        stream: Iterator[bytes | str] = _bounded(io.TextIOWrapper(raw, encoding="utf-16", newline=""))
    else:
        stream = _bounded(raw)
    for number, item in enumerate(stream, start=1):
        if item is None:
            yield number, "", f"line longer than {MAX_DOCUMENT_BYTES // _MB} MB"
        elif isinstance(item, str):
            yield number, item, None
        else:
            try:
                text = item.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield number, "", "not UTF-8 text"
                continue
            yield number, text, "not UTF-8 text" if "\x00" in text else None


def _bounded(stream: Any) -> Iterator[Any]:
    """Lines of a binary or text stream; None for a line over the limit, whose rest is skipped."""
    while line := stream.readline(MAX_DOCUMENT_BYTES + 1):
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) > MAX_DOCUMENT_BYTES and not line.endswith(newline):
            while (rest := stream.readline(_MB)) and not rest.endswith(newline):
                pass
            yield None
            continue
        yield line


def _record(obj: object, where: str, published_at: date | None) -> Document:
    if not isinstance(obj, dict):
        return ReadFailure(where, "not a JSON object")
    article_id = obj.get("id")
    if article_id is not None and (isinstance(article_id, bool) or not isinstance(article_id, str | int)):
        return ReadFailure(where, "'id' must be a string")
    if isinstance(article_id, str) and (lone := _SURROGATE.search(article_id)):  # an identity is not repaired
        escaped = lone.group().encode("unicode_escape").decode("ascii")
        return ReadFailure(where, f"'id' is not valid Unicode (a lone surrogate, {escaped})")
    text = obj.get("text")
    if text is None:
        return ReadFailure(where, "no 'text' field")
    if not isinstance(text, str):
        return ReadFailure(where, "'text' must be a string")
    if not text.strip():
        return ReadFailure(where, "empty 'text' field")
    fields: dict[str, Any] = {}  # title, url, source, author: strings or None
    for key in _OPTIONAL_STRINGS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return ReadFailure(where, f"'{key}' must be a string")
        fields[key] = _whole(value).strip() or None if isinstance(value, str) else None
    day = obj.get("published_at")
    parsed = _parse_date(day) if day is not None else published_at
    if day is not None and parsed is None:
        return ReadFailure(where, f"bad published_at {_shown(day)} (expected a date such as 2026-03-02)")
    text = _whole(text)
    # No id: the canonical URL's hash, else the text's, so that re-importing the record finds it again.
    given = str(article_id).strip() if article_id is not None else ""
    url = fields.get("url")
    derived = given or (_text_id("url-", url) if url else _text_id("doc-", text))
    return Article(article_id=derived, text=text, published_at=parsed, origin=where, **fields)


def _whole(value: str) -> str:
    """Lone surrogates as U+FFFD, one character for one, so that every offset into the text stays right."""
    return value if value.isascii() else _SURROGATE.sub("\ufffd", value)  # isascii() costs nothing


def _shown(value: object) -> str:
    """A refused value in its message: quoted as Python does (control characters escaped), and short."""
    if isinstance(value, str):
        return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")
    text = repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


_READERS: dict[str, _Reader] = {
    ".jsonl": _read_jsonl, ".txt": _read_text, ".md": _read_text, ".html": _read_html, ".htm": _read_html,
}


# -- pages fetched over HTTP ------------------------------------------------------------------------------

def text_article_id(text: str) -> str:
    """The id of an article known only by its text: the same as a JSON Lines record without id or url."""
    return _text_id("doc-", text)


def html_article(markup: str | bytes, name: str, published_at: date | None, *, url: str | None = None,
                 title: str | None = None) -> Document:
    """A fetched page as an Article (main text by trafilatura). Its identity is the page's canonical URL
    when it declares one, else `url` (where it was fetched from), else its text's hash."""
    found = _html_article(markup, name, published_at)
    if isinstance(found, ReadFailure):
        return found
    canonical = found.url or url
    article_id = url_article_id(canonical) if canonical else text_article_id(found.text)
    return found.model_copy(update={"url": canonical, "title": found.title or title,
                                    "article_id": article_id})


# -- CSV, streamed ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CsvColumns:
    """Which columns of a CSV file hold the text, the id and the publication date (by header name)."""

    text: str = "text"
    id: str | None = None  # no id column: the text's hash
    date: str | None = None


def read_csv(paths: Iterable[str | Path], columns: CsvColumns, *,
             published_at: date | None = None) -> Iterator[Document]:
    """Articles from CSV files with a header row, one per row; each bad row is one ReadFailure "path:row"."""
    for raw in paths:
        name = shown(raw)
        try:
            yield from _read_csv(Path(raw), name, columns, published_at)
        except FileError as exc:
            yield ReadFailure(name, exc.reason)
        except OSError as exc:
            yield ReadFailure(name, read_reason(exc))
        except UnicodeDecodeError:
            yield ReadFailure(name, "not UTF-8 text")


def _read_csv(path: Path, name: str, columns: CsvColumns, published_at: date | None) -> Iterator[Document]:
    import csv

    csv.field_size_limit(MAX_DOCUMENT_BYTES)
    with open_regular_text(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in (columns.text, columns.id, columns.date) if c and c not in header]
        if missing:
            shown = ", ".join(header) or "none"
            yield ReadFailure(name, f"no column {', '.join(repr(m) for m in missing)} (columns: {shown})")
            return
        rows = 0
        try:
            for row in reader:
                rows += 1
                yield _csv_row(row, f"{name}:{reader.line_num}", columns, published_at)
        except csv.Error as exc:
            yield ReadFailure(f"{name}:{reader.line_num}", f"not valid CSV: {exc}")
        if rows == 0:
            yield ReadFailure(name, "no rows after the header")


def _csv_row(row: dict[str, str | None], where: str, columns: CsvColumns,
             published_at: date | None) -> Document:
    text = row.get(columns.text) or ""
    if not text.strip():
        return ReadFailure(where, f"empty '{columns.text}' column")
    given = (row.get(columns.id) or "").strip() if columns.id else ""
    day = (row.get(columns.date) or "").strip() if columns.date else ""
    parsed = _parse_date(day) if day else published_at
    if day and parsed is None:
        return ReadFailure(where, f"bad {columns.date} {_shown(day)} (expected a date such as 2026-03-02)")
    return Article(article_id=given or _text_id("doc-", text), text=text, published_at=parsed, origin=where)
