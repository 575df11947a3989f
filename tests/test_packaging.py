"""The package as a user installs it: a regular wheel in a fresh venv, used from a directory
that is not the checkout, builds and queries the seeds with only the files it ships."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from paths import ROOT, SEED_TRIPLES, SEEDS


def _run(*command: str | Path, cwd: Path) -> str:
    """Run a command without the checkout on its path; fail with its output if it fails."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", folder, ROOT, cwd=folder)
    (built,) = folder.glob("drugkg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin/`` of a fresh venv holding the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", venv, cwd=venv)
    _run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=venv)
    return venv / "bin"


def test_wheel_ships_every_query_ontology_file_and_lexicon(wheel: Path) -> None:
    shipped = set(zipfile.ZipFile(wheel).namelist())
    for folder, inside in (("queries", "queries"), ("ontology", "ontology"), ("data/lexicon", "lexicon")):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                assert f"kg/share/{inside}/{path.relative_to(ROOT / folder)}" in shipped, path
    assert {"kg/web/templates/base.html", "kg/ontology/templates/ontology.html", "kg/py.typed"} <= shipped


def test_installed_package_builds_and_queries_the_seeds_from_another_directory(
        installed: Path, tmp_path: Path) -> None:
    where = _run(installed / "python", "-c", "import kg; print(kg.__file__)", cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(installed.parent), where
    assert "references" in _run(installed / "kg", "queries", cwd=tmp_path)

    built = _run(installed / "kg", "build", "--sources", SEEDS, "--out", "out", cwd=tmp_path)
    assert f"wrote {SEED_TRIPLES} triples" in built

    rows = list(csv.DictReader(_run(installed / "kg", "query", "top-impact", "-p", "drug=anakinra",
                                    "-p", "limit=1", "--format", "csv", "--out", "out",
                                    cwd=tmp_path).splitlines()))
    assert rows[0]["impact_factor"] == "53.44"
    assert rows[0]["title"].startswith("Early treatment of COVID-19 with anakinra guided by soluble urokinase")

    validated = _run(installed / "kg", "validate", "--out", "out", cwd=tmp_path)
    assert "conforms to the SHACL shapes" in validated
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
