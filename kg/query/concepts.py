"""Resolve what a user types for a tag, condition or population to the label the graph uses.

A canned query's ``tag``, ``condition`` or ``population`` parameter is bound as one
concept's ``rdfs:label`` (an exact term the query looks up, never pasted text). The value
matches, case-insensitively and ignoring punctuation (``covid 19`` = ``COVID-19``), first
by the concept's IRI, then its label, then a synonym the graph states (``skos:altLabel``,
from the condition lexicon), then a synonym of the parameter lexicon
(``data/lexicon/parameters.yaml``: ``RCT``, ``severe``, ``kids``); the first of these that
matches decides. A ``tag`` is any tag of a reference (design, condition, population,
severity, substance class, target) or a kind of design the ontology infers, so ``RCT``
finds every randomized controlled design. What matches nothing is an error naming the
nearest known names (difflib's ratio, or a word they start with), so a typo is never
mistaken for absent evidence.
"""
from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal as Kind

import yaml

from kg.errors import QueryError, quoted
from kg.packaged import shared
from kg.query.results import Table, Term

Select = Callable[[str, Mapping[str, Term]], Table]
"""An engine's SELECT: query text and bindings in, results out."""
ConceptKind = Kind["tag", "condition", "population"]
CONCEPT_KINDS: tuple[ConceptKind, ...] = ("tag", "condition", "population")
SYNONYMS_FILE = shared("lexicon") / "parameters.yaml"

_PREFIXES = """PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_NAMED = """
    ?entity rdfs:label ?label .
    { ?entity rdfs:label ?name BIND(1 AS ?rank) } UNION { ?entity skos:altLabel ?name BIND(2 AS ?rank) }
"""
# The kinds of design the ontology infers for the designs in the graph: their labels are
# in the ontology's graph (GRAPH ?g: Virtuoso matches nothing in GRAPH <constant IRI>).
_DESIGN_KINDS = """
    SELECT DISTINCT ?entity ?label ?name ?rank WHERE {
      ?design a dk:StudyDesign , ?entity .
      FILTER(?entity != dk:StudyDesign && STRSTARTS(STR(?entity), "https://w3id.org/drugkg/ontology#"))
      GRAPH ?ontology { ?entity rdfs:label ?label }
      BIND(?label AS ?name) BIND(1 AS ?rank)
    }
"""
_NAMES: dict[ConceptKind, str] = {
    "condition": _PREFIXES + "SELECT ?entity ?label ?name ?rank WHERE { ?entity a dk:Condition ."
    + _NAMED + "}",
    "population": _PREFIXES + "SELECT ?entity ?label ?name ?rank WHERE { ?entity a dk:PopulationGroup ."
    + _NAMED + "}",
    "tag": _PREFIXES + """SELECT ?entity ?label ?name ?rank WHERE {
  {
    VALUES ?class { dk:StudyDesign dk:Condition dk:PopulationGroup dk:Severity dk:SubstanceClass dk:Target }
    ?entity a ?class .""" + _NAMED + "  } UNION {" + _DESIGN_KINDS + "  }\n}",
}
_SUGGESTIONS = 5
_KNOWN_SHOWN = 8


def concept_label(kind: ConceptKind, raw: str, parameter: str, select: Select) -> Term:
    """The label of the one concept of this kind that ``raw`` names, as the graph's term.

    :raises QueryError: ``raw`` names no concept of the kind, or two with different labels.
    """
    names = [name for row in select(_NAMES[kind], {}).rows if (name := _Name.of(row)) is not None]
    key = match_key(raw)
    synonyms = load_synonyms()
    tiers: tuple[Callable[[_Name], bool], ...] = (
        lambda name: name.entity == raw,
        lambda name: name.rank == 1 and name.key == key,
        lambda name: name.rank == 2 and name.key == key,
        lambda name: name.rank == 1 and name.key in synonyms.get(key, ()),
    )
    for matches in tiers:
        labels = sorted({name.label for name in names if matches(name)}, key=_sort_key)
        if len(labels) == 1:
            return labels[0]
        if labels:
            shown = ", ".join(repr(label.value) for label in labels)
            raise QueryError(f"{kind} {quoted(raw)} for parameter '{parameter}' is ambiguous: "
                             f"it means {shown}; pass one of them")
    raise QueryError(f"unknown {kind} {quoted(raw)} for parameter '{parameter}': "
                     f"{_nearest(key, names, synonyms)}")


def match_key(text: str) -> str:
    """Text as names are compared: case-folded, punctuation and spacing as one space."""
    return " ".join(re.split(r"[\W_]+", text.casefold())).strip()


@functools.cache
def load_synonyms() -> dict[str, tuple[str, ...]]:
    """The parameter lexicon as match key of a synonym -> match keys of the labels it means.

    :raises QueryError: the file is not a list of ``means`` / ``synonyms`` entries.
    """
    entries = yaml.safe_load(SYNONYMS_FILE.read_text(encoding="utf-8"))
    meanings: dict[str, tuple[str, ...]] = {}
    for entry in entries if isinstance(entries, list) else [None]:
        if not (isinstance(entry, dict) and isinstance(entry.get("means"), str)
                and isinstance(entry.get("synonyms"), list)):
            raise QueryError(f"{SYNONYMS_FILE}: expected entries with 'means' and a list of "
                             f"'synonyms', got {quoted(str(entry))}")
        for synonym in entry["synonyms"]:
            key = match_key(str(synonym))
            meanings[key] = (*meanings.get(key, ()), match_key(entry["means"]))
    return meanings


@dataclass(frozen=True, slots=True)
class _Name:
    """One name of a concept: its IRI, its label term, the name, 1 for a label, 2 a synonym."""

    entity: str
    label: Term
    name: str
    rank: int
    key: str

    @classmethod
    def of(cls, row: Sequence[Term | None]) -> _Name | None:
        entity, label, name, rank = row
        if entity is None or label is None or name is None or rank is None:
            return None
        return cls(entity.value, label, name.value, int(rank.value), match_key(name.value))


def _sort_key(term: Term) -> tuple[str, str]:
    return term.value.casefold(), str(term)


def _nearest(key: str, names: Sequence[_Name], synonyms: Mapping[str, tuple[str, ...]]) -> str:
    """The labels of the concepts whose names are closest to ``key``: a name with a word
    it starts, then difflib's nearest; or, with none near, the first labels there are."""
    labels = {name.key: name.label.value for name in names if name.rank == 1}
    meaning: dict[str, list[str]] = {}
    for name in names:
        meaning.setdefault(name.key, []).append(name.label.value)
    for synonym, meant in synonyms.items():
        meaning.setdefault(synonym, []).extend(labels[label] for label in meant if label in labels)
    known = sorted(known for known, meant in meaning.items() if meant)
    nearest: list[str] = []
    if key and len(key) <= 200:  # difflib is quadratic; nothing typed that long is near a name
        starts = [near for near in known if len(key) >= 3 and any(word.startswith(key) for word in near.split())]
        for near in starts + difflib.get_close_matches(key, known, _SUGGESTIONS):
            nearest.extend(meaning[near])
    if nearest:
        return "nearest known: " + ", ".join(list(dict.fromkeys(nearest))[:_SUGGESTIONS])
    every = sorted(set(labels.values()), key=str.casefold)
    listed = ", ".join(every[:_KNOWN_SHOWN]) + (f", ... ({len(every)} in all)" if len(every) > _KNOWN_SHOWN else "")
    return f"none is near it; known: {listed}" if every else "the graph has none"
