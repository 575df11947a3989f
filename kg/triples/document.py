"""Provenance triples: the source document, its checksum and its publisher, and for each
fact read from it the line where the fact's words stand.

A fact's line is recorded by standard RDF reification, which every store and library
we push to reads: one statement node per fact (``rdf:subject``, ``rdf:predicate``,
``rdf:object``; an ``rdf:Statement`` by RDF's own domain of ``rdf:subject``, left to
entailment to save a triple per fact), derived (``prov:wasDerivedFrom``) from a line node
``<document#L12>`` that has its number and its document.
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Triple

from kg.link import DrugIdentity
from kg.records import Document, FieldLines, Origin, line_of
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


class Statements:
    """States one record's facts: each triple, and the statement of where it was read.

    A fact is stated at its field's line (or one item's, see ``kg.records.line_of``),
    else at the record's origin line. A fact about the record's own ``node`` on the
    node's origin line is not reified: the node's ``dk:sourceLine`` in the document's
    graph cites it (``cite``), which keeps the cost of provenance to the facts whose
    words stand elsewhere.
    """

    def __init__(self, document: Document, origin: Origin, lines: FieldLines = (),
                 node: NamedNode | None = None) -> None:
        self.document = document
        self.origin = origin
        self.lines = lines
        self.node = node

    def __call__(self, triple: Triple, field: str = "", item: str | None = None) -> Iterator[Triple]:
        yield triple
        line = line_of(self.origin, self.lines, field, item)
        if triple.subject == self.node and line == self.origin.line:
            return
        yield from statement_triples(triple, self.document, line)

    def cite(self) -> Iterator[Triple]:
        """The node's document and origin line, which cite its facts on that line."""
        if self.node is not None:
            yield from origin_triples(self.node, self.origin, self.document)

    def part(self, node: NamedNode, field: str = "", item: str | None = None) -> Statements:
        """The statements of a part of the record (a study arm, a dose step, a result) whose
        facts all stand on its field's line: the part cites that line itself."""
        line = line_of(self.origin, self.lines, field, item)
        return Statements(self.document, Origin(self.origin.path, line), (), node)


def statement_triples(triple: Triple, document: Document, line: int) -> Iterator[Triple]:
    """The reified fact and the source line it was read from."""
    statement = iris.statement_iri(str(triple.subject), str(triple.predicate), str(triple.object))
    at = iris.source_line_iri(document.name, line)
    yield Triple(statement, v.RDF_SUBJECT, triple.subject)
    yield Triple(statement, v.RDF_PREDICATE, triple.predicate)
    yield Triple(statement, v.RDF_OBJECT, triple.object)
    yield Triple(statement, v.PROV_DERIVED_FROM, at)
    yield Triple(at, v.RDFS_LABEL, terms.text(f"{document.name}, line {line}"))
    yield Triple(at, v.LINE_NUMBER, terms.integer(line))
    yield Triple(at, v.IN_DOCUMENT, iris.document_iri(document.name))
