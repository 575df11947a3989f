"""Where a build lives inside ``--out`` and how to open it for reading."""
from __future__ import annotations

from pathlib import Path

from pyoxigraph import Store

from kg.errors import KgError

STORE_DIR = "store"
TURTLE_FILE = "kg.ttl"


def open_store(out: Path) -> Store:
    """Open the built store read-only, so several readers can share it.

    :raises KgError: ``out`` holds no build.
    """
    path = out / STORE_DIR
    if not path.is_dir():
        raise KgError(f"{path}: no built graph here: run 'kg build --out {out}' first")
    try:
        return Store.read_only(str(path))
    except OSError as error:
        raise KgError(f"{path}: cannot open the store: {error}") from None
