"""Run canned queries and ad-hoc SPARQL against the built store or a remote endpoint.

The build stores the union of all document graphs, each fact once, as the default
graph, so queries need no GRAPH clauses; ``GRAPH ?document`` still reaches each
source's own graph.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from pyoxigraph import QueryBoolean, QuerySolutions, Store, Triple, Variable

from kg.errors import QueryError, one_line
from kg.query.catalog import CannedQuery, get_query
from kg.query.params import bind_params
from kg.query.protocol import check_shape
from kg.query.remote import RemoteEngine
from kg.query.results import SparqlResult, Table, Term, as_table
from kg.store.location import open_store


class Engine(Protocol):
    """Where queries run: the local store or a SPARQL endpoint."""

    def run(self, text: str, bindings: Mapping[str, Term] | None = None) -> SparqlResult: ...

    def select(self, text: str, bindings: Mapping[str, Term]) -> Table: ...


class LocalEngine:
    """SPARQL over the on-disk pyoxigraph store of a build."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, out: Path) -> LocalEngine:
        """:raises KgError: ``out`` holds no build."""
        return cls(open_store(out))

    def run(self, text: str, bindings: Mapping[str, Term] | None = None) -> SparqlResult:
        """Run any query form; bindings substitute variables as RDF terms.

        :raises QueryError: the query is not valid SPARQL or fails to evaluate.
        """
        substitutions: dict[Variable, Term | Triple] = {
            Variable(name): term for name, term in (bindings or {}).items()}
        try:
            result = self.store.query(text, substitutions=substitutions)
            if isinstance(result, QueryBoolean):
                return bool(result)
            if isinstance(result, QuerySolutions):
                columns = tuple(variable.value for variable in result.variables)
                rows = tuple(tuple(solution[column] for column in columns) for solution in result)
                return Table(columns, rows)
            return list(result)
        except SyntaxError as error:
            raise QueryError(f"invalid SPARQL: {one_line(error)}") from None
        except OSError as error:
            raise QueryError(f"query failed: {one_line(error)}") from None

    def select(self, text: str, bindings: Mapping[str, Term]) -> Table:
        """Run a SELECT.

        :raises QueryError: the text is not a SELECT query or fails.
        """
        return as_table(self.run(text, bindings))


def open_engine(out: Path, endpoint: str | None = None) -> Engine:
    """The endpoint's engine when one is given, else the build in ``out``.

    :raises KgError: no endpoint and nothing built in ``out``.
    """
    return RemoteEngine(endpoint) if endpoint else LocalEngine.open(out)


def run_canned(engine: Engine, query: CannedQuery, given: Mapping[str, str]) -> Table:
    """Run a canned query with ``-p`` style parameters on any engine.

    :raises QueryError: bad parameter or failing query.
    """
    bindings, limit = bind_params(query, given, engine.select)
    table = engine.select(query.text, bindings)
    return table if limit is None else Table(table.columns, table.rows[:limit])


def run_query(name: str, given: Mapping[str, str], out: Path, endpoint: str | None = None) -> Table:
    """Run a canned query against the build in ``out`` or at ``endpoint``.

    :raises QueryError: unknown query, bad parameter or failing query.
    :raises KgError: nothing has been built in ``out``.
    """
    return run_canned(open_engine(out, endpoint), get_query(name), given)


def run_sparql(text: str, out: Path, endpoint: str | None = None) -> SparqlResult:
    """Run any SPARQL query against the build in ``out`` or at ``endpoint``.

    :raises QueryError: the query is invalid, or shaped past what the parser takes.
    """
    check_shape(text)
    return open_engine(out, endpoint).run(text)
