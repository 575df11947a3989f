"""Query results as one plain shape, whichever engine produced them."""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.errors import QueryError

Term = NamedNode | BlankNode | Literal


@dataclass(frozen=True, slots=True)
class Table:
    """SELECT results: the projected columns and one tuple of terms (or None) per row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def values(self, column: str) -> list[str | None]:
        """One column's plain values (lexical forms and IRIs), for callers and tests."""
        index = self.columns.index(column)
        return [None if row[index] is None else row[index].value for row in self.rows]  # type: ignore[union-attr]

    def records(self) -> list[dict[str, str | None]]:
        """Rows as column -> plain value dictionaries."""
        return [
            {column: None if term is None else term.value for column, term in zip(self.columns, row)}
            for row in self.rows
        ]


SparqlResult = Table | bool | list[Triple]
"""What any query form gives: a SELECT table, an ASK answer, CONSTRUCT/DESCRIBE triples."""


def as_table(result: SparqlResult) -> Table:
    """A SELECT's table.

    :raises QueryError: the query was not a SELECT.
    """
    if not isinstance(result, Table):
        raise QueryError("expected a SELECT query")
    return result
