"""The whole explorer crawled from ``/`` over a real ``kg serve`` on the seed build.

Every same-origin ``href`` and ``src`` of every HTML page (and every ``url()`` of every
stylesheet) is fetched, as a browser would, and must answer 2xx, after same-origin
redirects, with no error shown in the page; a link's ``#fragment`` must name an element of the page it opens (a fact's
``/id/source/...#L333`` is a line of that source's page); and no page loads a script,
stylesheet, icon, image or frame from another origin. Links out to other sites in
``<a href>`` are fine and are not followed.
"""
from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import pytest

from servers import kg_server

CLIENTS = 4
"""Requests in flight at once: the server answers from worker processes."""
MOST_PAGES = 20_000
"""A bound on the crawl, so that links that make new URLs without end fail instead of hanging."""
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ASSET_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                        "prefetch", "manifest", "mask-icon"})
"""``<link rel>`` values whose ``href`` the browser fetches by itself."""
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


class _Page(HTMLParser):
    """What one HTML page links to, what it loads by itself, and the ids it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()
        self.errors = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if "error" in values.get("class", "").split():
            self.errors += 1
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if "src" in values:
            self.assets.append(values["src"])
        href = values.get("href") or values.get("xlink:href")
        if href is None:
            return
        if tag == "link" and ASSET_RELS & set(values.get("rel", "").lower().split()):
            self.assets.append(href)
        elif tag in ("image", "use", "feimage"):
            self.assets.append(href)
        else:
            self.links.append(href)


@dataclass
class Crawl:
    """The outcome of crawling a site from one page."""

    pages: int = 0
    html_pages: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    foreign_assets: list[str] = field(default_factory=list)
    broken_fragments: list[str] = field(default_factory=list)


async def crawl(base: str, start: str = "/") -> Crawl:
    """Fetch every same-origin URL reachable from ``start``, ``CLIENTS`` at a time."""
    origin = _origin(base)
    outcome = Crawl()
    referrer: dict[str, str] = {urljoin(base, start): "(start)"}
    queue: asyncio.Queue[str] = asyncio.Queue()
    queue.put_nowait(urljoin(base, start))
    ids_of: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []  # (page holding the link, target, fragment)

    def found(page: str, reference: str, asset: bool) -> None:
        if reference.startswith(("data:", "blob:", "mailto:", "tel:", "javascript:")):
            return
        target, fragment = urldefrag(urljoin(page, reference))
        if _origin(target) != origin:
            if asset:
                outcome.foreign_assets.append(f"{target} (loaded by {page})")
            return
        if fragment:
            fragments.append((page, target, fragment))
        if target not in referrer:
            if len(referrer) >= MOST_PAGES:
                outcome.failures.append(f"more than {MOST_PAGES} URLs, not fetched: {target} (linked from {page})")
                return
            referrer[target] = page
            queue.put_nowait(target)

    async def fetch(client: httpx.AsyncClient, url: str) -> None:
        answer = await client.get(url)
        hops = 0
        while answer.is_redirect and hops < 5:
            location = urljoin(str(answer.url), answer.headers["location"])
            if _origin(location) != origin:
                return  # a link out through a redirect: not followed
            answer = await client.get(location)
            hops += 1
        outcome.pages += 1
        if not answer.is_success:
            outcome.failures.append(f"{answer.status_code} {url} (linked from {referrer[url]})")
            return
        media_type = answer.headers.get("content-type", "").split(";")[0].strip()
        base = str(answer.url)  # where the page was found, after any redirect
        if media_type == "text/html":
            outcome.html_pages += 1
            page = _Page()
            page.feed(answer.text)
            ids_of[url] = page.ids
            if page.errors:
                outcome.failures.append(f"{answer.status_code}, showing an error: {url} (linked from {referrer[url]})")
            for reference in page.links:
                found(base, reference, asset=False)
            for reference in page.assets:
                found(base, reference, asset=True)
        elif media_type == "text/css":
            for match in CSS_URL.finditer(answer.text):
                found(base, match.group(1) or match.group(2), asset=True)

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            url = await queue.get()
            try:
                await fetch(client, url)
            except Exception as error:  # noqa: BLE001 - reported with the page that linked it
                outcome.failures.append(f"{type(error).__name__}: {error} {url} (linked from {referrer[url]})")
            finally:
                queue.task_done()

    started = time.perf_counter()
    headers = {"Accept": BROWSER_ACCEPT}
    async with httpx.AsyncClient(headers=headers, timeout=30) as client:
        workers = [asyncio.create_task(worker(client)) for _ in range(CLIENTS)]
        await queue.join()
        for task in workers:
            task.cancel()
    outcome.seconds = time.perf_counter() - started
    for page, target, fragment in fragments:
        if target in ids_of and fragment not in ids_of[target]:
            outcome.broken_fragments.append(f"{target}#{fragment} (linked from {page})")
    return outcome


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[Crawl]:
    with kg_server(seed_out, tmp_path_factory.mktemp("serve-crawl")) as server:
        yield asyncio.run(crawl(server.base))


def _summary(outcome: Crawl) -> str:
    return f"{outcome.pages} URLs ({outcome.html_pages} HTML pages) crawled in {outcome.seconds:.1f} s"


def test_every_link_answers(site: Crawl) -> None:
    assert site.html_pages > 100, _summary(site)
    assert not site.failures, f"{_summary(site)}; {len(site.failures)} failed:\n" + "\n".join(
        sorted(site.failures))


def test_no_page_loads_anything_from_another_origin(site: Crawl) -> None:
    assert not site.foreign_assets, f"{_summary(site)}; from other origins:\n" + "\n".join(
        sorted(set(site.foreign_assets)))


def test_every_fragment_names_an_element_of_its_page(site: Crawl) -> None:
    broken = sorted(set(site.broken_fragments))
    source_lines = [line for line in broken if "/id/source/" in line]
    assert not broken, (f"{_summary(site)}; {len(broken)} links to a fragment their page does not have"
                        f" ({len(source_lines)} of them a source's line):\n" + "\n".join(broken))
