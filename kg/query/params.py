"""Turn ``-p key=value`` strings into RDF terms for a canned query's parameters.

Values are bound as terms (pyoxigraph substitutions), never pasted into query text.
A ``drug`` matches a drug's label or a brand name case-insensitively, or its IRI; a
``target`` and ``pathway`` match a label or IRI; a ``tag``, ``condition`` or ``population``
is bound as the label of the concept it names, by name, synonym or abbreviation
(``kg.query.concepts``); a ``date`` is an ISO date (``2021-06-30``), as ``xsd:date``. An
unknown drug, target, pathway or concept is a QueryError rather than zero rows, so a typo
is never mistaken for absent evidence.

Any text may arrive (a command-line argument with undecodable bytes, a URL with NUL or
control characters, a megabyte of it): each value is checked before it becomes a term,
and every message quotes it escaped and cut short (``kg.errors.quoted``).
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence

from pyoxigraph import Literal, NamedNode

from kg.errors import QueryError, quoted
from kg.query.catalog import CannedQuery, Param
from kg.query.concepts import CONCEPT_KINDS, Select, concept_label
from kg.query.results import Term
from kg.triples import vocab as v

_PREFIXES = """
PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_BY_IRI = _PREFIXES + "SELECT ?entity ?class WHERE { ?entity a ?class }"
_BY_LABEL = _PREFIXES + """
SELECT DISTINCT ?entity ?class ?value WHERE { ?entity rdfs:label ?value . ?entity a ?class } ORDER BY ?entity
"""
_BY_BRAND = _PREFIXES + """
SELECT DISTINCT ?entity ?class ?value WHERE {
  ?product rdfs:label ?value . ?entity dk:hasProduct ?product . ?entity a ?class
} ORDER BY ?entity
"""
_BY_ANY_CASE = _PREFIXES + """
SELECT DISTINCT ?entity ?class ?value WHERE {
  ?entity a ?class .
  { ?entity rdfs:label ?name } UNION { ?entity dk:hasProduct/rdfs:label ?name }
  FILTER(LCASE(STR(?name)) = LCASE(STR(?value)))
}
ORDER BY ?entity
"""
"""Names are looked up as exact literals first (an index lookup, whatever the corpus size),
in the spellings a user types (as given, lower case, upper case, capitalised); only a name
in none of them is compared case-folded with every label of the class."""
_CLASSES = {"drug": v.DRUG, "target": v.TARGET, "pathway": v.PATHWAY}


def parse_pairs(pairs: Sequence[str]) -> dict[str, str]:
    """``["drug=anakinra"]`` -> ``{"drug": "anakinra"}``.

    :raises QueryError: a pair has no ``=``.
    """
    parsed: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"bad parameter {quoted(pair)}: expected KEY=VALUE, e.g. drug=anakinra")
        parsed[key.strip()] = value.strip()
    return parsed


def bind_params(
    query: CannedQuery, given: Mapping[str, str], select: Select
) -> tuple[dict[str, Term], int | None]:
    """Bindings for the query's parameters, and the row limit if it takes one.

    :raises QueryError: a parameter is unknown, missing, malformed or matches nothing.
    """
    declared = {param.name: param for param in query.params}
    for name in given:
        if name not in declared:
            expected = ", ".join(declared) or "no parameters"
            raise QueryError(f"query '{query.name}' has no parameter {quoted(name)}: expected {expected}")
    bindings: dict[str, Term] = {}
    limit: int | None = None
    for param in query.params:
        raw = given.get(param.name, param.default)
        if raw is not None and not raw.strip() and not param.required and param.default is None:
            raw = None  # a form's blank field for an optional filter (as_of, drug): not given
        if raw is None:
            if param.required:
                raise QueryError(f"query '{query.name}' needs parameter '{param.name}' "
                                 f"({param.help}), e.g. -p {param.name}={param.example}")
            continue
        if param.name == "limit":
            limit = _integer(param, raw)
        else:
            bindings[param.name] = _term(param, raw, select)
    return bindings, limit


def check_text(text: str, what: str) -> None:
    """Refuse text no RDF term or query can hold: lone surrogates, which is how Python
    reads bytes that are not UTF-8 in a command-line argument.

    :raises QueryError: ``text`` is not UTF-8 text.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(f"{what} is not UTF-8 text: {quoted(text)}; give it in UTF-8") from None


def named_node(text: str, what: str) -> NamedNode:
    """An absolute IRI given by a user, as a term.

    :raises QueryError: ``text`` is not an absolute IRI.
    """
    check_text(text, what)
    try:
        return NamedNode(text)
    except ValueError:
        raise QueryError(f"{what} must be an absolute IRI, got {quoted(text)}") from None


def _integer(param: Param, raw: str) -> int:
    if not re.fullmatch(r"[0-9]{1,18}", raw):  # not str.isdigit: int() refuses '²'
        raise QueryError(f"parameter '{param.name}' must be a whole number of at most 18 "
                         f"digits, e.g. {param.example or 10}, got {quoted(raw)}")
    return int(raw)


def _date(param: Param, raw: str) -> Literal:
    """An ISO calendar date as ``xsd:date``: four-digit year, real month and day."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            return Literal(datetime.date.fromisoformat(raw).isoformat(),
                           datatype=NamedNode(v.PREFIXES["xsd"] + "date"))
    except ValueError:
        pass
    raise QueryError(f"parameter '{param.name}': expected a date like 2021-06-30, got {quoted(raw)}")


def _term(param: Param, raw: str, select: Select) -> Term:
    if param.type == "integer":
        return Literal(str(_integer(param, raw)), datatype=NamedNode(v.PREFIXES["xsd"] + "integer"))
    if not raw:
        raise QueryError(f"parameter '{param.name}' needs a value, e.g. -p {param.name}={param.example}")
    check_text(raw, f"parameter '{param.name}'")
    if param.type == "string":
        return Literal(raw)
    if param.type == "date":
        return _date(param, raw)
    for kind in CONCEPT_KINDS:
        if param.type == kind:
            return concept_label(kind, raw, param.name, select)
    if param.type == "iri":
        return named_node(raw, f"parameter '{param.name}'")
    matches = _entities_named(raw, _CLASSES[param.type], select)
    if not matches:
        raise QueryError(f"unknown {param.type} {quoted(raw)} for parameter '{param.name}': no "
                         f"{param.type} has that name or IRI; 'kg query drugs' lists drugs "
                         "and their targets")
    if len(matches) > 1:
        names = ", ".join(term.value for term in matches)
        raise QueryError(f"{param.type} {quoted(raw)} is ambiguous: it matches {names}; pass one IRI")
    return matches[0]


def _entities_named(raw: str, class_: NamedNode, select: Select) -> list[Term]:
    """The entities of the class whose IRI, label or brand name is ``raw``, cheapest lookup first."""
    try:
        iri = NamedNode(raw)
    except ValueError:
        iri = None
    if iri is not None and select(_BY_IRI, {"entity": iri, "class": class_}).rows:
        return [iri]
    spellings = dict.fromkeys((raw, raw.lower(), raw.upper(), raw.capitalize(), raw.title()))
    for spelling in spellings:
        for lookup in (_BY_LABEL, _BY_BRAND):
            table = select(lookup, {"class": class_, "value": Literal(spelling)})
            if table.rows:
                return [row[0] for row in table.rows if row[0] is not None]
    table = select(_BY_ANY_CASE, {"class": class_, "value": Literal(raw)})
    return [row[0] for row in table.rows if row[0] is not None]
