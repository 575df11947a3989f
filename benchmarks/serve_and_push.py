"""Benchmark: what HTTP costs over in-process queries, and kg push against one big PUT.

Prints figures and ratios against baselines measured in the same run:
- median latency of the canned query ``references -p drug=anakinra`` in-process (baseline),
  through ``kg serve`` (/queries/references, a worker process per query), and through an
  Oxigraph server with ``--endpoint`` (SPARQLWrapper);
- ``kg push`` of a synthetic graph in 50,000-triple chunks against one PUT of the whole
  N-Triples body (baseline), both into a fresh ``oxigraph serve``.

Run: .venv/bin/python benchmarks/serve_and_push.py [--triples 300000] [--repeat 30]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, serialize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from kg.query.run import run_query  # noqa: E402
from kg.store.build import build  # noqa: E402
from kg.store.push import push  # noqa: E402
from servers import kg_server, oxigraph_server  # noqa: E402


def median_ms(action, repeat: int) -> float:  # noqa: ANN001 - a zero-argument callable
    action()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def synthetic_build(out: Path, triples: int) -> bytes:
    """A build directory whose default graph holds ``triples`` drug-like statements."""
    base = "https://w3id.org/drugkg/id/publication/bench-"
    title = NamedNode("http://purl.org/dc/terms/title")
    quads = [Quad(NamedNode(f"{base}{n // 3}"), NamedNode(f"{title.value}{n % 3}"),
                  Literal(f"Study {n} of anakinra in COVID-19"))
             for n in range(triples)]
    store = Store(str(out / "store"))
    data = serialize(quads, format=RdfFormat.N_QUADS)
    store.bulk_load(data, format=RdfFormat.N_QUADS)
    store.flush()
    return serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        seeds = work / "seeds"
        build([ROOT / "data" / "sources"], seeds)
        given = {"drug": "anakinra"}
        local = median_ms(lambda: run_query("references", given, seeds), args.repeat)
        with kg_server(seeds, work) as served:
            url = f"{served.base}/queries/references"
            http = median_ms(lambda: httpx.get(url, params={**given, "format": "json"}).raise_for_status(),
                             args.repeat)
        (work / "ox1").mkdir()
        with oxigraph_server(work / "ox1") as oxigraph:
            push(seeds, oxigraph.store_url)
            remote = median_ms(lambda: run_query("references", given, seeds, oxigraph.query_url),
                               args.repeat)
        print("references -p drug=anakinra (57 rows), median of", args.repeat)
        print(f"  in-process (baseline)        {local:8.1f} ms")
        print(f"  kg serve /queries            {http:8.1f} ms   x{http / local:.2f}")
        print(f"  oxigraph serve + --endpoint  {remote:8.1f} ms   x{remote / local:.2f}")

        synthetic = work / "synthetic"
        synthetic.mkdir()
        body = synthetic_build(synthetic, args.triples)
        (work / "ox2").mkdir()
        with oxigraph_server(work / "ox2") as oxigraph:
            started = time.perf_counter()
            httpx.put(f"{oxigraph.store_url}?default", content=body, timeout=600,
                      headers={"Content-Type": "application/n-triples"}).raise_for_status()
            one_put = time.perf_counter() - started
            started = time.perf_counter()
            report = push(synthetic, oxigraph.store_url)
            chunked = time.perf_counter() - started
        print(f"push {args.triples:,} triples ({len(body) / 1e6:.0f} MB of N-Triples) into oxigraph serve")
        print(f"  one PUT from memory (baseline) {one_put:6.2f} s  ({args.triples / one_put:,.0f} triples/s)")
        print(f"  kg push, 50k chunks + read-back {chunked:6.2f} s  ({args.triples / chunked:,.0f} triples/s)"
              f"   x{chunked / one_put:.2f}; store holds {report.held:,}")


if __name__ == "__main__":
    main()
