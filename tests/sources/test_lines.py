"""Decoding source files into numbered lines, and the cursor readers walk them with."""
from __future__ import annotations

import hashlib

import pytest

from kg.errors import SourceError
from kg.sources.lines import Cursor, read_text


@pytest.fixture(scope="module")
def seed_lines(seed_path):
    return read_text(seed_path).lines


def test_seed_lines_are_numbered_from_one(seed_path, seed_lines, seed_line):
    text = read_text(seed_path)
    assert text.path == str(seed_path)
    assert text.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert len(seed_lines) == 475
    assert seed_lines[2] == seed_line(3) == "A recombinant IL-1 receptor antagonist."
    assert seed_lines[465].startswith("NCT04443881 Clinical Trial of the Use of Anakinra")


def test_nbsp_is_read_as_a_space(seed_lines, seed_text):
    assert seed_text.split("\n")[0] == "Anakinra\u00a0"
    assert seed_lines[0] == "Anakinra"  # trailing (nb)spaces are dropped
    assert seed_lines[42] == ""  # line 43 holds a lone nbsp
    assert seed_lines[473] == "  • Age - 18 Years to 80 Years   (Adult, Older Adult)"
    assert not any("\u00a0" in line for line in seed_lines)


@pytest.mark.parametrize("kind", ["crlf", "cr", "bom", "bom-crlf"])
def test_line_endings_and_bom_give_the_seed_lines(kind, seed_variant, seed_lines):
    path = seed_variant(kind)
    text = read_text(path)
    assert text.lines == seed_lines
    assert text.lines[0] == "Anakinra"  # no "\ufeff" left on the first line
    assert text.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # of the raw bytes


def test_empty_and_blank_files_are_errors(write_source):
    for name, content in [("empty.txt", b""), ("blank.txt", b"\r\n \n\t\n")]:
        path = write_source(name, content)
        with pytest.raises(SourceError) as caught:
            read_text(path)
        assert (caught.value.path, caught.value.line) == (str(path), 1)
        assert caught.value.message == "empty file: expected a source page"


def test_binary_file_is_an_error_at_the_first_nul(write_source):
    path = write_source("binary.txt", b"Anakinra\n\nA recombinant\x00IL-1 receptor antagonist.\n")
    with pytest.raises(SourceError) as caught:
        read_text(path)
    assert caught.value.line == 3
    assert str(caught.value) == f"{path}:3: binary file: expected a UTF-8 text page"


def test_non_utf8_file_is_an_error_where_it_shows(write_source):
    # "Aragón" saved as Latin-1 on the fourth line
    path = write_source("latin1.txt", "Anakinra\n\nA recombinant IL-1 receptor antagonist.\n"
                                      "Hospital Universitario Miguel Servet, Aragón\n"
                        .encode("latin-1"))
    with pytest.raises(SourceError) as caught:
        read_text(path)
    assert caught.value.line == 4
    assert "not UTF-8 text" in caught.value.message


# --- Cursor ---------------------------------------------------------------------------

@pytest.fixture
def seed_cursor(seed_path):
    return Cursor(read_text(seed_path))


def test_cursor_peek_and_advance(seed_cursor):
    assert seed_cursor.line == 1
    assert seed_cursor.peek() == "Anakinra"
    assert seed_cursor.peek() == "Anakinra"  # peeking does not move
    assert seed_cursor.advance() == "Anakinra"
    assert seed_cursor.line == 2
    assert seed_cursor.peek() == ""


def test_cursor_skip_blank_and_block(seed_cursor):
    seed_cursor.advance()
    seed_cursor.skip_blank()
    assert seed_cursor.line == 3
    assert seed_cursor.block() == [(3, "A recombinant IL-1 receptor antagonist.")]
    assert seed_cursor.line == 4  # stopped on the blank line after the block


def test_cursor_block_of_stated_counts(seed_path):
    cursor = Cursor(read_text(seed_path), 17)
    assert cursor.block() == [
        (17, "57"), (18, "Supporting references"), (19, "0"),
        (20, "Contradictory references"), (21, "0"), (22, "AI-suggested references"),
        (23, "1"), (24, "Clinical trials")]


def test_cursor_stops_at_its_bound(seed_path):
    cursor = Cursor(read_text(seed_path), 465, 467)  # the trial header and the trial row
    assert cursor.advance() == "ID Title Status Phase Start date Completion date"
    assert cursor.advance().startswith("NCT04443881 ")
    assert cursor.at_end
    assert cursor.peek() == "" and cursor.block() == []
    cursor.skip_blank()
    assert cursor.line == 467


def test_cursor_at_end_of_file(seed_path):
    cursor = Cursor(read_text(seed_path), 475)
    assert cursor.advance().startswith("• Outcome measures - Treatment success")
    assert cursor.at_end and cursor.advance() == ""


def test_cursor_error_names_the_file_and_line(seed_cursor, seed_path):
    seed_cursor.advance()
    here = seed_cursor.error("expected something")
    assert (here.path, here.line, here.message) == (str(seed_path), 2, "expected something")
    there = seed_cursor.error("impossible date 'Feb/30/2021'", 60)
    assert str(there) == f"{seed_path}:60: impossible date 'Feb/30/2021'"
