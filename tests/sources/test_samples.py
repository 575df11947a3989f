"""Sample-size texts read into arms: every shape the seed page uses."""
from __future__ import annotations

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
     [(10, "treated", ()), (59, "control", ("active",)), (74, "control", ("active",))]),
    ("1 (case report) + 5 (case series)", [(1, "treated", ()), (5, "treated", ())]),
    ("130 + 130 matched control (standard of care)",
     [(130, "treated", ()), (130, "control", ("standard-of-care", "matched"))]),
    ("5 patients received anakinra (alone or combined with other anti-inflammatory drugs)",
     [(5, "treated", ())]),
    ("9 + 18 tocilizumab control", [(9, "treated", ()), (18, "control", ("active",))]),
    ("63 (early anakinra with or without corticosteroids) + 65 control "
     "(late anti-inflammatory treatment)", [(63, "treated", ()), (65, "control", ())]),
    ("60 + 42 (tocilizumab instead)", [(60, "treated", ()), (42, "control", ("active",))]),
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
