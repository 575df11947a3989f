"""Note the words a source uses for a condition or population the lexicon keys otherwise.

The SPS Q&A's title says ``Cytokine Release Syndrome``; the reader keys its condition as the
lexicon's ``CRS``, the drug page's node. The words, where they stand and the lexicon line
that names them are what the link set ``concept-names`` records.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.lexicon import ConceptEntry, ConceptKind, concept_words, find_concept, load_concepts
from kg.records import Document, DrugPage, MedicinesQuestion, TagCategory

_CONCEPT_TAGS: dict[TagCategory, ConceptKind] = {"condition": "condition", "population": "population"}


@dataclass(frozen=True, slots=True)
class ConceptName:
    """Words a source uses for a condition or population the lexicon keys otherwise, where
    they stand, and the lexicon entry that says they mean it."""

    entry: ConceptEntry
    words: str
    document: str
    line: int
    context: str


def concept_names(document: Document) -> list[ConceptName]:
    """The condition of each medicines Q&A (its title's words) and each condition or
    population tag the lexicon knows by another key (``Cytokine storm``: CRS)."""
    keys = {entry.key for entry in load_concepts()}
    found = []
    for page in document.pages:
        if isinstance(page, MedicinesQuestion) and page.condition:
            entry = find_concept(page.condition, "condition")
            words = concept_words(entry, page.title) if entry else None
            if entry and words and words != entry.key:
                found.append(ConceptName(entry, words, document.name, page.origin.line,
                                         "the condition of a medicines Q&A"))
        elif isinstance(page, DrugPage):
            for reference in page.references:
                for tag in reference.tags:
                    kind = _CONCEPT_TAGS.get(tag.category)
                    entry = find_concept(tag.label, kind) if kind and tag.label not in keys else None
                    if entry:
                        found.append(ConceptName(entry, tag.label, document.name, reference.origin.line,
                                                 f"a {tag.category} tag of a reference"))
    return found
