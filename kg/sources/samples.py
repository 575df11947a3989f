"""Read a note's ``Sample size:`` text into study arms.

The text is a sum of groups, each a count with optional words about it:
``52 + 44 control``, ``(intention-to-treat) 405 + 189 placebo``,
``10 (anakinra, corticosteroids, ...) + 59 (corticosteroids and tocilizumab) + 74 (...)``,
``130 + 130 matched control (standard of care)``, ``5 patients received anakinra (...)``.
The first group is the treated one; a later group is a control when its words say so
(control, placebo, matched, historical, standard of care, another drug ``instead``) or
when it names other drugs and not the studied one. A text whose groups are not all plain
counts (``24 (+ 26 pooled with tocilizumab) out of 382``) keeps its words and gets no arms.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from kg.records import ControlKind, SampleSize, StudyArm
from kg.sources.numerals import INTEGER, read_integer
from kg.sources.prose import depths

CONTROL_KINDS: dict[ControlKind, re.Pattern[str]] = {
    "placebo": re.compile(r"\bplacebo\b", re.I),
    "standard-of-care": re.compile(r"\bstandard (?:of )?care\b|\bstandard management\b|\bSOC\b", re.I),
    "matched": re.compile(r"\bmatched\b", re.I),
    "historical": re.compile(r"\bhistorical\b", re.I),
    "active": re.compile(r"\binstead\b", re.I),
}
_CONTROL_WORDS = re.compile(r"\bcontrols?\b|\bplacebo\b|\bcomparator\b|\binstead\b", re.I)
_GROUP = re.compile(rf"^\s*(?P<count>{INTEGER})\b(?P<rest>.*)$", re.S)
_LEADING_NOTE = re.compile(r"^\s*\([^()]*\)\s*")


def read_sample_size(text: str, names_drug: Callable[[str], bool],
                     names_other_drug: Callable[[str], bool]) -> SampleSize:
    """The arms of a sample-size text; none when any group is not a plain count.

    ``names_drug`` tells whether words name the studied drug, ``names_other_drug``
    whether they name any other drug, so a ``59 (corticosteroids and tocilizumab)``
    group is known as a comparator.
    """
    groups = _top_level_groups(_LEADING_NOTE.sub("", text, count=1))
    arms: list[StudyArm] = []
    for index, group in enumerate(groups):
        match = _GROUP.match(group)
        count = read_integer(match.group("count")) if match else None
        if match is None or count is None \
                or re.search(r"\d", _without_parentheses(match.group("rest"))):
            return SampleSize(text, ())
        words = match.group("rest").strip() or None
        arms.append(_arm(count, words, index, names_drug, names_other_drug))
    return SampleSize(text, tuple(arms))


def _arm(size: int, words: str | None, index: int, names_drug: Callable[[str], bool],
         names_other_drug: Callable[[str], bool]) -> StudyArm:
    text = words or ""
    description = _unwrapped(text) or None
    kinds = tuple(kind for kind, pattern in CONTROL_KINDS.items() if pattern.search(text))
    comparator = names_other_drug(text) and not names_drug(text)
    if index and (_CONTROL_WORDS.search(text) or comparator):
        return StudyArm(size, "control", kinds + (("active",) if comparator and "active" not in kinds else ()),
                        description)
    return StudyArm(size, "treated", (), description)


def _unwrapped(words: str) -> str:
    """``(late treatment)`` -> ``late treatment``; other words as they are."""
    words = words.strip()
    levels = depths(words)
    if words.startswith("(") and levels[-1:] == [0] and 0 not in levels[:-1]:
        return words[1:-1].strip()
    return words


def _top_level_groups(text: str) -> list[str]:
    """Split at the ``+`` signs outside brackets."""
    cuts = [position for position, depth in enumerate(depths(text)) if text[position] == "+" and depth == 0]
    return [text[start + 1:end] for start, end in zip([-1, *cuts], [*cuts, len(text)])]


def _without_parentheses(text: str) -> str:
    """Each bracketed part, nested ones too, as one space; in one pass, however deep."""
    kept: list[str] = []
    opened: list[int] = []
    for char in text:
        if char == ")" and opened:
            del kept[opened.pop():]
            kept.append(" ")
        else:
            if char == "(":
                opened.append(len(kept))
            kept.append(char)
    return "".join(kept)
