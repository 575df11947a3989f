"""Patch the previous build's store into this build's: the named graphs that changed
replaced, and the default and inferred graphs changed line by line from the sorted files
the previous build kept, so an incremental build's work on the store follows the change,
not the corpus. Also says which nodes the change touched, for the checks to look at."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from kg.store.documents import CachedDocument, GraphFiles
from kg.store.location import DEFAULT_FILE, EXTRA_FILE, INFERRED_FILE, STORE_DIR
from kg.store.ntriples import sorted_difference
from kg.triples.iris import DATASET, INFERRED_GRAPH


def patched_store(current: Path, store_path: Path, previous: dict[str, Any], graphs: dict[str, str],
                   cached: list[CachedDocument], remapped: set[str], derived: list[GraphFiles],
                   default: Path, inferred: Path) -> tuple[Store, set[NamedNode]]:
    """The previous build's store, copied (hard links), with the graphs that changed
    replaced and the default and inferred graphs changed line by line from the files the
    previous build kept, so the work follows the change, not the corpus. Returns the store
    and the subjects whose facts in the default graph changed."""
    Store.read_only(str(current / STORE_DIR)).backup(str(store_path))
    store = Store(str(store_path))
    before: dict[str, str] = previous["graphs"]
    for graph, key in before.items():
        if graphs.get(graph) != key or key in remapped:
            store.remove_graph(NamedNode(graph))
    for graph in [*previous["derived"], DATASET.value]:
        store.remove_graph(NamedNode(graph))
    keys = {key: graph for graph, key in graphs.items()}
    for entry in cached:
        if before.get(keys[entry.key]) != entry.key or entry.key in remapped:
            store.load(path=str(entry.graph.quads), format=RdfFormat.N_QUADS)
    for files in derived:
        store.load(path=str(files.quads), format=RdfFormat.N_QUADS)
    changed = _apply(store, current / DEFAULT_FILE, default, DefaultGraph(), current / EXTRA_FILE)
    _apply(store, current / INFERRED_FILE, inferred, INFERRED_GRAPH, current / EXTRA_FILE)
    return store, {quad.subject for quad in changed if isinstance(quad.subject, NamedNode)}


def _apply(store: Store, old: Path, new: Path, graph: NamedNode | DefaultGraph, extra: Path) -> list[Quad]:
    """Change a graph holding ``old`` plus what the previous build added (``extra``, added
    again later as this build finds it) into ``new``; return the quads ``old`` and ``new``
    do not share."""
    gone, came = sorted_difference(old, new)
    kept = set(came)
    with extra.open("rb") as before:
        for quad in quads_of_lines([line for line in before if line not in kept], graph):
            store.remove(quad)
    removed, added = quads_of_lines(gone, graph), quads_of_lines(came, graph)
    for quad in removed:
        store.remove(quad)
    store.extend(added)
    return removed + added


def quads_of_lines(lines: list[bytes], graph: NamedNode | DefaultGraph) -> list[Quad]:
    """N-Triples lines as quads in one graph."""
    return [Quad(t.subject, t.predicate, t.object, graph)
            for t in (q.triple for q in parse(b"".join(lines), format=RdfFormat.N_TRIPLES))]


def changed_subjects(old: Path, new: list[bytes]) -> set[NamedNode]:
    """The subjects of lines one of two small sorted N-Triples sets has and the other lacks."""
    lines = set(old.read_bytes().splitlines(keepends=True)) ^ set(new)
    return {quad.subject for quad in quads_of_lines(sorted(lines), DefaultGraph())
            if isinstance(quad.subject, NamedNode)}


def pointing_at(store: Store, nodes: set[NamedNode]) -> set[NamedNode]:
    """The subjects of default-graph triples whose object is one of the nodes."""
    found: set[NamedNode] = set()
    for node in nodes:
        found.update(quad.subject for quad in store.quads_for_pattern(None, None, node, DefaultGraph())
                     if isinstance(quad.subject, NamedNode))
    return found
