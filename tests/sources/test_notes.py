"""Labelled facts in a reference's notes: sample size, dosage, routes, co-medications."""
from __future__ import annotations

import pytest

from kg.sources.notes import read_notes, total_participants


@pytest.mark.parametrize(("text", "total"), [
    ("52 + 44 control", 96),
    ("(intention-to-treat) 405 + 189 placebo", 594),
    ("9 (in 1 of which the treatment was prematurely stopped)", 9),
    ("10 (anakinra, corticosteroids, and tocilizumab (optional)) + 59 (corticosteroids and "
     "tocilizumab) + 74 (corticosteroids)", 143),
    ("1 (case report) + 5 (case series)", 6),
    ("130 + 130 matched control (standard of care)", 260),
    ("5 patients received anakinra (alone or combined with other anti-inflammatory drugs)", 5),
    ("9 + 18 tocilizumab control", 27),
    ("63 (early anakinra with or without corticosteroids) + 65 control "
     "(late anti-inflammatory treatment)", 128),
    ("60 + 42 (tocilizumab instead)", 102),
    ("119", 119),
    # not a plain sum of counts: the text is kept, no number is made up
    ("(14 + 4) pooled with tocilizumab + 15 control", None),
    ("24 (+ 26 pooled with Tocilizumab) out of 382 (the whole assessed cohort)", None),
])
def test_total_participants(text, total):
    assert total_participants(text) == total


def test_every_seed_sample_size_text_is_read(seed_page, seed_text):
    with_text = [r for r in seed_page.references if r.sample_size_text]
    assert len(with_text) == seed_text.count("Sample size:") == 49
    without_total = sorted(r.sample_size_text for r in with_text if r.sample_size is None)
    assert without_total == [
        "(14 + 4) pooled with tocilizumab + 15 control",
        "24 (+ 26 pooled with Tocilizumab) out of 382 (the whole assessed cohort)"]


def test_cohort_study_note(seed_line):
    facts = read_notes(seed_line(65), "Anakinra")
    assert facts.sample_size_text == "52 + 44 control"
    assert facts.sample_size == 96
    assert facts.dosage_text == (
        "subcutaneously 100 mg twice daily on days 1-3, 100 mg daily on days 4-10")
    assert facts.routes == ("subcutaneous",)
    assert facts.co_medications == ()
    assert facts.endpoint is None


def test_routes_skip_the_companion_drugs_sentence(seed_line):
    # line 58: no Dosage label; the oral route belongs to hydroxychloroquine/lopinavir
    facts = read_notes(seed_line(58), "Anakinra")
    assert facts.routes == ("subcutaneous", "intravenous")
    assert facts.co_medications == ("hydroxychloroquine", "lopinavir/ritonavir")
    assert (facts.sample_size_text, facts.dosage_text) == (None, None)


def test_dosage_routes_and_endpoint(seed_line):
    # line 109: "Dosage: Subcutaneous (IV in mechanical ventilation patients) ..."
    facts = read_notes(seed_line(109), "Anakinra")
    assert facts.routes == ("subcutaneous", "intravenous")
    assert facts.co_medications == ("methylprednisolone",)
    assert facts.sample_size == 120
    assert facts.endpoint == "28-day mortality"


@pytest.mark.parametrize(("line", "endpoint"), [
    (140, "Survival at day 28"),  # "Primary endpoint:"
    (163, "Severe respiratory failure incidence by day 14"),  # "Primary outcome:"
    (242, "Inflammatory response parameters"),  # "Main outcome:"
    (72, "Progressive resolution of ARDS"),  # "Endpoint:"
])
def test_endpoint_labels(seed_line, line, endpoint):
    assert read_notes(seed_line(line), "Anakinra").endpoint == endpoint


def test_abbreviated_routes(seed_line):
    # line 431: "Dosage: “...200 mg/12 h sc for 24 h ...”"; line 140: "200 mg IV"
    assert read_notes(seed_line(431), "Anakinra").routes == ("subcutaneous",)
    assert read_notes(seed_line(140), "Anakinra").routes == ("subcutaneous", "intravenous")


def test_ivig_is_a_co_medication_not_an_iv_route(seed_line):
    # line 375: "Treatment using anakinra and IVIg administered during two days ..."
    facts = read_notes(seed_line(375), "Anakinra")
    assert facts.co_medications == ("intravenous immunoglobulin",)
    assert facts.routes == ()


def test_the_drug_itself_is_not_a_co_medication(seed_line):
    note = seed_line(431)  # names anakinra and tocilizumab
    assert read_notes(note, "Anakinra").co_medications == ("tocilizumab",)
    assert read_notes(note, "Tocilizumab").co_medications == ()


def test_co_medications_in_page_order_of_the_vocabulary(seed_line):
    # line 403: "... using high-dose methylprednisolone, anakinra, acetylsalicylic acid, and IVIg"
    assert read_notes(seed_line(403), "Anakinra").co_medications == (
        "methylprednisolone", "intravenous immunoglobulin", "acetylsalicylic acid")


def test_intravenous_immunoglobulins_is_not_a_route(seed_line):
    # line 193 without its "Dosage: 5 or 6 mg/kg a day in two doses." sentence
    note = seed_line(193).split(" Dosage:")[0]
    assert note.endswith("intravenous immunoglobulins and corticosteroids. Sample size: 2.")
    facts = read_notes(note, "Anakinra")
    assert facts.co_medications == ("intravenous immunoglobulin", "corticosteroids")
    assert facts.routes == ()
