"""Throughput of events.extract.mentions.actors.find_actors, in sentences per second on one core.

    .venv/bin/python scripts/bench_actors.py                 # generated news-like sentences
    .venv/bin/python scripts/bench_actors.py --jsonl FILE    # also the sentences of a documents file

The lexicon is compiled before timing starts (its build time is printed separately): it is built once
per process and cached.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from benchlib import sentences_of

from events.extract.mentions.actors import _lexicon, find_actors
from events.lexicon import Lexicons

_PERPETRATORS = ["Unknown gunmen", "Suspected JNIM militants", "Malian soldiers", "Fighters of Al-Shabaab",
                 "Houthi forces", "The RSF", "Islamic State West Africa Province militants",
                 "Police officers",
                 "Armed bandits", "Russian forces", "The Taliban", "A mob of angry youths", "Protesters",
                 "Suspected Fulani militiamen", "Members of a criminal gang", "CJNG gunmen",
                 "Nigerian troops and vigilantes", "A group of residents"]
_ACTIONS = ["attacked", "ambushed a convoy of", "shelled the positions of", "abducted two", "clashed with",
            "opened fire on", "marched against", "burned the houses of"]
_TARGETS = ["villagers in the north of the district", "Burkinabe soldiers", "civilians at the market",
            "a patrol of the Ukrainian army", "the M23 rebels", "worshippers leaving a mosque",
            "Somali police officers", "students", "the FLA", "a local official and his driver", "them"]
_TAILS = ["killing at least 12 people.", "officials said.", "according to a local source.",
          "before JNIM claimed responsibility for the attack.", "witnesses told reporters.",
          "in what the government called a terrorist act.", "and no group has claimed the attack."]
_PLAIN = ["The ministry said the situation was calm on Sunday.", "Schools reopened after the holiday.",
          "Prices of fuel rose for the third week in a row.", "The meeting ended without an agreement."]


def generated(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        if rng.random() < 0.25:
            out.append(rng.choice(_PLAIN))
        else:
            out.append(f"On 9 May 2020, {rng.choice(_PERPETRATORS)} {rng.choice(_ACTIONS)} "
                       f"{rng.choice(_TARGETS)} near the town, {rng.choice(_TAILS)}")
    return out


def rate(sentences: list[str], rounds: int, lexicons: Lexicons) -> tuple[float, int]:
    mentions = 0
    start = time.perf_counter()
    for _ in range(rounds):
        for sentence in sentences:
            mentions += len(find_actors(sentence, lexicons))
    elapsed = time.perf_counter() - start
    return len(sentences) * rounds / elapsed, mentions // rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="generated sentences")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jsonl", type=Path, help="a documents file ({'text': ...} per line)")
    parser.add_argument("--limit", type=int, default=2000, help="documents read from --jsonl")
    args = parser.parse_args()
    lexicons = Lexicons()
    start = time.perf_counter()
    lexicons.compiled(_lexicon)
    print(f"lexicon compiled in {time.perf_counter() - start:.3f} s")
    sentences = generated(args.count)
    per_second, mentions = rate(sentences, args.rounds, lexicons)
    print(f"generated: {len(sentences)} sentences, {mentions} mentions, {per_second:,.0f} sentences/s")
    if args.jsonl:
        sentences = sentences_of(args.jsonl, args.limit)
        per_second, mentions = rate(sentences, args.rounds, lexicons)
        print(f"{args.jsonl.name}: {len(sentences)} sentences, {mentions} mentions, "
              f"{per_second:,.0f} sentences/s")


if __name__ == "__main__":
    main()
