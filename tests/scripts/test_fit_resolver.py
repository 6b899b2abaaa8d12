"""scripts/fit_resolver.py: a coordinate search over the resolver's weights, fitted on the odd documents of a
geoparsing corpus and reported on the even ones; --write stores the result as a new version of the file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from events.lexicon import Lexicons
from gazetteer import Gazetteer, Place
from gazetteer.weights import WEIGHTS_FILE, read_weights
from scripts.fit_resolver import fit, write

# Kelbara is a village of Niger and a town of Chad ten times its size, 1,000 km apart
WORLD = (
    Place("c-ne", "Niger", "Niger", "NE", None, None, 13.5, 2.1, "A", "PCLI", 25_000_000),
    Place("c-td", "Chad", "Chad", "TD", None, None, 12.1, 15.0, "A", "PCLI", 17_000_000),
    Place("k-ne", "Kelbara", "Niger", "NE", None, None, 13.0, 5.0, "P", "PPL", 5_000),
    Place("k-td", "Kelbara", "Chad", "TD", None, None, 12.0, 14.0, "P", "PPL", 50_000),
)


def _corpus(tmp_path: Path) -> Path:
    """Four stories of Niger naming its Kelbara: the true point is the village's."""
    path = tmp_path / "corpus.jsonl"
    lines = []
    for n in range(4):
        text = f"Story {n}: in Niger, herders clashed with farmers near Kelbara."
        start = text.index("Kelbara")
        lines.append(json.dumps({"id": f"d{n}", "text": text,
                                 "toponyms": [{"start": start, "end": start + 7, "lat": 13.0, "lon": 5.0}]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_search_finds_a_weight_that_resolves_the_fitted_half_and_reports_the_other(tmp_path: Path) -> None:
    """Without the focus country's weight the larger Chadian Kelbara wins: the search gives it weight again,
    and the held half (documents it did not fit on) gains with it."""
    world = Gazetteer.from_places(WORLD)
    blind = world.with_weights(replace(world.weights, focus=0.0))
    weights, start, end, figures = fit(_corpus(tmp_path), blind, Lexicons(), passes=1)
    assert start == (0.0, 0.0)
    assert end == (100.0, 100.0)
    assert figures == {"fit": 100.0, "held": 100.0, "corpus_fit": 100.0, "corpus_held": 100.0}
    assert weights.focus > 0


def test_write_stores_the_weights_a_new_version_and_the_figures(tmp_path: Path) -> None:
    path = tmp_path / "weights.toml"
    path.write_text(WEIGHTS_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    packaged = read_weights()
    write(path, replace(packaged, near=1.125, admin_hint=4), {"fit": 88.5, "held": 86.25}, "acc@161km on a.jsonl")
    text = path.read_text(encoding="utf-8")
    assert "near = 1.125\n" in text and "admin_hint = 4.0\n" in text
    assert text.endswith('objective = "acc@161km on a.jsonl"\nfit = 88.50\nheld = 86.25\n')
    written = read_weights(path)
    assert written.near == 1.125 and written.focus == packaged.focus
    assert written.version.count(".") == 2
    # the comments of the weights are kept
    before = WEIGHTS_FILE.read_text(encoding="utf-8")
    assert before[:before.index("[fitted]")].count("#") == text[:text.index("[fitted]")].count("#")
