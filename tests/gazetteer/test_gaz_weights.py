"""The resolver's weights are data (gazetteer/data/resolver_weights.toml): read and checked, every feature's
contribution reported with a resolution, and a variant file scores beside the default."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from gazetteer import Gazetteer, GazetteerDataError, Place
from gazetteer.weights import WEIGHT_NAMES, WEIGHTS_FILE, read_weights


def _town(gid: str, code: str, country: str, population: int) -> Place:
    return Place(gid, "Kelbara", country, code, None, None, 13.0, 5.0, "P", "PPL", population)


# Kelbara is a village of Niger and a town of Chad forty times its size
WORLD = (
    Place("c-ne", "Niger", "Niger", "NE", None, None, 13.5, 2.1, "A", "PCLI", 25_000_000),
    Place("c-td", "Chad", "Chad", "TD", None, None, 12.1, 15.0, "A", "PCLI", 17_000_000),
    _town("k-ne", "NE", "Niger", 5_000),
    _town("k-td", "TD", "Chad", 200_000),
)


def test_the_packaged_file_holds_every_weight() -> None:
    weights = read_weights()
    assert set(weights.as_table()) == set(WEIGHT_NAMES)
    assert weights.version
    # the order the model was built on: an admin hint outweighs a focus country, which outweighs proximity
    assert weights.admin_hint > weights.focus > 0


def test_a_resolution_reports_each_features_contribution() -> None:
    world = Gazetteer.from_places(WORLD)
    res = world.resolve("Kelbara", focus=["NE"])
    assert res is not None and res.place.country_code == "NE"
    weights = world.weights
    # population: log10 of 5,000 people + 1, times its weight
    assert dict(res.components) == {"focus-country": weights.focus,
                                    "population": round(weights.population * math.log10(5_001), 3)}


def test_a_variant_scores_beside_the_default() -> None:
    """Without the focus country's weight, the larger Kelbara wins; the default gazetteer is unchanged."""
    world = Gazetteer.from_places(WORLD)
    variant = world.with_weights(replace(world.weights, focus=0.0))
    res = variant.resolve("Kelbara", focus=["NE"])
    assert res is not None and res.place.country_code == "TD"
    default = world.resolve("Kelbara", focus=["NE"])
    assert default is not None and default.place.country_code == "NE"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = WEIGHTS_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "weights.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("\nfocus = ", "\nfocal = ", "[weights]: missing focus; unknown focal"),
        ("\nnear = ", "\nnear = 1.0\nnearby = ", "[weights]: unknown nearby"),
        ("\nfocus = ", '\nfocus = "high"\n# ', "[weights] focus: expected a number, got 'high'"),
        ("\nfocus = ", "\nfocus = true\n# ", "[weights] focus: expected a number, got True"),
        ("[weights]", "[weight]", "expected a 'version' string and a [weights] table"),
        ("\nfocus = ", "\nfocus = \n# ", "not a TOML file: "),
    ],
)
def test_a_bad_weights_file_is_one_error_naming_it(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _variant(tmp_path, old, new)
    with pytest.raises(GazetteerDataError) as raised:
        read_weights(path)
    assert str(raised.value).startswith(f"{path}: {message}")


def test_a_missing_weights_file_is_one_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "none.toml"
    with pytest.raises(GazetteerDataError, match=r"none\.toml: no such file or directory$"):
        read_weights(path)


def test_weights_and_a_gazetteer_holding_them_pickle() -> None:
    """`events import --workers N` copies the pipeline, its gazetteer and so its weights into each worker."""
    import pickle

    world = Gazetteer.from_places(WORLD)
    world.resolve("Kelbara")  # the weights are read on first use: the copy must carry them
    copy = pickle.loads(pickle.dumps(world))
    assert copy.weights == world.weights
    res = copy.resolve("Kelbara", focus=["NE"])
    assert res is not None and res.place.country_code == "NE"
