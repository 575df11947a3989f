"""The explorer's pages over a real ``kg serve`` of the seeds: home, search and the pages at
each node's own IRI path, read as a browser, a Turtle client and a JSON client would.

Each check is a fact of the seed pages: anakinra's 57 references, its grade for COVID-19,
the three EU regulatory steps, SAVE-MORE's 405 + 189 placebo on line 333.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import NamedNode, RdfFormat, parse

from servers import KgServer, kg_server

ANAKINRA = "https://w3id.org/drugkg/id/drug/anakinra"
SAVE_MORE = "/id/publication/anakinra-9189c84095e5"
DRUG_PAGE_FILE = "/id/source/002-0671227eafe6e4ef"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[KgServer]:
    with kg_server(seed_out, tmp_path_factory.mktemp("serve-explorer")) as running:
        yield running


def _page(server: KgServer, path: str, **params: str) -> str:
    answer = httpx.get(server.base + path, params=params, headers=HTML)
    assert answer.status_code == 200, (path, answer.text[:300])
    assert answer.headers["content-type"].startswith("text/html")
    return answer.text


def test_home_shows_the_dataset_at_a_glance_the_drugs_and_the_sources(server: KgServer) -> None:
    page = _page(server, "/")
    glance = dict((name, int(count.replace(",", ""))) for count, name in
                  re.findall(r'<span class="count">([\d,]+)</span> ([a-z ]+)</li>', page))
    assert glance | {"source documents": 0} == {
        "drugs": 13, "targets": 9, "conditions": 11, "references": 57, "clinical trials": 2,
        "regulatory events": 3, "source documents": 0}
    assert '<a href="/id/drug/anakinra">Anakinra</a>' in page
    assert 'name="q"' in page and 'action="/search"' in page
    assert "NHS Specialist Pharmacy Service" in page and "2021-12" in page  # the SPS page's latest date
    assert "84a6eb9fd7e3eb5c" in page  # its checksum, begun


@pytest.mark.parametrize(("text", "path", "how"), [
    ("kineret", "/id/drug/anakinra", "brand"), ("KINERET", "/id/drug/anakinra", "brand"),
    ("anak", "/id/drug/anakinra", "label"), ("il-1ra", "/id/drug/anakinra", "synonym"),
    ("DB00026", "/id/drug/anakinra", "identifier"), ("Q415411", "/id/drug/anakinra", "identifier"),
    ("nct04680949", "/id/trial/NCT04680949", "identifier"), ("SAVE-MORE", "/id/trial/NCT04680949", "synonym"),
    ("IL-6", "/id/target/il-6", "label"), ("covid", "/id/condition/covid-19", "synonym"),
    ("chmp", "/id/organization/chmp", "label"),
])
def test_search_finds_labels_brands_synonyms_and_identifiers_by_prefix(
        server: KgServer, text: str, path: str, how: str) -> None:
    found = httpx.get(f"{server.base}/search", params={"q": text, "format": "json"}).json()
    assert found["query"] == text
    first = found["results"][0]
    assert (first["path"], first["how"]) == (path, how), found["results"][:3]


def test_search_page_links_each_hit_to_its_page(server: KgServer) -> None:
    page = _page(server, "/search", q="kineret")
    assert re.search(r'<a href="/id/drug/anakinra">Anakinra</a> <span class="muted">drug · brand “KINERET”', page)
    assert "Nothing is called" in _page(server, "/search", q="zzzz-no-such-thing")


def test_the_drug_page_answers_what_in_whom_how_strong_what_dose_and_who_regulates(server: KgServer) -> None:
    page = _page(server, "/id/drug/anakinra")
    assert "<h1>Anakinra</h1>" in page
    summary = page[page.index('id="evidence-summary-table"'):page.index('id="evidence"')]
    assert re.search(r"COVID-19</a></td>\s*<td[^>]*>56</td><td[^>]*>2787</td>.*?grade-high\">high<", summary, re.S)
    evidence = page[page.index('<table id="evidence-table"'):]
    evidence = evidence[:evidence.index("</table>")]
    assert evidence.count("<tr data-design=") == 57
    assert 'data-design="Phase III clinical trial|Randomized controlled double-blind trial"' in evidence
    assert "Severe COVID-19 patients" in evidence and "100 mg/day" in evidence  # whom, at what dose
    assert f'href="{SAVE_MORE}"' in evidence and f'href="{DRUG_PAGE_FILE}#L329"' in evidence  # its line
    assert 'value="Randomized controlled open trial"> Randomized controlled open trial (2)' in page  # a facet
    assert page.count('<circle class="reference"') == 57
    regulatory = page[page.index('id="regulatory-timeline-table"'):]
    regulatory = regulatory[:regulatory.index("</table>")]
    assert [cell for cell in re.findall(r'data-label="event">([^<]+)<', regulatory)] == [
        "Pre-registration", "Recommended for approval", "Approved"]
    assert "SAVE-MORE" in page and "odds ratio" in page and "600" in page  # trials, effect sizes, dose
    assert "25" in page[page.index('id="storage"'):]  # kept below 25 °C
    assert 'href="http://www.wikidata.org/entity/Q415411"' in page  # identifiers link out
    assert 'href="https://go.drugbank.com/drugs/DB00026"' in page
    assert "/queries/dosing?drug=Anakinra&amp;format=html" in page  # its canned queries one click away


def test_every_fact_links_to_the_line_it_was_read_from(server: KgServer) -> None:
    page = _page(server, SAVE_MORE)
    controls = page[page.index(">control participants<"):]
    controls = controls[:controls.index("</dd>")]
    assert "189" in controls and f'href="{DRUG_PAGE_FILE}#L333"' in controls
    text = _page(server, DRUG_PAGE_FILE)
    line = text[text.index('<li id="L333">'):]
    line = line[:line.index("</li>")]
    assert "405 + 189 placebo" in line


def test_a_source_document_shows_every_line_numbered(server: KgServer) -> None:
    text = _page(server, DRUG_PAGE_FILE)
    assert len(re.findall(r'<li id="L\d+">', text)) == 475
    assert "COVID-19 drug repurposing database (covid19-help.org)" in text


def test_a_node_is_turtle_or_json_ld_by_accept_and_json_by_format(server: KgServer) -> None:
    turtle = httpx.get(f"{server.base}/id/drug/anakinra", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    triples = list(parse(turtle.content, format=RdfFormat.TURTLE))
    assert any(t.subject == NamedNode(ANAKINRA) and t.object == NamedNode("http://www.wikidata.org/entity/Q415411")
               for t in triples)
    json_ld = httpx.get(f"{server.base}/id/drug/anakinra", headers={"Accept": "application/ld+json"})
    assert len(list(parse(json_ld.content, format=RdfFormat.JSON_LD))) == len(triples)
    data = httpx.get(f"{server.base}/id/drug/anakinra", params={"format": "json"}).json()
    assert data["label"] == "Anakinra" and len(data["evidence"]) == 57
    assert [row["event"] for row in data["sections"]["regulatory-timeline"]] == [
        "Pre-registration", "Recommended for approval", "Approved"]


def test_an_unknown_node_is_a_404_page(server: KgServer) -> None:
    answer = httpx.get(f"{server.base}/id/drug/no-such-drug", headers=HTML)
    assert answer.status_code == 404 and "The graph says nothing about" in answer.text


def test_the_ontology_terms_have_a_page(server: KgServer) -> None:
    page = _page(server, "/ontology")
    assert 'id="supportingReference"' in page and 'id="Drug"' in page
    assert httpx.get(f"{server.base}/ontology.svg").headers["content-type"] == "image/svg+xml"
