"""The query gallery of ``kg serve``, as a browser gets it from a real server.

Every canned query's page, opened with no parameters, runs its examples and shows the rows
``kg query`` gives for them, cell by cell; a brand name gives the regulatory timeline of
the seed drug page and the page's CSV link the rows of ``kg query --format csv``; the
pick-lists hold the seed's drugs, brands, designs, conditions and populations; every link
in the gallery and the query pages to the server answers (links out, to an identifier's
own site, are not followed: the tests use no network); a drug that names nothing is shown in the page
with the form kept.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx
import pytest
from pyoxigraph import NamedNode

from kg.query.catalog import load_catalog
from kg.query.results import Term
from kg.query.run import run_query
from servers import KgServer, kg, kg_server

CATALOG = load_catalog()
W3ID = "https://w3id.org/drugkg"
TIMELINE = [("2021-06", "Pre-registration"), ("2021-12", "Recommended for approval"), ("2021-12", "Approved")]


class Cell:
    """A result cell as shown: its text (less the muted datatype note) and its links."""

    def __init__(self) -> None:
        self.text = ""
        self.links: list[tuple[str, str]] = []
        self.label = ""

    def shows(self, term: Term | None) -> bool:
        """Whether the cell shows the term: a literal's text, or a link to an IRI's node."""
        if term is None:
            return self.text == "" and not self.links
        if isinstance(term, NamedNode):
            return any(term.value in (title, href, W3ID + href, unquote(href.partition("iri=")[2]))
                       for href, title in self.links)
        return self.text == term.value


class Page(HTMLParser):
    """What the tests read in a page: links in its main part, the results table, the form's
    fields and checked boxes, the datalists' options and the error shown."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.rows: list[list[Cell]] = []
        self.columns: list[str] = []
        self.fields: dict[str, str] = {}
        self.checked: list[str] = []
        self.options: dict[str, list[str]] = {}
        self.error = ""
        self._in_main = False
        self._in_results = False
        self._cell: Cell | None = None
        self._header: list[str] | None = None
        self._muted = 0
        self._datalist: str | None = None
        self._in_error = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        classes = found.get("class", "").split()
        if tag == "main":
            self._in_main = True
        elif tag == "a" and self._in_main and "href" in found:
            self.links.append(found["href"])
            if self._cell is not None:
                self._cell.links.append((found["href"], found.get("title", "")))
        elif tag == "table" and "results" in classes:
            self._in_results = True
        elif tag == "tr" and self._in_results:
            self.rows.append([])
        elif tag == "th" and self._in_results:
            self._header = []
        elif tag == "td" and self._in_results:
            self._cell = Cell()
            self._cell.label = found.get("data-label", "")
            self.rows[-1].append(self._cell)
        elif tag == "span" and self._cell is not None and ("muted" in classes or self._muted):
            self._muted += 1
        elif tag == "input" and found.get("type") == "checkbox":
            if "checked" in found:
                self.checked.append(found["value"])
        elif tag == "input" and "name" in found:
            self.fields[found["name"]] = found.get("value", "")
        elif tag == "datalist":
            self._datalist = found["id"]
            self.options[found["id"]] = []
        elif tag == "option" and self._datalist is not None:
            self.options[self._datalist].append(found["value"])
        elif tag == "p" and "error" in classes:
            self._in_error = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main = False
        elif tag == "table":
            self._in_results = False
            self.rows = [row for row in self.rows if row]
        elif tag == "th" and self._header is not None:
            self.columns.append("".join(self._header).strip())
            self._header = None
        elif tag == "td" and self._cell is not None:
            self._cell.text = self._cell.text.strip()
            self._cell = None
        elif tag == "span" and self._muted:
            self._muted -= 1
        elif tag == "datalist":
            self._datalist = None
        elif tag == "p":
            self._in_error = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._muted:
            self._cell.text += data
        if self._header is not None:
            self._header.append(data)
        if self._in_error:
            self.error += data

    def choices(self, parameter: str) -> list[str]:
        """The options offered for a parameter, from the datalist its input names."""
        return next(values for name, values in self.options.items() if name.endswith(f"-{parameter}-choices"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[KgServer]:
    with kg_server(seed_out, tmp_path_factory.mktemp("serve-gallery")) as running:
        yield running


def _page(server: KgServer, path: str) -> Page:
    answer = httpx.get(server.base + path)
    assert answer.status_code == 200, (path, answer.text[:300])
    assert answer.headers["content-type"].startswith("text/html")
    return Page(answer.text)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_query_page_runs_its_examples_and_shows_the_rows_of_kg_query(
        name: str, seed_out: Path, server: KgServer) -> None:
    query = CATALOG[name]
    page = _page(server, f"/queries/{name}?format=html")
    expected = run_query(name, query.examples(), seed_out)
    assert expected.rows, name
    assert page.columns == list(expected.columns)
    assert len(page.rows) == len(expected.rows)
    for shown, row in zip(page.rows, expected.rows, strict=True):
        assert [cell.label for cell in shown] == list(expected.columns)
        for cell, term in zip(shown, row, strict=True):
            assert cell.shows(term), (name, cell.text, cell.links, term)
    filled = {param.name: page.fields[param.name] for param in query.params}
    assert filled == {param.name: param.example or param.default or "" for param in query.params}
    assert f"/queries/{name}?format=html" in page.links or any(
        link.startswith(f"/queries/{name}?") and link.endswith("format=html") for link in page.links)


def test_a_brand_name_gives_the_seed_regulatory_timeline_and_its_csv_link_the_rows_of_kg_query(
        seed_out: Path, server: KgServer) -> None:
    page = _page(server, "/queries/regulatory-timeline?drug=Kineret&format=html")
    dates, events = page.columns.index("date"), page.columns.index("event")
    assert [(row[dates].text, row[events].text) for row in page.rows] == TIMELINE
    assert page.fields["drug"] == "Kineret"
    assert "/queries/regulatory-timeline?drug=Kineret&format=html" in page.links  # the shareable link
    csv_link = next(link for link in page.links if link.endswith("format=csv"))
    answer = httpx.get(server.base + csv_link)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    command = kg("query", "regulatory-timeline", "-p", "drug=Kineret", "--format", "csv", "--out", seed_out)
    assert command.returncode == 0, command.stderr
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows == list(csv.reader(io.StringIO(command.stdout)))
    assert [(row[0], row[2]) for row in rows[1:]] == TIMELINE


def test_the_pick_lists_offer_the_seed_drugs_brands_designs_conditions_and_populations(
        server: KgServer) -> None:
    drugs = _page(server, "/queries/references?format=html").choices("drug")
    assert {"Anakinra", "Kineret", "tocilizumab", "RoActemra"} <= set(drugs)
    assert "KINERET" not in drugs  # the same brand in capitals: the binding ignores case
    tags = _page(server, "/queries/studies-with-tag?format=html").choices("tag")
    assert {"Randomized controlled double-blind trial", "Case series", "randomized controlled design",
            "ARDS", "Children", "Severe severity"} <= set(tags)
    conditions = _page(server, "/queries/studies-in-condition?format=html").choices("condition")
    assert {"COVID-19", "MIS-C", "ARDS", "HLH", "CRS"} <= set(conditions)
    populations = _page(server, "/queries/studies-in-population?format=html").choices("population")
    assert populations == ["Adolescents", "Adults", "Children", "Elderly", "Kidney transplant recipients",
                           "Pregnant women"]
    assert _page(server, "/queries/drugs-by-pathway?format=html").choices("pathway") == [
        "IL-1 signalling", "IL-6 signalling", "JAK-STAT signalling"]
    assert "IL-6R" in _page(server, "/queries/drugs-by-target?format=html").choices("target")


def test_the_gallery_lists_every_query_and_every_link_in_the_gallery_pages_answers(server: KgServer) -> None:
    gallery = _page(server, "/queries?format=html")
    pages = [f"/queries/{name}?format=html" for name in CATALOG]
    assert set(pages) <= set(gallery.links)
    links = {urljoin(server.base + "/queries", link) for link in gallery.links}
    for path in pages:
        links |= {urljoin(server.base + path, link) for link in _page(server, path).links}
    assert any("/sparql?query=" in link for link in links)
    own = sorted(link for link in links if urlsplit(link).netloc == urlsplit(server.base).netloc)
    for link in own:
        answer = httpx.get(link.partition("#")[0])
        assert 200 <= answer.status_code < 300, (link, answer.status_code, answer.text[:200])


def test_a_tag_link_opens_the_gallery_with_that_tag_chosen(server: KgServer) -> None:
    assert _page(server, "/queries?tag=regulation&format=html").checked == ["regulation"]
    assert _page(server, "/queries?format=html").checked == []


def test_an_unknown_drug_is_shown_in_the_page_with_the_form_kept(server: KgServer) -> None:
    page = _page(server, "/queries/studies-in-condition?drug=Kinerett&condition=ARDS&format=html")
    assert "unknown drug 'Kinerett'" in page.error
    assert page.fields["drug"] == "Kinerett" and page.fields["condition"] == "ARDS"
    assert not page.rows
    plain = httpx.get(server.base + "/queries/studies-in-condition",
                      params={"drug": "Kinerett", "condition": "ARDS", "format": "csv"})
    assert plain.status_code == 400 and plain.text.startswith("unknown drug 'Kinerett'")
    assert plain.text.count("\n") == 1


def test_a_blank_optional_field_leaves_the_filter_out(seed_out: Path, server: KgServer) -> None:
    page = _page(server, "/queries/trials?drug=&format=html")
    assert len(page.rows) == len(run_query("trials", {}, seed_out).rows) == 2
    assert page.fields["drug"] == ""
    limited = _page(server, "/queries/largest-studies?drug=anakinra&limit=&format=html")
    assert len(limited.rows) == 10 and limited.fields["limit"] == "10"  # the default
