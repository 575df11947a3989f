"""Split a drug page's tag line into known tags, keeping any unknown ones.

A tag line is space-separated phrases with no delimiter between them
(``IL-6 Severe severity Small molecule Critical severity Antibody Cohort study``), so
splitting is a longest match against the vocabulary below. Words the vocabulary does
not know are kept, cut after a word that ends a tag of some category (``… study``,
``… severity``), and reported so a curator can add them here.
"""
from __future__ import annotations

import re

from kg.records import DesignKind, Tag, TagCategory

KNOWN_TAGS: dict[str, TagCategory] = {
    # targets and mechanisms
    "IL-1": "target", "IL-6": "target", "IL-6R": "target", "IL-17": "target",
    "JAK": "target", "JAK1": "target", "JAK2": "target", "TNF": "target",
    "GM-CSF": "target", "RdRpol": "target", "3CLpro": "target", "PLpro": "target",
    "ACE2": "target", "TMPRSS2": "target", "Spike protein": "target",
    "Viral entry": "target", "Complement": "target", "Endosome": "target",
    "Immunomodulation": "target", "Virus replication": "target",
    # conditions
    "ARDS": "condition", "Cytokine storm": "condition", "Pneumonia": "condition",
    "Thrombosis": "condition", "MIS-C": "condition", "Long COVID": "condition",
    # severities
    "Mild severity": "severity", "Moderate severity": "severity",
    "Severe severity": "severity", "Critical severity": "severity",
    # substance classes
    "Protein factor": "substance", "Small molecule": "substance", "Antibody": "substance",
    "Mixed substance": "substance", "Peptide": "substance", "Cell therapy": "substance",
    "Plant extract": "substance", "Vaccine": "substance", "Nucleic acid": "substance",
    # populations
    "Children": "population", "Elderly": "population", "Adults": "population",
    "Pregnant women": "population", "Newborns": "population",
    "Immunocompromised": "population", "Healthcare workers": "population",
    # study designs
    "Case report": "design", "Case series": "design", "Cohort study": "design",
    "Case-control study": "design", "Cross-sectional study": "design",
    "Observational study": "design", "Retrospective study": "design",
    "Meta-analysis": "design", "Systematic review": "design", "Review": "design",
    "In vitro": "design", "In vivo": "design", "In silico": "design",
    "Animal study": "design", "Clinical trial": "design",
    "Phase I clinical trial": "design", "Phase II clinical trial": "design",
    "Phase III clinical trial": "design", "Phase IV clinical trial": "design",
    "Randomized controlled double-blind trial": "design",
    "Randomized controlled single-blind trial": "design",
    "Randomized controlled open trial": "design",
    "Randomized controlled trial": "design",
    "Non-randomized controlled open trial": "design",
    "Non-randomized non-controlled open trial": "design",
    "Non-randomized controlled trial": "design",
}

_KNOWN_LOWER = {label.lower(): label for label in KNOWN_TAGS}
_TARGET_PATTERN = re.compile(r"^(?:IL|CCR|CXCR|TLR)-?\d+[A-Za-z]?$")
_UNKNOWN_ENDINGS: dict[str, TagCategory] = {
    "severity": "severity", "trial": "design", "study": "design", "report": "design",
    "series": "design", "review": "design", "analysis": "design", "factor": "substance",
    "molecule": "substance", "substance": "substance",
}

_DESIGN_PATTERNS: tuple[tuple[str, DesignKind], ...] = (
    (r"\bnon-randomi[sz]ed\b", "non-randomized"),
    (r"(?<!non-)\brandomi[sz]ed\b", "randomized"),
    (r"\b(?:non-controlled|uncontrolled|single-arm)\b", "uncontrolled"),
    (r"(?<!non-)\bcontrolled\b", "controlled"),
    (r"\b(?:double|triple)-blind(?:ed)?\b", "double-blind"),
    (r"\bsingle-blind(?:ed)?\b", "single-blind"),
    (r"\bopen(?:-label)?\b", "open-label"),
    (r"\btrial\b", "interventional"),
    (r"\b(?:observational|retrospective)\b", "observational"),
    (r"\bcohort\b", "cohort"),
    (r"\bcase reports?\b", "case-report"),
    (r"\bcase series\b", "case-series"),
    (r"\bcase-control\b", "case-control"),
    (r"\bcross-sectional\b", "cross-sectional"),
    (r"\b(?:in vitro|in vivo|in silico|animal)\b", "preclinical"),
    (r"\b(?:meta-analysis|review)\b", "evidence-synthesis"),
)
_DESIGN_WORDS = tuple((re.compile(pattern, re.IGNORECASE), kind) for pattern, kind in _DESIGN_PATTERNS)


def design_kinds(label: str) -> tuple[DesignKind, ...]:
    """The kinds of design a design tag's words name, so a tag never listed above
    (``Randomized placebo-controlled double-blind trial``) still gets its place."""
    return tuple(kind for pattern, kind in _DESIGN_WORDS if pattern.search(label))


def split_tags(line: str) -> tuple[list[Tag], list[str]]:
    """Split a tag line; return the tags in page order and the unknown labels among them."""
    words = line.split()
    tags: list[Tag] = []
    unknown_run: list[str] = []
    position = 0
    while position < len(words):
        known = _match_known(words, position)
        if known is None:
            unknown_run.append(words[position])
            position += 1
            if words[position - 1].lower() in _UNKNOWN_ENDINGS:
                tags.append(_unknown(unknown_run))
                unknown_run = []
            continue
        if unknown_run:
            tags.append(_unknown(unknown_run))
            unknown_run = []
        tag, width = known
        tags.append(tag)
        position += width
    if unknown_run:
        tags.append(_unknown(unknown_run))
    unknown = [tag.label for tag in tags if tag.label.lower() not in _KNOWN_LOWER
               and not _TARGET_PATTERN.match(tag.label)]
    return tags, unknown


def is_tag_line(line: str) -> bool:
    """True when known tags cover more than half of the line's words.

    Decides whether the line after a title is a tag line or a population line when a
    reference has only one of them: ``ARDS patients`` is a population, while
    ``IL-1 Severe severity Prospective study`` is a tag line with one unknown tag.
    """
    _, unknown = split_tags(line)
    unknown_words = sum(len(label.split()) for label in unknown)
    return 2 * unknown_words < len(line.split())


def _match_known(words: list[str], start: int) -> tuple[Tag, int] | None:
    """The longest known tag starting at a word: only tags that start with that word are
    tried, each made once, so a line of thousands of words is split in linear time."""
    for width in _WIDTHS.get(words[start].lower(), ()):
        label = _KNOWN_LOWER.get(" ".join(words[start : start + width]).lower())
        if label is not None:
            return _KNOWN_TAG[label], width
    if _TARGET_PATTERN.match(words[start]):
        return Tag(words[start], "target"), 1
    return None


def _unknown(words: list[str]) -> Tag:
    category = _UNKNOWN_ENDINGS.get(words[-1].lower(), "unknown")
    return _tag(" ".join(words), category)


def _tag(label: str, category: TagCategory) -> Tag:
    return Tag(label, category, design_kinds(label) if category == "design" else ())


def _widths() -> dict[str, tuple[int, ...]]:
    """Each word a known tag starts with, and how many words those tags have, most first."""
    widths: dict[str, set[int]] = {}
    for label in KNOWN_TAGS:
        words = label.lower().split()
        widths.setdefault(words[0], set()).add(len(words))
    return {word: tuple(sorted(found, reverse=True)) for word, found in widths.items()}


_WIDTHS = _widths()
_KNOWN_TAG = {label: _tag(label, category) for label, category in KNOWN_TAGS.items()}
