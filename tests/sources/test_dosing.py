"""Dosing texts read into regimens and phases: amounts, units, routes, frequency, days."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.sources.dosing import read_regimens


def steps_of(text: str):
    return [[(step.amount, step.unit, step.routes, step.frequency, step.doses_per_day,
              step.first_day, step.last_day, step.duration_days) for step in regimen.steps]
            for regimen in read_regimens(text)]


def test_two_phases_on_days_keep_the_route_and_amount():
    # seed line 65 (cohort study, 52 + 44 control)
    assert steps_of("subcutaneously 100 mg twice daily on days 1-3, 100 mg daily on days 4-10") == [[
        (Decimal(100), "mg", ("subcutaneous",), "twice daily", Decimal(2), 1, 3, 3),
        (Decimal(100), "mg", ("subcutaneous",), "once daily", Decimal(1), 4, 10, 7)]]


def test_a_phase_with_only_a_frequency_keeps_the_amount_before_it():
    # seed line 207
    assert steps_of("Subcutaneously 100 mg every 6 hours on days 1–10, every 8 hours on days 11–14") == [[
        (Decimal(100), "mg", ("subcutaneous",), "every 6 hours", Decimal(4), 1, 10, 10),
        (Decimal(100), "mg", ("subcutaneous",), "every 8 hours", Decimal(3), 11, 14, 4)]]


def test_or_between_two_amounts_is_two_regimens_each_with_its_route():
    # seed line 140: non-ICU and ICU cohorts
    regimens = read_regimens(
        "100 mg subcutaneously four times a day (non-ICU) or 200 mg IV three times a day (ICU) for 7 days")
    assert [regimen.text for regimen in regimens] == [
        "100 mg subcutaneously four times a day (non-ICU)", "200 mg IV three times a day (ICU) for 7 days"]
    assert [regimen.routes for regimen in regimens] == [("subcutaneous",), ("intravenous",)]
    assert [regimen.steps[0].doses_per_day for regimen in regimens] == [Decimal(4), Decimal(3)]
    assert regimens[1].steps[0].duration_days == 7


def test_then_starts_a_phase_with_its_own_route():
    # seed line 179
    assert steps_of("200 mg IV, then subcutaneously 100 mg every 6 hours") == [[
        (Decimal(200), "mg", ("intravenous",), None, None, None, None, None),
        (Decimal(100), "mg", ("subcutaneous",), "every 6 hours", Decimal(4), None, None, None)]]


def test_words_that_only_add_to_a_phase_stay_with_it():
    # seed line 124: the total of doses is not a phase of its own
    [[step]] = steps_of("100 mg subcutaneous injection daily; total of 9 doses over 12 days")
    assert step == (Decimal(100), "mg", ("subcutaneous",), "once daily", Decimal(1), None, None, 12)
    # seed line 277: a mean total dose is not a dose
    [[step]] = steps_of("300 mg daily for 11 days, then tapered until day 14; a mean total dose of 3800 mg")
    assert step[0] == Decimal(300) and step[-1] == 11


@pytest.mark.parametrize(("text", "amount", "amount_max", "unit"), [
    ("200 - 300 mg once to twice daily", Decimal(200), Decimal(300), "mg"),
    ("5 or 6 mg/kg a day in two doses", Decimal(5), Decimal(6), "mg/kg"),
    ("100mg subcutaneously once a day for 10 days", Decimal(100), None, "mg"),
    ("A mean daily dose of 272.2 mg", Decimal("272.2"), None, "mg"),
])
def test_amounts_ranges_and_units(text, amount, amount_max, unit):
    [regimen] = read_regimens(text)
    step = regimen.steps[0]
    assert (step.amount, step.amount_max, step.unit) == (amount, amount_max, unit)


@pytest.mark.parametrize(("text", "frequency", "per_day"), [
    ("100 mg every 48 hours (due to renal insufficiency)", "every 48 hours", Decimal("0.5")),
    ("“...200 mg/12 h sc for 24 h and 200 mg/24 h with a maximum of 3 doses.”", "every 12 hours", Decimal(2)),
    ("A single dose of 100 mg subcutaneously", "single dose", None),
    ("200 mg twice on day one, 100 mg daily on days 2 and 3", "twice daily", Decimal(2)),
    ("100 mg three times a day", "three times daily", Decimal(3)),
    ("200 - 300 mg once to twice daily", "once to twice daily", None),
])
def test_frequencies(text, frequency, per_day):
    step = read_regimens(text)[0].steps[0]
    assert (step.frequency, step.doses_per_day) == (frequency, per_day)


def test_three_phases_joined_by_and():
    # seed line 417 (paediatric patient on ECMO)
    phases = steps_of("100 mg every 6 hours on days 1–5, 100 mg every 12 hours on days 5–10, "
                      "and 100 mg daily on days 11–13")[0]
    assert [(first, last) for *_, first, last, _ in phases] == [(1, 5), (5, 10), (11, 13)]


def test_text_without_a_dose_gives_no_regimen():
    assert read_regimens("For 5 days") == ()


def test_every_zero_hours_is_a_frequency_with_no_rate():
    # 24 / 0 doses a day was a DivisionByZero
    assert steps_of("100 mg every 0 hours") == [[
        (Decimal(100), "mg", (), "every 0 hours", None, None, None, None)]]


@pytest.mark.parametrize("text", ["100 mg twıce daily", "100 mg TWİCE DAILY", "100 mg two tımes a day"])
def test_a_frequency_word_with_a_letter_that_only_folds_to_ascii_is_not_that_word(text):
    """'ı' and 'İ' match 'i' case-insensitively but are no key of the times a day (a KeyError)."""
    ((step,),) = steps_of(text)
    assert step[3] != "twice daily" and step[4] != Decimal(2)


def test_over_long_numbers_are_not_amounts_or_days():
    huge = "1" * 5000
    assert steps_of(f"{huge} mg daily on days 1-{huge}") == [[(None, None, (), "once daily", Decimal(1), None, None, None)]]
