"""Materialise what the ontology entails, so plain SPARQL sees it.

The OWL 2 RL rules the ontology needs are cax-sco (subclass), cax-eqc (equivalent
classes), prp-spo1 (subproperty), prp-dom and prp-rng (domain; range of object
properties), cls-int1 (intersection) and prp-spo2 (a chain of two properties). The axioms
they use are read from the ontology once, with SPARQL, into lookup tables
(``OntologyRules``); ``entailments`` applies them to a set of triples until nothing new
follows. Five of the seven rules need one triple only, so a document's graph is closed
on its own, in the worker that maps it; the two joins whose premises may sit in different
graphs (a target's pathway is in the target lexicon's graph) then run as SPARQL in the
store (``entailments_across``). ``ontology/rules/`` states the same rules as SPARQL
UPDATE, the readable reference a test holds this module to. MEASURED.md is why it is not a generic engine: owlrl is
quadratic, the same rules as SPARQL UPDATE re-scanned the whole store each pass (13 s
at a hundred pages, about 7 us a triple and rule), and HermiT materialises at seed size
only (it checks consistency in ``kg validate``, and a test checks that these rules infer
every type HermiT infers on the seeds).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, Triple

from kg.ontology import ONTOLOGY_FILE, ONTOLOGY_GRAPH
from kg.oxigraph import select
from kg.triples import terms, vocab as v
from kg.triples.iris import INFERRED_GRAPH

Term = NamedNode | BlankNode | Literal
_DEFAULT = DefaultGraph()
_PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
_AXIOMS = {
    "superclasses": "SELECT ?a ?b WHERE { { ?a rdfs:subClassOf ?b } UNION { ?a owl:equivalentClass ?b }"
                    " UNION { ?b owl:equivalentClass ?a } FILTER(isIRI(?a) && isIRI(?b)) }",
    "superproperties": "SELECT ?a ?b WHERE { ?a rdfs:subPropertyOf ?b }",
    "domains": "SELECT ?a ?b WHERE { ?a rdfs:domain ?b FILTER(isIRI(?b)) }",
    "ranges": "SELECT ?a ?b WHERE { ?a a owl:ObjectProperty ; rdfs:range ?b FILTER(isIRI(?b)) }",
    "intersections": "SELECT ?a ?b WHERE { ?a owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first ?b }",
    "chains": "SELECT ?a ?b ?c WHERE { ?c owl:propertyChainAxiom (?a ?b) }",
}


@dataclass(frozen=True)
class OntologyRules:
    """The ontology's axioms as lookup tables: a term to what it entails, one step each."""

    superclasses: dict[NamedNode, tuple[NamedNode, ...]]
    superproperties: dict[NamedNode, tuple[NamedNode, ...]]
    domains: dict[NamedNode, tuple[NamedNode, ...]]
    ranges: dict[NamedNode, tuple[NamedNode, ...]]
    intersections: dict[NamedNode, frozenset[NamedNode]]
    """A class defined as an intersection, and its member classes."""
    chains: tuple[tuple[NamedNode, NamedNode, NamedNode], ...]
    """(first, second, implied): ``x first y . y second z`` implies ``x implied z``."""

    @cached_property
    def defined_by_member(self) -> dict[NamedNode, list[NamedNode]]:
        """A member class to the intersections it is part of."""
        member_of: dict[NamedNode, list[NamedNode]] = defaultdict(list)
        for defined, members in self.intersections.items():
            for member in members:
                member_of[member].append(defined)
        return member_of

    @cached_property
    def chain_firsts(self) -> dict[NamedNode, tuple[NamedNode, NamedNode]]:
        """A chain's first property to (its second, the property implied)."""
        return {first: (second, implied) for first, second, implied in self.chains}

    @cached_property
    def chain_seconds(self) -> dict[NamedNode, tuple[NamedNode, NamedNode]]:
        """A chain's second property to (its first, the property implied)."""
        return {second: (first, implied) for first, second, implied in self.chains}


def load_ontology(store: Store) -> None:
    """Put the ontology in its named graph, where the checks and the explorer read it;
    replaced, not added to, in a store patched from the last build (its blank nodes are new
    at every load, so a second load would double every axiom written with one)."""
    store.remove_graph(ONTOLOGY_GRAPH)
    store.load(path=str(ONTOLOGY_FILE), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)


@cache
def ontology_rules() -> OntologyRules:
    """The ontology's axioms, read once per process."""
    store = Store()
    store.load(path=str(ONTOLOGY_FILE), format=RdfFormat.TURTLE)
    tables: dict[str, dict[NamedNode, list[NamedNode]]] = {}
    for name in ("superclasses", "superproperties", "domains", "ranges", "intersections"):
        table: dict[NamedNode, list[NamedNode]] = defaultdict(list)
        for row in select(store, _PREFIXES + _AXIOMS[name]):
            if row["b"] not in table[row["a"]]:
                table[row["a"]].append(row["b"])
        tables[name] = table
    chains = tuple((row["a"], row["b"], row["c"]) for row in select(store, _PREFIXES + _AXIOMS["chains"]))

    def lookup(name: str) -> dict[NamedNode, tuple[NamedNode, ...]]:
        return {key: tuple(values) for key, values in tables[name].items()}

    return OntologyRules(
        superclasses=lookup("superclasses"), superproperties=lookup("superproperties"),
        domains=lookup("domains"), ranges=lookup("ranges"),
        intersections={key: frozenset(values) for key, values in tables["intersections"].items()},
        chains=chains)


def entailments(triples: Iterable[Triple], rules: OntologyRules | None = None) -> set[Triple]:
    """What the rules add to these triples, until nothing new follows (not the triples)."""
    rules = rules or ontology_rules()
    graph = set(triples)
    added: set[Triple] = set()
    queue = list(graph)
    types: dict[Term, set[NamedNode]] = defaultdict(set)
    chain_objects: dict[tuple[Term, NamedNode], list[Term]] = defaultdict(list)
    chain_subjects: dict[tuple[Term, NamedNode], list[NamedNode | BlankNode]] = defaultdict(list)
    member_of, firsts, seconds = rules.defined_by_member, rules.chain_firsts, rules.chain_seconds

    def add(triple: Triple) -> None:
        if triple not in graph:
            graph.add(triple)
            added.add(triple)
            queue.append(triple)

    while queue:
        subject, predicate, obj = queue.pop()
        if predicate == v.RDF_TYPE and isinstance(obj, NamedNode):
            types[subject].add(obj)
            for superclass in rules.superclasses.get(obj, ()):
                add(Triple(subject, v.RDF_TYPE, superclass))
            for defined in member_of.get(obj, ()):
                if rules.intersections[defined] <= types[subject]:
                    add(Triple(subject, v.RDF_TYPE, defined))
        for superproperty in rules.superproperties.get(predicate, ()):
            add(Triple(subject, superproperty, obj))
        for domain in rules.domains.get(predicate, ()):
            add(Triple(subject, v.RDF_TYPE, domain))
        if not isinstance(obj, Literal):
            for range_class in rules.ranges.get(predicate, ()):
                add(Triple(obj, v.RDF_TYPE, range_class))
        if predicate in firsts:
            second, implied = firsts[predicate]
            chain_subjects[(obj, predicate)].append(subject)
            for end in chain_objects.get((obj, second), ()):
                add(Triple(subject, implied, end))
        if predicate in seconds:
            first, implied = seconds[predicate]
            chain_objects[(subject, predicate)].append(obj)
            for start in chain_subjects.get((subject, first), ()):
                add(Triple(start, implied, obj))
    return added


def entailments_across(store: Store, rules: OntologyRules | None = None) -> list[Triple]:
    """Close the store's default graph under the joins whose premises may come from
    different graphs (intersections and chains), with all that follows from what they
    add; each new fact goes to the default and the inferred graph, and is returned."""
    rules = rules or ontology_rules()
    total: list[Triple] = []
    while True:
        found: set[Triple] = set()
        for first, second, implied in rules.chains:
            query = (f"SELECT DISTINCT ?x ?z WHERE {{ ?x {first} ?y . ?y {second} ?z "
                     f"FILTER NOT EXISTS {{ ?x {implied} ?z }} }}")
            found.update(Triple(row["x"], implied, row["z"]) for row in select(store, query))
        for defined, members in rules.intersections.items():
            pattern = " ".join(f"?x a {member} ." for member in sorted(members, key=str))
            query = f"SELECT DISTINCT ?x WHERE {{ {pattern} FILTER NOT EXISTS {{ ?x a {defined} }} }}"
            found.update(Triple(row["x"], v.RDF_TYPE, defined) for row in select(store, query))
        new = [t for t in found | entailments(found, rules)
               if Quad(t.subject, t.predicate, t.object) not in store]
        if not new:
            return total
        store.extend(Quad(t.subject, t.predicate, t.object, graph)
                     for t in new for graph in (INFERRED_GRAPH, _DEFAULT))
        total += new


def inferred_graph_description() -> list[Triple]:
    """What the inferred graph says of itself."""
    about = (
        (v.RDF_TYPE, v.PROV_ENTITY),
        (v.RDFS_LABEL, terms.text("what the ontology's rules infer")),
        (v.RDFS_COMMENT, terms.english(
            "Facts that follow from the other graphs under the ontology, added by the OWL 2 RL "
            "rules of ontology/rules/ (superclasses, design kinds, pathways a drug acts on).")),
        (v.PROV_DERIVED_FROM, ONTOLOGY_GRAPH),
    )
    return [Triple(INFERRED_GRAPH, predicate, value) for predicate, value in about]

