"""Evidence a researcher can count (issue 19): graded summaries per condition, totals that
count each study once, the as_of date cut, and parameters that find what people type.

Expected values come from the seed page as test_canned reads it (titles, dates, tags,
sample sizes) and the reader's conditions, never from the graph.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from test_canned import (
    AS_OF, DESIGNS, SAVE_MORE, Ref, by_title, expected_by_design, expected_summary, one_line_error, page_refs,
    participants, reader_conditions, run, summary_rows,
)
from kg.query.catalog import load_catalog
from kg.query.results import Table

CATALOG = load_catalog()


# --- evidence-summary -----------------------------------------------------------------------

@pytest.mark.parametrize("as_of", [None, AS_OF, "2020-06-30"])
def test_evidence_summary_is_the_page_per_condition(seed_out: Path, as_of: str | None) -> None:
    given = {"as_of": as_of} if as_of else {}
    table = run("evidence-summary", seed_out, drug="anakinra", **given)
    assert summary_rows(table) == expected_summary(as_of)
    studies = [int(s) for s in table.values("studies")]  # type: ignore[arg-type]
    assert studies == sorted(studies, reverse=True)


def test_evidence_summary_grades_with_reasons(seed_out: Path) -> None:
    """SAVE-MORE (594) and the two randomized open trials (130 + 130, 15 + 15) make COVID-19
    high; ARDS has 5 cohort or controlled studies with 361 participants: very low."""
    rows = {r["condition"]: r for r in run("evidence-summary", seed_out, drug="Kineret").records()}
    covid, ards = rows["COVID-19"], rows["ARDS"]
    assert (covid["studies"], covid["participants"], covid["randomized_studies"], covid["randomized_participants"],
            covid["grade"], covid["grade_reason"]) == (
        "56", "2787", "3", "884", "high", "3 randomized trials, 884 participants")
    assert (ards["grade"], ards["grade_reason"]) == (
        "very low", "no randomized trial; 5 controlled, cohort or case-control studies, 361 participants: "
                    "fewer than 400")
    assert (rows["pneumonia"]["grade"], rows["MIS-A"]["grade_reason"]) == (
        "low", "no randomized, controlled or cohort study among 3 studies")
    assert rows["myocarditis"]["participants"] is None, "no size stated: unknown, not zero"


@pytest.mark.parametrize("condition", ["CRS", "crs", "cytokine release syndrome", "Cytokine storm"])
def test_evidence_summary_of_one_condition_by_any_name(seed_out: Path, condition: str) -> None:
    table = run("evidence-summary", seed_out, drug="anakinra", condition=condition)
    assert summary_rows(table) == {"CRS": expected_summary()["CRS"]}


def test_evidence_summary_before_any_evidence_is_empty(seed_out: Path) -> None:
    assert run("evidence-summary", seed_out, drug="anakinra", as_of="2020-01-01").rows == ()


# --- totals that count each study once -----------------------------------------------------

def page_totals(refs: list[Ref]) -> tuple[int, int | None, int]:
    return len(refs), participants(refs), sum(ref.sample_size is not None for ref in refs)


def totals(table: Table) -> set[tuple[str | None, ...]]:
    return {(r["all_studies"], r["all_participants"], r["all_sized_studies"]) for r in table.records()}


@pytest.mark.parametrize("as_of", [None, AS_OF])
def test_totals_count_each_study_once(seed_out: Path, as_of: str | None) -> None:
    """The rows of evidence-by-design add up to more than the studies hold (SAVE-MORE is
    tagged with two designs); the all_ columns are the page's studies, each once."""
    refs = [ref for ref in page_refs() if as_of is None or ref.date <= as_of]
    given = {"as_of": as_of} if as_of else {}
    with_design = page_totals([ref for ref in refs if set(ref.tags) & set(DESIGNS)])
    by_design = run("evidence-by-design", seed_out, drug="anakinra", **given)
    kinds = run("evidence-by-design-kind", seed_out, drug="anakinra", **given)
    expected = {tuple(str(n) for n in with_design)}
    assert totals(by_design) == totals(kinds) == expected
    with_condition = page_totals([ref for ref in refs if reader_conditions()[ref.title]])
    assert totals(run("evidence-summary", seed_out, drug="anakinra", **given)) == {
        tuple(str(n) for n in with_condition)}
    assert totals(run("participants-per-condition", seed_out, drug="anakinra", **given)) == {
        tuple(str(n) for n in with_condition)}
    if as_of is None:
        assert with_design == (56, 2813, 47)
        assert sum(int(p) for p in by_design.values("participants") if p) == 3413, "rows overlap"


def test_a_study_with_two_design_tags_is_one_study_of_its_kind(seed_out: Path) -> None:
    """Interventional: the two randomized open trials (260, 30), SAVE-MORE (594, tagged Phase III
    and randomized double-blind) and two non-randomized trials (102, no size): 986 in 4 sized."""
    rows = {r["kind"]: r for r in run("evidence-by-design-kind", seed_out, drug="anakinra").records()}
    interventional = rows["interventional design"]
    assert (interventional["studies"], interventional["participants"], interventional["sized_studies"]) == (
        "5", "986", "4")
    trials = [ref for ref in page_refs() if any(tag.endswith("trial") for tag in ref.tags)]
    assert page_totals(trials) == (5, 986, 4)


def test_studies_by_route_total_counts_each_study_once(seed_out: Path) -> None:
    table = run("studies-by-route", seed_out, drug="anakinra")
    rows = {r["route"]: int(r["studies"]) for r in table.records()}  # type: ignore[arg-type]
    (all_studies, _, _), = totals(table)
    assert max(rows.values()) <= int(all_studies) < sum(rows.values()), "some studies used both routes"  # type: ignore[arg-type]


# --- as_of: only evidence published on or before the date --------------------------------

LISTINGS = ("references", "top-impact", "largest-studies", "studies-in-condition", "studies-in-population",
            "studies-with-tag", "studies-with-co-medication", "reported-results")


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize("as_of", [AS_OF, "2020-05-14"])
def test_as_of_keeps_the_rows_published_by_then(seed_out: Path, name: str, as_of: str) -> None:
    """The rows with as_of are the rows without it whose reference the page dates by then."""
    given = {**CATALOG[name].examples(), "limit": "1000"}
    given.pop("as_of")
    if not any(param.name == "limit" for param in CATALOG[name].params):
        del given["limit"]
    dates = {ref.title: ref.date for ref in page_refs()}
    kept = [{**record, "as_of": as_of} for record in run(name, seed_out, **given).records()
            if dates[record["title"]] <= as_of]  # type: ignore[index]
    assert run(name, seed_out, **given, as_of=as_of).records() == kept


@pytest.mark.parametrize("as_of", [AS_OF, "2020-05-14", "2019-12-31"])
def test_as_of_cuts_the_counts(seed_out: Path, as_of: str) -> None:
    by_design = run("evidence-by-design", seed_out, drug="anakinra", as_of=as_of)
    got = {r["design"]: (int(r["studies"]), None if r["participants"] is None else int(r["participants"]),  # type: ignore[arg-type]
                         int(r["sized_studies"])) for r in by_design.records()}  # type: ignore[arg-type]
    assert got == expected_by_design(as_of)
    per_year = run("references-per-year", seed_out, drug="anakinra", as_of=as_of)
    assert {r["year"]: int(r["references"]) for r in per_year.records()} == dict(  # type: ignore[arg-type]
        Counter(ref.date[:4] for ref in page_refs() if ref.date <= as_of))


def test_as_of_2020_05_14_keeps_the_first_five_references(seed_out: Path) -> None:
    titles = run("references", seed_out, drug="anakinra", as_of="2020-05-14").values("title")
    assert len(titles) == 5 and SAVE_MORE not in titles
    assert ("Favorable Anakinra Responses in Severe Covid-19 Patients with Secondary Hemophagocytic "
            "Lymphohistiocytosis") in titles, "published on the day itself"


def test_an_as_of_left_out_filters_nothing(seed_out: Path) -> None:
    everything = run("references", seed_out, drug="anakinra")
    assert len(everything.rows) == 57 and set(everything.values("as_of")) == {None}
    assert everything.values("title") == run("references", seed_out, drug="anakinra", as_of="2099-12-31").values("title")


def test_effect_sizes_dated_to_the_month_count_from_its_first_day(seed_out: Path) -> None:
    """SAVE-MORE's effect sizes are dated Sep 2021."""
    assert len(run("effect-sizes", seed_out, drug="anakinra", as_of="2021-09-01").rows) == 2
    assert run("effect-sizes", seed_out, drug="anakinra", as_of="2021-08-31").rows == ()


@pytest.mark.parametrize("value", ["2021-13-01", "2021-02-30", "2021-6-30", "30/06/2021", "yesterday",
                                   "2021-06-30T00:00", "２０２１-06-30", " 2021-06-30"])
def test_a_bad_as_of_is_one_line_naming_the_form(seed_out: Path, value: str) -> None:
    message = one_line_error(lambda: run("references", seed_out, drug="anakinra", as_of=value))
    assert message == f"parameter 'as_of': expected a date like 2021-06-30, got {value!r}"


# --- parameters that find what people type -----------------------------------------------

def tagged(tag: str) -> set[str]:
    return {ref.title for ref in page_refs() if tag in ref.tags}


@pytest.mark.parametrize(("typed", "tags"), [
    ("severe", ("Severe severity",)), ("SEVERE", ("Severe severity",)), ("Severe severity", ("Severe severity",)),
    ("RCT", ("Randomized controlled double-blind trial", "Randomized controlled open trial")),
    ("randomised controlled trial", ("Randomized controlled double-blind trial", "Randomized controlled open trial")),
    ("kids", ("Children",)), ("paediatric", ("Children",)), ("ards", ("ARDS",)),
    ("acute respiratory distress syndrome", ("ARDS",)), ("cohort", ("Cohort study",)),
    ("phase 3", ("Phase III clinical trial",)),
])
def test_tags_match_by_case_synonym_and_abbreviation(seed_out: Path, typed: str, tags: tuple[str, ...]) -> None:
    titles = set(by_title(run("studies-with-tag", seed_out, drug="anakinra", tag=typed)))
    assert titles == set().union(*(tagged(tag) for tag in tags)) and titles


def test_rct_finds_the_three_randomized_controlled_trials(seed_out: Path) -> None:
    table = run("studies-with-tag", seed_out, drug="anakinra", tag="RCT")
    assert [r["date"] for r in table.records()] == ["2021-03-08", "2021-09-03", "2021-11-01"]
    assert set(table.values("tag")) == {"randomized controlled design"}


@pytest.mark.parametrize("typed", ["kids", "Children", "paediatric", "pediatric"])
def test_populations_match_by_synonym(seed_out: Path, typed: str) -> None:
    expected = by_title(run("studies-in-population", seed_out, drug="anakinra", population="children"))
    assert set(by_title(run("studies-in-population", seed_out, drug="anakinra", population=typed))) == set(expected)
    assert len(expected) == 13


@pytest.mark.parametrize("typed", ["CRS", "crs", "cytokine release syndrome", "cytokine storm", "Cytokine Storm Syndrome"])
def test_conditions_match_by_synonym_and_abbreviation(seed_out: Path, typed: str) -> None:
    rows = by_title(run("studies-in-condition", seed_out, drug="anakinra", condition=typed))
    assert set(rows) == {title for title, conditions in reader_conditions().items() if "CRS" in conditions}
    assert len(rows) == 5
    options = run("second-line-options", seed_out, condition=typed).values("option")
    assert options == ["Anakinra", "siltuximab"]


def test_studies_in_condition_also_reads_the_words(seed_out: Path) -> None:
    """ARDS: 12 tag lines carry it, 15 studies name it (tags, title, population or notes)."""
    tags = set(by_title(run("studies-with-tag", seed_out, drug="anakinra", tag="ARDS")))
    words = set(by_title(run("studies-in-condition", seed_out, drug="anakinra", condition="ARDS")))
    assert (len(tags), len(words)) == (12, 15) and tags < words
    assert "studies-with-tag" in CATALOG["studies-in-condition"].description
    assert "studies-in-condition" in CATALOG["studies-with-tag"].description


@pytest.mark.parametrize(("name", "given", "message"), [
    ("studies-with-tag", {"tag": "sever"},
     "unknown tag 'sever' for parameter 'tag': nearest known: Critical severity, Moderate severity, Severe severity"),
    ("studies-in-population", {"population": "kidney"},
     "unknown population 'kidney' for parameter 'population': nearest known: Kidney transplant recipients, Children"),
    ("studies-in-condition", {"condition": "MISC"},
     "unknown condition 'MISC' for parameter 'condition': nearest known: MIS-C, MIS-A"),
])
def test_an_unknown_value_names_the_nearest_known_ones(seed_out: Path, name: str, given: dict[str, str],
                                                        message: str) -> None:
    assert one_line_error(lambda: run(name, seed_out, drug="anakinra", **given)) == message


def test_a_value_near_nothing_lists_what_there_is(seed_out: Path) -> None:
    message = one_line_error(lambda: run("studies-in-condition", seed_out, drug="anakinra", condition="zzzz"))
    assert message.startswith("unknown condition 'zzzz' for parameter 'condition': none is near it; known: "
                              "acute leukaemia, ARDS, COVID-19, CRS")


@pytest.mark.parametrize("blank", ["", " "])
def test_a_blank_optional_filter_is_not_given(seed_out: Path, blank: str) -> None:
    """A form submits its empty fields: a blank as_of or condition filters nothing."""
    everything = run("evidence-summary", seed_out, drug="anakinra")
    assert run("evidence-summary", seed_out, drug="anakinra", as_of=blank, condition=blank) == everything
    assert len(everything.rows) == 11
