"""``make fuzz``: read thousands of damaged pages of each format and count how each ended.

For each format it prints the pages read to records and triples, the PATH:LINE errors,
the other exceptions and the slowest page; it exits 1 on any other exception, an error
that does not name its line, or a page over the time limit (in CPU seconds), and keeps
each such page (with its traceback) in ``--keep`` to read again, as it keeps the slowest
page. The pages are those of ``pages.py`` at full size (megabyte lines, thousands of
repeats), from a new random seed each run; a page still reading after ``WATCHDOG``
seconds of wall time is stopped and counts as over the limit.

Run: .venv/bin/python tests/sources/fuzz.py [--examples 10000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from pages import PAGES, TIME_LIMIT, Format, damaged, names_its_line, read_and_map

WATCHDOG = 4 * TIME_LIMIT
"""Wall seconds after which a page is stopped: a reader gone quadratic fails the run, not hangs it."""


class Stopped(BaseException):
    """Raised into a page still reading at the watchdog's time (BaseException: no
    ``except Exception`` on the way may swallow it)."""


def _stop(signum: int, frame: object) -> None:
    raise Stopped


@dataclass
class Tally:
    """How the pages of one format ended."""

    kind: Format
    read: int = 0
    errors: int = 0
    exceptions: int = 0
    unplaced: int = 0
    slow: int = 0
    stopped: int = 0
    slowest: float = 0.0
    kept: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.exceptions or self.unplaced or self.slow)

    def __str__(self) -> str:
        pages = self.read + self.errors + self.exceptions + self.stopped
        return (f"{self.kind}: {pages} pages: {self.read} read to records and triples, "
                f"{self.errors} PATH:LINE errors ({self.unplaced} without their line), "
                f"{self.exceptions} other exceptions, {self.slow} over {TIME_LIMIT:g} s "
                f"({self.stopped} stopped at {WATCHDOG:g} s); slowest page {self.slowest:.2f} s of CPU")


def fuzz(kind: Format, examples: int, keep: Path) -> Tally:
    """Read ``examples`` damaged pages of a format; keep every page that fails."""
    tally = Tally(kind)
    page = keep / f"{kind}.txt"

    def kept(raw: bytes, why: str) -> None:
        path = keep / f"{kind}-{len(tally.kept) + 1}.txt"
        path.write_bytes(raw)
        path.with_suffix(".why").write_text(why, encoding="utf-8")
        tally.kept.append(path)

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(damaged(PAGES[kind]))
    def one(raw: bytes) -> None:
        page.write_bytes(raw)
        signal.setitimer(signal.ITIMER_REAL, WATCHDOG)
        try:
            outcome = read_and_map(page)
        except Stopped:
            tally.slow += 1
            tally.stopped += 1
            kept(raw, f"stopped after {WATCHDOG:g} s")
            return
        except Exception:  # the very thing counted: any exception but a SourceError
            tally.exceptions += 1
            kept(raw, traceback.format_exc())
            return
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = outcome.seconds
        if seconds > tally.slowest:
            tally.slowest = seconds
            (keep / f"{kind}-slowest.txt").write_bytes(raw)
        if outcome.error is None:
            tally.read += 1
        else:
            tally.errors += 1
            if not names_its_line(outcome.error, page, raw):
                tally.unplaced += 1
                kept(raw, outcome.error)
        if seconds > TIME_LIMIT:
            tally.slow += 1
            kept(raw, f"{seconds:.2f} s of CPU")

    one()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description="Read damaged source pages of each format.")
    parser.add_argument("--examples", type=int, default=10_000, help="pages of each format")
    parser.add_argument("--keep", type=Path, default=None,
                        help="where failing pages are kept (default: a new temporary folder)")
    args = parser.parse_args()
    keep = args.keep or Path(tempfile.mkdtemp(prefix="kg-fuzz-"))
    keep.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGALRM, _stop)
    started = time.perf_counter()
    tallies = []
    for kind in PAGES:
        tallies.append(fuzz(kind, args.examples, keep))
        print(tallies[-1], flush=True)
    print(f"wall time {time.perf_counter() - started:.0f} s")
    failed = [path for tally in tallies for path in tally.kept]
    if failed:
        print(f"{len(failed)} failing pages kept in {keep} (each with a .why file):", file=sys.stderr)
        for path in failed[:10]:
            print(f"{path}: {path.with_suffix('.why').read_text(encoding='utf-8').splitlines()[-1]}",
                  file=sys.stderr)
    sys.exit(1 if any(tally.failed for tally in tallies) else 0)


if __name__ == "__main__":
    main()
