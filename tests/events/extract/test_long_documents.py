"""Extraction time grows linearly with a document's length, also for the adversarial texts that once made it
quadratic (issue 18): a document k times as long takes at most 1.5 k times as long. The bounds that keep it so
cut with a logged warning."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterator
from datetime import date
from itertools import count

import pytest

from events.extract.assembly.consolidation import INCIDENT_REACH
from events.extract.text import MAX_SENTENCE_WORDS, split_sentences
from events.pipeline import Pipeline
from schemas import Article
from scripts.synthcorpus import generate

KB = 1024


def _news() -> Iterator[str]:
    for seed in count():
        for record in generate(50, seed=seed):
            yield record["text"] + "\n\n"


def _repeated(token: str) -> Callable[[], Iterator[str]]:
    def pieces() -> Iterator[str]:
        while True:
            yield token
    return pieces


def _document(pieces: Callable[[], Iterator[str]], size: int) -> Article:
    parts: list[str] = []
    total = 0
    for piece in pieces():
        if total >= size:
            break
        parts.append(piece)
        total += len(piece)
    return Article(article_id="long", text="".join(parts)[:size], title="Long report", published_at=date(2024, 3, 1))


def _seconds(pipeline: Pipeline, article: Article) -> float:
    # the collector's full passes cost in proportion to the whole test process's heap, not to the work at hand
    gc.collect()
    gc.disable()
    # CPU time, not wall time: on a shared machine (CI beside other jobs) the long run is preempted more often
    # than the short ones, whose best of three is then compared with an unlucky single run
    try:
        t0 = time.process_time()
        pipeline.extract(article)
        return time.process_time() - t0
    finally:
        gc.enable()


@pytest.mark.parametrize(("kind", "pieces", "small", "large"), [
    ("synthetic news", _news, 32 * KB, 512 * KB),
    ("'killed ' repeated", _repeated("killed "), 8 * KB, 64 * KB),
])
def test_time_grows_linearly(pipeline: Pipeline, kind: str, pieces: Callable[[], Iterator[str]], small: int,
                             large: int) -> None:
    # the small document is the large one's start: extracting the large one first warms every cache (lexicons
    # compiled, places resolved) for both, so that the times compare the work alone
    long_document, short_document = _document(pieces, large), _document(pieces, small)
    pipeline.extract(long_document)
    short = min(_seconds(pipeline, short_document) for _ in range(3))
    long = _seconds(pipeline, long_document)
    assert long < 1.5 * (large / small) * short, \
        f"{kind}: {large // KB} KB took {long:.2f} s, {small // KB} KB {short:.2f} s"


def test_a_sentence_of_too_many_words_is_cut_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    text = "Gunmen killed " + "many " * (2 * MAX_SENTENCE_WORDS) + "people."
    with caplog.at_level(logging.WARNING, logger="events.extract.text"):
        sentences = split_sentences(text)
    assert [len(s.text.split()) for s in sentences] == [MAX_SENTENCE_WORDS, MAX_SENTENCE_WORDS, 3]
    assert [r.getMessage() for r in caplog.records] == [
        f"text: a sentence of {2 * MAX_SENTENCE_WORDS + 3} words at offset 0 was cut into pieces of "
        f"{MAX_SENTENCE_WORDS} words"]


def test_a_sentence_of_normal_length_is_not_cut(caplog: pytest.LogCaptureFixture) -> None:
    text = "Gunmen killed " + "many " * (MAX_SENTENCE_WORDS - 3) + "people."
    with caplog.at_level(logging.WARNING, logger="events.extract.text"):
        assert [s.text for s in split_sentences(text)] == [text]
    assert caplog.records == []


def test_incidents_far_apart_are_grouped_within_the_reach_with_a_warning(
        extract: Callable[..., object], caplog: pytest.LogCaptureFixture) -> None:
    filler = "The weather was mild and the markets were open. " * (INCIDENT_REACH + 10)
    text = f"Gunmen attacked a military post in Gao on Monday. {filler}Gunmen attacked a military post in Timbuktu."
    with caplog.at_level(logging.WARNING, logger="events.extract.assembly.consolidation"):
        extract(text)
    assert [r.getMessage() for r in caplog.records] == [
        f"article 't': more than {INCIDENT_REACH} sentences: accounts of one incident are merged only within "
        f"{INCIDENT_REACH} sentences of the first"]
