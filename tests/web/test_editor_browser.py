"""The SPARQL editor in a real headless Chromium: YASGUI draws itself from the vendored
files, runs the default query at this server's endpoint and shows the drugs, shows a
syntax error in the page with the query kept, opens a canned query in a tab of its own,
fits 400 px, and no request of the page leaves the server's origin.

Without Chromium the tests skip, unless KG_REQUIRE_BROWSER=1 (CI sets it) makes that a failure.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import chromium, require_browser, requested_urls, wait_for
from kg.query.catalog import load_catalog
from servers import KgServer, kg_server

require_browser()

ACTIVE = ".tabPanel.active"
"""The panel of the tab shown: YASGUI keeps every tab's editor and results in the page."""
EDITOR_TEXT = f"return document.querySelector('{ACTIVE} .CodeMirror').CodeMirror.getValue()"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[KgServer]:
    with kg_server(seed_out, tmp_path_factory.mktemp("serve-editor-browser")) as running_server:
        yield running_server


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def _open_editor(browser: webdriver.Chrome, url: str) -> None:
    """The editor as a first visit sees it (YASGUI keeps tabs in the origin's storage)."""
    browser.get(url)
    browser.execute_script("localStorage.clear()")
    browser.get(url)
    wait_for(browser, f"{ACTIVE} .CodeMirror")


def _run(browser: webdriver.Chrome) -> str:
    """Press the shown tab's run button; the text of what its results area then shows."""
    browser.find_element(By.CSS_SELECTOR, f"{ACTIVE} .yasqe_queryButton").click()
    return _results(browser)


def _results(browser: webdriver.Chrome) -> str:
    return WebDriverWait(browser, 20).until(lambda driver: driver.find_element(
        By.CSS_SELECTOR, f"{ACTIVE} .yasr .dataTable, {ACTIVE} .yasr .errorResult").text)


def test_the_default_query_runs_and_lists_the_drugs(browser: webdriver.Chrome, server: KgServer) -> None:
    requested_urls(browser)  # what the browser asked for before, forgotten
    _open_editor(browser, server.sparql_url)
    assert browser.find_element(By.ID, "sparql-form").get_attribute("hidden") is not None
    assert "SELECT ?drug ?label WHERE" in browser.execute_script(EDITOR_TEXT)
    _run(browser)
    labels = [cell.text for cell in browser.find_elements(
        By.CSS_SELECTOR, f"{ACTIVE} .yasr .dataTable tbody td:nth-child(3)")]
    assert "Anakinra" in labels and "tocilizumab" in labels and len(labels) == 13
    urls = requested_urls(browser)
    assert f"{server.base}/static/vendor/yasgui/yasgui.min.js" in urls
    assert f"{server.base}/sparql/prefixes.json" in urls
    assert [url for url in urls if not url.startswith(server.base + "/")] == []


def test_a_syntax_error_is_shown_in_the_page_with_the_query_kept(
        browser: webdriver.Chrome, server: KgServer) -> None:
    broken = "SELECT ?drug WHERE { ?drug a }"
    _open_editor(browser, f"{server.sparql_url}?{urlencode({'query': broken})}")
    assert browser.execute_script(EDITOR_TEXT) == broken
    shown = _results(browser)  # a link's query is run by the browser as the page opens
    assert "invalid SPARQL: error at 1:" in shown and "400" in shown
    browser.execute_script(f"document.querySelector('{ACTIVE} .CodeMirror').CodeMirror.setValue(arguments[0])",
                           "SELECT ?drug WHERE { ?drug ?p }")
    assert "invalid SPARQL: error at 1:" in _run(browser)
    assert browser.execute_script(EDITOR_TEXT) == "SELECT ?drug WHERE { ?drug ?p }"


def test_a_canned_query_opens_in_a_tab_of_its_own(browser: webdriver.Chrome, server: KgServer) -> None:
    _open_editor(browser, server.sparql_url)
    Select(browser.find_element(By.ID, "example")).select_by_value("regulatory-timeline")
    browser.find_element(By.CSS_SELECTOR, "#examples button").click()
    WebDriverWait(browser, 10).until(lambda driver: driver.find_element(
        By.CSS_SELECTOR, ".tab.active span").text == "regulatory-timeline")
    assert browser.execute_script(EDITOR_TEXT) == load_catalog()["regulatory-timeline"].text
    assert [tab.text for tab in browser.find_elements(By.CSS_SELECTOR, ".tabsList .tab span")] == [
        "Query", "regulatory-timeline"]
    _run(browser)  # unbound, the drug is every drug: the seed's three steps, all anakinra's
    events = [cell.text for cell in browser.find_elements(
        By.CSS_SELECTOR, f"{ACTIVE} .yasr .dataTable tbody td:nth-child(4)")]
    assert events == ["Pre-registration", "Recommended for approval", "Approved"]
    requested = requested_urls(browser)
    assert requested and all(url.startswith(server.base + "/") for url in requested), requested


def test_the_editor_fits_a_400_px_screen(browser: webdriver.Chrome, server: KgServer) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    try:
        _open_editor(browser, server.sparql_url)
        _run(browser)
        widths = browser.execute_script("const page = document.documentElement;"
                                        "return [page.scrollWidth, page.clientWidth]")
        assert widths[0] <= widths[1], widths
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
