"""The covid19-help.org drug-page reader, checked against what the anakinra seed page says."""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from pages import IN_TESTS, drug_pages
from perturbations import PERTURBATIONS
from kg.errors import BuildError, KgError, SourceError
from kg.lexicon import concept_mentions, drug_mention_spans, load_concepts
from kg.records import DrugPage, Origin, Reference, ReferenceCounts, Tag, TrialSite
from kg.sources import drugpage, iter_source_files, read_source, read_sources
from kg.sources.comedications import drug_key

COHORT = "Anakinra for severe forms of COVID-19: a cohort study"
SAVE_MORE = (
    "Early treatment of COVID-19 with anakinra guided by soluble urokinase plasminogen "
    "receptor plasma levels: a double-blind, randomized controlled phase 3 trial"
)
KIDNEY = "Use of Anti-Cytokine Therapy in Kidney Transplant Recipients with COVID-19"
TRIAL_TITLE = (
    "Clinical Trial of the Use of Anakinra in Cytokine Storm Syndrome Secondary to "
    "Covid-19 (ANA-COVID-GEAS)"
)


# --- the drug -------------------------------------------------------------------------

def test_document_identity(seed_document, seed_path):
    assert seed_document.format == "drugpage"
    assert seed_document.name == "002_0671227eafe6e4ef.txt"
    assert seed_document.path == str(seed_path)
    assert seed_document.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert seed_document.publisher.key == "covid19-help"
    assert seed_document.publisher.homepage == "https://www.covid19-help.org/"
    assert seed_document.warnings == ()


def test_drug_name_and_description(seed_page, seed_path):
    drug = seed_page.drug
    assert drug.name == "Anakinra"  # the page writes "Anakinra\u00a0"
    assert drug.description == "A recombinant IL-1 receptor antagonist."
    assert (drug.origin.path, drug.origin.line) == (str(seed_path), 1)


def test_header_fields(seed_page):
    drug = seed_page.drug
    assert drug.research_phase == "Recommended by guidelines"
    assert drug.how_it_helps == "Other treatment"
    assert drug.drug_status == "Used to treat other disease"


def test_stated_counts(seed_page):
    assert seed_page.drug.counts == ReferenceCounts(
        supporting=57, contradictory=0, ai_suggested=0, clinical_trials=1)


def test_general_information_is_four_paragraphs(seed_page, seed_line):
    general = seed_page.drug.general_information
    assert general == tuple(seed_line(n) for n in (28, 30, 32, 34))
    assert general[0].startswith("Anakinra is a recombinant IL-1 receptor antagonist used for "
                                 "treatment of rheumatoid arthritis.")
    assert "Kyriazopoulou et al. (2021)" in general[1]
    assert "suPAR blood levels of 6 ng/ml or more" in general[2]
    assert general[3].startswith("According to NHS COVID-19 Treatment Guidelines")
    assert "Anakinra on Wikipedia" not in general


def test_brand_names(seed_page):
    assert seed_page.drug.brand_names == ("KINERET", "PerkinRA")


def test_protein_sequence_is_the_three_lines_joined(seed_page, seed_line):
    parts = [seed_line(n) for n in (45, 48, 49)]
    sequence = seed_page.drug.sequence
    assert sequence == "".join(parts)
    assert sequence.startswith("MRPSGRKSSKMQAFRIWDVNQKTFYLRNNQ")
    assert sequence.endswith("VMVTKFYFQEDE")
    assert len(sequence) == sum(len(part) for part in parts) == 153


def test_targets_are_il1_only(seed_page):
    # IL-6 tags sit on a few studies that pool anakinra with tocilizumab: not a target.
    assert seed_page.drug.targets == ("IL-1",)


# --- references -----------------------------------------------------------------------

def test_57_supporting_references_with_unique_title_and_date(seed_page):
    references = seed_page.references
    assert len(references) == 57
    assert {r.kind for r in references} == {"supporting"}
    assert len({(r.title, r.date) for r in references}) == 57


def test_no_reference_is_dropped(seed_page, seed_titles_in_file):
    assert len(seed_titles_in_file) == 57
    assert [r.title for r in seed_page.references] == seed_titles_in_file


def test_every_origin_points_at_its_line(seed_document, seed_path, assert_origins):
    assert_origins(seed_document, seed_path)


def test_first_reference_has_no_tag_line(seed_page):
    first = seed_page.references[0]
    assert first.title == (
        "Interleukin-1 blockade with high-dose anakinra in patients with COVID-19, acute "
        "respiratory distress syndrome, and hyperinflammation: a retrospective cohort study")
    assert first.origin.line == 55
    assert first.tags == ()
    assert first.population == "Patients"
    assert first.impact_factor is None
    assert first.date == datetime.date(2020, 5, 7)
    assert first.sample_size is None and first.sample is None
    assert first.notes[0].startswith("Treatment with anakinra (either 5 mg/kg twice a day")


def test_cohort_study_reference(seed_page, find_reference):
    cohort = find_reference(seed_page, COHORT)
    assert cohort.title == COHORT
    assert cohort.origin.line == 61
    assert cohort.date == datetime.date(2020, 5, 29)
    assert cohort.tags == (
        Tag("IL-1", "target"), Tag("Severe severity", "severity"),
        Tag("Protein factor", "substance"), Tag("Cohort study", "design", ("cohort",)))
    assert cohort.population == "Patients"
    assert cohort.impact_factor is None
    assert cohort.sample.text == "52 + 44 control"
    assert (cohort.sample_size, cohort.sample.treated, cohort.sample.controls) == (96, 52, 44)
    assert cohort.dosage_text.startswith("subcutaneously 100 mg")
    assert cohort.dosage_text == (
        "subcutaneously 100 mg twice daily on days 1-3, 100 mg daily on days 4-10")
    assert cohort.routes == ("subcutaneous",)


def test_save_more_phase3_trial_reference(seed_page, find_reference):
    save_more = find_reference(seed_page, SAVE_MORE)
    assert save_more.title == SAVE_MORE
    assert save_more.origin.line == 329
    assert save_more.impact_factor == Decimal("53.44")
    assert isinstance(save_more.impact_factor, Decimal)
    assert save_more.date == datetime.date(2021, 9, 3)
    assert save_more.sample.text == "(intention-to-treat) 405 + 189 placebo"
    assert save_more.sample_size == 594
    assert save_more.sample.arms[1].control_kinds == ("placebo",)
    designs = [tag.label for tag in save_more.tags if tag.category == "design"]
    assert designs == ["Phase III clinical trial", "Randomized controlled double-blind trial"]
    assert save_more.routes == ("subcutaneous",)
    assert save_more.endpoint.startswith("Safety and efficacy on an ordinal scale on day 28")


def test_kidney_transplant_sample_size_is_ambiguous_but_kept(seed_page, find_reference):
    kidney = find_reference(seed_page, KIDNEY)
    assert kidney.date == datetime.date(2021, 4, 7)
    assert kidney.impact_factor == Decimal("4.24")
    assert kidney.sample_size is None
    assert kidney.sample.text == "(14 + 4) pooled with tocilizumab + 15 control"
    # "received anakinra or tocilizumab": one or the other, not together
    assert kidney.co_medications == ()
    assert kidney.populations == ("Kidney transplant recipients",)


def test_impact_factor_after_a_population_ending_in_a_full_stop(seed_page, find_reference):
    ecmo = find_reference(seed_page, "Extracorporeal Membrane Oxygenation for COVID-19")
    assert ecmo.population == "A paediatric patient on ECMO."
    assert ecmo.impact_factor == Decimal("0.69")
    assert ecmo.date == datetime.date(2020, 12, 9)
    # "treated with remdesivir, methylprednisolone, IVIg, and anakinra", in that order
    assert ecmo.co_medications == (
        "remdesivir", "methylprednisolone", "intravenous immunoglobulin")


@pytest.mark.parametrize(
    ("title_start", "line", "date", "population", "impact", "sample_size"),
    [
        ("High dose subcutaneous Anakinra", 68, datetime.date(2020, 8, 20),
         "Patients", Decimal("6.66"), 27),
        ("Rapid Response to Cytokine Storm", 113, datetime.date(2020, 10, 12),
         "Patient with COVID-19 myocarditis.", None, None),
        ("Anakinra after treatment with corticosteroids alone or with tocilizumab in patients "
         "with severe COVID-19 pneumonia", 127, datetime.date(2021, 1, 5),
         "Severe pneumonia and moderate hyperinflammation patients", Decimal("2.32"), 143),
        ("An open label trial of anakinra", 159, datetime.date(2021, 3, 8),
         "Patients", Decimal("7.08"), 260),
        ("Targeting the inflammatory cascade", 266, datetime.date(2020, 5, 6),
         "Pneumonia patients at risk of disease progression", Decimal("19.10"), 9),
        ("Delayed Use of the Recombinant Human IL-1", 336, datetime.date(2021, 10, 8),
         "Patients with pulmonary fibrosis", None, 6),
        ("Case Report: Case Series of Children", 364, datetime.date(2021, 1, 5),
         "Multisystem inflammatory syndrome paediatric patients", Decimal("3.42"), 5),
        ("Multistate Modeling of COVID-19", 441, datetime.date(2021, 2, 2),
         "ICU patients", Decimal("4.24"), None),
        ("A descriptive study on multisystem", 455, datetime.date(2021, 12, 16),
         "Pediatric patients with multisystem inflammatory syndrome", Decimal("3.05"), 26),
    ],
)
def test_reference_rows(seed_page, find_reference,
                        title_start, line, date, population, impact, sample_size):
    reference = find_reference(seed_page, title_start)
    assert reference.origin.line == line
    assert reference.date == date
    assert reference.population == population
    assert reference.impact_factor == impact
    assert reference.sample_size == sample_size


def test_every_seed_tag_is_in_the_vocabulary(seed_page):
    categories = {tag.category for r in seed_page.references for tag in r.tags}
    assert categories == {"target", "condition", "severity", "substance", "population", "design"}


# --- the clinical trial ---------------------------------------------------------------

def test_trial_row(seed_page):
    (trial,) = seed_page.trials
    assert trial.nct_id == "NCT04443881"
    assert trial.title == TRIAL_TITLE
    assert trial.status == "Completed"
    assert trial.phases == ("Phase 2", "Phase 3")
    assert trial.start == datetime.date(2020, 5, 8)
    assert trial.completion == datetime.date(2021, 3, 31)
    assert trial.origin.line == 466


def test_trial_bullets(seed_page):
    (trial,) = seed_page.trials
    assert trial.alternative_ids == ("ANA-COVID-GEAS",)
    assert trial.interventions == ("Drug: Anakinra 149 MG/ML Prefilled Syringe [Kineret]",)
    assert trial.study_type == "Interventional"
    assert trial.results == "No Results Available"
    assert trial.enrollment == 179
    assert trial.age_range == "18 Years to 80 Years (Adult, Older Adult)"
    assert ("Allocation", "Randomized") in trial.design
    assert ("Masking", "None (Open Label)") in trial.design
    assert dict(trial.design) == {
        "Allocation": "Randomized", "Intervention Model": "Parallel Assignment",
        "Masking": "None (Open Label)", "Primary Purpose": "Treatment"}


def test_trial_sites_are_twelve_spanish_hospitals(seed_page):
    (trial,) = seed_page.trials
    assert len(trial.sites) == 12
    assert trial.sites[0] == TrialSite(
        "Hospital Universitario Miguel Servet, Zaragoza, Aragón, Spain", "Spain")
    assert trial.sites[-1].label == "Hospital Clínico Universitario Lozano Blesa, Zaragoza, Spain"
    assert all(site.country == "Spain" for site in trial.sites)


def test_trial_outcome_measures(seed_page):
    (trial,) = seed_page.trials
    assert len(trial.outcome_measures) == 9
    assert trial.outcome_measures[0].startswith(
        "Treatment success, defined as number of patients not requiring mechanical ventilation")
    assert trial.outcome_measures[-1] == (
        "To assess the effect of anakinra in addition to standard treatment on mortality in "
        "patients with severe COVID-19 and CSS pneumonia.")


# --- robustness: the same page in other bytes -----------------------------------------

@pytest.mark.parametrize(
    "kind", ["crlf", "cr", "bom", "bom-crlf", "blank-lines", "reversed-references"])
def test_variant_reads_to_the_same_facts(kind, seed_variant, seed_path, assert_seed_facts):
    path = seed_variant(kind)
    assert path.read_bytes() != seed_path.read_bytes()
    assert_seed_facts(drugpage.read(path), path)


def test_variant_keeps_every_reference_fact(seed_variant, seed_page):
    def facts(page):
        return {(r.title, r.date, r.population, r.impact_factor, r.tags, r.notes,
                 r.sample_size, r.dosage_text, r.routes) for r in page.references}

    for kind in ("crlf", "bom", "blank-lines"):
        assert facts(drugpage.read(seed_variant(kind)).pages[0]) == facts(seed_page), kind


def test_reversed_references_read_in_reverse(seed_variant, seed_page):
    reversed_page = drugpage.read(seed_variant("reversed-references")).pages[0]

    def keys(page):
        return [(r.title, r.date, r.sample_size) for r in page.references]

    assert keys(reversed_page) == keys(seed_page)[::-1]
    assert reversed_page.references[0].title.startswith("A descriptive study on multisystem")
    assert reversed_page.references[-1].date == datetime.date(2020, 5, 7)


def test_stated_count_that_disagrees_is_a_warning(seed_text, write_source):
    path = write_source("miscounted.txt", seed_text.replace(
        "57\nSupporting references", "58\nSupporting references", 1))
    document = drugpage.read(path)
    assert len(document.pages[0].references) == 57
    assert [str(w) for w in document.warnings] == [
        f"{path}:1: warning: page states 58 supporting references but lists 57"]


def test_tag_line_with_unknown_tag_and_no_population_is_not_lost(seed_text, write_source):
    # The cohort study's tag and population lines (62-63) become a single tag line that
    # uses a design the vocabulary lacks.
    lines = seed_text.split("\n")
    lines[61:63] = ["IL-1 Severe severity Protein factor Prospective study"]
    document = drugpage.read(write_source("new-tag.txt", "\n".join(lines)))
    cohort = document.pages[0].references[1]
    assert cohort.title == COHORT
    assert Tag("IL-1", "target") in cohort.tags
    assert any("Prospective study" in w.message for w in document.warnings)


# --- copies of the page: extra blank lines, wrapped lines, CRLF, trailing spaces ---------

IMPLIED = {entry.key: entry.implied_by for entry in load_concepts() if entry.implied_by}


def _file_lines(path: Path) -> list[str]:
    """The file's lines as an editor numbers them (index 0 is line 1), stripped."""
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in text.split("\n")]


def _words_of(ref: Reference, field: str, item: str, line: str) -> str:
    """What a field's line must hold: its value, or its first word where a copy may wrap it."""
    if field == "date":
        return f"{ref.date:%b}/{ref.date.day:02d}/{ref.date.year}"
    if field == "impact_factor":
        return str(ref.impact_factor)
    if field == "tags":
        return ref.tags[0].label
    if field == "regimens" and not item:  # a regimen of routes alone: where a route is named
        return next(word for word in ("IV", "intravenous", "subcutaneous", "orally") if word in line)
    text = {"population": ref.population, "notes": ref.notes[0],
            "sample": ref.sample.text if ref.sample else None, "dosage": ref.dosage_text,
            "endpoint": ref.endpoint, "regimens": item, "effects": item}[field]
    assert text, field
    return text.split()[0]


def assert_facts_stand_on_their_lines(page: DrugPage, path: Path) -> None:
    """Every line a reference records for a fact holds the fact's words (its first word,
    where a copy wraps it), for every field the reader records."""
    lines = _file_lines(path)
    for ref in page.references:
        assert ref.title.startswith(lines[ref.origin.line - 1]), ref.title
        for field, number in ref.lines:
            line = lines[number - 1]
            name, _, item = field.partition("/")
            if name == "co_medications":
                # the name starts on the line (a copy may wrap it: 'acetylsalicylic' / 'acid')
                around = f"{line} {lines[number]}"
                assert item in {drug_key(around[start:end]) for start, end in drug_mention_spans(around)
                                if start < len(line)}, (field, line)
            elif name in ("conditions", "populations"):
                also = [tag.label for tag in ref.tags] if number == dict(ref.lines).get("tags") else []
                named = {key for entry in concept_mentions(line, also)
                         for key in (entry.key, *(entry.implied_by or ()))}
                # a concept two others imply together (MIS-C: MIS and children) at either's words
                assert named & {item, *IMPLIED.get(item, ())}, (ref.title, field, line)
            else:
                assert _words_of(ref, name, item, line) in line, (ref.title, field, line)


def _without_places(page: DrugPage) -> tuple[object, ...]:
    """The page's records with where they stand left out: a copy moves every line."""
    def strip(record):  # noqa: ANN001, ANN202 - any record
        return dataclasses.replace(record, origin=Origin("", 0), lines=())

    return strip(page.drug), [strip(r) for r in page.references], [strip(t) for t in page.trials]


@pytest.mark.parametrize("kind", sorted(PERTURBATIONS))
def test_a_copy_of_the_page_reads_to_the_same_records(kind, seed_text, seed_page, write_source):
    """Extra blank lines between every field (as a copy from a browser gives), titles and
    notes wrapped at 60 characters, CRLF, trailing spaces, and all at once: the same
    records, no warning, and each fact at a line that holds its words."""
    path = write_source(f"{kind}.txt", PERTURBATIONS[kind](seed_text))
    document = drugpage.read(path)
    assert document.warnings == ()
    assert _without_places(document.pages[0]) == _without_places(seed_page)
    assert_facts_stand_on_their_lines(document.pages[0], path)


def test_the_copy_with_everything_moves_lines_and_keeps_facts(seed_text, find_reference, write_source):
    path = write_source("all.txt", PERTURBATIONS["all"](seed_text))
    save_more = find_reference(drugpage.read(path).pages[0], SAVE_MORE)
    lines = _file_lines(path)
    where = dict(save_more.lines)
    title = lines[save_more.origin.line - 1]
    assert save_more.origin.line > 329 and SAVE_MORE.startswith(title) and title != SAVE_MORE
    assert lines[where["impact_factor"] - 1] == "Patients 53.44"
    assert lines[where["date"] - 1] == "Sep/03/2021"
    assert "405 + 189" in lines[where["sample"] - 1]


@pytest.mark.parametrize(("old", "new"), [
    ("IL-1 Severe severity Protein factor Phase III clinical trial Randomized",
     "IL-1 Severe severity Protein factor Phase III clinical\ntrial Randomized"),
    ("Severe pneumonia and moderate hyperinflammation patients 2.32",
     "Severe pneumonia and moderate\nhyperinflammation patients 2.32"),
    ("Interleukin-1 blockade with high-dose anakinra in patients with COVID-19, acute",
     "Interleukin-1 blockade with high-dose anakinra in patients\nwith COVID-19, acute"),
], ids=["tag-line", "population-line", "title-without-tags"])
def test_a_wrapped_tag_or_population_line_reads_the_same(seed_text, seed_page, write_source, old, new):
    assert seed_text.count(old) == 1
    document = drugpage.read(write_source("wrapped.txt", seed_text.replace(old, new)))
    assert document.warnings == ()
    assert _without_places(document.pages[0]) == _without_places(seed_page)


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder the examples take turns to write (hypothesis runs them one at a time)."""
    return tmp_path_factory.mktemp("copies")


@IN_TESTS
@given(page=drug_pages(), kind=st.sampled_from(sorted(PERTURBATIONS)))
def test_a_copy_of_any_generated_page_reads_to_the_same_records(copies, page, kind):
    """Pages written from the format's grammar (tests/sources/pages.py: references with and
    without tag and population lines, impact factors, notes of several paragraphs), copied
    the same ways as the seed: the same records and warnings as the page itself."""
    clean, copy = copies / "page.txt", copies / "copy.txt"
    clean.write_text(page.text, encoding="utf-8")
    copy.write_bytes(PERTURBATIONS[kind](page.text))
    read, copied = drugpage.read(clean), drugpage.read(copy)
    assert _without_places(copied.pages[0]) == _without_places(read.pages[0])
    assert [w.message for w in copied.warnings] == [w.message for w in read.warnings]


def _seed_with_lines(seed_text: str, after: int, *inserted: str) -> str:
    lines = seed_text.split("\n")
    return "\n".join(lines[:after] + list(inserted) + lines[after:])


@pytest.mark.parametrize(("after", "inserted", "message"), [
    (65, ["", "IL-1 Severe severity"],
     "in reference 'Anakinra for severe forms of COVID-19: a cohort study': reads as a tag line "
     "but stands among the notes; kept as notes"),
    (65, ["", "Patients 6.66"],
     "in reference 'Anakinra for severe forms of COVID-19: a cohort study': reads as a population "
     "line with an impact factor but stands among the notes; kept as notes"),
    (67, ["May/29/2020"], "date line 'May/29/2020' follows no reference title; skipped"),
    (3, ["", "An orphan line of the header."],
     "line 'An orphan line of the header.' is no field of the drug; not read"),
], ids=["tag-line-in-notes", "population-in-notes", "stray-date", "header-line"])
def test_a_line_the_reader_cannot_place_is_a_warning(seed_text, write_source, find_reference,
                                                    after, inserted, message):
    path = write_source("unplaced.txt", _seed_with_lines(seed_text, after, *inserted))
    document = drugpage.read(path)
    assert [str(w) for w in document.warnings] == [f"{path}:{after + len(inserted)}: warning: {message}"]
    page = document.pages[0]
    assert len(page.references) == 57
    cohort = find_reference(page, COHORT)
    assert (cohort.sample_size, cohort.population) == (96, "Patients")
    if after == 65:  # kept, as the notes' own paragraph
        assert cohort.notes[-1] == inserted[-1]


# --- where each fact stands -----------------------------------------------------------

def test_every_fact_of_the_seed_stands_on_its_line(seed_page, seed_path):
    assert_facts_stand_on_their_lines(seed_page, seed_path)


def test_save_more_facts_stand_on_their_own_lines(seed_page, find_reference, seed_line):
    """SAVE-MORE's title is line 329; its facts stand below it, each where its words are."""
    save_more = find_reference(seed_page, SAVE_MORE)
    where = dict(save_more.lines)
    assert save_more.origin.line == 329
    assert where["tags"] == 330 and "Phase III clinical trial" in seed_line(330)
    assert where["population"] == where["impact_factor"] == 331 and seed_line(331) == "Patients 53.44"
    assert where["date"] == 335 and seed_line(335) == "Sep/03/2021"
    assert where["sample"] == where["dosage"] == where["endpoint"] == where["notes"] == 333
    assert "Sample size: (intention-to-treat) 405 + 189 placebo" in seed_line(333)
    assert "Dosage: 100 mg subcutaneously once a day for 7–10 days" in seed_line(333)
    (regimen,) = save_more.regimens
    assert where[f"regimens/{regimen.text}"] == 333


def test_notes_facts_stand_where_their_words_are(seed_page, find_reference, seed_line):
    first = seed_page.references[0]  # notes on line 58, date on 60, no tag line
    where = dict(first.lines)
    assert "tags" not in where and where["population"] == 56 and seed_line(56) == "Patients"
    assert where["effects/" + first.effects[0].text] == 58 and "72% of patients" in seed_line(58)
    combined = find_reference(seed_page, "Anakinra combined with methylprednisolone")
    assert dict(combined.lines)["co_medications/methylprednisolone"] == 109
    assert seed_line(109).startswith("In combination with methylprednisolone.")
    kidney = find_reference(seed_page, KIDNEY)
    # "Kidney Transplant Recipients" in the title (427), before "Kidney transplant patients"
    assert dict(kidney.lines)["populations/Kidney transplant recipients"] == 427


def test_drug_facts_stand_on_their_lines(seed_page, seed_line):
    where = dict(seed_page.drug.lines)
    assert seed_line(where["description"]) == "A recombinant IL-1 receptor antagonist."
    assert where["targets/IL-1"] == where["description"] == 3
    assert (seed_line(where["research_phase"]), seed_line(where["how_it_helps"]),
            seed_line(where["drug_status"])) == (
        "Recommended by guidelines", "Other treatment", "Used to treat other disease")
    assert (where["counts/supporting"], seed_line(17)) == (17, "57")
    assert (where["counts/clinical_trials"], seed_line(23)) == (23, "1")
    assert seed_line(where["brand_names"]) == "KINERET; PerkinRA"
    assert where["sequence"] == 45 and seed_line(45).startswith("MRPSGRKSSK")
    general = seed_page.drug.general_information
    assert [where[f"general_information/{paragraph}"] for paragraph in general] == [28, 30, 32, 34]


def test_trial_bullets_stand_on_their_lines(seed_page, seed_line):
    (trial,) = seed_page.trials
    where = dict(trial.lines)
    assert seed_line(where["enrollment"]) == "• Enrollment - 179"
    assert seed_line(where["alternative_ids"]) == "• Alternative id - ANA-COVID-GEAS"
    assert seed_line(where["age_range"]).startswith("• Age - 18 Years to 80 Years")
    assert seed_line(where["sites"]).startswith("• Locations - Hospital Universitario Miguel Servet")
    assert sorted(where) == sorted(drugpage.TRIAL_FIELDS.values())


# --- another drug: the synthetic tocilizumab page -------------------------------------

@pytest.fixture(scope="module")
def tocilizumab(fixtures_dir):
    path = fixtures_dir / "drugpage" / "tocilizumab.txt"
    return path, drugpage.read(path)


def test_tocilizumab_drug(tocilizumab):
    _, document = tocilizumab
    drug = document.pages[0].drug
    assert drug.name == "Tocilizumab"
    assert drug.description == "A humanized monoclonal antibody against IL-6 receptor."
    assert drug.counts == ReferenceCounts(3, 1, 0, 2)
    assert drug.brand_names == ("ACTEMRA", "RoActemra")
    assert drug.sequence is None
    assert drug.how_it_helps == "Anti-inflammatory treatment"
    assert len(drug.general_information) == 2
    assert "IL-6" in drug.targets
    assert "Viral entry" not in drug.targets  # tagged on one of three supporting studies


def test_tocilizumab_references(tocilizumab, find_reference, assert_origins):
    path, document = tocilizumab
    page = document.pages[0]
    assert [r.kind for r in page.references] == [
        "supporting", "supporting", "supporting", "contradictory"]
    assert all(Tag("IL-6", "target") in r.tags for r in page.references)
    empacta = find_reference(page, "Tocilizumab in Patients Hospitalized with Covid-19 Pneumonia")
    assert (empacta.date, empacta.sample_size, empacta.impact_factor) == (
        datetime.date(2020, 12, 17), 377, Decimal("91.25"))
    retrospective = find_reference(page, "Tocilizumab in patients with severe COVID-19")
    assert retrospective.routes == ("subcutaneous", "intravenous")
    assert retrospective.endpoint == "Invasive mechanical ventilation or death"
    assert retrospective.co_medications == ()  # the drug itself is not a co-medication
    contradictory = page.references[-1]
    assert contradictory.title == "Efficacy of Tocilizumab in Patients Hospitalized with Covid-19"
    assert (contradictory.date, contradictory.sample_size) == (datetime.date(2020, 12, 10), 243)
    assert_origins(document, path)


def test_tocilizumab_unknown_tag_is_kept_and_warned(tocilizumab, find_reference):
    path, document = tocilizumab
    case = find_reference(document.pages[0], "Tocilizumab treatment of a COVID-19 patient")
    # No delimiter between tags: the known "Viral entry" is matched, the rest is unknown.
    assert case.tags == (
        Tag("IL-6", "target"), Tag("Viral entry", "target"),
        Tag("inhibitor xyz", "unknown"), Tag("Case report", "design", ("case-report",)))
    assert case.co_medications == ("dexamethasone",)
    assert [str(w) for w in document.warnings] == [
        f"{path}:58: warning: unknown tag 'inhibitor xyz' kept"]


def test_tocilizumab_trials(tocilizumab):
    _, document = tocilizumab
    covacta, planned = document.pages[0].trials
    assert covacta.nct_id == "NCT04320615"
    assert covacta.title.endswith("Severe COVID-19 Pneumonia (COVACTA)")
    assert covacta.status == "Active, not recruiting"
    assert covacta.phases == ("Phase 3",)
    assert (covacta.start, covacta.completion) == (
        datetime.date(2020, 4, 3), datetime.date(2021, 6, 30))
    assert covacta.alternative_ids == ("WA42380", "2020-001154-22")
    assert [site.country for site in covacta.sites] == ["United States", "Germany", "Spain"]
    assert ("Masking", "Quadruple (Participant, Care Provider, Investigator, "
                       "Outcomes Assessor)") in covacta.design
    assert covacta.enrollment == 452
    assert planned.nct_id == "NCT05000001"
    assert planned.title == "Tocilizumab for Post-COVID-19 Hyperinflammation"
    assert planned.status == "Not yet recruiting"
    assert (planned.phases, planned.start, planned.completion) == ((), None, None)
    assert planned.enrollment == 40


# --- malformed pages ------------------------------------------------------------------

def _restore_date(text: str) -> str:
    return text.rstrip("\n") + "\n\nSep/03/2021\n"


MALFORMED = [
    # file, error line, that line's text, message fragment, repair that makes it read
    ("truncated_reference.txt", 43, SAVE_MORE,
     "is truncated: expected a publication date line", _restore_date),
    ("impossible_date.txt", 49, "Feb/30/2021", "impossible date 'Feb/30/2021'",
     lambda text: text.replace("Feb/30/2021", "Sep/03/2021")),
    ("broken_trial_header.txt", 53, "ID Title Status Phase Start date",
     "expected the column header 'ID Title Status Phase Start date Completion date', "
     "got 'ID Title Status Phase Start date'",
     lambda text: text.replace("Start date\n", "Start date Completion date\n")),
    ("broken_reference_header.txt", 35, "Link Tested on Impact factor Notes",
     "expected the column header 'Link Tested on Impact factor Notes Publication date'",
     lambda text: text.replace("Notes\n", "Notes Publication date\n")),
    ("unknown_trial_field.txt", 59, "• Sponsor - Sociedad Española de Medicina Interna",
     "unknown trial field 'Sponsor'",
     lambda text: text.replace("  • Sponsor - Sociedad Española de Medicina Interna\n", "")),
]


@pytest.mark.parametrize(("name", "line", "line_text", "fragment", "repair"), MALFORMED,
                         ids=[case[0] for case in MALFORMED])
def test_malformed_page_names_file_and_line(fixtures_dir, write_source,
                                            name, line, line_text, fragment, repair):
    path = fixtures_dir / "malformed" / name
    text = path.read_text(encoding="utf-8")
    assert text.split("\n")[line - 1].strip() == line_text
    with pytest.raises(SourceError) as caught:
        read_source(path)
    error = caught.value
    assert (error.path, error.line) == (str(path), line)
    assert fragment in error.message
    assert str(error) == f"{path}:{line}: {error.message}"
    # the fault is the only one: repaired, the page reads
    repaired = drugpage.read(write_source(name, repair(text))).pages[0]
    assert [r.title for r in repaired.references] == [COHORT, SAVE_MORE]


def test_truncated_reference_message_names_the_reference(fixtures_dir):
    with pytest.raises(SourceError) as caught:
        drugpage.read(fixtures_dir / "malformed" / "truncated_reference.txt")
    assert caught.value.message.startswith(f"reference '{SAVE_MORE[:60]}' is truncated")


def test_empty_file(fixtures_dir):
    path = fixtures_dir / "malformed" / "empty.txt"
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert (caught.value.path, caught.value.line) == (str(path), 1)
    assert "empty file" in caught.value.message


def test_binary_file(seed_text, write_source):
    head = "\n".join(seed_text.split("\n")[:4]).encode("utf-8")
    path = write_source("binary.txt", head + b"\n\x00\x01\x02\xff\xfe\n")
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert (caught.value.path, caught.value.line) == (str(path), 5)
    assert "binary file" in caught.value.message


def test_unrecognised_format(write_source):
    path = write_source("letter.txt", "Dear colleague,\n\nanakinra is on order.\n")
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert caught.value.line == 1
    assert "unrecognised page format" in caught.value.message


def test_read_source_picks_the_drugpage_reader(seed_path, assert_seed_facts):
    assert_seed_facts(read_source(seed_path), seed_path)


def test_read_sources_collects_every_bad_file(fixtures_dir, seed_path, tmp_path):
    directory = tmp_path / "sources"
    directory.mkdir()
    shutil.copy(seed_path, directory / "002_anakinra.txt")
    for name in ("impossible_date.txt", "broken_trial_header.txt"):
        shutil.copy(fixtures_dir / "malformed" / name, directory / name)
    with pytest.raises(BuildError) as caught:
        read_sources([directory])
    errors = caught.value.errors
    assert [(e.path, e.line) for e in errors] == [
        (str(directory / "broken_trial_header.txt"), 53),
        (str(directory / "impossible_date.txt"), 49),
    ]
    assert str(caught.value).splitlines() == [str(e) for e in errors]
    assert "impossible date 'Feb/30/2021'" in str(caught.value)


def test_read_sources_reads_a_good_directory(seed_path, tmp_path, fixtures_dir):
    directory = tmp_path / "sources"
    directory.mkdir()
    shutil.copy(seed_path, directory / "002_anakinra.txt")
    shutil.copy(fixtures_dir / "drugpage" / "tocilizumab.txt", directory / "003_tocilizumab.txt")
    (directory / "notes.md").write_text("not a source page\n", encoding="utf-8")
    assert iter_source_files([directory]) == [
        directory / "002_anakinra.txt", directory / "003_tocilizumab.txt"]
    names = [d.pages[0].drug.name for d in read_sources([directory])]
    assert names == ["Anakinra", "Tocilizumab"]


def test_missing_source_directory(tmp_path):
    with pytest.raises(KgError) as caught:
        iter_source_files([tmp_path / "absent"])
    assert str(caught.value) == f"{tmp_path / 'absent'}: no such directory of source pages"


# --- digits that are not numbers --------------------------------------------------------

HUGE = "1" * 5000  # int() refuses more than 4,300 digits


def _seed_with(seed_text: str, line: int, old: str, new: str) -> str:
    """The seed with ``old`` replaced by ``new`` on one line (1-based)."""
    lines = seed_text.split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    return "\n".join(lines)


@pytest.mark.parametrize("count", ["¹", "③", "٣", HUGE], ids=["superscript", "circled", "arabic-indic", "5000-digits"])
@pytest.mark.parametrize(("line", "stated"), [(17, "57"), (23, "1")])
def test_a_stated_count_that_is_not_a_number_names_its_line(seed_text, write_source, line, stated, count):
    """Digits ``str.isdigit`` accepts but no number is made of, or too many of them, where the
    page states a count: the reader says which line, it does not crash."""
    path = write_source("count.txt", _seed_with(seed_text, line, stated, count))
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert "expected a stated count of at most 15 digits 0-9" in caught.value.message


def test_an_enrollment_too_long_to_be_a_number_names_its_line(seed_text, write_source):
    path = write_source("enrollment.txt", _seed_with(seed_text, 473, "179", HUGE))
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert (caught.value.path, caught.value.line) == (str(path), 473)
    assert caught.value.message.startswith("expected an enrollment count of at most 15 digits")


def test_numbers_in_notes_too_long_to_be_numbers_are_not_read(seed_text, write_source, find_reference):
    """In notes an over-long number is prose: the sample size keeps its words but gets no
    arms, the phase keeps its amount but gets no days (seed line 65). Each has more digits
    than int() takes (4,300), and together they stay short enough to be read for facts."""
    huge = "1" * 4400
    text = _seed_with(seed_text, 65, "Sample size: 52 + 44", f"Sample size: {huge} + 44")
    path = write_source("notes.txt", _seed_with(text, 65, "on days 1-3", f"on days 1-{huge}"))
    cohort = find_reference(read_source(path).pages[0], COHORT)
    assert cohort.sample is not None and cohort.sample.arms == () and cohort.sample_size is None
    first = cohort.regimens[0].steps[0]
    assert (first.amount, first.frequency, first.first_day, first.last_day) == (Decimal(100), "twice daily", None, None)


def test_a_page_cut_short_after_a_heading_names_its_last_line(seed_text, write_source):
    """The trials table's heading and then only blank lines: the error names the file's
    last line, not the one after it."""
    lines = seed_text.split("\n")
    heading = lines.index("Clinical trials", 30)
    path = write_source("cut.txt", "\n".join(lines[:heading + 1]) + "\n\n\n")
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert caught.value.line == heading + 4 == len(path.read_text(encoding="utf-8").split("\n"))
    assert caught.value.message.endswith("got no more lines")
