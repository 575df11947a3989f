"""Source pages for property-based tests: generated from each format's grammar, then damaged.

``drug_pages()`` and ``sps_pages()`` write valid pages in the layout of the seeds
(``data/sources/002_…txt`` and ``000_…txt``) with varied drugs, references, tags, notes
(sample sizes, doses, results), trials, dates, Q&As, storage, lactation and regulatory
timelines; ``damaged(pages)`` then breaks them the way files break: lines dropped,
repeated, swapped or emptied, text cut short, bytes flipped, other encodings, Unicode
inserted (superscript digits, letters that only fold to ASCII, odd spaces), megabyte
lines, numbers of thousands of digits, a block repeated thousands of times.
``read_and_map`` reads a page and maps its records as a build does. The tests
(``test_fuzz.py``) and ``make fuzz`` (``fuzz.py``) share all of it.
"""
from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hypothesis import HealthCheck, settings, strategies as st

from kg.errors import SourceError
from kg.link import drug_identities, drug_page_drugs
from kg.ontology.reasoning import entailments
from kg.sources import drugpage, read_source, sps
from kg.sources.tags import KNOWN_TAGS
from kg.store.ntriples import sorted_lines
from kg.triples import map_document

Format = Literal["drugpage", "sps"]
TIME_LIMIT = 5.0
"""CPU seconds a page may take to read and map, however it is damaged: the readers' own
time, which other work on a shared machine does not stretch as it stretches wall time."""
settings.register_profile(
    "pages", max_examples=120, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
IN_TESTS = settings.get_profile("pages")
"""The pytest run's profile: a fixed sequence of examples, nothing remembered between runs."""


@dataclass(frozen=True, slots=True)
class Page:
    """A generated file: its format, its text, and how many records its grammar gives
    (a drug page's references and trials, an SPS file's pages)."""

    format: Format
    text: str
    records: int


# --- words ------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DRUGS = ["Anakinra", "Tocilizumab", "Baricitinib", "Sarilumab", "Remdesivir", "Dexamethasone",
         "Siltuximab", "Canakinumab", "Ruxolitinib", "Imatinib", "Colchicine", "Heparin"]
BRANDS = ["Kineret", "RoActemra", "Olumiant", "Kevzara", "Veklury", "Sylvant", "Ilaris", "Jakavi"]
SYLLABLES = ["zel", "vor", "ta", "li", "ma", "ne", "ko", "ru", "xi", "ba", "dor", "pen"]
STEMS = ["mab", "kinra", "cept", "tinib", "vir", "stat", ""]
TARGET_TAGS = [label for label, kind in KNOWN_TAGS.items() if kind == "target"]
OTHER_TAGS = [label for label, kind in KNOWN_TAGS.items() if kind != "target"]
POPULATIONS = ["Patients", "Hospitalised patients", "Severe COVID-19 patients", "ARDS patients",
               "Critically ill patients", "Patients with hyperinflammation", "A patient",
               "Kidney transplant recipients", "Paediatric patients with MIS-C",
               "A paediatric patient on ECMO.", "Pregnant patients"]
CONDITIONS = ["COVID-19 pneumonia", "ARDS", "cytokine storm", "hyperinflammation",
              "multisystem inflammatory syndrome", "respiratory failure"]
COMEDICATIONS = ["dexamethasone", "methylprednisolone", "tocilizumab", "remdesivir", "IVIg",
                 "hydroxychloroquine", "corticosteroids", "heparin"]
ROUTES = ["subcutaneously", "IV", "intravenously", "orally", "s.c.", ""]
FREQUENCIES = ["twice daily", "once daily", "daily", "every 6 hours", "every 8 h", "three times a day",
               "four times a day", "twice a day", "a day", "once to twice daily", "in two doses"]
MEASURES = ["mortality", "survival", "clinical improvement", "mechanical ventilation",
            "ICU admission", "hospital stay", "recovery", "intubation"]
SITES = ["Hospital Universitario La Paz, Madrid, Spain", "Ospedale San Raffaele, Milan, Italy",
         "Attikon University Hospital, Athens, Greece", "Hôpital Bichat, Paris, France",
         "Massachusetts General Hospital, Boston, Massachusetts, United States"]
STEPS = ["Approved in the EU", "Recommended for EU approval by CHMP", "Filed in the EU",
         "Currently pre-registration in the EU", "Approved in the UK by MHRA",
         "Approved in the US for emergency use by the FDA", "Launched in the UK",
         "Orphan designation granted in the US", "Withdrawn in Japan", "Phase III trial ongoing"]
JOURNALS = ["Nature Medicine", "The Lancet", "New England Journal of Medicine", "JAMA"]
TITLE_WORDS = ["a", "retrospective", "cohort", "study", "case", "report", "of", "patients", "randomised",
               "trial", "open-label", "series"]

dates = st.dates(datetime.date(2015, 1, 1), datetime.date(2024, 12, 31))
counts = st.integers(1, 999)


@st.composite
def drug_names(draw: st.DrawFn) -> str:
    """A lexicon drug, or a name made up with an INN stem (read from prose as a drug) or without."""
    if draw(st.booleans()):
        return draw(st.sampled_from(DRUGS))
    syllables = draw(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4))
    return ("".join(syllables) + draw(st.sampled_from(STEMS))).capitalize()


def _phrase(draw: st.DrawFn, choices: list[str], low: int = 1, high: int = 3) -> str:
    return " ".join(draw(st.lists(st.sampled_from(choices), min_size=low, max_size=high)))


# --- notes ------------------------------------------------------------------------------

@st.composite
def sample_sizes(draw: st.DrawFn, drug: str) -> str:
    treated, control = draw(counts), draw(counts)
    return draw(st.sampled_from([
        f"{treated}", f"{treated} + {control} control", f"{treated} + {control} matched control",
        f"(intention-to-treat) {treated} + {control} placebo",
        f"{treated} ({drug.lower()}, corticosteroids) + {control} (corticosteroids and tocilizumab)",
        f"{treated} + {control} (tocilizumab instead)", f"{treated} patients received {drug.lower()}",
        f"{treated} (+ {control} pooled with tocilizumab) out of {treated + control}",
    ]))


@st.composite
def dosages(draw: st.DrawFn) -> str:
    """One to three phases: amount, route, frequency, days or a duration; or two cohorts' doses."""
    def phase() -> str:
        amount = f"{draw(counts)}{draw(st.sampled_from(['', '.5']))} {draw(st.sampled_from(['mg', 'mg/kg', 'g']))}"
        days = draw(st.sampled_from(["", f" on days 1-{draw(st.integers(2, 30))}", f" for {draw(counts)} days",
                                     f" on day {draw(st.integers(1, 9))}", " until day 14", " for up to 10 days"]))
        return f"{amount} {draw(st.sampled_from(ROUTES))} {draw(st.sampled_from(FREQUENCIES))}{days}".replace("  ", " ")
    phases = [phase() for _ in range(draw(st.integers(1, 3)))]
    joiners = [", ", "; ", ", then ", " followed by ", " or ", "; total of 9 doses over 12 days, "]
    text = phases[0]
    for following in phases[1:]:
        text += draw(st.sampled_from(joiners)) + following
    return text


@st.composite
def notes(draw: st.DrawFn, drug: str) -> list[str]:
    """Note paragraphs: prose with results and co-medications, then labelled sentences."""
    prose = draw(st.lists(st.sampled_from([
        f"Clinical improvement in {draw(st.integers(0, 100))}% of patients.",
        f"Significant reduction in {draw(st.sampled_from(MEASURES))} compared to control.",
        f"Survival of {draw(counts)} out of {draw(counts)} critically ill patients.",
        f"In combination with {draw(st.sampled_from(COMEDICATIONS))}.",
        f"{drug} and {draw(st.sampled_from(COMEDICATIONS))} led to a favourable outcome.",
        f"Patients refractory to {draw(st.sampled_from(COMEDICATIONS))} were treated with {drug.lower()}.",
        f"The {draw(st.sampled_from(MEASURES))} was {draw(st.integers(0, 100))}.{draw(st.integers(0, 9))}% lower.",
        f"Treatment with {drug.lower()} ({draw(dosages())}) was safe in {draw(st.sampled_from(CONDITIONS))}.",
        "The treatment was well tolerated.",
    ]), max_size=3))
    labelled = []
    if draw(st.booleans()):
        labelled.append(f"Sample size: {draw(sample_sizes(drug))}.")
    if draw(st.booleans()):
        labelled.append(f"Dosage: {draw(dosages())}.")
    if draw(st.booleans()):
        labelled.append(f"{draw(st.sampled_from(['Endpoint', 'Main outcome', 'Primary endpoint']))}: 28-day mortality.")
    paragraphs = [" ".join(prose + labelled)] if prose or labelled else []
    if draw(st.booleans()):
        paragraphs.append(f"{drug} was given a median of {draw(counts)} days after symptom onset.")
    return paragraphs


# --- the drug page (seed 002) -----------------------------------------------------------

def _page_date(date: datetime.date) -> str:
    return f"{MONTHS[date.month - 1][:3]}/{date.day:02d}/{date.year}"


@st.composite
def references(draw: st.DrawFn, drug: str) -> list[str]:
    """A title, its tag line and population line (each may be missing), notes, a date."""
    head = [f"{drug} in {draw(st.sampled_from(CONDITIONS))}: {_phrase(draw, TITLE_WORDS, 2, 6)}"]
    if draw(st.booleans()):
        head.append(" ".join(draw(st.lists(st.sampled_from(TARGET_TAGS), max_size=2))
                             + draw(st.lists(st.sampled_from(OTHER_TAGS), min_size=1, max_size=4))))
    if draw(st.booleans()):
        impact = draw(st.sampled_from(["", f" {draw(st.integers(0, 90))}.{draw(st.integers(0, 99)):02d}"]))
        head.append(f"{draw(st.sampled_from(POPULATIONS))}{impact}")
    lines = [*head, ""]
    for paragraph in draw(notes(drug)):
        lines += [paragraph, ""]
    return lines + [_page_date(draw(dates))] + [""] * draw(st.integers(0, 2))


@st.composite
def trials(draw: st.DrawFn, drug: str) -> list[str]:
    """A registry row (id, title, status, phases, dates) and its bullets."""
    start, end = sorted([draw(dates), draw(dates)])
    phase = draw(st.sampled_from(["", " Phase 2", " Phase 3", " Phase 2|Phase 3", " Early Phase 1", " N/A"]))
    row = (f"NCT{draw(st.integers(0, 99_999_999)):08d} {drug} in Hospitalised Adults With COVID-19 "
           f"{draw(st.sampled_from(drugpage.TRIAL_STATUSES))}{phase}"
           + draw(st.sampled_from(["", f" {_page_date(start)}", f" {_page_date(start)} {_page_date(end)}"])))
    bullets = {
        "Alternative id": f"{drug[:3].upper()}-{draw(counts)}", "Interventions": f"Drug: {drug}|Drug: Placebo",
        "Study type": "Interventional", "Study results": "No Results Available",
        "Locations": "|".join(draw(st.lists(st.sampled_from(SITES), min_size=1, max_size=3))),
        "Study designs": "Allocation: Randomized|Masking: None (Open Label)|Primary Purpose: Treatment",
        "Enrollment": f"{draw(counts)}", "Age": "18 Years and older   (Adult, Older Adult)",
        "Outcome measures": "28-day mortality|Adverse events",
    }
    kept = draw(st.lists(st.sampled_from(list(bullets)), unique=True))
    return [row, *(f"  • {key} - {bullets[key]}" for key in kept)]


@st.composite
def drug_pages(draw: st.DrawFn) -> Page:
    """A covid19-help.org drug page: header, stated counts, general information, brands,
    sequence, up to three reference tables and the trials table."""
    drug = draw(drug_names())
    kinds = list(drugpage.REFERENCE_SECTIONS)
    tables = {kind: [draw(references(drug)) for _ in range(draw(st.integers(0 if kind != kinds[0] else 1, 4)))]
              for kind in kinds}
    listed = [draw(trials(drug)) for _ in range(draw(st.integers(0, 3)))]
    lines = [drug, "", f"A {_phrase(draw, ['recombinant', 'oral', 'selective', 'monoclonal'])} "
                       f"{draw(st.sampled_from(TARGET_TAGS))} antagonist.", ""]
    for label in drugpage.HEADER_FIELDS:
        lines += [label, "", draw(st.sampled_from(["Recommended by guidelines", "In clinical trials",
                                                   "Other treatment", "Used to treat other disease"])), ""]
    stated = [len(tables[kind]) for kind in kinds] + [len(listed)]
    if draw(st.booleans()):  # a stated count may disagree with its table: a warning
        stated[draw(st.integers(0, 3))] += 1
    for count, label in zip(stated, drugpage.COUNT_LABELS):
        lines += [str(count), label]
    lines += ["", drugpage.GENERAL_INFORMATION, "",
              f"{drug} is used for treatment of rheumatoid arthritis (DrugBank).", "",
              f"{drug} on Wikipedia", "", "", drugpage.MARKETED_AS, "",
              "; ".join(draw(st.lists(st.sampled_from(BRANDS), min_size=1, max_size=3, unique=True))), "", "\u00a0", ""]
    lines += draw(st.lists(st.text("ACDEFGHIKLMNPQRSTVWY", min_size=10, max_size=60), max_size=3)) + ["", ""]
    for kind, heading in zip(kinds, drugpage.REFERENCE_SECTIONS):
        if tables[kind]:
            lines += [heading, "", drugpage.REFERENCE_HEADER] + [line for block in tables[kind] for line in block]
    lines += ["", drugpage.TRIALS_SECTION, "", drugpage.TRIALS_HEADER] + [line for rows in listed for line in rows]
    return Page("drugpage", "\n".join(lines) + "\n", sum(map(len, tables.values())) + len(listed))


# --- the SPS pages (seed 000) -----------------------------------------------------------

def _sps_date(date: datetime.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def _entry_date(date: datetime.date) -> str:
    return f"{MONTHS[date.month - 1][:3]} {date.year % 100:02d}"


@st.composite
def questions(draw: st.DrawFn, drug: str) -> list[str]:
    """A medicines Q&A: its title, then its date glued to the summary."""
    condition = draw(st.sampled_from(["Cytokine Release Syndrome", "Giant Cell Arteritis", "COVID-19"]))
    title = draw(st.sampled_from([
        f"Evidence for use of {drug.lower()} or siltuximab as second line therapies (after failure of "
        f"tocilizumab) for {condition} following use of CAR-T therapy",
        f"Evidence for use of {drug.lower()} as third-line therapy (after failing steroids) in {condition} (CRS)",
        f"Can {drug.lower()} be used in pregnancy?",
    ]))
    return [title, "", f"{_sps_date(draw(dates))}{drug} is licensed for this indication but in some…"]


@st.composite
def storage_pages(draw: st.DrawFn, product: str, company: str) -> list[str]:
    hours = draw(st.sampled_from(["12 hours", "2 weeks", "24 hrs", "7 days", "48 h"]))
    back = draw(st.sampled_from(["must not be put back in the refrigerator", "may be returned to the refrigerator"]))
    return [sps.STORAGE, "", f"{product}{company}", "", company,
            f"{draw(counts)} {draw(st.sampled_from(['mg', 'micrograms', 'units']))} solution for injection in a pre-filled syringe",
            "", "In the event of an inadvertent temperature excursion the following data may be used:", "",
            f"For the purpose of ambulatory use, {product} may be removed from the refrigerator for {hours} at a "
            f"temperature not above {draw(st.integers(8, 40))} °C. At the end of this period, the product {back} "
            "and must be disposed of.", "",
            f"Contact {company} in all cases where a deviation from the recommended storage conditions has occurred.",
            "", "", "Yes - see above.", "No - see above.", _sps_date(draw(dates)),
            draw(st.sampled_from(["London MI Service", "North West MI Service"])), ""]


@st.composite
def lactation_pages(draw: st.DrawFn, drug: str) -> list[str]:
    substance = draw(st.sampled_from([drug, "Recombinant human interleukin-1 receptor antagonist - IL-1Ra",
                                      "Humanised monoclonal antibody against the interleukin-6 receptor - IL-6R",
                                      f"Unknown substance - {drug[:3].upper()}"]))
    points = draw(st.lists(st.sampled_from([
        "Normal component of breast-milk", "Limited published evidence of safety",
        "If clinically indicated monitor infant for signs of infection"]), max_size=3))
    return [sps.LACTATION, "", substance, "", substance, "See summary", *points, _sps_date(draw(dates)), ""]


@st.composite
def new_medicine_pages(draw: st.DrawFn, drug: str, product: str, company: str) -> list[str]:
    """The indication, licence status and company, the regulatory timeline and trial data."""
    indication = "Coronavirus disease 2019 (COVID-19) in hospitalised adults with pneumonia"
    events = [f"{_entry_date(draw(dates))}{draw(st.sampled_from(STEPS))}"
              + draw(st.sampled_from(["", f" [{draw(counts)}].", " – the indication is for adults with suPAR "
                                      f"(soluble urokinase plasminogen activator receptor) of at least {draw(counts)} ng per ml [2]."]))
              for _ in range(draw(st.integers(0, 4)))]
    updates = [f"{_entry_date(draw(dates))}" + draw(st.sampled_from([
        f"Positive data from the PIII double-blind RCT SAVE-MORE trial (n={draw(counts)} pts with COVID-19) "
        f"published in {draw(st.sampled_from(JOURNALS))}. The odds ratio with {drug.lower()} vs. placebo was "
        f"0.{draw(st.integers(10, 99))} (95% CI; 0.2 to 0.9), P = 0.045 [4].",
        f"Pivotal PIII SAVE-MORE study starts (NCT{draw(st.integers(0, 99_999_999)):08d}). "
        f"{draw(counts)} adults will be recruited in Italy and Greece [2].",
        "PIII study is no longer recruiting [3].",
        f"Results from the REMAP-CAP trial: hazard ratio = 0.{draw(st.integers(10, 99))}, p<0.01 [5].",
    ])) for _ in range(draw(st.integers(0, 3)))]
    route = draw(st.sampled_from(["Subcutaneous injection", "Intravenous infusion", "Oral tablets"]))
    return [sps.NEW_MEDICINES, "", f"{product} {indication}", "", "", "Licence extension / variation",
            company, company, "", sps.REGULATORY_STATUS, "", *events, "", "",
            f"A recombinant {draw(st.sampled_from(TARGET_TAGS))} antagonist", indication, route, "",
            sps.FURTHER_INFORMATION, "", "", sps.TRIAL_DATA, "", *updates, ""]


@st.composite
def sps_pages(draw: st.DrawFn) -> Page:
    """An SPS file: one to four pages (Q&A, storage, lactation, new medicine) in any order."""
    drug = draw(drug_names())
    product = draw(st.sampled_from(BRANDS + [drug, f"{drug} Forte"]))
    company = draw(st.sampled_from(["Swedish Orphan Biovitrum", "Roche Products Ltd", "Sanofi", "Eli Lilly"]))
    makers = {"question": questions(drug), "storage": storage_pages(product, company),
              "lactation": lactation_pages(drug), "new medicine": new_medicine_pages(drug, product, company)}
    kinds = draw(st.lists(st.sampled_from(list(makers)), min_size=1, max_size=5))
    blocks = [draw(makers[kind]) for kind in kinds]
    return Page("sps", "\n".join(line for block in blocks for line in block) + "\n", len(blocks))


PAGES: dict[Format, st.SearchStrategy[Page]] = {"drugpage": drug_pages(), "sps": sps_pages()}


# --- damage -----------------------------------------------------------------------------

INSERTS = ["¹", "²", "③", "٣", "５", "ı", "İ", "ſ", "K", "\u00a0", "\u2009", "\u200b", "\u2028", "\u0085",
           "\t", "\x0b", "\u202e", "\u0301", "\ufeff", "😷", "–", "…", "°", "(", ")", "[", "]", "•", " - ", "%"]
"""Characters that pass ``str.isdigit`` but are no digits, letters that only fold to ASCII,
spaces and line breaks of other kinds, marks, brackets and the format's own punctuation."""
RUNS = ["1", " ", "\t", "a", "A", "(", ")", "1.", "1,", "AA-", "in A ", "use of ", "or ", "1 mg or ",
        "versus ", "tocilizumab ", "• a - ", ". A", "1 of ", "n=1 ", "IL-1 ", "; total "]
"""Fragments a megabyte line repeats, besides the line's own words: runs that patterns cross."""
ENCODINGS = ["utf-16", "utf-32", "latin-1", "cp1252", "utf-8-sig", "shift_jis"]


@dataclass(frozen=True, slots=True)
class Scale:
    """How big the damage gets: ``make fuzz`` uses the full size, the pytest run less."""

    long_line: int = 1_000_000
    repeats: int = 3000
    digits: int = 5000
    repeated_lines: int = 20_000
    """At most this many lines repeated: some 3,000 references, read and mapped in ~2.5 s."""
    repeated_bytes: int = 4_000_000
    """At most this much text repeated, so a repeated megabyte line stays a few megabytes."""


@st.composite
def damaged(draw: st.DrawFn, pages: st.SearchStrategy[Page], scale: Scale = Scale()) -> bytes:
    """A generated page broken one to three ways, as the bytes of a file."""
    lines = draw(pages).text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(st.sampled_from(LINE_DAMAGES))(draw, lines, scale)
    data = "\n".join(lines).encode("utf-8")
    return draw(st.sampled_from(BYTE_DAMAGES))(draw, data)


def _at(draw: st.DrawFn, lines: list[str]) -> int:
    return draw(st.integers(0, max(len(lines) - 1, 0)))


def _drop(draw: st.DrawFn, lines: list[str], scale: Scale) -> list[str]:
    at = _at(draw, lines)
    return lines[:at] + lines[at + draw(st.integers(1, 3)):]


def _repeat_line(draw: st.DrawFn, lines: list[str], scale: Scale) -> list[str]:
    at = _at(draw, lines)
    return lines[:at] + lines[at:at + 1] * draw(st.integers(2, 4)) + lines[at + 1:]


def _swap(draw: st.DrawFn, lines: list[str], scale: Scale) -> list[str]:
    first, second = _at(draw, lines), _at(draw, lines)
    lines = list(lines)
    lines[first], lines[second] = lines[second], lines[first]
    return lines


def _empty(draw: st.DrawFn, lines: list[str], scale: Scale) -> list[str]:
    at = _at(draw, lines)
    return lines[:at] + [""] + lines[at + 1:]


def _insert(draw: st.DrawFn, lines: list[str], scale: Scale) -> list[str]:
    at = _at(draw, lines)
    line = lines[at] if lines else ""
    position = draw(st.integers(0, len(line)))
    inserted = "".join(draw(st.lists(st.sampled_from(INSERTS), min_size=1, max_size=4)))
    return lines[:at] + [line[:position] + inserted + line[position:]] + lines[at + 1:]


def _replace_digits(draw: st.DrawFn, lines: list[str], scale: Scale) -> list[str]:
    """A number of thousands of digits, or one written in other digits, where one stood."""
    numbered = [index for index, line in enumerate(lines) if any(char.isdigit() for char in line)]
    if not numbered:
        return lines
    at = draw(st.sampled_from(numbered))
    line = lines[at]
    digit = draw(st.sampled_from([index for index, char in enumerate(line) if char.isdigit()]))
    number = draw(st.sampled_from(["1" * scale.digits, "9" * scale.digits + "." + "9" * 20, "0", "¹",
                                   "١٢", "1" * 16, "00"]))
    return lines[:at] + [line[:digit] + number + line[digit + 1:]] + lines[at + 1:]


def _long_line(draw: st.DrawFn, lines: list[str], scale: Scale) -> list[str]:
    """A line grown to a megabyte: a piece of itself, or a run patterns cross, repeated."""
    at = _at(draw, lines)
    line = lines[at] if lines else ""
    start = draw(st.integers(0, len(line)))
    piece = line[start:start + draw(st.integers(1, 40))] or draw(st.sampled_from(RUNS))
    if draw(st.booleans()):
        piece = draw(st.sampled_from(RUNS))
    grown = line[:start] + piece * (scale.long_line // len(piece)) + line[start:]
    return lines[:at] + [grown] + lines[at + 1:]


def _repeat_block(draw: st.DrawFn, lines: list[str], scale: Scale) -> list[str]:
    """A few lines, such as a reference or a dated entry, repeated thousands of times."""
    at = _at(draw, lines)
    block = lines[at:at + draw(st.integers(1, 12))]
    most = max(2, min(scale.repeats, scale.repeated_lines // max(len(block), 1),
                      scale.repeated_bytes // (sum(map(len, block)) + len(block) + 1)))
    return lines[:at] + block * draw(st.integers(2, most)) + lines[at:]


LINE_DAMAGES = [_drop, _repeat_line, _swap, _empty, _insert, _replace_digits, _long_line, _repeat_block]


def _as_is(draw: st.DrawFn, data: bytes) -> bytes:
    return data


def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[:draw(st.integers(0, len(data)))]


def _flip(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    at = draw(st.integers(0, len(data) - 1))
    return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]


def _encode(draw: st.DrawFn, data: bytes) -> bytes:
    """The same text saved in another encoding (what it cannot hold is replaced)."""
    return data.decode("utf-8").encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


def _line_endings(draw: st.DrawFn, data: bytes) -> bytes:
    return data.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r", b"\n\n"])))


BYTE_DAMAGES = [_as_is, _as_is, _truncate, _flip, _encode, _line_endings]


# --- reading ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Outcome:
    """How a page read: to records and their triples, or to a SourceError's text, and in
    how many CPU seconds."""

    triples: int | None
    error: str | None
    seconds: float


def read_and_map(path: Path) -> Outcome:
    """Read a source file and map its records as ``kg build`` does (graph, N-Triples lines,
    what the ontology entails); a SourceError is an outcome, any other exception is raised.

    A page over the time limit is read again and keeps the quicker time: the machine is a
    shared virtual one, where a stall of the host is counted even in CPU time (a page of
    244 bytes, read in a millisecond, once took 9 s), and a slow reader is slow twice.
    """
    outcome = _read_and_map(path)
    return min(outcome, _read_and_map(path), key=lambda found: found.seconds) \
        if outcome.seconds > TIME_LIMIT else outcome


def _read_and_map(path: Path) -> Outcome:
    started = time.process_time()
    try:
        document = read_source(path)
    except SourceError as error:
        return Outcome(None, str(error), time.process_time() - started)
    _, triples = map_document(document, drug_identities(drug_page_drugs([document])))
    sorted_lines(triples)
    entailments(triples)
    return Outcome(len(triples), None, time.process_time() - started)


def names_its_line(error: str, path: Path, data: bytes) -> bool:
    """Whether an error's text starts with ``PATH:LINE: `` for a line the file has."""
    head, _, message = error.partition(": ")
    place, _, line = head.rpartition(":")
    lines = data.count(b"\n") + data.count(b"\r") + 1
    return place == str(path) and line.isdecimal() and 1 <= int(line) <= lines and bool(message)
