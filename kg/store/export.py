"""Serialise quads to the export formats; the build's kg.ttl and ``kg export`` share it.

Triple formats (Turtle, N-Triples, JSON-LD) get the union of all document graphs with
duplicates merged; TriG keeps one named graph per source document (the store's default
graph, their union, is left out). Input is sorted
first, so the same graph always gives the same bytes.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple, parse, serialize

from kg.errors import KgError
from kg.ontology import ONTOLOGY_GRAPH
from kg.oxigraph import serialized
from kg.store.location import CURRENT, DEFAULT_FILE, EXTRA_FILE, TURTLE_FILE, open_store
from kg.store.ntriples import ChunkStream, with_lines
from kg.triples import quad_key
from kg.triples.vocab import EXPORT_PREFIXES

ExportFormat = Literal["turtle", "ntriples", "jsonld", "trig"]
FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "trig": RdfFormat.TRIG,
}


def dump_quads(quads: Iterable[Quad], export_format: ExportFormat) -> bytes:
    """Serialise quads in one of the export formats.

    :raises KgError: the format is not one of FORMATS.
    """
    if export_format not in FORMATS:
        raise KgError(f"unknown export format '{export_format}': expected one of "
                      + ", ".join(FORMATS))
    rdf_format = FORMATS[export_format]
    ordered = sorted(quads, key=quad_key)
    prefixes = None if rdf_format == RdfFormat.N_TRIPLES else EXPORT_PREFIXES
    if rdf_format == RdfFormat.TRIG:
        named = [quad for quad in ordered if not isinstance(quad.graph_name, DefaultGraph)]
        return serialized(named, rdf_format, prefixes)
    return serialized(union_triples(ordered), rdf_format, prefixes)


def union_triples(quads: Iterable[Quad]) -> list[Triple]:
    """Every fact of any graph once, sorted."""
    return sorted({Triple(q.subject, q.predicate, q.object) for q in quads},
                  key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def add_to_graph(store: Store, triples: Iterable[Triple], graph: NamedNode) -> None:
    """Add triples to a named graph and to the default graph, which holds the union."""
    store.extend([Quad(t.subject, t.predicate, t.object, g) for t in triples for g in (graph, DefaultGraph())])


def graph_size(store: Store, graph: NamedNode | DefaultGraph) -> int:
    """Triples in one graph of a store, counted as they stream by."""
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def write_turtle(chunks: Iterator[bytes], out: Path) -> int:
    """Write sorted N-Triples, given in chunks of whole lines, as Turtle, streaming: the
    same bytes ``dump_quads`` gives for the same triples, without holding them. Returns
    the triples written."""
    stream = ChunkStream(chunks)
    with out.open("wb") as turtle:
        serialize((quad.triple for quad in parse(io.BufferedReader(stream, 1 << 20),
                                                 format=RdfFormat.N_TRIPLES, lenient=True)),
                  output=turtle, format=RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES)
    return stream.lines


def store_quads(store: Store) -> list[Quad]:
    """Every quad of a built store but the ontology's, which ``ontology/`` publishes."""
    return [quad for quad in store.quads_for_pattern(None, None, None, None)
            if quad.graph_name != ONTOLOGY_GRAPH]


def export_graph(out: Path, export_format: ExportFormat) -> bytes:
    """The built graph in ``out`` as bytes of the chosen format. Turtle is the build's
    kg.ttl and N-Triples its sorted files, so neither reads the store back as a list.

    :raises KgError: nothing has been built in ``out``.
    """
    store = open_store(out)
    if export_format == "turtle":
        return (out / TURTLE_FILE).read_bytes()
    if export_format == "ntriples" and (out / CURRENT / DEFAULT_FILE).is_file():
        extra = (out / CURRENT / EXTRA_FILE).read_bytes().splitlines(keepends=True)
        return b"".join(with_lines(out / CURRENT / DEFAULT_FILE, extra))
    return dump_quads(store_quads(store), export_format)
