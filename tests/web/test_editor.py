"""The SPARQL editor page and what ``kg serve`` publishes under ``/.well-known/``, on a real
server: the examples hold every canned query as its file has it, the VoID description
gives the build's real sizes, sources and classes, the editor page loads only the
vendored YASGUI from this server, and SPARQL Protocol clients get answers as before.
"""
from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import RdfFormat, Store

from kg.query.catalog import load_catalog
from kg.store.location import current_build, read_manifest
from paths import ROOT, SEED_TRIPLES
from servers import KgServer, kg_server

CATALOG = load_catalog()
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
"""What Chromium sends when it opens a page."""
CONTRACT_QUERIES = ("drugs", "references", "evidence-by-design", "drugs-by-target", "trials",
                    "regulatory-timeline", "co-medications", "studies-in-population", "top-impact",
                    "dosing", "storage", "lactation", "fact-sources", "evidence-summary")
VENDOR = ROOT / "kg" / "web" / "static" / "vendor"
PREFIXES = """PREFIX sh: <http://www.w3.org/ns/shacl#> PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dct: <http://purl.org/dc/terms/> PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
DATASET = "<https://w3id.org/drugkg/id/dataset/drugkg>"
DRUG_PAGE = "https://w3id.org/drugkg/id/source/002-0671227eafe6e4ef"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[KgServer]:
    with kg_server(seed_out, tmp_path_factory.mktemp("serve-editor")) as running:
        yield running


def _graph(answer: httpx.Response, rdf_format: RdfFormat = RdfFormat.TURTLE) -> Store:
    assert answer.status_code == 200, answer.text
    store = Store()
    store.load(answer.content, format=rdf_format)
    return store


def test_sparql_examples_hold_every_canned_query_as_its_file_has_it(server: KgServer) -> None:
    answer = httpx.get(f"{server.base}/.well-known/sparql-examples")
    assert answer.headers["content-type"].startswith("text/turtle")
    store = _graph(answer)
    examples = {row["example"].value.rsplit("/", 1)[1]: row for row in store.query(PREFIXES + """
        SELECT ?example ?label ?comment ?select ?target
               (GROUP_CONCAT(?keyword; separator=" ") AS ?keywords) WHERE {
          ?example a sh:SPARQLExecutable, sh:SPARQLSelectExecutable ; rdfs:label ?label ;
            rdfs:comment ?comment ; sh:select ?select ; schema:target ?target ;
            sh:prefixes/sh:declare [ sh:prefix "dk" ; sh:namespace ?dk ] .
          FILTER(STR(?dk) = "https://w3id.org/drugkg/ontology#")
          OPTIONAL { ?example schema:keywords ?keyword }
        } GROUP BY ?example ?label ?comment ?select ?target""")}
    assert sorted(examples) == sorted(CATALOG) and set(CONTRACT_QUERIES) <= set(examples)
    for name, query in CATALOG.items():
        row = examples[name]
        assert row["example"].value == f"https://w3id.org/drugkg/queries/{name}"
        assert (row["label"].value, row["comment"].value, row["select"].value) == (
            query.title, query.description, query.path.read_text(encoding="utf-8")), name
        assert row["target"].value == server.sparql_url
        assert sorted(row["keywords"].value.split()) == sorted(query.tags), name
    assert examples["regulatory-timeline"]["label"].value == "Regulatory timeline of a drug"
    as_json_ld = httpx.get(f"{server.base}/.well-known/sparql-examples",
                           headers={"Accept": "application/ld+json"})
    assert as_json_ld.headers["content-type"] == "application/ld+json"
    assert len(_graph(as_json_ld, RdfFormat.JSON_LD)) == len(store)


def test_void_describes_the_build_its_sources_and_classes(server: KgServer, seed_out: Path) -> None:
    store = _graph(httpx.get(f"{server.base}/.well-known/void"))
    [dataset] = store.query(PREFIXES + f"""SELECT ?triples ?endpoint ?example ?modified ?title WHERE {{
        {DATASET} a void:Dataset ; void:triples ?triples ; void:sparqlEndpoint ?endpoint ;
          void:exampleResource ?example ; dct:modified ?modified ; dct:title ?title ;
          void:vocabulary dk: }}""")
    manifest = read_manifest(current_build(seed_out))
    assert manifest is not None and int(dataset["triples"].value) == manifest["graph_sizes"][""] == SEED_TRIPLES
    assert dataset["endpoint"].value == server.sparql_url
    assert dataset["example"].value == "https://w3id.org/drugkg/id/drug/anakinra"
    assert dataset["title"].value == "drugkg drug-evidence knowledge graph"
    built = datetime.datetime.fromisoformat(dataset["modified"].value)
    assert abs(built.timestamp() - (current_build(seed_out) / "manifest.json").stat().st_mtime) < 1  # type: ignore[operator]
    classes = {row["class"].value.rsplit("#", 1)[-1]: int(row["n"].value) for row in store.query(
        PREFIXES + f"SELECT ?class ?n WHERE {{ {DATASET} void:classPartition [ void:class ?class ; void:entities ?n ] "
        "FILTER(STRSTARTS(STR(?class), STR(dk:))) }")}
    assert (classes["Drug"], classes["Publication"], classes["ClinicalTrial"], classes["Target"]) == (13, 57, 2, 9)
    subsets = {row["graph"].value: row for row in store.query(PREFIXES + f"""
        SELECT ?graph ?triples ?publisher ?sha256 WHERE {{ {DATASET} void:subset ?graph .
          ?graph a void:Dataset ; void:triples ?triples .
          OPTIONAL {{ ?graph dk:sha256 ?sha256 ; dct:publisher/rdfs:label ?publisher }} }}""")}
    assert set(subsets) == set(manifest["graph_sizes"]) - {"", "https://w3id.org/drugkg/id/dataset/drugkg"}
    page = subsets[DRUG_PAGE]
    assert (int(page["triples"].value), page["publisher"].value, page["sha256"].value[:12]) == (
        9114, "COVID-19 drug repurposing database (covid19-help.org)", "12e4828330dc")
    assert subsets["https://w3id.org/drugkg/id/source/000-1214d6c9dd7415a1"]["publisher"].value == (
        "NHS Specialist Pharmacy Service")
    assert all(int(row["triples"].value) == manifest["graph_sizes"][iri] for iri, row in subsets.items())


def test_a_browser_gets_the_editor_with_only_this_servers_scripts(server: KgServer) -> None:
    page = httpx.get(server.sparql_url, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert '<script src="/static/vendor/yasgui/yasgui.min.js"></script>' in text
    assert '<link rel="stylesheet" href="/static/vendor/yasgui/yasgui.min.css">' in text
    addresses = re.findall(r'(?:src|href)="([^"]*)"', text)
    assert addresses and all(address.startswith(("/", "#", "data:")) for address in addresses), addresses
    assert all(f'<option value="{name}">' in text for name in CATALOG)
    assert "SELECT ?drug ?label WHERE { ?drug a dk:Drug ; rdfs:label ?label }" in text
    for path in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/yasgui.min.css",
                 "/static/editor.js"):
        assert httpx.get(server.base + path).status_code == 200, path
    prefixes = httpx.get(f"{server.base}/sparql/prefixes.json").json()
    assert prefixes["dk"] == "https://w3id.org/drugkg/ontology#"
    assert prefixes["drug"] == "https://w3id.org/drugkg/id/drug/"


def test_a_query_link_opens_the_editor_with_its_text_unrun(server: KgServer) -> None:
    broken = "SELECT ?s WHERE { ?s ?p <nowhere"
    page = httpx.get(server.sparql_url, params={"query": broken}, headers=BROWSER)
    assert page.status_code == 200 and "SELECT ?s WHERE { ?s ?p &lt;nowhere</textarea>" in page.text
    timeline = CATALOG["regulatory-timeline"].text
    link = httpx.get(server.sparql_url, params={"query": timeline}, headers=BROWSER)
    assert link.status_code == 200 and 'id="yasgui"' in link.text
    assert "#+ title: Regulatory timeline of a drug" in link.text


def test_protocol_clients_are_answered_as_before(server: KgServer) -> None:
    ask = {"query": "ASK { ?drug a <https://w3id.org/drugkg/ontology#Drug> }"}
    assert httpx.get(server.sparql_url, params=ask).json() == {"head": {}, "boolean": True}
    assert httpx.get(server.sparql_url, params=ask, headers={
        "Accept": "application/sparql-results+json, text/html;q=0.5"}).json()["boolean"] is True
    described = httpx.get(server.sparql_url)
    assert described.headers["content-type"].startswith("text/turtle") and "sd:Service" in described.text
    assert httpx.post(server.sparql_url, data=ask).json()["boolean"] is True


def test_the_page_without_scripts_shows_a_syntax_error_with_the_query_kept(server: KgServer) -> None:
    broken = "SELECT * WHERE { ?s ?p }"
    page = httpx.get(server.sparql_url, params={"query": broken, "format": "html"}, headers=BROWSER)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert '<p class="error" role="alert" id="query-error">invalid SPARQL: error at 1:' in page.text
    assert f">{broken}</textarea>" in page.text
    update = httpx.get(server.sparql_url, params={"query": "DROP ALL", "format": "html"})
    assert update.status_code == 403 and "SPARQL UPDATE is refused</p>" in update.text
    answered = httpx.get(server.sparql_url, params={"query": "SELECT ?label WHERE { "
                         "<https://w3id.org/drugkg/id/drug/anakinra> <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
                         "format": "html"})
    assert answered.status_code == 200 and ">Anakinra</td>" in answered.text


def test_swagger_ui_is_gone_and_the_openapi_description_stays(server: KgServer) -> None:
    assert httpx.get(f"{server.base}/api").status_code == 404
    assert httpx.get(f"{server.base}/openapi.json").json()["info"]["title"] == "drugkg"


def test_the_vendored_files_are_the_ones_the_readme_names() -> None:
    rows = re.findall(r"^\| `(yasgui/[^`]+)` \| `[^`]+` \| `([0-9a-f]{64})` \|$",
                      (VENDOR / "README.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(path for path, _ in rows) == sorted(
        f"yasgui/{file.name}" for file in (VENDOR / "yasgui").iterdir())
    for path, digest in rows:
        assert hashlib.sha256((VENDOR / path).read_bytes()).hexdigest() == digest, path
    script = (ROOT / "scripts" / "vendor-web-assets.sh").read_text(encoding="utf-8")
    version = re.search(r'^VERSION="([^"]+)"$', script, re.MULTILINE)
    assert version and f"`@triply/yasgui` version {version[1]}" in (VENDOR / "README.md").read_text(encoding="utf-8")
