"""Numbers as pages write them: ASCII digits only, and not more of them than a number needs."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.sources.numerals import MAX_DIGITS, read_decimal, read_integer


@pytest.mark.parametrize(("text", "value"), [
    ("57", 57), ("0", 0), ("9" * MAX_DIGITS, int("9" * MAX_DIGITS)),
])
def test_ascii_digits_are_a_whole_number(text, value):
    assert read_integer(text) == value


@pytest.mark.parametrize("text", [
    "¹", "③", "٣", "５", "1²",     # str.isdigit() says yes, int() says no or reads another script
    "1" * (MAX_DIGITS + 1), "1" * 5000,  # int() refuses over 4,300 digits
    "", "1.5", "-1", " 1", "1 ",
])
def test_anything_else_is_not_a_whole_number(text):
    assert read_integer(text) is None


@pytest.mark.parametrize(("text", "value"), [
    ("53.44", Decimal("53.44")), ("0.36", Decimal("0.36")), (".36", Decimal("0.36")), ("12", Decimal(12)),
])
def test_decimals(text, value):
    assert read_decimal(text) == value


@pytest.mark.parametrize("text", ["1" * (MAX_DIGITS + 1), "1." + "1" * 5000, "٣.5", "1.5.5", "1.", "", "."])
def test_not_decimals(text):
    assert read_decimal(text) is None
