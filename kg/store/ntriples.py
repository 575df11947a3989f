"""Sorted N-Triples files: written from triples, merged into one without duplicates, and
read back as one stream, so a build never holds the whole graph as Python objects.

A line of canonical N-Triples is its three terms as ``str()`` gives them, joined by
spaces; since a space sorts before every character a term can end with or continue with,
lines in byte order are triples in the order of ``kg.triples.triple_key``, and a sorted
merge of sorted files is the sorted union that ``kg.ttl`` is written from.
"""
from __future__ import annotations

import heapq
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize

MERGE_FAN_IN = 256
"""Files merged at once; more are merged in rounds, so open files stay well under limits."""


def write_triples(triples: Iterable[Triple], path: Path) -> None:
    """Write triples, already sorted, as N-Triples, replacing ``path`` only when complete."""
    write_atomically(path, serialize(triples, format=RdfFormat.N_TRIPLES))


def write_quads(triples: Iterable[Triple], graph: NamedNode, path: Path) -> None:
    """Write triples as N-Quads in one named graph, replacing ``path`` only when complete."""
    write_atomically(path, serialize((Quad(t.subject, t.predicate, t.object, graph) for t in triples),
                                     format=RdfFormat.N_QUADS))


def write_atomically(path: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside ``path`` and rename it into place, so a
    killed process never leaves a half-written file under the final name."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


def merge_sorted(paths: Sequence[Path], out: Path) -> int:
    """Merge sorted N-Triples files into ``out``, each line once; return the lines written."""
    paths = list(paths)
    rounds: list[Path] = []
    while len(paths) > MERGE_FAN_IN:
        group, paths = paths[:MERGE_FAN_IN], paths[MERGE_FAN_IN:]
        partial = out.with_name(f"{out.name}.{len(rounds)}")
        _merge(group, partial)
        rounds.append(partial)
        paths.append(partial)
    written = _merge(paths, out)
    for partial in rounds:
        partial.unlink()
    return written


def _merge(paths: Sequence[Path], out: Path) -> int:
    files = [path.open("rb") for path in paths]
    written, previous = 0, b""
    try:
        with out.open("wb") as merged:
            for line in heapq.merge(*files):
                if line != previous:
                    merged.write(line)
                    written += 1
                    previous = line
    finally:
        for file in files:
            file.close()
    return written


def read_triples(path: Path) -> Iterator[Triple]:
    """Stream the triples of an N-Triples file this build wrote."""
    with path.open("rb") as file:
        yield from (quad.triple for quad in parse(file, format=RdfFormat.N_TRIPLES, lenient=True))


class Concatenation(io.RawIOBase):
    """Several files read as one, so the store's bulk loader takes them in one pass."""

    def __init__(self, paths: Iterable[Path]) -> None:
        super().__init__()
        self._paths = iter(paths)
        self._file: io.BufferedReader | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while True:
            if self._file is None:
                path = next(self._paths, None)
                if path is None:
                    return 0
                self._file = path.open("rb")
            count = self._file.readinto(buffer)
            if count:
                return count
            self._file.close()
            self._file = None
