"""Write a synthetic corpus of source pages for timing ``kg build`` at scale.

Each drug page follows the covid19-help.org export of seed ``002_…txt`` (header fields,
stated counts, brands, sequence, reference tables, trials table) with 40-80 references of
varied tags, populations, impact factors, sample sizes and dosages; about one drug in ten
also gets an NHS SPS file in the layout of seed ``000_…txt`` (Q&A, storage, lactation,
new medicine) naming its brand, so the link stage has work to do. Every page reads
without warnings. Names are invented from syllables, one per index, and collide neither
with each other nor with data/lexicon/drugs.yaml; NCT ids are unique per trial. Output
depends on (pages, seed) only, byte for byte. The science is NOT realistic: timing only.

Run: .venv/bin/python benchmarks/corpus.py OUT_DIR --pages 1000 [--seed 0]
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

MONTHS = "January February March April May June July August September October November December".split()
ONSETS = "Zel Vor Tal Bex Cor Dran Fen Gal Hel Ix Jor Kel Lum Mor Nev Ost Pral Quel Ras Sel Tor Ul Vex Xan Yr"\
    .split()
MIDDLES = "ra li to ve ma ne si ru da ko pe zi lo ta xi ba".split()
BRAND_ENDS = "vora ique exa ryn ido elle anza ora ya tiq erra osa".split()  # no INN stem: not a drug in prose
# INN stem -> (substance tag, what the drug is, target tags it may have); the lexicon's INN-stem
# rule finds a -mab, -kinra ... name in prose, so notes and SPS Q&As link to the drug
CLASSES = {
    "kimab": ("Antibody", "humanised monoclonal antibody against", ["IL-6", "IL-6R", "IL-1", "IL-17"]),
    "zumab": ("Antibody", "humanised monoclonal antibody against", ["TNF", "GM-CSF", "IL-6R"]),
    "vimab": ("Antibody", "neutralising monoclonal antibody against the", ["Spike protein"]),
    "kinra": ("Protein factor", "recombinant receptor antagonist of", ["IL-1"]),
    "cept": ("Protein factor", "soluble decoy receptor fusion protein binding", ["TNF", "IL-1"]),
    "citinib": ("Small molecule", "selective oral inhibitor of", ["JAK1", "JAK2", "JAK"]),
    "previr": ("Small molecule", "oral protease inhibitor of", ["3CLpro", "PLpro"]),
    "buvir": ("Small molecule", "nucleotide analogue inhibitor of", ["RdRpol"]),
}
NAME_SPACE = len(ONSETS) * len(MIDDLES) ** 2 * len(CLASSES)
SEVERITIES = ["Mild severity", "Moderate severity", "Severe severity", "Critical severity"]
CONDITIONS = {"ARDS": "acute respiratory distress syndrome", "Pneumonia": "pneumonia",
              "Cytokine storm": "cytokine storm", "Thrombosis": "thrombosis"}
POPULATION_TAGS = ["Children", "Elderly", "Adults", "Pregnant women", "Immunocompromised"]
# design tag -> (title phrases, shape of its sample size)
DESIGNS = {
    "Case report": (["a case report", "case report of a patient"], "one"),
    "Case series": (["a case series", "a single-centre case series"], "few"),
    "Cohort study": (["a retrospective cohort study", "a prospective cohort study",
                      "an observational cohort study"], "control"),
    "Retrospective study": (["a retrospective multicentre analysis"], "control"),
    "Randomized controlled open trial": (["an open-label randomised controlled trial"], "control"),
    "Randomized controlled double-blind trial": (["a randomised, double-blind, placebo-controlled trial",
                                                  "results of a double-blind randomised trial"], "placebo"),
    "Non-randomized controlled open trial": (["a non-randomised open-label controlled study"], "control"),
    "Meta-analysis": (["a systematic review and meta-analysis"], "none"),
}
# a population line without a tag line must not read as tags (kg.sources.tags.is_tag_line)
POPULATIONS = ["Patients", "Hospitalised patients", "Severe COVID-19 patients", "Critically ill patients",
               "ICU patients", "Pneumonia patients", "ARDS patients", "Elderly patients",
               "Patients with hyperinflammation", "Kidney transplant recipients", "Pregnant patients",
               "Paediatric patients with MIS-C", "A patient", "A critically ill patient",
               "Outpatients with mild COVID-19", "Patients at risk of respiratory failure"]
COMEDS = ["dexamethasone", "remdesivir", "methylprednisolone", "enoxaparin", "tocilizumab",
          "hydroxychloroquine", "intravenous immunoglobulin", "heparin"]
PLACES = ["Spain", "Italy", "Greece", "France", "Brazil", "India", "Japan", "the USA", "Germany",
          "Turkey", "Iran", "Mexico", "the UK", "Poland", "Egypt"]
OUTCOMES = ["Significant reduction in mortality or need of invasive mechanical ventilation.",
            "Clinical improvement in {p}% of patients.", "Survival of {k} out of {n} patients.",
            "Faster recovery and shorter hospital stay compared to control.",
            "No significant difference in time to clinical improvement compared to control.",
            "Rapid reduction of inflammation markers (CRP, ferritin, IL-6).",
            "The treatment was well tolerated; no serious adverse events were attributed to it."]
ENDPOINTS = ["28-day mortality", "Need for mechanical ventilation", "Time to clinical improvement",
             "Clinical status on day 15 (WHO ordinal scale)", "Length of hospital stay"]
SITES = ["Hospital Universitario La Paz, Madrid, Spain", "Ospedale San Raffaele, Milan, Italy",
         "Attikon University Hospital, Athens, Greece", "Hopital Bichat, Paris, France",
         "Charite Universitatsmedizin, Berlin, Germany", "Massachusetts General Hospital, Boston, United States",
         "Hospital Israelita Albert Einstein, Sao Paulo, Brazil", "AIIMS, New Delhi, India",
         "St Thomas' Hospital, London, United Kingdom", "Osaka University Hospital, Osaka, Japan"]
TRIAL_STATES = ["Completed", "Recruiting", "Terminated", "Active, not recruiting", "Withdrawn"]
PHASES = ["Phase 2", "Phase 3", "Phase 2|Phase 3", "Phase 1", "Phase 4"]
JOURNALS = ["The Lancet Respiratory Medicine", "Nature Medicine", "The New England Journal of Medicine", "JAMA"]
# each a known regulatory step (kg.sources.guidance.STEP_KINDS), oldest first
REGULATORY_PATHS = [["Filed in the EU", "Recommended for EU approval by CHMP", "Approved in the EU"],
                    ["Currently pre-registration in the EU", "Approved in the EU", "Launched in the UK"],
                    ["Filed in the US", "Granted emergency use authorisation by the FDA"]]
INDICATION = "Coronavirus disease 2019 (COVID-19) in hospitalised adults with pneumonia"
REFERENCE_SECTIONS = {"supporting": "Supporting references", "contradictory": "Contradictory references",
                      "ai-suggested": "AI-suggested references"}
START, DAYS = datetime.date(2020, 3, 1), 1200
_IMPACT = re.compile(r"^(?P<population>.+ )(?P<impact>\d+\.\d\d)$")
_PAGE_DATE = re.compile(r"^[A-Z][a-z]{2}/\d\d/\d{4}$")


@dataclass
class Reference:
    """A generated reference, as its page will show it."""

    kind: str
    title: str
    tags: list[str]
    population: str | None
    notes: list[str]
    date: datetime.date
    sample_total: int = 0


@dataclass
class Drug:
    """A generated drug: what its page and its SPS file are made from."""

    index: int
    name: str
    brand: str
    stem: str
    target: str
    references: list[Reference] = field(default_factory=list)
    trials: list[str] = field(default_factory=list)


def drug_name(index: int, seed: int, brand: bool = False) -> str:
    """A distinct invented name per index and seed: a bijection onto syllable strings.

    :raises ValueError: the index is past the names there are.
    """
    if not 0 <= index < NAME_SPACE:
        raise ValueError(f"expected at most {NAME_SPACE} pages, got page index {index}")
    n = (index * (7919 if brand else 7907) + seed * 104729) % NAME_SPACE
    n, ending = divmod(n, len(BRAND_ENDS) if brand else len(CLASSES))
    n, second = divmod(n, len(MIDDLES))
    n, first = divmod(n, len(MIDDLES))
    return ONSETS[n % len(ONSETS)] + MIDDLES[first] + MIDDLES[second] \
        + (BRAND_ENDS[ending] if brand else list(CLASSES)[ending])


def _date(rng: random.Random) -> datetime.date:
    return START + datetime.timedelta(days=rng.randrange(DAYS))


def _page_date(date: datetime.date) -> str:
    return f"{MONTHS[date.month - 1][:3]}/{date.day:02d}/{date.year}"


def _sample(rng: random.Random, shape: str) -> tuple[str, int] | None:
    treated, control = rng.randint(12, 400), rng.randint(10, 300)
    few = rng.randint(2, 15)
    return {"one": ("1", 1), "few": (str(few), few), "none": None,
            "control": rng.choice([(f"{treated} + {control} control", treated + control),
                                   (f"{treated} + {control} matched control", treated + control),
                                   (f"{treated} + {control} historical control", treated + control),
                                   (str(treated), treated)]),
            "placebo": (f"(intention-to-treat) {treated} + {control} placebo", treated + control)}[shape]


def _dosage(rng: random.Random, stem: str) -> str:
    a, d = rng.choice([50, 100, 150, 200, 400]), rng.choice([5, 7, 10, 14])
    if CLASSES[stem][0] == "Small molecule":
        return rng.choice([f"{a} mg orally twice a day for {d} days", f"{a // 10} mg orally once daily for {d} days",
                           f"{a} mg orally on day 1, followed by {a // 2} mg daily on days 2-{d}"])
    return rng.choice([f"{a} mg subcutaneously twice a day for {d} days", f"single dose of {a // 25} mg/kg IV",
                       f"{a // 25} mg/kg IV every 6 hours on days 1-3, then {a} mg daily on days 4-{d}",
                       f"subcutaneously {a} mg twice daily on days 1-3, {a} mg daily on days 4-{d}"])


def _title(drug: Drug, rng: random.Random, design: str, condition: str, severity: list[str]) -> str:
    phrase, place = rng.choice(DESIGNS[design][0]), rng.choice(PLACES)
    return rng.choice([
        f"{drug.name} in {rng.choice(POPULATIONS).lower()} with {CONDITIONS[condition]}: {phrase}",
        f"Efficacy and safety of {drug.name.lower()} in COVID-19 {CONDITIONS[condition]}: {phrase} from {place}",
        f"{drug.name} and {rng.choice(COMEDS)} in {severity[0].split()[0].lower() if severity else 'hospitalised'}"
        f" COVID-19: {phrase}",
        f"Outcomes of {drug.name.lower()} treatment in {place} ({rng.randint(2020, 2023)}): {phrase}",
    ])


def _reference(drug: Drug, kind: str, rng: random.Random, seen: set[str]) -> Reference:
    """One reference with a title new to ``seen``; its tag or population line may be missing."""
    design, condition = rng.choice(list(DESIGNS)), rng.choice(list(CONDITIONS))
    severity = rng.sample(SEVERITIES, rng.choice([0, 1, 1, 2]))
    title = ""
    while not title or title in seen:  # a reference's IRI is its drug, title and date
        title = _title(drug, rng, design, condition, severity)
    seen.add(title)
    tags = ([drug.target] if rng.random() < 0.85 else []) + (["IL-6"] if rng.random() < 0.1 else []) \
        + ([condition] if rng.random() < 0.3 else []) + severity + [CLASSES[drug.stem][0]] \
        + ([rng.choice(POPULATION_TAGS)] if rng.random() < 0.2 else []) + [design]
    population = rng.choice(POPULATIONS) if rng.random() < 0.95 else None
    if population and rng.random() < 0.75:
        population += f" {rng.lognormvariate(1.5, 0.8):.2f}"
    sentences = [rng.choice(OUTCOMES).format(p=rng.randint(40, 95), k=rng.randint(5, 20), n=rng.randint(21, 40))]
    if rng.random() < 0.3:
        sentences.insert(0, f"In combination with {rng.choice(COMEDS)}.")
    sample = _sample(rng, DESIGNS[design][1]) if rng.random() < 0.85 else None
    sentences += [f"Sample size: {sample[0]}."] if sample else []
    sentences += [f"Dosage: {_dosage(rng, drug.stem)}."] if rng.random() < 0.75 else []
    if rng.random() < 0.3:
        sentences.append(f"{rng.choice(['Endpoint', 'Main outcome'])}: {rng.choice(ENDPOINTS)}.")
    notes = [" ".join(sentences)]
    if rng.random() < 0.2:
        notes.append(f"Treatment with {drug.name.lower()} started a median of {rng.randint(2, 9)} days "
                     "after symptom onset.")
    return Reference(kind, title, tags if rng.random() < 0.9 else [], population, notes, _date(rng),
                     sample[1] if sample else 0)


def make_drug(index: int, seed: int = 0) -> Drug:
    """The drug of page ``index``: its names, target, references and trial ids."""
    rng = random.Random(f"{seed}:{index}")
    name = drug_name(index, seed)
    stem = next(stem for stem in CLASSES if name.endswith(stem))
    drug = Drug(index, name, drug_name(index, seed, brand=True), stem, rng.choice(CLASSES[stem][2]))
    kinds = ["contradictory"] * rng.choice([0, 0, 1, 2, 3]) + ["ai-suggested"] * rng.choice([0, 0, 1, 3])
    kinds = ["supporting"] * (rng.randint(40, 80) - len(kinds)) + kinds
    seen: set[str] = set()
    drug.references = [_reference(drug, kind, rng, seen) for kind in kinds]
    drug.trials = [f"NCT{8_000_000 + 3 * index + k:08d}" for k in range(rng.choice([0, 1, 1, 2, 3]))]
    return drug


def _head_lines(drug: Drug, rng: random.Random) -> list[str]:
    substance, what, _ = CLASSES[drug.stem]
    counts = [str(sum(r.kind == kind for r in drug.references)) for kind in REFERENCE_SECTIONS]
    brands = drug.brand.upper() if len(drug.brand) < 10 else drug.brand  # 10 capitals may read as a sequence
    brands += rng.choice(["", "", f"; {drug.brand} Pen", f"; {drug.brand} IV"])
    author, year = rng.choice(["Rossi", "Garcia", "Papadopoulos", "Tanaka"]), rng.randint(2020, 2023)
    head = [f"{drug.name}\u00a0", "", f"A {what} {drug.target}.", "", "Phase of research", "",
            rng.choice(["Recommended by guidelines", "In clinical trials", "Preclinical research"]), "",
            "How it helps", "", rng.choice(["Other treatment", "Anti-inflammatory", "Antiviral"]), "",
            "Drug status", "", rng.choice(["Used to treat other disease", "Experimental", "Approved"]), "",
            counts[0], "Supporting references", counts[1], "Contradictory references", counts[2],
            "AI-suggested references", str(len(drug.trials)), "Clinical trials", "", "General information", "",
            f"{drug.name} is a {what} {drug.target}, first developed for rheumatoid arthritis (DrugBank).", "",
            f"A cohort study by {author} et al. ({year}) suggests that {drug.name.lower()} is safe in "
            "hospitalised patients with COVID-19 pneumonia.", "",
            f"{drug.name} on Wikipedia", "", "", "Marketed as", "", brands, "", "\u00a0", ""]
    if substance != "Small molecule":
        head += ["".join(rng.choice("ACDEFGHIKLMNPQRSTVWY") for _ in range(rng.randint(46, 60)))
                 for _ in range(3)] + [""]
    return head + [""]


def _reference_lines(reference: Reference) -> list[str]:
    head = [reference.title, *([" ".join(reference.tags)] if reference.tags else []),
            *([reference.population] if reference.population else []), ""]
    return head + [line for note in reference.notes for line in (note, "")] + [_page_date(reference.date)]


def _trial_lines(drug: Drug, nct: str, rng: random.Random) -> list[str]:
    start, acronym = _date(rng), f"{drug.name[:4].upper()}-{nct[-3:]}"
    end = start + datetime.timedelta(days=rng.randint(120, 700))
    masking = rng.choice(["None (Open Label)", "Double (Participant, Investigator)"])
    bullets = {
        "Alternative id": acronym, "Interventions": f"Drug: {drug.name}|Drug: Placebo",
        "Study type": "Interventional", "Study results": rng.choice(["No Results Available", "Has Results"]),
        "Locations": "|".join(rng.sample(SITES, rng.randint(1, 4))),
        "Study designs": "Allocation: Randomized|Intervention Model: Parallel Assignment|"
                         f"Masking: {masking}|Primary Purpose: Treatment",
        "Enrollment": str(rng.randint(40, 1200)), "Age": "18 Years and older \u00a0 (Adult, Older Adult)",
        "Outcome measures": f"{rng.choice(ENDPOINTS)}|Adverse events",
    }
    return [f"{nct} Study of {drug.name} in Hospitalised Adults With COVID-19 ({acronym}) "
            f"{rng.choice(TRIAL_STATES)} {rng.choice(PHASES)} {_page_date(start)} {_page_date(end)}",
            *(f"  \u2022 {key} - {value}" for key, value in bullets.items())]


def drug_page_text(drug: Drug, seed: int = 0) -> str:
    """The drug page as the site exports it, its stated counts matching its tables."""
    rng = random.Random(f"{seed}:{drug.index}:page")
    lines = _head_lines(drug, rng)
    for kind, heading in REFERENCE_SECTIONS.items():
        references = [r for r in drug.references if r.kind == kind]
        if references:
            lines += [heading, "", "Link Tested on Impact factor Notes Publication date"]
            lines += [line for reference in references for line in _reference_lines(reference)] + [""]
    lines += ["Clinical trials", "", "ID Title Status Phase Start date Completion date"]
    lines += [line for nct in drug.trials for line in _trial_lines(drug, nct, rng)]
    return "\n".join(lines) + "\n"


def _sps_date(date: datetime.date, entry: bool = False) -> str:
    """``Dec 21`` starting a dated entry, ``19 November 2020`` for a page's date."""
    return f"{MONTHS[date.month - 1][:3]} {date.year % 100:02d}" if entry \
        else f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def _new_medicine_lines(drug: Drug, company: str, rng: random.Random) -> list[str]:
    first = _date(rng)
    events = [f"{_sps_date(first + datetime.timedelta(days=62 * k), True)}{step} [{k + 1}]."
              for k, step in enumerate(rng.choice(REGULATORY_PATHS))]
    biologic = CLASSES[drug.stem][0] != "Small molecule"
    lines = ["New Medicines", "", f"{drug.brand} {INDICATION}", "", "", "Licence extension / variation",
             company, company, "", "Development and Regulatory status", "", *reversed(events), "", "",
             f"A {CLASSES[drug.stem][1]} {drug.target}", INDICATION,
             "Subcutaneous injection" if biologic else "Oral tablets",
             "", "Further information", "", "", "Trial or other data", ""]
    trial = f"{drug.name[:4].upper()}-CARE"
    published = max(drug.references, key=lambda r: r.sample_total)  # a publication the link stage can match
    lines.append(f"{_sps_date(published.date, True)}Positive data from the PIII double-blind RCT {trial} trial "
                 f"(n={published.sample_total} pts with COVID-19) published in {rng.choice(JOURNALS)}. The odds "
                 f"ratio of a worse clinical status with {drug.name.lower()} vs. placebo was "
                 f"0.{rng.randint(30, 89)} (95% CI; 0.21 to 0.95).")
    # a named trial needs its id (the shapes say so); not one of the page's, whose enrollment differs
    lines.append(f"{_sps_date(first, True)}PIII {trial} study starts (NCT{9_000_000 + drug.index:08d}). "
                 f"{rng.randint(200, 900)} adults will be recruited in Italy and Greece.")
    return lines


def sps_page_text(drug: Drug, seed: int = 0) -> str:
    """An SPS file on the drug's brand: Q&A, storage (biologics), lactation, new medicine."""
    rng = random.Random(f"{seed}:{drug.index}:sps")
    brand, company = drug.brand, f"{drug.brand[:3]}{rng.choice(['gen', 'vance', 'thera'])} Pharma"
    lines = []
    if rng.random() < 0.5:
        lines += [f"Evidence for use of {drug.name.lower()} as second line therapy (after failure of "
                  f"{rng.choice(COMEDS)}) for Cytokine Release Syndrome", "",
                  f"{_sps_date(_date(rng))}CAR-T therapy often causes cytokine release syndrome, treated first "
                  f"with tocilizumab; {drug.name.lower()} has been used in some centres\u2026"]
    if CLASSES[drug.stem][0] != "Small molecule":
        stored = datetime.date(2012, 1, 1) + datetime.timedelta(days=drug.index)  # storage IRIs are by date
        lines += ["Refrigerated Storage", "", f"{brand}{company}", "", company,
                  f"{rng.choice([100, 150, 200])} mg solution for injection in a pre-filled syringe", "",
                  "In the event of an inadvertent temperature excursion the following data may be used:", "",
                  f"For the purpose of ambulatory use, {brand} may be removed from the refrigerator for "
                  f"{rng.choice([12, 24, 48])} hours at a temperature not above {rng.choice([25, 30])} \u00b0C. At "
                  "the end of this period, the product must not be put back in the refrigerator and must be "
                  "disposed of.", "", f"Contact {company} Ltd in all cases where a deviation from the "
                  "recommended storage conditions has occurred.", "", "", _sps_date(stored), "London MI Service", ""]
    if rng.random() < 0.7:
        substance = rng.choice([drug.name, f"{CLASSES[drug.stem][1].capitalize()} {drug.target} - "
                                           f"{drug.name[:3].upper()}"])
        lines += ["Lactation Safety Information", "", substance, "", substance, "See summary",
                  "No published evidence of safety in breastfeeding",
                  "If clinically indicated monitor infant for signs of infection", _sps_date(_date(rng)), ""]
    return "\n".join(lines + _new_medicine_lines(drug, company, rng)) + "\n"


def _has_sps(index: int, sps_fraction: float) -> bool:
    """Whether drug ``index`` gets an SPS file: floor(pages * fraction) of them, spread evenly."""
    return int((index + 1) * sps_fraction) > int(index * sps_fraction)


def write_corpus(directory: Path, pages: int, seed: int = 0, sps_fraction: float = 0.1) -> list[Path]:
    """Write ``pages`` drug pages (plus SPS pages for about sps_fraction of the drugs)
    into directory; return the paths, sorted. Files are named like the seeds, by crawl order.

    :raises ValueError: more pages than there are invented names.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index in range(pages):
        drug = make_drug(index, seed)
        texts = [("drug", drug_page_text(drug, seed))]
        texts += [("sps", sps_page_text(drug, seed))] if _has_sps(index, sps_fraction) else []
        for kind, text in texts:
            digest = hashlib.sha256(f"{seed}:{kind}:{len(written)}".encode()).hexdigest()[:16]
            path = directory / f"{len(written):04d}_{digest}.txt"
            path.write_bytes(text.encode("utf-8"))
            written.append(path)
    return sorted(written)


def edit_page(path: Path, seed: int) -> None:
    """Change one reference of a generated drug page (its impact factor, notes or title,
    as seed picks) so an incremental build has one page to redo; the page stays valid.

    :raises ValueError: the file is not a generated drug page.
    """
    rng = random.Random(seed)
    lines = path.read_text(encoding="utf-8").split("\n")
    dates = [i for i, line in enumerate(lines) if _PAGE_DATE.match(line)]
    if not dates:
        raise ValueError(f"{path}: expected a generated drug page with dated references")
    titles = [i + 1 for i in range(len(lines) - 1)
              if lines[i + 1] and (_PAGE_DATE.match(lines[i]) or lines[i].startswith("Link Tested on"))]
    impacts = [i for i, line in enumerate(lines) if _IMPACT.match(line)]
    choice = rng.choice(["impact", "note", "title"] if impacts else ["note", "title"])
    if choice == "impact":
        at = rng.choice(impacts)
        match = _IMPACT.match(lines[at])
        assert match is not None
        lines[at] = f"{match.group('population')}{float(match.group('impact')) + rng.randint(1, 99) / 100:.2f}"
    elif choice == "note":
        at = rng.choice(dates) - 2  # a date follows its last notes paragraph and a blank line
        lines[at] = f"Follow-up data were reported after {rng.randint(2, 24)} months. {lines[at]}"
    else:
        at = rng.choice(titles)
        lines[at] += f" ({rng.choice(PLACES)} update {rng.randint(1, 99)})"
    path.write_bytes("\n".join(lines).encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description="Write synthetic source pages for timing kg build.")
    parser.add_argument("out_dir", type=Path, help="directory to write the pages into")
    parser.add_argument("--pages", type=int, required=True, help="number of drug pages")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sps-fraction", type=float, default=0.1, help="share of drugs with an SPS file")
    args = parser.parse_args()
    paths = write_corpus(args.out_dir, args.pages, args.seed, args.sps_fraction)
    print(f"wrote {len(paths)} files ({args.pages} drug pages) to {args.out_dir}")


if __name__ == "__main__":
    main()
