"""Where the seeds and fixtures are; imported by tests as ``from paths import ...``.

Kept out of conftest.py because pytest loads every conftest.py under the same module
name, so ``from conftest import`` would find whichever was loaded last.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "sources"
DRUG_PAGE = SEEDS / "002_0671227eafe6e4ef.txt"
SPS_PAGES = SEEDS / "000_1214d6c9dd7415a1.txt"
FIXTURES = ROOT / "tests" / "fixtures"
