"""Run canned queries and ad-hoc SPARQL against the built store.

The build stores the union of all document graphs, each fact once, as the default
graph, so queries need no GRAPH clauses; ``GRAPH ?document`` still reaches each
source's own graph.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pyoxigraph import QueryBoolean, QuerySolutions, Store, Triple, Variable

from kg.errors import QueryError
from kg.query.catalog import get_query
from kg.query.params import bind_params
from kg.query.results import Table, Term
from kg.store.location import open_store

SparqlResult = Table | bool | list[Triple]


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
        substitutions = {Variable(name): term for name, term in (bindings or {}).items()}
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
            raise QueryError(f"invalid SPARQL: {_one_line(error)}") from None
        except OSError as error:
            raise QueryError(f"query failed: {_one_line(error)}") from None

    def select(self, text: str, bindings: Mapping[str, Term]) -> Table:
        """Run a SELECT.

        :raises QueryError: the text is not a SELECT query or is invalid.
        """
        result = self.run(text, bindings)
        if not isinstance(result, Table):
            raise QueryError("expected a SELECT query")
        return result


def run_query(name: str, given: Mapping[str, str], out: Path) -> Table:
    """Run a canned query by name with ``-p`` style parameters.

    :raises QueryError: unknown query, bad parameter or failing query.
    :raises KgError: nothing has been built in ``out``.
    """
    query = get_query(name)
    engine = LocalEngine.open(out)
    bindings, limit = bind_params(query, given, engine.select)
    table = engine.select(query.text, bindings)
    return table if limit is None else Table(table.columns, table.rows[:limit])


def run_sparql(text: str, out: Path) -> SparqlResult:
    """Run any SPARQL query against the build.

    :raises QueryError: the query is invalid.
    """
    return LocalEngine.open(out).run(text)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
