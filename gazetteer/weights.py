"""The weights of the resolver's scoring model, as data (data/resolver_weights.toml).

`resolve.py` computes a candidate's features (does an admin hint name its region, is its country a focus
country, how near is it to the places resolved before it, how many people live there, ...); these weights
say how much each counts. They live in a versioned file so that a fit (scripts/fit_resolver.py) changes data,
not code, and a variant runs beside the default (`Gazetteer.with_weights`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

import tomllib

from .errors import GazetteerDataError, os_reason

WEIGHTS_FILE = Path(__file__).parent / "data" / "resolver_weights.toml"


@dataclass(frozen=True, slots=True)
class Weights:
    """One weight per feature (see the comments of data/resolver_weights.toml)."""

    version: str
    admin_hint: float
    admin_hint_extra: float
    hint_near: float
    focus: float
    near: float
    near_country: float
    near_region: float
    nested: float
    population: float
    alternate_name: float
    feature_pcli: float
    feature_pplc: float
    feature_ppla: float
    namesake_region: float
    preferred_region_adm1: float
    preferred_region_adm2: float
    preferred_region_pcli: float
    # by feature code, built once (every resolution reads them): the weight of a feature code itself (a country,
    # a capital, a first-level seat), and of one for a name introduced as a region ("X province")
    feature: Mapping[str, float] = field(init=False, repr=False, compare=False)
    preferred_region: Mapping[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # plain dicts, not mapping proxies: a gazetteer and its weights are pickled into worker processes
        object.__setattr__(self, "feature", {"PCLI": self.feature_pcli, "PPLC": self.feature_pplc,
                                             "PPLA": self.feature_ppla})
        object.__setattr__(self, "preferred_region", {"ADM1": self.preferred_region_adm1,
                                                      "ADM2": self.preferred_region_adm2,
                                                      "PCLI": self.preferred_region_pcli})

    def as_table(self) -> dict[str, float]:
        """The weights by name, as the file's [weights] table holds them."""
        return {name: getattr(self, name) for name in WEIGHT_NAMES}


WEIGHT_NAMES = tuple(f.name for f in fields(Weights) if f.init and f.name != "version")


def read_weights(path: Path = WEIGHTS_FILE) -> Weights:
    """The weights a file holds; GazetteerDataError naming the file when it is unreadable, lacks a weight, has one
    this version does not know, or holds something other than a number."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GazetteerDataError(f"{path}: {os_reason(exc)}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GazetteerDataError(f"{path}: not a TOML file: {exc}") from exc
    table = data.get("weights")
    version = data.get("version")
    if not isinstance(table, dict) or not isinstance(version, str):
        raise GazetteerDataError(f"{path}: expected a 'version' string and a [weights] table")
    missing = [name for name in WEIGHT_NAMES if name not in table]
    unknown = sorted(set(table) - set(WEIGHT_NAMES))
    if missing or unknown:
        said = [f"missing {', '.join(missing)}" if missing else "", f"unknown {', '.join(unknown)}" if unknown else ""]
        raise GazetteerDataError(f"{path}: [weights]: {'; '.join(s for s in said if s)}")
    values: dict[str, float] = {}
    for name in WEIGHT_NAMES:
        value = table[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise GazetteerDataError(f"{path}: [weights] {name}: expected a number, got {value!r}")
        values[name] = float(value)
    return Weights(version=version, **values)
