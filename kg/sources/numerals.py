"""Turn the digits a page writes into numbers: the one rule every reader uses.

A number is ASCII digits, at most ``MAX_DIGITS`` of them on each side of a decimal
point: ``¹``, ``③`` or ``٣`` pass ``str.isdigit`` but are not digits of a number here,
and no count, day, dose or sample size a page states needs more (``int()`` refuses
over 4,300 digits, and a longer run would only cost time). Anything else reads as
``None``, "not a number": where a page's grammar requires a number on that line (a
stated count, a date, an enrollment) the reader turns that into a SourceError naming
the line; in prose (notes, trial data, storage advice) the words just state no number.
"""
from __future__ import annotations

import re
from decimal import Decimal

MAX_DIGITS = 15
INTEGER = r"[0-9]+"
"""A run of digits in a pattern; only ``read_integer`` says whether it is a number."""
NUMBER = rf"{INTEGER}(?:\.{INTEGER})?"
"""A run of digits with an optional decimal part; only ``read_decimal`` reads it."""
_INTEGER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")
_DECIMAL = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}(?:\.[0-9]{{1,{MAX_DIGITS}}})?|\.[0-9]{{1,{MAX_DIGITS}}}")


def read_integer(text: str) -> int | None:
    """The value of ``text`` if it is a whole number of at most ``MAX_DIGITS`` ASCII digits."""
    return int(text) if _INTEGER.fullmatch(text) else None


def read_decimal(text: str) -> Decimal | None:
    """The value of ``text`` if it is a number like ``12``, ``0.36`` or ``.36`` within ``MAX_DIGITS``."""
    return Decimal(text) if _DECIMAL.fullmatch(text) else None
