"""Build: sources to records to graph files to an on-disk pyoxigraph store plus kg.ttl,
streamed, so memory stays bounded whatever the number of pages.

Stages, each timed in the report: ``read`` and ``map`` run in worker processes
(``kg.store.documents``), one document at a time, into cached sorted N-Triples files;
``load`` merges those into the default graph (the union, each fact once) and bulk-loads
them with each document's named graph; ``reason`` materialises what the ontology infers;
``validate`` checks the shapes and axioms as SPARQL in the store, beside ``export``, which
writes ``kg.ttl`` from the sorted default-graph file, never from a list of the whole graph.
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
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from kg.errors import KgError
from kg.link import Identities, drug_identities
from kg.ontology import ONTOLOGY_GRAPH
from kg.ontology.reasoning import (
    entailments, entailments_across, inferred_graph_description, load_ontology,
)
from kg.ontology.validation import Violation, graph_violations
from kg.records import SourceWarning
from kg.sources import iter_source_files
from kg.store.describe import description_triples
from kg.store.documents import (
    CachedDocument, GraphFiles, cache_folder, default_workers, map_documents, read_documents,
    write_graph_files,
)
from kg.store.export import add_to_graph, graph_size, write_turtle
from kg.store.patch import changed_subjects, patched_store, pointing_at
from kg.store.location import (
    DEFAULT_FILE, EXTRA_FILE, INFERRED_FILE, STORE_DIR, TURTLE_FILE, build_lock, current_build,
    keep_sources, new_build_folder, read_manifest, remove_debris, switch_to, write_manifest,
)
from kg.store.ntriples import (
    count_lines, iter_chunks, merge_sorted, sorted_lines, subtract_sorted, with_lines,
    write_triples,
)
from kg.triples import MappedDocument, dataset_graphs
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
        self.previous_folder = current_build(out)

    def run(self, files: list[Path], full: bool) -> BuildReport:
        previous = None if full else self._reusable(read_manifest(self.previous_folder))
        entries = [(path, CachedDocument.of(self.cache, path, _sha256(path))) for path in files]
        summaries = {entry[1].key: None if full else entry[1].mapped() for entry in entries}
        with self._stage("read", sum(1 for s in summaries.values() if s is None)):
            unread = [entry for entry in entries if summaries[entry[1].key] is None]
            read = dict(zip((c.key for _, c in unread),
                            read_documents(unread, self.workers, self.progress.advance)))
        drugs = [drug for _, cached in entries for drug in
                 (read[cached.key] if cached.key in read else summaries[cached.key].drugs)]  # type: ignore[union-attr]
        identities = drug_identities(drugs)
        stale = [cached for _, cached in entries if cached.key in read
                 or not identities.still_mean(summaries[cached.key].lookups)]  # type: ignore[union-attr]
        with self._stage("map", len(stale)):
            mapped = map_documents(stale, identities, self.workers, self.progress.advance)
            summaries.update((cached.key, document) for cached, document in zip(stale, mapped))
        documents = [summaries[cached.key] for _, cached in entries]
        assert all(documents), "every document was read and mapped"
        folder = new_build_folder(self.out)
        try:
            keep_sources(folder, files)
            report = self._write(folder, documents, [c for _, c in entries], identities,  # type: ignore[arg-type]
                                 previous, {c.key for c in stale})
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        switch_to(self.out, folder)
        self._prune_cache({c.key for _, c in entries})
        return report

    def _write(self, folder: Path, mapped: list[MappedDocument], cached: list[CachedDocument],
               identities: Identities, previous: dict[str, Any] | None, remapped: set[str],
               ) -> BuildReport:
        derived = dataset_graphs(mapped, identities)
        derived_files = []
        for number, (graph, graph_triples) in enumerate(derived):
            derived_files.append(GraphFiles.at(folder / f"derived-{number}"))
            write_graph_files(graph_triples, graph, derived_files[-1])
        graph_files = [*(entry.graph for entry in cached), *derived_files]
        graphs = {document.graph.value: entry.key for document, entry in zip(mapped, cached)}
        with self._stage("load", None), ThreadPoolExecutor(1) as beside:
            store_path = folder / STORE_DIR
            changed: set[NamedNode] | None = None
            if previous is None:  # the named graphs load while the default graph is merged
                store = Store(str(store_path))
                named_graphs = beside.submit(_bulk_load, store, [f.quads for f in graph_files],
                                             RdfFormat.N_QUADS, None)
            default, inferred = self._default_graph_files(folder, graph_files)
            if previous is None:
                named_graphs.result()
                _bulk_load(store, [default], RdfFormat.N_TRIPLES, DefaultGraph())
                _bulk_load(store, [inferred], RdfFormat.N_TRIPLES, INFERRED_GRAPH)
            else:
                store, changed = patched_store(self.previous_folder, store_path, previous,  # type: ignore[arg-type]
                                                graphs, cached, remapped, derived_files, default, inferred)
            load_ontology(store)
        with self._stage("reason", None):
            across = entailments_across(store) if self.reason else []
            about = inferred_graph_description() if self.reason else []
            add_to_graph(store, about, INFERRED_GRAPH)
            sizes = {graph: count_lines(files.quads) for graph, files in
                     [*((d.graph, c.graph) for d, c in zip(mapped, cached)),
                      *((graph, files) for (graph, _), files in zip(derived, derived_files))]}
            description = list(description_triples(store, sizes))
            add_to_graph(store, description, DATASET)
        extra = sorted_lines(across + about + description)
        with ThreadPoolExecutor(1) as beside:  # the store answers the checks while kg.ttl is written
            if changed is not None:  # and what the store added that the last build did not
                changed |= changed_subjects(self.previous_folder / EXTRA_FILE, extra)  # type: ignore[operator]
            checked = beside.submit(self._validate, store, changed, previous)
            with self._stage("export", None):
                write_triples(extra, folder / EXTRA_FILE)
                triples = write_turtle(with_lines(default, extra), folder / TURTLE_FILE)
                inferred_count = count_lines(inferred) + len(across)
            violations = checked.result()
        named = sum(1 for g in store.named_graphs() if g != ONTOLOGY_GRAPH)
        sizes |= {INFERRED_GRAPH: inferred_count + len(about), DATASET: len(description)}
        quads = sum(sizes.values())
        sizes[ONTOLOGY_GRAPH] = graph_size(store, ONTOLOGY_GRAPH)  # for the service description
        store.flush()
        del store
        for temporary in folder.glob("derived-*"):
            temporary.unlink()
        write_manifest(folder, {"fingerprint": self.cache.name, "reason": self.reason,
                                "graphs": graphs, "derived": [g.value for g, _ in derived],
                                "graph_sizes": {"": triples, **{g.value: n for g, n in sizes.items()}},
                                "violations": [asdict(violation) for violation in violations]})
        return BuildReport(
            documents=tuple(mapped), rebuilt=len(remapped), full=previous is None,
            quads=quads, graphs=named, triples=triples, inferred=inferred_count,
            warnings=tuple(w for document in mapped for w in document.warnings),
            violations=violations, seconds=dict(self.seconds))

    def _default_graph_files(self, folder: Path, graph_files: list[GraphFiles]) -> tuple[Path, Path]:
        """The default graph's sorted file (every graph's triples once, with what each
        entails) and the inferred graph's (what they entail that no graph states)."""
        union, inferred, default = (folder / name for name in ("union.nt", INFERRED_FILE, DEFAULT_FILE))
        merge_sorted([f.triples for f in graph_files], union)
        if self.reason:
            entailed = folder / "entailed.nt"
            merge_sorted([f.inferred for f in graph_files], entailed)
            subtract_sorted(entailed, union, inferred)
            entailed.unlink()
        else:
            inferred.write_bytes(b"")
        merge_sorted([union, inferred], default)
        union.unlink()
        return default, inferred

    def _validate(self, store: Store, changed: set[NamedNode] | None,
                  previous: dict[str, Any] | None) -> tuple[Violation, ...]:
        """Check every node, or after an incremental build the nodes whose facts changed
        and those pointing at them (a check may look one step along a link), keeping
        what the previous build found elsewhere."""
        with self._stage("validate", None):
            if changed is None or previous is None:
                return graph_violations(store)
            nodes = changed | pointing_at(store, changed)
            names = {node.value for node in nodes}
            kept = [Violation(**found) for found in previous["violations"] if found["node"] not in names]
            return tuple(sorted([*kept, *graph_violations(store, nodes)], key=Violation.sort_key))

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
    add_to_graph(store, entailments(quad.triple for quad in quads), INFERRED_GRAPH)
    entailments_across(store)
    return store


def _bulk_load(store: Store, files: list[Path], rdf_format: RdfFormat,
               graph: NamedNode | DefaultGraph | None) -> None:
    for chunk in iter_chunks(files):
        store.bulk_load(chunk, format=rdf_format, lenient=True, to_graph=graph)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
