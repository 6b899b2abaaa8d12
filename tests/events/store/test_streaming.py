"""A user's query streamed in batches by a worker thread (events/store/streaming.py, through Store.select): rows
arrive in order and in bounded batches, errors arrive where they happen, and leaving early or a deadline ends the
query at once."""

from __future__ import annotations

import time

import pytest

from events.errors import QueryError
from events.store.db import Store

ENDLESS = "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1"


def test_rows_arrive_in_order_in_batches_of_at_most_the_size(store: Store) -> None:
    with store.select("SELECT range AS n, 'x' AS label FROM range(25)", batch_size=10) as result:
        batches = list(result)
    assert result.columns == ["n", "label"]
    assert [len(b) for b in batches] == [10, 10, 5]
    assert [row for b in batches for row in b] == [(n, "x") for n in range(25)]


def test_no_rows_is_no_batch(store: Store) -> None:
    with store.select("SELECT 1 AS one WHERE false", batch_size=10) as result:
        assert (result.columns, list(result)) == (["one"], [])


def test_an_error_after_the_first_rows_is_raised_while_iterating(store: Store) -> None:
    query = "SELECT CASE WHEN range < 500000 THEN range ELSE error('row ' || range) END AS n FROM range(1000000)"
    store.bound_memory("256MB")  # and one thread, which reads the range in order
    seen = 0
    with pytest.raises(QueryError) as caught, store.select(query, batch_size=1000) as result:
        for batch in result:
            seen += len(batch)
    assert str(caught.value) == "Invalid Input Error: row 500000"
    assert 0 < seen <= 500000  # DuckDB computes some rows ahead of the fetches


def test_an_error_before_the_first_row_is_raised_on_entering(store: Store) -> None:
    with pytest.raises(QueryError, match="^Catalog Error: Table with name nowhere does not exist!"):
        store.select("SELECT * FROM nowhere").__enter__()


def test_leaving_early_ends_the_query(store: Store) -> None:
    started = time.monotonic()
    with store.select("SELECT * FROM range(100000000000)", batch_size=10) as result:
        first = next(iter(result))
    assert first == [(n,) for n in range(10)]
    assert time.monotonic() - started < 5
    assert store.query("SELECT 42 AS answer") == (["answer"], [(42,)])  # the connection serves on


def test_a_query_past_its_deadline_is_ended(store: Store) -> None:
    started = time.monotonic()
    with pytest.raises(QueryError) as caught, store.select(ENDLESS, timeout=0.5) as result:
        list(result)
    assert str(caught.value) == "query timed out after 0.5 s"
    assert time.monotonic() - started < 5
    assert store.query("SELECT 42 AS answer") == (["answer"], [(42,)])


@pytest.mark.parametrize(("sql", "message"), [
    ("EXPLAIN ANALYZE SELECT 1", "only SELECT statements are allowed, got EXPLAIN"),
    ("SELECT 1; SELECT 2", "expected exactly one SQL statement, got 2"),
])
def test_only_one_select_is_streamed(store: Store, sql: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        store.select(sql)
    assert str(caught.value) == message
