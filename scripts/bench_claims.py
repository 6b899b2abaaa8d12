"""Throughput of find_quantities + find_claims, in sentences per second on one core.

    .venv/bin/python scripts/bench_claims.py                 # generated news-like sentences
    .venv/bin/python scripts/bench_claims.py --jsonl FILE    # also the sentences of a documents file

Sentences are split before timing starts and fed as articles of 20 sentences; the lexicons are compiled
before timing too (their build time is printed separately): one `Lexicons` value serves every call, as in the
pipeline, and keeps what it compiled.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from benchlib import sentences_of

from events.extract.claims.casualties import _lexicon, find_claims
from events.extract.claims.quantities import find_quantities
from events.extract.text import Sentence, split_sentences
from events.lexicon import Lexicons

_CLAIMS = [
    "Gunmen killed {n} {who} in an attack on a village near the river on Monday.",
    "At least {n} {who} were killed and {m} others wounded when a bomb went off at the market.",
    "The army said its troops had killed {n} fighters and destroyed more than {m} vehicles.",
    "According to local sources, {n} {who} were abducted on the road to the town.",
    "The death toll rose from {m} to {n} on Tuesday, the ministry of health said in a statement.",
    "A man was shot dead by unidentified assailants outside his home.",
    "No casualties were reported.",
    "Police arrested {n} protesters and fired tear gas to disperse the crowd.",
    "The offensive mobilized between {m},000 and {n},000 fighters, a spokesman for the coalition said.",
    "Dozens of {who} were reportedly killed, although the figures could not be independently verified.",
    "Fighting forced thousands of families to flee their homes, the UN said.",
    "The rebels claimed to have captured {n} soldiers, a claim the government denied.",
    "Unknown fatalities coded as {n}.",
    "{n} fatalities.",
]
_PLAIN = [
    "The ministry said the situation was calm on Sunday.", "Schools reopened after the holiday.",
    "Prices of fuel rose by 12% for the third week in a row.", "The meeting ended without an agreement.",
    "On 9 May 2020, protesters gathered in front of the governor's house in the capital.",
    "The president travelled to the capital for talks with his counterpart on 14 March.",
    "The convoy was travelling on the main road about 40 km north of the city at 6 in the morning.",
    "Local elections were postponed until 2027 because of the security situation.",
    "The group has been active in the region since 2012, according to analysts.",
    "Residents said the market had been closed for two weeks.",
    "The 82mm mortars were fired from positions outside the town.",
    "Talks between the two sides are expected to resume next month in Geneva.",
]
_WHO = ["civilians", "soldiers", "villagers", "police officers", "militants", "people", "herders", "students"]


def generated(count: int, seed: int = 7) -> list[str]:
    """About a third of the sentences hold a claim, as in news text; the rest hold no figure or other ones."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        if rng.random() < 0.65:
            out.append(rng.choice(_PLAIN))
        else:
            out.append(rng.choice(_CLAIMS).format(n=rng.randint(2, 40), m=rng.randint(1, 9), who=rng.choice(_WHO)))
    return out


def articles(sentences: list[str], size: int = 20) -> list[list[Sentence]]:
    out = []
    for i in range(0, len(sentences), size):
        out.append(split_sentences("\n\n".join(sentences[i:i + size])))
    return out


def rate(sentences: list[str], rounds: int, lexicons: Lexicons) -> tuple[float, int, int]:
    docs = articles(sentences)
    count = sum(len(d) for d in docs)
    quantities = claims = 0
    start = time.perf_counter()
    for _ in range(rounds):
        for doc in docs:
            for sentence in doc:
                quantities += len(find_quantities(sentence.text, lexicons))
            claims += len(find_claims(doc, lexicons))
    elapsed = time.perf_counter() - start
    return count * rounds / elapsed, quantities // rounds, claims // rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="generated sentences")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jsonl", type=Path, help="a documents file ({'text': ...} per line)")
    parser.add_argument("--limit", type=int, default=2000, help="documents read from --jsonl")
    args = parser.parse_args()
    start = time.perf_counter()
    lexicons = Lexicons()
    lexicons.compiled(_lexicon)  # and, through it, what quantities, victims and attribution compile
    print(f"lexicons compiled in {time.perf_counter() - start:.3f} s")
    runs = [("generated", generated(args.count))]
    if args.jsonl:
        runs.append((args.jsonl.name, sentences_of(args.jsonl, args.limit)))
    for name, sentences in runs:
        per_second, quantities, claims = rate(sentences, args.rounds, lexicons)
        print(f"{name}: {len(sentences)} sentences, {quantities} quantities, {claims} claims, "
              f"{per_second:,.0f} sentences/s")


if __name__ == "__main__":
    main()
