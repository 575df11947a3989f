"""Find the sentences of a note that report a result with a number.

``clinical improvement in 72% of patients``, ``incidence of SRF ... was 70% lower``,
``survival of 10 out of 11 critically ill patients``: each is kept whole, with the
number, its unit (``%`` or ``patients``) and the measure the sentence names.
"""
from __future__ import annotations

import re
from decimal import Decimal

from kg.records import EffectStatement
from kg.sources.numerals import INTEGER, NUMBER, read_decimal, read_integer
from kg.sources.prose import sentences

MEASURES = (
    "mortality", "survival", "death", "clinical improvement", "clinical deterioration",
    "incidence", "mechanical ventilation", "intubation", "extubation", "ICU admission",
    "hospital stay", "improvement", "recovery",
)
# from where a run of digits starts: tried inside the run, it would cross the rest each time
_PERCENT = re.compile(rf"(?<![0-9])(?P<value>{NUMBER})\s*%")
_FRACTION = re.compile(rf"\b(?P<value>{INTEGER}) (?:out )?of (?:the )?(?P<of>{INTEGER})\b")
_MEASURE = re.compile("|".join(re.escape(measure) for measure in MEASURES), re.I)


def effect_statements(prose: str) -> tuple[EffectStatement, ...]:
    """Each sentence with a percentage or an ``N out of M``, by its first number."""
    statements = []
    for sentence in sentences(prose):
        number = _first_number(sentence)
        if number is not None:
            position, value, unit, of = number
            statements.append(EffectStatement(sentence.strip(), _measure(sentence, position),
                                              value, unit, of))
    return tuple(statements)


def _first_number(sentence: str) -> tuple[int, Decimal, str, int | None] | None:
    """Where the first percentage or ``N out of M`` is, and what it says; None without one,
    or when its digits are too many to be a number."""
    percent, fraction = _PERCENT.search(sentence), _FRACTION.search(sentence)
    if percent and (fraction is None or percent.start() < fraction.start()):
        value = read_decimal(percent.group("value"))
        return None if value is None else (percent.start(), value, "%", None)
    if fraction:
        value, of = read_decimal(fraction.group("value")), read_integer(fraction.group("of"))
        return None if value is None or of is None else (fraction.start(), value, "patients", of)
    return None


def _measure(sentence: str, position: int) -> str | None:
    """The measure named last before the number, else the first named after it."""
    measures = list(_MEASURE.finditer(sentence))
    before = [match for match in measures if match.start() < position]
    chosen = before[-1] if before else (measures[0] if measures else None)
    return chosen.group(0).lower() if chosen else None
