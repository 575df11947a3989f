"""Link stage: decide which names in different sources mean the same thing.

One drug gets one IRI whatever a page calls it: the drug page's ``Anakinra`` (brands
KINERET, PerkinRA), the SPS pages' ``Kineret`` and the lactation page's ``Recombinant
human interleukin-1 receptor antagonist - IL-1Ra`` are all ``drug/anakinra``. A name is
looked up in the drug pages of the build (their names and brand names), then in the
curated lexicon; a drug known to neither is named by the source's own words.
Companies are matched on their name without legal suffixes or acronym prefixes
(``SOBI (Swedish Orphan Biovitrum)`` = ``Swedish Orphan Biovitrum Ltd``). References that
look like one study reported twice are paired (``kg.link.duplicates``), and the words a
source uses for a lexicon concept are noted (``kg.link.concepts``).
"""
from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from kg.lexicon import LexiconEntry, load_lexicon
from kg.records import (
    Document, Drug, DrugPage, LactationGuidance, MedicinesQuestion, NewMedicine,
    StorageGuidance, TrialUpdate, YearMonth,
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
class PublishedReference:
    """What matching needs of a drug page's reference: its drug, title, date, size, impact
    factor and the line its title stands on."""

    drug: str
    title: str
    date: datetime.date
    sample_size: int | None
    document: str
    impact_factor: Decimal | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class ReportedUpdate:
    """An SPS trial-data entry that names a journal and a number of participants."""

    drug: str
    product: str
    update: TrialUpdate
    document: str


@dataclass(frozen=True, slots=True)
class PublicationMatch:
    """An SPS trial-data entry that reports the same study as a drug page's reference."""

    update: TrialUpdate
    product: str
    drug: str
    reference: PublishedReference
    update_document: str
    reference_document: str


def drug_page_drugs(documents: Iterable[Document]) -> list[Drug]:
    """The drugs the documents have pages for: what identities are built from."""
    return [page.drug for document in documents for page in document.pages
            if isinstance(page, DrugPage)]


class Identities:
    """Resolve any name a source uses for a drug to its one identity."""

    def __init__(self, documents: Iterable[Document], lexicon: Iterable[LexiconEntry]) -> None:
        self._lexicon = {name.lower(): entry for entry in lexicon for name in entry.names}
        self._known: dict[str, DrugIdentity] = {}
        self._lookups: dict[str, DrugIdentity | None] | None = None
        for drug in drug_page_drugs(documents):
            self.add_drug(drug)

    @classmethod
    def of_drugs(cls, drugs: Iterable[Drug], lexicon: Iterable[LexiconEntry]) -> Identities:
        """Identities from the drug pages' drugs alone, without their documents."""
        identities = cls((), lexicon)
        for drug in drugs:
            identities.add_drug(drug)
        return identities

    def add_drug(self, drug: Drug) -> None:
        """Know a drug page's drug by its name, its brand names and its lexicon names."""
        entry = self._lexicon.get(drug.name.lower())
        identity = DrugIdentity((entry.name if entry else drug.name).lower(), drug.name, entry)
        for name in [drug.name, *drug.brand_names, *(entry.names if entry else ())]:
            self._known.setdefault(name.lower(), identity)

    def recording(self) -> Identities:
        """A view that notes every name looked up and what it meant, so a document mapped
        through it can be reused while each of those names still means the same drug."""
        view = copy.copy(self)
        view._lookups = {}
        return view

    @property
    def lookups(self) -> dict[str, DrugIdentity | None]:
        """The names a recording view was asked, and what each meant."""
        return dict(self._lookups or {})

    def still_mean(self, lookups: Mapping[str, DrugIdentity | None]) -> bool:
        """Whether every name looked up before means the same drug now."""
        return all(self._find(name) == identity for name, identity in lookups.items())

    def find(self, name: str) -> DrugIdentity | None:
        """The drug a name means, if a drug page or the lexicon knows it."""
        found = self._find(name.lower())
        if self._lookups is not None:
            self._lookups[name.lower()] = found
        return found

    def _find(self, name: str) -> DrugIdentity | None:
        known = self._known.get(name)
        if known:
            return known
        entry = self._lexicon.get(name)
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


def publication_candidates(document: Document, identities: Identities,
                           ) -> tuple[list[PublishedReference], list[ReportedUpdate]]:
    """A document's references and its trial-data entries that name a journal and a number of
    participants: all that matching publications across documents needs of it."""
    references, updates = [], []
    for page in document.pages:
        if isinstance(page, DrugPage):
            drug = identities.drug(page.drug.name).key
            references += [PublishedReference(drug, r.title, r.date, r.sample_size, document.name,
                                              r.impact_factor, r.origin.line)
                           for r in page.references]
        elif isinstance(page, NewMedicine):
            drug = identities.drug(page.product).key
            updates += [ReportedUpdate(drug, page.product, update, document.name)
                        for update in page.trial_updates
                        if update.journal is not None and update.participants is not None]
    return references, updates


def match_publications(references: Iterable[PublishedReference],
                       updates: Iterable[ReportedUpdate]) -> list[PublicationMatch]:
    """Trial-data entries that report a publication, matched to a drug page reference of
    the same drug published in the same month with the same number of participants."""
    by_key: dict[tuple[str, int | None, YearMonth], list[PublishedReference]] = {}
    for reference in references:
        if reference.sample_size is None:
            continue
        month = YearMonth(reference.date.year, reference.date.month)
        by_key.setdefault((reference.drug, reference.sample_size, month), []).append(reference)
    return [PublicationMatch(found.update, found.product, found.drug, reference, found.document,
                             reference.document)
            for found in updates
            for reference in by_key.get((found.drug, found.update.participants,
                                         YearMonth(found.update.date.year, found.update.date.month)), [])]


def publication_matches(documents: list[Document], identities: Identities) -> list[PublicationMatch]:
    """Publication matches among documents read together."""
    references: list[PublishedReference] = []
    updates: list[ReportedUpdate] = []
    for document in documents:
        found_references, found_updates = publication_candidates(document, identities)
        references += found_references
        updates += found_updates
    return match_publications(references, updates)


def drug_identities(drugs: Iterable[Drug]) -> Identities:
    """The identities every document is mapped through: the drug pages' drugs and the lexicon."""
    return Identities.of_drugs(drugs, load_lexicon())


def lexicon_identities(documents: list[Document]) -> tuple[Identities, list[LexiconEntry]]:
    """Identities over the curated lexicon, and the lexicon entries the documents use."""
    identities = drug_identities(drug_page_drugs(documents))
    used = [identity.lexicon for identity in identities.mentioned(documents) if identity.lexicon]
    return identities, used

