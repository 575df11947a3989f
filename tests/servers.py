"""Real processes for the tests: the ``kg`` command, and servers started on 127.0.0.1 on a
free port and stopped after.

Imported as ``from servers import ...`` (see paths.py for why not conftest.py).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from paths import ROOT


def kg(*args: object) -> subprocess.CompletedProcess[str]:
    """The real command, as a user runs it: ``python -m kg ...`` from the project root."""
    return subprocess.run([sys.executable, "-m", "kg", *(str(arg) for arg in args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def require_or_skip(installed: bool, what: str, install: str, strict_variable: str) -> None:
    """Skip the calling test module when ``what`` is missing, unless CI demands it.

    :raises RuntimeError: missing while ``strict_variable`` is 1 (CI installs it first).
    """
    if installed:
        return
    if os.environ.get(strict_variable) == "1":
        raise RuntimeError(f"{strict_variable}=1 but {what} is not installed: run {install}")
    pytest.skip(f"{what} is not installed ({install})", allow_module_level=True)


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
"""Marks a test that runs the HermiT reasoner (owlready2 ships it; the machine gives Java)."""


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running(command: Sequence[str], ready_url: str, log: Path, timeout_s: float = 60.0,
            cwd: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``command``, wait until ``ready_url`` answers, stop it afterwards."""
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, cwd=cwd)
        try:
            _wait_until_up(process, ready_url, log, timeout_s)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url}: no answer after {timeout_s} s: {log.read_text(errors='replace')}")


def venv_binary(name: str) -> str:
    """A command installed beside this Python (the project's .venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed: run make install")
    return found


@dataclass(frozen=True)
class Oxigraph:
    """An ``oxigraph serve`` process's SPARQL and Graph Store Protocol addresses."""

    base: str

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"


@contextlib.contextmanager
def oxigraph_server(workdir: Path) -> Iterator[Oxigraph]:
    """The ``oxigraph`` PyPI package's server on a fresh on-disk store in ``workdir``."""
    binary = venv_binary("oxigraph")
    port = free_port()
    server = Oxigraph(f"http://127.0.0.1:{port}")
    command = [binary, "serve", "--location", str(workdir / "oxigraph"), "--bind", f"127.0.0.1:{port}"]
    with running(command, f"{server.base}/query?query=ASK%7B%7D", workdir / "oxigraph.log"):
        yield server


@dataclass(frozen=True)
class KgServer:
    """A ``kg serve`` process."""

    base: str

    @property
    def sparql_url(self) -> str:
        return f"{self.base}/sparql"


@contextlib.contextmanager
def kg_server(out: Path, workdir: Path, *options: str) -> Iterator[KgServer]:
    """The real ``kg serve`` over the build in ``out``, with extra command-line options."""
    port = free_port()
    server = KgServer(f"http://127.0.0.1:{port}")
    command = [venv_binary("kg"), "serve", "--out", str(out), "--port", str(port), *options]
    with running(command, f"{server.base}/sparql", workdir / "kg-serve.log"):
        yield server
