"""The SPARQL 1.1 Protocol's answer to one query, without the HTTP.

Which media types each query form can be answered in, which of them a client's Accept
list picks, and the answer serialised by pyoxigraph within a byte limit: the writer
stops the serialiser as soon as the limit is passed, so a huge result never sits in
memory. SPARQL UPDATE is recognised (rdflib parses without running it) and refused.
Without a query, the endpoint describes itself (SPARQL 1.1 Service Description).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyoxigraph import (
    BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat,
    Store, Triple, serialize,
)
from rdflib.plugins.sparql.parser import parseUpdate

from kg.errors import QueryError, one_line

SOLUTION_FORMATS: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
"""SELECT and ASK answers by media type; the first is the default."""
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
"""CONSTRUCT and DESCRIBE answers by media type; the first is the default."""
FORMAT_NAMES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
    "ntriples": "application/n-triples", "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
"""Short names for ``?format=``, for links and browsers that cannot set Accept."""


class UpdateRefused(QueryError):
    """A SPARQL UPDATE sent to a read-only endpoint."""


class NotAcceptable(QueryError):
    """The client accepts none of the media types this query form can be answered in."""


class ResultTooLarge(QueryError):
    """The serialised answer passed the byte limit."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A serialised query answer and its media type."""

    body: bytes
    media_type: str


def answer_query(store: Store, text: str, accepted: Sequence[str], max_bytes: int,
                 default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Answer:
    """Run a read-only query and serialise its answer in the first acceptable media type.

    ``accepted`` lists media types, most wanted first (``*/*`` takes the default).
    Dataset IRIs narrow the query to those graphs, as the protocol's
    ``default-graph-uri`` and ``named-graph-uri`` parameters do.

    :raises UpdateRefused: the text is a SPARQL UPDATE.
    :raises QueryError: the text is not a valid query or fails.
    :raises NotAcceptable: no acceptable media type for the query form.
    :raises ResultTooLarge: the answer passed ``max_bytes``.
    """
    try:
        result = store.query(
            text,
            default_graph=[NamedNode(iri) for iri in default_graphs] or None,
            named_graphs=[NamedNode(iri) for iri in named_graphs] or None,
        )
    except SyntaxError as error:
        if is_update(text):
            raise UpdateRefused("this endpoint is read-only: SPARQL UPDATE is refused") from None
        raise QueryError(f"invalid SPARQL: {one_line(error)}") from None
    except (OSError, ValueError) as error:
        raise QueryError(f"query failed: {one_line(error)}") from None
    formats = SOLUTION_FORMATS if isinstance(result, (QuerySolutions, QueryBoolean)) else GRAPH_FORMATS
    media_type = negotiate(accepted, tuple(formats))
    output = _LimitedBuffer(max_bytes)
    try:
        result.serialize(output, format=formats[media_type])  # type: ignore[arg-type]
    except (OSError, ValueError) as error:
        if output.overflowed:
            raise ResultTooLarge(f"the answer is larger than the {max_bytes:,} byte limit: "
                                 "add a LIMIT or narrow the query") from None
        raise QueryError(f"query failed: {one_line(error)}") from None
    return Answer(bytes(output.data), media_type)


def check_query(text: str) -> None:
    """Refuse an UPDATE or a text that is not a query, before it takes a worker's time.

    The text is parsed by pyoxigraph against an empty in-memory store (nothing is read,
    the lazy answer is never iterated).

    :raises UpdateRefused: the text is a SPARQL UPDATE.
    :raises QueryError: the text is not a valid query.
    """
    try:
        _EMPTY.query(text)
    except SyntaxError as error:
        if is_update(text):
            raise UpdateRefused("this endpoint is read-only: SPARQL UPDATE is refused") from None
        raise QueryError(f"invalid SPARQL: {one_line(error)}") from None


_EMPTY = Store()


def is_update(text: str) -> bool:
    """Whether the text parses as SPARQL UPDATE (parsed only, never run)."""
    try:
        parseUpdate(text)
    except Exception:  # pyparsing raises several types; all mean "not an update"
        return False
    return True


def negotiate(accepted: Sequence[str], offered: Sequence[str]) -> str:
    """The first offered media type the client accepts; ``*/*`` or nothing takes the first.

    :raises NotAcceptable: nothing offered is accepted.
    """
    for wanted in accepted or ("*/*",):
        if wanted in offered:
            return wanted
        if wanted == "*/*":
            return offered[0]
        if wanted.endswith("/*"):
            match = next((media for media in offered if media.startswith(wanted[:-1])), None)
            if match:
                return match
    raise NotAcceptable(f"cannot answer in {', '.join(accepted)}: this query can be answered "
                        f"in {', '.join(offered)}")


class _LimitedBuffer:
    """A binary writer that refuses to grow past a limit, ending the serialiser early."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        self.overflowed = False

    def write(self, chunk: bytes) -> int:
        if len(self.data) + len(chunk) > self.limit:
            self.overflowed = True
            raise OSError("result size limit reached")
        self.data.extend(chunk)
        return len(chunk)

    def flush(self) -> None:
        """pyoxigraph flushes its output when done; the bytes are already here."""


def service_description(endpoint: str, graph_sizes: Mapping[str, int], rdf_format: RdfFormat) -> bytes:
    """The SPARQL 1.1 Service Description of a read-only endpoint over the build.

    ``graph_sizes`` gives triples per named graph IRI, and in the default graph under
    ``""``; the default graph is the union of the named graphs (sd:UnionDefaultGraph).
    """
    service = NamedNode(endpoint)
    dataset, default = BlankNode("dataset"), BlankNode("defaultGraph")
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), service),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(service, DCT_TITLE, Literal("drugkg: drug-evidence knowledge graph (read-only)")),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default),
        Triple(default, RDF_TYPE, _sd("Graph")),
        Triple(default, VOID_TRIPLES, _integer(graph_sizes.get("", 0))),
    ]
    triples += [Triple(service, _sd("resultFormat"), NamedNode(FORMATS_NS + name))
                for name in RESULT_FORMAT_NAMES]
    for number, (iri, size) in enumerate(sorted(graph_sizes.items())):
        if not iri:
            continue
        named, graph = BlankNode(f"named{number}"), BlankNode(f"graph{number}")
        triples += [
            Triple(dataset, _sd("namedGraph"), named),
            Triple(named, RDF_TYPE, _sd("NamedGraph")),
            Triple(named, _sd("name"), NamedNode(iri)),
            Triple(named, _sd("graph"), graph),
            Triple(graph, RDF_TYPE, _sd("Graph")),
            Triple(graph, VOID_TRIPLES, _integer(size)),
        ]
    return serialize(triples, format=rdf_format, prefixes={"sd": SD, "void": VOID, "dct": DCT})


SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_NAMES = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                       "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VOID_TRIPLES = NamedNode(VOID + "triples")
DCT_TITLE = NamedNode(DCT + "title")


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
