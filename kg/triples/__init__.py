"""Triples stage: records to quads under the ontology, one named graph per source document.

The graph name is the document's IRI, so every fact can be traced to its file, and
``kg export --format trig`` keeps the documents apart. The curated lexicons are sources
too (each one's graph holds what it says of the entities the pages name), and links made across
documents live in a graph of their own. Output is sorted and free of duplicates, so the
same sources always give the same bytes.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import NamedNode, Quad, Triple

from kg.link import Identities, lexicon_identities, publication_matches
from kg.records import (
    Document, DrugPage, LactationGuidance, MedicinesQuestion, NewMedicine, Page, StorageGuidance,
)
from kg.triples import iris, vocab
from kg.triples.document import document_triples
from kg.triples.drug import drug_triples
from kg.triples.evidence import reference_triples
from kg.triples.guidance import (
    lactation_triples, new_medicine_triples, question_triples, storage_triples,
)
from kg.lexicon import (
    CONDITIONS_FILE, IDENTIFIERS_FILE, TARGETS_FILE, lexicon_document, load_concepts,
    load_identifiers, load_targets,
)
from kg.triples.lexicon import (
    concept_lexicon_triples, entity_iri, identifier_triples, lexicon_triples,
    target_lexicon_triples,
)
from kg.triples.links import PUBLICATION_LINKS, publication_link_triples
from kg.triples.trial import trial_triples


def dataset_quads(documents: Iterable[Document]) -> list[Quad]:
    """Every quad of every document, of the lexicon entries they use and of the
    cross-document links, sorted."""
    documents = list(documents)
    identities, used = lexicon_identities(documents)
    quads = [quad for document in documents for quad in document_quads(document, identities)]
    if used:
        lexicon = lexicon_document()
        quads += _document_graph(lexicon, lexicon_triples(used, lexicon, identities))
    typed = {quad.subject for quad in quads if quad.predicate == vocab.RDF_TYPE}
    targets = [entry for entry in load_targets() if iris.tag_iri("target", entry.target) in typed]
    if targets:
        lexicon = lexicon_document(TARGETS_FILE)
        quads += _document_graph(lexicon, target_lexicon_triples(targets, lexicon))
    concepts = [entry for entry in load_concepts() if iris.tag_iri(entry.kind, entry.key) in typed]
    if concepts:
        lexicon = lexicon_document(CONDITIONS_FILE)
        quads += _document_graph(lexicon, concept_lexicon_triples(concepts, lexicon))
    identified = [row for row in load_identifiers() if entity_iri(row.kind, row.key) in typed]
    if identified:
        lexicon = lexicon_document(IDENTIFIERS_FILE)
        quads += _document_graph(lexicon, identifier_triples(identified, lexicon))
    matches = publication_matches(documents, identities)
    if matches:
        quads += _in_graph(set(publication_link_triples(matches)), PUBLICATION_LINKS)
    return sorted(quads, key=quad_key)


def document_quads(document: Document, identities: Identities) -> list[Quad]:
    """Every quad of one source document, sorted."""
    return _document_graph(document, (triple for page in document.pages
                                      for triple in _page_triples(page, document, identities)))


def _document_graph(document: Document, triples: Iterable[Triple]) -> list[Quad]:
    """A document's graph: the description of its file and the triples read from it."""
    return _in_graph(set(document_triples(document)) | set(triples), iris.document_iri(document.name))


def quad_key(quad: Quad) -> tuple[str, str, str, str]:
    """Sort key in N-Quads order of the four terms."""
    return (str(quad.subject), str(quad.predicate), str(quad.object), str(quad.graph_name))


def _in_graph(triples: set[Triple], graph: NamedNode) -> list[Quad]:
    return sorted((Quad(t.subject, t.predicate, t.object, graph) for t in triples), key=quad_key)


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
