"""Turn the OWL axioms a single node can break into SPARQL the store answers at build speed:
disjoint classes (OWL 2 RL cax-dw, cax-adc), functional data properties (prp-fp) and
maximum cardinality one (cls-maxc2).

The axioms are read from the ontology once; each becomes one query that counts a node's
classes in a disjoint group, or its distinct values of a property, so the store scans
each class or property once. Written as one query joining the ontology's graph with the
data, the store paired every node's types or values first and took seconds per hundred
pages; here only the few nodes that break an axiom are paired up, for the message.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from pyoxigraph import DefaultGraph, Literal, NamedNode, RdfFormat, Store

from kg.ontology import ONTOLOGY_FILE
from kg.ontology.constraints import NODES, only_nodes
from kg.oxigraph import select

_PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
_GROUPS = """SELECT ?group ?class WHERE {
  { ?group a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?class }
  UNION { ?class owl:disjointWith ?other BIND(CONCAT(STR(?class), " ", STR(?other)) AS ?group) }
  UNION { ?other owl:disjointWith ?class BIND(CONCAT(STR(?other), " ", STR(?class)) AS ?group) }
} ORDER BY ?group ?class"""
_FUNCTIONAL = "SELECT ?property WHERE { ?property a owl:FunctionalProperty } ORDER BY ?property"
_MAX_ONE = """SELECT ?class ?property WHERE {
  ?class rdfs:subClassOf ?restriction . ?restriction owl:onProperty ?property ; owl:maxCardinality ?max .
  FILTER(?max = 1)
} ORDER BY ?class ?property"""
_LABELS = "SELECT ?term ?label WHERE { ?term rdfs:label ?label }"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class _Axioms:
    disjoint_groups: tuple[frozenset[NamedNode], ...]
    functional: tuple[NamedNode, ...]
    max_one: tuple[tuple[NamedNode, NamedNode], ...]
    labels: dict[NamedNode, str]


def axiom_findings(store: Store, nodes: Sequence[NamedNode] | None = None) -> list[tuple[str, str, bool]]:
    """(node, message, False) for every node of the default graph (or every given node)
    that breaks an axiom."""
    axioms = _read_axioms()
    found = set(_disjoint(store, axioms, nodes))
    for prop in axioms.functional:
        label = axioms.labels.get(prop, prop.value)
        found.update((node, f"has more than one {label}: {first} and {second}")
                     for node, first, second in _two_values(store, nodes, prop))
    for cls, prop in axioms.max_one:
        label = axioms.labels.get(cls, cls.value)
        found.update((node, f"is a {label} with more than one <{prop.value}>: {first} and {second}")
                     for node, first, second in _two_values(store, nodes, prop, cls))
    return sorted((node, message, False) for node, message in found)


def _disjoint(store: Store, axioms: _Axioms, nodes: Sequence[NamedNode] | None) -> Iterator[tuple[str, str]]:
    for members in axioms.disjoint_groups:
        classes = " ".join(str(member) for member in sorted(members, key=str))
        # every member of the classes, or the given nodes' classes among them
        pattern = (f"VALUES ?class {{ {classes} }} ?node a ?class" if nodes is None
                   else f"{NODES}?node a ?class FILTER(?class IN ({', '.join(map(str, sorted(members, key=str)))}))")
        query = f"SELECT ?node WHERE {{ {pattern} }} GROUP BY ?node HAVING (COUNT(DISTINCT ?class) > 1)"
        for row in select(store, only_nodes(query, nodes)):
            types = {quad.object for quad in store.quads_for_pattern(row["node"], RDF_TYPE, None, DefaultGraph())
                     if isinstance(quad.object, NamedNode)}
            for first, second in combinations(sorted(types & members, key=lambda c: c.value), 2):
                yield row["node"].value, (
                    f"is both a {axioms.labels.get(first, first.value)} and a "
                    f"{axioms.labels.get(second, second.value)}, which the ontology declares disjoint")


def _two_values(store: Store, nodes: Sequence[NamedNode] | None, prop: NamedNode,
                cls: NamedNode | None = None) -> Iterator[tuple[str, str, str]]:
    """Nodes (of a class) with two literal values of a property, each pair in text order."""
    typed = f"?node a {cls} ." if cls else ""
    query = (f"SELECT ?node WHERE {{ {NODES}{typed} ?node {prop} ?value FILTER(isLiteral(?value)) }}"
             " GROUP BY ?node HAVING (COUNT(DISTINCT STR(?value)) > 1)")
    for row in select(store, only_nodes(query, nodes)):
        values = sorted({quad.object.value for quad in store.quads_for_pattern(row["node"], prop, None, DefaultGraph())
                         if isinstance(quad.object, Literal)})
        for first, second in combinations(values, 2):
            yield row["node"].value, first, second


@cache
def _read_axioms() -> _Axioms:
    ontology = Store()
    ontology.load(path=str(ONTOLOGY_FILE), format=RdfFormat.TURTLE)
    groups: dict[str, set[NamedNode]] = {}
    for row in select(ontology, _PREFIXES + _GROUPS):
        groups.setdefault(str(row["group"]), set()).add(row["class"])
    return _Axioms(
        disjoint_groups=tuple(frozenset(members) for _, members in sorted(groups.items())),
        functional=tuple(row["property"] for row in select(ontology, _PREFIXES + _FUNCTIONAL)),
        max_one=tuple((row["class"], row["property"]) for row in select(ontology, _PREFIXES + _MAX_ONE)),
        labels={row["term"]: row["label"].value for row in select(ontology, _PREFIXES + _LABELS)},
    )
