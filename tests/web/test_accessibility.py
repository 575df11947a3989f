"""The explorer's main pages in a real headless Chromium: axe-core finds no serious or
critical accessibility violation, and at 400 px wide no page scrolls sideways.

axe-core is the copy bundled in ``axe-selenium-python`` (no network). Without Chromium
the tests skip, unless KG_REQUIRE_BROWSER=1 (CI sets it) makes that a failure.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_selenium_python import Axe
from selenium import webdriver

from browser import chromium, require_browser, wait_for
from servers import KgServer, kg_server

require_browser()

PAGES = ("/", "/search?q=kineret", "/id/drug/anakinra", "/id/publication/anakinra-9189c84095e5",
         "/id/source/002-0671227eafe6e4ef", "/id/condition/covid-19", "/queries",
         "/queries/regulatory-timeline", "/sparql", "/ontology")
BLOCKING = ("serious", "critical")
NARROW = (400, 900)
# The outermost elements that reach past the right edge of the viewport: what makes it scroll.
OVERFLOWING = """
const width = document.documentElement.clientWidth, found = [];
for (const element of document.body.querySelectorAll("*")) {
  if (element.getBoundingClientRect().right <= width + 0.5) continue;
  let parent = element.parentElement, inside = false;
  for (; parent && parent !== document.body; parent = parent.parentElement) {
    const style = getComputedStyle(parent);
    if (parent.getBoundingClientRect().right > width + 0.5 || style.overflowX !== "visible") { inside = true; break; }
  }
  if (!inside) found.push(element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (element.className && typeof element.className === "string" ? "." + element.className.trim().replace(/\\s+/g, ".") : "")
    + " right=" + Math.round(element.getBoundingClientRect().right));
}
return found.slice(0, 8);
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[KgServer]:
    with kg_server(seed_out, tmp_path_factory.mktemp("serve-accessibility")) as running_server:
        yield running_server


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def _open(browser: webdriver.Chrome, url: str) -> None:
    """Load a page and wait for what its scripts draw (the SPARQL editor builds itself)."""
    browser.get(url)
    wait_for(browser, "main")


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(browser: webdriver.Chrome, server: KgServer, path: str) -> None:
    browser.set_window_size(1280, 900)
    _open(browser, server.base + path)
    axe = Axe(browser)
    axe.inject()
    results = axe.run(options='{"resultTypes": ["violations"]}')  # the rest only costs time
    blocking = [violation for violation in results["violations"] if violation["impact"] in BLOCKING]
    assert not blocking, f"{path}: " + "; ".join(
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:6])
        + (f" and {len(violation['nodes']) - 6} more" if len(violation["nodes"]) > 6 else "")
        for violation in blocking)


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scrolling_at_400_px(browser: webdriver.Chrome, server: KgServer, path: str) -> None:
    browser.set_window_size(*NARROW)
    _open(browser, server.base + path)
    inner = browser.execute_script("return window.innerWidth")
    assert inner <= NARROW[0], f"the window is {inner} px wide, not {NARROW[0]}"
    scrolled = browser.execute_script("return document.documentElement.scrollWidth")
    assert scrolled <= inner, (f"{path} is {scrolled} px wide in a {inner} px window, past the edge: "
                               + ", ".join(browser.execute_script(OVERFLOWING)))
