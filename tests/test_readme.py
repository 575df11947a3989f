"""The README's shown output is real output.

Every command of its ``console`` examples runs, in order, in a fresh folder holding the
seeds, with real servers where an example starts one (their loopback ports and store folder
are shown as in the README), and its output must be what the README shows. A shown output
ending in a line ``...`` is the first lines of the real output; a line ending in ``...`` is
the start of the real line. ``make readme`` writes the real output into the README.
"""
from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from paths import ROOT, SEEDS
from servers import free_port, needs_java, running

README = ROOT / "README.md"
UPDATE = os.environ.get("KG_UPDATE_README") == "1"
ELLIPSIS = "..."


@dataclass(frozen=True)
class Example:
    """One ``$ command`` and the README lines ``start:end`` that show its output."""

    command: str
    start: int
    end: int


def examples(lines: list[str]) -> Iterator[Example]:
    inside = False
    for number, line in enumerate(lines):
        if line.startswith("```"):
            inside = line == "```console"
        elif inside and line.startswith("$ "):
            end = number + 1
            while end < len(lines) and not lines[end].startswith(("$ ", "```")):
                end += 1
            while end > number + 1 and not lines[end - 1].strip():
                end -= 1
            yield Example(line[2:], number + 1, end)


def agrees(shown: list[str], real: list[str]) -> bool:
    if shown and shown[-1] == ELLIPSIS:
        shown, real = shown[:-1], real[:len(shown) - 1]
    return len(shown) == len(real) and all(
        r.startswith(s[:-len(ELLIPSIS)]) if s.endswith(ELLIPSIS) else r == s for s, r in zip(shown, real))


def shortened(shown: list[str], real: list[str]) -> list[str]:
    """The real output cut the way the README cuts it."""
    if not shown or shown[-1] != ELLIPSIS:
        return real
    kept = real[:len(shown) - 1]
    return [r[:len(s) - len(ELLIPSIS)] + ELLIPSIS if s.endswith(ELLIPSIS) else r
            for s, r in zip(shown, kept)] + [ELLIPSIS]


class Session:
    """A user's shell in a folder holding the seeds, with the servers the examples start."""

    def __init__(self, folder: Path, servers: contextlib.ExitStack) -> None:
        self.folder = folder
        self.servers = servers
        serve, oxigraph = free_port(), free_port()
        self.shown_as = {"127.0.0.1:8000": f"127.0.0.1:{serve}", "--port 8000": f"--port {serve}",
                         "127.0.0.1:7878": f"127.0.0.1:{oxigraph}", "/srv/drugkg": str(folder / "oxigraph")}
        self.env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
                    "COLUMNS": "100", "TERM": "dumb"}
        self.env.pop("PYTHONPATH", None)

    def run(self, command: str) -> list[str]:
        for shown, real in self.shown_as.items():
            command = command.replace(shown, real)
        if command.startswith(("kg serve", "oxigraph serve")):
            output = self._start(command.split("#")[0].strip().removesuffix("&").strip())
        else:
            output = subprocess.run(["bash", "-c", command], cwd=self.folder, env=self.env, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600).stdout
        for shown, real in self.shown_as.items():
            output = output.replace(real, shown)
        return output.rstrip("\n").splitlines()

    def _start(self, command: str) -> str:
        """Start a server; its output is its first line (the banner) once it answers."""
        words = shlex.split(command)
        port = re.findall(r"(?:--port |127\.0\.0\.1:)(\d+)", command)[0]
        ready = f"http://127.0.0.1:{port}/" + ("sparql" if words[0] == "kg" else "query?query=ASK%7B%7D")
        log = self.folder.parent / f"{words[0]}.log"
        binary = shutil.which(words[0], path=self.env["PATH"]) or words[0]
        self.servers.enter_context(running([binary, *words[1:]], ready, log, cwd=self.folder))
        banner = log.read_text(encoding="utf-8").splitlines()
        return banner[0] if banner and words[0] == "kg" else ""


@needs_java
def test_readme_shows_the_real_output_of_its_examples(tmp_path: Path) -> None:
    lines = README.read_text(encoding="utf-8").split("\n")
    folder = tmp_path / "user"
    shutil.copytree(SEEDS, folder / "data" / "sources")
    with contextlib.ExitStack() as servers:
        session = Session(folder, servers)
        outputs = [(example, session.run(example.command)) for example in examples(lines)]
    drifted = []
    for example, real in reversed(outputs):  # from the end, so earlier line numbers hold
        shown = lines[example.start:example.end]
        if not agrees(shown, real):
            drifted.insert(0, f"README.md:{example.start}: $ {example.command}\n  shows {shown[:3]}"
                              f"\n  gives {real[:3]}")
            lines[example.start:example.end] = shortened(shown, real)
    if UPDATE:
        README.write_text("\n".join(lines), encoding="utf-8")
    assert UPDATE or not drifted, "run 'make readme':\n" + "\n".join(drifted)
