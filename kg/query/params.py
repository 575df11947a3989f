"""Turn ``-p key=value`` strings into RDF terms for a canned query's parameters.

Values are bound as terms (pyoxigraph substitutions), never pasted into query text.
A ``drug`` matches a drug's label or a brand name case-insensitively, or its IRI; a
``target`` and ``pathway`` match a label or IRI. An unknown drug, target or pathway is a QueryError
rather than zero rows, so a typo is never mistaken for absent evidence.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from pyoxigraph import Literal, NamedNode

from kg.errors import QueryError
from kg.query.catalog import CannedQuery, Param
from kg.query.results import Table, Term
from kg.triples import vocab as v

Select = Callable[[str, Mapping[str, Term]], Table]
"""An engine's SELECT: query text and bindings in, results out."""

_RESOLVE = """
PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity ?class ?value WHERE {
  ?entity a ?class .
  { ?entity rdfs:label ?name } UNION { ?entity dk:hasProduct/rdfs:label ?name }
  FILTER(LCASE(STR(?name)) = LCASE(STR(?value)) || STR(?entity) = STR(?value))
}
ORDER BY ?entity
"""
_CLASSES = {"drug": v.DRUG, "target": v.TARGET, "pathway": v.PATHWAY}


def parse_pairs(pairs: Sequence[str]) -> dict[str, str]:
    """``["drug=anakinra"]`` -> ``{"drug": "anakinra"}``.

    :raises QueryError: a pair has no ``=``.
    """
    parsed: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"bad parameter '{pair}': expected KEY=VALUE, e.g. drug=anakinra")
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
            raise QueryError(f"query '{query.name}' has no parameter '{name}': expected {expected}")
    bindings: dict[str, Term] = {}
    limit: int | None = None
    for param in query.params:
        raw = given.get(param.name, param.default)
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


def _integer(param: Param, raw: str) -> int:
    if not raw.isdigit():
        raise QueryError(f"parameter '{param.name}' must be a whole number, got '{raw}'")
    return int(raw)


def _term(param: Param, raw: str, select: Select) -> Term:
    if param.type == "integer":
        return Literal(str(_integer(param, raw)), datatype=NamedNode(v.PREFIXES["xsd"] + "integer"))
    if not raw:
        raise QueryError(f"parameter '{param.name}' needs a value, e.g. -p {param.name}={param.example}")
    if param.type == "string":
        return Literal(raw)
    table = select(_RESOLVE, {"class": _CLASSES[param.type], "value": Literal(raw)})
    matches = [row[0] for row in table.rows if row[0] is not None]
    if not matches:
        raise QueryError(f"unknown {param.type} '{raw}' for parameter '{param.name}': no "
                         f"{param.type} has that name or IRI; 'kg query drugs' lists drugs "
                         "and their targets")
    if len(matches) > 1:
        names = ", ".join(term.value for term in matches)
        raise QueryError(f"{param.type} '{raw}' is ambiguous: it matches {names}; pass one IRI")
    return matches[0]
