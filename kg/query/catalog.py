"""Canned queries: ``queries/*.rq`` files, each a SPARQL query under a YAML header.

The header is grlc-style ``#+ `` comment lines (title, description, params, columns,
tags); the file stem is the query's name. Loading checks that the declared columns are
the SELECT's variables and that every parameter is one of them (pyoxigraph substitutes
projected variables only, as SPARQL-dev SEP-0007 describes), so a query that
drifts from its documentation fails at load time, not silently in a user's hands.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from rdflib.plugins.sparql import prepareQuery

from kg.errors import QueryError, quoted
from kg.packaged import shared

QUERY_DIR = shared("queries")
ParamType = Literal["drug", "target", "pathway", "string", "integer", "iri", "date",
                    "tag", "condition", "population"]
PARAM_TYPES = ("drug", "target", "pathway", "string", "integer", "iri", "date",
               "tag", "condition", "population")


@dataclass(frozen=True, slots=True)
class Param:
    """A query parameter: bound as an RDF term, never pasted into the text."""

    name: str
    type: ParamType
    required: bool
    default: str | None
    example: str | None
    help: str


@dataclass(frozen=True, slots=True)
class CannedQuery:
    """A named SPARQL query with the metadata users and tests rely on."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    tags: tuple[str, ...]
    text: str
    path: Path

    def examples(self) -> dict[str, str]:
        """The documented example value of each parameter that has one, as ``-p`` pairs."""
        return {param.name: param.example for param in self.params if param.example}


class UnknownQuery(QueryError):
    """No canned query has the name asked for."""


def load_catalog(directory: Path = QUERY_DIR) -> dict[str, CannedQuery]:
    """Every canned query in ``directory`` by name.

    :raises QueryError: a query file's header is malformed or disagrees with its body.
    """
    return {path.stem: load_query(path) for path in sorted(directory.glob("*.rq"))}


def get_query(name: str, directory: Path = QUERY_DIR) -> CannedQuery:
    """One canned query by name, the name checked against the catalog's before it is
    made a path (a name of any length or bytes is refused, never looked up on disk).

    :raises UnknownQuery: no query has that name.
    """
    known = sorted(path.stem for path in directory.glob("*.rq"))
    if name not in known:
        raise unknown_query(name, known)
    return load_query(directory / f"{name}.rq")


def unknown_query(name: str, known: Iterable[str]) -> UnknownQuery:
    """The error for a name no canned query has, listing the names there are."""
    return UnknownQuery(f"unknown query {quoted(name)}: expected one of {', '.join(known)}")


@functools.cache
def load_query(path: Path) -> CannedQuery:
    """Read one ``.rq`` file, once per process (the check parses it with rdflib: 10-70 ms).

    :raises QueryError: its header is not YAML or disagrees with its body.
    """
    text = path.read_text(encoding="utf-8")
    header_lines = [line[3:] for line in text.splitlines() if line.startswith("#+ ")]
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as error:
        raise QueryError(f"{path}: header is not YAML: {error}".replace("\n", " ")) from None
    query = CannedQuery(
        name=path.stem,
        title=str(header.get("title", path.stem)),
        description=str(header.get("description", "")),
        params=tuple(_param(path, name, spec) for name, spec in (header.get("params") or {}).items()),
        columns=tuple(header.get("columns") or ()),
        tags=tuple(header.get("tags") or ()),
        text=text,
        path=path,
    )
    _check(query)
    return query


def select_variables(text: str) -> tuple[str, ...]:
    """The variables a SELECT projects, in order, as rdflib's SPARQL parser reads them.

    :raises QueryError: the text is not valid SPARQL.
    """
    try:
        prepared = prepareQuery(text)
    except Exception as error:  # pyparsing raises several types; all mean bad syntax
        raise QueryError(f"invalid SPARQL: {error}".replace("\n", " ")) from None
    return tuple(str(variable) for variable in prepared.algebra.get("PV") or ())


def _param(path: Path, name: str, spec: Any) -> Param:
    if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES:
        raise QueryError(f"{path}: parameter '{name}' needs a type, one of {', '.join(PARAM_TYPES)}")
    default = spec.get("default")
    example = spec.get("example")
    return Param(
        name=name, type=cast(ParamType, spec["type"]), required=bool(spec.get("required", True)),
        default=None if default is None else str(default),
        example=None if example is None else str(example), help=str(spec.get("help", "")),
    )


def _check(query: CannedQuery) -> None:
    try:
        variables = select_variables(query.text)
    except QueryError as error:
        raise QueryError(f"{query.path}: {error}") from None
    if variables != query.columns:
        raise QueryError(f"{query.path}: header columns {list(query.columns)} differ from "
                         f"the SELECT variables {list(variables)}")
    for param in query.params:
        if param.name != "limit" and param.name not in variables:
            raise QueryError(f"{query.path}: parameter '{param.name}' must be projected as "
                             f"?{param.name}: bindings substitute projected variables only")
