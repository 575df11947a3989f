"""Pull the labelled facts out of a reference's notes: sample size, dosage, endpoint.

Notes are prose with labelled sentences, e.g. (seed 002, line 60)
``… Sample size: 52 + 44 control. Dosage: subcutaneously 100 mg twice daily …``.
This module reads only what is unambiguous now: a total is given only when every
part of the sample-size text is a plain count; anything else keeps the text and no
number. Finer structure of doses and outcomes is issue 5.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

LABELS = {
    "sample size": "sample_size",
    "dosage": "dosage",
    "endpoint": "endpoint",
    "primary endpoint": "endpoint",
    "main outcome": "endpoint",
    "primary outcome": "endpoint",
}
ROUTES = {
    "subcutaneous": re.compile(r"subcutaneous(?:ly)?|\bs\.?c\.?(?=[\s,;.)]|$)", re.I),
    "intravenous": re.compile(
        r"intravenous(?:ly)?(?!\s+immunoglobulin)|\bi\.?v\.?(?=[\s,;.)\]]|$)", re.I),
    "oral": re.compile(r"\borally\b|\boral\b", re.I),
}
CO_MEDICATIONS = {
    "methylprednisolone": re.compile(r"\bmethylprednisolone\b", re.I),
    "dexamethasone": re.compile(r"\bdexamethasone\b", re.I),
    "remdesivir": re.compile(r"\bremdesivir\b", re.I),
    "ruxolitinib": re.compile(r"\bruxolitinib\b", re.I),
    "hydroxychloroquine": re.compile(r"\bhydroxychloroquine\b", re.I),
    "lopinavir/ritonavir": re.compile(r"\blopinavir\b", re.I),
    "intravenous immunoglobulin": re.compile(r"\bIVIg\b|intravenous immunoglobulins?", re.I),
    "tocilizumab": re.compile(r"\btocilizumab\b", re.I),
    "corticosteroids": re.compile(r"\bcorticosteroids?\b|\bglucocorticoids?\b", re.I),
    "acetylsalicylic acid": re.compile(r"\bacetylsalicylic acid\b|\baspirin\b", re.I),
}
_LABEL = re.compile(r"\b(" + "|".join(sorted(LABELS, key=len, reverse=True)) + r"):\s*", re.I)
_PARENTHESES = re.compile(r"\([^()]*\)")
_COUNT_PART = re.compile(r"^\s*(\d+)\b[^\d]*$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """The labelled facts of one reference's notes."""

    sample_size_text: str | None
    sample_size: int | None
    dosage_text: str | None
    routes: tuple[str, ...]
    co_medications: tuple[str, ...]
    endpoint: str | None


def read_notes(notes: str, drug_name: str) -> NoteFacts:
    """Read the facts of a note; ``drug_name`` is left out of the co-medications."""
    labelled = _labelled_segments(notes)
    sample_text = labelled.get("sample_size")
    dosage = labelled.get("dosage")
    prose = _LABEL.split(notes)[0]
    return NoteFacts(
        sample_size_text=sample_text,
        sample_size=total_participants(sample_text) if sample_text else None,
        dosage_text=dosage,
        routes=_routes(dosage if dosage else _without_combination(prose)),
        co_medications=_co_medications(prose, drug_name),
        endpoint=labelled.get("endpoint"),
    )


def total_participants(text: str) -> int | None:
    """Total of ``52 + 44 control``-style counts; None when any part is not a plain count."""
    stripped = text
    while _PARENTHESES.search(stripped):
        stripped = _PARENTHESES.sub(" ", stripped)
    counts = [_COUNT_PART.match(part) for part in stripped.split("+")]
    if not all(counts):
        return None
    return sum(int(match.group(1)) for match in counts if match)


def _labelled_segments(notes: str) -> dict[str, str]:
    pieces = _LABEL.split(notes)
    found: dict[str, str] = {}
    for label, value in zip(pieces[1::2], pieces[2::2]):
        key = LABELS[label.lower()]
        text = value.strip().rstrip(".").strip()
        if text and key not in found:
            found[key] = text
    return found


def _without_combination(prose: str) -> str:
    """Sentences about companion drugs name their routes, not the studied drug's."""
    sentences = _SENTENCE.split(prose)
    return " ".join(s for s in sentences if "combination with" not in s.lower())


def _routes(text: str) -> tuple[str, ...]:
    return tuple(route for route, pattern in ROUTES.items() if pattern.search(text))


def _co_medications(prose: str, drug_name: str) -> tuple[str, ...]:
    return tuple(
        name for name, pattern in CO_MEDICATIONS.items()
        if pattern.search(prose) and name.lower() != drug_name.lower()
    )
