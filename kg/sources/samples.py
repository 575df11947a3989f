"""Read a note's ``Sample size:`` text into study arms.

The text is a sum of groups, each a count with optional words about it:
``52 + 44 control``, ``(intention-to-treat) 405 + 189 placebo``,
``10 (anakinra, corticosteroids, ...) + 59 (corticosteroids and tocilizumab) + 74 (...)``,
``130 + 130 matched control (standard of care)``, ``5 patients received anakinra (...)``.
The first group is the treated one. A later group is
- a control when its words say placebo or standard of care;
- else an active comparator when it got another drug in place of the studied one: its words
  say ``instead`` or ``comparator``, or name a drug (not the studied one) beyond the
  treated group's background (``59 (corticosteroids and tocilizumab)`` beside ``10
  (anakinra, corticosteroids, and tocilizumab (optional))``: tocilizumab; ``18 tocilizumab
  control``). An active comparator is not a control: it is counted apart;
- else a control when its words say control, matched or historical, or name only the
  treated group's background (``74 (corticosteroids)`` above);
- else treated too (``1 (case report) + 5 (case series)``).
A text whose groups are not all plain counts (``24 (+ 26 pooled with tocilizumab) out of
382``) keeps its words and gets no arms.
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
}
_CONTROL_WORDS = re.compile(r"\bcontrols?\b|\bmatched\b|\bhistorical\b", re.I)
_COMPARATOR_WORDS = re.compile(r"\binstead\b|\bcomparator\b", re.I)
# a drug the treated group got only in part is no background: ``tocilizumab (optional)``,
# ``with or without corticosteroids`` (a word tried only from its start: linear in a long one)
_OPTIONAL_DRUG = re.compile(r"(?<![\w-])[\w-]+\s*\(optional\)|\bwith or without\s+[\w-]+", re.I)
_WORD = re.compile(r"[\w-]+")
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
    counted: list[tuple[int, str]] = []
    for group in groups:
        match = _GROUP.match(group)
        count = read_integer(match.group("count")) if match else None
        if match is None or count is None \
                or re.search(r"\d", _without_parentheses(match.group("rest"))):
            return SampleSize(text, ())
        counted.append((count, match.group("rest").strip()))
    background = _background(counted[0][1])
    arms = [StudyArm(size, "treated", (), _unwrapped(words) or None) if index == 0
            else _arm(size, words, background, names_drug, names_other_drug)
            for index, (size, words) in enumerate(counted)]
    return SampleSize(text, tuple(arms))


def _arm(size: int, words: str, background: set[str], names_drug: Callable[[str], bool],
         names_other_drug: Callable[[str], bool]) -> StudyArm:
    """A later group: a control, an active comparator or another treated group (see above)."""
    description = _unwrapped(words) or None
    kinds = tuple(kind for kind, pattern in CONTROL_KINDS.items() if pattern.search(words))
    beyond = " ".join(word for word in _WORD.findall(words) if word.casefold() not in background)
    other_drugs = names_other_drug(words) and not names_drug(words)
    if "placebo" in kinds or "standard-of-care" in kinds:
        return StudyArm(size, "control", kinds, description)
    if _COMPARATOR_WORDS.search(words) or (other_drugs and names_other_drug(beyond)):
        return StudyArm(size, "active-comparator", (), description)
    if other_drugs or _CONTROL_WORDS.search(words):
        return StudyArm(size, "control", kinds, description)
    return StudyArm(size, "treated", (), description)


def _background(treated: str) -> set[str]:
    """The words of the treated group's drugs that every treated participant got."""
    return {word.casefold() for word in _WORD.findall(_OPTIONAL_DRUG.sub(" ", treated))}


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
