"""Errors the library raises; only the CLI (and later the web layer) catches them.

Every message is one line, lower-case, saying what was expected and what was found.
Source problems carry their place as ``PATH:LINE: message`` so editors can jump to them.
"""
from __future__ import annotations

from collections.abc import Sequence


class KgError(Exception):
    """Base of every error a user can cause: the CLI prints ``str(e)`` and exits 1."""


class SourceError(KgError):
    """A source page that cannot be read: names the file and the line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class BuildError(KgError):
    """Every problem found across all sources; the previous build is left untouched."""

    def __init__(self, errors: Sequence[SourceError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = tuple(errors)


class QueryError(KgError):
    """A canned query, parameter, SPARQL text or store that cannot be used."""


def quoted(value: str, limit: int = 80) -> str:
    """A user's value as an error message shows it: quoted with Python-literal escapes, so
    a newline, NUL, control or bidi character or lone surrogate cannot break the one line
    or the terminal, and cut after ``limit`` characters with its length said."""
    if len(value) <= limit:
        return repr(value)
    shown = repr(value[:limit])
    return f"{shown[:-1]}...{shown[-1]} ({len(value):,} characters)"


def one_line(error: BaseException | str) -> str:
    """A library's error message folded onto one line, for ``kg`` output and HTTP errors."""
    return " ".join(str(error).split())
