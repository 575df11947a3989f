"""Where the seeds and fixtures are; imported by tests as ``from paths import ...``.

Kept out of conftest.py because pytest loads every conftest.py under the same module
name, so ``from conftest import`` would find whichever was loaded last.
"""
from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from pyoxigraph import RdfFormat, parse

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "sources"
DRUG_PAGE = SEEDS / "002_0671227eafe6e4ef.txt"
SPS_PAGES = SEEDS / "000_1214d6c9dd7415a1.txt"
FIXTURES = ROOT / "tests" / "fixtures"

# The seed build's size: the default graph (asserted, inferred and the dataset description)
# and the named graphs written (two pages, five lexicons, three link sets, inferred, description).
SEED_TRIPLES = 11762
SEED_QUADS = 11961
SEED_GRAPHS = 12
SOURCE_GRAPHS = {"https://w3id.org/drugkg/id/source/000-1214d6c9dd7415a1",
                 "https://w3id.org/drugkg/id/source/002-0671227eafe6e4ef"}
# One graph per seed document and per lexicon used, the link set, what the ontology
# infers and the dataset's description (the ontology's own graph is not exported).
NAMED_GRAPHS = SOURCE_GRAPHS | {
    "https://w3id.org/drugkg/id/source/drugs", "https://w3id.org/drugkg/id/source/targets",
    "https://w3id.org/drugkg/id/source/conditions", "https://w3id.org/drugkg/id/source/identifiers",
    "https://w3id.org/drugkg/id/source/drug-classes",
    "https://w3id.org/drugkg/id/linkset/trial-publications",
    "https://w3id.org/drugkg/id/linkset/possible-duplicates",
    "https://w3id.org/drugkg/id/linkset/concept-names",
    "https://w3id.org/drugkg/id/graph/inferred", "https://w3id.org/drugkg/id/dataset/drugkg",
}
ONTOLOGY_GRAPH = "https://w3id.org/drugkg/ontology"
GOLD = FIXTURES / "gold"


def gold_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a hand-read gold TSV (tests/fixtures/gold/), ``#`` lines being comments."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
# kg push also sends the ontology's named graph, so a remote store can answer about classes.
ONTOLOGY_TRIPLES = sum(1 for _ in parse(path=str(ROOT / "ontology" / "drugkg.ttl"), format=RdfFormat.TURTLE))
SEED_PUSHED = SEED_QUADS + ONTOLOGY_TRIPLES + SEED_TRIPLES


def benchmark_module(name: str) -> ModuleType:
    """``benchmarks/NAME.py``, loaded from its file: benchmarks/ is not a package."""
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module
