"""Where a plain-text article says when it was published: its front matter, a labelled line near its top
("Published: 3 March 2026", "Updated: ..."), or a wire dateline on one of its first lines ("KABUL, Afghanistan,
March 3, 2026 (AP) --", "Lagos, 11 Mar 2026 (Reuters) -", "March 3, 2026 --").

This module finds where a date is written and hands the written value over, best first; the reader parses it
(events.ingest.readers, the parser every input's dates go through). Front matter is a `---` block of YAML (read
with PyYAML's safe loader: quoting, dates and times as YAML writes them) or a `+++` block of TOML (tomllib), as
static site generators write them, at the very top of the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import tomllib

# Front matter at the top of the file: the opening fence, the block, the closing fence (YAML may close with "...").
_FRONT = re.compile(r"\A(?:---[ \t]*\n(?P<yaml>|.*?\n)(?:---|\.\.\.)|\+\+\+[ \t]*\n(?P<toml>|.*?\n)\+\+\+)"
                    r"[ \t]*(?:\n|\Z)", re.S)
_MAX_FRONT = 64 * 1024  # a front matter is a few lines; a longer block is text that happens to open with ---
# The keys a publication date is written under, best first: a publication date over a creation date over the
# date of a later edit (which does not anchor "on Monday").
_FRONT_DATE_KEYS = ("published_at", "published", "publishdate", "publish_date", "pubdate", "date", "created",
                   "created_at", "updated", "updated_at", "lastmod", "modified")
# Labelled lines: "Published: ...", "Published on ...", "Date: ...", "Posted ...", "Updated: ...", at the start of a
# line or after a byline's separator ("By A. Writer | Published 3 March 2026").
_LABEL = re.compile(
    r"(?:^|[|•·—–]\s*)\W{0,3}(?P<label>(?:first\s+)?published|posted|date[d]?|(?:last\s+)?updated|modified)"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s+(?P<value>[^|•·\n]{4,100})", re.I | re.M)
_LABEL_WORDS = ("publish", "posted", "date", "modified")  # a word each label holds ("updated" holds "date")
_LATER_EDIT = ("updated", "modified")  # labels of a later edit: used only when nothing says "published"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
# A date with its day, month and year, as datelines write it: "3 March 2026", "March 3, 2026", "2026-03-03".
_DAY_WRITTEN = (rf"(?:{_WEEKDAY})?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
            rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})")
_DAY_DATE = re.compile(_DAY_WRITTEN, re.I)
# A wire dateline: up to three place names, each followed by a comma ("KABUL, Afghanistan,"), the date, an
# agency in brackets, and the dash that opens the story.
_DATELINE = re.compile(rf"^[ \t]*(?:[^\W\d][^,\n]{{0,40}},[ \t]*){{0,3}}(?P<date>{_DAY_WRITTEN})[ \t]*"
                       r"(?:\([^()\n]{1,40}\)[ \t]*)?(?:--?|–|—)(?:\s|$)", re.I | re.M)
_TOP_LINES = 12  # nonblank lines where a labelled date may stand
_DATELINE_LINES = 3  # nonblank lines where a dateline may stand (after a title and a byline)


@dataclass(frozen=True)
class FrontMatter:
    """A file's front matter: where its body starts, and its top-level keys (lower case) with their values."""

    end: int
    fields: Mapping[str, Any] = field(default_factory=dict)

    def text(self, key: str) -> str | None:
        value = self.fields.get(key)
        return value.strip() or None if isinstance(value, str) else None


def front_matter(text: str) -> FrontMatter | None:
    """The front matter opening `text`, or None: no fences at the top, or a block that is not a mapping of valid
    YAML (TOML) -- then it is text like the rest."""
    match = _FRONT.match(text, 0, min(len(text), _MAX_FRONT))
    if match is None:
        return None
    block = match.group("toml") if match.group("toml") is not None else match.group("yaml")
    found = _toml(block) if match.group("toml") is not None else _yaml(block) if block.strip() else {}
    if not isinstance(found, dict):
        return None
    return FrontMatter(match.end(), {str(k).lower(): v for k, v in found.items()})


def _toml(block: str) -> object:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError:
        return None


def _yaml(block: str) -> object:
    import yaml  # only files with front matter need it

    try:
        return yaml.safe_load(block)
    except (yaml.YAMLError, RecursionError):  # not YAML, or nested past the parser's reach
        return None


def front_dates(matter: FrontMatter) -> Iterator[object]:
    """The values of the front matter's date keys, best first (a date, a date-time or a string)."""
    for key in _FRONT_DATE_KEYS:
        value = matter.fields.get(key)
        if value is not None:
            yield value


def labelled_dates(text: str) -> Iterator[str]:
    """The values of the labelled date lines among the first nonblank lines, a publication's before an edit's."""
    top = "\n".join(_top_lines(text, _TOP_LINES))
    low = top.lower()
    if not any(word in low for word in _LABEL_WORDS):  # most files: no label, and `in` says so fastest
        return
    found = [(m.group("label").lower().split()[-1] in _LATER_EDIT, m.group("value").strip())
             for m in _LABEL.finditer(top)]
    for _, value in sorted(found, key=lambda pair: pair[0]):  # stable: in text order within each rank
        if (day := _DAY_DATE.search(value)) is not None:
            yield day.group()  # "March 3, 2026 at 10:15 GMT": the date alone
        yield value  # "Tuesday, the 3rd of March 2026": as written


def dateline_dates(text: str) -> Iterator[str]:
    """The date of a wire dateline on one of the first nonblank lines."""
    for line in _top_lines(text, _DATELINE_LINES):
        if (match := _DATELINE.match(line)) is not None:
            yield match.group("date")


def is_date_line(line: str) -> bool:
    """A labelled date line ("Published: ...") or a dateline standing alone: no title, though short."""
    label = _LABEL.match(line.strip())
    return (label is not None and _DAY_DATE.search(label.group("value")) is not None) or bool(_DATELINE.match(line))


def _top_lines(text: str, count: int) -> list[str]:
    lines: list[str] = []
    # blank lines may stand between them; never split (or copy) the whole text
    for line in text[:count * 400].split("\n", count * 4)[:count * 4]:
        if line.strip():
            lines.append(line)
            if len(lines) == count:
                break
    return lines
