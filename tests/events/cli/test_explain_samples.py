"""`events explain` on the bundled samples, real pipeline: every field of every event names the rule behind it.

The fields an analyst reads in the ACLED export (type, sub-type, date, fatalities, place, actor1) each get a
line, also where no text span supports them (the publication's date, a default actor, no toll reported): the
rule then says why.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from events.cli.commands import main
from events.store.db import Store
from gazetteer.weights import read_weights

# Every event has these lines; actor2, assoc_actor_1 and claims appear when the event has them.
ALWAYS = ("event_type", "sub_event_type", "event_date", "fatalities", "place", "actor1")
# A rule id: dotted lowercase words, joined by + (refinements), : (how it resolved) or | (one of two); a place
# resolved by the gazetteer then shows the resolver's score by feature in brackets.
RULE = re.compile(r"^[a-z][\w.\-<>=/|:+ ]*(?: \[[a-z-]+=-?[\d.]+(?:, [a-z-]+=-?[\d.]+)*\])?$")


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("samples") / "events.duckdb"
    result = CliRunner().invoke(main, ["build", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def event_ids(db: Path) -> list[str]:
    with Store.open(db, read_only=True) as store:
        _, rows = store.query("SELECT event_id FROM events ORDER BY event_id")
    return [str(row[0]) for row in rows]


def test_every_field_of_every_sample_event_names_its_rule(samples_db: Path) -> None:
    ids = event_ids(samples_db)
    assert len(ids) > 50  # the samples hold some 100 events: all of them are checked
    lacking: list[str] = []
    for event_id in ids:
        with Store.open(samples_db, read_only=True) as store:
            fields = store.explain(event_id)["fields"]
        named = {f["field"].split(".")[0] for f in fields}
        lacking += [f"{event_id}: no line for {field}" for field in ALWAYS if field not in named]
        lacking += [f"{event_id}: {f['field']} has no rule id ({f['rule']!r})" for f in fields
                    if not RULE.match(f["rule"] or "")]
    assert lacking == []


def test_explain_prints_a_rule_for_the_fields_no_span_supports(samples_db: Path) -> None:
    """An arrest in Goma with no death reported: fatalities 0 by rule, not by silence."""
    with Store.open(samples_db, read_only=True) as store:
        _, [(event_id,)] = store.query("SELECT event_id FROM events WHERE sub_event_type = 'Arrests' "
                                       "AND article_id = 'sample-012-sake-m23-wazalendo'")
    result = CliRunner().invoke(main, ["explain", str(event_id), "--db", str(samples_db)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert lines["fatalities"].split()[1] == "0" and lines["fatalities"].endswith("fatalities.none")
    assert lines["sub_event_type"].split()[1] == "Arrests" and lines["sub_event_type"].endswith("trg.arrest")


def test_explain_shows_how_the_resolver_scored_the_place(samples_db: Path) -> None:
    """The place line names the features that chose it and what each weighed (resolver_weights.toml): a Goma
    in a story about North Kivu is Goma in DR Congo by the story's country, the places near it and its size."""
    with Store.open(samples_db, read_only=True) as store:
        _, [(event_id,)] = store.query("SELECT event_id FROM events WHERE sub_event_type = 'Arrests' "
                                       "AND article_id = 'sample-012-sake-m23-wazalendo'")
    result = CliRunner().invoke(main, ["explain", str(event_id), "--db", str(samples_db)])
    assert result.exit_code == 0, result.output
    [place] = [line for line in result.stdout.splitlines() if line.startswith("place ")]
    scores = re.search(r"\[([^\[\]]*)\]$", place)
    assert scores is not None, place
    features = dict(part.split("=") for part in scores.group(1).split(", "))
    weights = read_weights()
    assert float(features["focus-country"]) == weights.focus and float(features["near"]) > 0
    assert float(features["population"]) > 1.0
