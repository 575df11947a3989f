"""Records: what a source page says, as plain frozen data with the place it came from.

Readers produce them and the mapping turns them into triples; they hold no I/O and
know nothing of RDF. Every record that starts at a line keeps that line in ``origin``.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

TagCategory = Literal[
    "target", "condition", "severity", "substance", "population", "design", "unknown"
]
ReferenceKind = Literal["supporting", "contradictory", "ai-suggested"]
DesignKind = Literal[
    "interventional", "randomized", "non-randomized", "controlled", "uncontrolled",
    "double-blind", "single-blind", "open-label", "observational", "cohort", "case-report",
    "case-series", "case-control", "cross-sectional", "preclinical", "evidence-synthesis",
]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record starts: the source path as given and its 1-based line."""

    path: str
    line: int


FieldLines = tuple[tuple[str, int], ...]
"""Where a record's facts stand when not on its origin line: ``(field, line)`` pairs, a field
of many items keyed per item as ``field/item`` (``co_medications/dexamethasone``)."""


def line_of(origin: Origin, lines: FieldLines, field: str, item: str | None = None) -> int:
    """The 1-based line where a field's words (or one item's) stand: the item's own line,
    else the field's, else the record's origin line."""
    found = dict(lines)
    if item is not None and f"{field}/{item}" in found:
        return found[f"{field}/{item}"]
    return found.get(field, origin.line)


@dataclass(frozen=True, slots=True)
class Publisher:
    """Who publishes a page format, so every source keeps its attribution."""

    key: str
    name: str
    homepage: str


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag of a reference's tag line, sorted into the format's vocabulary; a design
    tag also names the kinds of design its words say (randomized, double-blind, ...)."""

    label: str
    category: TagCategory
    design_kinds: tuple[DesignKind, ...] = ()


@dataclass(frozen=True, slots=True)
class ReferenceCounts:
    """The counts a drug page states in its header, kept as the page says them."""

    supporting: int
    contradictory: int
    ai_suggested: int
    clinical_trials: int


@dataclass(frozen=True, slots=True)
class Drug:
    """A drug as its page introduces it; ``targets`` are the ones the page attributes to it."""

    name: str
    description: str | None
    general_information: tuple[str, ...]
    brand_names: tuple[str, ...]
    targets: tuple[str, ...]
    sequence: str | None
    research_phase: str | None
    how_it_helps: str | None
    drug_status: str | None
    counts: ReferenceCounts | None
    origin: Origin
    lines: FieldLines = ()


ArmRole = Literal["treated", "control", "active-comparator"]
ControlKind = Literal["placebo", "standard-of-care", "matched", "historical"]


@dataclass(frozen=True, slots=True)
class StudyArm:
    """One group of a study's sample: its size, whether it was treated, a control (placebo,
    standard of care, matched, historical, or no more said) or an active comparator (another
    drug given instead: not a control), what kind of control, and the words the note says of it."""

    size: int
    role: ArmRole
    control_kinds: tuple[ControlKind, ...]
    description: str | None


@dataclass(frozen=True, slots=True)
class SampleSize:
    """A note's ``Sample size:`` text and, when every part of it is a count, its arms.

    ``arms`` is empty when the text is ambiguous (``24 (+ 26 pooled) out of 382``): the
    text is kept and no number is made up.
    """

    text: str
    arms: tuple[StudyArm, ...]

    @property
    def total(self) -> int | None:
        return sum(arm.size for arm in self.arms) if self.arms else None

    @property
    def treated(self) -> int | None:
        return sum(arm.size for arm in self.arms if arm.role == "treated") if self.arms else None

    @property
    def controls(self) -> int | None:
        return sum(arm.size for arm in self.arms if arm.role == "control") if self.arms else None

    @property
    def comparators(self) -> int | None:
        """Participants given another drug instead; ``total`` = treated + controls + comparators."""
        return sum(arm.size for arm in self.arms if arm.role == "active-comparator") if self.arms else None


DoseUnit = Literal["mg", "g", "mg/kg", "mg/m2"]


@dataclass(frozen=True, slots=True)
class DoseStep:
    """One phase of a regimen (``100 mg twice daily on days 1-3``), as far as its words say.

    ``amount`` is one administration's dose, set only when the words give it so (``100 mg
    twice daily``, ``200 mg IV``); ``daily_amount`` is the dose a day, as stated (``400 mg
    daily``, ``5 mg/kg a day in two doses``: then no per-dose amount is made up) or as the
    per-dose amount times ``doses_per_day`` when the words state both. Both share ``unit``,
    kept as written; ``unit_note`` says why it looks wrong for the population, if it does.
    A ``*_max`` is the top of a range (``200 - 300 mg``, ``5 or 10 mg/kg``, ``once to twice
    daily``); ``doses_per_day`` is set for a frequency that fixes it (``every 6 hours`` = 4);
    ``duration_days`` is the stated length or the span of its days.
    """

    text: str
    amount: Decimal | None
    amount_max: Decimal | None
    unit: DoseUnit | None
    routes: tuple[str, ...]
    frequency: str | None
    doses_per_day: Decimal | None
    first_day: int | None
    last_day: int | None
    duration_days: int | None
    daily_amount: Decimal | None = None
    daily_amount_max: Decimal | None = None
    doses_per_day_max: Decimal | None = None
    unit_note: str | None = None


@dataclass(frozen=True, slots=True)
class DosingRegimen:
    """One way a study gave the drug (one cohort's dosing), in its phases, with its text."""

    text: str
    steps: tuple[DoseStep, ...]

    @property
    def routes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(route for step in self.steps for route in step.routes))


@dataclass(frozen=True, slots=True)
class EffectStatement:
    """A sentence of a note that reports a result with a number: ``72% of patients``,
    ``survival of 10 out of 11``. ``unit`` is ``%`` or ``patients``."""

    text: str
    measure: str | None
    value: Decimal
    unit: str
    denominator: int | None


@dataclass(frozen=True, slots=True)
class Reference:
    """A literature reference listed for a drug, with what its notes state."""

    kind: ReferenceKind
    title: str
    tags: tuple[Tag, ...]
    population: str | None
    impact_factor: Decimal | None
    notes: tuple[str, ...]
    date: datetime.date
    sample: SampleSize | None
    dosage_text: str | None
    regimens: tuple[DosingRegimen, ...]
    routes: tuple[str, ...]
    co_medications: tuple[str, ...]
    endpoint: str | None
    effects: tuple[EffectStatement, ...]
    conditions: tuple[str, ...]
    populations: tuple[str, ...]
    origin: Origin
    lines: FieldLines = ()

    @property
    def sample_size(self) -> int | None:
        """Treated plus controls, when the notes state it unambiguously."""
        return self.sample.total if self.sample else None


@dataclass(frozen=True, slots=True)
class TrialSite:
    """One trial location, split as the registry writes it: name, ..., country."""

    label: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Trial:
    """A clinical-trial row of a drug page with all of its bullets."""

    nct_id: str
    title: str
    status: str | None
    phases: tuple[str, ...]
    start: datetime.date | None
    completion: datetime.date | None
    alternative_ids: tuple[str, ...]
    interventions: tuple[str, ...]
    study_type: str | None
    results: str | None
    sites: tuple[TrialSite, ...]
    design: tuple[tuple[str, str], ...]
    enrollment: int | None
    age_range: str | None
    outcome_measures: tuple[str, ...]
    origin: Origin
    lines: FieldLines = ()


@dataclass(frozen=True, slots=True)
class SourceWarning:
    """Something kept but worth a curator's look (an unknown tag, a count mismatch)."""

    origin: Origin
    message: str

    def __str__(self) -> str:
        return f"{self.origin.path}:{self.origin.line}: warning: {self.message}"


@dataclass(frozen=True, slots=True)
class DrugPage:
    """Everything one drug page says."""

    drug: Drug
    references: tuple[Reference, ...]
    trials: tuple[Trial, ...]


@dataclass(frozen=True, slots=True)
class YearMonth:
    """A date known only to the month (``Dec 21``), kept apart from a full date."""

    year: int
    month: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with the unit the page gives it in (UCUM-style code: ``Cel``, ``h``, ``ng/mL``)."""

    value: Decimal
    unit: str


@dataclass(frozen=True, slots=True)
class MedicinesQuestion:
    """A medicines Q&A: the question as titled, and the therapy question's shape if it has one.

    ``candidates`` are the drugs asked about; ``after_failure_of`` the earlier-line drugs
    they would follow; ``therapy_line`` is ``second-line`` etc.
    """

    title: str
    date: datetime.date
    summary: str
    drugs: tuple[str, ...]
    candidates: tuple[str, ...]
    after_failure_of: tuple[str, ...]
    therapy_line: str | None
    condition: str | None
    condition_context: str | None
    origin: Origin
    lines: FieldLines = ()


@dataclass(frozen=True, slots=True)
class StorageGuidance:
    """Refrigerated-storage advice for one product presentation after a temperature excursion."""

    product: str
    manufacturer: str | None
    presentation: str | None
    strength: Quantity | None
    advice: str
    max_temperature: Quantity | None
    max_duration: Quantity | None
    may_return_to_refrigerator: bool | None
    dispose_after: bool
    date: datetime.date
    issuer: str | None
    origin: Origin
    lines: FieldLines = ()


@dataclass(frozen=True, slots=True)
class LactationGuidance:
    """Safety of a substance in breastfeeding: the verdict, its summary points and date."""

    substance: str
    abbreviation: str | None
    verdict: str | None
    points: tuple[str, ...]
    date: datetime.date
    origin: Origin
    lines: FieldLines = ()


@dataclass(frozen=True, slots=True)
class BiomarkerCriterion:
    """A patient-selection threshold on a biomarker: ``suPAR >= 6 ng/mL``."""

    biomarker: str
    biomarker_name: str | None
    comparator: str
    threshold: Quantity
    origin: Origin
    lines: FieldLines = ()


@dataclass(frozen=True, slots=True)
class RegulatoryEvent:
    """A dated step of a medicine's regulatory path in one region."""

    date: YearMonth
    kind: str
    region: str | None
    body: str | None
    text: str
    criteria: tuple[BiomarkerCriterion, ...]
    origin: Origin
    lines: FieldLines = ()


@dataclass(frozen=True, slots=True)
class EffectSize:
    """A reported effect: measure, point estimate, confidence interval and p-value."""

    measure: str
    value: Decimal
    ci_level: int | None
    ci_low: Decimal | None
    ci_high: Decimal | None
    p_comparator: str | None
    p_value: Decimal | None


@dataclass(frozen=True, slots=True)
class TrialUpdate:
    """A dated trial-data entry of a new-medicine page: which trial, how many, what effect."""

    date: YearMonth
    text: str
    phase: str | None
    trial_name: str | None
    nct_id: str | None
    participants: int | None
    planned_enrollment: int | None
    countries: tuple[str, ...]
    effect_sizes: tuple[EffectSize, ...]
    journal: str | None
    origin: Origin
    lines: FieldLines = ()


@dataclass(frozen=True, slots=True)
class NewMedicine:
    """A new-medicine page: a product's indication, licence status and timeline; ``route``
    is the words (``Subcutaneous injection``), ``route_name`` the one name of the route they
    mean (``subcutaneous``, as the drug pages' doses name it)."""

    product: str
    indication: str
    status: str | None
    company: str | None
    description: str | None
    route: str | None
    events: tuple[RegulatoryEvent, ...]
    trial_updates: tuple[TrialUpdate, ...]
    origin: Origin
    lines: FieldLines = ()
    route_name: str | None = None


SpsPage = MedicinesQuestion | StorageGuidance | LactationGuidance | NewMedicine
Page = DrugPage | SpsPage


@dataclass(frozen=True, slots=True)
class Document:
    """One source file: its identity and checksum, who published it, what it holds."""

    path: str
    name: str
    sha256: str
    format: str
    publisher: Publisher
    pages: tuple[Page, ...]
    warnings: tuple[SourceWarning, ...]
