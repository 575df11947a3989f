"""What the web explorer asks of the store, as functions a query worker runs.

Each takes the open store first (see kg.query.pool) and returns plain picklable data.
Nodes are looked up with pyoxigraph substitutions, never by pasting an IRI into text.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pyoxigraph import DefaultGraph, NamedNode, Store, Variable

from kg.oxigraph import select
from kg.query.catalog import CannedQuery
from kg.query.formats import ResultFormat, render
from kg.query.results import Table, Term
from kg.query.run import LocalEngine, run_canned
from kg.store.export import graph_size

_OUTGOING = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?predicate ?value (SAMPLE(?valueLabel) AS ?label)
       (GROUP_CONCAT(DISTINCT STR(?graph); separator=" ") AS ?graphs) WHERE {
  ?node ?predicate ?value .
  OPTIONAL { ?value rdfs:label ?valueLabel }
  OPTIONAL { GRAPH ?graph { ?node ?predicate ?value } }
}
GROUP BY ?node ?predicate ?value
ORDER BY ?predicate ?value
"""
_INCOMING = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?subject ?predicate (SAMPLE(?subjectLabel) AS ?label) WHERE {
  ?subject ?predicate ?node .
  # the statements that cite a fact's line are not edges of the node
  FILTER(?predicate != rdf:subject && ?predicate != rdf:object)
  OPTIONAL { ?subject rdfs:label ?subjectLabel }
}
GROUP BY ?node ?subject ?predicate
ORDER BY ?predicate ?subject
LIMIT 1000
"""


@dataclass(frozen=True, slots=True)
class Statement:
    """One edge at a node: the predicate, the node at the other end and its label."""

    predicate: Term
    other: Term
    label: str | None
    graphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NodeView:
    """Everything the graph says about one node, and what points at it."""

    iri: str
    outgoing: tuple[Statement, ...]
    incoming: tuple[Statement, ...]


def canned_table(store: Store, query: CannedQuery, given: Mapping[str, str]) -> Table:
    """A canned query's rows, as ``kg query`` gives them (the query travels parsed)."""
    return run_canned(LocalEngine(store), query, dict(given))


def canned_text(store: Store, query: CannedQuery, given: Mapping[str, str], result_format: ResultFormat) -> str:
    """A canned query's rows rendered where they are read: text crosses to the server
    faster than a table of terms."""
    return render(canned_table(store, query, given), result_format)


def node_view(store: Store, iri: str) -> NodeView:
    """The node's statements (with the source graphs stating them) and incoming links."""
    node = {Variable("node"): NamedNode(iri)}
    outgoing = tuple(
        Statement(row["predicate"], row["value"], _value(row["label"]),
                  tuple(sorted(row["graphs"].value.split())) if row["graphs"] else ())
        for row in select(store, _OUTGOING, substitutions=node))
    incoming = tuple(
        Statement(row["predicate"], row["subject"], _value(row["label"]), ())
        for row in select(store, _INCOMING, substitutions=node))
    return NodeView(iri, outgoing, incoming)


def graph_sizes(store: Store) -> dict[str, int]:
    """Triples per named graph, by graph IRI, and in the default graph under ``""``."""
    graphs = sorted((graph for graph in store.named_graphs() if isinstance(graph, NamedNode)),
                    key=lambda graph: graph.value)
    sizes = {graph.value: graph_size(store, graph) for graph in graphs}
    sizes[""] = graph_size(store, DefaultGraph())
    return sizes


def _value(term: Term | None) -> str | None:
    return None if term is None else term.value
