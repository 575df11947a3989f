"""Read a COVID-19 drug-repurposing page (covid19-help.org) into drug, reference and trial records.

The page is the site's text export (seed ``002_…txt``): the drug name and one-line
description, labelled header fields, stated counts, general information, brand names
(``Marketed as``), a protein sequence, one table per reference kind, and a clinical-trials
table. A reference is a title line, an optional tag line, a population line ending in
the journal impact factor, notes paragraphs and a ``Mon/DD/YYYY`` date line; its lines are
placed by what each is (``placement``), so extra blank lines or wrapped fields read the same.
Notes are read for labelled facts by ``notes``; tags are split by ``tags``. Every record
keeps the line each of its facts stands on; a line no field takes is a warning.
"""
from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from kg.records import (
    Document, Drug, DrugPage, FieldLines, Origin, Publisher, Reference, ReferenceCounts,
    ReferenceKind, SourceWarning, Tag, Trial, TrialSite, line_of,
)
from kg.sources.lines import Cursor, Text, read_text
from kg.sources.notes import UNREAD, read_notes
from kg.sources.placement import Line, fact_lines, impact_factor, place
from kg.sources.numerals import INTEGER, MAX_DIGITS, read_decimal, read_integer
from kg.sources.prose import split_at_dash, unread
from kg.sources.tags import KNOWN_TAGS, is_tag_line, split_tags

FORMAT = "drugpage"
PUBLISHER = Publisher(
    "covid19-help", "COVID-19 drug repurposing database (covid19-help.org)",
    "https://www.covid19-help.org/",
)
REFERENCE_SECTIONS: dict[str, ReferenceKind] = {
    "Supporting references": "supporting",
    "Contradictory references": "contradictory",
    "AI-suggested references": "ai-suggested",
}
REFERENCE_HEADER = "Link Tested on Impact factor Notes Publication date"
TRIALS_SECTION = "Clinical trials"
TRIALS_HEADER = "ID Title Status Phase Start date Completion date"
HEADER_FIELDS = {
    "Phase of research": "research_phase",
    "How it helps": "how_it_helps",
    "Drug status": "drug_status",
}
COUNT_LABELS = {
    "Supporting references": "supporting",
    "Contradictory references": "contradictory",
    "AI-suggested references": "ai_suggested",
    "Clinical trials": "clinical_trials",
}
GENERAL_INFORMATION = "General information"
MARKETED_AS = "Marketed as"
MONTHS = {name: number for number, name in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
TRIAL_STATUSES = (
    "Active, not recruiting", "Not yet recruiting", "Enrolling by invitation", "Recruiting",
    "Completed", "Suspended", "Terminated", "Withdrawn", "Unknown status", "Unknown",
    "No longer available", "Temporarily not available", "Available",
    "Approved for marketing", "Withheld",
)
TRIAL_FIELDS = {
    "alternative id": "alternative_ids", "interventions": "interventions",
    "study type": "study_type", "study results": "results", "locations": "sites",
    "study designs": "design", "enrollment": "enrollment", "age": "age_range",
    "outcome measures": "outcome_measures",
}

Row = TypeVar("Row")
_DATE_LIKE = re.compile(r"^([A-Za-z]{3})/([0-9]{1,2})/([0-9]{4})$")
_DATE = r"[A-Za-z]{3}/[0-9]{1,2}/[0-9]{4}"
_PHASE = r"(?:Early Phase 1|Phase [0-9](?:/Phase [0-9])?|Not Applicable|N/A)"
# matched against the row with its spaces collapsed, so the lazy title never meets a run
# of spaces it could split in as many ways as the run is long
_TRIAL_ROW = re.compile(
    r"^(?P<id>[A-Z][A-Za-z]*[-0-9][\w-]*) (?P<title>.+?) "
    r"(?P<status>" + "|".join(re.escape(s) for s in TRIAL_STATUSES) + r")"
    r"(?: (?P<phase>" + _PHASE + r"(?:\|" + _PHASE + r")*))?"
    r"(?: (?P<start>" + _DATE + r"))?(?: (?P<completion>" + _DATE + r"))?$"
)
_TRIAL_ID = re.compile(r"^[A-Z][A-Za-z]*[-0-9][\w-]*\s")
_ENROLLMENT = re.compile(rf"^({INTEGER})\b")
_WIKIPEDIA_LINK = re.compile(r"^.+ on Wikipedia$")
_AMINO_ACIDS = re.compile(r"^[ACDEFGHIKLMNPQRSTVWYX]{10,}$")


def sniff(text: Text) -> bool:
    """A drug page has the reference table header or the stated-count labels."""
    lines = set(text.lines)
    return REFERENCE_HEADER in lines or {"Supporting references", "Clinical trials"} <= lines


def read(path: Path, text: Text | None = None) -> Document:
    """Read one drug page.

    :raises SourceError: the page breaks the format (first problem found).
    """
    text = text or read_text(path)
    sections = _find_sections(text)
    head_stop = sections[0][1] if sections else len(text.lines) + 1
    warnings: list[SourceWarning] = []
    drug = _read_head(Cursor(text, 1, head_stop), warnings)
    references: list[Reference] = []
    trials: list[Trial] = []
    bounds = [line for _, line in sections] + [len(text.lines) + 1]
    for (heading, start), stop in zip(sections, bounds[1:]):
        cursor = Cursor(text, start + 1, stop)
        if heading == TRIALS_SECTION:
            trials.extend(_read_trials(cursor))
        else:
            references.extend(_read_references(cursor, REFERENCE_SECTIONS[heading], drug, warnings))
    warnings.extend(_count_mismatches(drug, references, trials))
    targets = _drug_targets(drug, references)
    drug = dataclasses.replace(drug, targets=targets,
                               lines=drug.lines + _target_lines(drug, targets, references))
    return Document(
        path=text.path, name=path.name, sha256=text.sha256, format=FORMAT, publisher=PUBLISHER,
        pages=(DrugPage(drug, tuple(references), tuple(trials)),), warnings=tuple(warnings),
    )


def _find_sections(text: Text) -> list[tuple[str, int]]:
    """Table headings: a section name not preceded by its stated count."""
    sections: list[tuple[str, int]] = []
    previous = ""
    for number, raw in enumerate(text.lines, 1):
        line = raw.strip()
        if (line in REFERENCE_SECTIONS or line == TRIALS_SECTION) and not _is_count(previous):
            sections.append((line, number))
        if line:
            previous = line
    return sections


def _read_head(cursor: Cursor, warnings: list[SourceWarning]) -> Drug:
    """The drug's name and what the page says of it before its tables, each field with the
    line its words stand on; a line no field takes is a warning."""
    cursor.skip_blank()
    if cursor.at_end:
        raise cursor.error("expected the drug name on the first line, found no text")
    origin = Origin(cursor.text.path, cursor.line)
    name = cursor.advance()
    paragraphs = _non_blank(cursor)
    fields: dict[str, str] = {}
    counts: dict[str, int] = {}
    general: list[str] = []
    brands: tuple[str, ...] = ()
    sequence: list[str] = []
    description: str | None = None
    section = ""
    lines: dict[str, int] = {}
    index = 0
    while index < len(paragraphs):
        number, line = paragraphs[index]
        following = paragraphs[index + 1][1] if index + 1 < len(paragraphs) else ""
        if line in HEADER_FIELDS and following:
            fields[HEADER_FIELDS[line]] = following
            lines[HEADER_FIELDS[line]] = paragraphs[index + 1][0]
            index += 2
            continue
        if _is_count(line) and following in COUNT_LABELS:
            counts[COUNT_LABELS[following]] = _stated_count(cursor, number, line)
            lines[f"counts/{COUNT_LABELS[following]}"] = number
            index += 2
            continue
        if line in (GENERAL_INFORMATION, MARKETED_AS):
            section = line
        elif _AMINO_ACIDS.match(line):
            sequence.append(line)
            lines.setdefault("sequence", number)
        elif section == MARKETED_AS and not brands:
            brands = tuple(brand.strip() for brand in line.split(";") if brand.strip())
            lines["brand_names"] = number
        elif section == GENERAL_INFORMATION and not _WIKIPEDIA_LINK.match(line):
            general.append(line)
            lines.setdefault(f"general_information/{line}", number)
        elif not section and description is None:
            description = line
            lines["description"] = number
        elif not _WIKIPEDIA_LINK.match(line):
            warnings.append(SourceWarning(Origin(cursor.text.path, number),
                                          f"line '{line[:60]}' is no field of the drug; not read"))
        index += 1
    return Drug(
        name=name, description=description, general_information=tuple(general),
        brand_names=brands, targets=(), sequence="".join(sequence) or None,
        research_phase=fields.get("research_phase"), how_it_helps=fields.get("how_it_helps"),
        drug_status=fields.get("drug_status"),
        counts=ReferenceCounts(**counts) if len(counts) == len(COUNT_LABELS) else None,
        origin=origin, lines=tuple(lines.items()),
    )


def _non_blank(cursor: Cursor) -> list[tuple[int, str]]:
    found = []
    while not cursor.at_end:
        number, line = cursor.line, cursor.advance()
        if line:
            found.append((number, line))
    return found


def _is_count(line: str) -> bool:
    """A line of digits, in any script: before a count label it is meant as a stated count."""
    return line.isdigit()


def _stated_count(cursor: Cursor, line: int, text: str) -> int:
    count = read_integer(text)
    if count is None:
        raise cursor.error(f"expected a stated count of at most {MAX_DIGITS} digits 0-9, "
                           f"got '{text[:20]}'", line)
    return count


def _expect_header(cursor: Cursor, header: str) -> None:
    cursor.skip_blank()
    found = cursor.peek()
    if found != header:
        raise cursor.error(f"expected the column header '{header}', "
                           + (f"got '{found[:80]}'" if found else "got no more lines"))
    cursor.advance()


def _read_rows(cursor: Cursor, header: str, read_row: Callable[[Cursor], Row]) -> list[Row]:
    """A table section: its column header, then rows until the section ends."""
    _expect_header(cursor, header)
    rows: list[Row] = []
    while True:
        cursor.skip_blank()
        if cursor.at_end:
            return rows
        rows.append(read_row(cursor))


def _read_references(
    cursor: Cursor, kind: ReferenceKind, drug: Drug, warnings: list[SourceWarning]
) -> list[Reference]:
    rows = _read_rows(cursor, REFERENCE_HEADER,
                      lambda rows: _read_reference(rows, kind, drug, warnings))
    return [row for row in rows if row is not None]


def _read_reference(
    cursor: Cursor, kind: ReferenceKind, drug: Drug, warnings: list[SourceWarning]
) -> Reference | None:
    """A reference from its title to its date line, each line placed by what it is
    (``placement``); a date line with no title above it is skipped with a warning."""
    start = cursor.line
    if _DATE_LIKE.match(cursor.peek()):
        warnings.append(SourceWarning(Origin(cursor.text.path, start),
                                      f"date line '{cursor.advance()[:20]}' follows no reference title; skipped"))
        return None
    head, unplaced = place(_lines_until_date(cursor, start))
    date_line = cursor.line
    date = _parse_date(cursor, cursor.advance(), date_line)
    path = cursor.text.path
    title = " ".join(line.text for line in head.title)
    warnings.extend(SourceWarning(Origin(path, line), f"in reference '{title[:60]}': {what}")
                    for line, what in unplaced)
    tags: list[Tag] = []
    if head.tags:
        tags, unknown = split_tags(" ".join(line.text for line in head.tags))
        origin = Origin(path, head.tags[0].number)
        warnings.extend(SourceWarning(origin, f"unknown tag '{label[:60]}' kept") for label in unknown)
    population, impact = _split_population(" ".join(line.text for line in head.population) or None)
    notes = head.paragraphs()
    words = " ".join(line.text for line in head.notes)
    skipped = unread(title, population, words)
    if skipped:
        warnings.append(SourceWarning(Origin(path, start), skipped))
    facts = UNREAD if skipped else read_notes(words, drug.name, title, population, tuple(tags))
    lines = fact_lines(head, facts, tags, date_line)
    return Reference(
        kind=kind, title=title, tags=tuple(tags), population=population,
        impact_factor=impact, notes=notes, date=date, sample=facts.sample,
        dosage_text=facts.dosage_text, regimens=facts.regimens, routes=facts.routes,
        co_medications=facts.co_medications, endpoint=facts.endpoint, effects=facts.effects,
        conditions=facts.conditions, populations=facts.populations,
        origin=Origin(path, start), lines=lines,
    )


def _split_population(line: str | None) -> tuple[str | None, Decimal | None]:
    """``ARDS patients 4.89`` -> the population and the impact factor that ends the line."""
    if line is None:
        return None, None
    impact = impact_factor(line)
    if impact is None:
        return line, None
    words = line.rsplit(None, 1)
    return (words[0] if len(words) == 2 else None), impact


def _lines_until_date(cursor: Cursor, start: int) -> list[Line]:
    """The reference's non-blank lines, from its title to its date line (left unread)."""
    lines: list[Line] = []
    after_blank = False
    while not cursor.at_end and not (lines and _DATE_LIKE.match(cursor.peek())):
        number, text = cursor.line, cursor.advance()
        if text:
            lines.append(Line(number, text, after_blank))
        after_blank = not text
    if cursor.at_end:
        raise cursor.error(
            f"reference '{lines[0].text[:60]}' is truncated: expected a publication date "
            "line like 'May/07/2020' after its notes", start)
    return lines


def _parse_date(cursor: Cursor, value: str, line: int) -> datetime.date:
    match = _DATE_LIKE.match(value)
    month = MONTHS.get(match.group(1).title()) if match else None
    year = read_integer(match.group(3)) if match else None
    day = read_integer(match.group(2)) if match else None
    if month is None or year is None or day is None:
        raise cursor.error(f"expected a date like 'May/07/2020', got '{value[:20]}'", line)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise cursor.error(f"impossible date '{value}'", line) from None


def _read_trials(cursor: Cursor) -> list[Trial]:
    return _read_rows(cursor, TRIALS_HEADER, _read_trial)


def _read_trial(cursor: Cursor) -> Trial:
    start = cursor.line
    row = " ".join(cursor.advance().split())
    match = _TRIAL_ROW.match(row)
    if match is None:
        raise cursor.error(
            "expected a trial row 'ID Title Status Phase Start-date Completion-date', "
            f"got '{row[:80]}'", start)
    fields = _read_trial_bullets(cursor)
    return Trial(
        nct_id=match.group("id"), title=match.group("title"), status=match.group("status"),
        phases=tuple(match.group("phase").split("|")) if match.group("phase") else (),
        start=_optional_date(cursor, match.group("start"), start),
        completion=_optional_date(cursor, match.group("completion"), start),
        alternative_ids=_values(fields, "alternative_ids"),
        interventions=_values(fields, "interventions"),
        study_type=_single(fields, "study_type") or None,
        results=_single(fields, "results") or None,
        sites=tuple(_site(value) for value in _values(fields, "sites")),
        design=tuple(_design_field(value) for value in _values(fields, "design")),
        enrollment=_enrollment(cursor, fields),
        age_range=" ".join(_single(fields, "age_range").split()) or None,
        outcome_measures=_values(fields, "outcome_measures"),
        origin=Origin(cursor.text.path, start),
        lines=tuple((key, line) for key, (line, _) in fields.items()),
    )


def _read_trial_bullets(cursor: Cursor) -> dict[str, tuple[int, str]]:
    fields: dict[str, tuple[int, str]] = {}
    while not cursor.at_end and not _TRIAL_ID.match(cursor.peek()):
        line_number, line = cursor.line, cursor.advance()
        if not line:
            continue
        bullet = split_at_dash(line[1:].lstrip()) if line.startswith("•") else None
        if bullet is None:
            raise cursor.error(f"expected a trial bullet '• Field - value', got '{line[:80]}'",
                               line_number)
        name, value = bullet
        key = TRIAL_FIELDS.get(name.lower())
        if key is None:
            raise cursor.error(
                f"unknown trial field '{name[:40]}': expected one of "
                + ", ".join(f"'{name}'" for name in TRIAL_FIELDS), line_number)
        fields[key] = (line_number, value)
    return fields


def _values(fields: dict[str, tuple[int, str]], key: str) -> tuple[str, ...]:
    value = fields.get(key, (0, ""))[1]
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _single(fields: dict[str, tuple[int, str]], key: str) -> str:
    return fields.get(key, (0, ""))[1]


def _site(value: str) -> TrialSite:
    parts = [part.strip() for part in value.split(",")]
    return TrialSite(value, parts[-1] if len(parts) > 1 else None)


def _design_field(value: str) -> tuple[str, str]:
    key, _, detail = value.partition(":")
    return (key.strip(), detail.strip()) if detail else ("Design", key.strip())


def _enrollment(cursor: Cursor, fields: dict[str, tuple[int, str]]) -> int | None:
    if "enrollment" not in fields:
        return None
    line, value = fields["enrollment"]
    match = _ENROLLMENT.match(value)
    count = read_integer(match.group(1)) if match else None
    if count is None:
        raise cursor.error(f"expected an enrollment count of at most {MAX_DIGITS} digits 0-9, "
                           f"got '{value[:40]}'", line)
    return count


def _optional_date(cursor: Cursor, value: str | None, line: int) -> datetime.date | None:
    return None if value is None else _parse_date(cursor, value, line)


def _drug_targets(drug: Drug, references: list[Reference]) -> tuple[str, ...]:
    """Targets the description names, plus target tags on at least half the supporting
    references (tags of companion drugs, like IL-6 on tocilizumab studies, stay out)."""
    supporting = [r for r in references if r.kind == "supporting"]
    tallies: dict[str, int] = {}
    for reference in supporting:
        for label in {tag.label for tag in reference.tags if tag.category == "target"}:
            tallies[label] = tallies.get(label, 0) + 1
    targets = {label for label, count in tallies.items() if 2 * count >= len(supporting)}
    targets |= {label for label, category in KNOWN_TAGS.items() if category == "target"
                and _names_target(drug.description, label)}
    return tuple(sorted(targets))


def _names_target(text: str | None, label: str) -> bool:
    return text is not None and re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text) is not None


def _target_lines(drug: Drug, targets: tuple[str, ...], references: list[Reference]) -> FieldLines:
    """A target at the description that names it, else at the tag line of the first
    supporting reference tagged with it."""
    found = []
    for label in targets:
        if _names_target(drug.description, label):
            found.append((f"targets/{label}", line_of(drug.origin, drug.lines, "description")))
            continue
        tagged = next(r for r in references if r.kind == "supporting"
                      and any(tag.label == label for tag in r.tags))
        found.append((f"targets/{label}", line_of(tagged.origin, tagged.lines, "tags")))
    return tuple(found)


def _count_mismatches(
    drug: Drug, references: list[Reference], trials: list[Trial]
) -> list[SourceWarning]:
    if drug.counts is None:
        return []
    found = {
        "supporting references": (drug.counts.supporting, sum(r.kind == "supporting" for r in references)),
        "contradictory references": (drug.counts.contradictory, sum(r.kind == "contradictory" for r in references)),
        "AI-suggested references": (drug.counts.ai_suggested, sum(r.kind == "ai-suggested" for r in references)),
        "clinical trials": (drug.counts.clinical_trials, len(trials)),
    }
    return [
        SourceWarning(drug.origin, f"page states {stated} {label} but lists {listed}")
        for label, (stated, listed) in found.items() if stated != listed and listed
    ]
