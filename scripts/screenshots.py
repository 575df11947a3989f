"""The README's pictures of the explorer, taken in headless Chromium from a real ``kg serve``.

Builds the seeds into a temporary folder, serves them on a free loopback port and writes
docs/screenshots/: the home page, the top of anakinra's page through the evidence table's
first rows, its evidence timeline, the gallery's regulatory-timeline with its rows, and the
drug page on a 400 px wide phone. Run with the project's Python (``make screenshots``);
needs Debian's chromium and chromium-driver (scripts/install-browser.sh).
"""
from __future__ import annotations

import argparse
import base64
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from browser import chromium, wait_for  # type: ignore[import-not-found]  # noqa: E402
from servers import kg_server  # type: ignore[import-not-found]  # noqa: E402
from selenium import webdriver  # noqa: E402

WIDE = 1280
PHONE = 400
TALLEST = 1400
"""No picture is taller than this (the README shows the top of each page), but the drug
page's, which goes on to the evidence table's first rows below the graded summary."""
DRUG_PAGE_TALLEST = 1800
EVIDENCE_ROWS = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="where the PNGs go")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-screenshots-") as temporary:
        work = Path(temporary)
        subprocess.run([sys.executable, "-m", "kg", "build", "--sources", str(ROOT / "data" / "sources"),
                        "--out", str(work / "build")], cwd=ROOT, check=True, capture_output=True)
        with kg_server(work / "build", work) as server, chromium(work / "profile", WIDE, 900) as browser:
            _open(browser, server.base + "/", "#drug-list", WIDE)
            _save(browser, out / "home.png", 0, _bottom(browser, "#drug-list"))

            _open(browser, server.base + "/id/drug/anakinra", "#evidence-table", WIDE)
            _save(browser, out / "drug-page.png", 0,
                  _bottom(browser, f"#evidence-table tbody tr:nth-child({EVIDENCE_ROWS})"), DRUG_PAGE_TALLEST)
            _save(browser, out / "drug-timeline.png", _top(browser, "#timeline"), _bottom(browser, "#timeline"))

            _open(browser, server.base + "/queries/regulatory-timeline", "table.results tbody tr", WIDE)
            _save(browser, out / "gallery.png", 0, _bottom(browser, "table.results"))

            _open(browser, server.base + "/id/drug/anakinra", "#evidence-table", PHONE, phone=True)
            _save(browser, out / "phone.png", 0, 1000)


def _open(browser: webdriver.Chrome, url: str, css: str, width: int, phone: bool = False) -> None:
    """Load ``url`` in a viewport ``width`` px wide (a phone's has no scrollbar taking room)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": phone})
    browser.get(url)
    wait_for(browser, css)


def _top(browser: webdriver.Chrome, css: str) -> float:
    return float(browser.execute_script(
        "return document.querySelector(arguments[0]).getBoundingClientRect().top + scrollY", css))


def _bottom(browser: webdriver.Chrome, css: str) -> float:
    return float(browser.execute_script(
        "return document.querySelector(arguments[0]).getBoundingClientRect().bottom + scrollY", css))


def _save(browser: webdriver.Chrome, path: Path, top: float, bottom: float, tallest: float = TALLEST,
          margin: float = 16) -> None:
    """The viewport's width from ``top`` to ``bottom`` of the page (with a margin), at most ``tallest``."""
    width = browser.execute_script("return window.innerWidth")
    y = max(0.0, top - margin)
    height = min(bottom + margin - y, tallest)
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": y, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
          f" ({width}x{round(height)}, {path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
