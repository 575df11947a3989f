"""``make bench``: time ``kg build`` on generated corpora against pyoxigraph's own on-disk
bulk load of the same triples, measured in the same run.

For each size (100, 1,000 and 5,000 drug pages by default) it writes a corpus
(``benchmarks/corpus.py``), builds it from scratch, then rebuilds after editing one page,
adding one and removing one; and it bulk-loads the build's triples (its ``kg.ttl`` as
N-Triples) into an empty on-disk store, with pyoxigraph's defaults: the floor no build
can beat. Each build and load runs in a process of its own; peak RSS is the largest sum
of resident memory over that process and its workers, sampled every 50 ms. The figures
go to ``benchmarks/results/build.json`` and a Markdown table, ``build.md``, that the
README quotes.

Run: .venv/bin/python benchmarks/build.py [--pages 100 1000 5000] [--workdir DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
_BUILD = """
import json, sys
from pathlib import Path
from kg.store.build import build
report = build([Path(sys.argv[1])], Path(sys.argv[2]), full=sys.argv[3] == "full")
print(json.dumps({"seconds": report.seconds, "triples": report.triples, "quads": report.quads,
                  "documents": len(report.documents), "rebuilt": report.rebuilt,
                  "violations": len(report.violations)}))
"""
_FLOOR = """
import sys
from pyoxigraph import RdfFormat, Store
store = Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=RdfFormat.N_TRIPLES)
store.flush()
"""


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:"))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration):
            continue
        pending += [int(child) for child in children]
    return total


def _timed(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the process tree, and standard output of a command."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - began
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command[:3])}... failed with exit code {process.returncode}")
    return wall, peak, output


def _build(sources: Path, out: Path, full: bool) -> dict[str, object]:
    wall, peak, output = _timed([sys.executable, "-c", _BUILD, str(sources), str(out),
                                 "full" if full else "incremental"])
    return {"wall_s": round(wall, 2), "peak_rss_gib": round(peak / 2**30, 3), **json.loads(output)}


def _floor(out: Path, work: Path) -> dict[str, object]:
    """pyoxigraph's bulk load of the build's triples into an empty on-disk store."""
    triples = work / "floor.nt"
    with triples.open("wb") as file:
        for name in ("default.nt", "extra.nt"):
            with (out / "current" / name).open("rb") as part:
                shutil.copyfileobj(part, file)
    store = work / "floor-store"
    wall, peak, _ = _timed([sys.executable, "-c", _FLOOR, str(triples), str(store)])
    shutil.rmtree(store)
    triples.unlink()
    return {"wall_s": round(wall, 2), "peak_rss_gib": round(peak / 2**30, 3)}


def measure(pages: int, work: Path) -> dict[str, object]:
    """Every figure for one corpus size."""
    sources, out = work / f"corpus-{pages}", work / f"build-{pages}"
    shutil.rmtree(sources, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    files = corpus.write_corpus(sources, pages)
    full = _build(sources, out, full=True)
    floor = _floor(out, work)
    drug_pages = [path for path in files if "Supporting references" in path.read_text(encoding="utf-8")[:20000]]
    corpus.edit_page(drug_pages[len(drug_pages) // 2], seed=1)
    edited = _build(sources, out, full=False)
    added = sources / f"{len(files):04d}_added.txt"
    added.write_text(corpus.drug_page_text(corpus.make_drug(pages)), encoding="utf-8")
    add = _build(sources, out, full=False)
    added.unlink()
    remove = _build(sources, out, full=False)
    shutil.rmtree(sources)
    shutil.rmtree(out)
    return {
        "pages": pages, "files": len(files), "full": full, "floor": floor,
        "ratio_to_floor": round(float(full["wall_s"]) / float(floor["wall_s"]), 2),  # type: ignore[arg-type]
        "triples_per_s": round(int(full["triples"]) / float(full["wall_s"])),  # type: ignore[arg-type]
        "s_per_page": round(float(full["wall_s"]) / pages, 4),  # type: ignore[arg-type]
        "edit_one": edited, "add_one": add, "remove_one": remove,
    }


def markdown(results: list[dict[str, object]], cores: int) -> str:
    """The figures as the table the README quotes."""
    lines = [
        f"Measured by `make bench` on {cores} cores ({platform.machine()}, Python "
        f"{platform.python_version()}), {time.strftime('%Y-%m-%d')}.",
        "",
        "| pages | triples | full build | triples/s | peak RSS | floor (bulk load) | build ÷ floor "
        "| s/page | edit one | add one | remove one | read / map / load / reason / validate / export (s) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        full, floor = r["full"], r["floor"]
        stages = " / ".join(f"{full['seconds'][stage]:.1f}" for stage in  # type: ignore[index]
                            ("read", "map", "load", "reason", "validate", "export"))
        lines.append(
            f"| {r['pages']:,} | {full['triples']:,} | {full['wall_s']} s | {r['triples_per_s']:,} "  # type: ignore[index]
            f"| {full['peak_rss_gib']} GiB | {floor['wall_s']} s | {r['ratio_to_floor']}x "  # type: ignore[index]
            f"| {r['s_per_page']} | {r['edit_one']['wall_s']} s | {r['add_one']['wall_s']} s "  # type: ignore[index]
            f"| {r['remove_one']['wall_s']} s | {stages} |")  # type: ignore[index]
    first, last = results[0], results[-1]
    lines += ["", f"Time per page at {last['pages']:,} pages ÷ at {first['pages']:,}: "
              f"{float(last['s_per_page']) / float(first['s_per_page']):.2f}x."]  # type: ignore[arg-type]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "drugkg-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    cores = len(os.sched_getaffinity(0))
    results = []
    for pages in args.pages:
        results.append(measure(pages, args.workdir))
        print(json.dumps(results[-1]), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "build.json").write_text(json.dumps({"cores": cores, "results": results}, indent=1) + "\n",
                                        encoding="utf-8")
    table = markdown(results, cores)
    (RESULTS / "build.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
