"""Read what a reference's notes state: sample size, dosing, co-medications, endpoint,
effects, and the conditions and populations the reference is about.

Notes are prose followed by labelled sentences, e.g. (seed 002, line 62)
``… Sample size: 52 + 44 control. Dosage: subcutaneously 100 mg twice daily …``.
Each labelled part goes to its own reader (``samples``, ``dosing``); the prose gives the
co-medications and effects. When the notes have no ``Dosage:`` the prose sentence that
doses the studied drug is read instead. Every reader keeps the words it read, so
what it could not structure is still there for a curator.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.lexicon import concept_mentions
from kg.records import DosingRegimen, EffectStatement, SampleSize, Tag
from kg.sources import comedications, dosing, outcomes, samples
from kg.sources.prose import depths, sentences

LABELS = {
    "sample size": "sample_size",
    "dosage": "dosage",
    "endpoint": "endpoint",
    "primary endpoint": "endpoint",
    "main outcome": "endpoint",
    "primary outcome": "endpoint",
}
# (?a:…): matched case-insensitively but looked up by its lower case, so ASCII letters only
# ('ı' and 'İ' would match 'i', 'ſ' would match 's')
_LABEL = re.compile(r"\b((?a:" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")):\s*", re.I)
_COMBINATION = re.compile(r"\bcombination with\b|\bcombined with\b", re.I)
PAEDIATRIC = ("Children", "Adolescents")
"""Population concepts (``data/lexicon/conditions.yaml``, in its order, broadest first) dosed
by weight, where a dose in mg is checked for a likely mg/kg (``dosing.questionable_units``)."""


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """What one reference's notes (with its title and population line) state."""

    sample: SampleSize | None
    dosage_text: str | None
    regimens: tuple[DosingRegimen, ...]
    routes: tuple[str, ...]
    co_medications: tuple[str, ...]
    endpoint: str | None
    effects: tuple[EffectStatement, ...]
    conditions: tuple[str, ...]
    populations: tuple[str, ...]
UNREAD = NoteFacts(None, None, (), (), (), None, (), (), ())
"""What notes too long to read for facts (``prose.unread``) yield."""


def read_notes(notes: str, drug_name: str, title: str = "", population: str | None = None,
               tags: tuple[Tag, ...] = ()) -> NoteFacts:
    """Read a note; ``drug_name`` is the studied drug, never its own co-medication."""
    labelled = _labelled_segments(notes)
    prose = _LABEL.split(notes)[0]
    sample = _sample(labelled.get("sample_size"), drug_name)
    dosage = labelled.get("dosage")
    own_sentences = _without_combination(prose)
    dose_sentences = [] if dosage else _dose_sentences(own_sentences, drug_name)
    regimens = tuple(regimen for text in ([dosage] if dosage else dose_sentences)
                     for regimen in dosing.read_regimens(text))
    route_text = dosage or " ".join(own_sentences)
    routes = tuple(dict.fromkeys(
        [route for regimen in regimens for route in regimen.routes] + list(dosing.routes_in(route_text))
    )) or dosing.routes_in(title)
    treated_arms = [arm.description for arm in (sample.arms if sample else ())
                    if arm.role == "treated" and arm.description
                    and comedications.names_drug(arm.description, drug_name)]
    known = [tag.label for tag in tags if tag.category in ("condition", "population")]
    concepts = concept_mentions(" ".join([title, population or "", notes]), known)
    paediatric = [c.name for c in concepts if c.kind == "population" and c.key in PAEDIATRIC]
    # the narrowest group named (adolescents, beside a children tag)
    if paediatric:
        regimens = dosing.questionable_units(regimens, paediatric[-1])
    return NoteFacts(
        sample=sample,
        dosage_text=dosage or ("; ".join(dose_sentences) or None),
        regimens=regimens,
        routes=tuple(sorted(routes, key=list(dosing.ROUTES).index)),
        co_medications=comedications.co_medications(prose, treated_arms, drug_name),
        endpoint=labelled.get("endpoint"),
        effects=outcomes.effect_statements(prose),
        conditions=tuple(c.key for c in concepts if c.kind == "condition"),
        populations=tuple(c.key for c in concepts if c.kind == "population"),
    )


def _sample(text: str | None, drug_name: str) -> SampleSize | None:
    if not text:
        return None
    return samples.read_sample_size(
        text, lambda words: comedications.names_drug(words, drug_name),
        lambda words: comedications.names_other_drug(words, drug_name))


def _labelled_segments(notes: str) -> dict[str, str]:
    return {key: text for key, (_, text) in labelled_parts(notes).items()}


def labelled_parts(notes: str) -> dict[str, tuple[int, str]]:
    """Each labelled part ``read_notes`` reads (the first stated of each label) with the
    offset in the notes where its words start, so a reader can say which line they stand on."""
    matches = list(_LABEL.finditer(notes))
    found: dict[str, tuple[int, str]] = {}
    for match, end in zip(matches, [m.start() for m in matches[1:]] + [len(notes)]):
        key = LABELS[match.group(1).lower()]
        value = notes[match.end():end]
        text = value.strip().rstrip(".").strip()
        if text and key not in found:
            found[key] = (match.end() + len(value) - len(value.lstrip()), text)
    return found


def _without_combination(prose: str) -> list[str]:
    """Sentences about companion drugs name their doses and routes, not the studied drug's."""
    return [s for s in sentences(prose) if not _COMBINATION.search(s)]


def _dose_sentences(own_sentences: list[str], drug_name: str) -> list[str]:
    """The dosing words of sentences that dose the studied drug: from the first amount to
    the end of the clause holding it (``5 mg/kg twice a day intravenously``)."""
    found = []
    for sentence in own_sentences:
        first = dosing.AMOUNT.search(sentence)
        if first is None or not (comedications.names_drug(sentence, drug_name)
                                 or not comedications.names_other_drug(sentence, drug_name)):
            continue
        words = sentence[first.start():]
        # up to a bracket that closes one opened before the amount
        end = next((position for position, depth in enumerate(depths(words)) if depth < 0), len(words))
        found.append(words[:end].strip(" .,;"))
    return found
