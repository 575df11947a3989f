"""Find things by what people call them: labels, brand names, synonyms and identifiers.

The names of a build are read once (:func:`search_names`, in a query worker) and kept by
the server for that build; each search is then a scan of those names in the server's own
process (:func:`search`), a few milliseconds at a thousand drug pages, with no query
text made from what the user typed.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Store

from kg.oxigraph import select

KINDS = (("Drug", "drug"), ("Product", "brand"), ("Target", "target"), ("Pathway", "pathway"),
         ("Condition", "condition"), ("ClinicalTrial", "trial"), ("RegulatoryEvent", "regulatory event"), ("Organization", "organization"),
         ("DrugClass", "drug class"), ("PopulationGroup", "population"), ("StudyDesign", "design"),
         ("SourceDocument", "source document"))
"""The kinds of node a search finds, in the order hits of equal rank are listed. Not the
references: their titles would be six names in seven and reading them a second at 1,000
pages; a drug's page filters its references by any word instead."""

_NAMES = """
PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
# Each branch starts at the nodes of the kinds searched: a union of names joined to them
# afterwards read every label of the store first (each source line has one), 8 s at 1,000
# pages instead of 1.
SELECT DISTINCT ?node ?class ?how ?text WHERE {
  { VALUES ?class { %(classes)s } ?node a ?class ; rdfs:label ?text BIND("label" AS ?how) }
  UNION { VALUES ?class { %(classes)s } ?node a ?class ; skos:altLabel|dk:trialAcronym ?text BIND("synonym" AS ?how) }
  UNION { VALUES ?class { %(classes)s } ?node a ?class ; dk:hasProduct/rdfs:label ?text BIND("brand" AS ?how) }
  UNION {
    VALUES ?class { %(classes)s }
    ?node a ?class ; skos:notation|dk:nctId|schema:identifier ?text BIND("identifier" AS ?how)
  }
  UNION {
    VALUES ?class { %(classes)s }
    ?node a ?class ; skos:exactMatch ?match
    BIND(REPLACE(STR(?match), "^.*[/#:=]", "") AS ?text) BIND("identifier" AS ?how)
  }
}
""" % {"classes": " ".join(f"dk:{name}" for name, _ in KINDS)}
_KIND_ORDER = {kind: order for order, (_, kind) in enumerate(KINDS)}
_RANKS = {"exact": 0, "prefix": 1, "word": 2}
_HOW_ORDER = ("label", "brand", "synonym", "identifier")


@dataclass(frozen=True, slots=True)
class Name:
    """One name a node goes by: what it is (label, brand, synonym, identifier) and its
    text, with the text's case-folded form and words kept for the scan."""

    iri: str
    kind: str
    label: str
    how: str
    text: str
    folded: str
    words: str

    @classmethod
    def of(cls, iri: str, kind: str, label: str, how: str, text: str) -> Name:
        folded = text.casefold()
        return cls(iri, kind, label, how, text, folded, f" {_words(folded)}")


@dataclass(frozen=True, slots=True)
class Hit:
    """A node found, with the name that matched and how well."""

    iri: str
    kind: str
    label: str
    matched: str
    how: str
    rank: str


def search_names(store: Store) -> tuple[Name, ...]:
    """Every name of every node a search can find, each node shown by its first label."""
    kinds = {f"https://w3id.org/drugkg/ontology#{name}": kind for name, kind in KINDS}
    rows = [(row["node"], kinds[row["class"].value], row["how"].value, row["text"])
            for row in select(store, _NAMES)
            if isinstance(row["node"], NamedNode) and isinstance(row["text"], Literal)]
    labels: dict[str, str] = {}
    for node, _, how, text in sorted(rows, key=lambda row: (row[0].value, row[3].value)):
        if how == "label":
            labels.setdefault(node.value, text.value)
    kind_of: dict[str, str] = {}
    for node, kind, _, _ in sorted(rows, key=lambda row: _KIND_ORDER[row[1]]):
        kind_of.setdefault(node.value, kind)  # a node of two kinds is listed as the first
    return tuple(sorted({Name.of(node.value, kind_of[node.value], labels.get(node.value, text.value), how,
                                 text.value) for node, _, how, text in rows},
                        key=lambda name: (name.iri, _HOW_ORDER.index(name.how), name.text)))


def search(names: Sequence[Name], text: str, limit: int = 50) -> list[Hit]:
    """The nodes one of whose names starts with ``text`` (case-insensitive), or one of its
    words does: exact matches first, then whole-name prefixes, then word prefixes; drugs
    before brands before the rest; each node once, by its best-matching name."""
    wanted = " ".join(text.casefold().split())
    if not wanted:
        return []
    wanted_words = f" {_words(wanted)}"
    best: dict[str, Hit] = {}
    for name in names:
        if name.folded == wanted:
            rank = "exact"
        elif name.folded.startswith(wanted):
            rank = "prefix"
        elif wanted_words != " " and wanted_words in name.words:
            rank = "word"
        else:
            continue
        hit = Hit(name.iri, name.kind, name.label, name.text, name.how, rank)
        known = best.get(name.iri)
        if known is None or _order(hit) < _order(known):
            best[name.iri] = hit
    return sorted(best.values(), key=_order)[:limit]


def _words(text: str) -> str:
    """The words of a name, punctuation read as a space: "SAVE-MORE" holds "more",
    "(CHMP)" holds "chmp"."""
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _order(hit: Hit) -> tuple[int, int, int, str, str]:
    return (_RANKS[hit.rank], _KIND_ORDER[hit.kind], _HOW_ORDER.index(hit.how), hit.label.casefold(), hit.iri)
