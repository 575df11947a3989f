"""Time every canned query, in-process, on a built store: median and 95th percentile.

Each query runs with its documented examples; per-drug queries also run for a few
generated drugs (a typical drug of the corpus), so a query whose cost follows the
corpus instead of the drug shows up. The parameter lookup is timed with the query,
as a user pays for both.

Run: .venv/bin/python benchmarks/queries.py OUT [--drugs NAME ...] [--repeat 20]
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.query.catalog import load_catalog
from kg.query.run import Engine, LocalEngine, run_canned


def percentiles(times_ms: list[float]) -> dict[str, float]:
    """Median and 95th percentile (nearest rank) of a list of milliseconds."""
    ordered = sorted(times_ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2)}


def timed(action: Callable[[], object], repeat: int) -> dict[str, float]:
    """Percentiles of ``repeat`` runs after one warm-up run."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return percentiles(times)


def cases(drugs: Iterable[str]) -> list[tuple[str, dict[str, str]]]:
    """Every canned query with its examples, and each per-drug query again for each drug."""
    catalog = load_catalog()
    found: list[tuple[str, dict[str, str]]] = []
    for name, query in catalog.items():
        examples = query.examples()
        found.append((name, examples))
        if "drug" in examples:
            found += [(name, {**examples, "drug": drug}) for drug in drugs]
    return found


def time_cases(run: Callable[[str, Mapping[str, str]], object],
               queries: list[tuple[str, dict[str, str]]], repeat: int) -> list[dict[str, Any]]:
    """One row per case: its name, parameters and percentiles."""
    return [{"query": name, "params": params, **timed(lambda: run(name, params), repeat)}
            for name, params in queries]


def in_process(engine: Engine) -> Callable[[str, Mapping[str, str]], object]:
    """A runner of canned queries on an engine, as ``kg query`` runs them."""
    catalog = load_catalog()
    return lambda name, params: run_canned(engine, catalog[name], params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--drugs", nargs="*", default=[])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    queries = [case for case in cases(args.drugs) if not args.only or case[0] in args.only]
    rows = time_cases(in_process(LocalEngine.open(args.out)), queries, args.repeat)
    for row in sorted(rows, key=lambda row: -float(row["p50_ms"])):
        print(f"{row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f}  {row['query']} {json.dumps(row['params'])}")
    print(f"sum of medians: {sum(float(row['p50_ms']) for row in rows):.0f} ms")


if __name__ == "__main__":
    main()
