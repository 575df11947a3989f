"""Read dosing text into regimens and their phases.

``Dosage: subcutaneously 100 mg twice daily on days 1-3, 100 mg daily on days 4-10``
is one regimen of two phases; ``100 mg subcutaneously four times a day (non-ICU) or
200 mg IV three times a day (ICU)`` two regimens (an ``or`` between two amounts).
A phase starts at ``;``, ``then``, ``followed by``, ``afterwards``, a sentence or a
comma before a new amount or frequency; words that only add to a phase (``total of 9
doses over 12 days``, ``Up to 7 days``) stay with the phase before. A phase with a
frequency but no amount (``every 8 hours on days 11–14``) keeps the amount before it,
and a phase with no route keeps the route before it. Every phase keeps its words.
"""
from __future__ import annotations

import re
from decimal import Decimal

from kg.records import DoseStep, DosingRegimen

ROUTES = {
    "subcutaneous": re.compile(r"subcutaneous(?:ly)?|\bs\.?c\.?(?=[\s,;.)]|$)", re.I),
    "intravenous": re.compile(
        r"intravenous(?:ly)?(?!\s+immunoglobulin)|\bi\.?v\.?(?=[\s,;.)\]]|$)", re.I),
    "oral": re.compile(r"\borally\b|\boral\b|\bby mouth\b", re.I),
}
_NUMBER = r"\d+(?:\.\d+)?"
AMOUNT = re.compile(
    rf"(?P<low>{_NUMBER})(?:\s*(?:-|–|to|or)\s*(?P<high>{_NUMBER}))?\s*(?P<unit>mg/kg|mg|g)\b")
_TIMES = {"once": 1, "twice": 2, "two times": 2, "three times": 3, "four times": 4}
FREQUENCIES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(rf"every\s+(?P<hours>{_NUMBER})\s*(?:h|hrs?|hours?)\b", re.I), None),
    (re.compile(rf"/\s*(?P<hours>{_NUMBER})\s*h\b", re.I), None),
    (re.compile(r"\b(?:once|twice) to (?:twice|three times)(?: a day| daily| per day)", re.I), ""),
    (re.compile(r"\b(?P<times>once|twice|two times|three times|four times)"
                r"(?: (?:a|per) day| daily| on day)", re.I), None),
    (re.compile(r"\bin two doses\b", re.I), "twice daily"),
    (re.compile(r"\bsingle dose\b", re.I), "single dose"),
    (re.compile(r"\bloading dose\b", re.I), "loading dose"),
    (re.compile(r"\bdaily\b|\b(?:a|per) day\b", re.I), "once daily"),
)
_DAYS = re.compile(r"(?<!until )\b(?:on )?days? (?P<first>\d+|one)(?:\s*(?:-|–|to|and)\s*(?P<last>\d+))?", re.I)
_UNTIL_DAY = re.compile(r"\buntil day (?P<last>\d+)", re.I)
_DURATION = re.compile(
    rf"\b(?:for|over|up to|maximum of|duration of)\s+(?:up to |at least |a maximum of )?"
    rf"(?:{_NUMBER}\s*(?:-|–|to)\s*)?(?P<days>\d+)\s*days?\b", re.I)
_PHASE_BREAK = re.compile(r";|\.\s+|\bthen\b|\bfollowed by\b|\bafterwards\b,?", re.I)
_ADDS_TO_PHASE = re.compile(r"^\W*(?:up to|a mean total|mean total|total|maximum|median duration|with)\b", re.I)


def read_regimens(text: str) -> tuple[DosingRegimen, ...]:
    """The regimens a dosing text describes; none when it names no amount or frequency."""
    regimens = []
    for alternative in _alternatives(text):
        steps = _steps(alternative)
        if steps:
            regimens.append(DosingRegimen(alternative.strip(" ,;."), steps))
    return tuple(regimens)


def routes_in(text: str) -> tuple[str, ...]:
    """Routes of administration the words name, in the order of ``ROUTES``."""
    return tuple(route for route, pattern in ROUTES.items() if pattern.search(text))


def _alternatives(text: str) -> list[str]:
    """Split at an ``or`` that stands between two amounts (one cohort's dose, or another's)."""
    amounts = [match.span() for match in AMOUNT.finditer(text)]
    pieces, start = [], 0
    for match in re.finditer(r"\s(?:or)\s", text):
        before = [span for span in amounts if start <= span[0] and span[1] <= match.start()]
        after = [span for span in amounts if span[0] >= match.end()]
        inside = any(first < match.start() < end for first, end in amounts)
        if before and after and not inside and not _PHASE_BREAK.search(text[match.end():after[0][0]]):
            pieces.append(text[start:match.start()])
            start = match.end()
    return [*pieces, text[start:]]


def _steps(text: str) -> tuple[DoseStep, ...]:
    pieces = [piece for part in _PHASE_BREAK.split(text) for piece in _comma_phases(part)]
    steps: list[DoseStep] = []
    for piece in (piece.strip(" ,;.") for piece in pieces):
        if not piece:
            continue
        step = _step(piece, steps[-1] if steps else None)
        if step is None and steps:
            steps[-1] = _extended(steps[-1], piece)
        elif step is not None:
            steps.append(step)
    return tuple(steps)


def _comma_phases(text: str) -> list[str]:
    """A comma starts a phase when a new amount or frequency follows it."""
    return re.split(rf",\s*(?:and\s+)?(?=(?:{_NUMBER}\s*(?:mg|g)\b|every\b|once\b|twice\b))", text)


def _step(text: str, previous: DoseStep | None) -> DoseStep | None:
    amount = AMOUNT.search(text)
    frequency, per_day = _frequency(text)
    if _ADDS_TO_PHASE.match(text) or (amount is None and frequency is None):
        return None
    first, last = _days(text)
    routes = routes_in(text) or (previous.routes if previous else ())
    if amount is None and previous is not None:
        low, high, unit = previous.amount, previous.amount_max, previous.unit
    elif amount is not None:
        low, unit = Decimal(amount.group("low")), amount.group("unit")
        high = Decimal(amount.group("high")) if amount.group("high") else None
    else:
        low = high = unit = None
    return DoseStep(text=text, amount=low, amount_max=high, unit=unit, routes=routes,
                    frequency=frequency, doses_per_day=per_day, first_day=first, last_day=last,
                    duration_days=_duration(text, first, last))


def _extended(step: DoseStep, words: str) -> DoseStep:
    """A phase with the words that only add to it (its duration, a total)."""
    text = f"{step.text}; {words}"
    first, last = _days(text)
    return DoseStep(text=text, amount=step.amount, amount_max=step.amount_max, unit=step.unit,
                    routes=step.routes or routes_in(words), frequency=step.frequency,
                    doses_per_day=step.doses_per_day, first_day=first, last_day=last,
                    duration_days=_duration(text, first, last))


def _frequency(text: str) -> tuple[str | None, Decimal | None]:
    for pattern, label in FREQUENCIES:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("hours"):
            hours = Decimal(groups["hours"])
            return f"every {groups['hours']} hours", (Decimal(24) / hours).normalize()
        if groups.get("times"):
            times = _TIMES[groups["times"].lower()]
            return f"{groups['times'].lower()} daily", Decimal(times)
        if label == "":
            return match.group(0).lower(), None
        per_day = {"once daily": Decimal(1), "twice daily": Decimal(2)}.get(label or "")
        return label, per_day
    return None, None


def _days(text: str) -> tuple[int | None, int | None]:
    match = _DAYS.search(text)
    if match:
        first = 1 if match.group("first").lower() == "one" else int(match.group("first"))
        last = int(match.group("last")) if match.group("last") else first
        until = _UNTIL_DAY.search(text)
        return first, int(until.group("last")) if until else last
    return None, None


def _duration(text: str, first: int | None, last: int | None) -> int | None:
    match = _DURATION.search(text)
    if match:
        return int(match.group("days"))
    if first is not None and last is not None:
        return last - first + 1
    return None
