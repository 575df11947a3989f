"""The explorer in a real headless Chromium (Debian's ``chromium`` and ``chromium-driver``).

A researcher's path: the home page credits the sources, a canned-query form runs with a
brand name, a result's IRI opens the drug's page, the SPARQL form answers; and a page
on another origin queries ``/sparql`` with fetch(), as YASGUI does, through CORS.
Without Chromium the tests skip, unless KG_REQUIRE_BROWSER=1 (CI sets it) makes that a failure.
"""
from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from browser import chromium, require_browser, wait_for
from servers import KgServer, free_port, kg_server, running

require_browser()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[KgServer]:
    with kg_server(seed_out, tmp_path_factory.mktemp("serve-browser")) as running_server:
        yield running_server


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def test_home_page_credits_the_sources(browser: webdriver.Chrome, server: KgServer) -> None:
    browser.get(server.base + "/")
    publishers = [cell.text for cell in wait_for(browser, "#sources").find_elements(
        By.CSS_SELECTOR, "tbody td:nth-child(2)")]
    assert "NHS Specialist Pharmacy Service" in publishers
    assert "COVID-19 drug repurposing database (covid19-help.org)" in publishers


def test_a_canned_query_form_then_a_result_link(browser: webdriver.Chrome, server: KgServer,
                                                 tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.get(server.base + "/queries")
    wait_for(browser, "tr#regulatory-timeline a").click()
    drug = wait_for(browser, "form.canned input[name=drug]")
    drug.clear()
    drug.send_keys("Kineret")
    browser.find_element(By.CSS_SELECTOR, "form.canned button[type=submit]").click()
    WebDriverWait(browser, 20).until(expected_conditions.url_contains("drug=Kineret"))
    table = wait_for(browser, "table.results")
    headers = [cell.text for cell in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers[:5] == ["date", "regulator", "event", "region", "indication"]
    rows = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert [(row[0].split()[0], row[2]) for row in rows] == [
        ("2021-06", "Pre-registration"), ("2021-12", "Recommended for approval"), ("2021-12", "Approved")]
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.find_element(By.PARTIAL_LINK_TEXT, "CSV").click()
    saved = downloads / "regulatory-timeline.csv"
    WebDriverWait(browser, 20).until(lambda _: saved.is_file() and saved.stat().st_size > 0)
    assert [row[:3] for row in csv.reader(io.StringIO(saved.read_text(encoding="utf-8")))] == [
        ["date", "regulator", "event"], ["2021-06", "European Union (EU)", "Pre-registration"],
        ["2021-12", "EMA Committee for Medicinal Products for Human Use (CHMP)", "Recommended for approval"],
        ["2021-12", "European Union (EU)", "Approved"]]
    table.find_element(By.LINK_TEXT, "drug:anakinra").click()
    assert wait_for(browser, "h1").text == "Anakinra"


def test_a_researcher_finds_the_evidence_without_sparql(browser: webdriver.Chrome, server: KgServer) -> None:
    """Home, a search for the brand, one click: the drug's page with its 57 references,
    narrowed to the randomized trials, and the timeline drawn."""
    browser.get(server.base + "/")
    box = wait_for(browser, "#home-search")
    box.send_keys("kineret")
    box.submit()
    first = wait_for(browser, "#hits li a")
    assert first.text == "Anakinra"
    first.click()
    wait_for(browser, "#evidence-table")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Anakinra"
    rows = browser.find_elements(By.CSS_SELECTOR, "#evidence-table tbody tr")
    assert len(rows) == 57 and all(row.is_displayed() for row in rows)
    for design in ("Randomized controlled open trial", "Randomized controlled double-blind trial"):
        browser.find_element(By.CSS_SELECTOR, f'input[data-facet="design"][value="{design}"]').click()
    shown = [row.find_element(By.CSS_SELECTOR, "td[data-label=title] a").text
             for row in rows if row.is_displayed()]
    assert len(shown) == 3 and any(title.startswith("Early treatment of COVID-19 with anakinra") for title in shown)
    assert browser.find_element(By.CSS_SELECTOR, '[data-count-for="evidence-table"]').text == "3 of 57 rows shown"
    dots = browser.find_elements(By.CSS_SELECTOR, "#evidence-timeline circle.reference")
    assert len(dots) == 57
    drawn = browser.execute_script(
        "return Array.from(arguments[0]).filter(d => d.getBoundingClientRect().width > 0).length", dots)
    assert drawn == 57
    header = browser.find_element(By.CSS_SELECTOR, "#evidence-table thead th:nth-child(6) button")
    header.click()  # participants, smallest first
    header.click()  # largest first
    largest = browser.find_element(By.CSS_SELECTOR, "#evidence-table tbody tr:not([hidden]) td[data-label=participants]")
    assert largest.text == "594"  # SAVE-MORE: 405 + 189


def test_a_page_on_another_origin_queries_the_endpoint(
        browser: webdriver.Chrome, server: KgServer, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>other origin</title>")
    port = free_port()
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    with running(command, f"http://127.0.0.1:{port}/", tmp_path / "http.log", cwd=tmp_path):
        browser.get(f"http://127.0.0.1:{port}/index.html")
        labels = browser.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], {method: "POST", body: arguments[1], headers: {
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json"}})
              .then(response => response.json())
              .then(json => done(json.results.bindings.map(row => row.label.value)))
              .catch(error => done("failed: " + error));
        """, server.sparql_url, "PREFIX dk: <https://w3id.org/drugkg/ontology#> "
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "SELECT ?label WHERE { ?drug a dk:Drug ; rdfs:label ?label } ORDER BY ?label")
    assert isinstance(labels, list) and "Anakinra" in labels
