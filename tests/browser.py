"""A real headless Chromium for the browser tests (Debian's ``chromium`` and ``chromium-driver``).

Imported as ``from browser import ...`` (see paths.py for why not conftest.py). The driver
logs every request the page makes (Chrome's performance log), so a test can check that no
asset or lookup left the server's origin, even one that failed. Without Chromium the
calling test module skips, unless KG_REQUIRE_BROWSER=1 (CI sets it) makes that a failure.
"""
from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from servers import require_or_skip

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HEADLESS_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage")


def require_browser() -> None:
    """Skip the calling test module without Chromium, unless CI demands it."""
    require_or_skip(Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file(),
                    "chromium and chromium-driver", "scripts/install-browser.sh", "KG_REQUIRE_BROWSER")


@contextlib.contextmanager
def chromium(profile: Path, width: int = 1280, height: int = 900) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a fresh profile in ``profile``, logging its network requests."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in HEADLESS_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(browser: webdriver.Chrome, css: str, timeout_s: float = 20) -> WebElement:
    """The first element ``css`` selects, once the page has it."""
    return WebDriverWait(browser, timeout_s).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def requested_urls(browser: webdriver.Chrome) -> list[str]:
    """Every URL the pages asked the network for since the last call (the log is read
    once): HTTP and WebSocket requests, not ``data:`` URLs or the browser's own pages."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = message["params"]
            url = params["request"]["url"] if "request" in params else params["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                urls.append(url)
    return urls
