"""The real pipeline (bundled lexicons, embedded gazetteer), loaded once for the extraction tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from events.pipeline import Extraction, Pipeline
from schemas import Article


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.default()


@pytest.fixture(scope="session")
def extract(pipeline: Pipeline) -> Callable[..., Extraction]:
    def run(text: str, published: date = date(2025, 3, 14), title: str | None = None) -> Extraction:
        return pipeline.extract(Article(article_id="t", text=text, title=title, published_at=published))

    return run
