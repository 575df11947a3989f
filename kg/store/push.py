"""Upload the built graph to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

By default the store gets the build as it is: each source document's named graph under
its own IRI, and the default graph with the union of them (each fact once), so canned
queries give the same rows there as locally, ``sources`` included. With ``--graph`` the
union goes into that one named graph instead, for stores shared with other data.

Each graph leaves the on-disk store in chunks of N-Triples: the first chunk replaces
the graph (PUT), the rest are appended (POST), so a graph larger than memory streams
and every request stays small. Afterwards each graph is read back, streamed, and its
triples counted.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import httpx
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store, Triple, parse

from kg.errors import KgError, one_line
from kg.oxigraph import serialized
from kg.store.export import graph_size
from kg.store.location import open_store

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

CHUNK_TRIPLES = 50_000
N_TRIPLES = "application/n-triples"
Progress = Callable[[int, int], None]
"""Told (triples sent so far, triples to send) after each chunk."""


@dataclass(frozen=True, slots=True)
class PushReport:
    """How many triples were sent to how many graphs, and what the store holds in them."""

    store_url: str
    graphs: int
    sent: int
    held: int


def push(out: Path, store_url: str, graph: str | None = None,
         chunk_triples: int = CHUNK_TRIPLES, progress: Progress | None = None) -> PushReport:
    """Replace the build's graphs at ``store_url``, or only ``graph`` with their union.

    :raises KgError: nothing is built in ``out``, or the store cannot be reached or refuses.
    """
    store = open_store(out)
    uploads = _uploads(store, store_url, graph)
    total = len(store) if graph is None else graph_size(store, DefaultGraph())
    sent = held = 0
    with httpx.Client(timeout=httpx.Timeout(60.0, read=600.0)) as client:
        for source, target in uploads:
            method = "PUT"
            for chunk in _chunks(_triples(store, source), chunk_triples):
                _send(client, method, target, serialized(chunk, RdfFormat.N_TRIPLES))
                method = "POST"
                sent += len(chunk)
                if progress:
                    progress(sent, total)
            if method == "PUT":
                _send(client, "PUT", target, b"")
            held += _count_held(client, target)
    return PushReport(store_url, len(uploads), sent, held)


def graph_url(store_url: str, graph: NamedNode | DefaultGraph) -> str:
    """The Graph Store Protocol address of one graph: ``?default`` or ``?graph=IRI``."""
    query = "default" if isinstance(graph, DefaultGraph) else urlencode({"graph": graph.value})
    return f"{store_url}{'&' if '?' in store_url else '?'}{query}"


def _uploads(store: Store, store_url: str,
             graph: str | None) -> list[tuple[NamedNode | DefaultGraph, str]]:
    """(graph in the build, its address at the store) pairs."""
    if graph is not None:
        return [(DefaultGraph(), graph_url(store_url, NamedNode(graph)))]
    # the build names every graph with an IRI
    named = sorted((node for node in store.named_graphs() if isinstance(node, NamedNode)), key=lambda node: node.value)
    graphs: list[NamedNode | DefaultGraph] = [*named, DefaultGraph()]
    return [(source, graph_url(store_url, source)) for source in graphs]


def _triples(store: Store, graph: NamedNode | DefaultGraph) -> Iterator[Triple]:
    for quad in store.quads_for_pattern(None, None, None, graph):
        yield quad.triple


def _chunks(triples: Iterable[Triple], size: int) -> Iterator[list[Triple]]:
    iterator = iter(triples)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _send(client: httpx.Client, method: str, target: str, body: bytes) -> None:
    try:
        response = client.request(method, target, content=body, headers={"Content-Type": N_TRIPLES})
    except httpx.HTTPError as error:
        raise KgError(f"{target}: cannot reach the graph store: {one_line(error)}") from None
    _check(response, target, method)


def _count_held(client: httpx.Client, target: str) -> int:
    try:
        with client.stream("GET", target, headers={"Accept": N_TRIPLES}) as response:
            _check(response, target, "GET")
            media_type = response.headers.get("content-type", N_TRIPLES).split(";")[0].strip()
            rdf_format = RdfFormat.from_media_type(media_type) or RdfFormat.N_TRIPLES
            body = io.BufferedReader(_ByteStream(response.iter_bytes()))
            return sum(1 for _ in parse(body, format=rdf_format))
    except httpx.HTTPError as error:
        raise KgError(f"{target}: cannot read the graph back: {one_line(error)}") from None
    except SyntaxError as error:
        raise KgError(f"{target}: the store sent back unreadable RDF: {one_line(error)}") from None


def _check(response: httpx.Response, target: str, method: str) -> None:
    if response.is_success:
        return
    response.read()
    raise KgError(f"{target}: the graph store refused {method} with HTTP "
                  f"{response.status_code}: {one_line(Exception(response.text[:300]))}")


class _ByteStream(io.RawIOBase):
    """A readable file over an HTTP body's chunks, so pyoxigraph parses as bytes arrive."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = chunk
        view = memoryview(buffer).cast("B")
        size = min(len(view), len(self._pending))
        view[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size
