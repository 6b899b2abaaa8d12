"""Toponym resolution over JSON Lines documents: `{"id", "text", "toponyms"?}` in, resolved spans out.

When a document gives its toponyms (`start`/`end`), exactly those spans are resolved; otherwise the
extractor's place finder picks them. Each document is resolved twice: the first pass gathers its
evidence (focus countries, the places it names, the regions it mentions most), the second resolves every
span against all of it, so that an early ambiguous name profits from a later unambiguous one. A mention's
evidence is the OTHER names': the focus countries they vote for, the places they resolve to and the regions they
may name or lie in (a name never confirms its own reading).
Bad lines become failures naming `file:line`; the other lines are still processed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from events.errors import InputError, shown
from events.extract.mentions.persons import find_persons
from events.extract.mentions.places import Candidate, FocusVotes, find_candidates, resolve_candidates
from events.extract.text import Sentence, split_sentences
from events.files import open_new, open_regular_text, read_reason, replacing
from events.lexicon import Lexicons
from gazetteer import Gazetteer, Place, fold

_NAMED_REGION = 3  # votes of a region named outright, against 1 per town
_NEAR_PLACES = 12  # the document's resolved places that inform each name, nearest in the text first
_SPELLED_OUT = {"co.": "County", "cnty.": "County", "twp.": "Township", "mt.": "Mount", "ft.": "Fort",
                "st.": "Saint", "pt.": "Point"}


def _generic_words(lexicons: Lexicons) -> frozenset[str]:
    """Words that name a kind of place, not a place (place_cues.toml, place.generic): left over from a longer
    name, they would match a town. Build with `lexicons.compiled(_generic_words)`."""
    return frozenset(lexicons.word_list("place_cues.toml", "place.generic"))


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


def geoparse_document(text: str, gazetteer: Gazetteer, lexicons: Lexicons,
                      spans: Sequence[tuple[int, int]] | None = None, home: Sequence[Place] = ()) -> list[Toponym]:
    """Resolved toponyms of one text; `spans` given -> exactly those, in their order.

    `home` are regions the text's publisher covers (see `home_regions`): weak evidence, used when the
    text itself says little.
    """
    sentences = split_sentences(text)
    found = _found(sentences, gazetteer, lexicons)
    votes = FocusVotes.of(found, gazetteer)
    if spans is None:
        # the extractor decides what is a place, with the whole document's focus
        candidates = resolve_candidates(found, gazetteer, votes.countries())
    else:
        by_span = {(c.start, c.end): c for c in found}
        candidates = [by_span.get((s, e)) or _bare_candidate(text, s, e, sentences) for s, e in spans]
    # each mention is resolved with the focus of the document's other names (FocusVotes)
    own = [_own_names(c, found) for c in candidates]
    focus = [votes.countries(without=names) for names in own]
    names = {fold(c.text): c.text for c in candidates}
    others = [tuple(text for key, text in names.items() if key not in mine) for mine in own]
    generic = lexicons.compiled(_generic_words)
    first = _resolve_all(candidates, gazetteer, focus, others, {}, [home] * len(candidates), generic)
    evidence = {i: p for i, p in enumerate(first) if p is not None}
    focus = [_document_focus(f, (p for j, p in evidence.items() if fold(candidates[j].text) not in names))
             for f, names in zip(focus, own, strict=True)]
    # the region the other names are most about, then the publisher's
    context = [[*_main_regions(candidates, {j: p for j, p in evidence.items() if fold(candidates[j].text) not in mine},
                               gazetteer), *home] for mine in own]
    candidates = _comma_regions(text, candidates, evidence)
    second = _resolve_all(candidates, gazetteer, focus, others, evidence, context, generic)
    return [_toponym(c, place, gazetteer) for c, place in zip(candidates, second, strict=True)
            if spans is not None or place is not None]


def _own_names(cand: Candidate, found: Sequence[Candidate]) -> frozenset[str]:
    """The names a mention casts its focus votes under (folded): its own, and those of the names found inside
    or around its span ("Moscow" in "Moscow's Domodedovo Airport")."""
    return frozenset({fold(cand.text), *(fold(f.text) for f in found if f.start < cand.end and cand.start < f.end)})


def _found(sentences: Sequence[Sentence], gazetteer: Gazetteer, lexicons: Lexicons) -> list[Candidate]:
    """The place candidates of the sentences, as the extractor finds them: a person's name holds none ("Norbert
    Zongo", "said Aman": the sentence's person spans are blocked, as sentence_mentions blocks them)."""
    found: list[Candidate] = []
    for sentence in sentences:
        persons = [(p.start, p.end) for p in find_persons(sentence, gazetteer, lexicons)]
        found += find_candidates(sentence, gazetteer, lexicons, persons)
    return found


def _comma_regions(text: str, candidates: Sequence[Candidate], evidence: Mapping[int, Place]) -> list[Candidate]:
    """"Cedarville, Ga.": a name followed by a comma and a region has that region as an admin hint."""
    out = list(candidates)
    for i in range(len(out) - 1):
        region = evidence.get(i + 1)
        if region is None or not region.is_region or text[out[i].end:out[i + 1].start].strip() != ",":
            continue
        out[i] = replace(out[i], admin_hints=(*out[i].admin_hints, region.name))
    return out


def _toponym(cand: Candidate, place: Place | None, gazetteer: Gazetteer) -> Toponym:
    return Toponym(cand.start, cand.end, cand.text, place, gazetteer.center(place) if place else None)


def _bare_candidate(text: str, start: int, end: int, sentences: Sequence[Sentence]) -> Candidate:
    index = next((s.index for s in sentences if s.start <= start < s.end), 0)
    return Candidate(start, end, text[start:end], index, 1, "geoparse.span", True, False)


def _document_focus(focus: Sequence[str], places: Iterable[Place]) -> list[str]:
    """The focus countries, plus the country most of the (other names') resolved places are in."""
    votes = Counter(p.country_code for p in places if p.country_code)
    out = list(focus)
    for code, _ in votes.most_common(1):
        if code not in out:
            out.append(code)
    return out


def region_votes(places: Iterable[Place]) -> Counter[tuple[str, str]]:
    """(country code, admin1) of every place below the country level."""
    return Counter((p.country_code, p.admin1) for p in places
                   if p.country_code and p.admin1 and not p.is_country)


def _main_regions(candidates: Sequence[Candidate], evidence: Mapping[int, Place],
                  gazetteer: Gazetteer) -> list[Place]:
    """The first-level region the document is most about ("the state named in the article").

    Each distinct name votes once, so that a repeated ambiguous name cannot outvote the rest; a region named
    outright counts for more than a town's first (context-free) reading.
    """
    readings = {fold(candidates[i].text): place for i, place in evidence.items()}
    votes: Counter[tuple[str, str]] = Counter()
    for region, n in region_votes(readings.values()).items():
        votes[region] += n
    for place in readings.values():
        if place.is_region and place.country_code and place.admin1:
            votes[(place.country_code, place.admin1)] += _NAMED_REGION - 1
    if not votes:
        return []
    (cc, admin1), _ = votes.most_common(1)[0]
    main = gazetteer.region(cc, admin1)
    return [main] if main is not None else []


def home_regions(votes: Counter[tuple[str, str]], gazetteer: Gazetteer, share: float = 0.25) -> list[Place]:
    """The region a publisher's documents name most, when it is a clear share of all their mentions."""
    total = sum(votes.values())
    if not total:
        return []
    (cc, admin1), n = votes.most_common(1)[0]
    region = gazetteer.region(cc, admin1) if n >= share * total and n >= 3 else None
    return [region] if region is not None else []


def _resolve_all(candidates: Sequence[Candidate], gazetteer: Gazetteer, focus: Sequence[Sequence[str]],
                 others: Sequence[Sequence[str]], evidence: dict[int, Place], context: Sequence[Sequence[Place]],
                 generic: frozenset[str]) -> list[Place | None]:
    """Each candidate's place; `focus`, `others` and `context` hold, for each candidate, its focus countries, the
    document's other names and the regions that inform it."""
    out: list[Place | None] = []
    for i, cand in enumerate(candidates):
        near = _near(i, candidates, evidence, out, context[i])
        place: Place | None = None
        for name in _readings(cand.text, gazetteer, generic):
            res = gazetteer.resolve(name, focus=focus[i], near=near, admin_hints=cand.admin_hints,
                                    prefer_region=cand.prefer_region, others=others[i])
            if res is not None:
                place = res.place
                break
        country = _by_demonym(cand.text, gazetteer)
        # "Sri Lankan", "German": a demonym stands for its country, unless a place bears that very name (a
        # village that lists it among its alternate names, or a part of it, does not)
        out.append(country if country is not None and (place is None or fold(place.name) != fold(cand.text))
                   else place)
    return out


def _readings(name: str, gazetteer: Gazetteer, generic: frozenset[str]) -> Iterator[str]:
    """The name; with abbreviated generic words spelled out ("Loudon Co."); then, for a name the
    gazetteer lacks, its longest known part ("Port of X", "X Township", "South X")."""
    yield name
    words = name.split()
    spelled = " ".join(_SPELLED_OUT.get(w.casefold(), w) for w in words)
    if spelled != name:
        yield spelled
    if gazetteer.contains(name) or gazetteer.contains(spelled):
        return
    for size in range(len(words) - 1, 0, -1):
        for k in range(len(words) - size + 1):
            part = " ".join(words[k:k + size]).strip(",.;:'\"")
            if part[:1].isupper() and len(part) > 2 and part.casefold() not in generic and gazetteer.contains(part):
                yield part
                return


def _by_demonym(name: str, gazetteer: Gazetteer) -> Place | None:
    """A span given as a place that is a demonym ("Malian forces") stands for its country."""
    code = gazetteer.country_of_demonym(name)
    return gazetteer.country(code) if code else None


def _near(i: int, candidates: Sequence[Candidate], evidence: dict[int, Place],
          so_far: Sequence[Place | None], context: Sequence[Place]) -> list[Place]:
    """Places of the other names of the document, closest in the text first, then the context regions.

    Other mentions of the same name are no evidence: their first reading would only confirm itself.
    """
    known = dict(evidence)
    known.update((j, p) for j, p in enumerate(so_far) if p is not None)
    name = fold(candidates[i].text)
    out: dict[str, Place] = {}
    for j in sorted(known, key=lambda j: abs(j - i)):
        if fold(candidates[j].text) != name and known[j].geonameid not in out:
            out[known[j].geonameid] = known[j]
            if len(out) == _NEAR_PLACES:
                break
    for place in context:
        out.setdefault(place.geonameid, place)
    return list(out.values())


@dataclass(frozen=True, slots=True)
class _Doc:
    doc_id: str
    text: str
    spans: list[tuple[int, int]] | None
    publisher: str | None  # host of its url, else its source


def _documents(lines: Iterable[str], source: str) -> Iterator[_Doc | GeoparseFailure]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield _parse(line)
        except InputError as exc:
            yield GeoparseFailure(f"{source}:{number}", str(exc))


def publisher_votes(lines: Iterable[str], source: str, gazetteer: Gazetteer,
                    lexicons: Lexicons) -> dict[str, Counter[tuple[str, str]]]:
    """Per publisher, how often its documents name places in each first-level region."""
    votes: dict[str, Counter[tuple[str, str]]] = {}
    for doc in _documents(lines, source):
        if isinstance(doc, GeoparseFailure) or doc.publisher is None:
            continue
        places = [t.place for t in geoparse_document(doc.text, gazetteer, lexicons, doc.spans) if t.place is not None]
        votes.setdefault(doc.publisher, Counter()).update(region_votes(places))
    return votes


def geoparse_lines(lines: Iterable[str], source: str, gazetteer: Gazetteer, lexicons: Lexicons,
                   homes: Mapping[str, Sequence[Place]] | None = None) -> Iterator[dict[str, Any] | GeoparseFailure]:
    """One output record (or failure) per non-blank input line; `homes` are publishers' home regions."""
    for doc in _documents(lines, source):
        if isinstance(doc, GeoparseFailure):
            yield doc
            continue
        home = (homes or {}).get(doc.publisher or "", ())
        toponyms = geoparse_document(doc.text, gazetteer, lexicons, doc.spans, home)
        yield {"id": doc.doc_id, "toponyms": [t.as_dict() for t in toponyms]}


def _parse(line: str) -> _Doc:
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
    return _Doc(str(doc_id), text, _spans(record.get("toponyms"), len(text)), _publisher(record))


def _spans(raw: Any, length: int) -> list[tuple[int, int]] | None:
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise InputError("'toponyms' must be a list")
    spans: list[tuple[int, int]] = []
    for k, item in enumerate(raw):
        start = item.get("start") if isinstance(item, dict) else None
        end = item.get("end") if isinstance(item, dict) else None
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            raise InputError(f"toponym {k}: 'start' and 'end' must be integers")
        if not 0 <= start < end <= length:
            raise InputError(f"toponym {k}: span {start}-{end} is outside the text ({length} characters)")
        spans.append((start, end))
    return spans


def _publisher(record: dict[str, Any]) -> str | None:
    url = record.get("url")
    if isinstance(url, str) and url:
        host = urlsplit(url.strip()).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    source = record.get("source")
    return source.strip().casefold() or None if isinstance(source, str) else None


def geoparse_file(in_path: str | Path, out: TextIO, gazetteer: Gazetteer, lexicons: Lexicons) -> GeoparseReport:
    """Resolve every document of a JSON Lines file, writing one JSON line per good input line.

    The file is read twice: first to learn which region each publisher's documents name most (a local
    paper's home), then to resolve every document with that as background evidence.
    """
    report = GeoparseReport()
    name = shown(in_path)
    try:
        with open_regular_text(in_path, encoding="utf-8-sig") as fh:  # a FIFO or a device: one line, no hang
            votes = publisher_votes(fh, name, gazetteer, lexicons)
        homes = {publisher: home_regions(counts, gazetteer) for publisher, counts in votes.items()}
        with open_regular_text(in_path, encoding="utf-8-sig") as fh:
            for item in geoparse_lines(fh, name, gazetteer, lexicons, homes):
                if isinstance(item, GeoparseFailure):
                    report.failures.append(item)
                    continue
                report.documents += 1
                report.toponyms += len(item["toponyms"])
                report.resolved += sum(t["geonameid"] is not None for t in item["toponyms"])
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"{name}: {read_reason(exc)}") from exc
    return report


def geoparse_path(in_path: str | Path, out_path: str | Path, gazetteer: Gazetteer | None = None,
                  lexicons: Lexicons | None = None) -> GeoparseReport:
    """`geoparse_file` from a path to a path ("-" is standard output), with the default gazetteer and the
    bundled lexicons unless given."""
    gaz = gazetteer if gazetteer is not None else Gazetteer.default()
    lex = lexicons if lexicons is not None else Lexicons()
    if str(out_path) == "-":
        return geoparse_file(in_path, sys.stdout, gaz, lex)
    if not Path(in_path).exists():
        raise InputError(f"{shown(in_path)}: no such file")
    # written beside the target and renamed (events.files.replacing): a failure leaves no half file behind
    with replacing(out_path) as partial, open_new(partial) as out:
        return geoparse_file(in_path, out, gaz, lex)


__all__ = ["GeoparseFailure", "GeoparseReport", "Toponym", "geoparse_document", "geoparse_file",
           "geoparse_lines", "geoparse_path", "home_regions",
           "publisher_votes", "region_votes"]
