"""Read the numbers and named things in SPS guidance prose.

Storage advice (``removed from the refrigerator for 12 hours at a temperature not above
25 °C``), regulatory steps (``Recommended for EU approval by CHMP``), biomarker
thresholds (``suPAR (…) of at least 6 ng per ml``), trial-data entries (``PIII … SAVE-MORE
trial (n=594 …) published in Nature Medicine … 0.36 (95% CI; 0.26 to 0.50)``) and the
shape of a Q&A title (``… as second line therapies (after failure of tocilizumab) for …``).
Anything not stated is left ``None``; nothing is guessed.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal

from kg.records import BiomarkerCriterion, EffectSize, Origin, Quantity, TrialUpdate, YearMonth
from kg.sources.numerals import INTEGER, NUMBER, read_decimal, read_integer

_RATIO = rf"[0-9]*\.{INTEGER}|{INTEGER}"
# Patterns below that could start anywhere in a run (of digits, letters, spaces) start only
# where the run does: tried at every position, they would cross the rest of it each time.

# --- storage -----------------------------------------------------------------------------

_TEMPERATURE = re.compile(rf"(?<![0-9])(?P<value>{NUMBER})\s*°\s*C\b")
_TEMPERATURE_LIMIT = re.compile(
    rf"(?:not above|not exceeding|not more than|no higher than|no more than|up to|at or below|"
    rf"below|under|maximum(?: of)?|max\.?|≤)\s*(?P<value>{NUMBER})\s*°\s*C\b", re.I)
# (?a:…): matched case-insensitively but looked up by its lower case, so ASCII letters only
# ('ı' and 'İ' would match 'i', 'ſ' would match 's')
_DURATION = re.compile(
    rf"\bfor (?:up to |a maximum of |a (?:single )?period of (?:up to )?|no more than )?"
    rf"(?P<value>{NUMBER})\s*(?P<unit>(?a:hours?|hrs?|h|days?|weeks?))\b", re.I)
HOURS_PER_UNIT = {"h": 1, "hr": 1, "hour": 1, "day": 24, "week": 168}
_NO_RETURN = re.compile(
    r"(?:must|should|can|may) not be (?:put back|returned|replaced)|cannot be (?:put back|returned)",
    re.I)
_RETURN = re.compile(r"(?:may|can) (?:then )?be (?:put back|returned)", re.I)
_DISPOSE = re.compile(r"\bdispos(?:ed|e) of\b|\bdiscard", re.I)


@dataclass(frozen=True, slots=True)
class Excursion:
    max_temperature: Quantity | None
    max_duration: Quantity | None
    may_return: bool | None
    dispose: bool


def is_excursion_text(text: str) -> bool:
    """A sentence that states a time out of the refrigerator at a temperature."""
    return "refrigerat" in text.lower() and bool(_TEMPERATURE.search(text)) \
        and bool(_DURATION.search(text))


def excursion(advice: str) -> Excursion:
    """The excursion rule as numbers: at most so many hours at not above so many °C."""
    limit = _TEMPERATURE_LIMIT.search(advice)
    temperatures = [value for m in _TEMPERATURE.finditer(advice)
                    if (value := read_decimal(m.group("value"))) is not None]
    limit_value = read_decimal(limit.group("value")) if limit else None
    temperature = limit_value if limit_value is not None else max(temperatures, default=None)
    duration = _DURATION.search(advice)
    amount = read_decimal(duration.group("value")) if duration else None
    hours = None
    if duration and amount is not None:
        hours = amount * HOURS_PER_UNIT[duration.group("unit").lower().rstrip("s")]
    return Excursion(
        max_temperature=Quantity(temperature, "Cel") if temperature is not None else None,
        max_duration=Quantity(hours, "h") if hours is not None else None,
        may_return=False if _NO_RETURN.search(advice) else True if _RETURN.search(advice) else None,
        dispose=bool(_DISPOSE.search(advice)),
    )


_STRENGTH = re.compile(rf"^(?P<value>{NUMBER})\s*(?P<unit>mg|g|micrograms|mcg|units|mL|ml)\b")
UNIT_CODES = {"micrograms": "ug", "mcg": "ug", "units": "[iU]", "ml": "mL"}


def strength(presentation: str) -> Quantity | None:
    """The strength a presentation starts with: ``100 mg solution …`` -> 100 mg."""
    match = _STRENGTH.match(presentation)
    value = read_decimal(match.group("value")) if match else None
    if match is None or value is None:
        return None
    unit = match.group("unit")
    return Quantity(value, UNIT_CODES.get(unit, unit))


# --- regulatory steps --------------------------------------------------------------------

STEP_KINDS = (
    ("Recommended for approval", re.compile(
        r"recommended for (?:\w+ )?(?:approval|authori[sz]ation)|positive (?:\w+ )?opinion", re.I)),
    ("Refused", re.compile(r"\b(?:refused|rejected|negative (?:\w+ )?opinion)\b", re.I)),
    ("Withdrawn", re.compile(r"\bwithdrawn\b", re.I)),
    ("Emergency use authorisation", re.compile(r"\bemergency use\b", re.I)),
    ("Pre-registration", re.compile(r"\bpre-?registration\b", re.I)),
    ("Filed", re.compile(r"\b(?:filed|submitted|submission|under review)\b", re.I)),
    ("Approved", re.compile(r"\b(?:approved|licensed|authori[sz]ed|granted)\b", re.I)),
    ("Launched", re.compile(r"\blaunched\b", re.I)),
    ("Orphan designation", re.compile(r"\borphan\b", re.I)),
)
REGIONS = {"EU": "EU", "Europe": "EU", "European": "EU", "UK": "UK", "US": "US", "USA": "US",
           "Japan": "Japan", "Canada": "Canada", "Australia": "Australia"}
BODY_REGIONS = {"CHMP": "EU", "EMA": "EU", "European Commission": "EU", "MHRA": "UK",
                "CHM": "UK", "NICE": "UK", "FDA": "US", "PMDA": "Japan"}
_REGION = re.compile(r"\b(" + "|".join(REGIONS) + r")\b")
_BODY = re.compile(r"\bby (?:the )?(" + "|".join(BODY_REGIONS) + r")\b")


@dataclass(frozen=True, slots=True)
class RegulatoryStep:
    kind: str | None
    region: str | None
    body: str | None


def regulatory_step(statement: str) -> RegulatoryStep:
    """Kind, region and named body of a regulatory-status line (``… EU approval by CHMP``)."""
    kind = next((name for name, pattern in STEP_KINDS if pattern.search(statement)), None)
    body_match = _BODY.search(statement)
    body = body_match.group(1) if body_match else None
    region_match = _REGION.search(statement)
    region = REGIONS[region_match.group(1)] if region_match else BODY_REGIONS.get(body or "")
    return RegulatoryStep(kind, region, body)


# --- biomarker thresholds ----------------------------------------------------------------

COMPARATORS = {
    "at least": ">=", "≥": ">=", ">=": ">=", "greater than or equal to": ">=",
    "more than": ">", "greater than": ">", "above": ">", ">": ">",
    "at most": "<=", "≤": "<=", "<=": "<=", "less than": "<", "below": "<", "<": "<",
}
_CRITERION = re.compile(
    r"(?<![\w-])(?P<biomarker>[A-Za-z][\w-]*)\s*\((?P<name>[^()]{4,})\)\s*"
    r"(?:(?:blood |plasma |serum )?levels? )?(?:of )?(?P<comparator>" + "|".join(map(re.escape, COMPARATORS)) + r")\s*"
    rf"(?P<value>{NUMBER})\s*(?P<unit>[a-zμ]+(?:\s*(?:per|/)\s*[a-zA-Z]+)?)")


def unit_code(unit: str) -> str:
    """``ng per ml`` -> ``ng/mL`` (UCUM case: litre is ``L``)."""
    parts = [part.strip() for part in re.split(r"\s*(?:per|/)\s*", unit)]
    return "/".join("L" if p.lower() == "l" else "mL" if p.lower() == "ml" else p for p in parts)


def biomarker_criteria(statement: str, origin: Origin) -> tuple[BiomarkerCriterion, ...]:
    """Thresholds like ``suPAR (soluble urokinase …) of at least 6 ng per ml``."""
    return tuple(
        BiomarkerCriterion(
            biomarker=m.group("biomarker"), biomarker_name=m.group("name").strip(),
            comparator=COMPARATORS[m.group("comparator")],
            threshold=Quantity(value, unit_code(m.group("unit"))), origin=origin,
        )
        for m in _CRITERION.finditer(statement)
        if (value := read_decimal(m.group("value"))) is not None
    )


# --- trial data --------------------------------------------------------------------------

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_PHASE = re.compile(r"\bP(?:hase\s*)?(?P<phase>IV|I{1,3}|[1-4])(?:/(?P<second>IV|I{1,3}|[1-4]))?\b")
_TRIAL_NAME = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*)\s+(?:(?:platform|pivotal|adaptive|core)\s+)?"
    r"(?:trial|study)\b")
NOT_TRIAL_NAMES = {"RCT", "PI", "PII", "PIII", "PIV", "WHO", "COVID", "COVID-19", "UK", "US", "EU"}
_NCT = re.compile(r"\bNCT[0-9]{8}\b")
_PARTICIPANTS = re.compile(r"\bn\s*=\s*(?P<n>[0-9][0-9,]*)")
_PLANNED = re.compile(
    r"(?<![\w,])(?P<n>[0-9][0-9,]*) "
    r"(?:adults|adult patients|patients|participants|subjects|people|children) "
    r"(?:will be|are to be|to be) (?:recruited|enrolled|randomi[sz]ed)"
    r"(?: in (?P<countries>[A-Z][a-z]+(?: [A-Z][a-z]+)*(?:(?:, | and )[A-Z][a-z]+(?: [A-Z][a-z]+)*)*))?")
_JOURNAL = re.compile(r"\bpublished (?:online )?in (?:the )?(?P<journal>(?:The )?[A-Z][\w&-]*"
                      r"(?: (?:of |and |& )?[A-Z][\w&-]*)*)")
MEASURES = {"odds ratio": "odds ratio", "hazard ratio": "hazard ratio", "rate ratio": "rate ratio",
            "risk ratio": "risk ratio", "relative risk": "risk ratio", "odds": "odds ratio"}
_MEASURE = re.compile(r"\b(?P<measure>(?a:" + "|".join(MEASURES) + r"))\b", re.I)  # (?a:…): as _DURATION
_VALUE = re.compile(
    rf"(?:^|(?<![pP])(?<![pP]\s)=|\bwas|\bwere|\bis|\bof|:|\()\s*(?P<value>{_RATIO})(?![\w%-])")
_ABBREVIATION = re.compile(r"^\s*\([A-Za-z]{1,4}\)")
_SENTENCE_END = re.compile(r"\.\s+[A-Z]")
_INTERVAL = re.compile(
    rf"^\W*(?P<level>[0-9]{{2}})\s*%\s*CI\W*(?P<low>{_RATIO})\s*(?:to|–|-|,)\s*(?P<high>{_RATIO})")
_P_VALUE = re.compile(rf"^[^()]*?\bp\s*(?P<comparator>=|<|≤|<=)\s*(?P<value>{_RATIO})", re.I)


def effect_sizes(statement: str) -> tuple[EffectSize, ...]:
    """Each ratio stated with its value, and its 95% CI and p-value when they follow it."""
    found = []
    for measure in _MEASURE.finditer(statement):
        window = statement[measure.end():measure.end() + 300]
        end = _SENTENCE_END.search(window)
        window = window[: end.start()] if end else window
        window = _ABBREVIATION.sub("", window)  # "hazard ratio (HR) 0.70"
        value = _VALUE.search(window)
        estimate = read_decimal(value.group("value")) if value else None
        if value is None or estimate is None:
            continue
        rest = window[value.end():]
        interval = _INTERVAL.match(rest)
        p_value = _P_VALUE.match(rest[interval.end():] if interval else rest)
        p_number = read_decimal(p_value.group("value")) if p_value else None
        found.append(EffectSize(
            measure=MEASURES[measure.group("measure").lower()],
            value=estimate,
            ci_level=read_integer(interval.group("level")) if interval else None,
            ci_low=read_decimal(interval.group("low")) if interval else None,
            ci_high=read_decimal(interval.group("high")) if interval else None,
            p_comparator=p_value.group("comparator").replace("<=", "≤")
            if p_value and p_number is not None else None,
            p_value=p_number,
        ))
    return tuple(found)


def trial_update(date: YearMonth, statement: str, origin: Origin) -> TrialUpdate:
    """One dated trial-data entry with the trial it names and the numbers it reports."""
    phase = _PHASE.search(statement)
    names = [m.group("name") for m in _TRIAL_NAME.finditer(statement)
             if m.group("name") not in NOT_TRIAL_NAMES]
    nct = _NCT.search(statement)
    participants = _PARTICIPANTS.search(statement)
    planned = _PLANNED.search(statement)
    journal = _JOURNAL.search(statement)
    countries = planned.group("countries") if planned and planned.group("countries") else ""
    return TrialUpdate(
        date=date, text=statement, phase=_phase_label(phase) if phase else None,
        trial_name=names[0] if names else None, nct_id=nct.group(0) if nct else None,
        participants=read_integer(participants.group("n").replace(",", "")) if participants else None,
        planned_enrollment=read_integer(planned.group("n").replace(",", "")) if planned else None,
        countries=tuple(re.split(r", | and ", countries)) if countries else (),
        effect_sizes=effect_sizes(statement),
        journal=journal.group("journal") if journal else None, origin=origin,
    )


def _phase_label(match: re.Match[str]) -> str:
    phases = [match.group("phase"), match.group("second")]
    return "/".join(f"Phase {ROMAN.get(p, p)}" for p in phases if p)


def name_trials(updates: tuple[TrialUpdate, ...]) -> tuple[TrialUpdate, ...]:
    """Entries naming a trial (``SAVE-MORE``) without its registry id take the id another
    entry of the same page gives that name."""
    ids = {u.trial_name: u.nct_id for u in updates if u.trial_name and u.nct_id}
    return tuple(
        dataclasses.replace(u, nct_id=ids[u.trial_name])
        if u.nct_id is None and u.trial_name in ids else u
        for u in updates
    )


# --- medicines Q&A -----------------------------------------------------------------------

_SHAPE_START = re.compile(r"use of |using ")
_SHAPE = re.compile(
    r"(?:use of |using )(?P<candidates>.+?) as (?P<line>first|second|third|fourth)[- ]line "
    r"(?:therapy|therapies|treatments?|options?)\s*\(after (?:failure of|failing) "
    r"(?P<prior>[^)]+)\)")
_CONDITION = re.compile(
    r"\b(?:for|in) (?P<condition>[A-Z][^()]*?(?: \([A-Z0-9-]+\))?)"
    r"(?: (?P<context>(?:following|after|due to|caused by|associated with|secondary to) .+))?$")
_CONDITION_START = re.compile(r"\b(?:for|in) [A-Z]")
_BRACKET = re.compile(r"[()]")
_LIST = re.compile(r",\s*(?:or |and )?|(?<!\s)\s+(?:or|and)\s+")


@dataclass(frozen=True, slots=True)
class QuestionShape:
    candidates: tuple[str, ...] = ()
    after_failure_of: tuple[str, ...] = ()
    therapy_line: str | None = None
    condition: str | None = None
    condition_context: str | None = None


def question_shape(title: str) -> QuestionShape:
    """Which drugs a Q&A weighs, at which line of therapy, after what, for which condition."""
    shape = _shape(title)
    tail = title[shape.end():] if shape else title
    condition = _condition(tail)
    return QuestionShape(
        candidates=tuple(_LIST.split(shape.group("candidates"))) if shape else (),
        after_failure_of=tuple(_LIST.split(shape.group("prior"))) if shape else (),
        therapy_line=f"{shape.group('line')}-line" if shape else None,
        condition=_sentence_case(condition.group("condition")) if condition else None,
        condition_context=condition.group("context") if condition else None,
    )


def _shape(title: str) -> re.Match[str] | None:
    """``_SHAPE.search``, in linear time: tried from the first 'use of' only (where it fails,
    any later start fails too), on the title up to its last ')' (so the lazy candidates
    reach a closing bracket at the first 'as second line therapy (after failing')."""
    start = _SHAPE_START.search(title)
    return _SHAPE.match(title[:title.rfind(")") + 1], start.start()) if start else None


def _condition(tail: str) -> re.Match[str] | None:
    """``_CONDITION.search``, in linear time: where it fails at a 'for'/'in', it fails at every
    later one before the next bracket (the condition cannot cross one), so it resumes there."""
    position = 0
    while (start := _CONDITION_START.search(tail, position)) is not None:
        match = _CONDITION.match(tail, start.start())
        bracket = None if match else _BRACKET.search(tail, start.end())
        if bracket is None:
            return match
        position = bracket.end()
    return None


def _sentence_case(name: str) -> str:
    """``Cytokine Release Syndrome`` -> ``Cytokine release syndrome``; acronyms stay."""
    words = name.split()
    return " ".join([words[0]] + [w if w.isupper() or any(c.isdigit() for c in w) else w.lower()
                                  for w in words[1:]])
