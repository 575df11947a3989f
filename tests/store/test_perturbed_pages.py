"""Copies of the seed drug page (extra blank lines, wrapped titles and notes, CRLF, trailing
spaces) build to the same rows of the canned queries as the seed; a line the reader
cannot place reaches ``kg build``'s output as a ``PATH:LINE: warning``."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paths import DRUG_PAGE, SPS_PAGES
from perturbations import PERTURBATIONS
from kg.cli import app
from kg.query.run import run_query
from kg.store.build import build

QUERIES = ("references", "evidence-by-design", "dosing")
PLACES = ("source_line",)
"""Columns that say where a fact stands: a copy moves every line."""


def _sources(directory: Path, drug_page: bytes) -> Path:
    directory.mkdir()
    (directory / DRUG_PAGE.name).write_bytes(drug_page)
    shutil.copy(SPS_PAGES, directory / SPS_PAGES.name)
    return directory


def _rows(name: str, out: Path) -> list[dict[str, str | None]]:
    rows = run_query(name, {"drug": "anakinra"}, out).records()
    return [{column: value for column, value in row.items() if column not in PLACES} for row in rows]


@pytest.mark.parametrize("kind", ["spread", "all"])
def test_a_copy_of_the_page_builds_to_the_same_rows(kind: str, tmp_path: Path, seed_out: Path) -> None:
    sources = _sources(tmp_path / "sources", PERTURBATIONS[kind](DRUG_PAGE.read_text(encoding="utf-8")))
    report = build([sources], tmp_path / "out")
    assert report.warnings == ()
    for name in QUERIES:
        rows = _rows(name, tmp_path / "out")
        assert rows and rows == _rows(name, seed_out), name
    # SAVE-MORE: 405 + 189 placebo, impact factor 53.44, on the line its title starts in the copy
    (save_more,) = [row for row in run_query("references", {"drug": "anakinra"}, tmp_path / "out").records()
                    if (row["title"] or "").startswith("Early treatment of COVID-19 with anakinra guided")]
    assert (save_more["sample_size"], save_more["impact_factor"]) == ("594", "53.44")
    copy = (sources / DRUG_PAGE.name).read_bytes().decode("utf-8").replace("\r\n", "\n").split("\n")
    assert copy[int(save_more["source_line"] or 0) - 1].strip().startswith("Early treatment of COVID-19")


def test_a_warning_reaches_the_build_output(tmp_path: Path) -> None:
    """A tag line standing among the cohort study's notes (seed line 65) is kept as notes and
    named on stderr by path and line; the build succeeds."""
    lines = DRUG_PAGE.read_text(encoding="utf-8").split("\n")
    sources = _sources(tmp_path / "sources", "\n".join(lines[:65] + ["", "IL-1 Severe severity"]
                                                       + lines[65:]).encode("utf-8"))
    result = CliRunner().invoke(app, ["build", "--sources", str(sources), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    page = sources / DRUG_PAGE.name
    assert result.stderr.splitlines() == [
        f"{page}:67: warning: in reference 'Anakinra for severe forms of COVID-19: a cohort study': "
        "reads as a tag line but stands among the notes; kept as notes"]
    assert "read 2 documents" in result.stdout
