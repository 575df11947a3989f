"""Link stage: decide which names in different sources mean the same thing.

One drug gets one IRI whatever a page calls it: the drug page's ``Anakinra`` (brands
KINERET, PerkinRA), the SPS pages' ``Kineret`` and the lactation page's ``Recombinant
human interleukin-1 receptor antagonist - IL-1Ra`` are all ``drug/anakinra``. A name is
looked up in the drug pages of the build (their names and brand names), then in the
curated lexicon; a drug known to neither is named by the source's own words.
Companies are matched on their name without legal suffixes or acronym prefixes
(``SOBI (Swedish Orphan Biovitrum)`` = ``Swedish Orphan Biovitrum Ltd``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.lexicon import LexiconEntry, load_lexicon
from kg.records import (
    Document, DrugPage, LactationGuidance, MedicinesQuestion, NewMedicine, Reference,
    StorageGuidance, TrialUpdate,
)

_LEGAL_SUFFIX = re.compile(
    r"(?:,?\s+(?:Ltd\.?|Limited|plc|PLC|Inc\.?|AB|GmbH|AG|SA|S\.A\.|Co\.?|LLC|B\.V\.|N\.V\.))+$")
_ACRONYM_EXPANSION = re.compile(r"^[A-Z0-9&-]{2,}\s*\((?P<name>[^()]+)\)$")


@dataclass(frozen=True, slots=True)
class DrugIdentity:
    """The name a drug's IRI is minted from (lower case) and the label every source gives it."""

    key: str
    label: str
    lexicon: LexiconEntry | None


@dataclass(frozen=True, slots=True)
class PublicationMatch:
    """An SPS trial-data entry that reports the same study as a drug page's reference."""

    update: TrialUpdate
    product: str
    drug: str
    reference: Reference
    update_document: Document
    reference_document: Document


class Identities:
    """Resolve any name a source uses for a drug to its one identity."""

    def __init__(self, documents: Iterable[Document], lexicon: Iterable[LexiconEntry]) -> None:
        self._lexicon = {name.lower(): entry for entry in lexicon for name in entry.names}
        self._known: dict[str, DrugIdentity] = {}
        for document in documents:
            for page in document.pages:
                if isinstance(page, DrugPage):
                    self._add_drug_page(page)

    def _add_drug_page(self, page: DrugPage) -> None:
        entry = self._lexicon.get(page.drug.name.lower())
        identity = DrugIdentity((entry.name if entry else page.drug.name).lower(),
                                page.drug.name, entry)
        names = [page.drug.name, *page.drug.brand_names, *(entry.names if entry else ())]
        for name in names:
            self._known.setdefault(name.lower(), identity)

    def find(self, name: str) -> DrugIdentity | None:
        """The drug a name means, if a drug page or the lexicon knows it."""
        known = self._known.get(name.lower())
        if known:
            return known
        entry = self._lexicon.get(name.lower())
        return DrugIdentity(entry.name, entry.name, entry) if entry else None

    def drug(self, name: str) -> DrugIdentity:
        """The drug a name means; an unknown name is a drug of its own, as written."""
        return self.find(name) or DrugIdentity(name.lower(), name, None)

    def document_drug(self, document: Document) -> DrugIdentity | None:
        """The one product drug an SPS file's storage and new-medicine pages are about."""
        found = {self.drug(page.product) for page in document.pages
                 if isinstance(page, (StorageGuidance, NewMedicine))}
        return found.pop() if len(found) == 1 else None

    def lactation_drug(self, page: LactationGuidance, document: Document) -> DrugIdentity:
        """A lactation page names a substance; fall back to its file's product drug."""
        for name in (page.substance, page.abbreviation):
            found = self.find(name) if name else None
            if found:
                return found
        return self.document_drug(document) or self.drug(page.substance)

    def mentioned(self, documents: Iterable[Document]) -> list[DrugIdentity]:
        """Every drug the documents name, each once, sorted by key."""
        found = {identity.key: identity
                 for document in documents for identity in self._mentions(document)}
        return [found[key] for key in sorted(found)]

    def _mentions(self, document: Document) -> Iterator[DrugIdentity]:
        for page in document.pages:
            if isinstance(page, DrugPage):
                yield self.drug(page.drug.name)
                yield from (self.drug(name) for reference in page.references
                            for name in reference.co_medications)
            elif isinstance(page, MedicinesQuestion):
                yield from map(self.drug, page.drugs)
            elif isinstance(page, LactationGuidance):
                yield self.lactation_drug(page, document)
            else:
                yield self.drug(page.product)


def organization_name(name: str) -> str:
    """A company's name without legal suffix or leading acronym: its matching key."""
    expanded = _ACRONYM_EXPANSION.match(name.strip())
    core = expanded.group("name") if expanded else name.strip()
    return _LEGAL_SUFFIX.sub("", core).strip()


def publication_matches(documents: list[Document], identities: Identities) -> list[PublicationMatch]:
    """Trial-data entries that report a publication, matched to a drug page reference of
    the same drug published in the same month with the same number of participants."""
    references = [(identities.drug(page.drug.name).key, reference, document)
                  for document in documents for page in document.pages
                  if isinstance(page, DrugPage) for reference in page.references]
    matches = []
    for document in documents:
        for page in document.pages:
            if not isinstance(page, NewMedicine):
                continue
            drug = identities.drug(page.product).key
            for update in page.trial_updates:
                if update.journal is None or update.participants is None:
                    continue
                for key, reference, source in references:
                    if (key == drug and reference.sample_size == update.participants
                            and (reference.date.year, reference.date.month)
                            == (update.date.year, update.date.month)):
                        matches.append(PublicationMatch(
                            update, page.product, drug, reference, document, source))
    return matches


def lexicon_identities(documents: list[Document]) -> tuple[Identities, list[LexiconEntry]]:
    """Identities over the curated lexicon, and the lexicon entries the documents use."""
    identities = Identities(documents, load_lexicon())
    used = [identity.lexicon for identity in identities.mentioned(documents) if identity.lexicon]
    return identities, used
