"""The as_of date cut and the concept parameters give the local rows at an Oxigraph server and
in Virtuoso, with the date given and left out.

The canned-query examples give as_of a date after every reference, so the endpoint tests
of tests/query/test_remote.py and tests/remote see no cut; these do. Both servers are
started on 127.0.0.1 and loaded with ``kg push``; Virtuoso's part skips, as
tests/remote does, where it is not installed (CI installs it and requires it).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.query.catalog import load_catalog
from kg.query.run import run_query
from remote.virtuoso import running_virtuoso, virtuoso_available
from servers import kg, oxigraph_server, require_or_skip

CATALOG = load_catalog()
AS_OF_QUERIES = sorted(name for name, query in CATALOG.items() if any(p.name == "as_of" for p in query.params))
CASES = [(name, as_of) for name in AS_OF_QUERIES for as_of in (None, "2021-06-30", "2020-06-30")] + [
    ("studies-with-tag", "RCT"), ("studies-with-tag", "severe"), ("studies-in-population", "kids"),
    ("studies-in-condition", "cytokine storm"), ("evidence-summary", "CRS"),
]
"""(query, as_of date) for every query with an as_of; (query, value of its concept parameter)."""


def given(name: str, value: str | None) -> dict[str, str]:
    examples = {key: v for key, v in CATALOG[name].examples().items() if key != "as_of"}
    if value is None or value[:1].isdigit():
        return {**examples, **({"as_of": value} if value else {})}
    concept = next(p.name for p in CATALOG[name].params if p.type in ("tag", "condition", "population"))
    return {**examples, concept: value}


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        pushed = kg("push", "--endpoint", server.store_url, "--out", seed_out)
        assert pushed.returncode == 0, pushed.stderr
        yield server.query_url


@pytest.fixture(scope="module")
def virtuoso_url(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[str]:
    require_or_skip(virtuoso_available(), "Virtuoso", "scripts/install-virtuoso.sh", "KG_REQUIRE_VIRTUOSO")
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso"),
                          default_graph="https://w3id.org/drugkg/id/graph/default") as server:
        pushed = kg("push", "--endpoint", server.store_url, "--out", seed_out)
        assert pushed.returncode == 0, pushed.stderr
        yield server.query_url


@pytest.mark.parametrize(("name", "value"), CASES)
def test_the_cut_gives_the_local_rows_at_an_oxigraph_server(
        seed_out: Path, oxigraph_url: str, name: str, value: str | None) -> None:
    local = run_query(name, given(name, value), seed_out)
    assert run_query(name, given(name, value), seed_out, oxigraph_url) == local


@pytest.mark.virtuoso
@pytest.mark.parametrize(("name", "value"), CASES)
def test_the_cut_gives_the_local_rows_in_virtuoso(
        seed_out: Path, virtuoso_url: str, name: str, value: str | None) -> None:
    local = run_query(name, given(name, value), seed_out)
    assert run_query(name, given(name, value), seed_out, virtuoso_url) == local
