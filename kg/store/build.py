"""Build: sources to records to quads to an on-disk pyoxigraph store plus kg.ttl.

kg.ttl is written from the loaded store, so it equals ``kg export --format turtle``.
The store's default graph holds the union of the document graphs with each fact once
(a fact two sources state is in both their graphs), so queries count it once.
Everything is written in ``OUT/.tmp-*`` and moved into place only when all of it
succeeded, so a failed build leaves the previous one exactly as it was. The old store
is renamed aside before the new one moves in, because a rename cannot replace a
non-empty directory.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store, parse, serialize

from kg.errors import KgError

from kg.ontology.reasoning import load_ontology, materialise
from kg.ontology.validation import Violation, graph_violations
from kg.records import Document, SourceWarning
from kg.sources import read_sources
from kg.store.describe import description_triples
from kg.store.export import add_to_graph, dump_quads, store_quads, union_triples
from kg.store.location import STORE_DIR, TURTLE_FILE
from kg.triples import dataset_quads
from kg.triples.iris import DATASET


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build read and wrote."""

    documents: tuple[Document, ...]
    quads: int
    """Quads in the named graphs written (all but the ontology's)."""
    graphs: int
    triples: int
    """Triples in the default graph, the union of the named graphs: what kg.ttl holds."""
    inferred: int
    warnings: tuple[SourceWarning, ...]
    violations: tuple[Violation, ...]


def build(sources: Sequence[Path], out: Path, reason: bool = True) -> BuildReport:
    """Read every source and replace the build in ``out`` with the new graph, with what
    the ontology infers from it (unless ``reason`` is off) and a description of it, then
    check it against the shapes and axioms. A graph that breaks them is still built, so
    ``kg validate`` and the explorer can show what is wrong; the report lists it.

    :raises BuildError: a source could not be read (nothing in ``out`` changes).
    """
    documents = read_sources(sources)
    quads = dataset_quads(documents)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=out))
    try:
        store = Store(str(staging / STORE_DIR))
        inferred = load_graph(store, quads, reason)
        add_to_graph(store, list(description_triples(store)), DATASET)
        violations = graph_violations(store)
        store.flush()
        written = store_quads(store)
        (staging / TURTLE_FILE).write_bytes(dump_quads(written, "turtle"))
        del store
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    named = [quad for quad in written if not isinstance(quad.graph_name, DefaultGraph)]
    return BuildReport(
        documents=tuple(documents), quads=len(named), graphs=len({q.graph_name for q in named}),
        triples=len(written) - len(named), inferred=inferred,
        warnings=tuple(w for document in documents for w in document.warnings),
        violations=violations,
    )


def load_graph(store: Store, quads: list[Quad], reason: bool = True) -> int:
    """Load quads, their union as the default graph, the ontology and (if ``reason``) what
    it infers; return the number of inferred triples."""
    store.bulk_load(serialize(quads, format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    store.bulk_load(serialize(union_triples(quads), format=RdfFormat.N_TRIPLES),
                    format=RdfFormat.N_TRIPLES)
    load_ontology(store)
    return materialise(store) if reason else 0


def graph_file_store(path: Path) -> Store:
    """An in-memory store holding an RDF file (an export, or a graph edited by hand), with
    the ontology and what it infers, so it can be validated like a build.

    :raises KgError: the file cannot be read or parsed.
    """
    rdf_format = RdfFormat.from_extension(path.suffix.lstrip("."))
    if rdf_format is None:
        raise KgError(f"{path}: unknown RDF file extension: expected .ttl, .trig, .nt, .nq or .jsonld")
    try:
        quads = list(parse(path=str(path), format=rdf_format))
    except (OSError, SyntaxError) as error:
        raise KgError(f"{path}: cannot read it as {rdf_format.name}: {error}") from None
    store = Store()
    load_graph(store, quads)
    return store


def _move_into_place(staging: Path, out: Path) -> None:
    old = out / STORE_DIR
    aside = Path(tempfile.mkdtemp(prefix=".old-", dir=out))
    if old.exists():
        old.rename(aside / STORE_DIR)
    (staging / STORE_DIR).rename(old)
    os.replace(staging / TURTLE_FILE, out / TURTLE_FILE)
    shutil.rmtree(aside, ignore_errors=True)
