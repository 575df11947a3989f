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

import bisect
import re
from decimal import Decimal

from kg.records import DoseStep, DosingRegimen
from kg.sources.numerals import INTEGER, NUMBER, read_decimal, read_integer

ROUTES = {
    "subcutaneous": re.compile(r"subcutaneous(?:ly)?|\bs\.?c\.?(?=[\s,;.)]|$)", re.I),
    "intravenous": re.compile(
        r"intravenous(?:ly)?(?!\s+immunoglobulin)|\bi\.?v\.?(?=[\s,;.)\]]|$)", re.I),
    "oral": re.compile(r"\borally\b|\boral\b|\bby mouth\b", re.I),
}
# from where a run of digits starts: tried inside the run, it would cross the rest each time
AMOUNT = re.compile(
    rf"(?<![0-9])(?P<low>{NUMBER})(?:\s*(?:-|–|to|or)\s*(?P<high>{NUMBER}))?\s*(?P<unit>mg/kg|mg|g)\b")
_TIMES = {"once": 1, "twice": 2, "two times": 2, "three times": 3, "four times": 4}
FREQUENCIES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(rf"every\s+(?P<hours>{NUMBER})\s*(?:h|hrs?|hours?)\b", re.I), None),
    (re.compile(rf"/\s*(?P<hours>{NUMBER})\s*h\b", re.I), None),
    (re.compile(r"\b(?:once|twice) to (?:twice|three times)(?: a day| daily| per day)", re.I), ""),
    # (?a:…): matched case-insensitively but looked up by its lower case, so ASCII letters only
    # ('ı' and 'İ' would match 'i', 'ſ' would match 's')
    (re.compile(r"\b(?P<times>(?a:once|twice|two times|three times|four times))"
                r"(?: (?:a|per) day| daily| on day)", re.I), None),
    (re.compile(r"\bin two doses\b", re.I), "twice daily"),
    (re.compile(r"\bsingle dose\b", re.I), "single dose"),
    (re.compile(r"\bloading dose\b", re.I), "loading dose"),
    (re.compile(r"\bdaily\b|\b(?:a|per) day\b", re.I), "once daily"),
)
_DAYS = re.compile(
    rf"(?<!until )\b(?:on )?days? (?P<first>{INTEGER}|one)(?:\s*(?:-|–|to|and)\s*(?P<last>{INTEGER}))?",
    re.I)
_UNTIL_DAY = re.compile(rf"\buntil day (?P<last>{INTEGER})", re.I)
_DURATION = re.compile(
    rf"\b(?:for|over|up to|maximum of|duration of)\s+(?:up to |at least |a maximum of )?"
    rf"(?:{NUMBER}\s*(?:-|–|to)\s*)?(?P<days>{INTEGER})\s*days?\b", re.I)
_PHASE_BREAK = re.compile(r";|\.\s+|\bthen\b|\bfollowed by\b|\bafterwards\b,?", re.I)
_OR = re.compile(r"\s(?:or)\s")
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
    """Split at an ``or`` that stands between two amounts (one cohort's dose, or another's):
    an amount since the last split before it, one after it with no phase break between, and
    not inside a range (``5 or 6 mg/kg``). Amounts and breaks are found once, then looked up
    by position, so each ``or`` costs the same however long the text."""
    amounts = [match.span() for match in AMOUNT.finditer(text)]
    starts, ends = [start for start, _ in amounts], [end for _, end in amounts]
    breaks = [match.span() for match in _PHASE_BREAK.finditer(text)]
    break_starts = [start for start, _ in breaks]
    pieces, start = [], 0
    for match in _OR.finditer(text):
        ended = bisect.bisect_right(ends, match.start())  # amounts[:ended] end before the "or"
        before = ended > 0 and amounts[ended - 1][0] >= start
        inside = ended < len(amounts) and amounts[ended][0] < match.start()
        after = bisect.bisect_left(starts, match.end())
        broken = bisect.bisect_left(break_starts, match.end())
        if before and not inside and after < len(amounts) \
                and not (broken < len(breaks) and breaks[broken][1] <= amounts[after][0]):
            pieces.append(text[start:match.start()])
            start = match.end()
    return [*pieces, text[start:]]


def _steps(text: str) -> tuple[DoseStep, ...]:
    """One step per phase, read with the words that only add to it (its duration, a total)."""
    pieces = [piece.strip(" ,;.") for part in _PHASE_BREAK.split(text) for piece in _comma_phases(part)]
    phases: list[list[str]] = []
    for piece in filter(None, pieces):
        if not _ADDS_TO_PHASE.match(piece) \
                and (_amount(piece) is not None or _frequency(piece)[0] is not None):
            phases.append([piece])
        elif phases:
            phases[-1].append(piece)
    steps: list[DoseStep] = []
    for phase in phases:
        steps.append(_step(phase, steps[-1] if steps else None))
    return tuple(steps)


def _comma_phases(text: str) -> list[str]:
    """A comma starts a phase when a new amount or frequency follows it."""
    return re.split(rf",\s*(?:and\s+)?(?=(?:{NUMBER}\s*(?:mg|g)\b|every\b|once\b|twice\b))", text)


def _step(phase: list[str], previous: DoseStep | None) -> DoseStep:
    """A phase's amount and frequency are its first words'; a phase without an amount keeps
    the one before, and one without a route the route before or one its other words name."""
    text = "; ".join(phase)
    amount = _amount(phase[0])
    frequency, per_day = _frequency(phase[0])
    first, last = _days(text)
    routes = routes_in(phase[0]) or (previous.routes if previous else ())
    for words in phase[1:]:
        routes = routes or routes_in(words)
    low, high, unit = amount if amount is not None else (
        (previous.amount, previous.amount_max, previous.unit) if previous else (None, None, None))
    return DoseStep(text=text, amount=low, amount_max=high, unit=unit, routes=routes,
                    frequency=frequency, doses_per_day=per_day, first_day=first, last_day=last,
                    duration_days=_duration(text, first, last))


def _amount(text: str) -> tuple[Decimal, Decimal | None, str] | None:
    """The first amount: its dose, the top of its range, its unit."""
    match = AMOUNT.search(text)
    low = read_decimal(match.group("low")) if match else None
    if match is None or low is None:
        return None
    high = read_decimal(match.group("high")) if match.group("high") else None
    return low, high, match.group("unit")


def _frequency(text: str) -> tuple[str | None, Decimal | None]:
    for pattern, label in FREQUENCIES:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("hours"):
            hours = read_decimal(groups["hours"])  # every 0 hours, or too many digits: not a rate
            return f"every {groups['hours']} hours", (Decimal(24) / hours).normalize() if hours else None
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
    if match is None:
        return None, None
    first = 1 if match.group("first").lower() == "one" else read_integer(match.group("first"))
    last = read_integer(match.group("last")) if match.group("last") else first
    until = _UNTIL_DAY.search(text)
    if until:
        last = read_integer(until.group("last"))
    return (first, last) if first is not None and last is not None else (None, None)


def _duration(text: str, first: int | None, last: int | None) -> int | None:
    match = _DURATION.search(text)
    days = read_integer(match.group("days")) if match else None
    if days is not None:
        return days
    if first is not None and last is not None:
        return last - first + 1
    return None
