"""Typed literals for the mapping: one place decides each datatype."""
from __future__ import annotations

import datetime
from decimal import Decimal

from pyoxigraph import Literal, NamedNode

from kg.records import YearMonth

XSD = "http://www.w3.org/2001/XMLSchema#"


def text(value: str) -> Literal:
    return Literal(value)


def english(value: str) -> Literal:
    return Literal(value, language="en")


def date(value: datetime.date) -> Literal:
    return Literal(value.isoformat(), datatype=NamedNode(XSD + "date"))


def year_month(value: YearMonth) -> Literal:
    """A month-only date as ``xsd:gYearMonth`` (``2021-12``), never padded to a day."""
    return Literal(value.isoformat(), datatype=NamedNode(XSD + "gYearMonth"))


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))


def decimal(value: Decimal) -> Literal:
    """Canonical XSD 1.1 form (``19.10`` -> ``19.1``, ``11.00`` -> ``11``), as stores keep it."""
    return Literal(format(value.normalize(), "f"), datatype=NamedNode(XSD + "decimal"))


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))
