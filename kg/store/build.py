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

from pyoxigraph import RdfFormat, Store, serialize

from kg.records import Document, SourceWarning
from kg.sources import read_sources
from kg.store.export import dump_quads, store_quads, union_triples
from kg.store.location import STORE_DIR, TURTLE_FILE
from kg.triples import dataset_quads


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build read and wrote."""

    documents: tuple[Document, ...]
    quads: int
    graphs: int
    triples: int
    warnings: tuple[SourceWarning, ...]


def build(sources: Sequence[Path], out: Path) -> BuildReport:
    """Read every source and replace the build in ``out`` with the new graph.

    :raises BuildError: a source could not be read (nothing in ``out`` changes).
    """
    documents = read_sources(sources)
    quads = dataset_quads(documents)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=out))
    try:
        store = Store(str(staging / STORE_DIR))
        store.bulk_load(serialize(quads, format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
        store.bulk_load(serialize(union_triples(quads), format=RdfFormat.N_TRIPLES),
                        format=RdfFormat.N_TRIPLES)
        store.flush()
        (staging / TURTLE_FILE).write_bytes(dump_quads(store_quads(store), "turtle"))
        del store
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    triples = len(union_triples(quads))
    warnings = tuple(w for document in documents for w in document.warnings)
    graphs = len({quad.graph_name for quad in quads})
    return BuildReport(tuple(documents), len(quads), graphs, triples, warnings)


def _move_into_place(staging: Path, out: Path) -> None:
    old = out / STORE_DIR
    aside = Path(tempfile.mkdtemp(prefix=".old-", dir=out))
    if old.exists():
        old.rename(aside / STORE_DIR)
    (staging / STORE_DIR).rename(old)
    os.replace(staging / TURTLE_FILE, out / TURTLE_FILE)
    shutil.rmtree(aside, ignore_errors=True)
