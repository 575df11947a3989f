"""Reading numbers and named things out of SPS guidance prose (``kg.sources.guidance``).

Short hand-written sentences in the style of the SPS pages, each with the fact it states.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.records import Origin, Quantity, YearMonth
from effect_sizes import effect
from kg.sources import guidance

ORIGIN = Origin("note.txt", 7)


def hours(value: str) -> Quantity:
    return Quantity(Decimal(value), "h")


def celsius(value: str) -> Quantity:
    return Quantity(Decimal(value), "Cel")


# --- storage -----------------------------------------------------------------------------

@pytest.mark.parametrize("advice, temperature, duration, may_return, dispose", [
    # the seed's Kineret advice (line 13)
    ("For the purpose of ambulatory use, Kineret may be removed from the refrigerator for 12 "
     "hours at a temperature not above 25 °C. At the end of this period, the product must not "
     "be put back in the refrigerator and must be disposed of.", "25", "12", False, True),
    ("May be removed from the refrigerator for 7 days at a temperature not above 25 °C.",
     "25", "168", None, False),
    ("May be kept out of the refrigerator for up to 4 weeks at a temperature not exceeding "
     "30°C.", "30", "672", None, False),
    ("Stored out of the refrigerator for 2 weeks below 30 °C, it may be returned to the "
     "refrigerator within that time.", "30", "336", True, False),
    ("Out of the refrigerator for 48 hrs at up to 25 °C it must not be returned to the "
     "refrigerator; discard after that.", "25", "48", False, True),
    ("Out of the refrigerator for 1 week at no higher than 25 °C. It can be put back in the "
     "refrigerator once.", "25", "168", True, False),
])
def test_excursion(advice, temperature, duration, may_return, dispose):
    """Days and weeks become hours; the limit temperature is the °C after 'not above' etc.;
    'may be returned' / 'must not be put back' set whether it may go back in."""
    assert guidance.is_excursion_text(advice)
    assert guidance.excursion(advice) == guidance.Excursion(
        celsius(temperature), hours(duration), may_return, dispose)


def test_excursion_states_nothing_about_returning():
    """Advice that does not say whether the product may go back leaves it unknown."""
    found = guidance.excursion("Removed from the refrigerator for 12 hours at not above 25 °C.")
    assert found.may_return is None and found.dispose is False


@pytest.mark.parametrize("text", [
    "Please also refer to the manufacturer’s product literature for recommended storage",
    "In the event of an inadvertent temperature excursion the following data may be used:",
    "Contact Swedish Orphan Biovitrum Ltd in all cases where a deviation from the recommended "
    "storage conditions has occurred.",
])
def test_seed_storage_lines_that_are_not_the_excursion_rule(text):
    """The seed storage page's other lines state no time at a temperature."""
    assert not guidance.is_excursion_text(text)


@pytest.mark.parametrize("presentation, expected", [
    ("100 mg solution for injection in a pre-filled syringe", Quantity(Decimal("100"), "mg")),
    ("162 mg solution for injection in a pre-filled pen", Quantity(Decimal("162"), "mg")),
    ("150 micrograms in 1 ml solution", Quantity(Decimal("150"), "ug")),
    ("2.5 mg tablets", Quantity(Decimal("2.5"), "mg")),
    ("solution for injection", None),
])
def test_strength(presentation, expected):
    """The strength a presentation starts with, in UCUM units (micrograms -> ug)."""
    assert guidance.strength(presentation) == expected


# --- regulatory steps --------------------------------------------------------------------

@pytest.mark.parametrize("statement, kind, region, body", [
    ("Filed in the US.", "Filed", "US", None),
    ("Filed in the EU.", "Filed", "EU", None),
    ("Approved in the UK by MHRA.", "Approved", "UK", "MHRA"),
    ("Approved in the EU.", "Approved", "EU", None),  # no body is inferred
    ("Recommended for EU approval by CHMP.", "Recommended for approval", "EU", "CHMP"),
    ("Currently pre-registration in the EU.", "Pre-registration", "EU", None),
    ("Approved in the US for emergency use by the FDA.", "Emergency use authorisation", "US",
     "FDA"),
    ("Emergency use authorisation revised in the US by the FDA.",
     "Emergency use authorisation", "US", "FDA"),
    ("Emergency use authorisation granted by the FDA.", "Emergency use authorisation", "US",
     "FDA"),  # the region follows from the body
])
def test_regulatory_step(statement, kind, region, body):
    """Kind, region and the body the line names; 'emergency use' outranks 'Approved'."""
    assert guidance.regulatory_step(statement) == guidance.RegulatoryStep(kind, region, body)


def test_unknown_regulatory_step_has_no_kind():
    assert guidance.regulatory_step("Company announces plans.").kind is None


# --- biomarker thresholds ----------------------------------------------------------------

def test_biomarker_criterion_of_the_seed():
    """Seed line 48: suPAR (…) of at least 6 ng per ml."""
    (criterion,) = guidance.biomarker_criteria(
        "as determined by blood levels of a protein called suPAR (soluble urokinase "
        "plasminogen activator receptor) of at least 6 ng per ml", ORIGIN)
    assert (criterion.biomarker, criterion.biomarker_name, criterion.comparator,
            criterion.threshold, criterion.origin) == (
        "suPAR", "soluble urokinase plasminogen activator receptor", ">=",
        Quantity(Decimal("6"), "ng/mL"), ORIGIN)


@pytest.mark.parametrize("statement, biomarker, comparator, threshold", [
    ("patients with CRP (C-reactive protein) of at least 75 mg per l", "CRP", ">=",
     Quantity(Decimal("75"), "mg/L")),
    ("patients with IL-6 (interleukin-6) above 40 pg/mL", "IL-6", ">",
     Quantity(Decimal("40"), "pg/mL")),
])
def test_biomarker_criterion(statement, biomarker, comparator, threshold):
    (criterion,) = guidance.biomarker_criteria(statement, ORIGIN)
    assert (criterion.biomarker, criterion.comparator, criterion.threshold) == (
        biomarker, comparator, threshold)


def test_acronym_in_brackets_is_not_a_criterion():
    """'(ECMO)' has no comparator or number after it (baricitinib fixture line 12)."""
    assert guidance.biomarker_criteria(
        "requiring mechanical ventilation or extracorporeal membrane oxygenation (ECMO).",
        ORIGIN) == ()


@pytest.mark.parametrize("unit, code", [
    ("ng per ml", "ng/mL"), ("ng/ml", "ng/mL"), ("mg per l", "mg/L"), ("pg/mL", "pg/mL"),
])
def test_unit_code(unit, code):
    """Units as UCUM codes: litre is 'L', 'per' is '/'."""
    assert guidance.unit_code(unit) == code


# --- effect sizes ------------------------------------------------------------------------


@pytest.mark.parametrize("statement, expected", [
    ("odds ratio 1.2 (95% CI 0.9–1.6)", (effect("odds ratio", "1.2", 95, "0.9", "1.6"),)),
    ("At day 28, the hazard ratio for death was 0.64 (95% CI 0.45 to 0.91).",
     (effect("hazard ratio", "0.64", 95, "0.45", "0.91"),)),
    ("The odds ratio at day 28 was 0.62 (95% CI 0.45–0.86; p=0.004).",
     (effect("odds ratio", "0.62", 95, "0.45", "0.86", "=", "0.004"),)),
    # seed line 62, both styles in one entry
    ("At day 28, the odds of having a worse clinical status with anakinra vs. placevo was 0.36 "
     "(95%\u2009CI; 0.26 to 0.50). Mortality at 28 days decreased (hazard ratio = 0.45, "
     "P = 0.045).",
     (effect("odds ratio", "0.36", 95, "0.26", "0.50"),
      effect("hazard ratio", "0.45", p_comparator="=", p_value="0.045"))),
    # RECOVERY style (tocilizumab fixture line 65)
    ("(rate ratio 0.85; 95% CI 0.76 to 0.94; p=0.0028)",
     (effect("rate ratio", "0.85", 95, "0.76", "0.94", "=", "0.0028"),)),
    ("the relative risk was 0.77 (95% CI 0.60 to 0.98; p<0.05)",
     (effect("risk ratio", "0.77", 95, "0.60", "0.98", "<", "0.05"),)),
    ("In-hospital mortality was 28% vs. 36%.", ()),
])
def test_effect_sizes(statement, expected):
    """Measure, point estimate, CI and p-value as stated; 'day 28' is no estimate and
    percentages are not effect sizes."""
    assert guidance.effect_sizes(statement) == expected


def test_effect_size_after_28_day_outcome():
    """'28-day' names the outcome; the hazard ratio is 0.70."""
    assert guidance.effect_sizes(
        "The hazard ratio of 28-day mortality was 0.70 (95% CI 0.55 to 0.90).") == (
        effect("hazard ratio", "0.70", 95, "0.55", "0.90"),)


def test_effect_size_after_abbreviated_measure():
    """'hazard ratio (HR) 0.70': the ratio is 0.70, not the p-value."""
    assert guidance.effect_sizes("hazard ratio (HR) 0.70, 95% CI 0.55 to 0.90, p=0.01") == (
        effect("hazard ratio", "0.70", 95, "0.55", "0.90", "=", "0.01"),)


# --- trial data --------------------------------------------------------------------------

def test_trial_update_reads_each_number():
    """Phase PII/III, trial name, n=, planned enrolment with a two-word country, journal."""
    update = guidance.trial_update(
        YearMonth(2021, 1),
        "Results from the PII/III ACME platform trial (n=1,200 adults) published in The BMJ. "
        "500 patients will be enrolled in France and New Zealand (NCT01234567).", ORIGIN)
    assert (update.date, update.phase, update.trial_name, update.nct_id, update.participants,
            update.planned_enrollment, update.countries, update.journal, update.origin) == (
        YearMonth(2021, 1), "Phase 2/Phase 3", "ACME", "NCT01234567", 1200, 500,
        ("France", "New Zealand"), "The BMJ", ORIGIN)


def test_trial_update_of_the_seed_dec_20_entry():
    """Seed line 64: SAVE-MORE, NCT04680949, 606 adults in Italy and Greece."""
    update = guidance.trial_update(
        YearMonth(2020, 12),
        "Pivotal PIII SAVE-MORE study to to evaluate the efficacy and safety of early start of "
        "anakinra guided by suPAR (NCT04680949). 606 adults will be recruited in Italy and "
        "Greece.", ORIGIN)
    assert (update.phase, update.trial_name, update.nct_id, update.planned_enrollment,
            update.countries, update.participants) == (
        "Phase 3", "SAVE-MORE", "NCT04680949", 606, ("Italy", "Greece"), None)


def test_name_trials_shares_an_nct_id_between_entries_of_one_trial():
    """An entry naming ABC-1 without its id takes the id another entry gives ABC-1; a trial
    no entry gives an id keeps none."""
    updates = tuple(guidance.trial_update(YearMonth(2021, month), text, Origin("p", month))
                    for month, text in [(3, "The ABC-1 trial (n=10) published in Lancet."),
                                        (2, "ABC-1 study starts (NCT00000001)."),
                                        (1, "XYZ trial starts.")])
    assert [u.nct_id for u in updates] == [None, "NCT00000001", None]
    named = guidance.name_trials(updates)
    assert [(u.trial_name, u.nct_id) for u in named] == [
        ("ABC-1", "NCT00000001"), ("ABC-1", "NCT00000001"), ("XYZ", None)]


# --- medicines Q&A -----------------------------------------------------------------------

def test_question_shape_of_the_seed_title():
    """Seed line 1: two candidates, second-line after tocilizumab, CRS after CAR-T."""
    shape = guidance.question_shape(
        "Evidence for use of siltuximab or anakinra as second line therapies (after failure "
        "of tocilizumab) for Cytokine Release Syndrome following use of Chimeric Antigen "
        "Receptor T-cell (CAR-T) therapy")
    assert shape == guidance.QuestionShape(
        candidates=("siltuximab", "anakinra"), after_failure_of=("tocilizumab",),
        therapy_line="second-line", condition="Cytokine release syndrome",
        condition_context="following use of Chimeric Antigen Receptor T-cell (CAR-T) therapy")


def test_question_shape_with_a_list_and_third_line():
    shape = guidance.question_shape(
        "Evidence for use of baricitinib, tofacitinib or ruxolitinib as third-line treatment "
        "(after failing tocilizumab and sarilumab) in Rheumatoid Arthritis (RA)")
    assert (shape.candidates, shape.after_failure_of, shape.therapy_line, shape.condition) == (
        ("baricitinib", "tofacitinib", "ruxolitinib"), ("tocilizumab", "sarilumab"),
        "third-line", "Rheumatoid arthritis (RA)")


@pytest.mark.parametrize("title", [
    "Which medicines can be used to treat COVID-19 in pregnancy?",
    "Can anakinra be used in breastfeeding?",
])
def test_question_shape_without_the_therapy_line_shape(title):
    """A title that is not 'use of X as Nth line therapy (after failure of Y)' has none."""
    shape = guidance.question_shape(title)
    assert (shape.candidates, shape.after_failure_of, shape.therapy_line) == ((), (), None)


@pytest.mark.parametrize(("statement", "advice"), [
    ("The oddſ ratio was 0.36 (95% CI; 0.26 to 0.50).", None),
    (None, "Kineret may be removed from the refrigerator for 12 hourſ at a temperature not above 25 °C."),
])
def test_a_word_with_a_letter_that_only_folds_to_ascii_is_not_that_word(statement, advice):
    """'ſ' matches 's' case-insensitively; measures and time units are looked up by their
    lower case, so 'oddſ ratio' and 'hourſ' are no measure or unit (each was a KeyError)."""
    if statement:
        assert guidance.effect_sizes(statement) == ()
    if advice:
        assert guidance.excursion(advice).max_duration is None


def test_over_long_numbers_in_guidance_are_not_read():
    huge = "9" * 5000
    rule = guidance.excursion(f"removed from the refrigerator for {huge} hours at not above {huge} °C")
    assert (rule.max_duration, rule.max_temperature) == (None, None)
    update = guidance.trial_update(YearMonth(2021, 9), f"PIII trial (n={huge} pts); the odds ratio was "
                                   f"0.36 (95% CI; 0.26 to {huge[:20]})", Origin("x.txt", 1))
    assert update.participants is None
    (effect_size,) = update.effect_sizes
    assert (effect_size.value, effect_size.ci_low, effect_size.ci_high) == (Decimal("0.36"), Decimal("0.26"), None)
