"""The extraction report: per field, which references' notes yielded it."""
from __future__ import annotations

from kg.sources import drugpage
from kg.sources.extraction import extraction_report

from paths import DRUG_PAGE


def report_by_field():
    return {row.field: row for row in extraction_report([drugpage.read(DRUG_PAGE)])}


def test_sample_sizes_read_fully_and_the_ambiguous_ones_named():
    sample = report_by_field()["sample size"]
    assert (sample.yielded, sample.stated, sample.references) == (47, 49, 57)
    ambiguous = [s for s in sample.missing if s.text]
    assert [(s.place.rsplit(":", 1)[1], s.text) for s in ambiguous] == [
        ("427", "(14 + 4) pooled with tocilizumab + 15 control"),
        ("441", "24 (+ 26 pooled with Tocilizumab) out of 382 (the whole assessed cohort)")]
    assert all(s.place.startswith(str(DRUG_PAGE)) for s in sample.missing)


def test_dosing_that_names_no_amount_or_frequency_is_listed_with_its_words():
    dosing = report_by_field()["dosing"]
    texts = {s.place.rsplit(":", 1)[1]: s.text for s in dosing.missing}
    assert texts["168"] == "For 5 days"  # the jaundice case report states a duration only
    assert texts["175"] == "200 mg IV, then subcutaneously 100 mg every 6 hours"  # the IV dose has no frequency


def test_every_field_is_counted_over_every_reference():
    rows = report_by_field()
    assert list(rows) == ["sample size", "dosing", "route", "co-medication", "endpoint", "result",
                          "condition", "population"]
    for row in rows.values():
        assert row.yielded + len(row.missing) == row.references == 57
    assert rows["co-medication"].yielded == 16 and rows["endpoint"].yielded == 11
