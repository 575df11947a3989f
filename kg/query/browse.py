"""What the web layer asks of the store for canned queries and the endpoint, as functions a
query worker runs (a node's page is kg.query.entity's).

Each takes the open store first (see kg.query.pool) and returns plain picklable data.
"""
from __future__ import annotations

from collections.abc import Mapping

from pyoxigraph import DefaultGraph, NamedNode, Store

from kg.query.catalog import CannedQuery
from kg.query.formats import ResultFormat, render
from kg.query.results import Table
from kg.query.run import LocalEngine, run_canned
from kg.store.export import graph_size


def canned_table(store: Store, query: CannedQuery, given: Mapping[str, str]) -> Table:
    """A canned query's rows, as ``kg query`` gives them (the query travels parsed)."""
    return run_canned(LocalEngine(store), query, dict(given))


def canned_text(store: Store, query: CannedQuery, given: Mapping[str, str], result_format: ResultFormat) -> str:
    """A canned query's rows rendered where they are read: text crosses to the server
    faster than a table of terms."""
    return render(canned_table(store, query, given), result_format)


def graph_sizes(store: Store) -> dict[str, int]:
    """Triples per named graph, by graph IRI, and in the default graph under ``""``."""
    graphs = sorted((graph for graph in store.named_graphs() if isinstance(graph, NamedNode)),
                    key=lambda graph: graph.value)
    sizes = {graph.value: graph_size(store, graph) for graph in graphs}
    sizes[""] = graph_size(store, DefaultGraph())
    return sizes

