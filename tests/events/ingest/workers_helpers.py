"""Pipelines for the worker-process tests, in a module of their own: worker processes find a pipeline's class
(and a factory) by its module name, which a test module or a conftest does not give them reliably.

Marks in an article say what to do with it: an id or origin starting with "refuse" is refused (InputError, a
per-document failure), an id starting with "crash" raises RuntimeError (a bug: the import is rolled back), and
an id starting with "die" makes a worker process exit on the spot (in the parent it is a RuntimeError, so a
mistake in a test can never end the test run).
"""

from __future__ import annotations

import multiprocessing
import os
import time

from events.errors import InputError
from events.pipeline import Extraction, Pipeline
from schemas import Article


def _obey_marks(article: Article, *, die: bool = False) -> None:
    if article.article_id.startswith("refuse") or (article.origin or "").startswith("refuse"):
        raise InputError(f"refused {article.article_id} as marked")
    if article.article_id.startswith("crash"):
        raise RuntimeError(f"crashed on {article.article_id} as marked")
    if die or article.article_id.startswith("die"):
        if multiprocessing.parent_process() is None:
            raise RuntimeError(f"{article.article_id} would end a worker, but this is not a worker")
        os._exit(3)


class MarkedPipeline:
    """The default pipeline, obeying the marks."""

    def __init__(self, inner: Pipeline) -> None:
        self.inner = inner

    @property
    def version(self) -> str:
        return self.inner.version

    def extract(self, article: Article) -> Extraction:
        _obey_marks(article)
        return self.inner.extract(article)


def marked_pipeline() -> MarkedPipeline:
    """The workers' factory for MarkedPipeline: each worker loads its own default pipeline."""
    return MarkedPipeline(Pipeline.default())


class TinyPipeline:
    """No gazetteer, so it pickles in a few bytes: every article without events, after `delay` seconds. With
    `die`, every article is marked to end its worker."""

    def __init__(self, version: str = "tiny-1", *, delay: float = 0.0, die: bool = False) -> None:
        self.version = version
        self.delay = delay
        self.die = die

    def extract(self, article: Article) -> Extraction:
        _obey_marks(article, die=self.die)
        if self.delay:
            time.sleep(self.delay)
        return Extraction(article)
