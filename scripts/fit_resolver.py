"""Fit the resolver's weights (gazetteer/data/resolver_weights.toml) on one half of a geoparsing corpus and
report the other half.

    .venv/bin/python scripts/fit_resolver.py ../shared/eval/geoparse-dev/lgl.jsonl \
        [--notes ../shared/eval/acled-dev] [--write] [--passes 2]

The corpus gives each toponym's span and true point ({"id", "text", "toponyms": [{"start", "end", "lat",
"lon"}]}); `events geoparse` resolves exactly those spans, so only resolution is scored: accuracy within 161 km
(100 miles), the field's usual figure. Documents at odd positions (1st, 3rd, ...) are fitted on, the others
reported. The search is coordinate-wise: each weight in turn is scaled (x0, x0.5, x0.75, x1.25, x1.5, x2) and
the best value on the fitted half kept, a change only when it gains; `--passes` rounds. It prints the start and
the end on both halves, and with `--write` stores the weights and those figures in the weights file (a new
version). A weight chosen this way is a fit: report the held half, not the fitted one.

With `--notes`, a folder of ACLED-coded notes (docs.jsonl, gold.csv) is fitted alongside: the objective is then
the mean of the corpus's acc@161km and the share of notes whose event is placed within 25 km of the coded
point, each on its own odd half. The same weights resolve toponyms for a geoparsing corpus and places for the
event coder, so a fit on one alone moves the other (LGL alone drops the focus country's weight to 0, which the
coder of ACLED notes cannot afford).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import tomllib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.geoparse import geoparse_file  # noqa: E402
from events.lexicon import Lexicons  # noqa: E402
from events.pipeline import Pipeline  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402
from gazetteer.resolve import distance_km  # noqa: E402
from gazetteer.weights import WEIGHT_NAMES, WEIGHTS_FILE, Weights, read_weights  # noqa: E402
from schemas import Article  # noqa: E402

_SCALES = (0.0, 0.5, 0.75, 1.25, 1.5, 2.0)
_WITHIN_KM = 161.0
_WITHIN_NOTE_KM = 25.0


def _fitted_on(position: int) -> bool:
    """Documents at odd positions (the 1st, the 3rd, ...) are fitted on; the others are held out."""
    return position % 2 == 0


def _tallies() -> dict[bool, list[int]]:
    """Fitted half? -> [right, total]."""
    return {True: [0, 0], False: [0, 0]}


def _percentages(tallies: dict[bool, list[int]]) -> tuple[float, float]:
    """(fitted half, held half) in percent."""
    (right_fit, total_fit), (right_held, total_held) = tallies[True], tallies[False]
    return 100.0 * right_fit / max(total_fit, 1), 100.0 * right_held / max(total_held, 1)


def _gold(path: Path) -> tuple[dict[str, list[dict[str, float]]], set[str]]:
    """Each document's toponyms by id, and the ids fitted on (odd positions)."""
    gold: dict[str, list[dict[str, float]]] = {}
    fitted: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for position, line in enumerate(line for line in fh if line.strip()):
            doc = json.loads(line)
            gold[str(doc["id"])] = doc["toponyms"]
            if _fitted_on(position):
                fitted.add(str(doc["id"]))
    return gold, fitted


def _accuracy(corpus: Path, gazetteer: Gazetteer, lexicons: Lexicons, gold: dict[str, list[dict[str, float]]],
              fitted: set[str]) -> tuple[float, float]:
    """acc@161km on the fitted half and on the held half, in percent."""
    out = io.StringIO()
    geoparse_file(corpus, out, gazetteer, lexicons)
    predicted = {str(d["id"]): {(t["start"], t["end"]): t for t in d["toponyms"]}
                 for d in map(json.loads, out.getvalue().splitlines())}
    counts = _tallies()
    for doc_id, toponyms in gold.items():
        spans = predicted.get(doc_id, {})
        tally = counts[doc_id in fitted]
        for t in toponyms:
            tally[1] += 1
            p = spans.get((t["start"], t["end"]))
            if p and p.get("lat") is not None and distance_km(t["lat"], t["lon"], p["lat"], p["lon"]) <= _WITHIN_KM:
                tally[0] += 1
    return _percentages(counts)


@dataclass(frozen=True, slots=True)
class Notes:
    """An ACLED-coded set (docs.jsonl and gold.csv, as ../shared/eval/acled-dev holds): each note's text and
    publication date, and the coded point of its event."""

    articles: list[Article]
    points: dict[str, tuple[float, float]]
    fitted: set[str]

    @classmethod
    def read(cls, folder: Path) -> Notes:
        articles: list[Article] = []
        fitted: set[str] = set()
        with (folder / "docs.jsonl").open(encoding="utf-8") as fh:
            for position, line in enumerate(line for line in fh if line.strip()):
                doc = json.loads(line)
                if not doc.get("id"):
                    continue  # a note no coded event can be matched to
                articles.append(Article(article_id=str(doc["id"]), text=doc["text"],
                                        published_at=doc.get("published_at"), source=doc.get("source")))
                if _fitted_on(position):
                    fitted.add(str(doc["id"]))
        with (folder / "gold.csv").open(encoding="utf-8", newline="") as fh:
            points = {row["id"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(fh)}
        return cls(articles, points, fitted)

    def accuracy(self, gazetteer: Gazetteer, lexicons: Lexicons, held: bool = True) -> tuple[float, float]:
        """Share of notes whose first event is placed within 25 km of the coded point (score.py's loc25), on
        the fitted half and on the held half (0 when `held` is false: a trial needs only the fitted half), in
        percent."""
        pipeline = Pipeline(gazetteer, lexicons)
        counts = _tallies()
        for article in self.articles:
            point = self.points.get(article.article_id)
            if point is None or not (held or article.article_id in self.fitted):
                continue
            tally = counts[article.article_id in self.fitted]
            tally[1] += 1
            events = pipeline.extract(article).events
            place = events[0].places[0].place if events and events[0].places else None
            if place is not None and place.latitude is not None and place.longitude is not None and \
                    distance_km(point[0], point[1], place.latitude, place.longitude) <= _WITHIN_NOTE_KM:
                tally[0] += 1
        return _percentages(counts)


def _trials(value: float) -> list[float]:
    """Values to try for one weight: scalings of it (steps of half a unit around zero for a weight at zero)."""
    if math.isclose(value, 0.0):
        return [-0.5, 0.5]
    return sorted({round(value * scale, 4) for scale in _SCALES} - {value})


def fit(corpus: Path, base: Gazetteer, lexicons: Lexicons, passes: int, notes: Notes | None = None,
        only: Sequence[str] = (), tolerance: float = 0.1, min_gain: float = 0.05
        ) -> tuple[Weights, tuple[float, float], tuple[float, float], dict[str, float]]:
    """The weights found, (fitted, held) figures at the start and at the end, and the end's figures by part (the
    corpus's and the notes' halves): the corpus's acc@161km, or, with
    `notes`, the mean of it and the notes' loc25 (each half with the same half of the other), where no trial may
    lower the notes' fitted figure by more than `tolerance` points (the event coder comes first). A change is kept
    only when it gains at least `min_gain` points: a gain of one toponym in thousands is noise, not evidence."""
    gold, fitted = _gold(corpus)

    floor = -math.inf  # the notes' fitted figure no trial may fall below (with `notes`)
    parts: dict[str, float] = {}  # the last score's parts, by half

    def score(gazetteer: Gazetteer, held: bool = False) -> tuple[float, float]:
        geo = _accuracy(corpus, gazetteer, lexicons, gold, fitted)
        parts.update(corpus_fit=geo[0], corpus_held=geo[1])
        if notes is None:
            return geo
        coded = notes.accuracy(gazetteer, lexicons, held)
        parts.update(notes_fit=coded[0], notes_held=coded[1])
        print(f"    (geoparse fit {geo[0]:.2f} held {geo[1]:.2f}; notes fit {coded[0]:.2f} held {coded[1]:.2f})",
              flush=True)
        if coded[0] < floor:
            return -math.inf, -math.inf  # a gain on the corpus paid for by the notes is refused
        return (geo[0] + coded[0]) / 2, (geo[1] + coded[1]) / 2

    weights = base.weights
    start = best = score(base, held=True)
    if notes is not None:
        floor = notes.accuracy(base, lexicons, held=False)[0] - tolerance
    print(f"start: fit {start[0]:.2f}%  held {start[1]:.2f}%", flush=True)
    for round_ in range(1, passes + 1):
        changed = False
        for name in only or WEIGHT_NAMES:
            for value in _trials(getattr(weights, name)):
                trial = replace(weights, **{name: value})
                scored = score(base.with_weights(trial))
                if scored[0] >= best[0] + min_gain:
                    print(f"  pass {round_}: {name} {getattr(weights, name):g} -> {value:g}: fit {scored[0]:.2f}%",
                          flush=True)
                    weights, best, changed = trial, scored, True
        if not changed:
            break
    best = score(base.with_weights(weights), held=True)
    print(f"end:   fit {best[0]:.2f}%  held {best[1]:.2f}%")
    return weights, start, best, {"fit": best[0], "held": best[1], **parts}


def write(path: Path, weights: Weights, figures: Mapping[str, float], objective: str) -> None:
    """The weights file with these weights, a new version, and a [fitted] table of the fit's figures (the comments
    of the rest kept)."""
    text = path.read_text(encoding="utf-8")
    head = text[:text.index("[fitted]")] if "[fitted]" in text else text
    lines = []
    for line in head.rstrip("\n").splitlines():
        key = line.split("=", 1)[0].strip()
        if key in WEIGHT_NAMES:
            line = f"{key} = {float(getattr(weights, key))!r}"
        elif key == "version":
            line = f'version = "{date.today():%Y.%m.%d}"'
        lines.append(line)
    lines += ["", "[fitted]", "# scripts/fit_resolver.py's last run: odd documents fitted, even ones held (percent)",
              f"objective = {json.dumps(objective)}"]
    lines += [f"{key} = {value:.2f}" for key, value in figures.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tomllib.loads(path.read_text(encoding="utf-8"))  # still a weights file
    read_weights(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="geoparsing corpus (JSON Lines with toponym spans and points)")
    ap.add_argument("--passes", type=int, default=2, help="rounds over all weights (default 2)")
    ap.add_argument("--notes", type=Path, help="an ACLED-coded folder (docs.jsonl, gold.csv) fitted alongside")
    ap.add_argument("--only", default="", help="comma-separated weights to search (default: all)")
    ap.add_argument("--min-gain", type=float, default=0.05,
                    help="points a change must gain on the fitted half to be kept (default 0.05)")
    ap.add_argument("--tolerance", type=float, default=0.1,
                    help="points of the notes' loc25 (fitted half) a trial may lose (default 0.1)")
    ap.add_argument("--write", action="store_true", help=f"store the fitted weights in {WEIGHTS_FILE.name}")
    args = ap.parse_args()
    notes = Notes.read(args.notes) if args.notes is not None else None
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(only) - set(WEIGHT_NAMES))
    if unknown:
        ap.error(f"--only: unknown weights {', '.join(unknown)}; known: {', '.join(WEIGHT_NAMES)}")
    weights, _start, _end, figures = fit(args.corpus, Gazetteer.default(), Lexicons(), args.passes, notes, only,
                                         args.tolerance, args.min_gain)
    changed = {k: v for k, v in weights.as_table().items() if v != read_weights().as_table()[k]}
    print("changed:", ", ".join(f"{k}={v:g}" for k, v in changed.items()) or "nothing")
    if args.write:
        objective = (f"acc@161km on {args.corpus.name}" if notes is None else
                     f"mean of acc@161km on {args.corpus.name} and loc25 on the notes of {args.notes.name}, the notes' "
                     f"fitted half lowered by at most {args.tolerance:g}; changes gaining at least {args.min_gain:g}")
        write(WEIGHTS_FILE, weights, figures, objective)
        print(f"wrote {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
