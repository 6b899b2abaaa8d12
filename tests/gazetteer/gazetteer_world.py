"""A small made-up world for unit tests.

It holds namesakes on purpose: two Gaos, two Springfields, two Parises, Niger the country and
Niger the Nigerian state, Georgia the country and the US state, Mopti the town and the region, and Bonn,
whose alternate name "Boni" collides with a Malian village.
"""

from __future__ import annotations

from gazetteer import Place

COUNTRY_NAMES = {
    "ML": "Mali",
    "NE": "Niger",
    "NG": "Nigeria",
    "BF": "Burkina Faso",
    "DE": "Germany",
    "US": "United States",
    "GE": "Georgia",
    "FR": "France",
    "CD": "Democratic Republic of Congo",
}


def make_place(
    gid: str,
    name: str,
    cc: str,
    lat: float,
    lon: float,
    *,
    code: str = "PPL",
    pop: int = 0,
    admin1: str | None = None,
    admin2: str | None = None,
) -> Place:
    fclass = "A" if code in ("ADM1", "ADM2", "PCLI") else "P"
    return Place(gid, name, COUNTRY_NAMES[cc], cc, admin1, admin2, lat, lon, fclass, code, pop)


WORLD = (
    make_place("c-ml", "Mali", "ML", 12.65, -8.0, code="PCLI", pop=19_000_000),
    make_place("c-ne", "Niger", "NE", 13.51, 2.11, code="PCLI", pop=22_000_000),
    make_place("c-ng", "Nigeria", "NG", 9.06, 7.49, code="PCLI", pop=195_000_000),
    make_place("c-bf", "Burkina Faso", "BF", 12.37, -1.53, code="PCLI", pop=19_700_000),
    make_place("c-de", "Germany", "DE", 52.52, 13.41, code="PCLI", pop=83_000_000),
    make_place("c-us", "United States", "US", 38.9, -77.04, code="PCLI", pop=327_000_000),
    make_place("c-ge", "Georgia", "GE", 41.69, 44.83, code="PCLI", pop=3_700_000),
    make_place("c-cd", "Democratic Republic of Congo", "CD", -4.33, 15.31, code="PCLI", pop=84_000_000),
    make_place("bamako", "Bamako", "ML", 12.65, -8.0, code="PPLC", pop=1_800_000, admin1="Bamako"),
    make_place("gao-ml", "Gao", "ML", 16.27, -0.04, code="PPLA", pop=86_000, admin1="Gao", admin2="Gao"),
    make_place("gao-bf", "Gao", "BF", 11.63, -1.93, pop=26_000, admin1="Centre-Ouest", admin2="Ziro"),
    make_place(
        "mopti", "Mopti", "ML", 14.48, -4.18, code="PPLA", pop=120_000, admin1="Mopti", admin2="Mopti"
    ),
    make_place("adm1-mopti", "Mopti", "ML", 14.48, -4.18, code="ADM1", pop=2_000_000, admin1="Mopti"),
    make_place("sevare", "Sévaré", "ML", 14.53, -4.10, pop=40_000, admin1="Mopti", admin2="Mopti"),
    make_place("douentza", "Douentza", "ML", 15.0, -2.95, pop=24_000, admin1="Mopti", admin2="Douentza"),
    make_place("boni", "Boni", "ML", 15.08, -2.22, pop=9_000, admin1="Mopti", admin2="Douentza"),
    make_place("bonn", "Bonn", "DE", 50.73, 7.10, pop=330_000, admin1="North Rhine-Westphalia"),
    make_place("timbuktu", "Timbuktu", "ML", 16.77, -3.01, code="PPLA", pop=35_000, admin1="Tombouctou"),
    make_place("kidal", "Kidal", "ML", 18.44, 1.41, code="PPLA", pop=25_000, admin1="Kidal"),
    make_place("niamey", "Niamey", "NE", 13.51, 2.11, code="PPLC", pop=1_000_000, admin1="Niamey"),
    make_place("adm1-niger-ng", "Niger", "NG", 9.61, 6.55, code="ADM1", pop=3_900_000, admin1="Niger"),
    make_place("borno", "Borno", "NG", 11.85, 13.16, code="ADM1", pop=4_000_000, admin1="Borno"),
    make_place("maiduguri", "Maiduguri", "NG", 11.85, 13.16, code="PPLA", pop=1_100_000, admin1="Borno"),
    make_place("adm1-georgia", "Georgia", "US", 33.75, -84.39, code="ADM1", pop=6_000_000, admin1="Georgia"),
    make_place("atlanta", "Atlanta", "US", 33.75, -84.39, code="PPLA", pop=460_000, admin1="Georgia"),
    make_place("springfield-il", "Springfield", "US", 39.80, -89.64, pop=116_000, admin1="Illinois"),
    make_place("springfield-mo", "Springfield", "US", 37.22, -93.30, pop=169_000, admin1="Missouri"),
    make_place("adm1-indiana", "Indiana", "US", 39.77, -86.16, code="ADM1", pop=6_700_000, admin1="Indiana"),
    make_place("indiana-pa", "Indiana", "US", 40.62, -79.15, pop=13_000, admin1="Pennsylvania"),
    make_place("chicago", "Chicago", "US", 41.88, -87.63, pop=2_700_000, admin1="Illinois"),
    make_place("paris-fr", "Paris", "FR", 48.85, 2.35, code="PPLC", pop=2_100_000, admin1="Ile-de-France"),
    make_place("paris-tx", "Paris", "US", 33.66, -95.56, pop=25_000, admin1="Texas"),
    make_place("dallas", "Dallas", "US", 32.78, -96.80, pop=1_300_000, admin1="Texas"),
    make_place("goma", "Goma", "CD", -1.68, 29.23, code="PPLA", pop=670_000, admin1="North Kivu"),
)
ALTERNATES = {
    "sevare": ["Sevare"],
    "timbuktu": ["Tombouctou", "Tumbutu"],
    "bonn": ["Boni", "Bonna"],
    "adm1-mopti": ["Mopti Region"],
}


def place_of(gid: str) -> Place:
    """The WORLD place with this id."""
    found = [p for p in WORLD if p.geonameid == gid]
    assert found, gid
    return found[0]
