"""The explorer's pages for people: home, search, a page per node at its own IRI's path,
and the ontology.

Any IRI under ``https://w3id.org/drugkg/`` is served at the same path: HTML for a browser,
Turtle or JSON-LD by Accept, the page's data as JSON with ``?format=json``. Everything a
page shows comes from library calls run in the canned lane's workers. What every page needs
and a build never changes (the home page's figures, the names a search scans) is made once,
before the build is served; a node's page is made at each visit (a few hundred milliseconds
at 1,000 drug pages), so a crawl of every node holds no memory.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, fields, is_dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.errors import QueryError, quoted
from kg.ontology import ONTOLOGY_FILE
from kg.packaged import shared
from kg.query.browse import canned_table
from kg.query.entity import DESCRIPTION_FORMATS, EntityPage, EvidenceRow, describe, entity_page
from kg.query.overview import overview
from kg.query.params import named_node
from kg.query.pool import Lanes
from kg.query.published import build_date
from kg.query.protocol import NotAcceptable
from kg.query.results import Table
from kg.query.search import search, search_names
from kg.web.fields import single, url_fields
from kg.web.pictures import evidence_timeline
from kg.web.site import BASE, HTML, TEMPLATES, Served, page_path, wanted

JSON = "application/json"
SEARCH_LIMIT = 50


def add_explorer_routes(app: FastAPI, served: Served) -> None:
    """Home, search, the node pages and the ontology's page."""

    async def cached(request: Request, key: str, function: Any, *args: Any) -> Any:
        return await served.lanes(request).kept(key, function, *args)

    async def warm_up(build: Lanes) -> None:
        """The home page's figures and tables and the names a search scans, ready before
        the build is served (about 2 s at 1,000 drug pages, which a first visitor would wait)."""
        await build.kept("overview", overview)
        await build.kept("search names", search_names)
        await build.kept("home sources", canned_table, served.catalog["sources"], {})
        await build.kept("home drugs", canned_table, served.catalog["drugs"], {})

    served.live.warm_ups.append(warm_up)

    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Response:
        sources: Table = await cached(request, "home sources", canned_table, served.catalog["sources"], {})
        drugs: Table = await cached(request, "home drugs", canned_table, served.catalog["drugs"], {})
        return TEMPLATES.TemplateResponse(request, "index.html", {
            "overview": await cached(request, "overview", overview), "sources": sources.records(),
            "drugs": drugs.records(), "build": served.lanes(request).build.name,
            "built": build_date(served.lanes(request).build)})

    @app.get("/search")
    async def find(request: Request) -> Response:
        fields = single(url_fields(request))
        text = fields.get("q", "").strip()
        limit = _limit(fields.get("limit"))
        names = await cached(request, "search names", search_names)
        hits = [asdict(hit) | {"path": page_path(hit.iri)} for hit in search(names, text, limit)]
        if _html_wanted(request, (JSON,)):
            return TEMPLATES.TemplateResponse(request, "search.html", {
                "search_text": text, "hits": hits, "limit": limit})
        return JSONResponse({"query": text, "results": hits})

    @app.get("/ontology")
    async def ontology(request: Request) -> Response:
        if _html_wanted(request, ("text/turtle",)):
            return FileResponse(shared("docs") / "ontology.html", media_type="text/html")
        return FileResponse(ONTOLOGY_FILE, media_type="text/turtle")

    @app.get("/ontology.svg")
    async def ontology_diagram() -> Response:
        return FileResponse(shared("docs") / "ontology.svg", media_type="image/svg+xml")

    @app.get("/resource")
    async def resource(request: Request) -> Response:
        """The explorer's former node address, kept so old links land on the node's page."""
        iri = single(url_fields(request)).get("iri")
        if not iri:
            raise QueryError("/resource needs ?iri=, the IRI of a node, e.g. "
                             f"/resource?{urlencode({'iri': BASE + '/id/drug/anakinra'})}")
        named_node(iri, "iri")
        path = page_path(iri)
        if path == iri:
            raise QueryError(f"no page for {quoted(iri)}: pages are served for IRIs under {BASE}/ only")
        return RedirectResponse(path, status_code=301)

    @app.get("/id/{rest:path}")
    async def node(request: Request, rest: str) -> Response:
        iri = named_node(BASE + "/id/" + quote(rest, safe="/:@!$&'()*+,;=-._~"), "the page's IRI").value
        build = served.lanes(request)
        accepted = wanted(request)
        if accepted[:1] != [HTML] and request.query_params.get("format") != "json":
            media_type = next((m for m in accepted if m in DESCRIPTION_FORMATS), None)
            if media_type is None and any(m in ("*/*", "text/*") for m in accepted):
                media_type = "text/turtle"
            if media_type is None:
                raise NotAcceptable(f"a node's page is served as text/html, {', '.join(DESCRIPTION_FORMATS)} "
                                    "or ?format=json")
            body = await build.canned.call(describe, iri, media_type)
            return Response(body, media_type=media_type, status_code=200 if body.strip() else 404)
        page: EntityPage | None = await build.canned.call(entity_page, iri, build.build, served.catalog)
        if request.query_params.get("format") == "json":
            if page is None:
                return JSONResponse({"iri": iri, "error": "the graph says nothing about this IRI"}, 404)
            return JSONResponse(_page_json(page))
        if page is None:
            return TEMPLATES.TemplateResponse(request, "missing.html", {"iri": iri}, status_code=404)
        timeline = evidence_timeline(page.evidence) if page.evidence else None
        return TEMPLATES.TemplateResponse(request, "entity.html", {
            "page": page, "timeline": timeline, "catalog": served.catalog, "facets": _facets(page.evidence),
            "drug_queries": [query for query in served.catalog.values()
                             if any(param.name == "drug" for param in query.params)]})


def _facets(rows: tuple[EvidenceRow, ...]) -> dict[str, list[tuple[str, int]]]:
    """Each facet of the evidence table with its values and how many rows have each."""
    values: dict[str, list[tuple[str, ...]]] = {
        "design": [row.design for row in rows], "group": [row.groups for row in rows],
        "condition": [row.conditions for row in rows], "year": [(row.date[:4],) for row in rows]}
    counted = {facet: Counter(value for found in lists for value in found) for facet, lists in values.items()}
    return {facet: sorted(counts.items(), key=lambda item: (0, item[0]) if facet == "year" else (-item[1], item[0]))
            for facet, counts in counted.items()}


def _html_wanted(request: Request, other: tuple[str, ...]) -> bool:
    """Whether the client wants HTML rather than one of ``other`` (a browser does)."""
    if request.query_params.get("format") == "json":
        return False
    accepted = wanted(request)
    for media_type in accepted:
        if media_type in (HTML, "application/xhtml+xml"):
            return True
        if media_type in other or media_type == "application/json":
            return False
    return not accepted or accepted[0] in ("*/*", "text/*")


def _limit(given: str | None) -> int:
    if given is None:
        return SEARCH_LIMIT
    if not given.isdigit() or not 1 <= int(given) <= 500:
        raise QueryError(f"limit must be a whole number from 1 to 500, not {quoted(given)}")
    return int(given)


def _page_json(page: EntityPage) -> dict[str, Any]:
    """A page's data as JSON: terms as their values, each section as its query's records."""
    data: dict[str, Any] = _plain(page)
    data["sections"] = {name: table.records() for name, table in page.sections.items()}
    data["path"] = page_path(page.iri)
    return data


def _plain(value: Any) -> Any:
    """Dataclasses as dictionaries, tuples as lists, RDF terms as their values."""
    if is_dataclass(value) and not isinstance(value, (type, Table)):
        return {item.name: _plain(getattr(value, item.name)) for item in fields(value)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (NamedNode, BlankNode, Literal)):
        return value.value
    return value
