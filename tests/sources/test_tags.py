"""Splitting a reference's tag line into tags, checked on the seed's own tag lines."""
from __future__ import annotations

import pytest

from kg.records import Tag
from kg.sources.tags import is_tag_line, split_tags


def test_six_tags_with_their_categories(seed_line):
    line = seed_line(106)  # the methylprednisolone cohort study
    assert line == "IL-6 Severe severity Small molecule Critical severity Antibody Cohort study"
    tags, unknown = split_tags(line)
    assert tags == [
        Tag("IL-6", "target"), Tag("Severe severity", "severity"),
        Tag("Small molecule", "substance"), Tag("Critical severity", "severity"),
        Tag("Antibody", "substance"), Tag("Cohort study", "design", ("cohort",))]
    assert unknown == []


@pytest.mark.parametrize(("line_number", "expected"), [
    (62, [("IL-1", "target"), ("Severe severity", "severity"),
          ("Protein factor", "substance"), ("Cohort study", "design")]),
    # the longest phrase wins: not "Clinical trial" inside "Phase III clinical trial"
    (330, [("IL-1", "target"), ("Severe severity", "severity"), ("Protein factor", "substance"),
           ("Phase III clinical trial", "design"),
           ("Randomized controlled double-blind trial", "design"),
           ("Antibody", "substance"), ("Moderate severity", "severity")]),
    (344, [("IL-1", "target"), ("ARDS", "condition"),
           ("Non-randomized non-controlled open trial", "design"),
           ("Protein factor", "substance"), ("Critical severity", "severity"),
           ("Antibody", "substance")]),
    (435, [("RdRpol", "target"), ("IL-1", "target"), ("Protein factor", "substance"),
           ("Children", "population"), ("Small molecule", "substance"),
           ("Critical severity", "severity"), ("Case report", "design"),
           ("Antibody", "substance"), ("Mixed substance", "substance")]),
    (169, [("IL-1", "target"), ("Severe severity", "severity"), ("Elderly", "population"),
           ("Protein factor", "substance"), ("Case report", "design"),
           ("Antibody", "substance")]),
])
def test_seed_tag_lines(seed_line, line_number, expected):
    tags, unknown = split_tags(seed_line(line_number))
    assert [(tag.label, tag.category) for tag in tags] == expected
    assert unknown == []
    assert is_tag_line(seed_line(line_number))


def test_every_seed_tag_line_splits_without_unknowns(seed_page):
    assert all(tag.category != "unknown" for r in seed_page.references for tag in r.tags)
    assert sum(1 for r in seed_page.references if r.tags) == 56  # all but the first


def test_case_is_ignored_and_labels_are_canonical():
    tags, unknown = split_tags("il-1 severe SEVERITY protein factor cohort study")
    assert [tag.label for tag in tags] == [
        "IL-1", "Severe severity", "Protein factor", "Cohort study"]
    assert unknown == []


def test_unknown_words_are_kept_and_reported():
    tags, unknown = split_tags("IL-1 Severe severity Prospective pilot study Antibody")
    assert tags == [
        Tag("IL-1", "target"), Tag("Severe severity", "severity"),
        Tag("Prospective pilot study", "design"),  # category from its last word
        Tag("Antibody", "substance")]
    assert unknown == ["Prospective pilot study"]


def test_unknown_run_is_cut_at_a_known_tag():
    tags, unknown = split_tags("IL-6 Viral entry inhibitor xyz Case report")
    assert tags == [
        Tag("IL-6", "target"), Tag("Viral entry", "target"),
        Tag("inhibitor xyz", "unknown"), Tag("Case report", "design", ("case-report",))]
    assert unknown == ["inhibitor xyz"]


def test_unknown_words_after_an_ending_word_start_a_new_tag():
    tags, unknown = split_tags("Open study Adaptive platform trial")
    assert tags == [Tag("Open study", "design", ("open-label",)),
                    Tag("Adaptive platform trial", "design", ("interventional",))]
    assert unknown == ["Open study", "Adaptive platform trial"]


@pytest.mark.parametrize("label", ["IL-17", "IL-23", "IL6", "CXCR4", "CCR5", "TLR7"])
def test_interleukin_and_receptor_names_are_targets(label):
    tags, unknown = split_tags(f"{label} Severe severity Case report")
    assert tags[0] == Tag(label, "target")
    assert unknown == []


def test_il17_is_a_target_in_the_vocabulary_and_by_pattern():
    tags, unknown = split_tags("IL-17 IL-1 ARDS")
    assert tags == [Tag("IL-17", "target"), Tag("IL-1", "target"), Tag("ARDS", "condition")]
    assert unknown == []


@pytest.mark.parametrize(("line", "expected"), [
    ("IL-1 Severe severity Protein factor Cohort study", True),
    ("Children", True),
    ("Patients", False),  # the first reference's population line (56)
    ("Patients 6.66", False),  # a population line with its impact factor (70)
    ("A paediatric patient on ECMO. 0.69", False),
    ("IL-1 Severe severity Prospective study", True),
    ("ARDS patients", False),
])
def test_is_tag_line(line, expected):
    assert is_tag_line(line) is expected
