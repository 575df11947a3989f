"""``kg serve`` under load and across builds, as a real server on 127.0.0.1.

Heavy ad-hoc queries never hold up canned ones; beyond capacity the answer is 503 with
Retry-After at once; an UPDATE is refused before it waits for a worker; a completed
``kg build`` is answered from the next request on, every answer naming its build.
"""
from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from paths import DRUG_PAGE, SPS_PAGES
from servers import KgServer, kg, kg_server

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
KINERET_ADVICE_DATE = "2019-09-15"  # the SPS lactation page's date


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[KgServer]:
    """One ad-hoc worker, a queue of one, a long-query limit of one: easy to fill."""
    with kg_server(seed_out, tmp_path_factory.mktemp("busy"), "--timeout", "4", "--sparql-workers", "2",
                   "--sparql-queue", "1", "--quick", "0.5", "--long-queries", "1") as running:
        yield running


async def _get(client: httpx.AsyncClient, url: str, **kwargs: object) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = await client.get(url, **kwargs)  # type: ignore[arg-type]
    return answer, time.monotonic() - started


def test_heavy_queries_neither_hold_up_canned_queries_nor_wait_to_be_refused(busy_server: KgServer) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            heavy = [asyncio.create_task(_get(client, busy_server.sparql_url, params={"query": CROSS_PRODUCT}))
                     for _ in range(6)]
            await asyncio.sleep(0.3)
            canned, seconds = await _get(client, f"{busy_server.base}/queries/lactation",
                                         params={"drug": "Kineret", "format": "json"})
            assert canned.status_code == 200 and KINERET_ADVICE_DATE in canned.text
            assert seconds < 1.0
            update, seconds = await _get(client, busy_server.sparql_url,
                                         params={"query": "DELETE WHERE { ?s ?p ?o }"})
            assert update.status_code == 403 and seconds < 1.0
            answers = await asyncio.gather(*heavy)
        statuses = sorted(answer.status_code for answer, _ in answers)
        assert set(statuses) == {503}, statuses
        refused_at_once = [(answer, seconds) for answer, seconds in answers if "try again shortly" in answer.text]
        assert len(refused_at_once) >= 4  # only one ran to the time limit, one past quick
        for answer, seconds in refused_at_once:
            assert answer.headers["Retry-After"] == "1"
            assert seconds < 2.5, answer.text
        assert sum("4 s limit" in answer.text for answer, _ in answers) == 1
    asyncio.run(scenario())


def test_a_rebuild_is_served_from_the_next_request_and_names_its_build(tmp_path: Path) -> None:
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    shutil.copy(DRUG_PAGE, sources)
    assert kg("build", "--sources", sources, "--out", out).returncode == 0
    with kg_server(out, tmp_path, "--reload", "0.2") as server:
        before = httpx.get(f"{server.base}/queries/drugs", params={"format": "json"})
        first_build = before.headers["X-KG-Build"]
        assert first_build == (out / "current").resolve().name
        lactation = httpx.get(f"{server.base}/queries/lactation", params={"drug": "anakinra", "format": "json"})
        assert KINERET_ADVICE_DATE not in lactation.text
        shutil.copy(SPS_PAGES, sources)
        assert kg("build", "--sources", sources, "--out", out).returncode == 0
        second_build = (out / "current").resolve().name
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            answer = httpx.get(f"{server.base}/queries/lactation", params={"drug": "anakinra", "format": "json"})
            if answer.headers["X-KG-Build"] == second_build:
                break
            assert answer.headers["X-KG-Build"] == first_build
            time.sleep(0.1)
        assert answer.status_code == 200 and KINERET_ADVICE_DATE in answer.text
        assert httpx.get(server.sparql_url).headers["X-KG-Build"] == second_build
