"""How much structure the notes gave: per field, which references' notes yielded it.

A curator reads this to see what the readers could not structure, and where: every
reference is named by ``PATH:LINE`` of its title, with the words that were kept.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.records import Document, DrugPage, Reference


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A reference whose notes did not yield a field, and the words they had for it."""

    place: str
    title: str
    text: str | None


@dataclass(frozen=True, slots=True)
class FieldReport:
    """One field: how many references' notes yielded it, of how many, and the rest."""

    field: str
    question: str
    yielded: int
    references: int
    stated: int
    missing: tuple[Shortfall, ...]


def _fully_dosed(reference: Reference) -> bool:
    """Every phase of every regimen has its amount (per dose or, as stated, a day) and frequency."""
    steps = [step for regimen in reference.regimens for step in regimen.steps]
    return bool(steps) and all((step.amount is not None or step.daily_amount is not None) and step.frequency
                               for step in steps)


# field, what it asks, whether a reference yields it, the text it has for it (if stated)
FIELDS: tuple[tuple[str, str, Callable[[Reference], bool], Callable[[Reference], str | None]], ...] = (
    ("sample size", "a total of treated and controls", lambda r: r.sample_size is not None,
     lambda r: r.sample.text if r.sample else None),
    ("dosing", "regimens whose every phase has amount and frequency", _fully_dosed,
     lambda r: r.dosage_text),
    ("route", "a route of administration", lambda r: bool(r.routes), lambda r: None),
    ("co-medication", "a drug given with the studied one", lambda r: bool(r.co_medications),
     lambda r: None),
    ("endpoint", "the main outcome or endpoint", lambda r: r.endpoint is not None, lambda r: None),
    ("result", "a result with a number", lambda r: bool(r.effects), lambda r: None),
    ("condition", "a condition of the lexicon", lambda r: bool(r.conditions), lambda r: None),
    ("population", "a patient group of the lexicon", lambda r: bool(r.populations), lambda r: None),
)


def extraction_report(documents: Iterable[Document]) -> list[FieldReport]:
    """Per field, the references of every drug page whose notes yielded it and those that did not."""
    references = [(document.path, reference) for document in documents for page in document.pages
                  if isinstance(page, DrugPage) for reference in page.references]
    report = []
    for field, question, yields, text_of in FIELDS:
        missing = tuple(Shortfall(f"{path}:{ref.origin.line}", ref.title, text_of(ref))
                        for path, ref in references if not yields(ref))
        stated = sum(1 for _, ref in references if yields(ref) or text_of(ref))
        report.append(FieldReport(field, question, len(references) - len(missing), len(references),
                                  stated, missing))
    return report
