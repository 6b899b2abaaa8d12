"""`events geoparse`: given spans resolved with the document's and the publisher's context, places found
when no spans are given, areas at their centres, bad lines reported by file:line. A small made-up world:
two Cedarvilles (a small one in Georgia, a larger one in Ohio) and towns that name each state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from events.cli.commands import main
from events.geoparse import geoparse_document, geoparse_file, home_regions, publisher_votes
from events.lexicon import Lexicons
from gazetteer import Gazetteer, Place


def _place(gid: str, name: str, cc: str, lat: float, lon: float, code: str = "PPL", pop: int = 0,
           admin1: str | None = None) -> Place:
    country = {"US": "United States", "FR": "France", "JO": "Jordan", "LK": "Sri Lanka", "AM": "Armenia"}[cc]
    fclass = "A" if code in ("ADM1", "PCLI") else "P"
    return Place(gid, name, country, cc, admin1, None, lat, lon, fclass, code, pop)


WORLD = (
    _place("c-us", "United States", "US", 38.9, -77.04, "PCLI", 327_000_000),
    _place("c-fr", "France", "FR", 48.85, 2.35, "PCLI", 67_000_000),
    _place("adm1-ga", "Georgia", "US", 33.75, -84.39, "ADM1", 10_000_000, "Georgia"),
    _place("adm1-oh", "Ohio", "US", 39.96, -83.0, "ADM1", 11_000_000, "Ohio"),
    _place("ga-cedarville", "Cedarville", "US", 31.9, -83.5, pop=3_000, admin1="Georgia"),
    _place("oh-cedarville", "Cedarville", "US", 39.74, -83.8, pop=9_000, admin1="Ohio"),
    _place("ga-pinecrest", "Pinecrest", "US", 32.5, -84.0, pop=12_000, admin1="Georgia"),
    _place("oh-lakemont", "Lakemont", "US", 41.0, -81.5, pop=15_000, admin1="Ohio"),
    _place("ga-northtown", "Northtown", "US", 33.1, -83.9, pop=4_000, admin1="Georgia"),
    _place("fr-valmont", "Valmont", "FR", 49.7, 0.5, pop=2_000),
)
CENTERS = {"c-us": (39.83, -98.58), "adm1-ga": (32.7, -83.2), "adm1-oh": (40.3, -82.7)}


@pytest.fixture(scope="module")
def world() -> Gazetteer:
    return Gazetteer.from_places(WORLD, {}, CENTERS)


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    out, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        out.append((start, start + len(name)))
        cursor = start + len(name)
    return out


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Police in Pinecrest said a truck crashed near Cedarville.", ("Pinecrest", "Cedarville"),
         ["ga-pinecrest", "ga-cedarville"]),
        ("Cedarville volunteers drove to Pinecrest on Sunday.", ("Cedarville", "Pinecrest"),
         ["ga-cedarville", "ga-pinecrest"]),
        ("The Lakemont council met and Cedarville officials attended.", ("Lakemont", "Cedarville"),
         ["oh-lakemont", "oh-cedarville"]),
        ("Cedarville schools closed for the storm.", ("Cedarville",), ["oh-cedarville"]),
        ("Cedarville, Ga., opened a new library.", ("Cedarville", "Ga."), ["ga-cedarville", "adm1-ga"]),
        ("A Cedarville man was fined. Cedarville is small. Cedarville lies in Georgia.",
         ("Cedarville", "Cedarville", "Cedarville", "Georgia"),
         ["ga-cedarville", "ga-cedarville", "ga-cedarville", "adm1-ga"]),
    ],
    ids=[
        "a town of the same state picks the small namesake",
        "the deciding town may come later in the text",
        "a town of the other state picks the other namesake",
        "without context the larger namesake wins",
        "an AP state abbreviation decides and is itself the state",
        "repeated mentions of one name do not outvote the state the article names",
    ],
)
def test_given_spans_resolve_with_the_documents_context(lexicons: Lexicons, world: Gazetteer, text: str,
                                                        names: tuple[str, ...],
                                                        expected: list[str]) -> None:
    toponyms = geoparse_document(text, world, lexicons, spans_of(text, *names))
    assert [t.place.geonameid if t.place else None for t in toponyms] == expected
    assert [t.name for t in toponyms] == list(names)


@pytest.mark.parametrize(
    ("text", "name", "gid", "point"),
    [
        ("American officials visited the plant.", "American", "c-us", (39.83, -98.58)),
        ("Two Americans were among the passengers.", "Americans", "c-us", (39.83, -98.58)),
        ("The French ambassador spoke on Monday.", "French", "c-fr", (48.85, 2.35)),
        ("Storms crossed Ohio overnight.", "Ohio", "adm1-oh", (40.3, -82.7)),
        ("The United States sent aid.", "United States", "c-us", (39.83, -98.58)),
        ("A ship docked at the Port of Northtown.", "Port of Northtown", "ga-northtown", (33.1, -83.9)),
        ("Voters in Northtown Twp. met on Monday.", "Northtown Twp.", "ga-northtown", (33.1, -83.9)),
        ("The South Valmont road was closed.", "South Valmont", "fr-valmont", (49.7, 0.5)),
    ],
    ids=[
        "a demonym given as a place is its country",
        "so is its plural",
        "a country without a centre keeps its own point",
        "a region is placed at its centre, not at its largest town",
        "a country is placed at its centre",
        "a name the gazetteer lacks falls back to its known part",
        "an abbreviated generic word does not hide the town",
        "a compass word before a known name is dropped",
    ],
)
def test_areas_demonyms_and_longer_names(lexicons: Lexicons, world: Gazetteer, text: str, name: str, gid: str,
                                         point: tuple[float, float]) -> None:
    (toponym,) = geoparse_document(text, world, lexicons, spans_of(text, name))
    assert toponym.place is not None and toponym.place.geonameid == gid
    assert toponym.as_dict()["lat"] == point[0] and toponym.as_dict()["lon"] == point[1]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The committee met in Springfield Heights.", "Springfield Heights"),
        ("A new policy was announced.", "policy"),
        ("Residents of Newtown Lake complained.", "Newtown Lake"),
    ],
    ids=["an unknown town", "a common word", "an unknown name whose parts are generic words"],
)
def test_unknown_spans_stay_unresolved(lexicons: Lexicons, world: Gazetteer, text: str, name: str) -> None:
    (toponym,) = geoparse_document(text, world, lexicons, spans_of(text, name))
    assert toponym.place is None
    assert toponym.as_dict() == {"start": toponym.start, "end": toponym.end, "name": name, "geonameid": None,
                                 "lat": None, "lon": None, "country": None}


# Towns named like the generic words of place names (place_cues.toml, place.generic): "Wexford Township" must
# not resolve to a town called "Township".
GENERIC_TOWNS = tuple(_place(f"ga-{word.lower()}", word, "US", 32.0, -83.0, pop=900, admin1="Georgia")
                      for word in ("Township", "Park", "Mount", "Fort", "Saint", "Island", "Colony", "Valley"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A fire broke out in Wexcombe Township on Monday.", "Wexcombe Township"),
        ("Police closed Wexcombe Park on Monday.", "Wexcombe Park"),
        ("Hikers were rescued on Mount Wexcombe.", "Mount Wexcombe"),
        ("Troops left Fort Wexcombe on Monday.", "Fort Wexcombe"),
        ("Floods hit Saint Wexcombe on Monday.", "Saint Wexcombe"),
        ("A ferry sank off Wexcombe Island.", "Wexcombe Island"),
        ("Settlers left Wexcombe Colony in May.", "Wexcombe Colony"),
        ("Fires spread in Wexcombe Valley.", "Wexcombe Valley"),
    ],
)
def test_a_generic_word_left_over_from_an_unknown_name_is_not_tried_alone(lexicons: Lexicons, text: str,
                                                                         name: str) -> None:
    world = Gazetteer.from_places((*WORLD, *GENERIC_TOWNS), {}, CENTERS)
    (toponym,) = geoparse_document(text, world, lexicons, spans_of(text, name))
    assert toponym.place is None


def test_a_known_part_of_an_unknown_name_is_tried(lexicons: Lexicons) -> None:
    world = Gazetteer.from_places((*WORLD, *GENERIC_TOWNS), {}, CENTERS)
    text = "A fire broke out in Pinecrest Township on Monday."
    (toponym,) = geoparse_document(text, world, lexicons, spans_of(text, "Pinecrest Township"))
    assert toponym.place is not None and toponym.place.geonameid == "ga-pinecrest"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen attacked a checkpoint in Pinecrest on Monday.", ["Pinecrest"]),
        ("Protesters marched from Lakemont to Cedarville.", ["Lakemont", "Cedarville"]),
        ("Farmers near Valmont said the harvest failed.", ["Valmont"]),
    ],
    ids=["one town", "two towns, the second in the first one's state", "a town abroad"],
)
def test_without_spans_the_places_are_found(lexicons: Lexicons, world: Gazetteer, text: str,
                                            expected: list[str]) -> None:
    toponyms = geoparse_document(text, world, lexicons)
    assert [t.name for t in toponyms] == expected
    assert all(text[t.start:t.end] == t.name and t.place is not None for t in toponyms)


# a town abroad that is a surname too: in a person's name it is no toponym, near a town it is one
ZONGO = Place("cd-zongo", "Zongo", "Democratic Republic of the Congo", "CD", None, None, 4.34, 18.6, "P", "PPL",
              48_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norbert Zongo told reporters that a truck crashed near Pinecrest.", [("Pinecrest", "ga-pinecrest")]),
        ("A truck crashed near Pinecrest, said Zongo.", [("Pinecrest", "ga-pinecrest")]),
        ("Police in Pinecrest said Mr Zongo was unhurt.", [("Pinecrest", "ga-pinecrest")]),
        ("A truck crashed near Zongo.", [("Zongo", "cd-zongo")]),
    ],
    ids=["given name and surname", "beside a speech verb", "after a title", "in a locative frame"],
)
def test_without_spans_a_persons_name_is_no_toponym(lexicons: Lexicons, text: str,
                                                   expected: list[tuple[str, str]]) -> None:
    world = Gazetteer.from_places((*WORLD, ZONGO), {}, CENTERS)
    toponyms = geoparse_document(text, world, lexicons)
    assert [(t.name, t.place.geonameid if t.place else None) for t in toponyms] == expected


# a town named like a country, in Ohio; the country itself
JORDANS = (_place("oh-jordan", "Jordan", "US", 40.5, -83.0, pop=5_000, admin1="Ohio"),
           _place("c-jo", "Jordan", "JO", 31.0, 36.0, "PCLI", 10_000_000))


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("The Jordan school board met on Monday. Parents from Northtown asked for a new gym.",
         ("Jordan", "Northtown"), ["oh-jordan", "ga-northtown"]),
        ("Jordan police closed Main Street. The Jordan mayor thanked Northtown firefighters.",
         ("Jordan", "Jordan", "Northtown"), ["oh-jordan", "oh-jordan", "ga-northtown"]),
        ("Jordan signed a trade pact with France on Monday.", ("Jordan", "France"), ["c-jo", "c-fr"]),
    ],
    ids=[
        "a country's name does not make its own country the focus",
        "nor do its other mentions",
        "without other evidence a country's name is the country",
    ],
)
def test_a_mention_is_resolved_with_the_focus_of_the_other_names(lexicons: Lexicons, text: str,
                                                                 names: tuple[str, ...], expected: list[str]) -> None:
    world = Gazetteer.from_places((*WORLD, *JORDANS), {}, CENTERS)
    toponyms = geoparse_document(text, world, lexicons, spans_of(text, *names))
    assert [t.place.geonameid if t.place else None for t in toponyms] == expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Cedarville volunteers drove to Northtown on Sunday.", ("Cedarville", "Northtown"),
         ["ga-cedarville", "ga-northtown"]),
        ("Northtown volunteers drove to Cedarville on Sunday.", ("Northtown", "Cedarville"),
         ["ga-northtown", "ga-cedarville"]),
    ],
    ids=["the ambiguous name first", "the ambiguous name second"],
)
def test_a_names_own_reading_does_not_choose_the_documents_region(lexicons: Lexicons, world: Gazetteer, text: str,
                                                                  names: tuple[str, ...], expected: list[str]) -> None:
    toponyms = geoparse_document(text, world, lexicons, spans_of(text, *names))
    assert [t.place.geonameid if t.place else None for t in toponyms] == expected


# two counties named alike in two states, a town in one of them, a larger namesake of the town in a third state
NESTED = (
    Place("henry-tn", "Henry County", "United States", "US", "Tennessee", "Henry County", 36.33, -88.32, "A", "ADM2",
          32_000),
    Place("henry-ga", "Henry County", "United States", "US", "Georgia", "Henry County", 33.45, -84.2, "A", "ADM2",
          200_000),
    Place("paris-tn", "Paris", "United States", "US", "Tennessee", "Henry County", 36.3, -88.33, "P", "PPL", 10_000),
    Place("paris-tx", "Paris", "United States", "US", "Texas", "Lamar County", 33.66, -95.56, "P", "PPL", 25_000),
)


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Paris police arrested two men on Monday. Henry County deputies helped.", ("Paris", "Henry County"),
         ["paris-tn", "henry-tn"]),
        ("Paris police arrested two men on Monday. Paris has a new jail.", ("Paris", "Paris"),
         ["paris-tx", "paris-tx"]),
    ],
    ids=["a town and the county that holds it", "a name does not nest with itself"],
)
def test_names_of_a_document_that_nest_support_each_other(lexicons: Lexicons, text: str, names: tuple[str, ...],
                                                          expected: list[str]) -> None:
    world = Gazetteer.from_places((*WORLD, *NESTED), {}, CENTERS)
    toponyms = geoparse_document(text, world, lexicons, spans_of(text, *names))
    assert [t.place.geonameid if t.place else None for t in toponyms] == expected


# a village abroad that lists a demonym among its alternate names, and one named like the first word of another
DEMONYM_WORLD = (*WORLD, _place("c-lk", "Sri Lanka", "LK", 7.0, 81.0, "PCLI", 21_000_000),
                 _place("am-sri", "Sri", "AM", 41.0, 45.1, pop=900),
                 _place("am-frantsiakan", "Frantsiakan", "AM", 40.2, 44.5, pop=700))


@pytest.mark.parametrize(
    ("text", "name", "gid"),
    [
        ("Two Sri Lankan sailors were rescued on Monday.", "Sri Lankan", "c-lk"),
        ("The French delegation left on Monday.", "French", "c-fr"),
    ],
    ids=["rather than a known part of it", "rather than a village's alternate name"],
)
def test_a_demonym_is_its_country(lexicons: Lexicons, text: str, name: str, gid: str) -> None:
    world = Gazetteer.from_places(DEMONYM_WORLD, {"am-frantsiakan": ["French"]}, CENTERS)
    (toponym,) = geoparse_document(text, world, lexicons, spans_of(text, name))
    assert toponym.place is not None and toponym.place.geonameid == gid


def _line(doc_id: str, text: str, *names: str, url: str | None = None) -> str:
    record: dict[str, Any] = {"id": doc_id, "text": text,
                              "toponyms": [{"start": s, "end": e} for s, e in spans_of(text, *names)]}
    if url:
        record["url"] = url
    return json.dumps(record)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.pinecrest-herald.example/news/1", "ga-cedarville"),
        ("https://pinecrest-herald.example/sports/2", "ga-cedarville"),
        (None, "oh-cedarville"),
    ],
    ids=["a paper whose stories are in Georgia", "the same paper without www", "a document of no known paper"],
)
def test_a_publishers_home_region_informs_its_documents(lexicons: Lexicons, world: Gazetteer, tmp_path: Path,
                                                        url: str | None,
                                                        expected: str) -> None:
    paper = "http://pinecrest-herald.example/news/"
    lines = [_line(f"p{k}", "The Pinecrest fair opened; Northtown sent a band.", "Pinecrest", "Northtown",
                   url=f"{paper}{k}") for k in range(3)]
    lines.append(_line("x", "Cedarville schools closed for the storm.", "Cedarville", url=url))
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        report = geoparse_file(path, fh, world, lexicons)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert report.documents == 4 and not report.failures
    assert records[-1]["toponyms"][0]["geonameid"] == expected


def test_home_region_needs_a_clear_share(lexicons: Lexicons, world: Gazetteer) -> None:
    lines = [_line("a", "Pinecrest and Lakemont signed a deal.", "Pinecrest", "Lakemont", url="http://a.example/1")]
    votes = publisher_votes(lines, "in.jsonl", world, lexicons)
    assert votes == {"a.example": {("US", "Georgia"): 1, ("US", "Ohio"): 1}}
    assert home_regions(votes["a.example"], world) == []  # too few mentions to call either state home


BAD_LINES = [
    ("{not json", "in.jsonl:2: not valid JSON"),
    ('{"id": "b", "toponyms": []}', "in.jsonl:2: missing 'text' (a string)"),
    ('{"id": "b", "text": "Pinecrest", "toponyms": [{"start": 0, "end": 99}]}',
     "in.jsonl:2: toponym 0: span 0-99 is outside the text (9 characters)"),
    ('["a", "list"]', "in.jsonl:2: expected a JSON object"),
    ('{"text": "Pinecrest"}', "in.jsonl:2: missing or empty 'id'"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_LINES,
                         ids=["broken JSON", "no text", "a span past the end", "not an object", "no id"])
def test_bad_lines_are_reported_and_the_rest_processed(lexicons: Lexicons, world: Gazetteer, tmp_path: Path, bad: str,
                                                       message: str) -> None:
    path = tmp_path / "in.jsonl"
    good = [_line(doc_id, "Police in Pinecrest said so.", "Pinecrest") for doc_id in ("a", "c")]
    path.write_text("\n".join([good[0], bad, "", good[1]]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        report = geoparse_file(path, fh, world, lexicons)
    assert len(report.failures) == 1
    assert str(report.failures[0]).replace(str(tmp_path) + "/", "").startswith(message)
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a", "c"]
    assert report.documents == 2 and report.resolved == 2


@pytest.mark.parametrize(
    ("lines", "code", "stderr"),
    [
        (['{"id": "a", "text": "Cedarville, Ga., voted."}'], 0, ""),
        (['{"id": "a", "text": "Fog in Pinecrest."}', "oops"], 1, "Error: {path}:2: not valid JSON"),
        (["[]", "{}"], 1, "Error: {path}:1: expected a JSON object"),
    ],
    ids=["a good file", "one bad line among good ones", "nothing but bad lines"],
)
def test_cli(world: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[str], code: int,
             stderr: str) -> None:
    monkeypatch.setattr(Gazetteer, "default", classmethod(lambda cls, cache_dir=None: world))
    path, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["geoparse", str(path), "--out", str(out)])
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(stderr.format(path=path))
    assert out.exists()


def test_cli_missing_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["geoparse", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'none.jsonl'}: no such file"
