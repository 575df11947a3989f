"""The SPARQL Protocol's answers without HTTP: negotiation, the byte limit, UPDATE refused."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store

from kg.errors import QueryError
from kg.query.protocol import (
    MAX_LINKS, MAX_NESTING, NotAcceptable, ResultTooLarge, UpdateRefused, answer_query, check_shape,
    is_update, negotiate, refuse_update, service_description,
)
from kg.store.location import open_store

TRIALS = """PREFIX dk: <https://w3id.org/drugkg/ontology#>
SELECT ?id WHERE { ?trial dk:nctId ?id } ORDER BY ?id"""


@pytest.fixture(scope="module")
def store(seed_out: Path) -> Store:
    return open_store(seed_out)


def test_select_defaults_to_sparql_results_json(store: Store) -> None:
    answer = answer_query(store, TRIALS, ["*/*"], 100_000)
    assert answer.media_type == "application/sparql-results+json"
    ids = [row["id"]["value"] for row in json.loads(answer.body)["results"]["bindings"]]
    assert ids == ["NCT04443881", "NCT04680949"]


def test_construct_defaults_to_turtle_and_takes_wildcards(store: Store) -> None:
    query = "CONSTRUCT { ?t a ?c } WHERE { ?t a ?c } LIMIT 1"
    assert answer_query(store, query, [], 100_000).media_type == "text/turtle"
    assert answer_query(store, query, ["application/*"], 100_000).media_type == "application/n-triples"


def test_the_byte_limit_stops_a_large_answer(store: Store) -> None:
    with pytest.raises(ResultTooLarge, match="larger than the 5,000 byte limit: add a LIMIT"):
        answer_query(store, "SELECT * WHERE { ?s ?p ?o }", ["text/csv"], 5_000)
    assert len(answer_query(store, TRIALS, ["text/csv"], 5_000).body) < 5_000


def test_update_is_refused_and_bad_syntax_named(store: Store) -> None:
    with pytest.raises(UpdateRefused):
        answer_query(store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", ["*/*"], 1000)
    with pytest.raises(QueryError, match=r"^invalid SPARQL: error at 1:"):
        answer_query(store, "SELECT ?x WHERE { ?x", ["*/*"], 1000)
    assert is_update("DELETE WHERE { ?s ?p ?o }") and not is_update("SELECT * WHERE { ?s ?p ?o }")


def test_default_graph_uri_narrows_the_dataset(store: Store) -> None:
    lexicon = "https://w3id.org/drugkg/id/source/drugs"
    answer = answer_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", ["*/*"], 1000,
                          default_graphs=[lexicon])
    assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == "284"


def test_negotiate_prefers_the_clients_order() -> None:
    offered = ("application/sparql-results+json", "text/csv")
    assert negotiate(["text/csv", "application/sparql-results+json"], offered) == "text/csv"
    assert negotiate(["text/*"], offered) == "text/csv"
    with pytest.raises(NotAcceptable, match="cannot answer in image/png"):
        negotiate(["image/png"], offered)


def test_service_description_parses_as_turtle() -> None:
    body = service_description("http://127.0.0.1:8000/sparql", {"": 1833, "urn:g": 7}, RdfFormat.TURTLE)
    store = Store()
    store.load(body, format=RdfFormat.TURTLE)
    assert len(store) == 24


@pytest.mark.parametrize("text", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX ex: <urn:ex#>\n# a comment naming SELECT\nDELETE WHERE { ?s ex:p ?o }",
    "BASE <urn:x> prefix : <urn:y> with <urn:g> delete { ?s ?p ?o } where { ?s ?p ?o }",
    "drop all", "LOAD <http://example.org/data.ttl>",
])
def test_an_update_is_refused_by_its_first_keyword(text: str) -> None:
    with pytest.raises(UpdateRefused):
        refuse_update(text)


@pytest.mark.parametrize("text", [
    TRIALS, 'SELECT ?insert WHERE { ?insert <urn:p> "DELETE" }', "ASK { <urn:drop> ?p ?o }", "", "{{",
])
def test_a_query_is_not_taken_for_an_update(text: str) -> None:
    refuse_update(text)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,  # 2,200 braces ended the process (stack overflow)
    "SELECT * WHERE { FILTER(" + "(" * 10000 + "1" + ")" * 10000 + ") }",
    "SELECT * WHERE { ?s ?p " + "[ <urn:p> " * 3000 + "]" * 3000 + " }",
])
def test_brackets_nested_past_the_limit_are_refused_before_the_parser(store: Store, text: str) -> None:
    with pytest.raises(QueryError, match=f"^the query nests brackets more than {MAX_NESTING} deep"):
        answer_query(store, text, ["*/*"], 1000)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { FILTER(" + "1+" * 20000 + "1) }",
    "SELECT * WHERE { FILTER(" + "!" * 20000 + "true) }",
    "SELECT * WHERE { " + "".join(f"BIND(1 AS ?v{i}) " for i in range(3000)) + "}",
    "SELECT * WHERE { " + "{} UNION " * 10000 + "{} }",
    "SELECT * WHERE { " + "?s ?p ?o . " * 100000 + "}",
])
def test_chains_past_the_limit_are_refused_before_the_parser(text: str) -> None:
    with pytest.raises(QueryError, match=f"^the query holds more than {MAX_LINKS:,} operators"):
        check_shape(text)


def test_brackets_and_operators_in_strings_iris_and_comments_do_not_count(store: Store) -> None:
    text = ('SELECT ?s WHERE { ?s ?p "' + "((({{{+" * 1000 + '" . ?s ?p <urn:x(((> } # ' + "{" * 1000
            + "\nLIMIT 1")
    check_shape(text)
    assert json.loads(answer_query(store, text, ["*/*"], 1000).body)["results"]["bindings"] == []


def test_a_query_that_is_not_utf8_is_named(store: Store) -> None:
    with pytest.raises(QueryError, match="^the query is not UTF-8 text"):
        answer_query(store, 'SELECT * WHERE { ?s ?p "\udcff" }', ["*/*"], 1000)
