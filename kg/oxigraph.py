"""pyoxigraph's answers narrowed, in one place, to what the caller asked for: the solutions
of a SELECT, and the bytes of a serialisation made in memory."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pyoxigraph import Quad, QuerySolutions, RdfFormat, Store, Triple, serialize


def select(store: Store, query: str, **options: Any) -> QuerySolutions:
    """Run a SELECT query; ``options`` are ``Store.query``'s (substitutions, prefixes...).

    :raises TypeError: ``query`` is an ASK or CONSTRUCT (a fault of the code, not of input).
    """
    result = store.query(query, **options)
    if not isinstance(result, QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:80]!r}")
    return result


def serialized(data: Iterable[Triple] | Iterable[Quad], rdf_format: RdfFormat,
               prefixes: dict[str, str] | None = None) -> bytes:
    """``serialize`` into memory (it gives None only when writing to a file)."""
    output = serialize(data, format=rdf_format, prefixes=prefixes)
    assert output is not None
    return output
