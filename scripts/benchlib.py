"""Shared by the micro-benchmarks: the sentences of a documents file."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from events.extract.text import split_sentences


def sentences_of(path: Path, limit: int) -> list[str]:
    """Every sentence of the first `limit` documents of a JSONL file ({"text": ...} per line)."""
    sentences: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in itertools.islice(f, limit):
            sentences.extend(s.text for s in split_sentences(json.loads(line).get("text", "")))
    return sentences
