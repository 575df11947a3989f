"""Small tools for reading prose: how much of it is read for facts, sentences, the words
around a dash, and bracket depth for groups like ``10 (anakinra, corticosteroids
(optional))`` or ``(either 5 mg/kg [high dose] or ...)``."""
from __future__ import annotations

import re

MAX_PROSE = 10_000
"""Characters of prose read for facts at once (a reference's notes with its title, a dated
SPS entry): six times the longest line of any page here. Longer prose is kept as written
but not read for facts, with a warning, so its facts take bounded time however a page is
damaged (a megabyte of 'hazard ratio' in one trial-data entry took six seconds)."""
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_DEPTH_CHANGE = {"(": 1, "[": 1, ")": -1, "]": -1}


def unread(*texts: str | None) -> str | None:
    """The warning for prose too long to read for facts; None when it is read."""
    size = sum(len(text) for text in texts if text)
    if size <= MAX_PROSE:
        return None
    return f"{size:,} characters of prose kept but not read for facts (at most {MAX_PROSE:,})"


def sentences(text: str) -> list[str]:
    """Split after ``.``, ``!`` or ``?`` before a capital letter."""
    return _SENTENCE.split(text)


def depths(text: str) -> list[int]:
    """The bracket depth after each character; negative once a bracket closes that opened before."""
    found, depth = [], 0
    for char in text:
        depth += _DEPTH_CHANGE.get(char, 0)
        found.append(depth)
    return found


_DASH = re.compile(r"(?<!\s)\s+-\s+")


def split_at_dash(text: str) -> tuple[str, str] | None:
    """``Age - 18 Years`` -> ``Age``, ``18 Years``: a stripped line's words before its first
    dash set off by spaces, and the rest; None without one. A dash is looked for only where
    a run of spaces starts, so a long run is crossed once, not once per space."""
    match = _DASH.search(text, 1)
    return (text[:match.start()], text[match.end():]) if match else None
