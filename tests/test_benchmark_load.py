"""The load test (benchmarks/load.py) against a real ``kg serve`` on the seed build: every
request is accounted for, the server answers reads and refuses writes, memory is sampled."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paths import benchmark_module
from servers import free_port, running, venv_binary

CLIENTS = 4
SECONDS = 3.0
SEED = 3
"""A seed whose clients send heavy queries and UPDATEs within their first few requests."""


load = benchmark_module("load")


@pytest.fixture(scope="module")
def report(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A short run on a server with a worker per client, so no canned request waits for one;
    the 5 s limit ends the heavy queries soon after the run."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [venv_binary("kg"), "serve", "--out", str(seed_out), "--port", str(port),
               "--workers", str(CLIENTS), "--timeout", "5"]
    log = tmp_path_factory.mktemp("load") / "kg-serve.log"
    with running(command, f"{base}/sparql", log) as server:
        return load.run_load(base, CLIENTS, SECONDS, ["anakinra"], server_pid=server.pid, seed=SEED,
                             client_timeout_s=10)


def test_every_request_is_in_exactly_one_status(report: dict[str, Any]) -> None:
    kinds = report["kinds"]
    assert set(kinds) == {"canned", "adhoc", "heavy", "update"}
    for row in kinds.values():
        assert sum(row["statuses"].values()) == row["count"]
    assert sum(row["count"] for row in kinds.values()) == report["requests"] > 0


def test_legitimate_requests_are_answered(report: dict[str, Any]) -> None:
    for kind in ("canned", "adhoc"):
        row = report["kinds"][kind]
        assert row["count"] > 0 and row["statuses"] == {"200": row["count"]}
    assert report["legitimate"]["failures"] == 0


def test_every_update_attempt_is_refused(report: dict[str, Any]) -> None:
    statuses = report["kinds"]["update"]["statuses"]
    assert statuses and all(status.isdigit() and 400 <= int(status) < 500 for status in statuses)


def test_server_memory_is_sampled(report: dict[str, Any]) -> None:
    memory = report["server_memory"]
    assert memory["samples"] >= SECONDS / load.SAMPLE_EVERY_S
    assert memory["peak_mib"] >= memory["last_mib"] > 0


def test_only_loopback_is_loaded() -> None:
    with pytest.raises(ValueError, match="127.0.0.1, localhost or ::1"):
        load.run_load("http://example.org:8000", 1, 0.1, ["anakinra"])
