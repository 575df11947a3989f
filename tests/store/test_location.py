"""A build becomes current in one atomic step: builds killed at any moment leave the
previous build complete, queryable and identical, and their debris does not pile up;
two builds into one folder never interleave."""
from __future__ import annotations

import fcntl
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from paths import ROOT, SEEDS
from servers import kg


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def _drugs(out: Path) -> str:
    result = kg("query", "drugs", "--out", out, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_builds_killed_at_random_moments_leave_the_previous_build_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert kg("build", "--sources", SEEDS, "--out", out).returncode == 0
    turtle, drugs, size = (out / "kg.ttl").read_bytes(), _drugs(out), _size(out)
    assert "anakinra" in drugs
    moments = random.Random(16)
    for _ in range(8):
        build = subprocess.Popen([sys.executable, "-m", "kg", "build", "--sources", str(SEEDS),
                                  "--out", str(out), "--full"], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moments.uniform(0.3, 2.5))
        build.send_signal(signal.SIGKILL)
        build.wait()
        if build.returncode == 0:  # it finished first: the new build is the same graph
            assert _drugs(out) == drugs
        assert (out / "kg.ttl").read_bytes() == turtle
        assert _drugs(out) == drugs
        assert _size(out) < 4 * size, "killed builds' debris piles up"
    finished = kg("build", "--sources", SEEDS, "--out", out)
    assert finished.returncode == 0, finished.stderr
    assert (out / "kg.ttl").read_bytes() == turtle
    assert len(list((out / "builds").iterdir())) <= 2, "the current build and the one before it"
    assert not list(out.glob(".tmp-*")) and len(list((out / "cache").iterdir())) == 1
    assert _size(out) < 3 * size


def test_a_second_build_into_the_same_folder_says_one_is_running(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.write(f"pid {os.getpid()}")
        lock.flush()
        blocked = kg("build", "--sources", SEEDS, "--out", out)
        assert blocked.returncode == 1
        assert blocked.stderr.splitlines() == [
            f"{out}: another kg build (pid {os.getpid()}) is writing here: wait for it to finish, "
            "or build into another --out"]
        assert not (out / "kg.ttl").exists()
    assert kg("build", "--sources", SEEDS, "--out", out).returncode == 0
