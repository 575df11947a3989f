"""Reading takes time in proportion to the text: no pattern crosses a long run once per
character of it. Each text below is one that took quadratic time (a run of 200,000 digits
in a percentage took ~9 minutes); now each reads in well under a second."""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.errors import SourceError
from kg.lexicon import drug_mention_spans
from kg.records import Origin, YearMonth
from kg.sources import comedications, dosing, guidance, outcomes, read_source, samples
from kg.sources.prose import MAX_PROSE

from paths import DRUG_PAGE, SPS_PAGES

N = 200_000
LIMIT = 3.0  # seconds; each case takes ~0.1 s, and took minutes to hours before


def _trial_update(text: str) -> object:
    return guidance.trial_update(YearMonth(2021, 9), text, Origin("x.txt", 1))


CASES: dict[str, tuple[Callable[[str], object], str]] = {
    "percent after digits": (outcomes.effect_statements, "1" * N + "x"),
    "temperature after digits": (guidance.excursion, "refrigerator for 2 hours " + "1" * N + "x"),
    "amount after digits": (dosing.read_regimens, "1" * N),
    "biomarker in a long word": (lambda text: guidance.biomarker_criteria(text, Origin("x", 1)), "a" * N + " %"),
    "planned count in '1,1,1'": (_trial_update, "1," * (N // 2) + "x"),
    "trial name in 'AA-AA-AA'": (_trial_update, "AA-" * (N // 3)),
    "condition after many 'in'": (guidance.question_shape, "in A " * (N // 5) + "(x"),
    "shape after many 'use of'": (guidance.question_shape, "use of " * (N // 7) + ")"),
    "shape's prior without ')'": (guidance.question_shape,
                                  "use of a " + "as first line therapy (after failing x " * (N // 40)),
    "candidates with a run of spaces": (guidance.question_shape,
                                        "use of a" + " " * N + "x as first line therapy (after failing b)"),
    "many 'or' between amounts": (dosing.read_regimens, "1 mg or " * (N // 8)),
    "many words added to a phase": (dosing.read_regimens, "100 mg daily" + "; total 1 day" * (N // 13)),
    "deeply nested brackets": (lambda text: samples.read_sample_size(text, bool, bool),
                               "1 (" + "(" * N + ")" * N),
    "many not-given-with cues": (lambda text: comedications.co_medications(text, [], "anakinra"),
                                 "versus " * (N // 7) + "tocilizumab"),
    "many drugs and their alternatives": (lambda text: comedications.co_medications(text, [], "anakinra"),
                                          "tocilizumab or anakinra or " * (N // 27)),
    "lexicon names among INN stems": (drug_mention_spans, "tocilizumab fooximab " * (N // 21)),
}


def _within_limit(read: Callable[[], object]) -> None:
    started = time.perf_counter()
    read()
    assert time.perf_counter() - started < LIMIT


@pytest.mark.parametrize("name", CASES)
def test_prose_reads_in_linear_time(name):
    read, text = CASES[name]
    _within_limit(lambda: read(text))


PAGE_LINES = {  # seed, its line, what replaces it
    "trial row with a run of spaces": (DRUG_PAGE, 466, "NCT04443881 a Completed" + " " * N + "x"),
    "trial bullet with a run of spaces": (DRUG_PAGE, 473, "• a" + " " * N + "x"),
    "population with a run of tabs": (DRUG_PAGE, 56, "Patients" + "\t" * N + "x"),
    "substance with a run of spaces": (SPS_PAGES, 27, "Interleukin" + " " * N + "x"),
    "regulatory status with a run of spaces": (SPS_PAGES, 47, "Dec 21Approved in the EU" + " " * N + "x"),
}


@pytest.mark.parametrize("name", PAGE_LINES)
def test_pages_read_in_linear_time(name, tmp_path: Path):
    seed, number, line = PAGE_LINES[name]
    lines = seed.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = line
    path = tmp_path / seed.name
    path.write_text("\n".join(lines), encoding="utf-8")

    def read() -> None:
        try:
            read_source(path)
        except SourceError as error:
            assert str(error).startswith(f"{path}:")

    _within_limit(read)


@pytest.mark.parametrize(("seed", "number", "run", "facts"), [
    (DRUG_PAGE, 65, "1 mg or ", "regimens"),               # 125,000 regimens: four seconds
    (SPS_PAGES, 62, "hazard ratio ", "effect_sizes"),      # a 300-character window each: six
    (SPS_PAGES, 48, "odds ratio was 0.5 ", "criteria"),
], ids=["notes", "trial data", "regulatory status"])
def test_prose_too_long_to_read_for_facts_is_kept_with_a_warning(seed, number, run, facts, tmp_path: Path):
    """Each fact found costs time, however linear: prose of more than ``MAX_PROSE``
    characters keeps its words, yields no facts, and the page warns at its line."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    lines[number - 1] += run * (1_000_000 // len(run))
    path = tmp_path / seed.name
    path.write_text("\n".join(lines), encoding="utf-8")
    started = time.perf_counter()
    document = read_source(path)
    assert time.perf_counter() - started < LIMIT
    (warning,) = [w for w in document.warnings if "not read for facts" in w.message]
    assert warning.message.endswith(f"of prose kept but not read for facts (at most {MAX_PROSE:,})")
    (record,) = [record for page in document.pages for record in (
        *getattr(page, "references", ()), *getattr(page, "events", ()), *getattr(page, "trial_updates", ()))
        if record.origin.line == warning.origin.line]
    assert getattr(record, facts) == ()
