"""The SPARQL 1.1 Protocol's answer to one query, without the HTTP.

Which media types each query form can be answered in, which of them a client's Accept
list picks, and the answer serialised by pyoxigraph within a byte limit: the writer
stops the serialiser as soon as the limit is passed, so a huge result never sits in
memory. SPARQL UPDATE is recognised (rdflib parses without running it) and refused.
Without a query, the endpoint describes itself (SPARQL 1.1 Service Description).

Query text from a client is read by a tokenizer before any parser sees it: its first
keyword refuses an UPDATE in the server process at once, and its shape is checked
before pyoxigraph parses it, because pyoxigraph's parser and planner recurse without
bound (about 2,100 nested braces or 2,600 chained BINDs overflow the stack and end the
process) and plan for minutes (200 triple patterns: 20 s), so that parse runs only in a
query worker, which the time limit can stop.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from pyoxigraph import (
    BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat,
    Store, Triple,
)
from rdflib.plugins.sparql.parser import parseUpdate

from kg.errors import QueryError, one_line, quoted
from kg.oxigraph import serialized
from kg.query.params import check_text

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


class UnsupportedMediaType(QueryError):
    """A request body in a media type the protocol does not take a query in."""


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
    :raises QueryError: the text is not a valid query, is shaped past what the parser
        takes (``check_shape``), or fails.
    :raises NotAcceptable: no acceptable media type for the query form.
    :raises ResultTooLarge: the answer passed ``max_bytes``.
    """
    check_shape(text)
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


MAX_NESTING = 64
"""Brackets a query may nest: deeper, pyoxigraph's recursion nears the end of its stack."""
MAX_LINKS = 1_000
"""Operators, pattern separators and group keywords a query may hold, for the same reason."""
_UPDATE_KEYWORDS = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"))
_LINK_KEYWORDS = frozenset(("UNION", "OPTIONAL", "MINUS", "BIND", "FILTER"))
_LEXEME = re.compile(
    r"""(?P<skip><[^<>"{}|^`\\\x00-\x20]*>"""    # an IRI
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'          # strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|#[^\n\r]*"                                # a comment
    r"|[?$]\w+"                                  # a variable
    r"|[A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]*"    # a prefixed name
    r"|\d*\.?\d+(?:[eE][+-]?\d+)?)"              # a number
    r"|(?P<word>[A-Za-z][\w-]*)"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])"
    r"|(?P<link>&&|\|\||[-+*/!<>=.;|^])",
    re.DOTALL)
"""What the checks read of a query: keywords, brackets and operators; the rest is skipped."""


def refuse_update(text: str) -> None:
    """Refuse a SPARQL UPDATE by its first keyword, before the request waits for a worker.

    :raises UpdateRefused: the text opens with an update operation.
    """
    keyword = next((match["word"].upper() for match in _LEXEME.finditer(text)
                    if match["word"] and match["word"].upper() not in ("BASE", "PREFIX")), None)
    if keyword in _UPDATE_KEYWORDS:
        raise UpdateRefused("this endpoint is read-only: SPARQL UPDATE is refused")


def check_shape(text: str) -> None:
    """Refuse a query pyoxigraph cannot parse safely: not UTF-8, or nested or chained
    past what its recursion takes.

    :raises QueryError: the text is not UTF-8, nests brackets past ``MAX_NESTING`` or
        holds more than ``MAX_LINKS`` operators.
    """
    check_text(text, "the query")
    depth = links = 0
    for kind in _kinds(text):
        if kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(f"the query nests brackets more than {MAX_NESTING} deep: "
                                 "flatten it")
        elif kind == "close":
            depth = max(0, depth - 1)
        else:
            links += 1
            if links > MAX_LINKS:
                raise QueryError(f"the query holds more than {MAX_LINKS:,} operators, pattern "
                                 "separators and UNION/OPTIONAL/MINUS/BIND/FILTER: split it")


def _kinds(text: str) -> Iterator[str]:
    """Each bracket (``open``, ``close``) and link (operator or group keyword) in order."""
    for match in _LEXEME.finditer(text):
        kind = match.lastgroup
        if kind in ("open", "close", "link"):
            yield kind
        elif kind == "word" and match["word"].upper() in _LINK_KEYWORDS:
            yield "link"


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
    return serialized(triples, rdf_format, prefixes={"sd": SD, "void": VOID, "dct": DCT})


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
