"""Sorted N-Triples files, on the seed build's own default graph: merged in rounds, cut
into chunks at line ends, subtracted, compared, and added to at the speed of reading."""
from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, parse

from kg.store import ntriples
from kg.store.location import CURRENT, DEFAULT_FILE

TITLE = b"<http://purl.org/dc/terms/title>"


def _lines(seed_out: Path) -> list[bytes]:
    lines = (seed_out / CURRENT / DEFAULT_FILE).read_bytes().splitlines(keepends=True)
    assert len(lines) > 3000 and lines == sorted(set(lines))
    return lines


def test_many_files_merge_in_rounds_into_the_sorted_union(tmp_path: Path, seed_out: Path, monkeypatch) -> None:
    """300 files, each every 300th line (and the titles twice), merged 16 at a time."""
    lines = _lines(seed_out)
    monkeypatch.setattr(ntriples, "MERGE_FAN_IN", 16)
    paths = []
    for start in range(300):
        path = tmp_path / f"{start}.nt"
        part = lines[start::300] + [line for line in lines[start::300] if TITLE in line]
        path.write_bytes(b"".join(sorted(part)))
        paths.append(path)
    out = tmp_path / "merged.nt"
    assert ntriples.merge_sorted(paths, out) == len(lines)
    assert out.read_bytes() == b"".join(lines)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*(p.name for p in paths), "merged.nt"])


def test_chunks_end_at_line_ends_and_parse_on_their_own(tmp_path: Path, seed_out: Path) -> None:
    lines = _lines(seed_out)
    path = tmp_path / "all.nt"
    path.write_bytes(b"".join(lines))
    chunks = list(ntriples.iter_chunks([path, path], size=10_000))
    assert len(chunks) > 20 and all(chunk.endswith(b"\n") for chunk in chunks)
    assert b"".join(chunks) == path.read_bytes() * 2
    assert sum(len(list(parse(chunk, format=RdfFormat.N_TRIPLES))) for chunk in chunks) == 2 * len(lines)


def test_lines_go_in_their_places_and_differences_are_found(tmp_path: Path, seed_out: Path) -> None:
    lines = _lines(seed_out)
    titles = [line for line in lines if TITLE in line]
    rest = tmp_path / "rest.nt"
    rest.write_bytes(b"".join(line for line in lines if TITLE not in line))
    assert b"".join(ntriples.with_lines(rest, titles + titles[:3], size=4096)) == b"".join(lines)
    everything = tmp_path / "all.nt"
    everything.write_bytes(b"".join(lines))
    kept = tmp_path / "kept.nt"
    assert ntriples.subtract_sorted(everything, rest, kept) == len(titles)
    assert kept.read_bytes() == b"".join(titles)
    others = [line for line in lines if TITLE not in line]
    assert ntriples.sorted_difference(rest, kept) == (others, titles)
    assert ntriples.sorted_difference(kept, rest) == (titles, others)
    assert ntriples.sorted_difference(everything, rest) == (titles, [])
    assert ntriples.subtract_sorted(kept, everything, tmp_path / "none.nt") == 0
    assert ntriples.count_lines(everything) == len(lines)
