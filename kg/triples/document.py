"""Provenance triples: the source document, its checksum and its publisher."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Triple

from kg.link import DrugIdentity
from kg.records import Document, Origin
from kg.triples import iris, terms, vocab as v


def document_triples(document: Document) -> Iterator[Triple]:
    """Describe the file every fact of this document's graph came from."""
    source = iris.document_iri(document.name)
    publisher = iris.organization_iri(document.publisher.key)
    yield Triple(source, v.RDF_TYPE, v.SOURCE_DOCUMENT)
    yield Triple(source, v.RDFS_LABEL, terms.text(document.name))
    yield Triple(source, v.FILE_NAME, terms.text(document.name))
    yield Triple(source, v.SHA256, terms.text(document.sha256))
    yield Triple(source, v.DCT_FORMAT, terms.text(document.format))
    yield Triple(source, v.DCT_PUBLISHER, publisher)
    yield Triple(publisher, v.RDF_TYPE, v.ORGANIZATION)
    yield Triple(publisher, v.RDFS_LABEL, terms.text(document.publisher.name))
    yield Triple(publisher, v.FOAF_HOMEPAGE, NamedNode(document.publisher.homepage))


def origin_triples(subject: NamedNode, origin: Origin, document: Document) -> Iterator[Triple]:
    """Tie a node to the document and line it starts at."""
    yield Triple(subject, v.PROV_DERIVED_FROM, iris.document_iri(document.name))
    yield Triple(subject, v.SOURCE_LINE, terms.integer(origin.line))


def identity_triples(identity: DrugIdentity) -> Iterator[Triple]:
    """A drug node with the one label the link stage chose for it."""
    node = iris.drug_iri(identity.key)
    yield Triple(node, v.RDF_TYPE, v.DRUG)
    yield Triple(node, v.RDFS_LABEL, terms.text(identity.label))
