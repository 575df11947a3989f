"""``kg serve`` as a SPARQL 1.1 Protocol endpoint: a real server on 127.0.0.1, real clients.

Every canned query gives the rows of ``kg query`` through SPARQLWrapper (``--endpoint``)
and through plain HTTP in JSON and CSV; each result media type parses; UPDATE is
refused; a cross product over the whole graph ends at the time limit and the server
goes on answering. Hostile requests at every door (bytes that are not UTF-8, NUL and
newlines, deep nesting, wrong media types, sizes past the limits) get one line of text
with a 4xx naming the problem, never Python's words, and the server answers on.
"""
from __future__ import annotations

import csv
import http.client
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_from_bytes

import httpx
import pytest
from hypothesis import given, settings, strategies as st
from pyoxigraph import QueryResultsFormat, RdfFormat, Store, parse, parse_query_results

from kg.query.catalog import load_catalog
from kg.query.formats import render
from kg.query.run import run_query, run_sparql
from paths import SEED_TRIPLES
from servers import KgServer, kg_server

CATALOG = load_catalog()
TIME_LIMIT_S = 3
ANAKINRA = "https://w3id.org/drugkg/id/drug/anakinra"
DRUG_LABELS = """PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?drug ?label WHERE { ?drug a dk:Drug ; rdfs:label ?label } ORDER BY ?label"""
ANAKINRA_FACTS = f"CONSTRUCT {{ <{ANAKINRA}> ?p ?o }} WHERE {{ <{ANAKINRA}> ?p ?o }}"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the server writes its log, kg-serve.log."""
    return tmp_path_factory.mktemp("serve")


@pytest.fixture(scope="module")
def server(workdir: Path, seed_out: Path) -> Iterator[KgServer]:
    with kg_server(seed_out, workdir, "--timeout", str(TIME_LIMIT_S)) as running:
        yield running


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_canned_query_through_sparqlwrapper_and_http_gives_the_local_answer(
        name: str, seed_out: Path, server: KgServer) -> None:
    local = run_query(name, CATALOG[name].examples(), seed_out)
    assert local.rows, name
    assert run_query(name, CATALOG[name].examples(), seed_out, server.sparql_url) == local
    for short in ("json", "csv"):
        answer = httpx.get(f"{server.base}/queries/{name}",
                           params={**CATALOG[name].examples(), "format": short})
        assert answer.status_code == 200, answer.text
        assert answer.text == render(local, short)  # type: ignore[arg-type]


@pytest.mark.parametrize(("media_type", "results_format"), [
    ("application/sparql-results+json", QueryResultsFormat.JSON),
    ("application/sparql-results+xml", QueryResultsFormat.XML),
    ("text/csv", QueryResultsFormat.CSV),
    ("text/tab-separated-values", QueryResultsFormat.TSV),
])
def test_select_answers_in_each_results_format(
        media_type: str, results_format: QueryResultsFormat, seed_out: Path, server: KgServer) -> None:
    answer = httpx.get(server.sparql_url, params={"query": DRUG_LABELS}, headers={"Accept": media_type})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(media_type)
    if results_format == QueryResultsFormat.CSV:  # lossy by design: pyoxigraph will not parse it
        labels = [row["label"] for row in csv.DictReader(io.StringIO(answer.text))]
    else:
        labels = [solution["label"].value
                  for solution in parse_query_results(answer.content, format=results_format)]
    assert labels == run_sparql(DRUG_LABELS, seed_out).values("label")  # type: ignore[union-attr]
    assert "Anakinra" in labels and "tocilizumab" in labels


@pytest.mark.parametrize(("media_type", "rdf_format"), [
    ("text/turtle", RdfFormat.TURTLE),
    ("application/n-triples", RdfFormat.N_TRIPLES),
    ("application/ld+json", RdfFormat.JSON_LD),
])
def test_construct_answers_in_each_rdf_format(
        media_type: str, rdf_format: RdfFormat, seed_out: Path, server: KgServer) -> None:
    answer = httpx.post(server.sparql_url, content=ANAKINRA_FACTS,
                        headers={"Content-Type": "application/sparql-query", "Accept": media_type})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(media_type)
    served = sorted(str(triple) for triple in parse(answer.content, format=rdf_format))
    assert served == sorted(map(str, run_sparql(ANAKINRA_FACTS, seed_out)))  # type: ignore[arg-type]
    assert f'<{ANAKINRA}> <http://www.w3.org/2000/01/rdf-schema#label> "Anakinra"' in " ".join(served)


def test_get_form_post_and_query_body_agree(server: KgServer) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = httpx.get(server.sparql_url, params={"query": DRUG_LABELS}, headers=accept).json()
    by_form = httpx.post(server.sparql_url, data={"query": DRUG_LABELS}, headers=accept).json()
    by_body = httpx.post(server.sparql_url, content=DRUG_LABELS, headers={
        **accept, "Content-Type": "application/sparql-query"}).json()
    assert by_get == by_form == by_body
    assert by_get["head"]["vars"] == ["drug", "label"]


def test_ask_answers_true_in_json(server: KgServer) -> None:
    answer = httpx.get(server.sparql_url, params={
        "query": f'ASK {{ <{ANAKINRA}> <http://www.w3.org/2000/01/rdf-schema#label> "Anakinra" }}'})
    assert answer.json() == {"head": {}, "boolean": True}


def test_without_a_query_the_endpoint_describes_itself(server: KgServer) -> None:
    answer = httpx.get(server.sparql_url, headers={"Accept": "text/turtle"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    store = Store()
    store.load(answer.content, format=RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    rows = list(store.query(f"""PREFIX sd: <{sd}> PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?endpoint ?triples WHERE {{ ?service a sd:Service ; sd:endpoint ?endpoint ;
          sd:supportedLanguage sd:SPARQL11Query ;
          sd:defaultDataset/sd:defaultGraph/void:triples ?triples }}"""))
    assert [(row["endpoint"].value, row["triples"].value) for row in rows] == [(server.sparql_url, str(SEED_TRIPLES))]
    graphs = {row["name"].value: int(row["n"].value) for row in store.query(f"""
        PREFIX sd: <{sd}> PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?name ?n WHERE {{ ?g sd:name ?name ; sd:graph/void:triples ?n }}""")}
    assert graphs["https://w3id.org/drugkg/id/source/002-0671227eafe6e4ef"] == 9114


@pytest.mark.parametrize("request_kwargs", [
    {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"content": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
     "headers": {"Content-Type": "application/sparql-update"}},
    {"data": {"query": "DELETE WHERE { ?s ?p ?o }"}},
], ids=["update-form", "update-body", "update-as-query"])
def test_updates_are_refused_and_change_nothing(request_kwargs: dict, server: KgServer) -> None:
    answer = httpx.post(server.sparql_url, **request_kwargs)
    assert answer.status_code == 403
    assert answer.text.strip() == "this endpoint is read-only: SPARQL UPDATE is refused"
    count = httpx.get(server.sparql_url, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert count.json()["results"]["bindings"][0]["n"]["value"] == str(SEED_TRIPLES)


def test_a_cross_product_ends_at_the_time_limit_and_the_server_answers_on(server: KgServer) -> None:
    started = time.monotonic()
    answer = httpx.get(server.sparql_url, params={"query": CROSS_PRODUCT}, timeout=60)
    elapsed = time.monotonic() - started
    assert answer.status_code == 503
    assert answer.text.strip() == f"the query ran longer than the {TIME_LIMIT_S} s limit and was stopped"
    assert TIME_LIMIT_S <= elapsed < TIME_LIMIT_S + 10
    after = httpx.get(server.sparql_url, params={"query": DRUG_LABELS})
    assert after.status_code == 200 and len(after.json()["results"]["bindings"]) == 13


def test_a_bad_query_is_400_with_the_parser_message(server: KgServer) -> None:
    answer = httpx.get(server.sparql_url, params={"query": "SELECT ?x WHERE { ?x"})
    assert answer.status_code == 400 and answer.text.startswith("invalid SPARQL: error at 1:")


def test_an_unacceptable_media_type_is_406(server: KgServer) -> None:
    answer = httpx.get(server.sparql_url, params={"query": DRUG_LABELS}, headers={"Accept": "image/png"})
    assert answer.status_code == 406 and "application/sparql-results+json" in answer.text


def test_cors_lets_a_browser_on_another_origin_query(server: KgServer) -> None:
    origin = {"Origin": "https://yasgui.example.org"}
    answer = httpx.get(server.sparql_url, params={"query": DRUG_LABELS}, headers=origin)
    assert answer.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(server.sparql_url, headers={
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_queries_lists_every_canned_query_with_its_parameters(server: KgServer) -> None:
    listed = {query["name"]: query for query in httpx.get(f"{server.base}/queries").json()}
    assert sorted(listed) == sorted(CATALOG)
    timeline = listed["regulatory-timeline"]
    assert timeline["columns"][:5] == ["date", "regulator", "event", "region", "indication"]
    assert [(p["name"], p["type"], p["required"]) for p in timeline["params"]] == [("drug", "drug", True)]


def test_canned_query_errors_name_the_problem(server: KgServer) -> None:
    missing = httpx.get(f"{server.base}/queries/no-such-query")
    assert missing.status_code == 404 and missing.text.startswith("unknown query 'no-such-query'")
    unknown = httpx.get(f"{server.base}/queries/references", params={"drug": "aspirinn"})
    assert unknown.status_code == 400 and unknown.text.startswith("unknown drug 'aspirinn'")
    needed = httpx.get(f"{server.base}/queries/references")
    assert needed.status_code == 400 and "needs parameter 'drug'" in needed.text


def test_canned_query_as_an_html_table(server: KgServer) -> None:
    page = httpx.get(f"{server.base}/queries/storage", params={"drug": "Kineret"},
                     headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<th scope="col">max_temperature_c</th>' in page.text
    assert re.search(r'<td data-label="max_temperature_c" class="number">(<[^>]*>)?25<', page.text)


def test_home_page_credits_each_source_publisher(server: KgServer) -> None:
    page = httpx.get(f"{server.base}/", headers={"Accept": "text/html"}).text
    assert "NHS Specialist Pharmacy Service" in page
    assert "COVID-19 drug repurposing database (covid19-help.org)" in page


def test_the_former_resource_address_moves_to_the_node_page(server: KgServer) -> None:
    answer = httpx.get(f"{server.base}/resource", params={"iri": ANAKINRA})
    assert answer.status_code == 301 and answer.headers["location"] == "/id/drug/anakinra"


def test_json_results_keep_datatypes(server: KgServer) -> None:
    answer = httpx.get(f"{server.base}/queries/storage", params={"drug": "anakinra", "format": "json"})
    row = json.loads(answer.text)["results"]["bindings"][0]
    assert row["max_temperature_c"] == {"type": "literal", "value": "25",
                                        "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}


SPARQL_QUERY = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PYTHON_TEXT = re.compile(r"Error:|Traceback|Exception|internal error|\b[A-Z]\w+Error\b")
HOSTILE = [  # (method, path, headers, body, status, words the answer names the problem with)
    ("POST", "/sparql", SPARQL_QUERY, b"SELECT \xff", 400, "application/sparql-query body is not UTF-8"),
    ("POST", "/sparql", SPARQL_QUERY, b"a" * 10_000_000, 413, "larger than the 1,048,576 byte limit"),
    ("POST", "/sparql", {"Content-Type": "application/json"}, b"{}", 415, "got 'application/json'"),
    ("POST", "/sparql", {"Content-Type": "text/plain"}, DRUG_LABELS.encode(), 415, "got 'text/plain'"),
    ("POST", "/sparql", {}, b"query=ASK{}", 415, "no Content-Type was given"),
    ("POST", "/sparql", {"Content-Type": "multipart/form-data; boundary=x"}, b"--x--", 415,
     "POST a query as application/x-www-form-urlencoded or application/sparql-query"),
    ("POST", "/sparql", FORM, b"query=SELECT%FF", 400, "the form body is not UTF-8"),
    ("POST", "/sparql", FORM, b"query=ASK{}&query=ASK{}", 400, "give one query, not 2"),
    ("GET", "/sparql?query=SELECT%FF", {}, b"", 400, "the URL's query string is not UTF-8"),
    ("GET", "/sparql?query=SELECT%00*", {}, b"", 400, "invalid SPARQL"),
    ("GET", "/sparql?query=SELECT%20*%20WHERE%20" + "%7B" * 3000 + "%7D" * 3000, {}, b"", 400,
     "nests brackets more than 64 deep"),
    ("POST", "/sparql", SPARQL_QUERY, ("ASK { FILTER(" + "!" * 20_000 + "true) }").encode(), 400,
     "more than 1,000 operators"),
    ("GET", "/sparql?query=ASK%7B%7D&default-graph-uri=nope", {}, b"", 400,
     "default-graph-uri must be an absolute IRI"),
    ("GET", "/sparql?query=ASK%7B%7D&format=x%0Ay", {}, b"", 406, "unknown format 'x\\ny'"),
    ("GET", "/sparql?query=ASK%7B%7D", {"Accept": "image/png;q=x, application/x-nonsense;q=1e999"}, b"",
     406, "cannot answer in"),
    ("GET", "/resource?iri=a%20b", {}, b"", 400, "iri must be an absolute IRI"),
    ("GET", "/resource", {}, b"", 400, "/resource needs ?iri="),
    ("GET", "/resource?iri=%FF", {}, b"", 400, "the URL's query string is not UTF-8"),
    ("GET", "/resource?iri=http://example.org/x", {}, b"", 400, "pages are served for IRIs under"),
    ("GET", "/search?q=kin&limit=0", {}, b"", 400, "limit must be a whole number from 1 to 500"),
    ("GET", "/id/drug/anakinra", {"Accept": "image/png"}, b"", 406, "a node's page is served as text/html"),
    ("GET", "/queries/top-impact?drug=anakinra&limit=%C2%B2", {}, b"", 400,
     "parameter 'limit' must be a whole number"),
    ("GET", "/queries/references?drug=a%0Ab", {}, b"", 400, "unknown drug 'a\\nb'"),
    ("GET", "/queries/references?drug=ana%00kinra%1B", {}, b"", 400, "unknown drug 'ana\\x00kinra\\x1b'"),
    ("GET", "/queries/references?drug=" + "x" * 20_000, {}, b"", 400, "(20,000 characters)"),
    ("GET", "/queries/references?drug=a&drug=b", {}, b"", 400, "parameter 'drug' is given 2 times"),
    ("GET", "/queries/references?dr%0Aug=a", {}, b"", 400, "has no parameter 'dr\\nug'"),
    ("GET", "/queries/refer%0Aences", {}, b"", 404, "unknown query 'refer\\nences'"),
    ("GET", "/sparql", {"Host": "a%zz"}, b"", 400,
     "the endpoint URL the Host header makes must be an absolute IRI"),
    ("GET", "/no/such/page", {}, b"", 404, "nothing at '/no/such/page'"),
    ("DELETE", "/sparql", {}, b"", 405, "method not allowed"),
    ("GET", "/sparql?query=" + "a" * 1_000_000, {}, b"", 414, "the URL is longer than the 32,768 byte limit"),
    ("GET", "/sparql", {"X-Big": "a" * 1_000_000}, b"", 431, "headers are larger than the 65,536 byte limit"),
]


def _send(base: str, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str]:
    """One request as given, through http.client: httpx refuses URLs past 64 KiB."""
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.mark.parametrize(("method", "path", "headers", "body", "status", "named"), HOSTILE,
                         ids=[f"{case[0]} {case[1][:40]} {case[4]}" for case in HOSTILE])
def test_hostile_requests_get_one_line_4xx_naming_the_problem(
        server: KgServer, method: str, path: str, headers: dict[str, str], body: bytes, status: int,
        named: str) -> None:
    got, text = _send(server.base, method, path, headers, body)
    assert (got, PYTHON_TEXT.search(text)) == (status, None), text
    assert named in text and text.endswith("\n") and "\n" not in text[:-1], text


def test_after_hostile_requests_the_server_answers_and_logged_no_traceback(
        server: KgServer, workdir: Path) -> None:
    for method, path, headers, body, _, _ in HOSTILE:
        _send(server.base, method, path, headers, body)
    after = httpx.get(server.sparql_url, params={"query": DRUG_LABELS})
    assert after.status_code == 200 and len(after.json()["results"]["bindings"]) == 13
    assert "Traceback" not in (workdir / "kg-serve.log").read_text(errors="replace")


def test_a_canned_query_form_without_parameters_is_a_page_not_an_error(server: KgServer) -> None:
    page = httpx.get(f"{server.base}/queries/references", headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'name="drug" value="anakinra"' in page.text  # the example, run
    assert '<table class="results' in page.text and "57 rows" in page.text


HOSTILE_VALUES = [b"a\nb", b"ana\x00kinra\x1b[2J", b"\xff\xfe", "\u202eß²".encode(), b"9" * 40, b"x" * 20_000,
                  b"<https://w3id.org/drugkg/id/drug/anakinra>", b'anakinra" } #', b"", b"%", b"+&="]
"""Bytes as a URL carries them percent-encoded: newlines, NUL and escapes, bytes that are
not UTF-8, bidi controls and other digits, long values, IRIs and SPARQL syntax."""


def _assert_answered(status: int, text: str) -> None:
    assert status < 500 and not PYTHON_TEXT.search(text), text
    if status >= 400:
        assert text.endswith("\n") and "\n" not in text[:-1], text


@pytest.mark.parametrize("name", sorted(name for name, query in CATALOG.items() if query.params))
def test_any_parameter_bytes_on_every_canned_query_are_rows_or_one_line(server: KgServer, name: str) -> None:
    examples = CATALOG[name].examples()
    for param in CATALOG[name].params:
        for number, value in enumerate(HOSTILE_VALUES):
            given = {**examples, param.name: value}
            query = "&".join(f"{key}={quote_from_bytes(text if isinstance(text, bytes) else text.encode())}"
                             for key, text in given.items())
            short = ("csv", "html")[number % 2]  # the page with its form, as well as the rows
            _assert_answered(*_send(server.base, "GET", f"/queries/{name}?{query}&format={short}", {}, b""))


@settings(max_examples=60, deadline=None, database=None)
@given(body=st.binary(max_size=300), media_type=st.sampled_from([
    "application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-query; charset=latin-1",
    "text/plain", "", "application/sparql-update"]))
def test_any_body_to_sparql_is_answered_without_a_5xx(server: KgServer, body: bytes, media_type: str) -> None:
    headers = {"Content-Type": media_type} if media_type else {}
    _assert_answered(*_send(server.base, "POST", "/sparql", headers, body))
