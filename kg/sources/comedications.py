"""Find the drugs a study gave together with the studied drug.

A drug named in a note's prose counts unless the words around it say it was not given
with the studied drug: a prior treatment (``refractory to``, ``did not respond to``,
``response to ... is not satisfactory``), a comparator (``compared with``, ``instead``,
``pooled``), or an alternative (``anakinra or tocilizumab``). A treated arm of the sample
size that names the studied drug (``10 (anakinra, corticosteroids, and tocilizumab)``)
adds the drugs it names. Names are the lexicon's INNs (``IVIg`` -> intravenous immunoglobulin).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from kg.lexicon import canonical_drug, drug_mention_spans, in_spans
from kg.sources.prose import sentences

NOT_GIVEN_WITH = re.compile(
    r"refractory to|(?:not|n't)\s+(?:\w+\s+){0,2}respond(?:ed|ing)?\s+to|response to|"
    r"failure of|failed|after treatment with|previous(?:ly)?|prior\b|"
    r"compared (?:to|with)|versus|\bvs\b\.?|instead|pooled|rather than",
    re.I)
_CLAUSE_END = re.compile(r"[,;.)]")


def co_medications(prose: str, treated_arms: Iterable[str], drug: str) -> tuple[str, ...]:
    """The co-medications a note names, in order of first mention, each once."""
    studied = drug_key(drug)
    found: dict[str, None] = {}
    for text in [*sentences(prose), *treated_arms]:
        excluded = _excluded_spans(text)
        spans = drug_mention_spans(text)
        names = [drug_key(_words(text, span)) for span in spans]
        for index, (span, name) in enumerate(zip(spans, names)):
            if name == studied or in_spans(excluded, span[0]):
                continue
            # only a neighbouring mention can be the alternative: just ' or ' lies between
            neighbours = [spans[other] for other in (index - 1, index + 1)
                          if 0 <= other < len(spans) and names[other] == studied]
            if any(_alternatives(text, span, other) for other in neighbours):
                continue
            found.setdefault(name, None)
    return tuple(found)


def names_drug(text: str, drug: str) -> bool:
    """Whether the words name the drug by any of its names."""
    key = drug_key(drug)
    return any(drug_key(_words(text, span)) == key for span in drug_mention_spans(text))


def names_other_drug(text: str, drug: str) -> bool:
    """Whether the words name a drug other than this one."""
    key = drug_key(drug)
    return any(drug_key(_words(text, span)) != key for span in drug_mention_spans(text))


def drug_key(name: str) -> str:
    return canonical_drug(name) or name.lower()


def _words(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]]


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    """From each not-given-with cue to the end of its clause. Cues come in order and so do
    the ends of their clauses, so an end found for one cue serves those after it until
    they pass it: each part of the text is searched for an end once."""
    spans: list[tuple[int, int]] = []
    end = -1
    for cue in NOT_GIVEN_WITH.finditer(text):
        if end < cue.end():
            found = _CLAUSE_END.search(text, cue.end())
            end = found.start() if found else len(text)
        spans.append((cue.start(), end))
    return spans


def _alternatives(text: str, span: tuple[int, int], other: tuple[int, int]) -> bool:
    """``anakinra or tocilizumab``: one or the other, not both."""
    first, second = sorted((span, other))
    return re.fullmatch(r"\s+or\s+", text[first[1]:second[0]]) is not None
