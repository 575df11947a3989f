"""Read and map source documents in worker processes, each into cached graph files.

Documents are independent once the drugs are known by name, so a pool of processes reads
them (records, and the drugs they have pages for) and then maps them (the document's
graph as sorted N-Triples and as N-Quads, and what the ontology entails from it alone);
the parent holds only each document's summary.
Every result is cached under the document's name and checksum, in a folder named after
the code and lexicons that made it, so the next build reads only the files that changed
and maps again only the documents that changed or whose looked-up names now mean
another drug (a drug page added or removed elsewhere).
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from pyoxigraph import NamedNode, Triple

from kg.errors import BuildError, SourceError
from kg.lexicon import LEXICON_FILE
from kg.link import Identities, drug_page_drugs
from kg.records import Document, Drug
from kg.sources import read_source
from kg.store.ntriples import sorted_lines, write_atomically, write_quads, write_triples
from kg.ontology.reasoning import entailments
from kg.triples import MappedDocument, map_document

_PACKAGE = Path(__file__).resolve().parents[1]
_MAPPING_CODE = ("sources", "records", "triples", "link", "lexicon.py")
_T = TypeVar("_T")
_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class GraphFiles:
    """One named graph as files: its triples sorted as N-Triples, the same as N-Quads in
    the graph, and what the ontology entails from it alone, sorted. A document's graph
    and the graphs made from all documents together (a lexicon's, the links) alike."""

    triples: Path
    quads: Path
    inferred: Path

    @classmethod
    def at(cls, stem: Path) -> GraphFiles:
        return cls(*(stem.with_name(f"{stem.name}.{suffix}") for suffix in ("nt", "nq", "inferred.nt")))


@dataclass(frozen=True, slots=True)
class CachedDocument:
    """Where a document's records, summary and graph files are kept between builds."""

    folder: Path
    key: str

    @classmethod
    def of(cls, folder: Path, path: Path, sha256: str) -> CachedDocument:
        return cls(folder, hashlib.sha256(f"{path.name}\0{sha256}".encode()).hexdigest()[:32])

    @property
    def records(self) -> Path:
        return self.folder / f"{self.key}.records"

    @property
    def summary(self) -> Path:
        return self.folder / f"{self.key}.summary"

    @property
    def graph(self) -> GraphFiles:
        return GraphFiles.at(self.folder / self.key)

    def mapped(self) -> MappedDocument | None:
        """The cached summary, if the document was mapped before and its files are whole."""
        graph = self.graph
        paths = (self.records, self.summary, graph.triples, graph.quads, graph.inferred)
        if not all(path.is_file() for path in paths):
            return None
        loaded: MappedDocument = pickle.loads(self.summary.read_bytes())
        return loaded


def write_graph_files(triples: Iterable[Triple], graph: NamedNode, files: GraphFiles) -> None:
    """Write a graph's files, each replaced only when complete."""
    triples = list(triples)
    lines = sorted_lines(triples)
    write_triples(lines, files.triples)
    write_quads(lines, graph, files.quads)
    write_triples(sorted_lines(entailments(triples)), files.inferred)


def cache_folder(out: Path) -> Path:
    """The cache for the code and lexicons of this installation (others are stale)."""
    digest = hashlib.sha256()
    for path in sorted(_code_and_lexicon_files()):
        digest.update(str(path.relative_to(path.parents[1])).encode() + b"\0" + path.read_bytes())
    folder = out / "cache" / digest.hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _code_and_lexicon_files() -> Iterable[Path]:
    for name in _MAPPING_CODE:
        path = _PACKAGE / name
        yield from (path.rglob("*.py") if path.is_dir() else [path])
    yield from (p for p in LEXICON_FILE.parent.iterdir() if p.is_file())


def read_documents(entries: Sequence[tuple[Path, CachedDocument]], workers: int,
                   progress: Callable[[int], None]) -> list[tuple[Drug, ...]]:
    """Read each source into its cached records; return the drugs each has pages for.

    :raises BuildError: one or more files could not be read (every file is tried).
    """
    results = _in_pool(_read_one, entries, workers, progress)
    errors = [SourceError(*result) for result in results if isinstance(result, _Problem)]
    if errors:
        raise BuildError(errors)
    return [result for result in results if not isinstance(result, _Problem)]


def map_documents(cached: Sequence[CachedDocument], identities: Identities, workers: int,
                  progress: Callable[[int], None]) -> list[MappedDocument]:
    """Map each read document to its graph files through the identities of this build."""
    return _in_pool(_map_one, cached, workers, progress, identities)


class _Problem(NamedTuple):
    """A SourceError's parts: exceptions with their own constructor do not cross processes."""

    path: str
    line: int
    message: str


def _read_one(entry: tuple[Path, CachedDocument]) -> tuple[Drug, ...] | _Problem:
    path, cached = entry
    try:
        document = read_source(path)
    except SourceError as error:
        return _Problem(error.path, error.line, error.message)
    write_atomically(cached.records, pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
    return tuple(drug_page_drugs([document]))


def _map_one(cached: CachedDocument) -> MappedDocument:
    document: Document = pickle.loads(cached.records.read_bytes())
    assert _IDENTITIES is not None
    mapped, triples = map_document(document, _IDENTITIES)
    write_graph_files(triples, mapped.graph, cached.graph)
    write_atomically(cached.summary, pickle.dumps(mapped, protocol=pickle.HIGHEST_PROTOCOL))
    return mapped


_IDENTITIES: Identities | None = None


def _set_identities(identities: Identities | None) -> None:
    global _IDENTITIES
    _IDENTITIES = identities


def _in_pool(task: Callable[[_T], _R], items: Sequence[_T], workers: int,
             progress: Callable[[int], None], identities: Identities | None = None) -> list[_R]:
    """Run a task over items, in worker processes when there is enough to share."""
    if workers <= 1 or len(items) < 4 * workers:
        _set_identities(identities)
        results = []
        for item in items:
            results.append(task(item))
            progress(1)
        return results
    # fork: workers start at once with the code loaded, and a caller's script needs no
    # main guard; they use no store, so no thread of the caller's store is needed in them
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_set_identities,
                             initargs=(identities,)) as pool:
        results = []
        for result in pool.map(task, items, chunksize=max(1, min(16, len(items) // (4 * workers)))):
            results.append(result)
            progress(1)
        return results


def default_workers() -> int:
    """One worker process per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

