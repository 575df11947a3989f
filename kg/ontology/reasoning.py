"""Materialise what the ontology entails into the store, so plain SPARQL sees it.

The OWL 2 RL rules the ontology needs (subclass, equivalence, intersection, subproperty,
property chain, domain and range) are SPARQL UPDATE files in ``ontology/rules/``, run in
pyoxigraph until nothing new follows. They read the ontology from its own named graph and
write what they infer to the inferred graph and the default graph. MEASURED.md is why:
owlrl is quadratic, and HermiT (kept for consistency in ``kg validate``) materialises at
seed size only; a test checks that the rules infer every type HermiT infers on the seeds.
"""
from __future__ import annotations

from pyoxigraph import RdfFormat, Store, Triple

from kg.ontology import ONTOLOGY_DIR, ONTOLOGY_FILE, ONTOLOGY_GRAPH
from kg.store.export import add_to_graph, graph_size
from kg.triples import terms, vocab as v
from kg.triples.iris import INFERRED_GRAPH

RULES_DIR = ONTOLOGY_DIR / "rules"


def load_ontology(store: Store) -> None:
    """Put the ontology in its named graph, where the rules and the explorer read it."""
    store.load(path=str(ONTOLOGY_FILE), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)


def materialise(store: Store) -> int:
    """Run every rule until a pass adds nothing, then say what the inferred graph is;
    return the number of inferred triples."""
    rules = [path.read_text(encoding="utf-8") for path in sorted(RULES_DIR.glob("*.ru"))]
    size = len(store)
    while True:
        for rule in rules:
            store.update(rule)
        if len(store) == size:
            break
        size = len(store)
    inferred = graph_size(store, INFERRED_GRAPH)
    about = (
        (v.RDF_TYPE, v.PROV_ENTITY),
        (v.RDFS_LABEL, terms.text("what the ontology's rules infer")),
        (v.RDFS_COMMENT, terms.english(
            "Facts that follow from the other graphs under the ontology, added by the OWL 2 RL "
            "rules of ontology/rules/ (superclasses, design kinds, pathways a drug acts on).")),
        (v.PROV_DERIVED_FROM, ONTOLOGY_GRAPH),
    )
    add_to_graph(store, [Triple(INFERRED_GRAPH, predicate, value) for predicate, value in about], INFERRED_GRAPH)
    return inferred
