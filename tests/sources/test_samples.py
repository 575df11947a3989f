"""Sample-size texts read into arms: every shape the seed page uses."""
from __future__ import annotations

import time

import pytest

from kg.sources.notes import read_notes


def sample(text: str):
    return read_notes(f"Sample size: {text}.", "anakinra").sample


@pytest.mark.parametrize(("text", "arms"), [
    ("52 + 44 control", [(52, "treated", ()), (44, "control", ())]),
    ("(intention-to-treat) 405 + 189 placebo", [(405, "treated", ()), (189, "control", ("placebo",))]),
    ("9 (in 1 of which the treatment was prematurely stopped)", [(9, "treated", ())]),
    ("10 (anakinra, corticosteroids, and tocilizumab (optional)) + 59 (corticosteroids and "
     "tocilizumab) + 74 (corticosteroids)",
     # tocilizumab is optional for the treated: the 59 got it in place of anakinra, the 74
     # only the corticosteroids every treated patient got
     [(10, "treated", ()), (59, "active-comparator", ()), (74, "control", ())]),
    ("1 (case report) + 5 (case series)", [(1, "treated", ()), (5, "treated", ())]),
    ("130 + 130 matched control (standard of care)",
     [(130, "treated", ()), (130, "control", ("standard-of-care", "matched"))]),
    ("5 patients received anakinra (alone or combined with other anti-inflammatory drugs)",
     [(5, "treated", ())]),
    ("9 + 18 tocilizumab control", [(9, "treated", ()), (18, "active-comparator", ())]),
    ("63 (early anakinra with or without corticosteroids) + 65 control "
     "(late anti-inflammatory treatment)", [(63, "treated", ()), (65, "control", ())]),
    ("60 + 42 (tocilizumab instead)", [(60, "treated", ()), (42, "active-comparator", ())]),
    ("62 + 275 control (no IL inhibition)", [(62, "treated", ()), (275, "control", ())]),
    ("10 + 74 (corticosteroids)", [(10, "treated", ()), (74, "active-comparator", ())]),
    ("30 + 30 (active comparator)", [(30, "treated", ()), (30, "active-comparator", ())]),
    ("12 + 12 (standard of care with dexamethasone)", [(12, "treated", ()), (12, "control", ("standard-of-care",))]),
    ("52 + 103 matched control", [(52, "treated", ()), (103, "control", ("matched",))]),
    ("65 + 55 historical control", [(65, "treated", ()), (55, "control", ("historical",))]),
    ("119", [(119, "treated", ())]),
])
def test_arms(text, arms):
    read = sample(text)
    assert [(arm.size, arm.role, arm.control_kinds) for arm in read.arms] == arms
    assert read.total == sum(size for size, _, _ in arms)
    assert read.text == text


@pytest.mark.parametrize("text", [
    "(14 + 4) pooled with tocilizumab + 15 control",
    "24 (+ 26 pooled with Tocilizumab) out of 382 (the whole assessed cohort)",
    "about a hundred",
])
def test_ambiguous_text_is_kept_without_a_number(text):
    read = sample(text)
    assert read.text == text
    assert (read.arms, read.total, read.treated, read.controls) == ((), None, None, None)


def test_treated_and_control_counts():
    read = sample("(intention-to-treat) 405 + 189 placebo")
    assert (read.total, read.treated, read.controls) == (594, 405, 189)


def test_arm_descriptions_lose_only_their_outer_parentheses():
    read = sample("10 (anakinra, corticosteroids, and tocilizumab (optional)) + 65 control (late treatment)")
    assert [arm.description for arm in read.arms] == [
        "anakinra, corticosteroids, and tocilizumab (optional)", "control (late treatment)"]


@pytest.mark.parametrize(("text", "counts"), [
    # every "Sample size:" of the seed page with more than one group, read by hand:
    # (total, treated, controls, active comparators)
    ("52 + 44 control", (96, 52, 44, 0)),                                      # line 65
    ("9 + 18 tocilizumab control", (27, 9, 0, 18)),                            # line 72
    ("65 + 55 control", (120, 65, 55, 0)),                                     # line 109
    ("10 (anakinra, corticosteroids, and tocilizumab (optional)) + 59 (corticosteroids and "
     "tocilizumab) + 74 (corticosteroids)", (143, 10, 74, 59)),                # line 131
    ("56 + 56 control", (112, 56, 56, 0)),                                     # line 140
    ("130 + 130 matched control (standard of care)", (260, 130, 130, 0)),     # line 163
    ("11 + 3 control", (14, 11, 3, 0)),                                        # line 235
    ("21 + 39 control", (60, 21, 39, 0)),                                      # line 242
    ("15 + 15 control", (30, 15, 15, 0)),                                      # line 263
    ("63 (early anakinra with or without corticosteroids) + 65 control "
     "(late anti-inflammatory treatment)", (128, 63, 65, 0)),                  # line 312
    ("(intention-to-treat) 405 + 189 placebo", (594, 405, 189, 0)),            # line 333
    ("1 (case report) + 5 (case series)", (6, 6, 0, 0)),                       # line 340
    ("60 + 42 (tocilizumab instead)", (102, 60, 0, 42)),                       # line 347
    ("17 + 28 control", (45, 17, 28, 0)),                                      # line 354
    ("12 + 10 control", (22, 12, 10, 0)),                                      # line 361
    ("52 + 103 matched control", (155, 52, 103, 0)),                           # line 382
    ("62 + 275 control (no IL inhibition)", (337, 62, 275, 0)),                # line 452
])
def test_an_active_comparator_is_counted_apart_from_the_controls(text, counts):
    read = sample(text)
    assert (read.total, read.treated, read.controls, read.comparators) == counts
    assert read.treated + read.controls + read.comparators == read.total


@pytest.mark.parametrize("text", [
    "1 (" + "a" * 200_000 + ") + 2 (b)",
    "1 (" + "a (optional) " * 15_000 + ") + 2 (" + "b " * 100_000 + ")",
    "1 (" + "with or without " * 12_000 + ") + 2",
])
def test_a_treated_groups_background_reads_in_linear_time(text):
    started = time.perf_counter()
    sample(text)
    assert time.perf_counter() - started < 3.0
