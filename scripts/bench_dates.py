"""Throughput of events.extract.mentions.dates.find_dates, in sentences per second on one core.

    .venv/bin/python scripts/bench_dates.py                 # generated news-like sentences
    .venv/bin/python scripts/bench_dates.py --jsonl FILE    # also the sentences of a documents file

The generated mix is mostly dateless sentences (as in news copy), with a share of dated ones of every kind;
the dated-only figure is printed too, because ACLED-style notes open nearly every sentence with a date.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from benchlib import sentences_of

from events.extract.mentions.dates import find_dates
from events.lexicon import Lexicons

_SUBJECTS = ["Gunmen", "Security forces", "Protesters", "Unidentified assailants", "The army",
             "Rebel fighters", "Residents of the northern district", "A coalition of opposition parties",
             "Police officers"]
_VERBS = ["attacked a checkpoint near the market", "clashed with militia members outside the town",
          "marched to the governor's office demanding the release of detainees",
          "fired mortar rounds at an army base", "set fire to several houses in the village",
          "abducted three traders on the main road", "blocked the highway with burning tyres"]
_TAILS = ["officials said.", "according to a local source.", "killing at least 12 people.",
          "and about 2500 people fled to the neighbouring province.", "witnesses told reporters.",
          "in what the government called a terrorist act.", "leaving 40 dead and dozens wounded."]
_DATES = ["on Friday", "late on Tuesday", "yesterday", "last week", "on 9 May 2020", "on May 9", "in March",
          "in 2013", "two days ago", "on the evening of the 25th", "earlier this month", "the same day",
          "between 1 and 3 May 2020", "around 6 May 2021 (week of)", "overnight", "since 2024"]
_OPENERS = ["On 9 May 2020,", "Around 12 June 2021 (as reported),", "On April 25,", "In 2011,", "Last week,",
            "Late on Friday,", "Looting: On 3 March 2022,"]


def generated(count: int, dated_share: float, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        subject, verb, tail = rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_TAILS)
        roll = rng.random()
        if roll < dated_share / 2:
            out.append(f"{rng.choice(_OPENERS)} {subject.lower()} {verb}, {tail}")
        elif roll < dated_share:
            out.append(f"{subject} {verb} {rng.choice(_DATES)}, {tail}")
        else:
            out.append(f"{subject} {verb}, {tail}")
    return out


def rate(sentences: list[str], call: Callable[[str, date], object], seconds: float = 2.0) -> float:
    reference = date(2025, 3, 10)
    call(sentences[0], reference)  # load the lexicon outside the clock
    done, start = 0, time.perf_counter()
    for sentence in itertools.cycle(sentences):
        call(sentence, reference)
        done += 1
        if done % 500 == 0 and time.perf_counter() - start >= seconds:
            break
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", type=Path, help="documents file (one JSON object with 'text' per line)")
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()
    runs = {
        "typical (25% dated)": generated(args.count, 0.25),
        "dateless": generated(args.count, 0.0),
        "dated only": generated(args.count, 1.0),
    }
    if args.jsonl:
        runs[f"{args.jsonl.name}"] = sentences_of(args.jsonl, args.count)
    lexicons = Lexicons()

    def dates_of(sentence: str, reference: date) -> object:
        return find_dates(sentence, reference, lexicons)

    for name, sentences in runs.items():
        hits = sum(bool(dates_of(s, date(2025, 3, 10))) for s in sentences)
        print(f"{name:24s} {len(sentences):6d} sentences, {hits:6d} with a date: "
              f"{rate(sentences, dates_of):9,.0f} sentences/s")


if __name__ == "__main__":
    main()
