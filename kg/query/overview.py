"""The dataset at a glance, for the explorer's home page: how many of each kind of thing,
what the dataset says of itself, and the latest date each source states."""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Store

from kg.oxigraph import select

COUNTED = (("Drug", "drugs"), ("Target", "targets"), ("Condition", "conditions"),
           ("Publication", "references"), ("ClinicalTrial", "clinical trials"),
           ("RegulatoryEvent", "regulatory events"), ("SourceDocument", "source documents"))
"""The ontology classes counted on the home page and what a count of each is called."""

_COUNTS = """
PREFIX dk: <https://w3id.org/drugkg/ontology#>
SELECT ?class (COUNT(DISTINCT ?node) AS ?count) WHERE {
  VALUES ?class { %s }
  ?node a ?class .
}
GROUP BY ?class
""" % " ".join(f"dk:{name}" for name, _ in COUNTED)
_DATASET = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?title ?description ?issued ?license ?triples WHERE {
  GRAPH ?graph { ?dataset a void:Dataset ; dct:title ?title ; void:triples ?triples .
    OPTIONAL { ?dataset dct:description ?description }
    OPTIONAL { ?dataset dct:issued ?issued }
    OPTIONAL { ?dataset dct:license ?license } }
}
LIMIT 1
"""
_SOURCE_DATES = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX dk: <https://w3id.org/drugkg/ontology#>
SELECT ?document (MAX(STR(?date)) AS ?latest) WHERE {
  ?document a dk:SourceDocument .
  GRAPH ?document { ?node dct:date ?date }
}
GROUP BY ?document
"""


@dataclass(frozen=True, slots=True)
class Overview:
    """What the home page says about the whole build."""

    counts: tuple[tuple[str, int], ...]
    title: str
    description: str
    issued: str
    license: str
    latest_dates: dict[str, str]


def overview(store: Store) -> Overview:
    """Counts per kind, the dataset's own description, the latest date in each source."""
    counts = {row["class"].value.rsplit("#", 1)[1]: int(row["count"].value) for row in select(store, _COUNTS)}
    dataset = next(iter(select(store, _DATASET)), None)

    def field(name: str) -> str:
        term = dataset[name] if dataset is not None else None
        return "" if term is None else term.value

    return Overview(
        counts=tuple((title, counts.get(name, 0)) for name, title in COUNTED),
        title=field("title"), description=field("description"), issued=field("issued"),
        license=field("license"),
        latest_dates={row["document"].value: row["latest"].value for row in select(store, _SOURCE_DATES)})
