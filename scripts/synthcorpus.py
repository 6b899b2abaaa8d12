"""A deterministic synthetic news corpus for benchmarks: conflict reports written from templates.

    .venv/bin/python scripts/synthcorpus.py --articles N --out corpus.jsonl [--seed S]

The templates (scripts/synth_templates.toml) cover all six ACLED event types, casualty claims with claimants
and hedges, relative and explicit dates, and distractor sentences; places are real GeoNames towns of
eighteen conflict-affected countries, so geocoding does realistic work. Article `i` of seed `s` depends on
(s, i) only: a corpus of 1,000 articles is the first 1,000 of a corpus of 100,000, and the same seed always
gives byte-identical output. Nothing reads the clock or the network.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import tomllib

TEMPLATES = Path(__file__).with_name("synth_templates.toml")
_SLOT = re.compile(r"\{(\w+)\}")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PLACE_SLOTS = frozenset({"place", "place2", "place3", "capital", "country"})
# Slots fixed for a whole article (one story, one place, one group); all others are drawn at each use.
_ARTICLE_SLOTS = ("group", "group2", "militia", "generic", "protesters")
_DISTRACTOR_KINDS = ("commentary", "background", "quote", "weather", "economy", "sport", "aid", "boilerplate")


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    demonym: str
    capital: str
    army: tuple[str, ...]
    police: tuple[str, ...]
    groups: tuple[str, ...]
    militias: tuple[str, ...]
    places: tuple[str, ...]


@dataclass(frozen=True)
class EventKind:
    id: str
    acled: str
    weight: float
    titles: tuple[str, ...]
    lead: tuple[str, ...]
    follow: tuple[str, ...]


@dataclass(frozen=True)
class When:
    text: str
    days: tuple[int, int]


@dataclass(frozen=True)
class Templates:
    first_published: date
    last_published: date
    min_sentences: int
    max_sentences: int
    mode_sentences: int
    dateline_share: float
    word_number_share: float
    sources: tuple[str, ...]
    number_words: tuple[str, ...]
    when: tuple[When, ...]
    pools: Mapping[str, tuple[str, ...]]
    countries: tuple[Country, ...]
    events: tuple[EventKind, ...]
    claims: tuple[str, ...]
    distractors: tuple[str, ...]


@dataclass(frozen=True)
class SynthArticle:
    """One generated article: its JSONL record and what went into it (for benchmarks and tests)."""

    record: dict[str, str]
    places: tuple[tuple[str, str], ...]  # (name as written, ISO2 country) of every place slot filled, in order
    kinds: tuple[str, ...]  # event template ids, the leading one first
    acled_types: tuple[str, ...]
    sentences: int


@cache
def load_templates(path: Path = TEMPLATES) -> Templates:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    countries = tuple(
        Country(code=code, name=c["name"], demonym=c["demonym"], capital=c["capital"], army=tuple(c["army"]),
                police=tuple(c["police"]), groups=tuple(c["groups"]), militias=tuple(c["militias"]),
                places=tuple(c["places"]))
        for code, c in sorted(data["countries"].items()))
    events = tuple(EventKind(id=e["id"], acled=e["acled"], weight=float(e["weight"]), titles=tuple(e["titles"]),
                             lead=tuple(e["lead"]), follow=tuple(e["follow"])) for e in data["events"])
    distractors = tuple(s for kind in _DISTRACTOR_KINDS for s in data["distractors"][kind])
    return Templates(
        first_published=date.fromisoformat(data["first_published"]),
        last_published=date.fromisoformat(data["last_published"]),
        min_sentences=int(data["min_sentences"]), max_sentences=int(data["max_sentences"]),
        mode_sentences=int(data["mode_sentences"]), dateline_share=float(data["dateline_share"]),
        word_number_share=float(data["word_number_share"]), sources=tuple(data["sources"]),
        number_words=tuple(data["number_words"]),
        when=tuple(When(w["text"], (int(w["days"][0]), int(w["days"][1]))) for w in data["when"]),
        pools={key: tuple(values) for key, values in data["pools"].items()},
        countries=countries, events=events, claims=tuple(data["claims"]["sentences"]), distractors=distractors)


class _Writer:
    """Fills the slots of one article's sentences, remembering the places it wrote."""

    def __init__(self, rng: random.Random, tpl: Templates, country: Country, published: date,
                 source: str) -> None:
        self.rng, self.tpl, self.country, self.published, self.source = rng, tpl, country, published, source
        towns = rng.sample(country.places, 3)
        self.fixed: dict[str, str] = {
            "place": towns[0], "place2": towns[1], "place3": towns[2], "country": country.name,
            "demonym": country.demonym, "capital": country.capital,
            "group": rng.choice(country.groups), "group2": rng.choice(country.groups),
            "militia": rng.choice(country.militias), "generic": rng.choice(tpl.pools["generic"]),
            "protesters": rng.choice(tpl.pools["protesters"]),
        }
        self.toll = self._toll()
        self.places: list[tuple[str, str]] = []

    def _toll(self) -> int:
        rng = self.rng
        return rng.randint(2, 15) if rng.random() < 0.6 else rng.randint(16, 40) if rng.random() < 0.8 \
            else rng.randint(41, 150)

    def fill(self, template: str) -> str:
        return _SLOT.sub(self._slot, template)

    def _slot(self, match: re.Match[str]) -> str:
        name = match.group(1)
        key = name.lower()
        value = self._value(key, capital=name[0].isupper())
        if key in _PLACE_SLOTS:
            self.places.append((value, self.country.code))
        return value[:1].upper() + value[1:] if name[0].isupper() else value

    def _value(self, key: str, *, capital: bool) -> str:
        rng, pools = self.rng, self.tpl.pools
        if key in self.fixed:
            return self.fixed[key]
        numbers = {"n": lambda: self.toll, "n2": lambda: rng.randint(2, 60), "few": lambda: rng.randint(2, 9)}
        if key in numbers:
            return self._number(numbers[key](), capital=capital)
        if key == "army":
            return rng.choice(self.country.army)
        if key == "police":
            return rng.choice(self.country.police)
        if key == "when":
            return self._when()
        if key == "big":
            return f"{rng.randint(10, 900) * 100:,}"
        if key == "pct":
            return str(rng.randint(3, 45))
        if key == "past_year":
            return str(self.published.year - rng.randint(2, 12))
        if key == "month":
            return _MONTHS[self.published.month - 1]
        if key == "year":
            return str(self.published.year)
        if key == "weekday":
            return _WEEKDAYS[self.published.weekday()]
        if key == "source":
            return self.source
        if key in pools:
            return self.fill(rng.choice(pools[key]))
        raise KeyError(f"unknown template slot {{{key}}}")

    def _number(self, value: int, *, capital: bool) -> str:
        words = self.tpl.number_words
        if value < len(words) and (capital or self.rng.random() < self.tpl.word_number_share):
            return words[value]
        return str(value)

    def _when(self) -> str:
        """A date phrase for an event some days before publication, written relative to it."""
        when = self.rng.choice(self.tpl.when)
        day = self.published - timedelta(days=self.rng.randint(*when.days))
        values = {"weekday": _WEEKDAYS[day.weekday()], "day": str(day.day),
                  "month_of_event": _MONTHS[day.month - 1], "year_of_event": str(day.year)}
        return _SLOT.sub(lambda m: values[m.group(1)], when.text)


def _paragraphs(rng: random.Random, sentences: Sequence[str]) -> str:
    out: list[str] = []
    i = 0
    while i < len(sentences):
        size = rng.choice((1, 2, 2, 3))
        out.append(" ".join(sentences[i:i + size]))
        i += size
    return "\n\n".join(out)


def _article(index: int, seed: int, tpl: Templates) -> SynthArticle:
    # one generator per article, seeded by (seed, index): any article can be made without the others
    rng = random.Random(f"synthcorpus:{seed}:{index}")
    span = (tpl.last_published - tpl.first_published).days
    published = tpl.first_published + timedelta(days=rng.randint(0, span))
    country = rng.choice(tpl.countries)
    source = rng.choice(tpl.sources)
    writer = _Writer(rng, tpl, country, published, source)
    kinds = tpl.events
    lead_kind = rng.choices(kinds, weights=[k.weight for k in kinds])[0]
    length = min(tpl.max_sentences, max(tpl.min_sentences, round(
        rng.triangular(tpl.min_sentences, tpl.max_sentences, tpl.mode_sentences))))
    others = [k for k in kinds if k is not lead_kind]
    extra_kinds = rng.sample(others, min(len(others), rng.randint(0, 1 + length // 12)))

    lead = writer.fill(rng.choice(lead_kind.lead))
    if rng.random() < tpl.dateline_share:
        lead = (f"{country.capital.upper()}, {_MONTHS[published.month - 1]} {published.day} ({source}) - "
                + lead)
        writer.places.insert(0, (country.capital.upper(), country.code))
    mark = len(writer.places)
    title = writer.fill(rng.choice(lead_kind.titles))
    del writer.places[mark:]  # the pipeline reads the text, not the title
    story = [writer.fill(s) for s in rng.sample(lead_kind.follow, rng.randint(1, min(3, len(lead_kind.follow))))]
    story += [writer.fill(s) for s in rng.sample(tpl.claims, rng.randint(1, 3))]
    body = [writer.fill(rng.choice(k.lead)) for k in extra_kinds]
    room = length - 1 - len(story) - len(body)
    body += [writer.fill(s) for s in rng.sample(tpl.distractors, max(0, room))]
    rng.shuffle(body)
    sentences = [lead, *story, *body][:length]
    text = _paragraphs(rng, sentences)
    article_id = f"synth-{seed}-{index:07d}"
    record = {"id": article_id, "url": f"https://example.org/synth/{published:%Y/%m/%d}/{article_id}",
              "title": title, "published_at": published.isoformat(), "source": source, "text": text}
    return SynthArticle(record=record, places=tuple(writer.places),
                        kinds=(lead_kind.id, *(k.id for k in extra_kinds)),
                        acled_types=(lead_kind.acled, *(k.acled for k in extra_kinds)), sentences=len(sentences))


def articles(n: int, seed: int = 0, templates: Templates | None = None) -> Iterator[SynthArticle]:
    """The first `n` articles of the corpus of `seed`, with what was used to write them."""
    tpl = templates or load_templates()
    for index in range(n):
        yield _article(index, seed, tpl)


def generate(n: int, seed: int = 0) -> Iterator[dict[str, str]]:
    """JSONL-ready records: id, url, title, published_at, source, text."""
    for article in articles(n, seed):
        yield article.record


def jsonl_line(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def write_jsonl(path: str | Path, n: int, seed: int = 0) -> int:
    """Write the corpus to `path`, one record per line, streaming; returns the number of articles."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        for record in generate(n, seed):
            out.write(jsonl_line(record))
            count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.articles < 0:
        ap.error("--articles must be 0 or more")
    count = write_jsonl(args.out, args.articles, args.seed)
    sys.stderr.write(f"wrote {count} articles to {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
