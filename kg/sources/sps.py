"""Read UK Specialist Pharmacy Service (SPS) medicine pages into guidance records.

A file holds several SPS pages one after another (seed ``000_…txt``), each a text export
of one page type:

- a *medicines Q&A*: a title line, then its date glued to the summary
  (``10 May 2019CAR-T therapy often causes…``);
- ``Refrigerated Storage``: product glued to manufacturer, manufacturer, presentation,
  the excursion advice, a date and the issuing service;
- ``Lactation Safety Information``: substance (``Name - ABBR``), a verdict, summary
  points and a date;
- ``New Medicines``: ``<product> <indication>``, licence status, company, then
  ``Development and Regulatory status`` and ``Trial or other data`` as dated entries
  (``Dec 21Approved in the EU [6].``), newest first.

Numbers in the prose (temperatures, durations, thresholds, effect sizes) are read by
``guidance``; this module knows the layout.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from kg.lexicon import concept_key, drug_mentions
from kg.records import (
    Document, FieldLines, LactationGuidance, MedicinesQuestion, NewMedicine, Origin, Publisher,
    RegulatoryEvent, SourceWarning, SpsPage, StorageGuidance, TrialUpdate, YearMonth,
)
from kg.sources import dosing, guidance
from kg.sources.lines import Cursor, Text, read_text
from kg.sources.numerals import read_integer
from kg.sources.prose import split_at_dash, unread

FORMAT = "sps"
PUBLISHER = Publisher(
    "nhs-sps", "NHS Specialist Pharmacy Service", "https://www.sps.nhs.uk/",
)
STORAGE = "Refrigerated Storage"
LACTATION = "Lactation Safety Information"
NEW_MEDICINES = "New Medicines"
QUESTION = "Medicines Q&A"
PAGE_HEADINGS = (STORAGE, LACTATION, NEW_MEDICINES)
REGULATORY_STATUS = "Development and Regulatory status"
TRIAL_DATA = "Trial or other data"
FURTHER_INFORMATION = "Further information"
MONTHS = {name: number for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], 1)}

_FULL_DATE = r"(?P<day>[0-9]{1,2}) (?P<month>[A-Z][a-z]+) (?P<year>[0-9]{4})"
_DATE_LINE = re.compile(rf"^{_FULL_DATE}$")
_DATED_SUMMARY = re.compile(rf"^{_FULL_DATE} ?(?P<text>[A-Z(\"“].*)$")
_DATED_ENTRY = re.compile(r"^(?P<month>[A-Z][a-z]{2}) (?P<year>[0-9]{2}|[0-9]{4}) ?(?P<text>\S.*)$")
_ROUTE_WORDS = re.compile(
    r"\b(?:injection|infusion|oral|tablets?|capsules?|inhal\w*|subcutaneous|intravenous|"
    r"intramuscular|topical|nasal)\b", re.I)
_NOT_A_PRODUCT = re.compile(r"excursion|refrigerat|°", re.I)
# (?<!\s): a citation's leading spaces are matched from where their run starts, so a long
# run of spaces is crossed once, not once per space
_CITATION = re.compile(r"(?<!\s)\s*\[[0-9]+(?:[,–-]\s*[0-9]+)*\]")


def sniff(text: Text) -> bool:
    """SPS files carry at least one of the service's page-type headings or a dated Q&A."""
    return any(line.strip() in PAGE_HEADINGS for line in text.lines) or bool(_questions(text))


def read(path: Path, text: Text | None = None) -> Document:
    """Read every page of an SPS file.

    :raises SourceError: a page breaks its layout (first problem found).
    """
    text = text or read_text(path)
    warnings: list[SourceWarning] = []
    pages: list[SpsPage] = []
    for kind, start, stop in _segments(text):
        cursor = Cursor(text, start, stop)
        if kind == QUESTION:
            pages.append(_read_question(cursor))
        elif kind == STORAGE:
            pages.append(_read_storage(cursor))
        elif kind == LACTATION:
            pages.append(_read_lactation(cursor))
        else:
            pages.append(_read_new_medicine(cursor, warnings))
    return Document(
        path=text.path, name=path.name, sha256=text.sha256, format=FORMAT,
        publisher=PUBLISHER, pages=tuple(pages), warnings=tuple(warnings),
    )


def _questions(text: Text) -> list[int]:
    """Lines that start a Q&A: a title whose next non-blank line is a dated summary."""
    starts = []
    previous = 0
    for number, raw in enumerate(text.lines, 1):
        line = raw.strip()
        if not line:
            continue
        title = text.lines[previous - 1].strip() if previous else ""
        if title and _DATED_SUMMARY.match(line) and title not in PAGE_HEADINGS \
                and not _DATED_SUMMARY.match(title):
            starts.append(previous)
        previous = number
    return starts


def _segments(text: Text) -> list[tuple[str, int, int]]:
    """(page type, first line, stop line) of every page; a page's first line is its
    heading, or its title for a Q&A."""
    starts = [(number, QUESTION) for number in _questions(text)]
    starts += [(number, line.strip()) for number, line in enumerate(text.lines, 1)
               if line.strip() in PAGE_HEADINGS]
    starts.sort()
    if not starts:
        raise Cursor(text).error("expected an SPS page: a heading such as "
                                 + ", ".join(f"'{h}'" for h in PAGE_HEADINGS))
    first = Cursor(text, 1, starts[0][0])
    first.skip_blank()
    if not first.at_end:
        raise first.error(f"expected an SPS page heading or a Q&A title, got '{first.peek()[:60]}'")
    bounds = [number for number, _ in starts] + [len(text.lines) + 1]
    return [(kind, number, stop) for (number, kind), stop in zip(starts, bounds[1:])]


def _full_date(cursor: Cursor, line: int, match: re.Match[str]) -> datetime.date:
    month = MONTHS.get(match.group("month"))
    year, day = read_integer(match.group("year")), read_integer(match.group("day"))
    if month is None or year is None or day is None:
        raise cursor.error(f"expected a date like '19 November 2020', got month "
                           f"'{match.group('month')[:20]}'", line)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise cursor.error(f"impossible date '{match.group(0)[:20]}'", line) from None


def _lines(cursor: Cursor) -> list[tuple[int, str]]:
    """Every non-blank line left in the page, with its number."""
    found = []
    while not cursor.at_end:
        cursor.skip_blank()
        found.extend(cursor.block())
    return found


def _read_question(cursor: Cursor) -> MedicinesQuestion:
    origin = Origin(cursor.text.path, cursor.line)
    lines = _lines(cursor)
    match = _DATED_SUMMARY.match(lines[1][1]) if len(lines) > 1 else None
    if match is None:
        raise cursor.error("expected a dated summary like '10 May 2019CAR-T therapy…' "
                           "after the Q&A title", origin.line)
    title, line = lines[0][1], lines[1][0]
    summary = " ".join([match.group("text"), *(text for _, text in lines[2:])])
    shape = guidance.question_shape(title)
    return MedicinesQuestion(
        title=title, date=_full_date(cursor, line, match), summary=summary,
        drugs=drug_mentions(f"{title} {summary}"),
        candidates=shape.candidates, after_failure_of=shape.after_failure_of,
        therapy_line=shape.therapy_line,
        # the condition lexicon's key, as for the notes: the drug page's CRS is this one node
        condition=concept_key(shape.condition, "condition") if shape.condition else None,
        condition_context=shape.condition_context, origin=origin,
        lines=(("date", line), ("summary", line)),
    )


def _dated_end(cursor: Cursor, lines: list[tuple[int, str]], page: str,
               heading_line: int) -> tuple[int, datetime.date]:
    """Index and value of the page's closing date line (``15 September 2019``)."""
    for index, (line, text) in enumerate(lines):
        match = _DATE_LINE.match(text)
        if match:
            return index, _full_date(cursor, line, match)
    last = lines[-1][0] if lines else heading_line
    raise cursor.error(f"{page} page has no date line like '15 September 2019' at its end",
                       last)


def _read_storage(cursor: Cursor) -> StorageGuidance:
    heading = cursor.line
    cursor.advance()
    lines = _lines(cursor)
    if not lines or _NOT_A_PRODUCT.search(lines[0][1]) or _DATE_LINE.match(lines[0][1]):
        found = lines[0][1][:60] if lines else "nothing"
        raise cursor.error(f"expected the product name after '{STORAGE}', got '{found}'",
                           lines[0][0] if lines else heading)
    first_line, first = lines[0]
    body = lines[1:]
    presentation_index = next(
        (i for i, (_, text) in enumerate(body[:2]) if guidance.strength(text)), None)
    manufacturer = body[0][1] if body and presentation_index != 0 else None
    product = first
    if manufacturer and first.endswith(manufacturer) and len(first) > len(manufacturer):
        product = first[: -len(manufacturer)].strip()
    presentation = body[presentation_index][1] if presentation_index is not None else None
    date_index, date = _dated_end(cursor, lines, "storage", heading)
    advice_numbered = [(line, text) for line, text in lines[1:date_index]
                       if guidance.is_excursion_text(text)]
    advice_lines = [text for _, text in advice_numbered]
    if not advice_lines:
        raise cursor.error(
            f"storage page for '{product}' states no excursion rule (a time out of the "
            "refrigerator at a temperature)", first_line)
    advice = " ".join(advice_lines)
    excursion = guidance.excursion(advice)
    after_date = lines[date_index + 1:]
    return StorageGuidance(
        product=product, manufacturer=manufacturer, presentation=presentation,
        strength=guidance.strength(presentation) if presentation else None,
        advice=advice, max_temperature=excursion.max_temperature,
        max_duration=excursion.max_duration,
        may_return_to_refrigerator=excursion.may_return, dispose_after=excursion.dispose,
        date=date, issuer=after_date[0][1] if after_date else None,
        origin=Origin(cursor.text.path, first_line),
        lines=_field_lines(
            company=body[0][0] if manufacturer else None,
            presentation=body[presentation_index][0] if presentation_index is not None else None,
            advice=advice_numbered[0][0], date=lines[date_index][0],
            issuer=after_date[0][0] if after_date else None),
    )


def _read_lactation(cursor: Cursor) -> LactationGuidance:
    heading = cursor.line
    cursor.advance()
    lines = _lines(cursor)
    date_index, date = _dated_end(cursor, lines, "lactation", heading)
    if date_index == 0:
        raise cursor.error(f"expected the substance after '{LACTATION}', got a date",
                           lines[0][0])
    substance_line, substance_text = lines[0]
    numbered = lines[1:date_index]
    repeated = next((i for i, (_, text) in enumerate(numbered) if text != substance_text),
                    len(numbered))
    numbered = numbered[repeated:]  # the page repeats the substance under its heading
    body = [text for _, text in numbered]
    verdict, points = (body[0], body[1:]) if len(body) > 1 else (None, body)
    name, note = split_at_dash(substance_text) or (substance_text, "")
    point_lines = numbered[1:] if verdict else numbered
    return LactationGuidance(
        substance=name,
        abbreviation=note if note and " " not in note else None,
        verdict=verdict, points=tuple(points), date=date,
        origin=Origin(cursor.text.path, substance_line),
        lines=_field_lines(verdict=numbered[0][0] if verdict else None,
                           points=point_lines[0][0] if point_lines else None,
                           date=lines[date_index][0]),
    )


def _read_new_medicine(cursor: Cursor, warnings: list[SourceWarning]) -> NewMedicine:
    heading = cursor.line
    cursor.advance()
    lines = _lines(cursor)
    if not lines:
        raise cursor.error(f"expected '<product> <indication>' after '{NEW_MEDICINES}'",
                           heading)
    first_line, first = lines[0]
    sections: dict[str, list[tuple[int, str]]] = {"": []}
    section = ""
    for line, text in lines[1:]:
        if text in (REGULATORY_STATUS, TRIAL_DATA, FURTHER_INFORMATION):
            section = text
            sections.setdefault(section, [])
        else:
            sections.setdefault(section, []).append((line, text))
    head = [text for _, text in sections[""]]
    status_and_company = list(dict.fromkeys(head[:3]))
    head_lines = {text: line for line, text in reversed(sections[""])}
    events_and_details = [(line, text, _DATED_ENTRY.match(text))
                          for line, text in sections.get(REGULATORY_STATUS, [])]
    event_lines = [(line, match) for line, _, match in events_and_details if match]
    details = [text for _, text, match in events_and_details if not match]
    detail_lines = {text: line for line, text, match in reversed(events_and_details) if not match}
    product, indication = _product_and_indication(first, details)
    route = next((text for text in details
                  if _ROUTE_WORDS.search(text) and len(text.split()) <= 6), None)
    description = next((text for text in details
                        if text not in (indication, route)), None)
    origin = Origin(cursor.text.path, first_line)
    events = tuple(_regulatory_event(cursor, line, match, warnings)
                   for line, match in event_lines)
    updates = tuple(_trial_update(cursor, line, _dated(cursor, line, text), warnings)
                    for line, text in sections.get(TRIAL_DATA, []))
    return NewMedicine(
        product=product, indication=indication,
        status=status_and_company[0] if status_and_company else None,
        company=status_and_company[1] if len(status_and_company) > 1 else None,
        description=description, route=route, events=events,
        trial_updates=guidance.name_trials(updates), origin=origin,
        route_name=dosing.canonical_route(route) if route else None,
        lines=_field_lines(
            status=head_lines.get(status_and_company[0]) if status_and_company else None,
            company=head_lines.get(status_and_company[1]) if len(status_and_company) > 1 else None,
            description=detail_lines.get(description or ""), route=detail_lines.get(route or "")),
    )


def _field_lines(**found: int | None) -> FieldLines:
    """The lines of the fields a page states, for the record's ``lines``."""
    return tuple((field, line) for field, line in found.items() if line is not None)


def _product_and_indication(first: str, details: list[str]) -> tuple[str, str]:
    """The page's first line is the product then the indication, which the page repeats."""
    for text in details:
        if first.endswith(" " + text):
            return first[: -len(text)].strip(), text
    product, _, indication = first.partition(" ")
    return product, indication or first


def _dated(cursor: Cursor, line: int, text: str) -> re.Match[str]:
    """A trial-data line must start with its month (``Sep 21``)."""
    match = _DATED_ENTRY.match(text)
    if match is None:
        raise cursor.error(f"expected a dated entry like 'Sep 21Positive data…', "
                           f"got '{text[:60]}'", line)
    return match


def _year_month(cursor: Cursor, line: int, match: re.Match[str]) -> YearMonth:
    month = next((number for name, number in MONTHS.items()
                  if name[:3] == match.group("month")), None)
    year = read_integer(match.group("year"))
    if month is None or year is None:
        raise cursor.error(f"expected a month like 'Dec 21', got '{match.group('month')} "
                           f"{match.group('year')}'", line)
    return YearMonth(year + 2000 if year < 100 else year, month)


def _statement(match: re.Match[str], origin: Origin,
               warnings: list[SourceWarning]) -> tuple[str, bool]:
    """A dated entry's words without citations, and whether they are read for facts."""
    statement = _CITATION.sub("", match.group("text")).strip()
    skipped = unread(statement)
    if skipped:
        warnings.append(SourceWarning(origin, skipped))
    return statement, skipped is None


def _regulatory_event(cursor: Cursor, line: int, match: re.Match[str],
                      warnings: list[SourceWarning]) -> RegulatoryEvent:
    origin = Origin(cursor.text.path, line)
    statement, read = _statement(match, origin, warnings)
    step = guidance.regulatory_step(statement) if read else guidance.RegulatoryStep(None, None, None)
    if read and step.kind is None:
        warnings.append(SourceWarning(origin, f"unknown regulatory step '{statement[:60]}' kept"))
    return RegulatoryEvent(
        date=_year_month(cursor, line, match), kind=step.kind or "Other",
        region=step.region, body=step.body, text=statement,
        criteria=guidance.biomarker_criteria(statement, origin) if read else (), origin=origin,
    )


def _trial_update(cursor: Cursor, line: int, match: re.Match[str],
                  warnings: list[SourceWarning]) -> TrialUpdate:
    origin = Origin(cursor.text.path, line)
    statement, read = _statement(match, origin, warnings)
    date = _year_month(cursor, line, match)
    if read:
        return guidance.trial_update(date, statement, origin)
    return TrialUpdate(date=date, text=statement, phase=None, trial_name=None, nct_id=None,
                       participants=None, planned_enrollment=None, countries=(),
                       effect_sizes=(), journal=None, origin=origin)
