"""Shared fixtures for the sources-stage tests.

The seed is the covid19-help.org text export for anakinra
(``data/sources/002_0671227eafe6e4ef.txt``). Tests that need a variant of it (CRLF,
BOM, extra blank lines, reordered references) build the file in ``tmp_path`` with
``seed_variant``; ``assert_seed_facts`` checks that any such variant still reads to
the facts the seed page states.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from kg.records import Document, DrugPage, Reference, ReferenceCounts
from kg.sources import drugpage

from paths import DRUG_PAGE as SEED, FIXTURES

# Where the seed's reference table runs: the column header, and the last date line.
SEED_REFERENCE_HEADER_LINE = 54
SEED_LAST_REFERENCE_LINE = 461
_DATE_LINE = re.compile(r"^[A-Z][a-z]{2}/\d{2}/\d{4}$")


def number_lines(raw: bytes) -> list[str]:
    """The file's lines as an editor numbers them (index 0 is line 1), independent of
    ``kg.sources.lines``: BOM dropped, CRLF/CR read as LF, surrounding spaces kept."""
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_line(seed_text: str) -> Callable[[int], str]:
    """The seed's line ``number`` (1-based), stripped of surrounding (nb)spaces."""
    lines = seed_text.split("\n")
    return lambda number: lines[number - 1].strip()


@pytest.fixture(scope="session")
def seed_document() -> Document:
    return drugpage.read(SEED)


@pytest.fixture(scope="session")
def seed_page(seed_document: Document) -> DrugPage:
    return seed_document.pages[0]


@pytest.fixture(scope="session")
def find_reference() -> Callable[[DrugPage, str], Reference]:
    """The one reference of ``page`` whose title starts with ``title_start``."""

    def find(page: DrugPage, title_start: str) -> Reference:
        found = [r for r in page.references if r.title.startswith(title_start)]
        assert len(found) == 1, f"{len(found)} references start with {title_start!r}"
        return found[0]

    return find


@pytest.fixture
def write_source(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a source file into ``tmp_path`` byte for byte (str is UTF-8, newlines kept)."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


def _split_seed(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """The seed as (lines before the references, one line list per reference, the rest)."""
    lines = text.split("\n")
    head = lines[:SEED_REFERENCE_HEADER_LINE]
    blocks: list[list[str]] = [[]]
    for line in lines[SEED_REFERENCE_HEADER_LINE:SEED_LAST_REFERENCE_LINE]:
        blocks[-1].append(line)
        if _DATE_LINE.match(line.strip()):
            blocks.append([])
    assert blocks.pop() == [], "the seed's reference table should end on a date line"
    return head, blocks, lines[SEED_LAST_REFERENCE_LINE:]


def _with_blank_lines(text: str) -> str:
    """Double every blank line and open a blank line after each date line, column
    header and trial row, so every block of the page is set apart by extra blanks."""
    out: list[str] = []
    for line in text.split("\n"):
        out.append(line)
        stripped = line.strip()
        if (not stripped or _DATE_LINE.match(stripped)
                or stripped in (drugpage.REFERENCE_HEADER, drugpage.TRIALS_HEADER)
                or stripped.startswith("NCT")):
            out.append("")
    return "\n".join(out)


def _reversed_references(text: str) -> str:
    head, blocks, tail = _split_seed(text)
    return "\n".join(head + [line for block in reversed(blocks) for line in block] + tail)


SEED_VARIANTS: dict[str, Callable[[str], bytes]] = {
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    "blank-lines": lambda text: _with_blank_lines(text).encode("utf-8"),
    "reversed-references": lambda text: _reversed_references(text).encode("utf-8"),
}


@pytest.fixture
def seed_variant(seed_text: str, write_source) -> Callable[[str], Path]:
    """Write the seed transformed by one of ``SEED_VARIANTS`` and return its path."""
    return lambda kind: write_source(f"{kind}.txt", SEED_VARIANTS[kind](seed_text))


@pytest.fixture(scope="session")
def seed_titles_in_file(seed_text: str) -> list[str]:
    """Every reference title of the seed, read straight from the file: the line after
    the column header and the line after each date line."""
    _, blocks, _ = _split_seed(seed_text)
    return [block[0].strip() for block in blocks]


@pytest.fixture(scope="session")
def assert_origins() -> Callable[[Document, Path], None]:
    """Every record's origin names the file and the line it starts on: the drug name,
    each reference's title line, each trial's row."""

    def check(document: Document, path: Path) -> None:
        lines = number_lines(path.read_bytes())
        page = document.pages[0]
        assert document.path == str(path)
        assert lines[page.drug.origin.line - 1].strip() == page.drug.name
        for reference in page.references:
            assert reference.origin.path == str(path)
            assert lines[reference.origin.line - 1].strip() == reference.title
        for trial in page.trials:
            assert lines[trial.origin.line - 1].startswith(f"{trial.nct_id} {trial.title} ")

    return check


@pytest.fixture(scope="session")
def assert_seed_facts(find_reference, assert_origins) -> Callable[[Document, Path], None]:
    """The facts of the anakinra seed page, whatever the file's bytes look like."""

    def check(document: Document, path: Path) -> None:
        assert document.format == "drugpage"
        assert document.warnings == ()
        (page,) = document.pages
        drug = page.drug
        assert drug.name == "Anakinra"
        assert drug.description == "A recombinant IL-1 receptor antagonist."
        assert drug.brand_names == ("KINERET", "PerkinRA")
        assert drug.research_phase == "Recommended by guidelines"
        assert len(drug.general_information) == 4
        assert drug.sequence is not None and len(drug.sequence) == 153
        assert drug.sequence.startswith("MRPSGRKSSKMQAFRIWDVNQKTFYLRNNQ")
        assert drug.sequence.endswith("VMVTKFYFQEDE")
        assert drug.counts == ReferenceCounts(57, 0, 0, 1)
        assert drug.targets == ("IL-1",)

        assert len(page.references) == 57
        assert {r.kind for r in page.references} == {"supporting"}
        first = find_reference(page, "Interleukin-1 blockade with high-dose anakinra")
        assert (first.date, first.population, first.tags) == (
            datetime.date(2020, 5, 7), "Patients", ())
        cohort = find_reference(page, "Anakinra for severe forms of COVID-19")
        assert (cohort.date, cohort.sample_size) == (datetime.date(2020, 5, 29), 96)
        save_more = find_reference(page, "Early treatment of COVID-19 with anakinra guided")
        assert (save_more.date, save_more.sample_size, save_more.impact_factor) == (
            datetime.date(2021, 9, 3), 594, Decimal("53.44"))
        ecmo = find_reference(page, "Extracorporeal Membrane Oxygenation for COVID-19")
        assert (ecmo.population, ecmo.impact_factor) == (
            "A paediatric patient on ECMO.", Decimal("0.69"))

        (trial,) = page.trials
        assert trial.nct_id == "NCT04443881"
        assert (trial.start, trial.completion) == (
            datetime.date(2020, 5, 8), datetime.date(2021, 3, 31))
        assert trial.enrollment == 179
        assert trial.age_range == "18 Years to 80 Years (Adult, Older Adult)"
        assert len(trial.sites) == 12 and {s.country for s in trial.sites} == {"Spain"}
        assert len(trial.outcome_measures) == 9

        assert_origins(document, path)

    return check
