"""The layering and the documentation stay true: readers know no RDF, the README lists everything."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from paths import ROOT
from kg.cli import app
from kg.query.catalog import load_catalog

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "kg" / "sources").glob("*.py")), ids=lambda p: p.name)
def test_readers_import_no_rdf_library(path: Path) -> None:
    assert not _imports(path) & {"rdflib", "pyoxigraph", "owlready2"}


@pytest.mark.parametrize("path", sorted((ROOT / "kg" / "triples").glob("*.py")), ids=lambda p: p.name)
def test_mapping_does_not_read_text(path: Path) -> None:
    assert "kg.sources" not in path.read_text(encoding="utf-8")


def test_every_cli_command_is_in_the_readme() -> None:
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"kg {name}" in README


def test_every_canned_query_is_in_the_readme() -> None:
    for name in load_catalog():
        assert f"`{name}`" in README


# The data's path, in order: a stage may import the stages before it, never one after.
STAGES = ("__init__", "errors", "packaged", "oxigraph", "records", "lexicon", "sources", "link", "triples", "ontology",
          "store", "query", "web", "cli", "__main__")


def _stage(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def _kg_imports(path: Path) -> set[str]:
    """The kg modules a file imports, at any depth (imports inside functions count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("kg."))
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "kg").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_stages_import_only_the_stages_before_them(path: Path) -> None:
    parts = path.relative_to(ROOT).with_suffix("").parts
    own = STAGES.index(parts[1])
    later = {module for module in _kg_imports(path) if STAGES.index(_stage(module)) > own}
    assert not later, f"{path.relative_to(ROOT)} imports a later stage: {sorted(later)}"
