"""Routes of ``kg serve`` for people writing SPARQL and for machines finding the data: the
editor at ``/sparql`` (a browser's GET), the prefixes it completes, and the descriptions
under ``/.well-known/`` (SPARQL examples and VoID, kg.query.published).

The editor is YASGUI, vendored in static/vendor/yasgui (no request leaves this origin),
querying this server's ``/sparql``; ``/sparql?query=TEXT`` opens with that text, which the
browser runs, never the page's server. The descriptions are RDF in Turtle by default or
what Accept asks among ``GRAPH_FORMATS`` (JSON-LD, N-Triples, RDF/XML), made once per
build and endpoint URL.
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from kg.query.browse import graph_sizes
from kg.query.catalog import CannedQuery
from kg.query.params import named_node
from kg.query.pool import Lanes
from kg.query.protocol import GRAPH_FORMATS, negotiate
from kg.query.published import (
    EXAMPLES_PREFIXES, build_date, examples_triples, published, void_triples,
)
from kg.store.location import read_manifest
from kg.triples.vocab import EXPORT_PREFIXES
from kg.web.site import HTML, TEMPLATES, Served, wanted

PREFIXES_PATH = "/sparql/prefixes.json"


def add_editor_routes(app: FastAPI, served: Served) -> None:
    """Add the editor's prefixes and the two ``/.well-known/`` descriptions to ``app``."""

    @app.get(PREFIXES_PATH)
    async def prefixes() -> Response:
        """Prefix to namespace, as prefix.cc answers YASGUI, which completes ``PREFIX`` lines."""
        return JSONResponse(EXPORT_PREFIXES)

    @app.get("/.well-known/sparql-examples")
    async def sparql_examples(request: Request) -> Response:
        media_type, endpoint = rdf_request(request)
        build = served.lanes(request)
        key = ("sparql-examples", endpoint, media_type)
        body: bytes | None = build.answers.get(key)
        if body is None:
            body = published(examples_triples(served.catalog.values(), endpoint), media_type,
                             EXAMPLES_PREFIXES)
            build.answers.put(key, body)
        return Response(body, media_type=media_type)

    @app.get("/.well-known/void")
    async def void(request: Request) -> Response:
        media_type, endpoint = rdf_request(request)
        build = served.lanes(request)
        key = ("void", endpoint, media_type)
        body: bytes | None = build.answers.get(key)
        if body is None:
            triples = await build.canned.call(void_triples, endpoint, await build_graph_sizes(build),
                                              build_date(build.build))
            body = published(triples, media_type, EXPORT_PREFIXES)
            build.answers.put(key, body)
        return Response(body, media_type=media_type)


def editor_page(request: Request, catalog: dict[str, CannedQuery], query: str | None,
                default_query: str) -> Response:
    """The editor, opening with ``query`` when given (run by the browser), else with its tabs
    as the browser kept them; a new tab starts with ``default_query``."""
    config: dict[str, Any] = {
        "endpoint": request.url_for("sparql").path, "prefixes": PREFIXES_PATH, "query": default_query,
        "examples": [{"name": canned.name, "title": canned.title, "text": canned.text}
                     for canned in catalog.values()],
    }
    return TEMPLATES.TemplateResponse(request, "editor.html", {
        "catalog": catalog, "query": query or default_query, "config": config})


async def build_graph_sizes(build: Lanes) -> dict[str, int]:
    """Triples per named graph and in the default graph (``""``) of the build: its manifest's,
    or, for a store built by other means, counted once."""
    sizes: dict[str, int] | None = (build.answers.get("graph sizes")
                                    or (read_manifest(build.build) or {}).get("graph_sizes"))
    if sizes is None:
        sizes = await build.canned.call(graph_sizes)
    build.answers.put("graph sizes", sizes)
    return sizes


def rdf_request(request: Request) -> tuple[str, str]:
    """The RDF media type a request for a description wants, and this endpoint's URL as
    the request names it.

    :raises NotAcceptable: it accepts no RDF format served.
    :raises QueryError: the Host header makes no absolute IRI.
    """
    media_type = negotiate([m for m in wanted(request) if m != HTML], tuple(GRAPH_FORMATS))
    endpoint = named_node(str(request.url_for("sparql")), "the endpoint URL the Host header makes")
    return media_type, endpoint.value
