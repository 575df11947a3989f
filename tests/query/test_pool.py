"""Worker processes: a query past the time limit is stopped and the pool answers on."""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import KgError, QueryError
from kg.query.browse import canned_table, graph_sizes
from kg.query.pool import QueryPool, QueryTimeout
from kg.query.protocol import UpdateRefused, answer_query
from paths import SEED_TRIPLES

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def pool(seed_out: Path) -> Iterator[QueryPool]:
    running = QueryPool(seed_out, workers=1, timeout_s=2)
    yield running
    running.close()


def test_a_worker_answers_canned_queries(pool: QueryPool) -> None:
    table = pool.call(canned_table, "lactation", {"drug": "Kineret"})
    assert table.values("date") == ["2019-09-15"]


def test_errors_reach_the_caller_with_their_type(pool: QueryPool) -> None:
    with pytest.raises(UpdateRefused):
        pool.call(answer_query, "CLEAR ALL", ["*/*"], 1000)
    with pytest.raises(QueryError, match="unknown drug 'nope'"):
        pool.call(canned_table, "references", {"drug": "nope"})


def test_the_time_limit_stops_the_query_and_a_new_worker_answers(pool: QueryPool) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="longer than the 2 s limit"):
        pool.call(answer_query, CROSS_PRODUCT, ["*/*"], 1000)
    assert time.monotonic() - started < 6
    assert pool.call(graph_sizes)[""] == SEED_TRIPLES


def test_a_pool_needs_a_build(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no built graph here"):
        QueryPool(tmp_path)
