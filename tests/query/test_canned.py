"""Every canned query, run on the seed build, returns the facts the seed drug page states.

Expected values are read from the page here, independently of kg.sources, so the whole
chain (reader, mapping, store, query) is checked against the source text.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from paths import DRUG_PAGE, GOLD, SEEDS, SPS_PAGES, gold_rows
from test_fact_sources import check_fact_sources
from kg.errors import KgError, QueryError
from kg.lexicon import (
    CONDITIONS_FILE, DRUG_CLASSES_FILE, IDENTIFIERS_FILE, LEXICON_FILE as LEXICON,
    TARGETS_FILE as TARGETS, find_concept,
)
from kg.query.catalog import load_catalog
from kg.query.params import parse_pairs
from kg.query.results import Table
from kg.query.run import run_query
from kg.sources import read_source
from kg.store.build import BuildReport
from kg.store.location import open_store
from kg.store.export import graph_size

ANAKINRA = "https://w3id.org/drugkg/id/drug/anakinra"
LINKSET = "https://w3id.org/drugkg/id/linkset/trial-publications"
LINKSETS = (LINKSET, "https://w3id.org/drugkg/id/linkset/possible-duplicates",
            "https://w3id.org/drugkg/id/linkset/concept-names")
INFERRED = "https://w3id.org/drugkg/id/graph/inferred"
DESCRIPTION = "https://w3id.org/drugkg/id/dataset/drugkg"
XSD = "http://www.w3.org/2001/XMLSchema#"
CATALOG = load_catalog()
LEXICONS = (LEXICON, TARGETS, CONDITIONS_FILE, IDENTIFIERS_FILE, DRUG_CLASSES_FILE)

# --- the seed page, read independently ---------------------------------------------------

MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
DATE_LINE = re.compile(r"^(%s)/(\d{2})/(\d{4})$" % "|".join(MONTHS))
DESIGNS = ("Case report", "Case series", "Cohort study", "Non-randomized controlled open trial",
           "Non-randomized non-controlled open trial", "Phase III clinical trial",
           "Randomized controlled double-blind trial", "Randomized controlled open trial")
OTHER_TAGS = ("IL-1", "IL-6", "RdRpol", "ARDS", "Severe severity", "Critical severity",
              "Moderate severity", "Protein factor", "Small molecule", "Antibody",
              "Mixed substance", "Children", "Elderly")
# Notes whose "Sample size:" gives no unambiguous total (pooled or "out of" counts):
# the graph leaves sample_size unbound for them, as the page does not say a total.
AMBIGUOUS_SIZES = ("(14 + 4) pooled with tocilizumab + 15 control",
                   "24 (+ 26 pooled with Tocilizumab) out of 382 (the whole assessed cohort)")


@dataclass(frozen=True)
class Ref:
    title: str
    tag_line: str
    tags: tuple[str, ...]
    population: str
    impact_factor: Decimal | None
    date: str
    notes: str
    sample_size: int | None
    line: int

    @property
    def design(self) -> str | None:
        return "; ".join(sorted(t for t in self.tags if t in DESIGNS)) or None


def _tags(line: str) -> tuple[str, ...]:
    found, rest = [], line
    for tag in sorted(DESIGNS + OTHER_TAGS, key=len, reverse=True):
        pattern = re.compile(r"(?<![\w-])" + re.escape(tag) + r"(?![\w-])")
        if pattern.search(rest):
            found.append(tag)
            rest = pattern.sub(" ", rest)
    assert not rest.strip(), f"unknown tag in {line!r}: {rest.strip()!r}"
    return tuple(found)


def _sample_size(notes: str) -> int | None:
    """Treated plus controls from 'Sample size: A + B control (...)'; None if not a plain sum."""
    match = re.search(r"Sample size:\s*(.*?)\.(?:\s|$)", notes)
    if not match:
        return None
    clause = match.group(1)
    if clause in AMBIGUOUS_SIZES:
        return None
    while (stripped := re.sub(r"\([^()]*\)", "", clause)) != clause:
        clause = stripped
    total = re.fullmatch(r"\s*(\d+(?:\s*\+\s*\d+)*)(?:\s+[^\d+]*)?\s*", clause)
    assert total, f"sample size clause not understood: {match.group(1)!r}"
    return sum(int(n) for n in re.findall(r"\d+", total.group(1)))


@cache
def page_refs() -> tuple[Ref, ...]:
    text = DRUG_PAGE.read_text(encoding="utf-8")
    before, section = text.split("Link Tested on Impact factor Notes Publication date\n", 1)
    section = section.split("\nClinical trials\n", 1)[0]
    first_line = before.count("\n") + 2  # the section's first line, 1-based
    refs: list[Ref] = []
    block: list[str] = []
    title_line = first_line
    for number, raw in enumerate(section.split("\n"), first_line):
        if not block and raw.strip():
            title_line = number
        line = raw.strip()
        date = DATE_LINE.match(line)
        if not date:
            if line or block:
                block.append(line)
            continue
        head: list[str] = []  # title, [tags], population [impact factor]: up to the first blank
        for item in block:
            if not item and head:
                break
            if item:
                head.append(item)
        assert len(head) in (2, 3), head
        notes = " ".join(item for item in block[block.index(head[-1]) + 1:] if item)
        population = re.fullmatch(r"(.*?)(?:\s+(\d+\.\d+))?", head[-1])
        assert population
        tag_line = head[1] if len(head) == 3 else ""
        refs.append(Ref(
            title=head[0], tag_line=tag_line, tags=_tags(tag_line), population=population.group(1),
            impact_factor=None if population.group(2) is None else Decimal(population.group(2)),
            date=f"{date.group(3)}-{MONTHS[date.group(1)]:02d}-{date.group(2)}",
            notes=notes, sample_size=_sample_size(notes), line=title_line))
        block = []
    return tuple(refs)


def test_page_reading_matches_the_page_counts() -> None:
    """The page says 57 supporting references; the independent reading finds them all."""
    text = DRUG_PAGE.read_text(encoding="utf-8")
    assert re.search(r"^57\nSupporting references$", text, re.M)
    assert len(page_refs()) == 57
    assert len({ref.title for ref in page_refs()}) == 57


# --- helpers ------------------------------------------------------------------------------

def run(name: str, seed_out: Path, **params: str) -> Table:
    return run_query(name, params, seed_out)


def by_title(table: Table) -> dict[str, dict[str, str | None]]:
    records = table.records()
    titles = [record["title"] for record in records]
    assert len(titles) == len(set(titles)), "each title exactly once"
    return {record["title"]: record for record in records}  # type: ignore[misc]


def datatypes(table: Table, column: str) -> set[str | None]:
    index = table.columns.index(column)
    return {None if row[index] is None else getattr(row[index].datatype, "value", None)  # type: ignore[union-attr]
            for row in table.rows}


# --- every canned query, with its documented examples -----------------------------------

@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_canned_query_runs_with_its_examples(name: str, seed_out: Path) -> None:
    table = run_query(name, CATALOG[name].examples(), seed_out)
    assert table.columns == CATALOG[name].columns
    assert table.rows, f"{name} with its examples {CATALOG[name].examples()} gives no rows on the seeds"
    if "drug" in table.columns and "drug" in CATALOG[name].examples():
        assert set(table.values("drug")) == {ANAKINRA}
    ROW_CHECKS[name](table)


def test_every_canned_query_has_a_row_check() -> None:
    assert sorted(CATALOG) == sorted(ROW_CHECKS), "add a row check for each new canned query"


# The row checks get the table the query gives with its documented examples.

def check_references(table: Table) -> None:
    rows = by_title(table)
    refs = page_refs()
    assert len(rows) == 57 == len(refs)
    for ref in refs:
        row = rows[ref.title]
        assert row["date"] == ref.date, ref.title
        assert row["design"] == ref.design, ref.title
        assert row["population"] == ref.population, ref.title
        assert (None if row["impact_factor"] is None else Decimal(row["impact_factor"])) == ref.impact_factor, ref.title
        assert (None if row["sample_size"] is None else int(row["sample_size"])) == ref.sample_size, ref.title
        assert row["kind"] == "supporting"
    dates = table.values("date")
    assert dates == sorted(dates, reverse=True), "newest first"
    assert datatypes(table, "date") == {XSD + "date"}
    assert datatypes(table, "impact_factor") == {XSD + "decimal", None}
    assert datatypes(table, "sample_size") == {XSD + "integer", None}


def check_trials(table: Table) -> None:
    """The drug page's registry row, and SAVE-MORE, which only the SPS page names (606 to be
    recruited; no registry title, status or dates there, so those stay unbound)."""
    save_more, *registry = table.records()
    assert save_more == {
        "trial_id": "NCT04680949", "title": "SAVE-MORE", "status": None, "phase": "Phase 3",
        "start": None, "completion": None, "enrollment": "606", "drug": ANAKINRA,
    }
    assert registry == [{
        "trial_id": "NCT04443881",
        "title": "Clinical Trial of the Use of Anakinra in Cytokine Storm Syndrome Secondary to "
                 "Covid-19 (ANA-COVID-GEAS)",
        "status": "Completed", "phase": "Phase 2; Phase 3",
        "start": "2020-05-08", "completion": "2021-03-31", "enrollment": "179", "drug": ANAKINRA,
    }]
    # SAVE-MORE's dates are unbound (None): only the bound values must be xsd:date.
    assert datatypes(table, "start") - {None} == datatypes(table, "completion") - {None} \
        == {XSD + "date"}
    assert datatypes(table, "enrollment") == {XSD + "integer"}


def check_drugs(table: Table) -> None:
    records = {record["drug"]: record for record in table.records()}
    assert records[ANAKINRA] == {"drug": ANAKINRA, "label": "Anakinra", "targets": "IL-1",
                                 "references": "57", "trials": "2", "brands": "KINERET; PerkinRA"}
    assert table.records()[0]["drug"] == ANAKINRA, "most evidence first"
    # Co-medications are drugs of the graph too, with no evidence of their own.
    for label in ("methylprednisolone", "remdesivir", "tocilizumab"):
        (row,) = [r for r in records.values() if r["label"] == label]
        assert (row["references"], row["trials"]) == ("0", "0")
    # Drugs only the SPS Q&A names are drugs too, their targets from the curated lexicon.
    for label, target in (("siltuximab", "IL-6"), ("tocilizumab", "IL-6R")):
        row = records[f"https://w3id.org/drugkg/id/drug/{label}"]
        assert (row["label"], row["targets"], row["references"], row["trials"]) \
            == (label, target, "0", "0")


def check_drugs_by_target(table: Table) -> None:
    assert [(r["drug"], r["label"]) for r in table.records()] == [(ANAKINRA, "Anakinra")]


def expected_by_design(as_of: str | None = None) -> dict[str, tuple[int, int | None, int]]:
    studies: Counter[str] = Counter()
    participants: Counter[str] = Counter()
    sized: Counter[str] = Counter()
    for ref in page_refs():
        for design in ref.tags if as_of is None or ref.date <= as_of else ():
            if design not in DESIGNS:
                continue
            studies[design] += 1
            if ref.sample_size is not None:
                participants[design] += ref.sample_size
                sized[design] += 1
    return {design: (count, participants[design] if sized[design] else None, sized[design])
            for design, count in studies.items()}


def check_evidence_by_design(table: Table) -> None:
    expected = expected_by_design()
    assert expected["Case report"][0] == 24 and expected["Cohort study"][0] == 19
    got = {r["design"]: (int(r["studies"]),  # type: ignore[arg-type]
                         None if r["participants"] is None else int(r["participants"]),
                         int(r["sized_studies"]))  # type: ignore[arg-type]
           for r in table.records()}
    assert got == expected
    studies = [int(s) for s in table.values("studies")]  # type: ignore[arg-type]
    assert studies == sorted(studies, reverse=True)


def check_top_impact(table: Table) -> None:  # example limit=5
    factors = sorted((ref.impact_factor for ref in page_refs() if ref.impact_factor is not None),
                     reverse=True)
    assert len(table.rows) == 5
    assert [Decimal(v) for v in table.values("impact_factor")] == factors[:5]  # type: ignore[arg-type]
    assert table.records()[0]["title"].startswith("Early treatment of COVID-19 with anakinra")  # type: ignore[union-attr]
    assert table.values("impact_factor")[0] == "53.44"


def check_largest_studies(table: Table) -> None:  # example limit=5
    sizes = sorted((ref.sample_size for ref in page_refs() if ref.sample_size is not None), reverse=True)
    assert [int(v) for v in table.values("sample_size")] == sizes[:5]  # type: ignore[arg-type]
    first = table.records()[0]
    assert (first["sample_size"], first["design"], first["date"]) == (
        "594", "Phase III clinical trial; Randomized controlled double-blind trial", "2021-09-03")
    for row in table.records():  # treated, controls and active comparators make the sample
        assert int(row["treated"]) + int(row["controls"]) + int(row["comparators"]) == int(row["sample_size"])  # type: ignore[arg-type]


def check_studies_in_population(table: Table) -> None:  # population=children
    rows = by_title(table)
    assert "Anakinra in Refractory Multisystem Inflammatory Syndrome in Children (MIS-C)" in rows
    # Everything tagged Children on the page is found, and nothing without a word for children.
    tagged = {ref.title for ref in page_refs() if "Children" in ref.tags}
    assert tagged <= set(rows)
    for title, row in rows.items():
        ref = next(r for r in page_refs() if r.title == title)
        assert row["date"] == ref.date
        assert "Children" in ref.tags or re.search(
            r"child|paediatric|pediatric|juvenile|infant|MIS-C", f"{ref.title} {ref.population} {ref.notes}", re.I)
    assert set(table.values("population")) == {"Children"}, "bound as the label of the group named"


def check_studies_with_tag(table: Table) -> None:  # tag=ARDS
    expected = {ref.title for ref in page_refs() if re.search(r"\bARDS\b", ref.tag_line)}
    assert len(expected) == 12
    assert set(by_title(table)) == expected
    assert set(table.values("tag")) == {"ARDS"}


@cache
def gold_co_medications() -> dict[int, set[str]]:
    """Title line -> co-medications, from the hand-read gold of the seed page."""
    return {int(row["line"]): set(filter(None, row["co_medications"].split(";")))
            for row in gold_rows(GOLD / "anakinra.tsv")}


def check_co_medications(table: Table) -> None:
    studies = {r["comedication"]: int(r["studies"]) for r in table.records()}  # type: ignore[arg-type]
    expected = Counter(name for names in gold_co_medications().values() for name in names)
    assert studies == dict(expected)
    # the refractory-to-methylprednisolone case (line 396) is not counted
    assert studies["methylprednisolone"] == 7 and studies["remdesivir"] == 3
    assert "anakinra" not in {name.lower() for name in studies}
    counts = list(studies.values())
    assert counts == sorted(counts, reverse=True)


def check_studies_with_co_medication(table: Table) -> None:  # comedication=methylprednisolone
    lines = {line for line, names in gold_co_medications().items() if "methylprednisolone" in names}
    titles = {ref.title for ref in page_refs() if ref.line in lines}
    assert set(by_title(table)) == titles and len(titles) == 7
    assert set(table.values("comedication")) == {"methylprednisolone"}


def check_dosing(table: Table) -> None:
    """One row per regimen: the cohort study's one regimen, two cohorts (non-ICU
    subcutaneous, ICU intravenous) for the observational ARDS study."""
    rows = table.records()
    (severe,) = [r for r in rows if r["title"] == SEVERE_FORMS]
    assert (severe["route"], severe["dose"], severe["amount"], severe["unit"], severe["frequency"],
            severe["doses_per_day"], severe["days"], severe["phases"]) == (
        "subcutaneous", "subcutaneously 100 mg twice daily on days 1-3, 100 mg daily on days 4-10",
        "100", "mg", "twice daily", "2", "10", "2")
    cohorts = [(r["route"], r["dose"]) for r in rows if r["title"].startswith("IL-1 Receptor Antagonist Anakinra")]
    assert cohorts == [("subcutaneous", "100 mg subcutaneously four times a day (non-ICU)"),
                       ("intravenous", "200 mg IV three times a day (ICU) for 7 days")]
    # the "subcutaneous for the 100 mg twice-daily cohort" (first reference, prose only)
    high_dose = {r["dose"]: r["route"] for r in rows if r["title"].startswith("Interleukin-1 blockade with high-dose")}
    assert high_dose == {"100 mg twice a day subcutaneously [low dose]": "subcutaneous",
                         "5 mg/kg twice a day intravenously [high dose]": "intravenous"}
    assert {r["title"] for r in rows} <= {ref.title for ref in page_refs()}
    assert datatypes(table, "amount") - {None} == {XSD + "decimal"}


def check_dose_steps(table: Table) -> None:
    """'100 mg twice daily on days 1-3, 100 mg daily on days 4-10': 200 mg a day, then a
    total of 100 mg a day whose per-dose amount the page does not say."""
    rows = [r for r in table.records() if r["title"] == SEVERE_FORMS]
    assert [(r["step"], r["amount"], r["daily_amount"], r["unit"], r["route"], r["frequency"],
             r["doses_per_day"], r["first_day"], r["last_day"], r["duration_days"]) for r in rows] == [
        ("1", "100", "200", "mg", "subcutaneous", "twice daily", "2", "1", "3", "3"),
        ("2", None, "100", "mg", "subcutaneous", "daily", None, "4", "10", "7")]


def check_studies_by_route(table: Table) -> None:
    got = {r["route"]: (int(r["studies"]), r["participants"]) for r in table.records()}  # type: ignore[arg-type]
    assert set(got) == {"subcutaneous", "intravenous"}
    # SAVE-MORE (594) was subcutaneous
    assert got["subcutaneous"][0] >= 13 and int(got["subcutaneous"][1]) >= 594  # type: ignore[arg-type]


def check_participants_per_condition(table: Table) -> None:
    got = {r["condition"]: (int(r["studies"]), r["participants"]) for r in table.records()}  # type: ignore[arg-type]
    assert got["MIS-C"] == (9, "61")  # 1 + 5 + 1 + 1 (none stated) + 2 + 2 + 26 + 23
    assert got["HLH"] == (1, "8")
    assert got["pericarditis"] == (1, "1")
    assert got["myocarditis"] == (1, None), "no size stated: unknown, not zero"
    covid = next(r for r in table.records() if r["condition"] == "COVID-19")
    assert "http://purl.obolibrary.org/obo/MONDO_0100096" in covid["identifiers"]  # type: ignore[operator]


def check_studies_in_condition(table: Table) -> None:  # condition=MIS-C
    rows = by_title(table)
    assert "Anakinra in Refractory Multisystem Inflammatory Syndrome in Children (MIS-C)" in rows
    assert "Multisystem inflammatory syndrome in adults: A rare sequela of SARS-CoV-2 infection" not in rows
    assert len(rows) == 9
    assert rows["A descriptive study on multisystem inflammatory syndrome in children in a single center "
                "in West Michigan"]["sample_size"] == "26"


def check_reported_results(table: Table) -> None:
    assert [(r["measure"], r["value"], r["unit"], r["denominator"]) for r in table.records()] == [
        ("clinical improvement", "72", "%", None), ("survival", "10", "patients", "11"),
        ("incidence", "70", "%", None)]


def check_external_identifiers(table: Table) -> None:
    rows = {(r["label"], r["identifier"]) for r in table.records()}
    assert ("Anakinra", "https://go.drugbank.com/drugs/DB00026") in rows
    assert ("NCT04443881: Clinical Trial of the Use of Anakinra in Cytokine Storm Syndrome Secondary to "
            "Covid-19 (ANA-COVID-GEAS)", "https://www.clinicaltrials.gov/study/NCT04443881") in rows
    assert {r["match"] for r in table.records() if r["label"] == "IL-1"} == {"narrow"}


def check_entities_without_identifiers(table: Table) -> None:
    rows = {(r["kind"], r["label"]) for r in table.records()}
    assert ("condition", "MIS-A") in rows
    assert ("drug", "Anakinra") not in rows and ("condition", "COVID-19") not in rows
    assert {kind for kind, _ in rows} <= {"drug", "target", "condition", "population"}


def check_trials_by_country(table: Table) -> None:
    assert table.records() == [{"country": "Spain", "trials": "1", "sites": "12"}]


def check_sources(table: Table) -> None:
    records = table.records()
    expected = [
        (SPS_PAGES.name, "sps", "NHS Specialist Pharmacy Service"),
        (DRUG_PAGE.name, "drugpage", "COVID-19 drug repurposing database (covid19-help.org)"),
    ]
    lexicons = [(name, "lexicon", "drugkg curators (curated lexicons)")
                for name in sorted(path.name for path in LEXICONS)]
    assert [(r["file"], r["format"], r["publisher"]) for r in records] == [*expected, *lexicons]
    for record in records:
        folder = LEXICON.parent if record["file"].endswith((".yaml", ".tsv")) else SEEDS  # type: ignore[union-attr]
        assert record["sha256"] == hashlib.sha256((folder / record["file"]).read_bytes()).hexdigest()  # type: ignore[operator]
        assert record["document"].startswith("https://w3id.org/drugkg/id/source/")  # type: ignore[union-attr]
        assert int(record["triples"]) > 0  # type: ignore[arg-type]


def check_references_per_year(table: Table) -> None:
    expected = Counter(ref.date[:4] for ref in page_refs())
    got = {r["year"]: int(r["references"]) for r in table.records()}  # type: ignore[arg-type]
    assert got == dict(expected) == {"2020": 27, "2021": 29, "2022": 1}
    assert sum(got.values()) == 57


def check_references_per_target(table: Table) -> None:
    expected = Counter(tag for ref in page_refs() for tag in ref.tags if tag in ("IL-1", "IL-6", "RdRpol"))
    got = {r["target"]: int(r["references"]) for r in table.records()}  # type: ignore[arg-type]
    assert got == dict(expected)


# --- the SPS pages (seed 000): regulation, storage, lactation, Q&A, trial data ------------

COVID_INDICATION = ("Coronavirus disease 2019 (COVID-19) in hospitalised adults with pneumonia "
                    "who are at risk of developing severe respiratory failure")
CHMP = "EMA Committee for Medicinal Products for Human Use (CHMP)"


def check_regulatory_timeline(table: Table) -> None:
    """Jun 21 pre-registration, then Dec 21 the CHMP recommendation and the EU approval."""
    rows = [(r["date"], r["regulator"], r["event"], r["region"], r["indication"])
            for r in table.records()]
    assert rows == [
        ("2021-06", "European Union (EU)", "Pre-registration", "EU", COVID_INDICATION),
        ("2021-12", CHMP, "Recommended for approval", "EU", COVID_INDICATION),
        ("2021-12", "European Union (EU)", "Approved", "EU", COVID_INDICATION),
    ]
    assert datatypes(table, "date") == {XSD + "gYearMonth"}
    assert "suPAR" in table.records()[1]["statement"]  # type: ignore[operator]


def check_storage(table: Table) -> None:
    """Out of the refrigerator for 12 hours at not above 25 °C, then never back."""
    (row,) = table.records()
    assert row["product"] == "Kineret 100 mg solution for injection in a pre-filled syringe"
    assert (row["max_temperature_c"], row["max_duration_h"]) == ("25", "12")
    assert datatypes(table, "max_temperature_c") == datatypes(table, "max_duration_h") \
        == {XSD + "decimal"}
    assert row["may_return_to_refrigerator"] == "false"
    assert (row["date"], row["issued_by"]) == ("2020-11-19", "London MI Service")
    assert "must not be put back in the refrigerator" in row["advice"]  # type: ignore[operator]


def check_lactation(table: Table) -> None:
    (row,) = table.records()
    assert row["date"] == "2019-09-15"
    assert row["advice"] == (
        "Normal component of breast-milk; Only very limited anecdotal evidence of safety which "
        "indicates no effects in a breastfed infant; If clinically indicated monitor infant for "
        "signs of neutropenia, which is common in therapeutic use in adults")
    assert row["substance"] == "Recombinant human interleukin-1 receptor antagonist"


def check_licensed_indications(table: Table) -> None:
    assert [(r["label"], r["indication"], r["licence_status"], r["approved"], r["region"])
            for r in table.records()] == [
        ("Anakinra", COVID_INDICATION, "Licence extension / variation", "2021-12", "EU")]


def check_second_line_options(table: Table) -> None:
    """The Q&A weighs siltuximab and anakinra after failure of tocilizumab in CRS: the
    title's "Cytokine Release Syndrome" is the drug page's CRS, one node."""
    assert [(r["option"], r["therapy_line"], r["after_failure_of"], r["condition_label"], r["date"])
            for r in table.records()] == [
        ("Anakinra", "second-line", "tocilizumab", "CRS", "2019-05-10"),
        ("siltuximab", "second-line", "tocilizumab", "CRS", "2019-05-10"),
    ]
    assert set(table.values("condition")) <= {"CRS", "cytokine release syndrome"}


def check_effect_sizes(table: Table) -> None:
    """SAVE-MORE in Nature Medicine: OR 0.36 (95% CI 0.26 to 0.50); HR 0.45, P = 0.045."""
    assert [(r["date"], r["trial"], r["measure"], r["estimate"], r["ci_level"], r["ci_lower"],
             r["ci_upper"], r["p_comparator"], r["p_value"], r["participants"], r["journal"])
            for r in table.records()] == [
        ("2021-09", "SAVE-MORE", "odds ratio", "0.36", "95", "0.26", "0.5", None, None, "594",
         "Nature Medicine"),
        ("2021-09", "SAVE-MORE", "hazard ratio", "0.45", None, None, None, "=", "0.045", "594",
         "Nature Medicine"),
    ]


def check_eligibility_criteria(table: Table) -> None:
    """The CHMP-recommended indication: suPAR of at least 6 ng per ml."""
    (row,) = table.records()
    assert (row["biomarker"], row["comparator"], row["threshold"], row["unit"], row["date"]) \
        == ("suPAR", ">=", "6", "ng/mL", "2021-12")
    assert row["biomarker_name"] == "soluble urokinase plasminogen activator receptor"


def check_evidence_by_design_kind(table: Table) -> None:
    """Kinds add up from the design tags: the randomized kinds are the two randomized
    controlled open trials and SAVE-MORE (double-blind, 594 participants)."""
    by_design = expected_by_design()
    got = {r["kind"]: (int(r["studies"]), r["participants"]) for r in table.records()}  # type: ignore[arg-type]
    assert got["randomized double-blind design"] == (1, "594")
    assert got["randomized controlled design"] == got["randomized design"] == (
        by_design["Randomized controlled open trial"][0] + 1, str(290 + 594))
    # Five trials: two randomized controlled open ones, SAVE-MORE (also tagged Phase III
    # clinical trial, so one study for two tags) and two non-randomized ones.
    assert got["interventional design"][0] == 5 == sum(
        count for design, (count, _, _) in by_design.items() if design.endswith("trial")) - 1
    assert got["case report design"][0] == by_design["Case report"][0] == 24
    assert got["cohort design"] == (19, "1723")
    assert "observational design" in got and "preclinical design" not in got


def check_drugs_by_pathway(table: Table) -> None:
    """Tocilizumab targets the IL-6 receptor and siltuximab IL-6: both act on IL-6 signalling."""
    assert [(r["label"], r["targets"]) for r in table.records()] == [
        ("siltuximab", "IL-6"), ("tocilizumab", "IL-6R")]
    assert set(table.values("pathway")) == {"https://w3id.org/drugkg/id/pathway/il-6-signalling"}


# --- the evidence summary: counts per condition from the page, graded by the README's rule --

AS_OF = "2021-06-30"
RANDOMIZED_TAGS = ("Randomized controlled double-blind trial", "Randomized controlled open trial")
COMPARATIVE_TAGS = ("Cohort study", "Non-randomized controlled open trial")
"""The design tags of the page the ontology makes randomized, and controlled, cohort or
case-control (and not randomized); every other tag is a case report, series or uncontrolled."""


def level(ref: Ref) -> int:
    """3 randomized, 2 controlled, cohort or case-control, 1 anything else (the query's levels)."""
    return 3 if set(ref.tags) & set(RANDOMIZED_TAGS) else 2 if set(ref.tags) & set(COMPARATIVE_TAGS) else 1


@cache
def reader_conditions() -> dict[str, tuple[str, ...]]:
    """Title -> the conditions the reader's records give (tags and words): a path apart from SPARQL."""
    (page,) = read_source(DRUG_PAGE).pages
    return {ref.title: ref.conditions for ref in page.references}  # type: ignore[union-attr]


def participants(refs: list[Ref]) -> int | None:
    sizes = [ref.sample_size for ref in refs if ref.sample_size is not None]
    return sum(sizes) if sizes else None


def grade(refs: list[Ref]) -> str:
    """The documented rule: randomized evidence starts at moderate and two or more randomized
    studies raise it to high; else controlled, cohort or case-control studies start at low, the
    rest very low; fewer than 400 participants in the studies of that strongest kind lower it."""
    strongest = max(level(ref) for ref in refs)
    kind = [ref for ref in refs if level(ref) == strongest]
    small = (participants(kind) or 0) < 400
    points = {3: 2 + (len(kind) >= 2) - small, 2: 1 - small, 1: 0}[strongest]
    return ("very low", "low", "moderate", "high")[points]


def expected_summary(as_of: str | None = None) -> dict[str, tuple[int, int | None, int, int | None, str, int]]:
    """Condition -> studies, participants, randomized studies and participants, grade, sized studies."""
    studies: dict[str, list[Ref]] = {}
    for ref in page_refs():
        if as_of is None or ref.date <= as_of:
            for condition in reader_conditions()[ref.title]:
                studies.setdefault(condition, []).append(ref)
    expected = {}
    for condition, refs in studies.items():
        randomized = [ref for ref in refs if level(ref) == 3]
        expected[condition] = (len(refs), participants(refs), len(randomized),
                               participants(randomized) if randomized else 0, grade(refs),
                               sum(ref.sample_size is not None for ref in refs))
    return expected


def summary_rows(table: Table) -> dict[str, tuple[int, int | None, int, int | None, str, int]]:
    def number(value: str | None) -> int | None:
        return None if value is None else int(value)
    return {r["condition"]: (int(r["studies"]), number(r["participants"]), int(r["randomized_studies"]),  # type: ignore
                             number(r["randomized_participants"]), r["grade"], int(r["sized_studies"]))  # type: ignore
            for r in table.records()}


def check_evidence_summary(table: Table) -> None:  # condition=COVID-19, as_of=2021-06-30
    """Before SAVE-MORE (Sep 2021) one randomized trial, 130 + 130 matched controls: low."""
    (row,) = table.records()
    assert (row["condition"], row["studies"], row["participants"], row["randomized_studies"],
            row["randomized_participants"], row["grade"], row["grade_reason"]) == (
        "COVID-19", "45", "1890", "1", "260", "low", "1 randomized trial, 260 participants: a single trial, fewer than 400")
    assert summary_rows(table) == {"COVID-19": expected_summary(AS_OF)["COVID-19"]}
    assert row["as_of"] == AS_OF


ROW_CHECKS: dict[str, Callable[[Table], None]] = {
    "fact-sources": check_fact_sources,
    "evidence-by-design-kind": check_evidence_by_design_kind, "drugs-by-pathway": check_drugs_by_pathway,
    "regulatory-timeline": check_regulatory_timeline, "storage": check_storage,
    "lactation": check_lactation, "licensed-indications": check_licensed_indications,
    "second-line-options": check_second_line_options, "effect-sizes": check_effect_sizes,
    "eligibility-criteria": check_eligibility_criteria,
    "references": check_references, "trials": check_trials, "drugs": check_drugs,
    "drugs-by-target": check_drugs_by_target, "evidence-by-design": check_evidence_by_design,
    "top-impact": check_top_impact, "largest-studies": check_largest_studies,
    "studies-in-population": check_studies_in_population, "studies-with-tag": check_studies_with_tag,
    "co-medications": check_co_medications, "dosing": check_dosing,
    "dose-steps": check_dose_steps, "studies-by-route": check_studies_by_route,
    "participants-per-condition": check_participants_per_condition,
    "studies-in-condition": check_studies_in_condition,
    "studies-with-co-medication": check_studies_with_co_medication,
    "reported-results": check_reported_results, "external-identifiers": check_external_identifiers,
    "entities-without-identifiers": check_entities_without_identifiers,
    "trials-by-country": check_trials_by_country, "sources": check_sources,
    "references-per-year": check_references_per_year,
    "references-per-target": check_references_per_target,
    "evidence-summary": check_evidence_summary,
}


# --- specific questions -------------------------------------------------------------------

SEVERE_FORMS = "Anakinra for severe forms of COVID-19: a cohort study"
SAVE_MORE = ("Early treatment of COVID-19 with anakinra guided by soluble urokinase plasminogen "
             "receptor plasma levels: a double-blind, randomized controlled phase 3 trial")
CONTRACT_REFERENCE_COLUMNS = ("title", "date", "design", "population", "impact_factor", "sample_size")


def contract_row(record: dict[str, str | None]) -> tuple[str | None, ...]:
    return tuple(record[column] for column in CONTRACT_REFERENCE_COLUMNS)


def test_references_full_rows(seed_out: Path) -> None:
    rows = by_title(run("references", seed_out, drug="anakinra"))
    assert len(rows) == 57
    assert contract_row(rows[SEVERE_FORMS]) == (
        SEVERE_FORMS, "2020-05-29", "Cohort study", "Patients", None, "96")
    assert contract_row(rows[SAVE_MORE]) == (
        SAVE_MORE, "2021-09-03", "Phase III clinical trial; Randomized controlled double-blind trial",
        "Patients", "53.44", "594")
    first = ("Interleukin-1 blockade with high-dose anakinra in patients with COVID-19, acute "
             "respiratory distress syndrome, and hyperinflammation: a retrospective cohort study")
    assert contract_row(rows[first]) == (first, "2020-05-07", None, "Patients", None, None)
    hlh = "Favorable Anakinra Responses in Severe Covid-19 Patients with Secondary Hemophagocytic Lymphohistiocytosis"
    assert contract_row(rows[hlh]) == (
        hlh, "2020-05-14", "Case series", "Patients with secondary hemophagocytic lymphohistiocytosis",
        "21.02", "8")
    steroids = ("Anakinra after treatment with corticosteroids alone or with tocilizumab in patients with "
                "severe COVID-19 pneumonia and moderate hyperinflammation. A retrospective cohort study")
    assert contract_row(rows[steroids]) == (
        steroids, "2021-01-05", "Cohort study",
        "Severe pneumonia and moderate hyperinflammation patients", "2.32", "143")
    ecmo = "Extracorporeal Membrane Oxygenation for COVID-19-Associated Multisystem Inflammatory Syndrome in a 5-year-old"
    assert contract_row(rows[ecmo]) == (ecmo, "2020-12-09", "Case report", "A paediatric patient on ECMO.", "0.69", "1")
    kidney = "Use of Anti-Cytokine Therapy in Kidney Transplant Recipients with COVID-19"
    assert contract_row(rows[kidney]) == (kidney, "2021-04-07", "Cohort study", "Kidney transplant patients", "4.24", None)


def test_references_source_lines_point_at_the_titles(seed_out: Path) -> None:
    lines = DRUG_PAGE.read_text(encoding="utf-8").split("\n")
    for record in run("references", seed_out, drug="anakinra").records():
        assert lines[int(record["source_line"]) - 1].strip() == record["title"]  # type: ignore[arg-type]


@pytest.mark.parametrize("drug", ["Kineret", "ANAKINRA", "anakinra", "perkinra", ANAKINRA, " anakinra ",
                                  "aNaKiNrA", "kINERET"])  # the last two in no spelling tried first
def test_references_by_name_brand_case_or_iri_are_the_same(seed_out: Path, drug: str) -> None:
    expected = run("references", seed_out, drug="anakinra")
    if drug == drug.strip():
        assert run_query("references", {"drug": drug}, seed_out) == expected
    assert run_query("references", parse_pairs([f"drug={drug}"]), seed_out) == expected


def test_trials_of_a_drug_equal_all_trials(seed_out: Path) -> None:
    everything = run("trials", seed_out)
    assert everything == run("trials", seed_out, drug="Kineret")
    check_trials(everything)


def test_trials_of_a_drug_without_trials_is_empty(seed_out: Path) -> None:
    assert run("trials", seed_out, drug="remdesivir").rows == ()


@pytest.mark.parametrize("target", ["IL-1", "il-1", "https://w3id.org/drugkg/id/target/il-1"])
def test_drugs_by_target(seed_out: Path, target: str) -> None:
    table = run("drugs-by-target", seed_out, target=target)
    assert [(r["drug"], r["label"]) for r in table.records()] == [(ANAKINRA, "Anakinra")]


def test_drugs_by_a_target_only_tagged_on_references(seed_out: Path) -> None:
    """IL-6 is named on references (combined blockade) but is not anakinra's target."""
    try:
        table = run("drugs-by-target", seed_out, target="IL-6")
    except QueryError as error:
        assert "IL-6" in str(error)
    else:
        assert ANAKINRA not in table.values("drug")


def test_top_impact_limit(seed_out: Path) -> None:
    three = run("top-impact", seed_out, drug="anakinra", limit="3")
    assert len(three.rows) == 3
    assert three.records()[0] == {"title": SAVE_MORE, "impact_factor": "53.44", "date": "2021-09-03",
                                  "drug": ANAKINRA, "as_of": None}
    assert [r["impact_factor"] for r in three.records()] == ["53.44", "21.02", "19.1"]
    default = run("top-impact", seed_out, drug="anakinra")
    assert len(default.rows) == 10 and default.rows[:3] == three.rows
    assert run("top-impact", seed_out, drug="anakinra", limit="0").rows == ()
    assert len(run("top-impact", seed_out, drug="anakinra", limit="1000").rows) == sum(
        1 for ref in page_refs() if ref.impact_factor is not None)


def test_evidence_by_design_case_report_row(seed_out: Path) -> None:
    rows = {r["design"]: r for r in run("evidence-by-design", seed_out, drug="Kineret").records()}
    assert (rows["Case report"]["studies"], rows["Case report"]["participants"]) == ("24", "29")
    assert (rows["Cohort study"]["studies"], rows["Cohort study"]["participants"]) == ("19", "1723")
    assert rows["Non-randomized controlled open trial"]["studies"] == "1"
    assert rows["Non-randomized controlled open trial"]["participants"] is None, \
        "no study of that design states a size: unknown, not zero"


def test_studies_in_population_children(seed_out: Path) -> None:
    rows = by_title(run("studies-in-population", seed_out, drug="anakinra", population="children"))
    assert rows["Anakinra in Refractory Multisystem Inflammatory Syndrome in Children (MIS-C)"]["date"] \
        == "2021-10-15"
    assert SAVE_MORE not in rows
    upper = run("studies-in-population", seed_out, drug="anakinra", population="CHILDREN")
    assert set(by_title(upper)) == set(rows)


def test_studies_in_population_elderly_and_pregnant(seed_out: Path) -> None:
    elderly = by_title(run("studies-in-population", seed_out, drug="anakinra", population="elderly"))
    assert "Jaundice in a patient treated with Anakinra in a context of Covid-19" in elderly
    pregnant = by_title(run("studies-in-population", seed_out, drug="anakinra", population="pregnant"))
    assert list(pregnant) == [
        "Can Anakinra and corticosteroid treatment be an effective option in pregnant women with severe Covid-19?"]


def test_studies_with_tag_counts_tag_lines(seed_out: Path) -> None:
    ards_lines = sum(1 for line in DRUG_PAGE.read_text(encoding="utf-8").split("\n")
                     if re.search(r"\bARDS\b", line) and set(line.split()) <= set(" ".join(DESIGNS + OTHER_TAGS).split()))
    table = run("studies-with-tag", seed_out, drug="anakinra", tag="ARDS")
    assert len(table.rows) == ards_lines == 12
    lower = run("studies-with-tag", seed_out, drug="anakinra", tag="ards")
    assert lower.values("title") == table.values("title"), "tags match case-insensitively"
    message = one_line_error(lambda: run("studies-with-tag", seed_out, drug="anakinra", tag="AR"))
    assert message == "unknown tag 'AR' for parameter 'tag': nearest known: ARDS", "whole tags only"


def test_co_medications_include_methylprednisolone_and_remdesivir(seed_out: Path) -> None:
    names = run("co-medications", seed_out, drug="anakinra").values("comedication")
    assert {"methylprednisolone", "remdesivir"} <= set(names)  # type: ignore[arg-type]


def test_dosing_route(seed_out: Path) -> None:
    rows = run("dosing", seed_out, drug="anakinra").records()
    assert [r["route"] for r in rows if r["title"] == SEVERE_FORMS] == ["subcutaneous"]


def test_trials_by_country(seed_out: Path) -> None:
    assert run("trials-by-country", seed_out).records() == [{"country": "Spain", "trials": "1", "sites": "12"}]


def test_sources_triples_add_up_to_the_build(seed_build: tuple[Path, BuildReport]) -> None:
    """The source documents (two seeds and the lexicons) plus the link sets, inferred and
    description graphs are every quad."""
    out, report = seed_build
    records = run("sources", out).records()
    assert {r["sha256"] for r in records} == {
        hashlib.sha256(path.read_bytes()).hexdigest() for path in (DRUG_PAGE, SPS_PAGES, *LEXICONS)}
    store = open_store(out)
    derived = {graph: graph_size(store, NamedNode(graph)) for graph in (*LINKSETS, INFERRED, DESCRIPTION)}
    assert all(derived.values())
    assert not set(derived) & {r["document"] for r in records}, "derived graphs are not source documents"
    assert sum(int(r["triples"]) for r in records) + sum(derived.values()) == report.quads  # type: ignore[arg-type]


def test_references_per_year_sum(seed_out: Path) -> None:
    table = run("references-per-year", seed_out, drug="anakinra")
    assert [(r["year"], r["references"]) for r in table.records()] == [("2020", "27"), ("2021", "29"), ("2022", "1")]


def test_a_drug_without_references_gives_no_rows_not_an_error(seed_out: Path) -> None:
    assert run("references", seed_out, drug="remdesivir").rows == ()


# --- errors -------------------------------------------------------------------------------

def one_line_error(call: Callable[[], object]) -> str:
    with pytest.raises(QueryError) as caught:
        call()
    message = str(caught.value)
    assert message and "\n" not in message
    return message


def test_unknown_drug(seed_out: Path) -> None:
    message = one_line_error(lambda: run("references", seed_out, drug="nosuchdrug"))
    assert "'nosuchdrug'" in message and "'drug'" in message


@pytest.mark.parametrize("value", ['anakinra" } #', "anakinra') || true || ('", "", "<" + ANAKINRA + ">"])
def test_drug_values_are_bound_never_pasted(seed_out: Path, value: str) -> None:
    message = one_line_error(lambda: run_query("references", {"drug": value}, seed_out))
    assert "drug" in message and "invalid SPARQL" not in message


def test_string_values_are_bound_never_pasted(seed_out: Path) -> None:
    table = run("studies-with-co-medication", seed_out, drug="anakinra", comedication='x") || true || ("')
    assert table.rows == ()
    message = one_line_error(lambda: run("studies-in-population", seed_out, drug="anakinra",
                                         population='x") || true || ("'))
    assert message.startswith("unknown population 'x\") || true || (\"' for parameter 'population'")


def test_unknown_target(seed_out: Path) -> None:
    message = one_line_error(lambda: run("drugs-by-target", seed_out, target="IL-99"))
    assert "'IL-99'" in message and "target" in message


def test_missing_required_parameter(seed_out: Path) -> None:
    message = one_line_error(lambda: run("references", seed_out))
    assert "'drug'" in message and "references" in message
    message = one_line_error(lambda: run("studies-in-population", seed_out, drug="anakinra"))
    assert "'population'" in message


def test_unknown_parameter(seed_out: Path) -> None:
    message = one_line_error(lambda: run("references", seed_out, drug="anakinra", colour="red"))
    assert "'colour'" in message and "drug" in message
    message = one_line_error(lambda: run("drugs", seed_out, drug="anakinra"))
    assert "'drug'" in message


@pytest.mark.parametrize("limit", ["ten", "-1", "2.5", "", " "])
def test_non_integer_limit(seed_out: Path, limit: str) -> None:
    message = one_line_error(lambda: run("top-impact", seed_out, drug="anakinra", limit=limit))
    assert "'limit'" in message


@pytest.mark.parametrize("pair", ["drug", "=anakinra", " =x"])
def test_bad_key_value_pair(pair: str) -> None:
    message = one_line_error(lambda: parse_pairs([pair]))
    assert repr(pair) in message or f"'{pair}'" in message
    assert "KEY=VALUE" in message


def test_unknown_query_name(seed_out: Path) -> None:
    message = one_line_error(lambda: run("nope", seed_out))
    assert "'nope'" in message and "references" in message


def test_query_before_any_build(tmp_path: Path) -> None:
    with pytest.raises(KgError) as caught:
        run_query("drugs", {}, tmp_path / "nothing")
    assert "kg build" in str(caught.value)


# --- doses as numbers and study arms kept apart (issue 19, items 4 and 6) -----------------
# Each expected value below was read by hand from the seed page, at the line given.

HLH = "Favorable Anakinra Responses in Severe Covid-19 Patients with Secondary Hemophagocytic Lymphohistiocytosis"
IV_CASE_SERIES = "Safety of intravenous anakinra in COVID-19 with evidence of hyperinflammation, a case series"
METHYLPRED_COHORT = ("Anakinra combined with methylprednisolone in patients with severe COVID-19 pneumonia and "
                     "hyperinflammation: an observational cohort study")
ARDS_COHORTS = ("IL-1 Receptor Antagonist Anakinra in the Treatment of COVID-19 Acute Respiratory Distress "
                "Syndrome: A Retrospective, Observational Study")
ESCAPE = "ESCAPE: An Open-Label Trial of Personalized Immunotherapy in Critically lll COVID-19 Patients"
MIS_C_CASE = ("Multisystem Inflammatory Syndrome in Children during the COVID-19 Pandemic: A Case Report on "
              "Managing the Hyperinflammation")
ADOLESCENTS = ("Hyperinflammation in Two Severe Acute Respiratory Syndrome Coronavirus 2-Infected Adolescents "
               "Successfully Treated With the Interleukin-1 Inhibitor Anakinra and Glucocorticoids")
REFRACTORY_MIS_C = "Anakinra in Refractory Multisystem Inflammatory Syndrome in Children (MIS-C)"
TOCILIZUMAB_INSTEAD = ESCAPE  # line 347: 60 + 42 (tocilizumab instead)
STEROIDS_COHORT = ("Anakinra after treatment with corticosteroids alone or with tocilizumab in patients with "
                   "severe COVID-19 pneumonia and moderate hyperinflammation. A retrospective cohort study")


def page_ref(title: str) -> Ref:
    return next(ref for ref in page_refs() if ref.title == title)


def check_highest_daily_dose(table: Table) -> None:
    """Fixed: 600 mg a day, given in five studies (line 95: 300 mg twice a day at the top of
    '200 - 300 mg once to twice daily'; lines 109, 228, 347: 200 mg every 8 hours; line 140:
    200 mg IV three times a day); weight-based: 20 mg/kg a day (line 410: '2–10 mg/kg, up to
    twice daily'). No dose of the page is by body surface."""
    got = [(r["basis"], r["daily_dose"], r["unit"], r["route"], r["title"]) for r in table.records()]
    assert got == [
        ("fixed", "600", "mg", "intravenous", HLH),
        ("fixed", "600", "mg", "intravenous", IV_CASE_SERIES),  # its only route is in its title
        ("fixed", "600", "mg", "intravenous; subcutaneous", METHYLPRED_COHORT),
        ("fixed", "600", "mg", "intravenous", ARDS_COHORTS),
        ("fixed", "600", "mg", None, ESCAPE),
        ("weight-based", "20", "mg/kg", None, MIS_C_CASE),
    ]
    for record in table.records():
        ref = page_ref(record["title"])  # type: ignore[arg-type]
        assert record["dose"] in ref.notes and record["phase"] in ref.notes  # type: ignore[operator]
        assert (record["population"], record["date"]) == (ref.population, ref.date)
    assert {r["phase"] for r in table.records() if r["title"] == METHYLPRED_COHORT} == {
        "Subcutaneous (IV in mechanical ventilation patients) dose of 200 mg every 8 hours on days 1-3"}
    assert datatypes(table, "daily_dose") == {XSD + "decimal"}


ROW_CHECKS["highest-daily-dose"] = check_highest_daily_dose


@pytest.mark.parametrize(("title", "phases"), [
    # line 193: a total a day in two doses; no per-dose amount is made up
    (REFRACTORY_MIS_C, [(None, None, "5", "6", "mg/kg", "twice daily", "2", None)]),
    # line 95: per dose 200-300 mg, once or twice a day
    (IV_CASE_SERIES, [("200", "300", "200", "600", "mg", "once to twice daily", "1", "2")]),
    # line 131: every 12, 8 or 6 hours by body weight on day 1, then twice a day
    (STEROIDS_COHORT, [("100", None, "200", "400", "mg", "every 12, 8 or 6 hours", "2", "4"),
                       ("100", None, "200", None, "mg", "twice daily", "2", None)]),
    # line 256: 400 mg on day 1 (no frequency: no day's amount), then 2-10 mg/kg a day in divided doses
    ("Can Anakinra and corticosteroid treatment be an effective option in pregnant women with severe Covid-19?",
     [("400", None, None, None, "mg", None, None, None),
      (None, None, "2", "10", "mg/kg", "every 6 hours", "4", None)]),
])
def test_dose_steps_per_administration_and_per_day(seed_out: Path, title: str, phases: list[tuple[str | None, ...]]) -> None:
    rows = [r for r in run("dose-steps", seed_out, drug="anakinra").records() if r["title"] == title]
    assert [(r["amount"], r["amount_max"], r["daily_amount"], r["daily_amount_max"], r["unit"], r["frequency"],
             r["doses_per_day"], r["doses_per_day_max"]) for r in rows] == phases


def test_a_dose_unit_that_looks_wrong_for_adolescents_is_kept_and_flagged(seed_out: Path) -> None:
    """Line 326, two adolescents: '6–8 mg daily IV' stays in mg, with the reason it looks like mg/kg."""
    assert "Dosage: 6–8 mg daily IV." in page_ref(ADOLESCENTS).notes
    flagged = [(r["title"], r["daily_amount"], r["daily_amount_max"], r["unit"], r["unit_note"])
               for r in run("dose-steps", seed_out, drug="anakinra").records() if r["unit_note"]]
    assert flagged == [(ADOLESCENTS, "6", "8", "mg",
                        "8 mg in adolescents is the size of a weight-based dose: mg/kg is likely; kept as written")]


def test_dosing_gives_the_first_phase_a_day(seed_out: Path) -> None:
    rows = run("dosing", seed_out, drug="anakinra").records()
    (severe,) = [r for r in rows if r["title"] == SEVERE_FORMS]
    assert (severe["amount"], severe["daily_amount"], severe["daily_amount_max"]) == ("100", "200", None)
    (refractory,) = [r for r in rows if r["title"] == REFRACTORY_MIS_C]
    assert (refractory["amount"], refractory["daily_amount"], refractory["daily_amount_max"], refractory["unit"]) \
        == (None, "5", "6", "mg/kg")


ARMS = """PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?title ?size ?treated ?controls ?comparators WHERE {
  ?publication dct:title ?title ; dk:sampleSize ?size ; dk:participantsTreated ?treated ;
    dk:participantsControl ?controls ; dk:participantsComparator ?comparators .
}"""


def test_active_comparators_are_not_controls(seed_out: Path) -> None:
    """Line 347: 60 + 42 given tocilizumab instead; line 131: 10 treated, 59 given corticosteroids
    and tocilizumab (optional for the treated), 74 corticosteroids only (the treated's background);
    line 72: 9 + 18 tocilizumab control. Every study's parts add up to its sample size."""
    rows = {str(s["title"].value): tuple(int(s[name].value) for name in ("size", "treated", "controls", "comparators"))
            for s in open_store(seed_out).query(ARMS)}  # type: ignore[union-attr, index]
    assert rows[TOCILIZUMAB_INSTEAD] == (102, 60, 0, 42)
    assert rows[STEROIDS_COHORT] == (143, 10, 74, 59)
    assert rows["High dose subcutaneous Anakinra to treat acute respiratory distress syndrome secondary to "
                "cytokine storm syndrome among severely ill COVID-19 patients"] == (27, 9, 0, 18)
    assert rows[SAVE_MORE] == (594, 405, 189, 0)
    assert all(treated + controls + comparators == size for size, treated, controls, comparators in rows.values())
    assert sum(size for size, *_ in rows.values()) == sum(ref.sample_size or 0 for ref in page_refs())
    references = by_title(run("references", seed_out, drug="anakinra"))
    assert (references[TOCILIZUMAB_INSTEAD]["treated"], references[TOCILIZUMAB_INSTEAD]["controls"]) == ("60", "0")
    classes = {str(s["class"].value) for s in open_store(seed_out).query(
        "PREFIX dk: <https://w3id.org/drugkg/ontology#> SELECT DISTINCT ?class WHERE { ?arm a ?class ; dk:armSize ?n }")}  # type: ignore[index]
    assert {"https://w3id.org/drugkg/ontology#ActiveComparatorArm", "https://w3id.org/drugkg/ontology#ControlArm",
            "https://w3id.org/drugkg/ontology#TreatmentArm"} <= classes


# --- one study listed twice (issue 19) ----------------------------------------------------

def check_possible_duplicates(table: Table) -> None:
    """The page lists one cohort study twice, at lines 145 and 308: published the same day,
    titles alike ('high doses IV Anakinra' / 'high doses of intravenous anakinra'), impact
    factors 10.23 and 10.79, its 63 + 65 patients stated only at line 308."""
    refs = {ref.line: ref for ref in page_refs()}
    first, second = refs[145], refs[308]
    assert first.date == second.date == "2021-02-05"
    assert (first.impact_factor, second.impact_factor) == (Decimal("10.23"), Decimal("10.79"))
    assert (first.sample_size, second.sample_size) == (None, 63 + 65)
    (row,) = table.records()
    assert (row["title"], row["other_title"]) == (first.title, second.title)
    assert row["reason"] == (
        "titles start with the same words ('Efficacy of early anti-inflammatory treatment'); both "
        "published 2021-02-05; sample size 128 stated by one only; impact factors 10.23 and 10.79")
    assert (row["source_line"], row["other_source_line"]) == ("145", "308")
    assert row["publication"] != row["other_publication"]
    assert all(str(row[c]).startswith("https://w3id.org/drugkg/id/publication/anakinra-")
               for c in ("publication", "other_publication"))


ROW_CHECKS["possible-duplicates"] = check_possible_duplicates


def test_possible_duplicates_are_both_still_references(seed_out: Path) -> None:
    """Flagged, not merged: both stay references with their own impact factor."""
    pair = run("possible-duplicates", seed_out, drug="anakinra").records()[0]
    references = {r["publication"]: r for r in run("references", seed_out, drug="anakinra").records()}
    assert (references[pair["publication"]]["impact_factor"],
            references[pair["other_publication"]]["impact_factor"]) == ("10.23", "10.79")
    assert run("possible-duplicates", seed_out, drug="remdesivir").rows == ()


ROUTES = """PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?route ?label ?written WHERE { ?route a dk:Route ; rdfs:label ?label . OPTIONAL { ?route skos:altLabel ?written } }"""


def test_one_node_per_route(seed_out: Path) -> None:
    """The drug page's 'subcutaneously', 'Subcutaneous', 'sc' and the SPS page's 'Subcutaneous
    injection' (line 55) are one route; the SPS words are its alternative label."""
    rows = {(s["route"].value, s["label"].value, s["written"].value if s["written"] else None)  # type: ignore[index, union-attr]
            for s in open_store(seed_out).query(ROUTES)}  # type: ignore[union-attr]
    assert rows == {("https://w3id.org/drugkg/id/route/subcutaneous", "subcutaneous", "Subcutaneous injection"),
                    ("https://w3id.org/drugkg/id/route/intravenous", "intravenous", None)}
    kineret = "PREFIX dk: <https://w3id.org/drugkg/ontology#> ASK { <https://w3id.org/drugkg/id/product/kineret> dk:route <https://w3id.org/drugkg/id/route/subcutaneous> }"
    assert open_store(seed_out).query(kineret)


# --- co-medications by drug class (issue 19) ----------------------------------------------

# The corticosteroids the notes name, by the names the drug lexicon gives them: three
# substances of ATC H02AB (glucocorticoids) and the class word itself ("corticosteroids",
# "glucocorticoids"), which is the group H02.
GLUCOCORTICOIDS = {"methylprednisolone", "dexamethasone", "hydrocortisone"}
CORTICOSTEROIDS = GLUCOCORTICOIDS | {"corticosteroids"}


def class_rows(table: Table) -> dict[int, tuple[str | None, ...]]:
    """Title line -> (co-medications, class, code) of each row."""
    lines = {ref.title: ref.line for ref in page_refs()}
    return {lines[str(r["title"])]: (r["comedications"], r["drug_class"], r["atc"]) for r in table.records()}


def check_co_medication_class(table: Table) -> None:  # class=corticosteroid
    """Every study that names methylprednisolone (lines 105, 252, ...), dexamethasone (line
    113) or corticosteroids (lines 127, 308, 385, 455): twelve, one row each."""
    expected = {line: names & CORTICOSTEROIDS for line, names in gold_co_medications().items()
                if names & CORTICOSTEROIDS}
    assert len(expected) == 12
    rows = class_rows(table)
    assert {line: set(str(names).split("; ")) for line, (names, _, _) in rows.items()} == expected
    assert {(label, code) for _, label, code in rows.values()} == {("CORTICOSTEROIDS FOR SYSTEMIC USE", "H02")}
    assert rows[113][0] == "dexamethasone" and rows[455][0] == "corticosteroids"
    assert set(table.values("class")) == {"corticosteroid"}
    dates = list(table.values("date"))
    assert dates == sorted(dates)  # type: ignore[type-var]


ROW_CHECKS["co-medication-class"] = check_co_medication_class


def test_co_medication_class_by_code_below_the_class_word(seed_out: Path) -> None:
    """H02AB (glucocorticoids) holds the substances only: the notes' 'corticosteroids' and
    'glucocorticoids' name the group H02, so lines 127, 308, 385 and 455 are not in it."""
    expected = {line for line, names in gold_co_medications().items() if names & GLUCOCORTICOIDS}
    for value in ("H02AB", "h02ab", "glucocorticoid", "Glucocorticoids"):
        rows = class_rows(run("co-medication-class", seed_out, drug="anakinra", **{"class": value}))
        assert set(rows) == expected and len(expected) == 8, value
        assert {(label, code) for _, label, code in rows.values()} == {("Glucocorticoids", "H02AB")}


def test_co_medication_class_interleukin_inhibitors(seed_out: Path) -> None:
    """Tocilizumab (L04AC07) is an interleukin inhibitor: lines 127 and 385 name it."""
    rows = class_rows(run("co-medication-class", seed_out, drug="Kineret", **{"class": "interleukin inhibitor"}))
    assert rows == {127: ("tocilizumab", "Interleukin inhibitors", "L04AC"),
                    385: ("tocilizumab", "Interleukin inhibitors", "L04AC")}
    assert list(run("co-medication-class", seed_out, drug="anakinra", **{"class": "L04AC07"}).values("atc")) == \
        ["L04AC07", "L04AC07"]
    assert run("co-medication-class", seed_out, drug="anakinra", **{"class": "vaccine"}).rows == ()


# --- evidence typed with standard codes (issue 19) ----------------------------------------

def check_evidence_codes(table: Table) -> None:
    """Every reference with a design tag on the page is a study in people (cohort, case
    report, trial, ...): ECO:0000180; the one without (line 55) is plain evidence. All are
    the curators' assertions; every one has prose the readers drew facts from."""
    refs = page_refs()
    designed = [ref for ref in refs if ref.design]
    assert [(r["eco"], r["label"], r["studies"], r["prose_studies"]) for r in table.records()] == [
        ("ECO:0000180", "clinical study evidence", str(len(designed)), str(len(designed))),
        ("ECO:0000000", "evidence", str(len(refs) - len(designed)), str(len(refs) - len(designed)))]
    assert [ref.line for ref in refs if not ref.design] == [55] and len(designed) == 56
    assert all(ref.notes for ref in refs)
    assert {(r["knowledge_level"], r["agent_type"]) for r in table.records()} == {("knowledge_assertion", "manual_agent")}
    assert list(table.values("eco_iri")) == ["http://purl.obolibrary.org/obo/ECO_0000180",
                                             "http://purl.obolibrary.org/obo/ECO_0000000"]


ROW_CHECKS["evidence-codes"] = check_evidence_codes


# --- one node per condition (issue 19) ----------------------------------------------------

CONCEPT_NODES = """PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?kind ?label WHERE {
  VALUES ?kind { dk:Condition dk:PopulationGroup } ?node a ?kind ; rdfs:label ?label }"""


def test_each_condition_and_population_is_one_node(seed_out: Path) -> None:
    """No two nodes of the seed graph mean one lexicon concept: each is labelled by its key
    (the SPS Q&A's 'Cytokine Release Syndrome' is the drug page's CRS)."""
    nodes: dict[str, list[str]] = {}
    for solution in open_store(seed_out).query(CONCEPT_NODES):  # type: ignore[union-attr]
        label = str(solution["label"].value)  # type: ignore[index]
        kind = "condition" if solution["kind"].value.endswith("Condition") else "population"  # type: ignore[index]
        concept = find_concept(label, kind)  # type: ignore[arg-type]
        assert concept is not None and concept.key == label, label
        nodes.setdefault(concept.key, []).append(solution["node"].value)  # type: ignore[index]
    assert all(len(found) == 1 for found in nodes.values()), nodes
    assert "CRS" in nodes and "https://w3id.org/drugkg/id/condition/crs" in nodes["CRS"]


@pytest.mark.parametrize("condition", ["CRS", "crs", "cytokine storm", "Cytokine Release Syndrome"])
def test_second_line_options_by_any_name_of_crs(seed_out: Path, condition: str) -> None:
    table = run("second-line-options", seed_out, condition=condition)
    assert [(r["option"], r["condition_label"]) for r in table.records()] == [("Anakinra", "CRS"), ("siltuximab", "CRS")]
