"""``kg push``: the build lands in a real Oxigraph server over the Graph Store Protocol."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from pyoxigraph import RdfFormat, parse

from kg.errors import KgError
from kg.store.push import push
from kg.store.build import BuildReport
from paths import ONTOLOGY_TRIPLES, SEED_GRAPHS, SEED_PUSHED, SEED_QUADS, SEED_TRIPLES
from servers import oxigraph_server


def _count(query_url: str, query: str) -> int:
    answer = httpx.post(query_url, data={"query": query},
                        headers={"Accept": "application/sparql-results+json"})
    answer.raise_for_status()
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_push_replaces_every_named_graph_and_the_default_graph(
        tmp_path: Path, seed_build: tuple[Path, BuildReport]) -> None:
    out, report = seed_build
    assert (report.triples, report.quads) == (SEED_TRIPLES, SEED_QUADS)
    with oxigraph_server(tmp_path) as server:
        seen: list[tuple[int, int]] = []
        result = push(out, server.store_url, chunk_triples=500,
                      progress=lambda sent, total: seen.append((sent, total)))
        assert (result.graphs, result.sent, result.held) == (SEED_GRAPHS + 2, SEED_PUSHED, SEED_PUSHED)
        # 500-triple chunks: the drug page's 9114-triple graph alone needs 19 requests.
        assert len(seen) > 5 and seen[-1] == (SEED_PUSHED,) * 2
        assert _count(server.query_url, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == SEED_TRIPLES
        assert _count(server.query_url, "SELECT (COUNT(*) AS ?n) { GRAPH "
                      "<https://w3id.org/drugkg/id/source/002-0671227eafe6e4ef> { ?s ?p ?o } }") == 9114
        # A second push replaces rather than appends.
        again = push(out, server.store_url)
        assert again.held == SEED_PUSHED
        assert _count(server.query_url, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == (
            SEED_QUADS + ONTOLOGY_TRIPLES)


def test_push_into_one_named_graph_holds_the_union(
        tmp_path: Path, seed_out: Path) -> None:
    graph = "https://example.org/graphs/drugkg"
    with oxigraph_server(tmp_path) as server:
        result = push(seed_out, server.store_url, graph=graph)
        assert (result.graphs, result.sent, result.held) == (1, SEED_TRIPLES, SEED_TRIPLES)
        exported = httpx.get(server.store_url, params={"graph": graph},
                             headers={"Accept": "application/n-triples"})
        titles = {str(t.object) for t in parse(exported.content, format=RdfFormat.N_TRIPLES)
                  if t.predicate.value == "http://purl.org/dc/terms/title"}
        assert '"Severe Pediatric COVID-19 Pneumonia Treated With Adjuvant Anakinra"' in titles


def test_push_to_a_missing_store_is_one_clear_error(tmp_path: Path, seed_out: Path) -> None:
    with oxigraph_server(tmp_path) as server:
        with pytest.raises(KgError, match=r"/nowhere\?.*refused PUT with HTTP 404"):
            push(seed_out, server.base + "/nowhere")
    with pytest.raises(KgError, match="cannot reach the graph store"):
        push(seed_out, server.store_url)


def test_push_without_a_build_names_the_directory(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no built graph here"):
        push(tmp_path / "empty", "http://127.0.0.1:9/store")
