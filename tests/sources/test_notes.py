"""A reference's notes as a whole: what each reader gives, checked against hand-read gold
for every reference of the seed page and of an unseen page (tests/fixtures/gold/)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.records import Reference
from kg.sources import drugpage
from kg.sources.dosing import routes_in
from kg.sources.notes import labelled_parts, read_notes

from paths import DRUG_PAGE, FIXTURES, GOLD as GOLD_DIR, gold_rows

GOLD = {"anakinra": (DRUG_PAGE, GOLD_DIR / "anakinra.tsv"),
        "baricitinib": (FIXTURES / "drugpage" / "baricitinib.txt", GOLD_DIR / "baricitinib.tsv")}


def split(value: str) -> set[str]:
    return set(filter(None, value.split(";")))


@pytest.fixture(scope="module", params=sorted(GOLD))
def gold(request) -> list[tuple[dict[str, str], Reference]]:
    page_path, gold_path = GOLD[request.param]
    page = drugpage.read(page_path).pages[0]
    by_line = {reference.origin.line: reference for reference in page.references}
    rows = gold_rows(gold_path)
    assert len(rows) == len(page.references)
    for row in rows:
        assert by_line[int(row["line"])].title.startswith(row["title_start"])
    return [(row, by_line[int(row["line"])]) for row in rows]


def test_sample_totals_match_the_gold(gold):
    stated = [(row, ref) for row, ref in gold if row["sample_total"] not in ("", "?")]
    right = [ref for row, ref in stated if ref.sample_size == int(row["sample_total"])]
    assert len(right) / len(stated) >= 0.95, [ref.sample.text for row, ref in stated if ref not in right]
    # an ambiguous text keeps its words and no number; a note without one has neither
    for row, ref in gold:
        if row["sample_total"] == "?":
            assert ref.sample is not None and ref.sample_size is None
        if row["sample_total"] == "":
            assert ref.sample is None


def test_routes_match_the_gold_for_every_note_that_names_one(gold):
    for row, ref in gold:
        if row["routes"]:
            assert set(ref.routes) == split(row["routes"]), ref.title
        else:  # no route in the notes: only one the title names
            assert set(ref.routes) <= set(routes_in(ref.title)), ref.title


def test_co_medications_precision_and_recall(gold):
    found = {(ref.origin.line, name) for _, ref in gold for name in ref.co_medications}
    expected = {(ref.origin.line, name) for row, ref in gold for name in split(row["co_medications"])}
    true = found & expected
    assert len(true) / len(found) >= 0.9, sorted(found - expected)
    assert len(true) / len(expected) >= 0.9, sorted(expected - found)


def test_conditions_and_populations_match_the_unseen_pages_gold():
    """The baricitinib gold also lists the conditions and groups each reference names."""
    page_path, gold_path = GOLD["baricitinib"]
    by_line = {ref.origin.line: ref for ref in drugpage.read(page_path).pages[0].references}
    vocabulary = {"ARDS", "COVID-19", "CRS", "HLH", "MIS-C", "MIS-A", "pericarditis", "myocarditis",
                  "pneumonia", "acute leukaemia", "pulmonary fibrosis"}
    for row in gold_rows(gold_path):
        ref = by_line[int(row["line"])]
        assert set(ref.conditions) & vocabulary == split(row["conditions"]), ref.title
        assert set(ref.populations) - {"Adults"} == split(row["populations"]), ref.title


def test_cohort_study_note(seed_line):
    # line 65: the issue's "52 + 44 control" and "subcutaneously 100 mg twice daily"
    facts = read_notes(seed_line(65), "Anakinra")
    assert (facts.sample.text, facts.sample.total) == ("52 + 44 control", 96)
    assert facts.dosage_text == "subcutaneously 100 mg twice daily on days 1-3, 100 mg daily on days 4-10"
    [regimen] = facts.regimens
    assert [step.text for step in regimen.steps] == [
        "subcutaneously 100 mg twice daily on days 1-3", "100 mg daily on days 4-10"]
    assert facts.routes == ("subcutaneous",)
    assert facts.co_medications == ()
    assert facts.endpoint is None


def test_prose_dosing_gives_one_regimen_per_cohort(seed_line):
    # line 58: no Dosage label; "either 5 mg/kg twice a day intravenously [high dose] or
    # 100 mg twice a day subcutaneously [low dose]"; the oral route is hydroxychloroquine's
    facts = read_notes(seed_line(58), "Anakinra")
    assert [(r.text, r.routes) for r in facts.regimens] == [
        ("5 mg/kg twice a day intravenously [high dose]", ("intravenous",)),
        ("100 mg twice a day subcutaneously [low dose]", ("subcutaneous",))]
    low = facts.regimens[1].steps[0]
    assert (low.amount, low.unit, low.doses_per_day) == (Decimal(100), "mg", Decimal(2))
    assert facts.routes == ("subcutaneous", "intravenous")
    assert facts.co_medications == ("hydroxychloroquine", "lopinavir", "ritonavir")
    assert facts.sample is None


@pytest.mark.parametrize(("line", "endpoint"), [
    (140, "Survival at day 28"),  # "Primary endpoint:"
    (163, "Severe respiratory failure incidence by day 14"),  # "Primary outcome:"
    (242, "Inflammatory response parameters"),  # "Main outcome:"
    (72, "Progressive resolution of ARDS"),  # "Endpoint:"
])
def test_endpoint_labels(seed_line, line, endpoint):
    assert read_notes(seed_line(line), "Anakinra").endpoint == endpoint


@pytest.mark.parametrize(("line", "measure", "value", "unit", "of"), [
    (58, "clinical improvement", Decimal(72), "%", None),  # "clinical improvement in 72% of patients"
    (163, "incidence", Decimal(70), "%", None),  # "The incidence of SRF ... was 70% lower"
    (277, "survival", Decimal(10), "patients", 11),  # "survival of 10 out of 11 critically ill patients"
])
def test_effect_statements(seed_line, line, measure, value, unit, of):
    [effect] = read_notes(seed_line(line), "Anakinra").effects
    assert (effect.measure, effect.value, effect.unit, effect.denominator) == (measure, value, unit, of)


def test_ivig_is_a_co_medication_not_an_iv_route(seed_line):
    # line 375: "Treatment using anakinra and IVIg administered during two days ..."
    facts = read_notes(seed_line(375), "Anakinra")
    assert facts.co_medications == ("intravenous immunoglobulin",)
    assert facts.routes == ()


def test_the_drug_itself_is_not_a_co_medication(seed_line):
    note = seed_line(277)  # "A combined treatment using anakinra and ruxolitinib ..."
    assert read_notes(note, "Anakinra").co_medications == ("ruxolitinib",)
    assert read_notes(note, "Ruxolitinib").co_medications == ("anakinra",)
    assert read_notes(note, "Kineret").co_medications == ("ruxolitinib",)


@pytest.mark.parametrize(("line", "why"), [
    (193, "who do not respond to intravenous immunoglobulins and corticosteroids"),
    (396, "which was refractory to the methylprednisolone and IVIg treatment"),
    (424, "when response to IVIg and corticosteroids is not satisfactory"),
    (431, "received anakinra or tocilizumab (AT)"),
    (445, "pooled data for anakinra and tocilizumab"),
])
def test_prior_alternative_and_pooled_drugs_are_not_co_medications(seed_line, line, why):
    assert why in seed_line(line)
    assert read_notes(seed_line(line), "Anakinra").co_medications == ()


def test_a_treated_arm_names_its_co_medications(seed_line):
    # line 131: "did not respond to corticosteroid treatment with or without tocilizumab" is
    # the history; the treated arm "10 (anakinra, corticosteroids, and tocilizumab (optional))"
    assert read_notes(seed_line(131), "Anakinra").co_medications == ("corticosteroids", "tocilizumab")


def test_co_medications_in_order_of_mention(seed_line):
    # line 403: "... using high-dose methylprednisolone, anakinra, acetylsalicylic acid, and IVIg"
    assert read_notes(seed_line(403), "Anakinra").co_medications == (
        "methylprednisolone", "acetylsalicylic acid", "intravenous immunoglobulin")


@pytest.mark.parametrize(("title", "population", "conditions", "populations"), [
    ("Anakinra in Refractory Multisystem Inflammatory Syndrome in Children (MIS-C)", "Children",
     ("MIS-C",), ("Children",)),
    ("Multisystem Inflammatory Syndrome in an Adult With COVID-19—A Trial of Anakinra",
     "A multisystem inflammatory syndrome patient", ("COVID-19", "MIS-A"), ("Adults",)),
    ("Use of Anti-Cytokine Therapy in Kidney Transplant Recipients with COVID-19",
     "Kidney transplant patients", ("COVID-19",), ("Kidney transplant recipients",)),
    ("Can Anakinra and corticosteroid treatment be an effective option in pregnant women with severe Covid-19?",
     "Pregnant patients", ("COVID-19",), ("Pregnant women",)),
    ("Cytokine storm and use of anakinra in a patient with COVID-19", "Patient", ("COVID-19", "CRS"), ()),
])
def test_conditions_and_populations_from_title_and_population(title, population, conditions, populations):
    facts = read_notes("", "Anakinra", title, population)
    assert (facts.conditions, facts.populations) == (conditions, populations)


def test_a_generic_syndrome_in_children_is_mis_c():
    # seed line 298: "Treatment of a child with multisystem inflammatory syndrome related to COVID-19"
    facts = read_notes("Treatment of a child with multisystem inflammatory syndrome related to COVID-19.",
                       "Anakinra", "Anakinra after treatment", "An 8-year-old patient with MIS")
    assert facts.conditions == ("COVID-19", "MIS-C")


@pytest.mark.parametrize("letter", ["ı", "İ"])
def test_a_label_with_a_letter_that_only_folds_to_ascii_is_not_a_label(letter):
    """Case-insensitively, 'ı' and 'İ' match 'i'; a label is looked up by its lower case, so
    'Sample s\u0131ze:' must not be taken for one (it was a KeyError)."""
    facts = read_notes(f"Clinical improvement. Sample s{letter}ze: 5. Dosage: 100 mg daily.", "Anakinra")
    assert facts.sample is None
    assert facts.dosage_text == "100 mg daily"


def test_labelled_parts_say_where_their_words_start(seed_line):
    """SAVE-MORE's notes (seed line 333): each labelled part at the offset of its first word,
    the same words read_notes reads."""
    note = seed_line(333)
    parts = labelled_parts(note)
    assert sorted(parts) == ["dosage", "endpoint", "sample_size"]
    offset, text = parts["sample_size"]
    assert text == "(intention-to-treat) 405 + 189 placebo" and note[offset:].startswith(text)
    offset, text = parts["dosage"]
    assert note[offset:].startswith("100 mg subcutaneously once a day") and text == read_notes(note, "Anakinra").dosage_text
    assert note[parts["endpoint"][0]:].startswith("Safety and efficacy on an ordinal scale")


def test_labelled_parts_keep_the_first_stated_of_each_label():
    """An empty label is skipped, and a label stated twice is read where it is first stated."""
    note = "Sample size: . Dosage: 100 mg daily. Sample size: 12 + 10 control. Dosage: 200 mg."
    parts = labelled_parts(note)
    assert parts == {"dosage": (note.index("100 mg"), "100 mg daily"),
                     "sample_size": (note.index("12 +"), "12 + 10 control")}
