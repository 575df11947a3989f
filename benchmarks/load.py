"""Load test of ``kg serve``: closed-loop HTTP clients on a mix of reads, heavy queries and UPDATEs.

Each of ``--clients`` clients sends a request, waits for its answer and sends the next, for
``--seconds``; requests still in flight then are awaited (up to ``--client-timeout``). The
mix, reproducible from ``--seed``: 70% canned queries (/queries/NAME) for a drug of
``--drug``, 20% light SELECT and ASK queries POSTed to /sparql, 5% deliberately heavy
cross products (they should meet the server's time or size limit, not starve the others)
and 5% UPDATE attempts in four protocol forms (all should be refused).

Reports, per kind of request: statuses (or timeout/connect/other), p50/p95/p99 latency
(nearest rank), and how many 429/503 answers carried Retry-After; the failures among the
legitimate requests (canned and ad-hoc); with ``--server-pid``, the peak and last resident
memory of the server and its query workers, sampled every 0.5 s. Loopback servers only.

Run: .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000 --clients 50 --seconds 60
     [--drug NAME ...] [--server-pid PID] [--seed 0] [--client-timeout 60] [--json FILE]
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import aiohttp

Kind = Literal["canned", "adhoc", "heavy", "update"]
MIX: dict[Kind, float] = {"canned": 0.70, "adhoc": 0.20, "heavy": 0.05, "update": 0.05}
LEGITIMATE: tuple[Kind, ...] = ("canned", "adhoc")
OVERLOAD_STATUSES = ("429", "503")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
SAMPLE_EVERY_S = 0.5

PER_DRUG_QUERIES: tuple[tuple[str, dict[str, str]], ...] = (
    ("references", {}), ("evidence-by-design", {}), ("co-medications", {}),
    ("top-impact", {"limit": "5"}), ("dosing", {}), ("trials", {}), ("regulatory-timeline", {}),
    ("largest-studies", {}), ("references-per-year", {}), ("studies-by-route", {}),
    ("storage", {}), ("lactation", {}),
)
"""Canned queries taking a drug, with their other parameters."""
DRUGS_SHARE = 0.02
"""Share of canned requests asking for the parameterless ``drugs`` overview instead."""

DRUG_BASE = "https://w3id.org/drugkg/id/drug/"
PREFIXES = ("PREFIX dk: <https://w3id.org/drugkg/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
HEAVY_QUERIES = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",
)
"""Cross products: two counts (CPU, for the time limit) and one full answer (the size limit)."""
SPARQL_JSON = {"Accept": "application/sparql-results+json"}
INSERT = 'INSERT DATA { <urn:drugkg:load-test> <urn:drugkg:said> "written" }'


@dataclass(frozen=True, slots=True)
class Call:
    """One request of the mix, ready to send."""

    kind: Kind
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] | None = None
    content: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


UPDATE_CALLS = (
    Call("update", "POST", "/sparql", data={"update": INSERT}),
    Call("update", "POST", "/sparql", data={"query": "DELETE WHERE { ?s ?p ?o }"}),
    Call("update", "POST", "/sparql", content=INSERT,
         headers={"Content-Type": "application/sparql-update"}),
    Call("update", "GET", "/sparql", params={"query": "CLEAR ALL"}),
)
"""The protocol's ways of sending an UPDATE, and a query field carrying one: each must be refused."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one request got: an HTTP status, or the kind of exception raised instead."""

    kind: Kind
    status: str
    latency_s: float
    retry_after: bool
    message: str = ""
    """The first words of a refusal's body, which says why."""
    build: str = ""
    """The build that answered (the X-KG-Build header)."""
    answered_at: float = 0.0
    """When the answer came, on the monotonic clock."""


def drug_iri(name: str) -> str:
    """A drug's IRI as the build mints it for an ASCII name: lower-cased, other runs as hyphens."""
    return DRUG_BASE + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def canned_call(rng: random.Random, drugs: Sequence[str]) -> Call:
    """A canned query as the explorer asks it, for a drug drawn from ``drugs``."""
    if rng.random() < DRUGS_SHARE:
        return Call("canned", "GET", "/queries/drugs", params={"format": "json"})
    name, extra = rng.choice(PER_DRUG_QUERIES)
    return Call("canned", "GET", f"/queries/{name}",
                params={"drug": rng.choice(drugs), **extra, "format": "json"})


def adhoc_queries(drug: str) -> tuple[str, ...]:
    """Light SELECT and ASK shapes about one drug, as someone exploring the graph writes them."""
    iri = f"<{drug_iri(drug)}>"
    return (
        f"{PREFIXES}SELECT ?reference WHERE {{ {iri} dk:supportingReference ?reference }}",
        f"{PREFIXES}SELECT ?label WHERE {{ VALUES ?drug {{ {iri} }} ?drug rdfs:label ?label }}",
        f"{PREFIXES}SELECT ?d ?l WHERE {{ ?d a dk:Drug ; rdfs:label ?l }} LIMIT 20",
        f"{PREFIXES}ASK {{ {iri} a dk:Drug }}",
    )


def sparql_call(kind: Kind, query: str) -> Call:
    """A query POSTed as a form, asking for SPARQL JSON results."""
    return Call(kind, "POST", "/sparql", data={"query": query}, headers=SPARQL_JSON)


def draw(rng: random.Random, drugs: Sequence[str], updates: Iterator[Call]) -> Call:
    """The next request of a client: its kind by the mix, then its shape."""
    kind = rng.choices(tuple(MIX), weights=tuple(MIX.values()))[0]
    if kind == "canned":
        return canned_call(rng, drugs)
    if kind == "adhoc":
        return sparql_call(kind, rng.choice(adhoc_queries(rng.choice(drugs))))
    if kind == "heavy":
        return sparql_call(kind, rng.choice(HEAVY_QUERIES))
    return next(updates)


async def send(http: aiohttp.ClientSession, call: Call) -> Outcome:
    """Send one request and read its whole answer; a failure is recorded, not raised."""
    started = time.perf_counter()
    try:
        async with http.request(call.method, call.path, params=call.params, data=call.data or call.content,
                                headers=call.headers) as response:
            text = await response.text()
    except TimeoutError:
        status = "timeout"
    except aiohttp.ClientConnectionError:
        status = "connect"
    except aiohttp.ClientError:
        status = "other"
    else:
        message = "" if response.status == 200 else re.sub(r"\d+(\.\d+)?", "N", text[:80])
        return Outcome(call.kind, str(response.status), time.perf_counter() - started,
                       "Retry-After" in response.headers, message.strip(),
                       response.headers.get("X-KG-Build", ""), time.monotonic())
    return Outcome(call.kind, status, time.perf_counter() - started, False)


async def client_loop(http: aiohttp.ClientSession, index: int, drugs: Sequence[str], seed: int,
                      deadline: float, outcomes: list[Outcome]) -> None:
    """One closed-loop client: the next request only once the last is answered.

    Its own seeded generator keeps its sequence of requests the same from run to run; its
    UPDATE forms rotate from an offset of its index, so even few clients send every form.
    """
    rng = random.Random(f"{seed}:{index}")
    updates = itertools.islice(itertools.cycle(UPDATE_CALLS), index % len(UPDATE_CALLS), None)
    while time.monotonic() < deadline:
        outcomes.append(await send(http, draw(rng, drugs, updates)))


def status_fields(path: Path) -> tuple[int, int]:
    """A process's parent pid and resident memory in KiB (0 for a kernel thread or zombie)."""
    ppid = rss = 0
    for line in path.read_text().splitlines():
        key, _, value = line.partition(":")
        if key == "PPid":
            ppid = int(value)
        elif key == "VmRSS":
            rss = int(value.split()[0])
    return ppid, rss


def tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants (the query workers), in KiB.

    Walks PPid links over all of /proc, as /proc/PID/task/*/children is missing on some
    kernels; processes ending during the walk are skipped.
    """
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        pid = int(status.parent.name)
        try:
            ppid, rss[pid] = status_fields(status)
        except (OSError, ValueError):
            continue
        children.setdefault(ppid, []).append(pid)
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += rss.get(pid, 0)
        pending += children.get(pid, [])
    return total


async def sample_memory(pid: int, stop: asyncio.Event) -> list[int]:
    """Samples of the server tree's memory every 0.5 s until ``stop``, and one at the end.

    Read in a thread, so scanning /proc does not delay the clients' measured requests.
    """
    samples = [await asyncio.to_thread(tree_rss_kib, pid)]
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_EVERY_S)
        samples.append(await asyncio.to_thread(tree_rss_kib, pid))
    return samples


async def load(url: str, clients: int, seconds: float, drugs: Sequence[str], server_pid: int | None,
               seed: int, client_timeout_s: float) -> tuple[list[Outcome], float, list[int]]:
    """Every outcome, the wall-clock duration (in-flight requests included) and memory samples."""
    outcomes: list[Outcome] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(server_pid, stop)) if server_pid is not None else None
    # aiohttp, not httpx: its C parser leaves the machine's cores to the server under test.
    # A proxy from the environment must not stand between us and loopback (trust_env off).
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(base_url=url, connector=connector, trust_env=False,
                                     timeout=aiohttp.ClientTimeout(total=client_timeout_s)) as http:
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(client_loop(http, index, drugs, seed, deadline, outcomes)
                               for index in range(clients)))
        duration = time.monotonic() - started
    stop.set()
    return outcomes, duration, await sampler if sampler else []


def percentile_ms(latencies_s: Sequence[float], percent: float) -> float | None:
    """Nearest-rank percentile in milliseconds; None when there was no request."""
    if not latencies_s:
        return None
    ordered = sorted(latencies_s)
    return round(ordered[math.ceil(percent / 100 * len(ordered)) - 1] * 1000, 2)


def overload_summary(outcomes: Sequence[Outcome], status: str) -> dict[str, Any]:
    """How many answers had ``status``, how many said when to retry, and their p99."""
    shed = [outcome for outcome in outcomes if outcome.status == status]
    return {"count": len(shed), "with_retry_after": sum(outcome.retry_after for outcome in shed),
            "p99_ms": percentile_ms([outcome.latency_s for outcome in shed], 99)}


def kind_summary(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Count, statuses, latency percentiles and overload answers of one kind of request."""
    latencies = [outcome.latency_s for outcome in outcomes]
    return {
        "count": len(outcomes),
        "statuses": dict(sorted(Counter(outcome.status for outcome in outcomes).items())),
        **{f"p{percent}_ms": percentile_ms(latencies, percent) for percent in (50, 95, 99)},
        "overload": {status: overload_summary(outcomes, status) for status in OVERLOAD_STATUSES},
        "refusals": dict(Counter(outcome.message for outcome in outcomes if outcome.message).most_common(4)),
    }


def legitimate_summary(kinds: dict[Kind, dict[str, Any]]) -> dict[str, Any]:
    """Requests a real user would send that got anything but a 200, by kind and status."""
    failures = {kind: {status: count for status, count in kinds[kind]["statuses"].items() if status != "200"}
                for kind in LEGITIMATE}
    return {"requests": sum(kinds[kind]["count"] for kind in LEGITIMATE),
            "failures": sum(sum(by_status.values()) for by_status in failures.values()),
            "failures_by_kind": failures}


def memory_summary(pid: int | None, samples_kib: Sequence[int]) -> dict[str, Any] | None:
    """Peak and last resident memory of the server tree in MiB; None when not sampled."""
    if pid is None:
        return None
    return {"pid": pid, "samples": len(samples_kib), "peak_mib": round(max(samples_kib) / 1024, 1),
            "last_mib": round(samples_kib[-1] / 1024, 1)}


def check_arguments(url: str, clients: int, seconds: float, drugs: Sequence[str],
                    server_pid: int | None) -> None:
    """Refuse a run that would load another machine or report nonsense.

    :raises ValueError: ``url`` is not on loopback, no client or time, ``drugs`` is empty,
        or no process has ``server_pid`` (its memory would read as zero).
    """
    host = urlsplit(url).hostname
    if host not in LOOPBACK_HOSTS:
        raise ValueError(f"refusing {url}: the host must be 127.0.0.1, localhost or ::1, not {host}")
    if clients < 1 or seconds <= 0:
        raise ValueError("give at least one client and a positive number of seconds")
    if not drugs:
        raise ValueError("give at least one drug for the per-drug queries")
    if server_pid is not None and not Path(f"/proc/{server_pid}").is_dir():
        raise ValueError(f"no process {server_pid} to sample the memory of")


def run_load(url: str, clients: int, seconds: float, drugs: Sequence[str], server_pid: int | None = None,
             seed: int = 0, client_timeout_s: float = 60.0) -> dict[str, Any]:
    """Load ``url`` with ``clients`` closed-loop clients for ``seconds``: a JSON-ready report.

    :raises ValueError: see check_arguments.
    """
    check_arguments(url, clients, seconds, drugs, server_pid)
    outcomes, duration, samples = asyncio.run(
        load(url, clients, seconds, drugs, server_pid, seed, client_timeout_s))
    kinds = {kind: kind_summary([outcome for outcome in outcomes if outcome.kind == kind]) for kind in MIX}
    return {
        "url": url, "clients": clients, "seconds": seconds, "drugs": list(drugs), "seed": seed,
        "client_timeout_s": client_timeout_s,
        "duration_s": round(duration, 3), "requests": len(outcomes),
        "requests_per_s": round(len(outcomes) / duration, 2),
        "kinds": kinds, "legitimate": legitimate_summary(kinds),
        "server_memory": memory_summary(server_pid, samples),
        "builds": builds_summary(outcomes),
    }


def builds_summary(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float | int]]:
    """Per build that answered: how many answers, and the first and last on the monotonic
    clock, so a switch of builds during the run shows when it happened and that it held."""
    builds: dict[str, dict[str, float | int]] = {}
    for outcome in sorted(outcomes, key=lambda outcome: outcome.answered_at):
        if outcome.build:
            seen = builds.setdefault(outcome.build, {"answers": 0, "first_at": outcome.answered_at})
            seen["answers"] = int(seen["answers"]) + 1
            seen["last_at"] = outcome.answered_at
    return builds


def milliseconds(value: float | None) -> str:
    """A latency for the table: a dash when there was no request of that kind."""
    return "-" if value is None else f"{value:.1f}"


def summary(report: dict[str, Any]) -> str:
    """The report as a person reads it: a line per kind, then failures and memory."""
    lines = [f"{report['clients']} clients for {report['seconds']:g} s against {report['url']} "
             f"(seed {report['seed']}, drugs {', '.join(report['drugs'])})",
             f"{report['requests']} requests in {report['duration_s']:.1f} s: "
             f"{report['requests_per_s']:.1f} requests/s",
             f"{'kind':<8} {'count':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}  statuses"]
    for kind, row in report["kinds"].items():
        statuses = ", ".join(f"{status} x{count}" for status, count in row["statuses"].items())
        lines.append(f"{kind:<8} {row['count']:>6} {milliseconds(row['p50_ms']):>9} "
                     f"{milliseconds(row['p95_ms']):>9} {milliseconds(row['p99_ms']):>9}  {statuses}")
        lines += [f"{'':<8} {count} x {message}" for message, count in row["refusals"].items()]
        for status, shed in row["overload"].items():
            if shed["count"]:
                lines.append(f"{'':<8} {status}: {shed['with_retry_after']} of {shed['count']} with "
                             f"Retry-After, p99 {milliseconds(shed['p99_ms'])} ms")
    legitimate = report["legitimate"]
    failed = "; ".join(f"{kind}: " + ", ".join(f"{status} x{count}" for status, count in by_status.items())
                       for kind, by_status in legitimate["failures_by_kind"].items() if by_status)
    lines += [f"answered by build {build}: {seen['answers']}" for build, seen in report.get("builds", {}).items()]
    lines.append(f"legitimate (canned + adhoc): {legitimate['failures']} of {legitimate['requests']} "
                 f"failed{': ' + failed if failed else ''}")
    memory = report["server_memory"]
    if memory:
        lines.append(f"server memory (pid {memory['pid']} and descendants, {memory['samples']} samples): "
                     f"peak {memory['peak_mib']:.1f} MiB, last {memory['last_mib']:.1f} MiB")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the kg serve base URL, on loopback")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--drug", action="append", dest="drugs", help="repeat for several; default anakinra")
    parser.add_argument("--server-pid", type=int, help="sample this process's memory and its children's")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--client-timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    drugs = args.drugs or ["anakinra"]
    try:
        check_arguments(args.url, args.clients, args.seconds, drugs, args.server_pid)
    except ValueError as error:
        print(f"load.py: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    report = run_load(args.url, args.clients, args.seconds, drugs, args.server_pid, args.seed,
                      args.client_timeout)
    print(summary(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
