"""Shared fixtures: the seed graph is built once per session into a temporary directory."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.store.build import BuildReport, build
from paths import SEEDS


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The seeds built once: (build directory, report)."""
    out = tmp_path_factory.mktemp("seed-build")
    return out, build([SEEDS], out)


@pytest.fixture(scope="session")
def seed_out(seed_build: tuple[Path, BuildReport]) -> Path:
    """The build directory of the seeds."""
    return seed_build[0]
