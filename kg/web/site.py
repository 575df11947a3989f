"""What the web layer's route modules share: the templates and static files, how a
request says what it wants, how a term is shown, and the server's limits and builds.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from pyoxigraph import BlankNode, NamedNode

from kg.errors import quoted
from kg.query.catalog import CannedQuery
from kg.query.formats import XSD_STRING
from kg.query.pool import LaneLimits, Lanes, LiveLanes
from kg.query.protocol import FORMAT_NAMES, NotAcceptable
from kg.query.results import Term
from kg.triples.vocab import curie

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
STATIC = Path(__file__).parent / "static"
"""The explorer's own CSS and scripts and the vendored editor: served from the package, no CDN."""
HTML = "text/html"

@dataclass(frozen=True, slots=True)
class Limits:
    """What the server takes on: its two lanes, the answer size, how often it looks for a build."""

    canned: LaneLimits = LaneLimits(workers=3)
    sparql: LaneLimits = LaneLimits(workers=4, quick_s=0.5, long_queries=1, memory_mb=1024)
    """Ad-hoc queries: past half a second, one at a time may run on to the time limit, at the
    lowest CPU priority, leaving three workers to quick ones; each worker may take 1 GiB."""
    max_result_bytes: int = 20_000_000
    reload_s: float = 1.0
    max_body: int = 2**20
    """Bytes a request body may hold: a POSTed query."""
    max_url: int = 32 * 1024
    """Bytes a URL may hold, a GET query in it (at most kg.web.limits.MAX_URL_BYTES)."""


@dataclass(frozen=True, slots=True)
class Served:
    """What every route module is given: the builds followed, the catalog and the limits."""

    live: LiveLanes
    catalog: dict[str, CannedQuery]
    limits: Limits

    def lanes(self, request: Request) -> Lanes:
        """The lanes of the build this request is answered from, the same for all its queries."""
        current = self.live.current
        assert current is not None, "the server has started"
        request.state.build = current.build.name
        return current


def wanted(request: Request) -> list[str]:
    """Media types the client wants, most wanted first: ``?format=`` wins over Accept."""
    short = request.query_params.get("format")
    if short:
        if short == "html":
            return [HTML]
        if short not in FORMAT_NAMES:
            raise NotAcceptable(f"unknown format {quoted(short)}: expected html or one of "
                                f"{', '.join(FORMAT_NAMES)}")
        return [FORMAT_NAMES[short]]
    return accepted_media_types(request.headers.get("accept", "*/*"))


def accepted_media_types(header: str) -> list[str]:
    """An Accept header's media types by preference (q-value, then order); q=0 dropped."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        media_type, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type and quality > 0:
            ranked.append((-quality, position, media_type.lower()))
    return [media_type for _, _, media_type in sorted(ranked)]


BASE = "https://w3id.org/drugkg"


def page_path(iri: str) -> str:
    """Where a node's page is: an IRI under https://w3id.org/drugkg/ at the same path on
    this server (fragment kept: a source line opens its document at the line); any other
    IRI is its own link, to the site that minted it."""
    return iri[len(BASE):] if iri.startswith(BASE + "/") else iri


def term_view(term: Term | None) -> dict[str, str | None]:
    """How a page shows a term: its text, a link for IRIs, the datatype of typed literals."""
    if term is None:
        return {"text": "", "href": None, "value": None, "datatype": None}
    if isinstance(term, NamedNode):
        return {"text": curie(term.value), "href": page_path(term.value),
                "value": term.value, "datatype": None}
    if isinstance(term, BlankNode):
        return {"text": f"_:{term.value}", "href": None, "value": term.value, "datatype": None}
    datatype = None if term.language or term.datatype.value == XSD_STRING else curie(term.datatype.value)
    return {"text": term.value, "href": None, "value": term.value, "datatype": datatype}


TEMPLATES.env.globals.update(curie=curie, term_view=term_view, page_path=page_path, zip=zip)
