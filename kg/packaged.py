"""The data the code reads — canned queries, ontology, rules, shapes and lexicons — located
inside the installed package, so a regular ``pip install`` works from any directory.

In the repository, ``kg/share/`` holds symlinks to the user's top-level ``queries/``,
``ontology/`` and ``data/lexicon/``; a wheel holds real copies of the same files.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shared(folder: str) -> Path:
    """A folder of ``kg/share/`` as a file-system path (the package is installed unzipped)."""
    return Path(str(files("kg").joinpath("share", folder)))
