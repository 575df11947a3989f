"""Build: sources to records to graph files to an on-disk pyoxigraph store plus kg.ttl,
streamed, so memory stays bounded whatever the number of pages.

Stages, each timed in the report: ``read`` and ``map`` run in worker processes
(``kg.store.documents``), one document at a time, into cached sorted N-Triples files;
``load`` merges those into the default graph (the union, each fact once) and bulk-loads
them with each document's named graph; ``reason`` materialises what the ontology infers;
``validate`` checks the shapes and axioms as SPARQL in the store; ``export`` writes
``kg.ttl`` from a sorted merge of the files, never from a list of the whole graph.
Run again on the same ``out``, a build reads only sources whose checksum changed, copies
the previous store (hard links, cheap) and replaces only the named graphs that changed,
then redoes what depends on all of them (links, lexicon graphs, inferences, description);
the result is the graph a full build gives. Every build is written in a folder of its own
and switched to in one atomic step (``kg.store.location``).
"""
from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from kg.errors import KgError
from kg.link import Identities
from kg.ontology import ONTOLOGY_GRAPH
from kg.ontology.reasoning import load_ontology, materialise
from kg.ontology.validation import Violation, graph_violations
from kg.records import SourceWarning
from kg.sources import iter_source_files
from kg.store.describe import description_triples
from kg.store.documents import (
    CachedDocument, build_identities, cache_folder, default_workers, map_documents,
    read_documents,
)
from kg.store.export import add_to_graph, write_turtle
from kg.store.location import (
    STORE_DIR, TURTLE_FILE, build_lock, current_build, new_build_folder, read_manifest,
    remove_debris, switch_to, write_manifest,
)
from kg.store.ntriples import Concatenation, merge_sorted, write_quads, write_triples
from kg.triples import MappedDocument, dataset_graphs, triple_key
from kg.triples.iris import DATASET, INFERRED_GRAPH

STAGES = ("read", "map", "load", "reason", "validate", "export")


class Progress(Protocol):
    """What a build tells an onlooker: a stage begins (with its size, if known), work is done."""

    def start(self, stage: str, total: int | None) -> None: ...

    def advance(self, done: int) -> None: ...


class _Quiet:
    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, done: int) -> None:
        pass


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build read and wrote."""

    documents: tuple[MappedDocument, ...]
    rebuilt: int
    """Documents read or mapped again by this build (all of them in a full build)."""
    full: bool
    quads: int
    """Quads in the named graphs written (all but the ontology's)."""
    graphs: int
    triples: int
    """Triples in the default graph, the union of the named graphs: what kg.ttl holds."""
    inferred: int
    warnings: tuple[SourceWarning, ...]
    violations: tuple[Violation, ...]
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall-clock seconds per stage (``STAGES``)."""


def build(sources: Sequence[Path], out: Path, reason: bool = True, full: bool = False,
          workers: int | None = None, progress: Progress | None = None) -> BuildReport:
    """Build the graph of every source into ``out``, reusing what the previous build there
    made of unchanged sources unless ``full``; add what the ontology infers (unless
    ``reason`` is off) and a description; check the shapes and axioms. A graph that breaks
    them is still built, so ``kg validate`` and the explorer can show what is wrong.

    :raises BuildError: a source could not be read (nothing in ``out`` changes).
    :raises KgError: a source directory is missing, or another build is writing to ``out``.
    """
    files = iter_source_files(sources)
    with build_lock(out):
        remove_debris(out)
        return _Build(out, reason, workers or default_workers(), progress or _Quiet()).run(files, full)


class _Build:
    """One build's state as it moves through the stages."""

    def __init__(self, out: Path, reason: bool, workers: int, progress: Progress) -> None:
        self.out, self.reason, self.workers, self.progress = out, reason, workers, progress
        self.seconds: dict[str, float] = {stage: 0.0 for stage in STAGES}
        self.cache = cache_folder(out)

    def run(self, files: list[Path], full: bool) -> BuildReport:
        previous = None if full else self._reusable(read_manifest(current_build(self.out)))
        entries = [(path, CachedDocument.of(self.cache, path, _sha256(path))) for path in files]
        summaries = {entry[1].key: None if full else entry[1].mapped() for entry in entries}
        with self._stage("read", sum(1 for s in summaries.values() if s is None)):
            unread = [entry for entry in entries if summaries[entry[1].key] is None]
            read = dict(zip((c.key for _, c in unread),
                            read_documents(unread, self.workers, self.progress.advance)))
        drugs = [drug for _, cached in entries for drug in
                 (read[cached.key] if cached.key in read else summaries[cached.key].drugs)]  # type: ignore[union-attr]
        identities = build_identities(drugs)
        stale = [cached for _, cached in entries if cached.key in read
                 or not identities.still_mean(summaries[cached.key].lookups)]  # type: ignore[union-attr]
        with self._stage("map", len(stale)):
            mapped = map_documents(stale, identities, self.workers, self.progress.advance)
            summaries.update((cached.key, document) for cached, document in zip(stale, mapped))
        documents = [summaries[cached.key] for _, cached in entries]
        assert all(documents), "every document was read and mapped"
        folder = new_build_folder(self.out)
        report = self._write(folder, documents, [c for _, c in entries], identities, previous,  # type: ignore[arg-type]
                             {c.key for c in stale})
        switch_to(self.out, folder)
        self._prune_cache({c.key for _, c in entries})
        return report

    def _write(self, folder: Path, mapped: list[MappedDocument], cached: list[CachedDocument],
               identities: Identities, previous: dict[str, Any] | None, remapped: set[str],
               ) -> BuildReport:
        derived = dataset_graphs(mapped, identities)
        derived_files = []
        for number, (graph, triples) in enumerate(derived):
            write_triples(triples, folder / f"derived-{number}.nt")
            write_quads(triples, graph, folder / f"derived-{number}.nq")
            derived_files.append(folder / f"derived-{number}")
        graphs = {document.graph.value: entry.key for document, entry in zip(mapped, cached)}
        with self._stage("load", None):
            union = folder / "union.nt"
            merge_sorted([c.triples for c in cached] + [f.with_suffix(".nt") for f in derived_files], union)
            store_path = folder / STORE_DIR
            if previous is not None:
                store = _patched_store(self.out, store_path, previous, graphs, cached, remapped,
                                       derived_files)
            else:
                store = Store(str(store_path))
                store.bulk_load(path=str(union), format=RdfFormat.N_TRIPLES, lenient=True)
                nquads = [c.quads for c in cached] + [f.with_suffix(".nq") for f in derived_files]
                store.bulk_load(Concatenation(nquads), format=RdfFormat.N_QUADS, lenient=True)
            load_ontology(store)
        with self._stage("reason", None):
            inferred = materialise(store) if self.reason else 0
            add_to_graph(store, list(description_triples(store)), DATASET)
        with self._stage("validate", None):
            violations = graph_violations(store)
        with self._stage("export", None):
            extra = folder / "extra.nt"
            write_triples(sorted((quad.triple for graph in (INFERRED_GRAPH, DATASET)
                                  for quad in store.quads_for_pattern(None, None, None, graph)),
                                 key=triple_key), extra)
            everything = folder / "everything.nt"
            triples = merge_sorted([union, extra], everything)
            write_turtle(everything, folder / TURTLE_FILE)
            quads = sum(1 for g in store.named_graphs() if g != ONTOLOGY_GRAPH
                        for _ in store.quads_for_pattern(None, None, None, g))
            named = sum(1 for g in store.named_graphs() if g != ONTOLOGY_GRAPH)
            store.flush()
            del store
            for temporary in (union, extra, everything, *folder.glob("derived-*")):
                temporary.unlink()
        write_manifest(folder, {"fingerprint": self.cache.name, "reason": self.reason,
                                "graphs": graphs, "derived": [g.value for g, _ in derived]})
        return BuildReport(
            documents=tuple(mapped), rebuilt=len(remapped), full=previous is None,
            quads=quads, graphs=named, triples=triples, inferred=inferred,
            warnings=tuple(w for document in mapped for w in document.warnings),
            violations=violations, seconds=dict(self.seconds))

    def _reusable(self, manifest: dict[str, Any] | None) -> dict[str, Any] | None:
        """The previous build's manifest, if its store can be patched into this build."""
        if manifest is None or manifest.get("fingerprint") != self.cache.name:
            return None
        return manifest if manifest.get("reason") == self.reason else None

    def _prune_cache(self, keep: set[str]) -> None:
        for path in self.cache.iterdir():
            if path.name.split(".", 1)[0] not in keep:
                path.unlink(missing_ok=True)
        for stale in self.cache.parent.iterdir():
            if stale != self.cache:
                shutil.rmtree(stale, ignore_errors=True)

    @contextmanager
    def _stage(self, stage: str, total: int | None) -> Iterator[None]:
        self.progress.start(stage, total)
        began = time.perf_counter()
        yield
        self.seconds[stage] += time.perf_counter() - began


def _patched_store(out: Path, store_path: Path, previous: dict[str, Any], graphs: dict[str, str],
                   cached: list[CachedDocument], remapped: set[str], derived_files: list[Path]) -> Store:
    """The previous build's store, copied, with the graphs that changed replaced."""
    current = current_build(out)
    assert current is not None
    Store.read_only(str(current / STORE_DIR)).backup(str(store_path))
    store = Store(str(store_path))
    before: dict[str, str] = previous["graphs"]
    replaced = [graph for graph, key in before.items()
                if graphs.get(graph) != key or key in remapped]
    for graph in [*replaced, *previous["derived"], INFERRED_GRAPH.value, DATASET.value]:
        _drop_graph(store, NamedNode(graph))
    for entry in cached:
        graph = next(g for g, key in graphs.items() if key == entry.key)
        if before.get(graph) != entry.key or entry.key in remapped:
            _load_graph_files(store, entry.quads, entry.triples)
    for files in derived_files:
        _load_graph_files(store, files.with_suffix(".nq"), files.with_suffix(".nt"))
    return store


def _drop_graph(store: Store, graph: NamedNode) -> None:
    """Remove a named graph, and from the default graph each of its facts no other graph states."""
    store.update(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} "
        f"FILTER(?other != {graph} && ?other != {ONTOLOGY_GRAPH}) }} }}")
    store.remove_graph(graph)


def _load_graph_files(store: Store, nquads: Path, ntriples: Path) -> None:
    store.load(path=str(nquads), format=RdfFormat.N_QUADS)
    store.load(path=str(ntriples), format=RdfFormat.N_TRIPLES, to_graph=DefaultGraph())


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
    store.extend(quads)
    store.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads)
    load_ontology(store)
    materialise(store)
    return store


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
