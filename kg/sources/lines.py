"""Turn a source file into numbered, normalised lines that readers walk with a cursor.

Decoding happens once here so every reader gets the same tolerance: a UTF-8 BOM, CRLF
or CR line endings and non-breaking spaces (read as spaces) are accepted; an empty file, a
binary file or one that is not UTF-8 is a SourceError at the line where it shows.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import SourceError


@dataclass(frozen=True, slots=True)
class Text:
    """A decoded source: its display path, checksum and lines (index 0 is line 1)."""

    path: str
    sha256: str
    lines: tuple[str, ...]


def read_text(path: Path) -> Text:
    """Read and normalise a source file.

    :raises SourceError: the file is empty, binary or not UTF-8.
    """
    shown = str(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(shown, 1, "empty file: expected a source page")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise SourceError(shown, line, "binary file: expected a UTF-8 text page")
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(shown, line, "not UTF-8 text: re-save the page as UTF-8") from None
    normalised = decoded.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = tuple(line.rstrip() for line in normalised.split("\n"))
    return Text(shown, hashlib.sha256(raw).hexdigest(), lines)


class Cursor:
    """Walks a Text line by line; positions are 1-based line numbers."""

    def __init__(self, text: Text, start: int = 1, stop: int | None = None) -> None:
        self.text = text
        self.line = start
        self.stop = len(text.lines) + 1 if stop is None else stop

    @property
    def at_end(self) -> bool:
        return self.line >= self.stop

    def peek(self) -> str:
        """The current line ('' past the end)."""
        return "" if self.at_end else self.text.lines[self.line - 1].strip()

    def advance(self) -> str:
        """Return the current line and move past it."""
        current = self.peek()
        self.line += 1
        return current

    def skip_blank(self) -> None:
        while not self.at_end and not self.peek():
            self.line += 1

    def block(self) -> list[tuple[int, str]]:
        """Consecutive non-blank lines from here, with their numbers; stops at a blank."""
        found: list[tuple[int, str]] = []
        while not self.at_end and self.peek():
            found.append((self.line, self.advance()))
        return found

    def error(self, message: str, line: int | None = None) -> SourceError:
        """An error at a line, by default the current one; past the end of a file cut short,
        at its last line, so the error names a line the file has."""
        number = self.line if line is None else line
        return SourceError(self.text.path, min(number, len(self.text.lines)), message)
