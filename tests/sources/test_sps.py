"""The NHS Specialist Pharmacy Service (SPS) reader, checked against what the pages say.

The seed ``data/sources/000_1214d6c9dd7415a1.txt`` holds four SPS pages about Kineret
(anakinra); the fixtures ``tests/fixtures/sps/*.txt`` and their facts in
``tests/fixtures/sps/EXPECTED.md`` vary the layout; ``tests/fixtures/malformed/sps_*.txt``
each break one page at a known line.
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from kg.errors import SourceError
from kg.records import (
    Document, LactationGuidance, MedicinesQuestion, NewMedicine, Origin, Quantity,
    StorageGuidance, YearMonth,
)
from effect_sizes import effect
from kg.sources import read_source, sps

from paths import FIXTURES, ROOT, SPS_PAGES

SPS_FIXTURES = FIXTURES / "sps"
MALFORMED = FIXTURES / "malformed"
KINDS = (MedicinesQuestion, StorageGuidance, LactationGuidance, NewMedicine)


def page(document: Document, kind: type) -> object:
    """The one page of ``kind`` in the document."""
    (found,) = [p for p in document.pages if isinstance(p, kind)]
    return found


def file_lines(path: Path) -> list[str]:
    """The file's lines as an editor numbers them (index 0 is line 1)."""
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    return text.split("\n")


def origins(value: object) -> Iterator[Origin]:
    """Every origin in a record and the records nested in it, in field order."""
    if isinstance(value, Origin):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from origins(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from origins(item)


def without_origins(value: object) -> object:
    """A record as nested tuples of its fields, origins and field lines dropped, to compare
    content only."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple(
            (f.name, without_origins(getattr(value, f.name)))
            for f in dataclasses.fields(value) if f.name not in ("origin", "lines")))
    if isinstance(value, tuple):
        return tuple(without_origins(item) for item in value)
    return value



# --- the seed: what each of its four pages says ------------------------------------------

def check_seed_question(q: MedicinesQuestion) -> None:
    """Lines 1 and 3: the Q&A title and its date glued to the summary."""
    assert q.title.startswith("Evidence for use of siltuximab or anakinra")
    assert q.title.endswith("following use of Chimeric Antigen Receptor T-cell (CAR-T) therapy")
    assert q.date == datetime.date(2019, 5, 10)
    assert q.summary.startswith("CAR-T therapy often causes cytokine release syndrome (CRS)")
    assert q.summary.endswith("but in some…")
    assert q.drugs == ("siltuximab", "anakinra", "tocilizumab")
    assert q.candidates == ("siltuximab", "anakinra")
    assert q.after_failure_of == ("tocilizumab",)
    assert q.therapy_line == "second-line"
    assert q.condition == "CRS"  # the title's "Cytokine Release Syndrome", by the condition lexicon
    assert q.condition_context is not None
    assert q.condition_context.startswith("following use of Chimeric Antigen Receptor T-cell")


def check_seed_storage(s: StorageGuidance) -> None:
    """Lines 6-23: Kineret, kept 12 hours at not above 25 °C, then disposed of."""
    assert s.product == "Kineret"  # line 6 is "KineretSwedish Orphan Biovitrum"
    assert s.manufacturer == "Swedish Orphan Biovitrum"
    assert s.presentation == "100 mg solution for injection in a pre-filled syringe"
    assert s.strength == Quantity(Decimal("100"), "mg")
    assert s.advice.startswith("For the purpose of ambulatory use, Kineret may be removed")
    assert s.max_temperature == Quantity(Decimal("25"), "Cel")
    assert s.max_duration == Quantity(Decimal("12"), "h")
    assert s.may_return_to_refrigerator is False
    assert s.dispose_after is True
    assert s.date == datetime.date(2020, 11, 19)
    assert s.issuer == "London MI Service"


def check_seed_lactation(lac: LactationGuidance) -> None:
    """Lines 27-34: IL-1Ra in breast milk, three summary points."""
    assert lac.substance == "Recombinant human interleukin-1 receptor antagonist"
    assert lac.abbreviation == "IL-1Ra"
    assert lac.verdict == "See summary"
    assert len(lac.points) == 3
    assert lac.points[0] == "Normal component of breast-milk"
    assert lac.points[1].startswith("Only very limited anecdotal evidence of safety")
    assert "neutropenia" in lac.points[2]
    assert lac.date == datetime.date(2019, 9, 15)


SEED_EVENTS = [  # (date, kind, region, body, text)
    (YearMonth(2021, 12), "Approved", "EU", None, "Approved in the EU."),
    (YearMonth(2021, 12), "Recommended for approval", "EU", "CHMP",
     "Recommended for EU approval by CHMP – the extension to the existing indication"),
    (YearMonth(2021, 6), "Pre-registration", "EU", None, "Currently pre-registration in the EU."),
]


def check_seed_new_medicine(m: NewMedicine) -> None:
    """Lines 38-64: Kineret's COVID-19 licence extension, its timeline and SAVE-MORE data."""
    assert m.product == "Kineret"
    assert m.indication == ("Coronavirus disease 2019 (COVID-19) in hospitalised adults with "
                            "pneumonia who are at risk of developing severe respiratory failure")
    assert m.status == "Licence extension / variation"
    assert m.company == "SOBI (Swedish Orphan Biovitrum)"
    assert m.description == ("A recombinant non-glycosylated human interleukin-1 receptor "
                             "antagonist expressed in Escherichia coli")
    assert m.route == "Subcutaneous injection"

    assert [(e.date, e.kind, e.region, e.body) for e in m.events] == [
        row[:4] for row in SEED_EVENTS]
    for event, row in zip(m.events, SEED_EVENTS):
        assert event.text.startswith(row[4]) and "[" not in event.text  # citations dropped
    approved, chmp, pre = m.events
    assert approved.criteria == pre.criteria == ()
    (criterion,) = chmp.criteria
    assert criterion.biomarker == "suPAR"
    assert criterion.biomarker_name == "soluble urokinase plasminogen activator receptor"
    assert criterion.comparator == ">="
    assert criterion.threshold == Quantity(Decimal("6"), "ng/mL")

    sep21, mar21, dec20 = m.trial_updates
    assert [u.date for u in m.trial_updates] == [
        YearMonth(2021, 9), YearMonth(2021, 3), YearMonth(2020, 12)]
    assert {u.trial_name for u in m.trial_updates} == {"SAVE-MORE"}
    assert {u.phase for u in m.trial_updates} == {"Phase 3"}
    # Only the Dec 20 entry states the NCT id; the others take it from there.
    assert "NCT04680949" not in sep21.text and "NCT04680949" in dec20.text
    assert {u.nct_id for u in m.trial_updates} == {"NCT04680949"}

    assert sep21.participants == 594
    assert sep21.journal == "Nature Medicine"
    assert sep21.effect_sizes == (
        effect("odds ratio", "0.36", 95, "0.26", "0.50"),
        effect("hazard ratio", "0.45", p_comparator="=", p_value="0.045"),
    )
    assert sep21.text.endswith("hospital stay was shorter.")  # " [4]" dropped
    assert (sep21.planned_enrollment, sep21.countries) == (None, ())

    assert mar21.text.startswith("PIII SAVE-MORE study is no longer recruiting")
    assert (mar21.participants, mar21.journal, mar21.effect_sizes) == (None, None, ())

    assert dec20.planned_enrollment == 606
    assert dec20.countries == ("Italy", "Greece")
    assert (dec20.participants, dec20.journal, dec20.effect_sizes) == (None, None, ())


SEED_CHECKS = {
    MedicinesQuestion: check_seed_question, StorageGuidance: check_seed_storage,
    LactationGuidance: check_seed_lactation, NewMedicine: check_seed_new_medicine,
}
# Line of every origin in each page, in ``origins()`` order.
SEED_ORIGIN_LINES = {
    MedicinesQuestion: [1],
    StorageGuidance: [6],
    LactationGuidance: [27],
    # events 47, 48 (+ its criterion), 49; trial updates 62, 63, 64; the page 38
    NewMedicine: [47, 48, 48, 49, 62, 63, 64, 38],
}


def check_seed_facts(document: Document) -> None:
    """Everything the seed's pages state, wherever in the file they are."""
    assert document.format == "sps"
    assert document.warnings == ()
    assert sorted(type(p).__name__ for p in document.pages) == sorted(k.__name__ for k in KINDS)
    for p in document.pages:
        SEED_CHECKS[type(p)](p)


def check_seed_origins(document: Document, path: Path) -> None:
    assert document.path == str(path)
    for p in document.pages:
        found = list(origins(p))
        assert {o.path for o in found} == {str(path)}
        assert [o.line for o in found] == SEED_ORIGIN_LINES[type(p)], type(p).__name__


@pytest.fixture(scope="module")
def seed() -> Document:
    return sps.read(SPS_PAGES)


def test_seed_document_identity(seed):
    """The seed is one SPS file with its four pages in file order."""
    assert read_source(SPS_PAGES) == seed  # format detection picks the SPS reader
    assert (seed.format, seed.name, seed.path) == ("sps", SPS_PAGES.name, str(SPS_PAGES))
    assert seed.sha256 == hashlib.sha256(SPS_PAGES.read_bytes()).hexdigest()
    assert seed.publisher.key == "nhs-sps"
    assert seed.publisher.homepage == "https://www.sps.nhs.uk/"
    assert seed.warnings == ()
    assert [type(p) for p in seed.pages] == list(KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_seed_page_facts(seed, kind):
    """Each seed page reads to the facts its lines state."""
    SEED_CHECKS[kind](page(seed, kind))


def test_seed_origins(seed):
    """Q&A at line 1, storage product at 6, lactation substance at 27, Kineret at 38,
    regulatory events at 47-49 (the suPAR criterion on 48), trial data at 62-64."""
    check_seed_origins(seed, SPS_PAGES)
    lines = file_lines(SPS_PAGES)
    assert lines[0] == page(seed, MedicinesQuestion).title
    assert lines[5] == "KineretSwedish Orphan Biovitrum"
    assert lines[26].startswith("Recombinant human interleukin-1 receptor antagonist - IL-1Ra")
    assert lines[37].startswith("Kineret Coronavirus disease 2019")
    for update, month in zip(page(seed, NewMedicine).trial_updates, ("Sep 21", "Mar 21", "Dec 20")):
        assert lines[update.origin.line - 1].startswith(month)


def test_seed_storage_answer_lines_agree(seed):
    """Lines 20-21 answer "kept out?" Yes and "returned?" No, as the advice says."""
    lines = file_lines(SPS_PAGES)
    assert lines[19:21] == ["Yes - see above.", "No - see above."]
    assert page(seed, StorageGuidance).may_return_to_refrigerator is False


@pytest.mark.parametrize("variant", {
    "crlf": lambda raw: raw.replace(b"\n", b"\r\n"),
    "bom": lambda raw: b"\xef\xbb\xbf" + raw,
    "bom-crlf": lambda raw: b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"),
}.items(), ids=lambda v: v[0])
def test_seed_with_crlf_and_bom_reads_the_same(variant, tmp_path):
    """CRLF line endings and a UTF-8 BOM change neither the facts nor the line numbers."""
    name, transform = variant
    path = tmp_path / f"{name}.txt"
    path.write_bytes(transform(SPS_PAGES.read_bytes()))
    document = read_source(path)
    check_seed_facts(document)
    check_seed_origins(document, path)
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert page(document, MedicinesQuestion).title.startswith("Evidence")  # no BOM left


# Seed lines of each page, heading (or Q&A title) to last content line.
SEED_PAGE_LINES = {MedicinesQuestion: (1, 3), StorageGuidance: (4, 23),
                   LactationGuidance: (25, 34), NewMedicine: (36, 64)}


@pytest.mark.parametrize("order", [
    (NewMedicine, LactationGuidance, MedicinesQuestion, StorageGuidance),
    (NewMedicine, LactationGuidance, StorageGuidance, MedicinesQuestion),
    (StorageGuidance, LactationGuidance, NewMedicine, MedicinesQuestion),
], ids=lambda order: "-".join(k.__name__ for k in order))
def test_reordered_pages_read_to_the_same_records(order, seed, tmp_path):
    """The seed's pages in another order give the same records; each origin moves with its
    page and still points at the line the seed's origin points at."""
    seed_lines = file_lines(SPS_PAGES)
    lines: list[str] = []
    for kind in order:
        first, last = SEED_PAGE_LINES[kind]
        lines += seed_lines[first - 1:last] + [""]
    path = tmp_path / "reordered.txt"
    path.write_text("\n".join(lines), encoding="utf-8")

    document = read_source(path)
    check_seed_facts(document)
    assert [type(p) for p in document.pages] == list(order)
    for moved in document.pages:
        original = page(seed, type(moved))
        assert without_origins(moved) == without_origins(original)
        pairs = list(zip(origins(moved), origins(original), strict=True))
        assert [lines[new.line - 1] for new, _ in pairs] == \
            [seed_lines[old.line - 1] for _, old in pairs]
        assert [(field, lines[line - 1]) for field, line in moved.lines] == \
            [(field, seed_lines[line - 1]) for field, line in original.lines]


# --- fixtures: the facts in tests/fixtures/sps/EXPECTED.md -------------------------------

@pytest.fixture(scope="module")
def fixture_documents() -> dict[str, Document]:
    return {name: read_source(SPS_FIXTURES / f"{name}.txt")
            for name in ("tocilizumab", "baricitinib")}


IL6R_SUBSTANCE = "Humanised monoclonal antibody against the interleukin-6 receptor"
COVID_ROACTEMRA = ("Coronavirus disease 2019 (COVID-19) in hospitalised adults receiving systemic "
                   "corticosteroids and requiring supplemental oxygen or mechanical ventilation")
COVID_OLUMIANT = ("Coronavirus disease 2019 (COVID-19) in hospitalised adults requiring "
                  "supplemental oxygen")

FIXTURE_PAGES = [  # (file, page kind, origin line, fields)
    ("tocilizumab", MedicinesQuestion, 1, {
        "title": "Evidence for use of sarilumab as second line therapy (after failure of "
                 "tocilizumab) for Giant Cell Arteritis",
        "date": datetime.date(2022, 3, 3), "drugs": ("sarilumab", "tocilizumab", "glucocorticoid"),
        "candidates": ("sarilumab",), "after_failure_of": ("tocilizumab",),
        "therapy_line": "second-line", "condition": "Giant cell arteritis",
        "condition_context": None}),
    ("tocilizumab", StorageGuidance, 6, {
        "product": "RoActemra", "manufacturer": "Roche Products Ltd",
        "presentation": "162 mg solution for injection in a pre-filled pen",
        "strength": Quantity(Decimal("162"), "mg"),
        "max_temperature": Quantity(Decimal("30"), "Cel"),
        "max_duration": Quantity(Decimal("336"), "h"),
        "may_return_to_refrigerator": True, "dispose_after": True,
        "date": datetime.date(2021, 6, 7), "issuer": "North West MI Service"}),
    ("tocilizumab", LactationGuidance, 27, {
        "substance": IL6R_SUBSTANCE, "abbreviation": "IL-6R", "verdict": "See summary",
        "points": (
            "Large protein molecule; transfer into breast milk is expected to be very low",
            "Likely to be digested in the infant’s gastrointestinal tract, so oral absorption "
            "is expected to be minimal",
            "Limited published evidence of safety which indicates no adverse effects in "
            "breastfed infants",
            "If clinically indicated monitor infant for signs of infection"),
        "date": datetime.date(2022, 2, 22)}),
    ("tocilizumab", NewMedicine, 39, {
        "product": "RoActemra", "indication": COVID_ROACTEMRA,
        "status": "Licence extension / variation", "company": "Roche Products Ltd",
        "description": "A humanised monoclonal antibody that binds to soluble and "
                       "membrane-bound interleukin-6 receptors (IL-6R), inhibiting IL-6 "
                       "mediated signalling",
        "route": "Intravenous infusion"}),
    ("baricitinib", NewMedicine, 3, {
        "product": "Olumiant", "indication": COVID_OLUMIANT,
        "status": "Licence extension / variation", "company": "Eli Lilly and Company",
        "description": "An oral, selective and reversible inhibitor of Janus kinase 1 (JAK1) "
                       "and Janus kinase 2 (JAK2)",
        "route": "Oral"}),
    ("baricitinib", LactationGuidance, 32, {
        "substance": "Baricitinib", "abbreviation": None, "verdict": "See summary",
        "points": (
            "No published evidence of safety in breastfeeding; small molecule present in the "
            "milk of lactating rats and likely to pass into human breast milk",
            "Manufacturer advises that breastfeeding is contraindicated during treatment; "
            "consider an alternative"),
        "date": datetime.date(2022, 4, 4)}),
]


@pytest.mark.parametrize("name, kind, line, fields", FIXTURE_PAGES,
                         ids=[f"{row[0]}-{row[1].__name__}" for row in FIXTURE_PAGES])
def test_fixture_page_fields(fixture_documents, name, kind, line, fields):
    """Each fixture page reads to the fields EXPECTED.md lists, at its origin line."""
    found = page(fixture_documents[name], kind)
    assert {field: getattr(found, field) for field in fields} == fields
    assert found.origin == Origin(str(SPS_FIXTURES / f"{name}.txt"), line)


def test_fixture_page_order_and_no_warnings(fixture_documents):
    """tocilizumab.txt follows the seed's order; baricitinib.txt starts with New Medicines
    and has neither a Q&A nor a storage page."""
    assert [type(p) for p in fixture_documents["tocilizumab"].pages] == list(KINDS)
    assert [type(p) for p in fixture_documents["baricitinib"].pages] == [
        NewMedicine, LactationGuidance]
    assert all(d.warnings == () for d in fixture_documents.values())


def test_tocilizumab_question_summary_and_storage_answers(fixture_documents):
    """The Q&A summary is cut off with '…'; the storage answers are Yes / Yes (lines 20-21)
    and the advice lets the pen go back in the refrigerator."""
    document = fixture_documents["tocilizumab"]
    summary = page(document, MedicinesQuestion).summary
    assert summary.startswith("Tocilizumab is licensed for giant cell arteritis (GCA)")
    assert summary.endswith("has been…")
    assert file_lines(SPS_FIXTURES / "tocilizumab.txt")[19:21] == ["Yes - see above."] * 2
    assert "may be put back in the refrigerator" in page(document, StorageGuidance).advice


FIXTURE_EVENTS = [  # (file, line, date, kind, region, body, text)
    ("tocilizumab", 48, YearMonth(2021, 12), "Approved", "EU", None, "Approved in the EU."),
    ("tocilizumab", 49, YearMonth(2021, 11), "Recommended for approval", "EU", "CHMP",
     "Recommended for EU approval by CHMP – the extension to the existing indication is "
     "“treatment of coronavirus disease 2019 (COVID-19) in adults who are receiving systemic "
     "corticosteroids and require supplemental oxygen or mechanical ventilation”."),
    ("tocilizumab", 50, YearMonth(2021, 8), "Filed", "EU", None, "Filed in the EU."),
    ("tocilizumab", 51, YearMonth(2021, 7), "Approved", "UK", "MHRA",
     "Approved in the UK by MHRA."),
    ("tocilizumab", 52, YearMonth(2021, 6), "Emergency use authorisation", "US", "FDA",
     "Approved in the US for emergency use by the FDA."),
    ("baricitinib", 12, YearMonth(2022, 5), "Approved", "US", "FDA",
     "Approved in the US by the FDA for the treatment of COVID-19 in hospitalised adults "
     "requiring supplemental oxygen, non-invasive or invasive mechanical ventilation, or "
     "extracorporeal membrane oxygenation (ECMO)."),
    ("baricitinib", 13, YearMonth(2021, 7), "Emergency use authorisation", "US", "FDA",
     "Emergency use authorisation revised in the US by the FDA – baricitinib may now be used "
     "without remdesivir."),
    ("baricitinib", 14, YearMonth(2021, 4), "Filed", "EU", None, "Filed in the EU."),
    ("baricitinib", 15, YearMonth(2020, 11), "Emergency use authorisation", "US", "FDA",
     "Approved in the US for emergency use in combination with remdesivir by the FDA."),
]


@pytest.mark.parametrize("name, line, date, kind, region, body, text", FIXTURE_EVENTS,
                         ids=[f"{row[0]}-{row[1]}" for row in FIXTURE_EVENTS])
def test_fixture_regulatory_event(fixture_documents, name, line, date, kind, region, body, text):
    """One row of EXPECTED.md's regulatory-event tables; no fixture event has a biomarker
    criterion (baricitinib's '(ECMO)' is not one)."""
    events = {e.origin.line: e for e in page(fixture_documents[name], NewMedicine).events}
    event = events[line]
    assert (event.date, event.kind, event.region, event.body, event.text) == (
        date, kind, region, body, text)
    assert event.criteria == ()


@pytest.mark.parametrize("name, lines", [("tocilizumab", [48, 49, 50, 51, 52]),
                                         ("baricitinib", [12, 13, 14, 15])])
def test_fixture_events_are_exactly_the_dated_lines(fixture_documents, name, lines):
    """Every dated regulatory line is one event, newest first, and nothing else is."""
    assert [e.origin.line for e in page(fixture_documents[name], NewMedicine).events] == lines


FIXTURE_UPDATES = [
    # (file, line, date, phase, trial, nct, n, planned, countries, effect sizes, journal)
    ("tocilizumab", 65, YearMonth(2021, 5), "Phase 2/Phase 3", "RECOVERY", "NCT04381936",
     4116, None, (), (effect("rate ratio", "0.85", 95, "0.76", "0.94", "=", "0.0028"),
                      effect("rate ratio", "1.22", 95, "1.12", "1.33", "<", "0.0001")),
     "The Lancet"),
    ("tocilizumab", 66, YearMonth(2021, 4), None, "REMAP-CAP", "NCT02735707", 755, None, (),
     (effect("odds ratio", "1.64", 95, "1.25", "2.14"),), "New England Journal of Medicine"),
    ("tocilizumab", 67, YearMonth(2020, 4), "Phase 2/Phase 3", "RECOVERY", "NCT04381936",
     None, 4000, ("England", "Scotland", "Wales", "Northern Ireland"), (), None),
    ("baricitinib", 28, YearMonth(2021, 9), "Phase 3", "COV-BARRIER", "NCT04421027", 1525,
     None, (), (effect("odds ratio", "0.85", 95, "0.67", "1.08", "=", "0.18"),
                effect("hazard ratio", "0.57", 95, "0.41", "0.78", "=", "0.0018")),
     "The Lancet Respiratory Medicine"),
]


@pytest.mark.parametrize(
    "name, line, date, phase, trial, nct, n, planned, countries, effects, journal",
    FIXTURE_UPDATES, ids=[f"{row[0]}-{row[1]}" for row in FIXTURE_UPDATES])
def test_fixture_trial_update(fixture_documents, name, line, date, phase, trial, nct, n,
                              planned, countries, effects, journal):
    """One row of EXPECTED.md's trial-data tables: the RECOVERY rate ratios in page order,
    the NCT id line 65 takes from line 67, the two-word 'Northern Ireland'."""
    updates = page(fixture_documents[name], NewMedicine).trial_updates
    (update,) = [u for u in updates if u.origin.line == line]
    assert (update.date, update.phase, update.trial_name, update.nct_id, update.participants,
            update.planned_enrollment, update.countries, update.effect_sizes,
            update.journal) == (date, phase, trial, nct, n, planned, countries, effects, journal)
    assert "[" not in update.text  # the citation marker is dropped


def test_recovery_nct_id_comes_from_the_other_entry(fixture_documents):
    """Line 65 does not state RECOVERY's NCT id; it is the one line 67 gives."""
    lines = file_lines(SPS_FIXTURES / "tocilizumab.txt")
    assert "NCT" not in lines[64] and "NCT04381936" in lines[66]
    updates = page(fixture_documents["tocilizumab"], NewMedicine).trial_updates
    assert [u.origin.line for u in updates] == [65, 66, 67]


# --- malformed pages ---------------------------------------------------------------------

MALFORMED_CASES = [  # (file, error line, what the message names)
    ("sps_bad_event_date.txt", 12, "Dex 21"),
    ("sps_storage_without_product.txt", 3, "product"),
    ("sps_lactation_without_date.txt", 9, "date"),
]


@pytest.mark.parametrize("name, line, named", MALFORMED_CASES)
def test_malformed_page_names_file_and_line(name, line, named):
    """Each broken page fails with ``PATH:LINE: message`` at the line EXPECTED.md gives."""
    path = MALFORMED / name
    with pytest.raises(SourceError) as caught:
        read_source(path)
    error = caught.value
    assert (error.path, error.line) == (str(path), line)
    assert str(error) == f"{path}:{line}: {error.message}"
    assert error.message and "\n" not in error.message
    assert named in error.message


REPAIRS = [  # (file, text to replace, replacement, kind, fields of the repaired page)
    ("sps_bad_event_date.txt", "Dex 21", "Dec 21", NewMedicine, {
        "product": "Kevzara", "indication": COVID_OLUMIANT, "company": "Sanofi",
        "status": "Licence extension / variation", "route": "Intravenous infusion"}),
    ("sps_storage_without_product.txt", "Refrigerated Storage\n\n",
     "Refrigerated Storage\n\nHumiraAbbVie Ltd\n\nAbbVie Ltd\n"
     "40 mg solution for injection in a pre-filled pen\n\n", StorageGuidance, {
         "product": "Humira", "manufacturer": "AbbVie Ltd",
         "max_temperature": Quantity(Decimal("25"), "Cel"),
         "max_duration": Quantity(Decimal("336"), "h"), "may_return_to_refrigerator": False,
         "dispose_after": True, "date": datetime.date(2021, 1, 12),
         "issuer": "South West MI Service"}),
    ("sps_lactation_without_date.txt", "signs of infection\n",
     "signs of infection\n15 March 2021\n", LactationGuidance, {
         "substance": "Human monoclonal antibody against the interleukin-6 receptor",
         "abbreviation": "IL-6R", "verdict": "See summary",
         "date": datetime.date(2021, 3, 15)}),
]


@pytest.mark.parametrize("name, old, new, kind, fields", REPAIRS, ids=[r[0] for r in REPAIRS])
def test_repaired_malformed_page_reads(tmp_path, name, old, new, kind, fields):
    """The repair EXPECTED.md gives for each broken page makes it read to its facts."""
    text = (MALFORMED / name).read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    (found,) = read_source(path).pages
    assert isinstance(found, kind)
    assert {field: getattr(found, field) for field in fields} == fields


def test_repaired_event_date_page_timeline(tmp_path):
    """Kevzara once 'Dex 21' is 'Dec 21': three EU events and one REMAP-CAP entry."""
    path = tmp_path / "kevzara.txt"
    path.write_text((MALFORMED / "sps_bad_event_date.txt").read_text(encoding="utf-8")
                    .replace("Dex 21", "Dec 21"), encoding="utf-8")
    (medicine,) = read_source(path).pages
    assert [(e.date, e.kind, e.region, e.body) for e in medicine.events] == [
        (YearMonth(2021, 12), "Approved", "EU", None),
        (YearMonth(2021, 11), "Recommended for approval", "EU", "CHMP"),
        (YearMonth(2021, 6), "Filed", "EU", None)]
    (update,) = medicine.trial_updates
    assert (update.date, update.trial_name, update.nct_id, update.participants,
            update.journal) == (YearMonth(2021, 4), "REMAP-CAP", "NCT02735707", 450,
                                "New England Journal of Medicine")


@pytest.mark.parametrize("name, line, named", MALFORMED_CASES)
def test_cli_build_rejects_malformed_page(tmp_path, name, line, named):
    """``kg build`` over a directory with a broken SPS file exits non-zero and prints the
    file's ``PATH:LINE:`` on stderr, without a traceback."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SPS_PAGES, sources)
    bad = sources / name
    shutil.copy(MALFORMED / name, bad)
    process = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--sources", str(sources),
         "--out", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert process.returncode != 0
    assert f"{bad}:{line}:" in process.stderr
    assert named in process.stderr
    assert "Traceback" not in process.stderr + process.stdout


# --- repeated lines -------------------------------------------------------------------------

def test_a_repeated_dated_summary_stays_in_its_question(tmp_path):
    """A dated summary line is never a Q&A's title, so a repeated one (seed line 3) stays
    in the summary of the Q&A above it instead of opening a question with no summary."""
    lines = SPS_PAGES.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "repeated.txt"
    path.write_text("\n".join(lines[:3] + lines[2:]), encoding="utf-8")
    document = read_source(path)
    assert [type(p) for p in document.pages] == list(KINDS)
    question = page(document, MedicinesQuestion)
    assert (question.title, question.date, question.origin.line) == (lines[0], datetime.date(2019, 5, 10), 1)
    assert question.summary.count("CAR-T therapy often causes cytokine release syndrome") == 2


def test_a_repeated_lactation_substance_is_not_its_verdict(tmp_path):
    """The substance line repeated under the heading, any number of times, is skipped."""
    lines = SPS_PAGES.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "repeated.txt"
    path.write_text("\n".join(lines[:27] + [lines[26]] * 3000 + lines[27:]), encoding="utf-8")
    lactation = page(read_source(path), LactationGuidance)
    assert (lactation.substance, lactation.abbreviation, lactation.verdict) == (
        "Recombinant human interleukin-1 receptor antagonist", "IL-1Ra", "See summary")
