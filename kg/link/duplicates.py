"""Pair a drug's references that look like one study reported twice, with the reason.

The seed page lists a cohort study of 5 Feb 2021 at lines 145 and 308, with two titles that
start alike and two impact factors. Such pairs are flagged, never merged: the source lists
both, and only a reader can tell a second report from a second study.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kg.link import PublishedReference

TITLE_WORDS = 6
"""Two titles starting with the same six words (case and punctuation aside) may be one study."""
SHARED_WORDS = 0.8
"""...and sharing at least this share of their words (the seed pair: 0.90; two studies of one
drug titled from one template, 'Efficacy and safety of X in COVID-19 <condition>: <design>
from <country>', about 0.76)."""
MONTHS_APART = 3
"""A second report of one study is published within about three months of the first."""
SIZE_TOLERANCE = Decimal("0.1")
"""Stated sample sizes further apart than a tenth of the larger are two studies."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """Two references of a drug that look like one study reported twice, and why."""

    first: PublishedReference
    second: PublishedReference
    reason: str


def possible_duplicates(references: Iterable[PublishedReference]) -> list[PossibleDuplicate]:
    """Pairs of one drug's references whose titles start with the same words and share most
    of them, published within three months, whose sample sizes agree (within a tenth, or
    stated by one only): flagged for a reader, not
    merged. A comment on a study reports a patient of its own (seed line 294: 1 child, where
    the study it comments had 143) and is not paired. Earlier reference first."""
    groups: dict[tuple[str, tuple[str, ...]], dict[tuple[str, datetime.date], PublishedReference]] = {}
    for reference in references:
        start = tuple(_words(reference.title)[:TITLE_WORDS])
        # one title and date is one publication node already, however often it is listed
        groups.setdefault((reference.drug, start), {}).setdefault((reference.title, reference.date), reference)
    found = []
    for key in sorted(groups):
        ordered = sorted(groups[key].values(), key=lambda r: (r.date, r.title, r.document, r.line))
        found += [PossibleDuplicate(first, second, _duplicate_reason(first, second))
                  for index, first in enumerate(ordered) for second in ordered[index + 1:]
                  if _sizes_agree(first.sample_size, second.sample_size)
                  and abs((second.date - first.date).days) <= 31 * MONTHS_APART
                  and _share_words(first.title, second.title)]
    return found


def _share_words(first: str, second: str) -> bool:
    ours, theirs = set(_words(first)), set(_words(second))
    return len(ours & theirs) >= SHARED_WORDS * len(ours | theirs)


def _words(title: str) -> list[str]:
    """A title's words, case aside, as both tests compare them."""
    return _WORD.findall(title.casefold())


def _sizes_agree(first: int | None, second: int | None) -> bool:
    if first is None or second is None:
        return True
    return abs(first - second) <= SIZE_TOLERANCE * max(first, second)


def _duplicate_reason(first: PublishedReference, second: PublishedReference) -> str:
    """The evidence for a pair in words, each part checkable against the page; not where
    they stand, which their own source lines say (a copy of the page moves every line)."""
    words = list(_WORD.finditer(first.title))[:TITLE_WORDS]
    parts = [f"titles start with the same words ('{first.title[:words[-1].end()] if words else ''}')"]
    parts.append(f"both published {first.date.isoformat()}" if first.date == second.date
                 else f"published {first.date.isoformat()} and {second.date.isoformat()}")
    sizes = [size for size in (first.sample_size, second.sample_size) if size is not None]
    parts.append("neither states a sample size" if not sizes
                 else f"sample size {sizes[0]} stated by one only" if len(sizes) == 1
                 else f"sample sizes {sizes[0]} and {sizes[1]}")
    factors = [f for f in (first.impact_factor, second.impact_factor) if f is not None]
    if len(factors) == 2:
        parts.append(f"impact factors {factors[0]} and {factors[1]}")
    if first.document != second.document:
        parts.append(f"listed in {first.document} and {second.document}")
    return "; ".join(parts)
