"""Triples stage: records to quads under the ontology, one named graph per source document.

The graph name is the document's IRI, so every fact can be traced to its file, and
``kg export --format trig`` keeps the documents apart. The curated lexicons are sources
too (each one's graph holds what it says of the entities the pages name), and links made across
documents live in a graph of their own. Output is sorted and free of duplicates, so the
same sources always give the same bytes.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from pyoxigraph import NamedNode, Quad, Triple

from kg.link import (
    DrugIdentity, Identities, PublishedReference, ReportedUpdate, publication_candidates,
)
from kg.link.concepts import ConceptName, concept_names
from kg.records import (
    Document, Drug, DrugPage, LactationGuidance, MedicinesQuestion, NewMedicine, Page,
    SourceWarning, StorageGuidance,
)
from kg.triples import iris, vocab
from kg.triples.document import document_triples
from kg.triples.drug import drug_triples
from kg.triples.evidence import reference_triples
from kg.triples.guidance import (
    lactation_triples, new_medicine_triples, question_triples, storage_triples,
)
from kg.lexicon import (
    CONDITIONS_FILE, DRUG_CLASSES_FILE, IDENTIFIERS_FILE, TARGETS_FILE, lexicon_document,
    load_concepts, load_identifiers, load_lexicon, load_targets,
)
from kg.triples.lexicon import (
    concept_lexicon_triples, drug_class_triples, entity_iri, identifier_triples, lexicon_triples,
    target_lexicon_triples, used_drug_classes,
)
from kg.triples.links import link_graphs
from kg.triples.trial import trial_triples

Graph = tuple[NamedNode, list[Triple]]
"""A named graph's name and its triples, each once."""


@dataclass(frozen=True, slots=True)
class MappedDocument:
    """What the dataset-wide stage needs of a mapped document, so the document itself can
    be mapped in a worker process and cached: the drugs it has pages for, each name it
    looked up and what that meant, the lexicon entries and described entities it uses, its
    candidates for matching publications across documents and its own words for concepts."""

    name: str
    sha256: str
    format: str
    warnings: tuple[SourceWarning, ...]
    drugs: tuple[Drug, ...]
    lookups: dict[str, DrugIdentity | None]
    lexicon_entries: frozenset[str]
    entities: frozenset[str]
    references: tuple[PublishedReference, ...]
    updates: tuple[ReportedUpdate, ...]
    names: tuple[ConceptName, ...]

    @property
    def graph(self) -> NamedNode:
        return iris.document_iri(self.name)


def map_document(document: Document, identities: Identities) -> tuple[MappedDocument, list[Triple]]:
    """A document's graph, each triple once, and what the rest of the dataset needs of it."""
    recording = identities.recording()
    triples = _document_graph(document, (triple for page in document.pages
                                         for triple in _page_triples(page, document, recording)))
    used = frozenset(identity.lexicon.name for identity in recording.mentioned([document])
                     if identity.lexicon)
    references, updates = publication_candidates(document, recording)
    mapped = MappedDocument(
        document.name, document.sha256, document.format, document.warnings,
        tuple(page.drug for page in document.pages if isinstance(page, DrugPage)),
        recording.lookups, used, _described_entities(triples), tuple(references), tuple(updates),
        tuple(concept_names(document)))
    return mapped, triples


def dataset_graphs(documents: Sequence[MappedDocument], identities: Identities) -> list[Graph]:
    """The graphs that depend on every document together: each lexicon's graph, with what
    it says of the entities the documents use, and the links made across documents."""
    graphs: list[Graph] = []
    used = {name for document in documents for name in document.lexicon_entries}
    entries = [entry for entry in load_lexicon() if entry.name in used]
    typed = set().union(*(document.entities for document in documents))
    if entries:
        lexicon = lexicon_document()
        graph = _document_graph(lexicon, lexicon_triples(entries, lexicon, identities))
        typed |= _described_entities(graph)
        graphs.append((iris.document_iri(lexicon.name), graph))
        drug_classes = used_drug_classes(entries)
        if drug_classes:
            classes = lexicon_document(DRUG_CLASSES_FILE)
            graphs.append((iris.document_iri(classes.name),
                           _document_graph(classes, drug_class_triples(drug_classes, classes))))
    targets = [entry for entry in load_targets() if iris.tag_iri("target", entry.target).value in typed]
    if targets:
        lexicon = lexicon_document(TARGETS_FILE)
        graphs.append((iris.document_iri(lexicon.name),
                       _document_graph(lexicon, target_lexicon_triples(targets, lexicon))))
    concepts = [entry for entry in load_concepts() if iris.tag_iri(entry.kind, entry.key).value in typed]
    if concepts:
        lexicon = lexicon_document(CONDITIONS_FILE)
        graphs.append((iris.document_iri(lexicon.name),
                       _document_graph(lexicon, concept_lexicon_triples(concepts, lexicon))))
    identified = [row for row in load_identifiers() if entity_iri(row.kind, row.key).value in typed]
    if identified:
        lexicon = lexicon_document(IDENTIFIERS_FILE)
        graphs.append((iris.document_iri(lexicon.name),
                       _document_graph(lexicon, identifier_triples(identified, lexicon))))
    return graphs + link_graphs(
        (reference for document in documents for reference in document.references),
        (update for document in documents for update in document.updates),
        (name for document in documents for name in document.names))


def document_quads(document: Document, identities: Identities) -> list[Quad]:
    """Every quad of one source document, sorted."""
    graph = iris.document_iri(document.name)
    return sorted((Quad(t.subject, t.predicate, t.object, graph)
                   for t in map_document(document, identities)[1]), key=quad_key)


def quad_key(quad: Quad) -> tuple[str, str, str, str]:
    """Sort key in N-Quads order of the four terms."""
    return (str(quad.subject), str(quad.predicate), str(quad.object), str(quad.graph_name))


def _document_graph(document: Document, triples: Iterable[Triple]) -> list[Triple]:
    """A document's graph: the description of its file and the triples read from it."""
    return list(set(document_triples(document)) | set(triples))


def _described_entities(triples: Iterable[Triple]) -> frozenset[str]:
    """The typed nodes among those the lexicons say something of."""
    described = _lexicon_entities()
    return frozenset(t.subject.value for t in triples
                     if t.predicate == vocab.RDF_TYPE and isinstance(t.subject, NamedNode)
                     and t.subject.value in described)


@cache
def _lexicon_entities() -> frozenset[str]:
    return frozenset(
        [iris.tag_iri("target", entry.target).value for entry in load_targets()]
        + [iris.tag_iri(entry.kind, entry.key).value for entry in load_concepts()]
        + [entity_iri(row.kind, row.key).value for row in load_identifiers()])


def _page_triples(page: Page, document: Document, identities: Identities) -> Iterator[Triple]:
    if isinstance(page, DrugPage):
        yield from _drug_page_triples(page, document, identities)
    elif isinstance(page, MedicinesQuestion):
        yield from question_triples(page, document, identities)
    elif isinstance(page, StorageGuidance):
        yield from storage_triples(page, document, identities)
    elif isinstance(page, LactationGuidance):
        yield from lactation_triples(page, document, identities)
    elif isinstance(page, NewMedicine):
        yield from new_medicine_triples(page, document, identities)


def _drug_page_triples(page: DrugPage, document: Document,
                       identities: Identities) -> Iterator[Triple]:
    identity = identities.drug(page.drug.name)
    yield from drug_triples(page.drug, identity, document)
    for reference in page.references:
        yield from reference_triples(identity.key, reference, document, identities)
    for trial in page.trials:
        yield from trial_triples(identity.key, trial, document)
