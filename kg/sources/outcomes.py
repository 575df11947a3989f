"""Find the sentences of a note that report a result with a number.

``clinical improvement in 72% of patients``, ``incidence of SRF ... was 70% lower``,
``survival of 10 out of 11 critically ill patients``: each is kept whole, with the
number, its unit (``%`` or ``patients``) and the measure the sentence names.
"""
from __future__ import annotations

import re
from decimal import Decimal

from kg.records import EffectStatement
from kg.sources.prose import sentences

MEASURES = (
    "mortality", "survival", "death", "clinical improvement", "clinical deterioration",
    "incidence", "mechanical ventilation", "intubation", "extubation", "ICU admission",
    "hospital stay", "improvement", "recovery",
)
_PERCENT = re.compile(r"(?P<value>\d+(?:\.\d+)?)\s*%")
_FRACTION = re.compile(r"\b(?P<value>\d+) (?:out )?of (?:the )?(?P<of>\d+)\b")
_MEASURE = re.compile("|".join(re.escape(measure) for measure in MEASURES), re.I)


def effect_statements(prose: str) -> tuple[EffectStatement, ...]:
    """Each sentence with a percentage or an ``N out of M``, by its first number."""
    statements = []
    for sentence in sentences(prose):
        percent, fraction = _PERCENT.search(sentence), _FRACTION.search(sentence)
        if percent and (fraction is None or percent.start() < fraction.start()):
            number, value, unit, of = percent, Decimal(percent.group("value")), "%", None
        elif fraction:
            number, value, unit = fraction, Decimal(fraction.group("value")), "patients"
            of = int(fraction.group("of"))
        else:
            continue
        statements.append(EffectStatement(sentence.strip(), _measure(sentence, number.start()),
                                          value, unit, of))
    return tuple(statements)


def _measure(sentence: str, position: int) -> str | None:
    """The measure named last before the number, else the first named after it."""
    measures = list(_MEASURE.finditer(sentence))
    before = [match for match in measures if match.start() < position]
    chosen = before[-1] if before else (measures[0] if measures else None)
    return chosen.group(0).lower() if chosen else None
