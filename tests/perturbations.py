"""The drug-page seed as copies of it come, for tests that it reads to the same facts:
fields set apart by extra blank lines (a copy from a browser), titles and notes wrapped
onto further lines, CRLF line endings, trailing spaces, and all of these at once.

Imported by tests as ``from perturbations import PERTURBATIONS``; each perturbation turns
the seed's text into the bytes of a file. Which lines are titles and notes is read from
the seed's own layout here (a reference's title and its lines up to the first blank, then
its notes up to the date line), not with the reader under test.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable

REFERENCE_HEADER = "Link Tested on Impact factor Notes Publication date"
TRIALS = "Clinical trials"
WIDTH = 60
"""Wrapped lines are at most this long, where a space allows: most titles and every notes
paragraph of the seed wrap."""
_DATE = re.compile(r"^[A-Z][a-z]{2}/\d{2}/\d{4}$")


def wrapped_lines(lines: list[str]) -> set[int]:
    """The indexes of every reference's title and notes lines."""
    found: set[int] = set()
    start = lines.index(REFERENCE_HEADER) + 1
    stop = max(index for index, line in enumerate(lines) if line.strip() == TRIALS)
    head = True  # from a title to the first blank line: the title, tag and population lines
    title = True
    for index in range(start, stop):
        stripped = lines[index].strip()
        if _DATE.match(stripped) or stripped == REFERENCE_HEADER:  # a title follows
            head = title = True
            continue
        if not stripped:
            head = head and title  # blank lines before a title do not end its head
        elif title or not head:
            found.add(index)
            title = False
    return found


def _wrap(line: str) -> list[str]:
    pieces: list[str] = []
    while len(line) > WIDTH and line.rfind(" ", 1, WIDTH) > 0:
        cut = line.rfind(" ", 1, WIDTH)
        pieces.append(line[:cut])
        line = line[cut + 1:]
    return pieces + [line]


def perturb(text: str, spread: bool = False, wrap: bool = False, trailing: bool = False,
            crlf: bool = False) -> bytes:
    """The seed with a blank line after every line (``spread``), its titles and notes
    wrapped, spaces and a tab after every line's text, CRLF line endings."""
    lines = text.split("\n")
    wrapping = wrapped_lines(lines) if wrap else set()
    out: list[str] = []
    for index, line in enumerate(lines):
        pieces = _wrap(line) if index in wrapping else [line]
        out += [piece + " \t " if trailing and piece else piece for piece in pieces]
        if spread:
            out.append("")
    return ("\r\n" if crlf else "\n").join(out).encode("utf-8")


PERTURBATIONS: dict[str, Callable[[str], bytes]] = {
    "spread": functools.partial(perturb, spread=True),
    "wrapped": functools.partial(perturb, wrap=True),
    "trailing-spaces": functools.partial(perturb, trailing=True),
    "crlf": functools.partial(perturb, crlf=True),
    "all": functools.partial(perturb, spread=True, wrap=True, trailing=True, crlf=True),
}
