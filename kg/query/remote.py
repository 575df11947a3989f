"""SPARQL against any SPARQL 1.1 Protocol endpoint, through SPARQLWrapper.

A remote store cannot take pyoxigraph's substitutions, so parameter bindings travel as
an inline ``VALUES`` row whose terms pyoxigraph writes in N-Triples syntax (never the
user's raw text); the tests check that every canned query gives the same rows this way
as locally.
"""
from __future__ import annotations

import re
import socket
from collections.abc import Mapping
from typing import Any
from urllib.error import URLError

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import QueryError, one_line
from kg.query.results import SparqlResult, Table, Term, as_table

RDF_QUERY_TYPES = ("CONSTRUCT", "DESCRIBE")


class RemoteEngine:
    """The LocalEngine interface over HTTP: same inputs, same result shapes."""

    def __init__(self, endpoint: str, timeout_s: int = 300) -> None:
        self.endpoint = endpoint
        self.timeout_s = timeout_s

    def run(self, text: str, bindings: Mapping[str, Term] | None = None) -> SparqlResult:
        """Run any query form at the endpoint.

        :raises QueryError: the endpoint is unreachable or rejects the query.
        """
        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setMethod(POST)
        wrapper.setTimeout(self.timeout_s)
        wrapper.setQuery(with_values(text, bindings or {}))
        rdf_result = wrapper.queryType in RDF_QUERY_TYPES
        wrapper.setReturnFormat(TURTLE if rdf_result else JSON)
        try:
            response = wrapper.query()
            if rdf_result:
                media_type = response.info().get("content-type", "text/turtle").split(";")[0]
                rdf_format = RdfFormat.from_media_type(media_type) or RdfFormat.TURTLE
                return list(parse(response.response.read(), format=rdf_format))
            document = response.convert()
            if not isinstance(document, dict):
                raise ValueError("not a SPARQL JSON results document")
            return from_json(document)
        except SPARQLWrapperException as error:
            raise QueryError(f"{self.endpoint}: the endpoint rejected the query: "
                             f"{one_line(error)}") from None
        except (URLError, socket.timeout, ConnectionError) as error:
            reason = error.reason if isinstance(error, URLError) else error  # not "<urlopen error ...>"
            said = reason.strerror if isinstance(reason, OSError) and reason.strerror else one_line(reason)
            raise QueryError(f"{self.endpoint}: cannot reach the endpoint: {said}") from None
        except (SyntaxError, ValueError) as error:
            raise QueryError(f"{self.endpoint}: unreadable answer: {one_line(error)}") from None

    def select(self, text: str, bindings: Mapping[str, Term]) -> Table:
        """Run a SELECT.

        :raises QueryError: the text is not a SELECT query or fails.
        """
        return as_table(self.run(text, bindings))


def with_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with its bindings as one inline VALUES row opening each SELECT's WHERE group.

    Inside a group the bound variables reach every FILTER and OPTIONAL, as pyoxigraph's
    substitutions do locally; a trailing VALUES would join only after the FILTERs ran. A
    subquery gets a row of the variables it projects, as pyoxigraph hands a substituted
    variable to a subquery that projects it (canned queries start from the drug there).
    """
    if not bindings:
        return text
    pieces: list[str] = []
    done, projection_start, outermost = 0, 0, True
    for token in _SKIPPED_BRACE_OR_SELECT.finditer(text):
        if token.group().upper() == "SELECT":
            projection_start = token.end()
        elif token.group() == "{" and (outermost or projection_start):
            projection = text[projection_start:token.start()]
            names = sorted(name for name in bindings
                           if outermost or re.search(rf"[?$]{re.escape(name)}\b", projection))
            pieces += [text[done:token.end()], _values_row(names, bindings)]
            done, projection_start, outermost = token.end(), 0, False
    if not pieces:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return "".join(pieces) + text[done:]


def _values_row(names: list[str], bindings: Mapping[str, Term]) -> str:
    if not names:
        return ""
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(str(bindings[name]) for name in names)
    return f"\n  VALUES ({variables}) {{ ({terms}) }}"


_SKIPPED_BRACE_OR_SELECT = re.compile(
    r"""<[^<>"{}|^`\\\x00-\x20]*>"""          # an IRI
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'      # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'               # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|#[^\n]*"                            # a comment
    r"|\{"
    r"|(?<![?$:\w-])(?i:select)\b"      # the keyword, not ?select or ex:select
)
"""SPARQL tokens that may hold a brace (IRIs, strings, comments), a brace, or SELECT."""


def from_json(document: dict[str, Any]) -> SparqlResult:
    """A SPARQL 1.1 Query Results JSON document as a table or an ASK answer."""
    if "boolean" in document:
        return bool(document["boolean"])
    columns = tuple(document["head"]["vars"])
    rows = tuple(
        tuple(_term(binding[column]) if column in binding else None for column in columns)
        for binding in document["results"]["bindings"]
    )
    return Table(columns, rows)


def _term(binding: dict[str, str]) -> Term:
    """One SPARQL JSON results binding as an RDF term (``typed-literal`` is SPARQL 1.0's)."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return NamedNode(value)
    if kind == "bnode":
        return BlankNode(value)
    if "xml:lang" in binding:
        return Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return Literal(value, datatype=NamedNode(binding["datatype"]))
    return Literal(value)
