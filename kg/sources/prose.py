"""Small tools for reading prose: sentences, and bracket depth for groups like
``10 (anakinra, corticosteroids (optional))`` or ``(either 5 mg/kg [high dose] or ...)``."""
from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_DEPTH_CHANGE = {"(": 1, "[": 1, ")": -1, "]": -1}


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
