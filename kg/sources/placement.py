"""Place the lines of a drug-page reference by what each one is, and say on which line
each fact read from them stands.

A reference is a title, a tag line, a population line ending in the journal impact factor,
notes and a date (seed 002, lines 329-335). Copied from a browser, the fields may be set
apart by extra blank lines, and a field may wrap onto a second line; so a line is placed by
what it is, not by the blank lines around it: a tag line is one ``tags.is_tag_line``
accepts, a population line ends in an impact factor (``Patients 53.44``) or names a
patient group in a few words (``A multisystem inflammatory syndrome patient``), and what
follows is notes. A wrap leaves no blank line, so the lines right under the title's
first line are the title's until a tag or population line (or, with neither, a line
naming patients). Only the page's own layout decides what the words alone cannot: the
line right under a tag line is its population. What the words cannot tell apart: with
neither tags nor an impact factor, a wrapped title whose last line names patients
(``... in hospitalised`` / ``Patients with pneumonia``) ends before that line, and with
no tag line a population wrapped before its impact factor is read into the title.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from kg.lexicon import concept_mentions, drug_mention_spans, load_concepts
from kg.records import FieldLines, Tag
from kg.sources.comedications import drug_key
from kg.sources.dosing import ROUTES
from kg.sources.notes import NoteFacts, labelled_parts
from kg.sources.numerals import read_decimal
from kg.sources.tags import is_tag_line, split_tags

HEAD_LINES = 8
"""Lines a title may wrap onto, with its tag line, before a field must have started."""
POPULATION_WORDS = 12
"""Words a population line has at most (the seed's longest has 6), impact factor included."""
_POPULATION_CHARACTERS = 40 * POPULATION_WORDS
TAG_LINE_CHARACTERS = 2_000
"""A tag line is at most this long (the seed's longest has 130 characters): a longer line is
never split into tags, so a damaged megabyte line costs no more than reading it."""
_POPULATION_NOUNS = frozenset({
    "patient", "patients", "child", "children", "adolescent", "adolescents", "adult", "adults",
    "infant", "infants", "neonate", "neonates", "newborn", "newborns", "women", "men",
    "recipient", "recipients", "participant", "participants", "volunteer", "volunteers",
    "individual", "individuals",
})
_AFTER_POPULATION = frozenset({
    "with", "without", "at", "on", "in", "of", "from", "under", "over", "aged", "who", "and",
    "receiving", "requiring", "treated", "admitted", "hospitalised", "hospitalized",
})
"""Words that may follow the patient noun of a population (``Patients at risk of ...``)."""
_VERBS = frozenset({"was", "were", "is", "are", "had", "has", "have", "led", "showed", "did"})
"""Words that make a line a sentence of the notes, not a population (``Two patients were treated``)."""


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of a reference: its number, its stripped text, and whether a blank
    line stands right above it (a wrapped field never leaves one)."""

    number: int
    text: str
    after_blank: bool


@dataclass(frozen=True, slots=True)
class Head:
    """A reference's lines, each placed: title, tag lines, population lines, notes."""

    title: tuple[Line, ...]
    tags: tuple[Line, ...]
    population: tuple[Line, ...]
    notes: tuple[Line, ...]

    def paragraphs(self) -> tuple[str, ...]:
        """The notes as paragraphs: lines with no blank line between them are one."""
        found: list[list[str]] = []
        for line in self.notes:
            if line.after_blank or not found:
                found.append([])
            found[-1].append(line.text)
        return tuple(" ".join(words) for words in found)


def impact_factor(text: str) -> Decimal | None:
    """The impact factor that ends a population line (``ARDS patients 4.89``), if it does."""
    last = text[text.rfind(" ") + 1:]
    return read_decimal(last) if "." in last else None


def place(lines: list[Line]) -> tuple[Head, list[tuple[int, str]]]:
    """Place a reference's lines (the first is its title's); return them and, for a line
    that could not be placed with confidence, its number and what was done with it."""
    field = _first_field(lines)
    start = field if field is not None else _title_end(lines)
    tags_end = start
    while tags_end < len(lines) and _continues_tags(lines, tags_end, start):
        tags_end += 1
    population_end = _population_end(lines, tags_end, tags_end > start)
    tags, population = lines[start:tags_end], lines[tags_end:population_end]
    if not tags and population_end < len(lines) and _is_tag_line(lines[population_end].text):
        tags, population_end = lines[population_end:population_end + 1], population_end + 1
    head = Head(tuple(lines[:start]), tuple(tags), tuple(population), tuple(lines[population_end:]))
    return head, _unplaced(head)


def _first_field(lines: list[Line]) -> int | None:
    """The first tag or impact-factor population line, if one follows the title's lines."""
    for index in range(1, min(len(lines), HEAD_LINES)):
        text = lines[index].text
        if _population_with_impact(lines, index, index + 1) or (
                _is_tag_line(text) and (_written_as_tags(text) or lines[index].after_blank)):
            return index
        if lines[index].after_blank:  # not a wrapped title line: notes, or an unmarked population
            return None
    return None


def _is_tag_line(text: str) -> bool:
    return len(text) <= TAG_LINE_CHARACTERS and is_tag_line(text)


def _written_as_tags(text: str) -> bool:
    """Every tag of the line spelled as the page spells its tags (``Cohort study``): a
    wrapped title's last words may read as tags (``an observational cohort study``), but
    the page writes its tag lines from its vocabulary."""
    return all(tag.label in text for tag in split_tags(text)[0])


def _title_end(lines: list[Line]) -> int:
    """With no tag or impact-factor line, the title runs on while lines wrap it, save a
    last line naming patients: the population, unless the line after a blank names them."""
    end = 1
    while end < min(len(lines), HEAD_LINES) and not lines[end].after_blank:
        end += 1
    if end > 1 and _names_population(lines[end - 1].text) \
            and not (end < len(lines) and _names_population(lines[end].text)):
        return end - 1
    return end


def _continues_tags(lines: list[Line], index: int, start: int) -> bool:
    """The tag line at ``start``, and after it the rest of a wrapped tag line, but not a
    population standing alone (``Children``)."""
    text = lines[index].text
    if index == start:
        return _is_tag_line(text)
    tags = split_tags(text)[0]
    return (not lines[index].after_blank and _is_tag_line(text)
            and not (len(tags) == 1 and tags[0].category == "population"))


def _population_end(lines: list[Line], start: int, after_tags: bool) -> int:
    """Where the population line that may stand at ``start`` ends (``start`` without one)."""
    if start >= len(lines):
        return start
    line = lines[start]
    if _population_with_impact(lines, start, start + 1):
        return start + 1
    if start + 1 < len(lines) and not lines[start + 1].after_blank \
            and _population_with_impact(lines, start, start + 2):
        return start + 2  # a population line wrapped before its impact factor
    if _names_population(line.text):
        return start + 1
    if after_tags and not line.after_blank:
        return start + 1  # the page's own layout: the line right under the tag line
    return start


def _population_with_impact(lines: list[Line], start: int, end: int) -> bool:
    """Lines ``start`` to ``end`` are a population line ending in its impact factor: a few
    words, no label (``Dosage: 113.5``), and a blank line or the end after them, as notes
    follow a blank line; a wrapped notes line that ends in a number goes on below."""
    return (end == len(lines) or lines[end].after_blank) \
        and _ends_in_impact_factor(" ".join(line.text for line in lines[start:end])) \
        and ":" not in lines[end - 1].text


def _ends_in_impact_factor(text: str) -> bool:
    return len(text) < _POPULATION_CHARACTERS and len(text.split()) <= POPULATION_WORDS \
        and impact_factor(text) is not None


def _names_population(text: str) -> bool:
    """A few words naming a group of patients (``Pediatric patients with sinus bradycardia``),
    not a sentence of the notes."""
    if len(text) >= _POPULATION_CHARACTERS or "%" in text or not text[:1].isupper():
        return False
    words = [word.strip(".,;:()").lower() for word in text.split()]
    if len(words) > POPULATION_WORDS or _VERBS.intersection(words) or any(word.isdigit() for word in words):
        return False
    # the patient noun heads the phrase: it ends it, or a word that qualifies it follows
    return any((word in _POPULATION_NOUNS or word.endswith(("patient", "patients")))
               and (following is None or following in _AFTER_POPULATION)
               for word, following in zip(words, [*words[1:], None]))


def _unplaced(head: Head) -> list[tuple[int, str]]:
    """Notes paragraphs of one line that read as a reference's tag or population line: the
    page may have put a field out of its place. They are kept in the notes."""
    found: list[tuple[int, str]] = []
    notes = head.notes
    for index, line in enumerate(notes):
        alone = (index == 0 or line.after_blank) and (index + 1 == len(notes) or notes[index + 1].after_blank)
        if not alone:
            continue
        if _is_tag_line(line.text):
            found.append((line.number, "reads as a tag line but stands among the notes; kept as notes"))
        elif _ends_in_impact_factor(line.text):
            found.append((line.number, "reads as a population line with an impact factor but stands "
                                       "among the notes; kept as notes"))
        elif index == 0 and not head.population and not line.text.endswith((".", "!", "?", ":")) \
                and len(line.text.split()) <= POPULATION_WORDS:
            found.append((line.number, "may be a population line with no impact factor; kept as notes"))
    return found


# --- where the facts stand --------------------------------------------------------------

class NotesLines:
    """The notes joined as ``read_notes`` reads them (lines joined by spaces), and the line
    each character stands on."""

    def __init__(self, notes: Iterable[Line]) -> None:
        lines = list(notes)
        self.text = " ".join(line.text for line in lines)
        self._numbers = [line.number for line in lines]
        self._starts: list[int] = []
        offset = 0
        for line in lines:
            self._starts.append(offset)
            offset += len(line.text) + 1

    def line_at(self, offset: int) -> int:
        return self._numbers[max(bisect.bisect_right(self._starts, offset) - 1, 0)]

    def find(self, words: str, start: int = 0) -> int | None:
        """The offset of ``words`` from ``start``, None when they do not stand there."""
        found = self.text.find(words, start)
        return None if found < 0 else found


def fact_lines(head: Head, facts: NoteFacts, tags: Iterable[Tag], date_line: int) -> FieldLines:
    """The line of each field and item of a reference whose words stand off its title line."""
    found: list[tuple[str, int]] = [("date", date_line)]
    if head.tags:
        found.append(("tags", head.tags[0].number))
    if head.population:
        found.append(("population", head.population[0].number))
        if impact_factor(head.population[-1].text) is not None:
            found.append(("impact_factor", head.population[-1].number))
    if not head.notes:
        return tuple(found)
    first = head.notes[0].number
    found.append(("notes", first))
    found += _notes_fact_lines(NotesLines(head.notes), first, facts)
    found += _concept_lines(facts, head, tags)
    return tuple(found)


def _notes_fact_lines(notes: NotesLines, first: int, facts: NoteFacts) -> list[tuple[str, int]]:
    """Each fact of the notes at the line where its words start; the first notes line when
    they cannot be found word for word. Notes too long to read for facts give none."""
    def at(offset: int | None) -> int:
        return first if offset is None else notes.line_at(offset)

    found: list[tuple[str, int]] = []
    labelled = labelled_parts(notes.text) if facts.sample or facts.endpoint or facts.dosage_text else {}
    if facts.sample and "sample_size" in labelled:
        found.append(("sample", at(labelled["sample_size"][0])))
    if facts.endpoint and "endpoint" in labelled:
        found.append(("endpoint", at(labelled["endpoint"][0])))
    dosage = labelled["dosage"][0] if "dosage" in labelled else \
        notes.find(facts.dosage_text.split("; ")[0]) if facts.dosage_text else None
    if facts.dosage_text:
        found.append(("dosage", at(dosage)))
    found += _in_order(notes, "regimens", [r.text for r in facts.regimens], dosage or 0, at)
    if facts.routes and not facts.regimens:  # the regimen of routes alone, where one is named
        routes = [match.start() for pattern in ROUTES.values() if (match := pattern.search(notes.text))]
        found += [("regimens", at(min(routes)))] if routes else []
    found += _in_order(notes, "effects", [e.text for e in facts.effects], 0, at)
    if facts.co_medications:
        mentions: dict[str, int] = {}
        for start, end in drug_mention_spans(notes.text):
            mentions.setdefault(drug_key(notes.text[start:end]), start)
        found += [(f"co_medications/{name}", at(mentions.get(name))) for name in facts.co_medications]
    return found


def _in_order(notes: NotesLines, field: str, texts: list[str], start: int,
              at: Callable[[int | None], int]) -> list[tuple[str, int]]:
    """Texts that stand in the notes in this order, each looked for after the one before."""
    found = []
    for text in texts:
        offset = notes.find(text, start)
        found.append((f"{field}/{text}", at(offset)))
        start = offset if offset is not None else start
    return found


def _concept_lines(facts: NoteFacts, head: Head, tags: Iterable[Tag]) -> list[tuple[str, int]]:
    """A condition or population at the first line whose words name it (title, tags,
    population, notes); one a condition and a population imply together (MIS-C) at the
    line of either, the condition's first."""
    studied = {"conditions": facts.conditions, "populations": facts.populations}
    if not facts.conditions and not facts.populations:
        return []
    known = tuple(tag.label for tag in tags if tag.category in ("condition", "population"))
    units: list[tuple[int, str, tuple[str, ...]]] = [(line.number, line.text, ()) for line in head.title]
    if head.tags:
        units.append((head.tags[0].number, " ".join(line.text for line in head.tags), known))
    units += [(line.number, line.text, ()) for line in (*head.population, *head.notes)]
    wanted = {key for keys in studied.values() for key in keys}
    seen: dict[str, int] = {}
    for number, text, also in units:
        if wanted <= seen.keys():
            break
        for entry in concept_mentions(text, also):
            for key in (entry.key, *(entry.implied_by or ())):
                seen.setdefault(key, number)
    implied = {entry.key: entry.implied_by for entry in load_concepts() if entry.implied_by}
    found = []
    for field, keys in studied.items():
        for key in keys:
            line = seen.get(key) or next((seen[part] for part in implied.get(key, ()) if part in seen), None)
            if line is not None:
                found.append((f"{field}/{key}", line))
    return found
