"""Sorted N-Triples files: written from triples, merged into one without duplicates, and
read back in chunks or as one stream, so a build never holds the whole graph as Python
objects.

A line of canonical N-Triples is its three terms as ``str()`` gives them, joined by
spaces; since a space sorts before every character a term can end with or continue with,
lines in byte order are triples sorted by their terms' text (``kg.triples.quad_key``), and a sorted
merge of sorted files is the sorted union that ``kg.ttl`` is written from.
"""
from __future__ import annotations

import bisect
import heapq
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Triple
from kg.oxigraph import serialized

CHUNK_BYTES = 128 * 1024 * 1024
"""Bytes given to the bulk loader at once: about 750,000 triples and 0.7 GB of its memory
(256 MB loaded a thousand pages 18% faster and took twice the memory)."""
MERGE_FAN_IN = 256
"""Files merged at once; more are merged in rounds, so open files stay well under limits."""


def sorted_lines(triples: Iterable[Triple]) -> list[bytes]:
    """Distinct triples as N-Triples lines in byte order, which is ``quad_key`` order
    (sorting the bytes is several times faster than sorting terms by their text)."""
    return sorted(set(serialized(triples, RdfFormat.N_TRIPLES).splitlines(keepends=True)))


def write_triples(lines: list[bytes], path: Path) -> None:
    """Write N-Triples lines, replacing ``path`` only when complete."""
    write_atomically(path, b"".join(lines))


def write_quads(lines: list[bytes], graph: NamedNode, path: Path) -> None:
    """Write N-Triples lines as N-Quads in one named graph, replacing ``path`` only when complete."""
    suffix = f" {graph} .\n".encode()
    write_atomically(path, b"".join(line[:-3] + suffix for line in lines))


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
    written = 0
    with out.open("wb") as merged:
        for line in merged_lines(paths):
            merged.write(line)
            written += 1
    return written


def merged_lines(paths: Sequence[Path]) -> Iterator[bytes]:
    """The lines of sorted files (a few: see ``merge_sorted`` for many) in order, each once."""
    files = [path.open("rb") for path in paths]
    previous = b""
    try:
        for line in heapq.merge(*files):
            if line != previous:
                yield line
                previous = line
    finally:
        for file in files:
            file.close()


def with_lines(path: Path, lines: list[bytes], size: int = 1 << 24) -> Iterator[bytes]:
    """A big sorted file's bytes, block by block, with a few sorted lines put in their
    places (lines it has already are left out): a merge at the speed of reading."""
    pending, next_line = sorted(set(lines)), 0
    with path.open("rb") as file:
        carry = b""
        while block := file.read(size):
            block = carry + block
            cut = block.rfind(b"\n") + 1
            carry, block = block[cut:], block[:cut]
            last = block[block.rfind(b"\n", 0, -1) + 1:]
            if next_line == len(pending) or pending[next_line] > last:
                yield block
                continue
            rows = block.splitlines(keepends=True)
            merged, start = [], 0
            while next_line < len(pending) and pending[next_line] <= last:
                line = pending[next_line]
                next_line += 1
                at = bisect.bisect_left(rows, line, start)
                merged += rows[start:at]
                if at == len(rows) or rows[at] != line:
                    merged.append(line)
                start = at
            yield b"".join(merged + rows[start:])
        if carry:
            yield carry
    if next_line < len(pending):
        yield b"".join(pending[next_line:])


class ChunkStream(io.RawIOBase):
    """Chunks of bytes read as a binary file, for parsers that take one; counts lines."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = memoryview(b"")
        self.lines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if not self._pending:
            chunk = next(self._chunks, b"")
            self.lines += chunk.count(b"\n")
            self._pending = memoryview(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def iter_chunks(paths: Iterable[Path], size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The files' bytes in chunks of about ``size`` that end at a line's end, so each can be
    bulk-loaded on its own: pyoxigraph's bulk loader holds what it is given in memory
    (0.85 GB a million triples, MEASURED.md), so chunks keep a build's memory bounded."""
    parts: list[bytes] = []
    held = 0
    for path in paths:
        with path.open("rb") as file:
            while block := file.read(min(size, 1 << 24)):
                parts.append(block)
                held += len(block)
                cut = block.rfind(b"\n") + 1
                if held >= size and cut:
                    parts[-1] = block[:cut]
                    yield b"".join(parts)
                    parts, held = [block[cut:]], len(block) - cut
    if held:
        yield b"".join(parts)


def subtract_sorted(lines: Path, remove: Path, out: Path) -> int:
    """Write the lines of one sorted file that another sorted file lacks; return how many."""
    written = 0
    with lines.open("rb") as kept, remove.open("rb") as removed, out.open("wb") as result:
        other = removed.readline()
        for line in kept:
            while other and other < line:
                other = removed.readline()
            if line != other:
                result.write(line)
                written += 1
    return written


def sorted_difference(old: Path, new: Path) -> tuple[list[bytes], list[bytes]]:
    """The lines only the old sorted file has, and those only the new one has."""
    gone: list[bytes] = []
    came: list[bytes] = []
    with old.open("rb") as before, new.open("rb") as after:
        left, right = before.readline(), after.readline()
        while left or right:
            if left and (not right or left < right):
                gone.append(left)
                left = before.readline()
            elif right and (not left or right < left):
                came.append(right)
                right = after.readline()
            else:
                left, right = before.readline(), after.readline()
    return gone, came


def count_lines(path: Path) -> int:
    """Lines in a file: triples in an N-Triples file this build wrote."""
    with path.open("rb") as file:
        return sum(block.count(b"\n") for block in iter(lambda: file.read(1 << 20), b""))
