"""Triples stage: records to quads under the ontology, one named graph per source document.

The graph name is the document's IRI, so every fact can be traced to its file, and
``kg export --format trig`` keeps the documents apart. Output is sorted and free of
duplicates, so the same sources always give the same bytes.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import Quad, Triple

from kg.records import Document, DrugPage
from kg.triples import iris
from kg.triples.document import document_triples
from kg.triples.drug import drug_triples, named_drug_triples
from kg.triples.evidence import reference_triples
from kg.triples.trial import trial_triples


def document_quads(document: Document) -> list[Quad]:
    """Every quad of one source document, sorted."""
    graph = iris.document_iri(document.name)
    triples = set(document_triples(document))
    for page in document.pages:
        triples.update(_drug_page_triples(page, document))
    return sorted((Quad(t.subject, t.predicate, t.object, graph) for t in triples), key=quad_key)


def dataset_quads(documents: Iterable[Document]) -> list[Quad]:
    """Every quad of every document, sorted."""
    quads = [quad for document in documents for quad in document_quads(document)]
    return sorted(quads, key=quad_key)


def quad_key(quad: Quad) -> tuple[str, str, str, str]:
    """Sort key in N-Quads order of the four terms."""
    return (str(quad.subject), str(quad.predicate), str(quad.object), str(quad.graph_name))


def _drug_page_triples(page: DrugPage, document: Document) -> Iterator[Triple]:
    name = page.drug.name
    yield from drug_triples(page.drug, document)
    for reference in page.references:
        yield from reference_triples(name, reference, document)
        for co_medication in reference.co_medications:
            yield from named_drug_triples(co_medication)
    for trial in page.trials:
        yield from trial_triples(name, trial, document)
