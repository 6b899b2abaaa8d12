"""Toponym resolution over JSON Lines documents: `{"id", "text", "toponyms"?}` in, resolved spans out.

When a document gives its toponyms (`start`/`end`), exactly those spans are resolved; otherwise the
extractor's place finder picks them. Each document is resolved twice: the first pass gathers its
evidence (focus countries, the places it names, the regions it mentions most), the second resolves every
span against all of it, so that an early ambiguous name profits from a later unambiguous one.
Bad lines become failures naming `file:line`; the other lines are still processed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from events.errors import InputError
from events.extract.places import Candidate, find_candidates, focus_countries, resolve_candidates
from events.extract.text import Sentence, split_sentences
from gazetteer import Gazetteer, Place

_NEAR_PLACES = 12  # the document's resolved places that inform each name, nearest in the text first


@dataclass(frozen=True, slots=True)
class Toponym:
    """A resolved span; `point` is the place's point, or the middle of an area (country, region)."""

    start: int
    end: int
    name: str
    place: Place | None
    point: tuple[float, float] | None = None

    def as_dict(self) -> dict[str, Any]:
        place, point = self.place, self.point
        return {
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "geonameid": place.geonameid if place else None,
            "lat": round(point[0], 5) if point else None,
            "lon": round(point[1], 5) if point else None,
            "country": place.country if place else None,
        }


@dataclass(frozen=True, slots=True)
class GeoparseFailure:
    where: str  # "path:line"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(slots=True)
class GeoparseReport:
    documents: int = 0
    toponyms: int = 0
    resolved: int = 0
    failures: list[GeoparseFailure] = field(default_factory=list)


def geoparse_document(text: str, gazetteer: Gazetteer,
                      spans: Sequence[tuple[int, int]] | None = None) -> list[Toponym]:
    """Resolved toponyms of one text; `spans` given -> exactly those, in their order."""
    sentences = split_sentences(text)
    found = [c for s in sentences for c in find_candidates(s, gazetteer)]
    focus = focus_countries(found, gazetteer)
    if spans is None:
        return [_toponym(c, c.resolution.place, gazetteer)
                for c in resolve_candidates(found, gazetteer, focus) if c.resolution is not None]
    by_span = {(c.start, c.end): c for c in found}
    candidates = [by_span.get((s, e)) or _bare_candidate(text, s, e, sentences) for s, e in spans]
    first = _resolve_all(candidates, gazetteer, focus, {})
    evidence = {i: p for i, p in enumerate(first) if p is not None}
    focus = _document_focus(focus, evidence.values())
    second = _resolve_all(candidates, gazetteer, focus, evidence)
    return [_toponym(c, place, gazetteer) for c, place in zip(candidates, second, strict=True)]


def _toponym(cand: Candidate, place: Place | None, gazetteer: Gazetteer) -> Toponym:
    return Toponym(cand.start, cand.end, cand.text, place, gazetteer.center(place) if place else None)


def _bare_candidate(text: str, start: int, end: int, sentences: Sequence[Sentence]) -> Candidate:
    index = next((s.index for s in sentences if s.start <= start < s.end), 0)
    return Candidate(start, end, text[start:end], index, 1, "geoparse.span", True, False)


def _document_focus(focus: Sequence[str], places: Iterable[Place]) -> list[str]:
    """The focus countries, plus the country most of the resolved places are in."""
    votes = Counter(p.country_code for p in places if p.country_code)
    out = list(focus)
    for code, _ in votes.most_common(1):
        if code not in out:
            out.append(code)
    return out


def _resolve_all(candidates: Sequence[Candidate], gazetteer: Gazetteer, focus: Sequence[str],
                 evidence: dict[int, Place]) -> list[Place | None]:
    out: list[Place | None] = []
    for i, cand in enumerate(candidates):
        near = _near(i, evidence, out)
        res = gazetteer.resolve(cand.text, focus=focus, near=near, admin_hints=cand.admin_hints,
                                prefer_region=cand.prefer_region)
        out.append(res.place if res else _by_demonym(cand.text, gazetteer))
    return out


def _by_demonym(name: str, gazetteer: Gazetteer) -> Place | None:
    """A span given as a place that is a demonym ("Malian forces") stands for its country."""
    code = gazetteer.country_of_demonym(name)
    return gazetteer.country(code) if code else None


def _near(i: int, evidence: dict[int, Place], so_far: Sequence[Place | None]) -> list[Place]:
    """Other mentions' places, the closest in the text first; this mention's own first reading excluded."""
    known = dict(evidence)
    known.update((j, p) for j, p in enumerate(so_far) if p is not None)
    known.pop(i, None)
    order = sorted(known, key=lambda j: abs(j - i))[:_NEAR_PLACES]
    return [known[j] for j in order]


def geoparse_lines(lines: Iterable[str], source: str,
                   gazetteer: Gazetteer) -> Iterator[dict[str, Any] | GeoparseFailure]:
    """One output record (or failure) per non-blank input line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            doc_id, text, spans = _parse(line)
        except InputError as exc:
            yield GeoparseFailure(where, str(exc))
            continue
        toponyms = geoparse_document(text, gazetteer, spans)
        yield {"id": doc_id, "toponyms": [t.as_dict() for t in toponyms]}


def _parse(line: str) -> tuple[str, str, list[tuple[int, int]] | None]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise InputError("expected a JSON object")
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str | int) or isinstance(doc_id, bool) or str(doc_id) == "":
        raise InputError("missing or empty 'id'")
    if not isinstance(text, str):
        raise InputError("missing 'text' (a string)")
    raw = record.get("toponyms")
    if raw is None:
        return str(doc_id), text, None
    if not isinstance(raw, list):
        raise InputError("'toponyms' must be a list")
    spans: list[tuple[int, int]] = []
    for k, item in enumerate(raw):
        start = item.get("start") if isinstance(item, dict) else None
        end = item.get("end") if isinstance(item, dict) else None
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            raise InputError(f"toponym {k}: 'start' and 'end' must be integers")
        if not 0 <= start < end <= len(text):
            raise InputError(f"toponym {k}: span {start}-{end} is outside the text ({len(text)} characters)")
        spans.append((start, end))
    return str(doc_id), text, spans


def geoparse_file(in_path: str | Path, out: TextIO, gazetteer: Gazetteer) -> GeoparseReport:
    """Resolve every document of a JSON Lines file, writing one JSON line per good input line."""
    report = GeoparseReport()
    path = Path(in_path)
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for item in geoparse_lines(fh, str(in_path), gazetteer):
                if isinstance(item, GeoparseFailure):
                    report.failures.append(item)
                    continue
                report.documents += 1
                report.toponyms += len(item["toponyms"])
                report.resolved += sum(t["geonameid"] is not None for t in item["toponyms"])
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
    except UnicodeDecodeError as exc:
        raise InputError(f"{in_path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"{in_path}: cannot read: {exc.strerror or exc}") from exc
    return report


def geoparse_path(in_path: str | Path, out_path: str | Path, gazetteer: Gazetteer | None = None) -> GeoparseReport:
    """`geoparse_file` from a path to a path ("-" is standard output), with the default gazetteer unless given."""
    gaz = gazetteer if gazetteer is not None else Gazetteer.default()
    if str(out_path) == "-":
        return geoparse_file(in_path, sys.stdout, gaz)
    if not Path(in_path).is_file():
        raise InputError(f"{in_path}: no such file")
    try:
        with Path(out_path).open("w", encoding="utf-8") as out:
            return geoparse_file(in_path, out, gaz)
    except OSError as exc:
        raise InputError(f"{out_path}: cannot write: {exc.strerror or exc}") from exc


__all__ = ["GeoparseFailure", "GeoparseReport", "Toponym", "geoparse_document", "geoparse_file",
           "geoparse_lines", "geoparse_path"]
