"""What a canned query's form offers for each kind of parameter that names things.

The query gallery fills a pick-list per parameter type from the graph: the drugs' labels
and brand names (what kg.query.params binds a ``drug`` by), the targets' and pathways'
labels, and the labels of the concepts a ``condition``, ``population`` or ``tag`` names
(kg.query.concepts: the tags of references and the kinds of design the ontology infers).
Each choice is a value a user may submit and a short note on what it is. The lists are
offered, not enforced: a synonym or abbreviation the binding accepts stays valid. The
queries are constant text; nothing a user types reaches them.
"""
from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Store

from kg.oxigraph import select

Choice = tuple[str, str]
"""A value for the form and a note on it (``("Kineret", "brand of Anakinra")``)."""

_PREFIXES = """PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_DRUGS = _PREFIXES + """SELECT ?value ?note WHERE {
  { ?drug a dk:Drug ; rdfs:label ?value BIND("drug" AS ?note) }
  UNION
  { ?drug a dk:Drug ; rdfs:label ?label ; dk:hasProduct/rdfs:label ?value
    BIND(CONCAT("brand of ", STR(?label)) AS ?note) }
}"""
_LABELLED = _PREFIXES + """SELECT ?value ?note WHERE {
  VALUES (?class ?note) {
    %s
  }
  ?entity a ?class ; rdfs:label ?value .
}"""
_TAG_CLASSES = """(dk:StudyDesign "design") (dk:Condition "condition") (dk:PopulationGroup "population")
    (dk:Severity "severity") (dk:SubstanceClass "substance class") (dk:Target "target")"""
# The kinds of design the ontology infers for the designs in the graph, their labels in the
# ontology's graph, as kg.query.concepts matches them.
_DESIGN_KINDS = _PREFIXES + """SELECT DISTINCT ?value ("kind of design" AS ?note) WHERE {
  ?design a dk:StudyDesign , ?kind .
  FILTER(?kind != dk:StudyDesign && STRSTARTS(STR(?kind), "https://w3id.org/drugkg/ontology#"))
  GRAPH ?ontology { ?kind rdfs:label ?value }
}"""
_QUERIES: dict[str, tuple[str, ...]] = {
    "drug": (_DRUGS,),
    "target": (_LABELLED % '(dk:Target "target")',),
    "pathway": (_LABELLED % '(dk:Pathway "pathway")',),
    "condition": (_LABELLED % '(dk:Condition "condition")',),
    "population": (_LABELLED % '(dk:PopulationGroup "population")',),
    "tag": (_LABELLED % _TAG_CLASSES, _DESIGN_KINDS),
}
PICKED_TYPES = tuple(_QUERIES)
"""The parameter types that get a pick-list."""


def parameter_choices(store: Store) -> dict[str, tuple[Choice, ...]]:
    """Each picked parameter type's choices, sorted case-insensitively, one per spelling
    that differs beyond case (``Kineret`` stands for ``KINERET``: the binding ignores case).
    """
    return {kind: _sorted_once(choice for text in queries for choice in _rows(store, text))
            for kind, queries in _QUERIES.items()}


def _rows(store: Store, text: str) -> list[Choice]:
    return [(row["value"].value, row["note"].value) for row in select(store, text)
            if row["value"] is not None and row["note"] is not None]


def _sorted_once(choices: Iterable[Choice]) -> tuple[Choice, ...]:
    kept: dict[str, Choice] = {}
    for value, note in sorted(choices, key=lambda choice: (choice[0].casefold(), choice[0].isupper(), choice)):
        kept.setdefault(value.casefold(), (value, note))
    return tuple(kept.values())
