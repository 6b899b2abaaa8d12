"""Fixtures: the made-up world of gazetteer_world.py as a Gazetteer, built once per module."""

from __future__ import annotations

import pytest
from gazetteer_world import ALTERNATES, WORLD

from gazetteer import Gazetteer


@pytest.fixture(scope="module")
def world() -> Gazetteer:
    return Gazetteer.from_places(WORLD, ALTERNATES)
