"""Every item of every word list (`[[list]]` in a lexicon file) stands in a sentence the project wrote itself.

The project's rule: a lexicon entry that only evaluation texts contain is a defect. The project's own
sentences are the string literals of its tests and its sample articles (events/samples/, written for the
project). A literal phrase must stand there as whole words, a pattern must match there; the test that
holds the sentence is the one that shows what the entry does.
"""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

import pytest

from events.lexicon import Lexicons, WordList, bundled_folder

TESTS = Path(__file__).resolve().parents[1]


@cache
def own_sentences() -> str:
    texts: list[str] = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append(node.value)
    samples = resources.files("events").joinpath("samples", "articles.jsonl").read_text(encoding="utf-8")
    texts += [json.loads(line)["text"] for line in samples.splitlines() if line.strip()]
    return "\n".join(texts)


def lists() -> list[tuple[str, WordList]]:
    lexicons = Lexicons()
    names = sorted(p.name for p in bundled_folder().iterdir() if p.name.endswith(".toml"))
    return [(name, word_list) for name in names for word_list in lexicons.word_lists(name).values()]


def uncovered(word_list: WordList, text: str) -> list[str]:
    missing = []
    for item in word_list:
        pattern = item if word_list.regex else rf"(?<!\w){re.escape(item)}(?!\w)"
        if re.search(pattern, text, re.IGNORECASE) is None:
            missing.append(item)
    return missing


@pytest.mark.parametrize(("name", "word_list"), lists(), ids=lambda value: getattr(value, "id", value))
def test_every_item_of_the_list_stands_in_a_sentence_of_the_project(name: str, word_list: WordList) -> None:
    missing = uncovered(word_list, own_sentences())
    assert missing == [], f"{name} list {word_list.id}: no test sentence or sample holds {missing}"


def test_the_check_finds_an_item_no_sentence_holds() -> None:
    unwritten = "zq" + "xwv"  # built, so that no literal of this file holds it
    made_up = WordList("x.test", ("clashed", unwritten), regex=False)
    assert uncovered(made_up, own_sentences()) == [unwritten]
    pattern = WordList("x.test", (r"exchang\w*\s+fire", r"zq\d+xw"), regex=True)
    assert uncovered(pattern, "They exchanged fire at dawn.") == [r"zq\d+xw"]
