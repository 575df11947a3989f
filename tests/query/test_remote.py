"""Canned queries and SPARQL through ``--endpoint``: a real Oxigraph server gives the local rows.

The seeds are pushed with the real ``kg push`` into an ``oxigraph serve`` started on
127.0.0.1; every canned query then runs there through SPARQLWrapper and must give
exactly the rows, terms and order of the same query on the local build.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from kg.errors import QueryError
from kg.query.catalog import load_catalog
from kg.query.remote import with_values
from kg.query.results import Table
from kg.query.run import run_query, run_sparql
from paths import SEED_GRAPHS, SEED_PUSHED
from servers import Oxigraph, kg, oxigraph_server

CATALOG = load_catalog()
ANAKINRA = "https://w3id.org/drugkg/id/drug/anakinra"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[Oxigraph]:
    """An Oxigraph server holding the seeds, pushed by the ``kg push`` command."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        pushed = kg("push", "--endpoint", server.store_url, "--out", seed_out)
        assert pushed.returncode == 0, pushed.stderr
        assert pushed.stdout.strip() == (
            f"sent {SEED_PUSHED} triples in {SEED_GRAPHS + 2} graphs to {server.store_url}; "
            f"the store holds {SEED_PUSHED} triples in them")
        yield server


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_canned_query_gives_the_local_rows_at_the_endpoint(
        name: str, seed_out: Path, oxigraph: Oxigraph) -> None:
    local = run_query(name, CATALOG[name].examples(), seed_out)
    remote = run_query(name, CATALOG[name].examples(), seed_out, oxigraph.query_url)
    assert local.rows, name
    assert remote == local


@pytest.mark.parametrize("result_format", ["csv", "json", "tsv", "table"])
def test_kg_query_prints_the_same_text_at_the_endpoint(
        result_format: str, seed_out: Path, oxigraph: Oxigraph) -> None:
    args = ("query", "regulatory-timeline", "-p", "drug=Kineret", "--format", result_format)
    local = kg(*args, "--out", seed_out)
    remote = kg(*args, "--endpoint", oxigraph.query_url)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert "2021-12" in remote.stdout and "Recommended for approval" in remote.stdout


def test_parameters_reach_filters_at_the_endpoint(seed_out: Path, oxigraph: Oxigraph) -> None:
    """``population`` is only used inside a FILTER: a trailing VALUES would give no rows."""
    remote = run_query("studies-in-population", {"drug": "Kineret", "population": "children"},
                       seed_out, oxigraph.query_url)
    assert len(remote.rows) == 13
    assert "Severe Pediatric COVID-19 Pneumonia Treated With Adjuvant Anakinra" in remote.values("title")
    # no Children tag: "Pediatric patients" and "in Children" in its title make it a study of children
    assert ("Bradycardia associated with Multisystem Inflammatory Syndrome in Children with COVID-19: "
            "a case series") in remote.values("title")


def test_kg_sparql_ask_and_construct_at_the_endpoint(seed_out: Path, oxigraph: Oxigraph) -> None:
    ask = f"ASK {{ <{ANAKINRA}> <http://www.w3.org/2000/01/rdf-schema#label> \"Anakinra\" }}"
    assert run_sparql(ask, seed_out, oxigraph.query_url) is True
    construct = (f"CONSTRUCT {{ <{ANAKINRA}> ?p ?o }} WHERE {{ <{ANAKINRA}> ?p ?o }}")
    remote = run_sparql(construct, seed_out, oxigraph.query_url)
    local = run_sparql(construct, seed_out)
    assert isinstance(remote, list) and sorted(map(str, remote)) == sorted(map(str, local))
    printed = kg("sparql", construct, "--endpoint", oxigraph.query_url)
    assert f'<{ANAKINRA}> <http://www.w3.org/2000/01/rdf-schema#label> "Anakinra" .' in printed.stdout


def test_an_unreachable_endpoint_is_one_line(seed_out: Path) -> None:
    result = kg("query", "drugs", "--endpoint", "http://127.0.0.1:9/query")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == ("http://127.0.0.1:9/query: cannot reach the endpoint: "
                                     "Connection refused")


def test_a_query_the_endpoint_rejects_is_one_line(oxigraph: Oxigraph) -> None:
    result = kg("sparql", "SELECT ?x WHERE { ?x }", "--endpoint", oxigraph.query_url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"{oxigraph.query_url}: the endpoint rejected the query:")


def test_with_values_opens_the_where_group_past_braces_in_iris_strings_and_comments() -> None:
    text = ('PREFIX a: <http://example.org/x#{>\n# a comment { here\n'
            'SELECT ("{" AS ?brace) ?drug WHERE { ?drug a a:Drug }')
    bound = with_values(text, {"drug": NamedNode(ANAKINRA), "label": Literal('say "hi"')})
    assert bound.endswith('WHERE {\n  VALUES (?drug ?label) '
                          f'{{ (<{ANAKINRA}> "say \\"hi\\"") }} ?drug a a:Drug }}')
    assert with_values(text, {}) == text


def test_with_values_needs_a_group() -> None:
    with pytest.raises(QueryError, match="no WHERE group"):
        with_values("ASK", {"drug": NamedNode(ANAKINRA)})


def test_remote_results_keep_datatypes(seed_out: Path, oxigraph: Oxigraph) -> None:
    table: Table = run_query("storage", {"drug": "anakinra"}, seed_out, oxigraph.query_url)
    row = table.records()[0]
    assert (row["max_temperature_c"], row["max_duration_h"]) == ("25", "12")
    index = table.columns.index("max_temperature_c")
    assert table.rows[0][index].datatype.value == "http://www.w3.org/2001/XMLSchema#decimal"


def test_with_values_opens_every_subquery_too() -> None:
    text = ('SELECT ?drug ?select WHERE { { SELECT ?drug ?n WHERE { ?drug ex:select ?n } } '
            'BIND("SELECT {" AS ?select) }')
    bound = with_values(text, {"drug": NamedNode(ANAKINRA)})
    row = f"\n  VALUES (?drug) {{ (<{ANAKINRA}>) }}"
    assert bound == (f"SELECT ?drug ?select WHERE {{{row} {{ SELECT ?drug ?n WHERE {{{row} ?drug ex:select ?n }} }} "
                     'BIND("SELECT {" AS ?select) }')
