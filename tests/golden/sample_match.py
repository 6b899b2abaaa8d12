"""Score the sample corpus's events against the hand-written gold in sample_events.json.

The matching is that of ../shared/eval/news_score.py, written again here so that the tests run without
../shared. Per article, predicted events (rows of `events export events`, background left out, grouped by
event_id: an event at several places is several rows) are matched one to one to gold events, a required gold
event before an optional one, then as many matches as possible, then the best agreement. A predicted event may
match a gold event when one of its rows

  (a) place: has the gold's location (case-, accent- and punctuation-insensitive) in the gold's country, or the
      gold has geo_precision 3 and the row lies in the gold's country. A gold place at precision 2 ("near X") is
      written X, so it matches an event at X. An alternative of the gold may name another place;
  (b) date: lies within 2 days of the gold's event_date, or within the week for a gold at week precision
      (event_date is then the Monday).

Of the matched pairs, the fields compared are event_type, sub_event_type, fatalities (exact, or an alternative;
a gold figure of null is not compared) and actor1 (as news_score compares actors: case-folded, ACLED's regime
years "(2021-)" dropped, a gold "SHORT: Long name" also matching "SHORT", a prediction "A; B" matching when one
does). actor2 and the exact date are reported in the summary, not asserted.

    PYTHONPATH=. python tests/golden/sample_match.py     # every article: MATCH / MISS / EXTRA, then the summary
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

GOLD = Path(__file__).resolve().with_name("sample_events.json")
DATE_DAYS = 2
ASSERTED = ("type", "subtype", "fatalities", "actor1")
REPORTED = (*ASSERTED, "actor2", "date")

Row = dict[str, str]
Gold = dict[str, Any]


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["articles"]
    return articles


def fold(s: str | None) -> str:
    """Case-, accent- and punctuation-insensitive form of a place name."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", "", s)


def actor_key(s: str | None) -> str:
    return re.sub(r"\s*\(\d{4}-(\d{4})?\)", "", (s or "").strip().casefold()).strip()


def actor_ok(pred: str | None, gold: str | None) -> bool:
    g = actor_key(gold)
    if not g:
        return not actor_key(pred)
    forms = {g, g.split(":")[0].strip()}
    return any(actor_key(p) in forms for p in (pred or "").split(";")) or actor_key(pred) in forms


def variants(g: Gold) -> list[Gold]:
    """The gold event and each of its alternatives (an alternative overrides some fields)."""
    return [g, *({**g, **alt} for alt in g.get("alternatives", []))]


def place_ok(row: Row, g: Gold) -> bool:
    for v in variants(g):
        same_country = fold(row.get("country")) == fold(v["country"])
        if same_country and (int(v["geo_precision"]) == 3 or fold(row.get("location")) == fold(v["location"])):
            return True
    return False


def date_gap(row: Row, g: Gold) -> int | None:
    """Days between the row's date and the gold's (0 inside the gold's week), None when too far apart."""
    try:
        rd = dt.date.fromisoformat((row.get("event_date") or "")[:10])
    except ValueError:
        return None
    gd = dt.date.fromisoformat(g["event_date"])
    if g["date_precision"] == "week":
        return 0 if gd <= rd <= gd + dt.timedelta(days=6) else None
    gap = abs((rd - gd).days)
    return gap if gap <= DATE_DAYS else None


def fields(row: Row, g: Gold) -> dict[str, bool | None]:
    """Agreement of a matched row with the gold, per field (None: not compared)."""
    vs = variants(g)
    fat: bool | None = None
    if any(v["fatalities"] is not None for v in vs):
        fat = any(v["fatalities"] is not None and str(v["fatalities"]) == (row.get("fatalities") or "")
                  for v in vs)
    return {
        "type": any(row.get("event_type") == v["event_type"] for v in vs),
        "subtype": any(row.get("sub_event_type") == v["sub_event_type"] for v in vs),
        "fatalities": fat,
        "actor1": any(actor_ok(row.get("actor1"), v["actor1"]) for v in vs),
        "actor2": any(actor_ok(row.get("actor2"), v["actor2"]) for v in vs),
        "date": (row.get("event_date") or "")[:10] == g["event_date"],
    }


def best_row(event: Sequence[Row], g: Gold) -> Row | None:
    """The row of a predicted event that matches the gold on place and date (the nearest date), if any."""
    fits = [(gap, i) for i, r in enumerate(event) if place_ok(r, g) and (gap := date_gap(r, g)) is not None]
    return event[min(fits)[1]] if fits else None


@dataclass
class Pair:
    gold: int
    pred: int
    row: Row

    def fields(self, golds: Sequence[Gold]) -> dict[str, bool | None]:
        return fields(self.row, golds[self.gold])


def match_article(golds: Sequence[Gold], preds: Sequence[Sequence[Row]]) -> list[Pair]:
    """One-to-one matching: required gold events first, then as many matches as possible, then agreement."""
    cand: dict[tuple[int, int], tuple[Row, int]] = {}
    for gi, g in enumerate(golds):
        for pi, event in enumerate(preds):
            row = best_row(event, g)
            if row is not None:
                agree = sum(1 for v in fields(row, g).values() if v)
                cand[(gi, pi)] = (row, (10_000 if not g.get("optional") else 1_000) + agree)

    @cache
    def best(gi: int, used: frozenset[int]) -> tuple[int, tuple[tuple[int, int], ...]]:
        if gi == len(golds):
            return 0, ()
        score, chosen = best(gi + 1, used)  # this gold event left unmatched
        for pi in range(len(preds)):
            if pi not in used and (gi, pi) in cand:
                sub, rest = best(gi + 1, used | {pi})
                if sub + cand[(gi, pi)][1] > score:
                    score, chosen = sub + cand[(gi, pi)][1], ((gi, pi), *rest)
        return score, chosen

    return [Pair(gi, pi, cand[(gi, pi)][0]) for gi, pi in best(0, frozenset())[1]]


@dataclass
class ArticleResult:
    article: dict[str, Any]
    preds: list[list[Row]]
    pairs: list[Pair]
    pair_of: dict[int, Pair] = field(init=False)

    def __post_init__(self) -> None:
        self.pair_of = {p.gold: p for p in self.pairs}

    @property
    def golds(self) -> list[Gold]:
        return list(self.article["events"])

    def extras(self) -> list[list[Row]]:
        matched = {p.pred for p in self.pairs}
        return [ev for pi, ev in enumerate(self.preds) if pi not in matched]


def group_events(rows: Iterable[Row]) -> dict[str, list[list[Row]]]:
    """article_id -> predicted events, each the list of its rows (one per place)."""
    by_event: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        by_event.setdefault((r["article_id"], r["event_id"]), []).append(r)
    out: dict[str, list[list[Row]]] = {}
    for (aid, _), event in by_event.items():
        out.setdefault(aid, []).append(event)
    return out


def score(articles: Sequence[dict[str, Any]], rows: Iterable[Row]) -> dict[str, ArticleResult]:
    preds_by = group_events(rows)
    results = {}
    for a in articles:
        preds = preds_by.get(a["id"], [])
        results[a["id"]] = ArticleResult(a, preds, match_article(a["events"], preds))
    return results


def _inside(phrase: str, sentence: str) -> bool:
    key = lambda s: re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s).casefold()).strip()  # noqa: E731
    return bool(sentence) and key(phrase) in key(sentence)


def summary(results: dict[str, ArticleResult]) -> str:
    """news_score's figures over the samples: matched/gold/pred, precision, recall, field agreement, not-events."""
    required = sum(1 for r in results.values() for g in r.golds if not g.get("optional"))
    req_matched = sum(1 for r in results.values() for p in r.pairs if not r.golds[p.gold].get("optional"))
    matched = sum(len(r.pairs) for r in results.values())
    n_pred = sum(len(r.preds) for r in results.values())
    hits = dict.fromkeys(REPORTED, 0)
    dens = dict.fromkeys(REPORTED, 0)
    for r in results.values():
        for p in r.pairs:
            for k, v in p.fields(r.golds).items():
                if v is not None:
                    dens[k] += 1
                    hits[k] += bool(v)
    notev = [any(_inside(phrase, row.get("sentence") or "") for ev in r.preds for row in ev)
             for r in results.values() for phrase in r.article["not_events"]]
    pct = lambda a, b: 100.0 * a / b if b else 0.0  # noqa: E731
    precision, recall = pct(matched, n_pred), pct(req_matched, required)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    attrs = " ".join(f"{k}={pct(hits[k], dens[k]):.1f}%" for k in REPORTED)
    return (f"samples: n={len(results)} gold={required} (+{sum(len(r.golds) for r in results.values()) - required} "
            f"optional) pred={n_pred} matched={matched} (required {req_matched}) P={precision:.1f}% R={recall:.1f}% "
            f"F1={f1:.1f}% {attrs} notev={sum(notev)}/{len(notev)}")


def describe(results: dict[str, ArticleResult]) -> str:
    """Every article: each gold event matched (with the fields that disagree) or missed, each extra prediction."""
    lines = []

    def show(row: Row) -> str:
        return (f"{row.get('event_date')} {row.get('sub_event_type')} @ {row.get('location')} "
                f"f={row.get('fatalities')} a1={row.get('actor1')} a2={row.get('actor2')}")

    for aid, r in results.items():
        lines.append(f"== {aid} gold={len(r.golds)} pred={len(r.preds)} matched={len(r.pairs)}")
        for gi, g in enumerate(r.golds):
            label = f"{gi + 1}{'?' if g.get('optional') else ''} {g['event_date']} {g['sub_event_type']} @ " \
                    f"{g['location']} f={g['fatalities']} a1={g['actor1']}"
            if gi in r.pair_of:
                bad = " ".join(k for k, v in r.pair_of[gi].fields(r.golds).items() if v is False)
                lines.append(f"   MATCH {label}  <- {show(r.pair_of[gi].row)}" + (f"  WRONG: {bad}" if bad else ""))
            else:
                lines.append(f"   MISS  {label}")
        for ev in r.extras():
            lines.append(f"   EXTRA {'; '.join(show(row) for row in ev)} | {(ev[0].get('sentence') or '')[:120]}")
    return "\n".join(lines)


def predicted_rows(db: Path) -> list[Row]:
    """Build the bundled samples into `db` and return `events export events` (background left out) as rows."""
    from events.ingest.importer import build_samples
    from events.outputs.export import export_events
    from events.store.db import Store

    build_samples(db, now=lambda: dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    buffer = io.StringIO()
    with Store.open(db, read_only=True) as store:
        export_events(store, buffer)
    return list(csv.DictReader(io.StringIO(buffer.getvalue())))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        results = score(load_gold(), predicted_rows(Path(tmp) / "samples.duckdb"))
    sys.stdout.write(describe(results) + "\n" + summary(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
