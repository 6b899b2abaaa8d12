"""No lexicon form that evaluation texts contain is missing from the project's own sentences.

The project's rule: a lexicon entry that evaluation texts contain and no sentence of the project's own does
is a defect, however much it raises a score (it was read off the evaluation set, or at least is exercised only
there). This test reads every form of every bundled lexicon file (word lists and patterns, trigger patterns
with their braces expanded, actor names and aliases, cue phrases: the string arrays of every TOML table), looks
for each in the evaluation texts of ../shared (the seed article, news-dev, the ACLED note sets, LGL) and fails
for those that stand there but in none of the project's test literals or sample articles
(test_lexicon_coverage.own_sentences). It skips, saying why, without ../shared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from test_lexicon_coverage import own_sentences

from events.lexicon import Lexicons, bundled_folder, expand_all

SHARED = Path(__file__).resolve().parents[3] / "shared"
EVAL_TEXTS = (SHARED / "seed" / "seed.jsonl", SHARED / "eval" / "news-dev" / "docs.jsonl",
              SHARED / "eval" / "acled-dev" / "docs.jsonl", SHARED / "eval" / "acled-bf-dev" / "docs.jsonl",
              SHARED / "eval" / "geoparse-dev" / "lgl.jsonl")
# columns of the CSV lexicons that hold forms looked for in text (the others hold ids, names as ACLED writes
# them for output, codes and notes)
CSV_FORMS = {"triggers.csv": ("patterns",), "actors.csv": ("name", "aliases"), "generic_actors.csv": ("patterns",)}
# TOML arrays that hold no forms of text: ACLED's type names and rule ids
NOT_FORMS = frozenset({("control_areas.toml", "event_types"), ("merge.toml", "explicit_day_rules"),
                       ("merge.toml", "named_actor_rule_prefixes")})


def lexicon_forms(lexicons: Lexicons) -> Iterator[tuple[str, str, str, bool]]:
    """(file, where in it, form, whether the form is a regex) for every form of every bundled lexicon."""
    for path in sorted(bundled_folder().iterdir()):
        name = path.name
        if name.endswith(".toml"):
            for word_list in lexicons.word_lists(name).values():
                for item in word_list:
                    yield name, word_list.id, item, word_list.regex
            yield from _toml_strings(name, lexicons.toml(name), ())
        elif name in CSV_FORMS:
            for row in lexicons.csv(name):
                for column in CSV_FORMS[name]:
                    for form in _csv_forms(row.get(column) or "", column):
                        yield name, row.get("id") or row.get("name") or "", form, False


def _toml_strings(name: str, value: Any, path: tuple[str, ...]) -> Iterator[tuple[str, str, str, bool]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if not path and key == "list":
                continue  # the word lists, read as WordList above
            yield from _toml_strings(name, inner, (*path, key))
    elif isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            if (name, path[-1]) not in NOT_FORMS:
                yield from ((name, ".".join(path), v, False) for v in value)
        else:
            for inner in value:
                yield from _toml_strings(name, inner, path)


def _csv_forms(cell: str, column: str) -> list[str]:
    if column == "aliases":  # "=FAMa" is matched with its case, "Malian *" declares a demonym: the words count
        return [a.lstrip("=").replace("*", "").strip() for a in cell.split("|") if a.strip()]
    if column == "patterns":
        return expand_all(cell)
    return [cell] if cell else []


class _Haystack:
    """A text to look for forms in, with its lower-case copy: a plain form that is not even a substring of it needs
    no regex search (a search with a lookbehind over megabytes of text cannot skip ahead, and there are thousands
    of forms). Only ASCII forms are screened so: lowering an ASCII letter never changes it out of a match, so the
    screen never loses one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower()

    def holds(self, form: str, regex: bool) -> bool:
        if not regex and form.isascii() and form.lower() not in self.lowered:
            return False
        pattern = form if regex else rf"(?<!\w){re.escape(form)}(?!\w)"
        try:
            return re.search(pattern, self.text, re.IGNORECASE) is not None
        except re.error:  # a fragment that is no regex of its own (a lookbehind's half): not a form of text
            return False


@cache
def evaluation_text() -> str:
    texts = []
    for path in EVAL_TEXTS:
        for line in path.read_text(encoding="utf-8").split("\n"):  # not splitlines: texts hold U+2028
            if line.strip():
                texts.append(json.loads(line).get("text", ""))
    return "\n".join(texts)


def forms_only_evaluation_holds(lexicons: Lexicons, evaluation: str, own: str) -> list[tuple[str, str, str]]:
    theirs, ours = _Haystack(evaluation), _Haystack(own)
    # ours first: most forms stand in our sentences, which are shorter than the evaluation texts
    return [(name, where, form) for name, where, form, regex in lexicon_forms(lexicons)
            if form.strip() and not ours.holds(form, regex) and theirs.holds(form, regex)]


@pytest.mark.skipif(not all(p.is_file() for p in EVAL_TEXTS),
                    reason="../shared (the evaluation texts) is not beside this clone")
def test_no_lexicon_form_stands_only_in_evaluation_texts() -> None:
    found = forms_only_evaluation_holds(Lexicons(), evaluation_text(), own_sentences())
    listing = "\n".join(f"  {name} {where}: {form!r}" for name, where, form in found)
    assert found == [], f"{len(found)} lexicon forms stand in evaluation texts and in no sentence of ours:\n{listing}"


def test_the_check_names_a_form_only_the_evaluation_holds() -> None:
    lexicons = Lexicons()
    evaluation = "Rebels ambushed a convoy near the town. The column was routed."
    found = {form for _, _, form in forms_only_evaluation_holds(lexicons, evaluation, own="Rebels ambushed a convoy.")}
    assert "ambushed" not in found  # the project's own sentence holds it
    assert all(re.search(rf"(?i)(?<!\w){re.escape(f)}(?!\w)", evaluation) for f in found if f.isalpha())
