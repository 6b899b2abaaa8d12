"""The location column (events.store.rows.location_name): the place as the text spells it where the text names the
place itself, else the gazetteer's name (news-dev's GUIDELINES: "spelled as in the text")."""

from __future__ import annotations

import pytest

from events.store.rows import location_name
from schemas import UNKNOWN_NAME
from schemas.models import Place, PlaceMention

_TOWN = Place(geonameid="1", name="Dārayyā", country="Syria", country_code="SY", feature_class="P",
              feature_code="PPL")
_CAPITAL = Place(geonameid="2", name="Mogadishu", country="Somalia", country_code="SO", feature_class="P",
                 feature_code="PPLC")
_COUNTRY = Place(geonameid="3", name="Mali", country="Mali", country_code="ML", feature_class="A",
                 feature_code="PCLI")


@pytest.mark.parametrize(
    ("text", "place", "precision", "rule", "location"),
    [
        # a town the text names: its spelling
        ("Daraya", _TOWN, 1, "place.name", "Daraya"),
        ("DARAYA", _TOWN, 2, "place.near", "Daraya"),
        # a name the gazetteer lacks, coded at its country: its spelling still
        ("Kelbara", _COUNTRY, 3, f"place.unknown-name+{UNKNOWN_NAME}", "Kelbara"),
        # a country: the gazetteer's name
        ("Malian", _COUNTRY, 3, "place.demonym", "Mali"),
        # the capital the text names by its country or by "the capital": the capital's name, not the country's
        ("Somalia", _CAPITAL, 2, "place.near+incident.capital", "Mogadishu"),
        ("the Somali capital", _CAPITAL, 1, "incident.capital", "Mogadishu"),
    ],
)
def test_the_location_is_spelled_as_the_text_names_the_place(text: str, place: Place, precision: int, rule: str,
                                                            location: str) -> None:
    mention = PlaceMention(text=text, start=0, end=len(text), place=place, geo_precision=precision, rule=rule)
    assert location_name(mention) == location
