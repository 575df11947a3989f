"""Build an expected EffectSize from the numbers as a page writes them."""
from __future__ import annotations

from decimal import Decimal

from kg.records import EffectSize


def effect(measure: str, value: str, level: int | None = None, low: str | None = None,
           high: str | None = None, p_comparator: str | None = None,
           p_value: str | None = None) -> EffectSize:
    def number(text: str | None) -> Decimal | None:
        return Decimal(text) if text is not None else None
    return EffectSize(measure, Decimal(value), level, number(low), number(high), p_comparator,
                      number(p_value))
