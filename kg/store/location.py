"""Where a build lives inside ``--out``, how the next one replaces it in one step, and how
to open it for reading.

Each build is written in a folder of its own, ``OUT/builds/<id>/`` (store, kg.ttl and a
manifest), and becomes the build when the link ``OUT/current`` is replaced by a rename,
which is atomic: a reader sees the old build or the new one, never a mix, and a build
killed at any moment leaves ``current`` as it was. ``OUT/store`` and ``OUT/kg.ttl`` are
links through ``current``. A lock on ``OUT/.lock`` keeps two builds from interleaving;
the debris a killed build leaves (its folder, temporary files) is removed by the next
build, which also removes every build but the current one (kept until then so a server
still reading it can finish).
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from kg.errors import KgError

STORE_DIR = "store"
TURTLE_FILE = "kg.ttl"
CURRENT = "current"
BUILDS_DIR = "builds"
MANIFEST_FILE = "manifest.json"
DEFAULT_FILE = "default.nt"
"""Kept with each build: the default graph's asserted and per-graph inferred triples, sorted."""
INFERRED_FILE = "inferred.nt"
"""Kept with each build: what the ontology entails from each graph alone, sorted."""
EXTRA_FILE = "extra.nt"
"""Kept with each build: what the store added beyond those (joins across graphs, descriptions)."""
SOURCES_DIR = "sources"
"""Kept with each build: a copy of each source file as it was read, so the explorer shows
the very lines the build's facts cite, whatever happens to the originals after."""
_LOCK_FILE = ".lock"


def keep_sources(folder: Path, files: list[Path]) -> None:
    """Copy the source files read into the build's folder (file names are unique: each
    names its document)."""
    kept = folder / SOURCES_DIR
    kept.mkdir()
    for path in files:
        shutil.copyfile(path, kept / path.name)


def kept_source(folder: Path, file_name: str) -> Path | None:
    """The build's copy of a source file, or None (a build made before copies were kept,
    or a name that is not a plain file name)."""
    path = folder / SOURCES_DIR / file_name
    return path if Path(file_name).name == file_name and path.is_file() else None


def open_store(out: Path) -> Store:
    """Open the built store read-only, so several readers can share it.

    :raises KgError: ``out`` holds no build.
    """
    path = out / STORE_DIR
    if not path.is_dir():
        raise KgError(f"{path}: no built graph here: run 'kg build --out {out}' first")
    try:
        return Store.read_only(str(path.resolve()))
    except OSError as error:
        raise KgError(f"{path}: cannot open the store: {error}") from None


def served_build(out: Path) -> Path:
    """The folder of the build to serve from ``out`` now, to open by itself: the current
    build, or ``out`` itself when it holds a store directly.

    :raises KgError: ``out`` holds no build.
    """
    build = current_build(out) or out.resolve()
    if not (build / STORE_DIR).is_dir():
        raise KgError(f"{out / STORE_DIR}: no built graph here: run 'kg build --out {out}' first")
    return build


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold ``OUT/.lock`` for one build; the system releases it if the process dies.

    :raises KgError: another build holds it.
    """
    out.mkdir(parents=True, exist_ok=True)
    with (out / _LOCK_FILE).open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            raise KgError(f"{out}: another kg build ({holder}) is writing here: wait for it "
                          "to finish, or build into another --out") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"pid {os.getpid()}")
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


def current_build(out: Path) -> Path | None:
    """The folder of the current build, if there is one."""
    link = out / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def new_build_folder(out: Path) -> Path:
    """A fresh folder for the next build, named so builds sort by when they started."""
    builds = out / BUILDS_DIR
    builds.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-"), dir=builds))


def remove_debris(out: Path) -> None:
    """Remove what earlier builds left: every build folder but the current one, and
    temporary files of builds that were killed (call it holding the lock)."""
    current = current_build(out)
    builds = out / BUILDS_DIR
    for folder in builds.iterdir() if builds.is_dir() else ():
        if folder.resolve() != current:  # current is resolved: a relative OUT must be too
            shutil.rmtree(folder, ignore_errors=True)
    for leftover in out.glob(".tmp-*"):
        _remove(leftover)
    for leftover in out.glob(".old-*"):
        _remove(leftover)


def switch_to(out: Path, folder: Path) -> None:
    """Make ``folder`` the current build in one atomic rename."""
    for name, target in ((CURRENT, Path(BUILDS_DIR) / folder.name),
                         (STORE_DIR, Path(CURRENT) / STORE_DIR), (TURTLE_FILE, Path(CURRENT) / TURTLE_FILE)):
        link = out / name
        if link.exists() and not link.is_symlink():  # an older layout, or a copy that followed links
            aside = out / f".old-{name}"
            link.rename(aside)
            _remove(aside)
        if name == CURRENT or not link.is_symlink():
            _replace_link(link, target)


def read_manifest(folder: Path | None) -> dict[str, Any] | None:
    """What a build recorded of itself, if it can be read."""
    path = folder / MANIFEST_FILE if folder else None
    if path is None or not path.is_file():
        return None
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def _replace_link(link: Path, target: Path) -> None:
    temporary = link.with_name(f".tmp-link-{os.getpid()}-{link.name}")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target)
    os.replace(temporary, link)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
