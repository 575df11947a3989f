"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint and a small explorer over the build.

- ``/sparql``: GET or POST (``query=`` form field or an ``application/sparql-query``
  body), answers negotiated by Accept or ``?format=``; without a query, the SPARQL 1.1
  Service Description; UPDATE is refused with 403.
- ``/queries`` and ``/queries/NAME?param=value``: the canned queries, as JSON, CSV, TSV
  or HTML, with the parameter binding of ``kg query``. In HTML, a gallery, and a page per
  query with its form filled in (examples when the URL gives no value), pick-lists from
  the graph, its rows and SPARQL; a value that names nothing is shown there, the form kept.
- ``/``, ``/search``, ``/id/...`` and ``/ontology``: pages for people (kg.web.explorer);
  ``/sparql`` in a browser, the SPARQL editor (kg.web.editor).

Every query runs in a worker process (kg.query.pool), so the time limit really stops it;
canned queries and pages have their lane of workers, ad-hoc SPARQL another, each behind a
bounded queue: beyond capacity the answer is 503 with Retry-After at once. An UPDATE is
refused before it queues. The server follows ``OUT/current``: a
completed build is served from the next request on, and every answer names its build
in ``X-KG-Build``. The result-size limit stops serialising once passed. CORS is open, so
YASGUI on another origin can query. This module only translates HTTP to library calls.

Whatever a client sends gets an answer: every error is one line of text with a 4xx status
naming the problem (a value quoted and cut short), never Python's own words. What a
request says is read strictly (kg.web.fields); sizes are limited in kg.web.limits.
"""
from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from kg.errors import KgError, QueryError, one_line, quoted
from kg.query.browse import canned_table, canned_text
from kg.query.catalog import CannedQuery, UnknownQuery, load_catalog, unknown_query
from kg.query.choices import parameter_choices
from kg.query.params import named_node
from kg.query.pool import Busy, Lanes, LiveLanes, QueryStopped, QueryTimeout, ServerFault, TooCostly
from kg.query.protocol import (
    FORMAT_NAMES, GRAPH_FORMATS, SOLUTION_FORMATS, NotAcceptable, UnsupportedMediaType, UpdateRefused,
    answer_query, negotiate, refuse_update, service_description,
)
from kg.query.remote import from_json
from kg.query.results import Table
from kg.store.location import served_build
from kg.web.editor import add_editor_routes, build_graph_sizes, editor_page, rdf_request
from kg.web.fields import protocol_fields, single, url_fields
from kg.web.limits import BodyTooLarge
from kg.web.explorer import add_explorer_routes
from kg.web.site import HTML, STATIC, TEMPLATES, Limits, Served, wanted

CANNED_FORMATS = {short: FORMAT_NAMES[short] for short in ("json", "csv", "tsv")}
"""What ``kg query`` renders, by the media type each is served as."""
EXAMPLE_QUERY = """PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?drug ?label WHERE { ?drug a dk:Drug ; rdfs:label ?label } ORDER BY ?label LIMIT 20"""


def create_app(out: Path, limits: Limits = Limits()) -> FastAPI:
    """The web application over the build in ``out`` and the builds that replace it.

    :raises KgError: ``out`` holds no build.
    """
    served_build(out)  # fail here, with a clear message, rather than when serving starts
    live = LiveLanes(out, limits.canned, limits.sparql, limits.reload_s)
    catalog = load_catalog()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await live.start()
        following = asyncio.create_task(live.follow())
        try:
            yield
        finally:
            following.cancel()
            live.close()

    app = FastAPI(title="drugkg", summary="Drug-evidence knowledge graph: SPARQL endpoint and explorer",
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["*"])

    served = Served(live, catalog, limits)
    lanes = served.lanes
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def name_the_build(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        if getattr(request.state, "build", None):
            response.headers["X-KG-Build"] = request.state.build
        return response

    @app.exception_handler(KgError)
    async def kg_error(request: Request, error: KgError) -> Response:
        headers = {"Retry-After": str(error.retry_after_s)} if isinstance(error, Busy) else None
        return PlainTextResponse(one_line(error) + "\n", status_code=_status(error), headers=headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        """Starlette's own refusals (no such path, method not allowed) as one line of text."""
        path = quoted(request.scope["path"])
        message = (f"nothing at {path}: see / for the explorer" if error.status_code == 404
                   else f"{request.method} {path}: {error.detail.lower()}")
        return PlainTextResponse(message + "\n", status_code=error.status_code, headers=error.headers)

    @app.api_route("/sparql", methods=["GET", "POST"])
    async def sparql(request: Request) -> Response:
        fields = await protocol_fields(request, limits.max_body)
        if "update" in fields:
            raise UpdateRefused("this endpoint is read-only: SPARQL UPDATE is refused")
        accepted = wanted(request)
        texts = fields.get("query", [])
        if len(texts) > 1:
            raise QueryError(f"give one query, not {len(texts)}")
        text = texts[0] if texts else None
        build = lanes(request)
        if accepted[:1] == [HTML] and not (text and (request.method == "POST" or "format" in fields)):
            return editor_page(request, catalog, text, EXAMPLE_QUERY)  # a browser's GET: the editor
        if not text:
            media_type, endpoint = rdf_request(request)
            body = service_description(endpoint, await build_graph_sizes(build), GRAPH_FORMATS[media_type])
            return Response(body, media_type=media_type)
        graphs = (fields.get("default-graph-uri", []), fields.get("named-graph-uri", []))
        for name, iris in zip(("default-graph-uri", "named-graph-uri"), graphs):
            for iri in iris:
                named_node(iri, name)
        key = json.dumps([text, *graphs])  # what the query costs depends on these only
        if accepted[:1] == [HTML]:  # a page without scripts: the answer, or the error, under the query
            try:
                refuse_update(text)
                answer = await build.sparql.call(
                    answer_query, text, ["application/sparql-results+json", "text/turtle"],
                    limits.max_result_bytes, *graphs, key=key)
            except QueryError as error:
                return TEMPLATES.TemplateResponse(request, "sparql.html", {
                    "query": text, "error": one_line(error)}, status_code=_status(error))
            result = (from_json(json.loads(answer.body)) if answer.media_type in SOLUTION_FORMATS
                      else answer.body.decode())
            return TEMPLATES.TemplateResponse(request, "sparql.html", {
                "query": text, "result": result})
        refuse_update(text)
        answer = await build.sparql.call(answer_query, text, accepted, limits.max_result_bytes, *graphs,
                                         key=key)
        return Response(answer.body, media_type=answer.media_type)

    @app.get("/queries")
    async def queries(request: Request) -> Response:
        if wanted(request)[:1] == [HTML]:
            return TEMPLATES.TemplateResponse(request, "queries.html", {
                "catalog": catalog, "tags": _tag_counts(catalog.values()),
                "chosen": url_fields(request).get("tag", [])})
        return JSONResponse([_describe(query) for query in catalog.values()])

    @app.get("/queries/{name}")
    async def canned(request: Request, name: str) -> Response:
        given = single(url_fields(request), "format")
        accepted = wanted(request)
        query = catalog.get(name)
        if query is None:
            raise unknown_query(name, catalog)
        if accepted[:1] == [HTML]:
            return await _query_page(request, lanes(request), query, given)
        media_type = negotiate(accepted, tuple(CANNED_FORMATS.values()))
        short = next(key for key, value in CANNED_FORMATS.items() if value == media_type)
        build = lanes(request)
        key = (name, tuple(sorted(given.items())), short)
        return Response(await build.kept(key, canned_text, query, given, short), media_type=media_type)

    add_explorer_routes(app, served)
    add_editor_routes(app, served)
    return app


HTTP_STATUS = ((UpdateRefused, 403), (NotAcceptable, 406), (QueryTimeout, 503), (QueryStopped, 503),
               (TooCostly, 429), (Busy, 503), (UnknownQuery, 404), (BodyTooLarge, 413),
               (UnsupportedMediaType, 415), (ServerFault, 500))
"""The status of each error a client can cause; any other KgError is a 400."""


def _status(error: KgError) -> int:
    return next((status for kind, status in HTTP_STATUS if isinstance(error, kind)), 400)


def _describe(query: CannedQuery) -> dict[str, Any]:
    return {
        "name": query.name, "title": query.title, "description": query.description,
        "columns": list(query.columns), "tags": list(query.tags), "url": f"/queries/{query.name}",
        "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                    "example": p.example, "help": p.help} for p in query.params],
    }


CHOICES_KEY = "parameter choices"
"""Where a build's pick-lists are kept among its answers: read once per build, not per page."""


async def _query_page(request: Request, build: Lanes, query: CannedQuery, given: dict[str, str]) -> Response:
    """A canned query's page: the form filled in, and the rows it gives or, for a value
    that names nothing, the error in the page with the form kept as sent. That page is a
    200: an answer of 400 or more is one line of text, whatever the client."""
    values = _filled(query, given)
    choices = await build.kept(CHOICES_KEY, parameter_choices)
    table: Table | None = None
    error: str | None = None
    try:
        table = await build.canned.call(canned_table, query, values)
    except KgError as problem:
        if _status(problem) != 400:  # busy, timed out: the server's state, not the values
            raise
        error = one_line(problem)
    form = {param.name: values.get(param.name, param.default or "") for param in query.params}
    explicit = {name: value for name, value in form.items() if value}
    path = f"/queries/{query.name}?"
    return TEMPLATES.TemplateResponse(request, "query.html", {
        "query": query, "given": form, "choices": choices, "table": table, "error": error,
        "share": path + urlencode({**explicit, "format": "html"}),
        "downloads": {short.upper(): path + urlencode({**explicit, "format": short}) for short in CANNED_FORMATS},
        "editor": "/sparql?" + urlencode({"query": query.text}),
    })


def _filled(query: CannedQuery, given: dict[str, str]) -> dict[str, str]:
    """The values a query's page runs with: those in the URL, a blank field left out (so a
    default applies); with none in the URL, each parameter's example, else its default."""
    if not given:
        return {param.name: value for param in query.params if (value := param.example or param.default)}
    return {name: value for name, value in given.items() if value.strip()}


def _tag_counts(queries: Iterable[CannedQuery]) -> list[tuple[str, int]]:
    """Each tag of the catalog and how many queries carry it, by name."""
    return sorted(Counter(tag for query in queries for tag in query.tags).items())
