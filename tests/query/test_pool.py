"""Worker lanes: a query past the time limit is stopped, a full lane refuses at once, long
ad-hoc queries are capped, and a completed build is served from the next call on."""
from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

import pytest

from kg.errors import KgError, QueryError
from kg.query.browse import canned_table, graph_sizes
from kg.query.entity import describe
from kg.query.catalog import get_query
from kg.query.pool import (
    BuildCache, Busy, LaneLimits, Lanes, LiveLanes, QueryStopped, QueryTimeout, ServerFault, TooCostly,
)
from kg.query.protocol import answer_query
from kg.store.build import build
from kg.store.location import served_build
from paths import DRUG_PAGE, SPS_PAGES, SEED_TRIPLES

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LACTATION = get_query("lactation")
T = TypeVar("T")


def run(work: Awaitable[T]) -> T:
    return asyncio.run(work)  # type: ignore[arg-type]


async def lanes_over(out: Path, canned: LaneLimits, sparql: LaneLimits | None = None) -> Lanes:
    return await Lanes.start(served_build(out), canned, sparql or LaneLimits(workers=1))


def test_a_worker_answers_canned_queries_and_their_errors(seed_out: Path) -> None:
    async def scenario() -> None:
        lanes = await lanes_over(seed_out, LaneLimits(workers=1))
        try:
            table = await lanes.canned.call(canned_table, LACTATION, {"drug": "Kineret"})
            assert table.values("date") == ["2019-09-15"]
            with pytest.raises(QueryError, match="unknown drug 'nope'"):
                await lanes.canned.call(canned_table, get_query("references"), {"drug": "nope"})
        finally:
            lanes.close()
    run(scenario())


def test_a_fault_in_a_worker_reaches_the_caller_without_python_text(seed_out: Path) -> None:
    """The last resort for a bug: the server logs it, the client reads no exception name."""
    async def scenario() -> None:
        lanes = await lanes_over(seed_out, LaneLimits(workers=1))
        try:
            with pytest.raises(ServerFault) as caught:
                await lanes.canned.call(describe, "not an IRI", "text/turtle")  # kg serve checks the IRI first
            assert str(caught.value) == "the server could not answer this request; the cause is in its log"
            assert (await lanes.canned.call(graph_sizes))[""] == SEED_TRIPLES
        finally:
            lanes.close()
    run(scenario())


def test_the_time_limit_stops_the_query_and_a_new_worker_answers(seed_out: Path) -> None:
    async def scenario() -> None:
        lanes = await lanes_over(seed_out, LaneLimits(workers=1, timeout_s=2))
        try:
            started = time.monotonic()
            with pytest.raises(QueryTimeout, match="longer than the 2 s limit"):
                await lanes.canned.call(answer_query, CROSS_PRODUCT, ["*/*"], 1000)
            assert time.monotonic() - started < 6
            assert (await lanes.canned.call(graph_sizes))[""] == SEED_TRIPLES
        finally:
            lanes.close()
    run(scenario())


def test_a_full_lane_refuses_at_once_with_retry_after(seed_out: Path) -> None:
    async def scenario() -> None:
        lanes = await lanes_over(seed_out, LaneLimits(workers=1, queue=1, wait_s=30, timeout_s=3))
        try:
            heavy = asyncio.create_task(lanes.canned.call(answer_query, CROSS_PRODUCT, ["*/*"], 1000))
            await asyncio.sleep(0.2)
            waiting = asyncio.create_task(lanes.canned.call(graph_sizes))
            await asyncio.sleep(0.2)
            started = time.monotonic()
            with pytest.raises(Busy, match="queue is full") as refused:
                await lanes.canned.call(graph_sizes)
            assert time.monotonic() - started < 0.1 and refused.value.retry_after_s >= 1
            with pytest.raises(QueryTimeout):
                await heavy
            assert (await waiting)[""] == SEED_TRIPLES  # the queued request was answered after
        finally:
            lanes.close()
    run(scenario())


def test_long_ad_hoc_queries_are_capped_and_quick_ones_still_answer(seed_out: Path) -> None:
    limits = LaneLimits(workers=3, queue=8, wait_s=5, timeout_s=4, quick_s=0.5, long_queries=1)

    async def scenario() -> None:
        lanes = await lanes_over(seed_out, LaneLimits(workers=1), limits)
        try:
            first = asyncio.create_task(lanes.sparql.call(answer_query, CROSS_PRODUCT, ["*/*"], 1000))
            await asyncio.sleep(0.8)  # the first holds the long-query slot now
            started = time.monotonic()
            with pytest.raises(Busy, match="ran past 0.5 s while the server was already running its 1 long"):
                await lanes.sparql.call(answer_query, CROSS_PRODUCT, ["*/*"], 1000)
            assert time.monotonic() - started < 2
            answer = await lanes.sparql.call(answer_query, "ASK { ?s ?p ?o }", ["application/sparql-results+json"], 1000)
            assert b"true" in answer.body
            with pytest.raises(QueryTimeout, match="4 s limit"):
                await first
        finally:
            lanes.close()
    run(scenario())


def test_a_completed_build_is_served_from_the_next_call_and_the_old_lanes_retire(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(DRUG_PAGE, sources)
    out = tmp_path / "out"
    build([sources], out)
    live = LiveLanes(out, LaneLimits(workers=1), LaneLimits(workers=1), reload_s=0.1)
    warmed: list[Path] = []

    async def warm_up(lanes: Lanes) -> None:
        await lanes.kept("graph sizes", graph_sizes)
        warmed.append(lanes.build)
    live.warm_ups.append(warm_up)

    async def scenario() -> None:
        await live.start()
        try:
            old = live.current
            assert old is not None and not await live.switch()
            smaller = old.answers.get("graph sizes")[""]  # made before the build was served
            assert await old.kept("graph sizes", graph_sizes) is old.answers.get("graph sizes")
            shutil.copy(SPS_PAGES, sources)
            build([sources], out)
            assert await live.switch()
            new = live.current
            assert new is not None and new.build != old.build == old.canned.build
            assert (await new.canned.call(graph_sizes))[""] == SEED_TRIPLES > smaller
            assert warmed == [old.build, new.build]
            for _ in range(50):  # the old lanes stop once idle
                if old.canned._closed:
                    break
                await asyncio.sleep(0.1)
            assert old.canned._closed and old.sparql._closed
        finally:
            live.close()
    run(scenario())


def test_lanes_need_a_build(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no built graph here"):
        served_build(tmp_path)


def test_a_query_stopped_at_the_limit_is_refused_at_once_when_sent_again(seed_out: Path) -> None:
    async def scenario() -> None:
        limits = LaneLimits(workers=1, timeout_s=1, cooldown_s=60)
        lanes = await lanes_over(seed_out, LaneLimits(workers=1), limits)
        try:
            with pytest.raises(QueryTimeout):
                await lanes.sparql.call(answer_query, CROSS_PRODUCT, ["*/*"], 1000, key=CROSS_PRODUCT)
            started = time.monotonic()
            with pytest.raises(TooCostly, match="refused for 60 s more") as refused:
                await lanes.sparql.call(answer_query, CROSS_PRODUCT, ["*/*"], 1000, key=CROSS_PRODUCT)
            assert time.monotonic() - started < 0.1 and refused.value.retry_after_s == 60
        finally:
            lanes.close()
    run(scenario())


def test_a_query_past_the_memory_limit_ends_its_worker_and_the_lane_answers_on(seed_out: Path) -> None:
    every_pair_sorted = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"  # 20 million rows

    async def scenario() -> None:
        lanes = await lanes_over(seed_out, LaneLimits(workers=1), LaneLimits(workers=1, memory_mb=64))
        try:
            with pytest.raises(QueryStopped, match="a query may take 64 MiB"):
                await lanes.sparql.call(answer_query, every_pair_sorted, ["*/*"], 1000)
            assert (await lanes.sparql.call(graph_sizes))[""] == SEED_TRIPLES
        finally:
            lanes.close()
    run(scenario())


def test_a_build_cache_drops_the_least_recently_used_answers_past_its_size() -> None:
    cache = BuildCache(max_bytes=10)
    cache.put("a", "12345")
    cache.put("b", "12345")
    assert cache.get("a") == "12345"  # now b is the least recently used
    cache.put("c", "123")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("12345", None, "123")
    cache.put("sizes", {"": SEED_TRIPLES})  # not text: kept, counted as nothing
    assert cache.get("sizes") == {"": SEED_TRIPLES} and cache.get("a") == "12345"
