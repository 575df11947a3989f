"""Read dosing text into regimens and their phases, with doses a researcher can compare.

``Dosage: subcutaneously 100 mg twice daily on days 1-3, 100 mg daily on days 4-10``
is one regimen of two phases; ``100 mg subcutaneously four times a day (non-ICU) or
200 mg IV three times a day (ICU)`` two regimens (an ``or`` between two amounts); in ``5 or
10 mg/kg or 400 mg daily for 10 to 26 days`` the bare first amount shares the words after
the second (``daily for 10 to 26 days``).
A phase starts at ``;``, ``then``, ``followed by``, ``afterwards``, a sentence, or a comma
or ``and`` before a new amount or frequency; words that only add to a phase (``total of 9
doses over 12 days``, ``Up to 7 days``) stay with the phase before. A phase with a
frequency but no amount (``every 8 hours on days 11–14``) keeps the amount before it,
and a phase with no route keeps the route before it. Every phase keeps its words.

An amount is per administration unless its words make it a total a day: ``daily``, ``a
day``, ``per day`` or ``/day`` after it (not ``once``/``twice``/``N times`` a day),
``daily dose of`` before it, ``in two doses`` or ``in divided doses`` after it. A daily
total stays one: no per-dose amount is made up from it. The amount a day is the stated
total, or the per-dose amount times the doses a day when the words state both.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from decimal import Decimal

from kg.records import DoseStep, DoseUnit, DosingRegimen
from kg.sources.numerals import INTEGER, NUMBER, read_decimal, read_integer

ROUTES = {
    "subcutaneous": re.compile(r"subcutaneous(?:ly)?|\bs\.?c\.?(?=[\s,;.)]|$)", re.I),
    "intravenous": re.compile(
        r"intravenous(?:ly)?(?!\s+immunoglobulin)|\bi\.?v\.?(?=[\s,;.)\]]|$)", re.I),
    "intramuscular": re.compile(r"intramuscular(?:ly)?", re.I),
    "oral": re.compile(r"\borally\b|\boral\b|\bby mouth\b", re.I),
}
"""The one name of each route, and the words that name it (``SC``, ``s.c.``,
``subcutaneously``, ``Subcutaneous injection`` are all ``subcutaneous``)."""
# from where a run of digits starts: tried inside the run, it would cross the rest each time
AMOUNT = re.compile(
    rf"(?<![0-9])(?P<low>{NUMBER})(?:\s*(?:-|–|to|or)\s*(?P<high>{NUMBER}))?\s*"
    r"(?P<unit>mg/kg|mg/m2|mg/m²|mg|g)\b(?P<per_day>\s*/\s*(?:day|d)\b)?")
UNITS: dict[str, DoseUnit] = {"mg/kg": "mg/kg", "mg/m2": "mg/m2", "mg/m²": "mg/m2", "mg": "mg", "g": "g"}
_TIMES = {"once": 1, "twice": 2, "two times": 2, "three times": 3, "four times": 4,
          **{f"{count} times": count for count in range(1, 7)}}
_IN_DOSES = {"two": 2, "three": 3, "four": 4}
_EVERY_HOURS = re.compile(rf"every\s+(?P<hours>{NUMBER})\s*(?:h|hrs?|hours?)\b", re.I)
FREQUENCIES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (_EVERY_HOURS, None),
    (re.compile(rf"/\s*(?P<hours>{NUMBER})\s*h\b", re.I), None),
    (re.compile(rf"\bq\s*(?P<hours>{INTEGER})\s*h\b", re.I), None),
    (re.compile(r"\b(?:once|twice) to (?:twice|three times)(?: a day| daily| per day)", re.I), ""),
    # (?a:…): matched case-insensitively but looked up by its lower case, so ASCII letters only
    # ('ı' and 'İ' would match 'i', 'ſ' would match 's')
    (re.compile(r"\b(?P<up_to>up to )?(?P<times>(?a:once|twice|two times|three times|four times|[1-6] times))"
                r"(?: (?:a|per) day| daily| on day)", re.I), None),
    (re.compile(r"\b(?P<abbreviation>(?a:b\.?i\.?d|t\.?i\.?d|q\.?i\.?d))\b\.?", re.I), None),
    (re.compile(r"\bin (?P<in_doses>(?a:two|three|four)) doses\b", re.I), None),
    (re.compile(r"\bin divided doses\b", re.I), "in divided doses"),
    (re.compile(r"\bsingle dose\b", re.I), "single dose"),
    (re.compile(r"\bloading dose\b", re.I), "loading dose"),
    (re.compile(r"\bdaily\b|\b(?:a|per) day\b", re.I), "daily"),
)
_ABBREVIATIONS = {"bid": ("twice daily", 2), "tid": ("three times daily", 3), "qid": ("four times daily", 4)}
# a total a day: after the amount (not "once a day", "twice daily", "three times a day") ...
_DAILY_AFTER = re.compile(
    r"(?<!once )(?<!twice )(?<!times )\b(?:daily|(?:a|per) day)\b(?! dose)"
    r"|\bin (?:two|three|four|divided) doses\b", re.I)
# ... or before it
_DAILY_BEFORE = re.compile(r"\bdaily dose\b", re.I)
_DAYS = re.compile(
    rf"(?<!until )\b(?:on )?days? (?P<first>{INTEGER}|one)(?:\s*(?:-|–|to|and)\s*(?P<last>{INTEGER}))?",
    re.I)
_UNTIL_DAY = re.compile(rf"\buntil day (?P<last>{INTEGER})", re.I)
_DURATION = re.compile(
    rf"\b(?:for|over|during|up to|maximum of|duration of)\s+(?:up to |at least |a maximum of )?"
    rf"(?:{NUMBER}\s*(?:-|–|to)\s*)?(?:(?P<days>{INTEGER})\s*days?|(?P<hours>{INTEGER})\s*(?:h|hours?))\b",
    re.I)
_PHASE_BREAK = re.compile(r";|\.\s+|\b(?:and )?then\b|\bfollowed by\b|\bafterwards\b,?", re.I)
_OR = re.compile(r"\s(?:or)\s")
_ADDS_TO_PHASE = re.compile(r"^\W*(?:up to|a mean total|mean total|total|maximum|median duration|with)\b", re.I)
# ``every 8 hours (60–75 kg), or every 6 hours (>75 kg)``: one phase's alternative frequencies
_OR_EVERY = re.compile(r"\bor\s+every\b", re.I)
_COMMA_PHASE = re.compile(
    rf",\s*(?:and\s+)?(?=(?:{NUMBER}\s*(?:mg|g)\b|every\b|once\b|twice\b))"
    rf"|(?<![0-9])\s+and\s+(?={NUMBER}\s*(?:mg|g)\b)", re.I)
WEIGHT_SIZED = Decimal(10)
"""The largest amount in mg that, in children or adolescents, reads as a per-kg dose: the
weight-based doses the seed page gives children go up to 10 mg/kg, and no fixed dose of the
page is below 100 mg."""


def read_regimens(text: str) -> tuple[DosingRegimen, ...]:
    """The regimens a dosing text describes; none when it names no amount or frequency."""
    alternatives = _alternatives(text)
    regimens = []
    for index, alternative in enumerate(alternatives):
        words = alternative.strip(" ,;.")
        steps = _steps(alternative)
        if steps and AMOUNT.fullmatch(words) and index + 1 < len(alternatives):
            steps = _shared_tail(words, alternatives[index + 1]) or steps
        if steps:
            regimens.append(DosingRegimen(words, steps))
    return tuple(regimens)


def routes_in(text: str) -> tuple[str, ...]:
    """Routes of administration the words name, in the order of ``ROUTES``."""
    return tuple(route for route, pattern in ROUTES.items() if pattern.search(text))


def canonical_route(words: str) -> str | None:
    """The one route a route's name means (``Subcutaneous injection`` -> ``subcutaneous``);
    None when the words name none or several."""
    routes = routes_in(words)
    return routes[0] if len(routes) == 1 else None


def questionable_units(regimens: tuple[DosingRegimen, ...], population: str
                       ) -> tuple[DosingRegimen, ...]:
    """In children or adolescents (``population``), a dose in mg no bigger than
    ``WEIGHT_SIZED`` is most likely mg/kg: each such step keeps its unit as written and gets
    a note saying why (``dk:doseUnitQuestionable``, shown by the dose queries)."""
    return tuple(dataclasses.replace(regimen, steps=tuple(
        dataclasses.replace(step, unit_note=note) if (note := _unit_note(step, population)) else step
        for step in regimen.steps)) for regimen in regimens)


def _unit_note(step: DoseStep, population: str) -> str | None:
    sizes = [size for size in (step.amount, step.amount_max, step.daily_amount, step.daily_amount_max)
             if size is not None]
    if step.unit != "mg" or not sizes or max(sizes) > WEIGHT_SIZED:
        return None
    return (f"{_number(max(sizes))} mg in {population} is the size of a weight-based dose: "
            "mg/kg is likely; kept as written")


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


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


def _shared_tail(amount: str, following: str) -> tuple[DoseStep, ...] | None:
    """A bare amount before ``or`` shares what follows the next amount when that is one
    phase (``2–4 mg/kg or 5–8 mg/kg daily for 10 days``: daily, for 10 days); its step
    keeps its own words."""
    match = AMOUNT.search(following)
    tail = following[match.end():] if match else ""
    if not tail.strip() or _PHASE_BREAK.search(tail) or _COMMA_PHASE.search(tail):
        return None
    (step, *more) = _steps(amount + tail)
    return None if more else (dataclasses.replace(step, text=amount),)


def _steps(text: str) -> tuple[DoseStep, ...]:
    """One step per phase, read with the words that only add to it (its duration, a total)."""
    pieces = [piece.strip(" ,;.") for part in _PHASE_BREAK.split(text) for piece in _comma_phases(part)]
    phases: list[list[str]] = []
    for piece in filter(None, pieces):
        if not _ADDS_TO_PHASE.match(piece) \
                and (_amount(piece) is not None or _frequency(piece).label is not None):
            phases.append([piece])
        elif phases:
            phases[-1].append(piece)
    steps: list[DoseStep] = []
    for phase in phases:
        steps.append(_step(phase, steps[-1] if steps else None))
    return tuple(steps)


def _comma_phases(text: str) -> list[str]:
    """A comma (or an ``and``) starts a phase when a new amount or frequency follows it,
    except a frequency that is one of a list of alternatives (``every 12 hours (50–60 kg),
    every 8 hours (60–75 kg), or every 6 hours (>75 kg)``)."""
    pieces: list[str] = []
    for piece in _COMMA_PHASE.split(text):
        if pieces and _OR_EVERY.search(piece) and _EVERY_HOURS.match(piece.lstrip()):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.append(piece)
    return pieces


@dataclasses.dataclass(frozen=True, slots=True)
class _Amount:
    low: Decimal
    high: Decimal | None
    unit: DoseUnit
    per_day: bool


@dataclasses.dataclass(frozen=True, slots=True)
class _Frequency:
    label: str | None
    per_day: Decimal | None = None
    per_day_max: Decimal | None = None


def _step(phase: list[str], previous: DoseStep | None) -> DoseStep:
    """A phase's amount and frequency are its first words'; a phase without an amount keeps
    the one before (per dose or a day, as it was), and one without a route the route before
    or one its other words name."""
    text = "; ".join(phase)
    amount = _amount(phase[0]) or _previous_amount(previous)
    frequency = _frequency(phase[0])
    first, last = _days(text)
    routes = routes_in(phase[0]) or (previous.routes if previous else ())
    for words in phase[1:]:
        routes = routes or routes_in(words)
    per_dose = amount is not None and not amount.per_day
    daily, daily_max = _daily(amount, frequency)
    return DoseStep(text=text, amount=amount.low if amount and per_dose else None,
                    amount_max=amount.high if amount and per_dose else None,
                    unit=amount.unit if amount else None, routes=routes,
                    frequency=frequency.label, doses_per_day=frequency.per_day,
                    first_day=first, last_day=last, duration_days=_duration(text, first, last),
                    daily_amount=daily, daily_amount_max=daily_max,
                    doses_per_day_max=frequency.per_day_max)


def _previous_amount(previous: DoseStep | None) -> _Amount | None:
    if previous is None or previous.unit is None:
        return None
    if previous.amount is not None:
        return _Amount(previous.amount, previous.amount_max, previous.unit, per_day=False)
    if previous.daily_amount is not None:
        return _Amount(previous.daily_amount, previous.daily_amount_max, previous.unit, per_day=True)
    return None


def _daily(amount: _Amount | None, frequency: _Frequency) -> tuple[Decimal | None, Decimal | None]:
    """The amount a day and the top of its range: as stated, or per dose times doses a day."""
    if amount is None:
        return None, None
    if amount.per_day:
        return amount.low, amount.high
    if frequency.per_day is None:
        return None, None
    low = _product(amount.low, frequency.per_day)
    high = _product(amount.high or amount.low, frequency.per_day_max or frequency.per_day)
    return low, (high if high != low else None)


def _product(amount: Decimal, per_day: Decimal) -> Decimal:
    """To the hundredth of a unit at most (100 mg every 7 hours is 342.86 mg a day); a
    product too large to carry hundredths (a damaged page's digits) is kept as it is."""
    product = amount * per_day
    exponent = product.as_tuple().exponent
    if (isinstance(exponent, int) and exponent >= -2) or product.adjusted() > 20:
        return product
    return product.quantize(Decimal("0.01"))


def _amount(text: str) -> _Amount | None:
    """The first amount: its dose, the top of its range, its unit, and whether the words
    make it a total a day (see the module's description)."""
    match = AMOUNT.search(text)
    low = read_decimal(match.group("low")) if match else None
    if match is None or low is None:
        return None
    high = read_decimal(match.group("high")) if match.group("high") else None
    following = AMOUNT.search(text, match.end())
    after = text[match.end():following.start() if following else len(text)]
    per_day = bool(match.group("per_day") or _DAILY_AFTER.search(after)
                   or _DAILY_BEFORE.search(text, 0, match.start()))
    return _Amount(low, high, UNITS[match.group("unit")], per_day)


def _frequency(text: str) -> _Frequency:
    """How often, and the doses a day it fixes (a range for ``once to twice daily``, ``up to
    twice daily`` and alternatives like ``every 12, 8 or 6 hours``)."""
    for pattern, label in FREQUENCIES:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("hours"):
            return _every(text, pattern, match)
        if groups.get("times"):
            count = _TIMES[groups["times"].lower()]
            if groups.get("up_to"):
                return _Frequency(f"up to {_times_daily(count)}", Decimal(1), Decimal(count) if count > 1 else None)
            return _Frequency(_times_daily(count), Decimal(count))
        if groups.get("abbreviation"):
            name, count = _ABBREVIATIONS[groups["abbreviation"].lower().replace(".", "")]
            return _Frequency(name, Decimal(count))
        if groups.get("in_doses"):
            count = _IN_DOSES[groups["in_doses"].lower()]
            return _Frequency(_times_daily(count), Decimal(count))
        if label == "":  # once to twice, twice to three times
            words = match.group(0).lower()
            fewest, most = (Decimal(1) if part.startswith("once") else Decimal(2) if part.startswith("twice")
                            else Decimal(3) for part in words.split(" to "))
            return _Frequency(words, fewest, most)
        return _Frequency(label, Decimal(1) if label == "single dose" else None)
    return _Frequency(None)


def _times_daily(count: int) -> str:
    """The one name of N doses a day: ``twice daily`` for ``two times a day`` and ``2 times daily``."""
    return {1: "once daily", 2: "twice daily", 3: "three times daily", 4: "four times daily"}.get(
        count, f"{count} times daily")


def _every(text: str, pattern: re.Pattern[str], match: re.Match[str]) -> _Frequency:
    """``every 6 hours`` = 4 a day; ``every 12 hours ..., every 8 hours ..., or every 6
    hours`` = 2 to 4 a day; every 0 hours (or too many digits) is a frequency with no rate."""
    found = [match]
    if _OR_EVERY.search(text, match.end()):
        found = list(pattern.finditer(text))
    hours = [read_decimal(each.group("hours")) for each in found]
    words = [each.group("hours") for each in found]
    label = f"every {', '.join(words[:-1])} or {words[-1]} hours" if len(words) > 1 else f"every {words[0]} hours"
    if not all(hours):
        return _Frequency(label)
    rates = sorted((Decimal(24) / value).normalize() for value in hours if value)
    return _Frequency(label, rates[0], rates[-1] if rates[-1] != rates[0] else None)


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
    """As stated (``for 7 days``; ``for 24 h`` and ``during 24–48 hours`` in whole days), else
    the span of its days."""
    match = _DURATION.search(text)
    days = read_integer(match.group("days")) if match and match.group("days") else None
    hours = read_integer(match.group("hours")) if match and match.group("hours") else None
    if days is None and hours and hours % 24 == 0:
        days = hours // 24
    if days is not None:
        return days
    if first is not None and last is not None:
        return last - first + 1
    return None
