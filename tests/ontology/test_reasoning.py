"""What ``kg build`` infers, checked against the seeds, against the rules as SPARQL in
ontology/rules/ and against HermiT's own inferences."""
from __future__ import annotations

from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, serialize

from kg.ontology import ONTOLOGY_DIR, ONTOLOGY_IRI
from kg.ontology.reasoning import load_ontology
from kg.ontology.validation import hermit_world
from kg.store.build import BuildReport, build
from kg.store.export import graph_size
from kg.store.location import open_store
from kg.triples import vocab as v
from kg.triples.iris import DATASET, INFERRED_GRAPH
from paths import SEEDS
from servers import needs_java

ID = v.ID
RDBT = NamedNode(ID + "design/randomized-controlled-double-blind-trial")


def _types(store: Store, node: NamedNode) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(node, v.RDF_TYPE, None, DefaultGraph())}


def test_a_randomized_double_blind_trial_is_a_randomized_trial_is_an_interventional_study(
        seed_out: Path) -> None:
    types = _types(open_store(seed_out), RDBT)
    assert {v.DK + name for name in ("RandomizedDoubleBlindDesign", "RandomizedControlledDesign",
                                     "RandomizedDesign", "InterventionalDesign", "StudyDesign")} <= types
    assert v.DK + "ObservationalDesign" not in types
    assert v.PREFIXES["skos"] + "Concept" in types


def test_a_drug_that_targets_the_il6_receptor_acts_on_il6_signalling(seed_out: Path) -> None:
    store = open_store(seed_out)
    acts_on = NamedNode(v.DK + "actsOnPathway")
    pathway = NamedNode(ID + "pathway/il-6-signalling")
    drugs = {q.subject.value for q in store.quads_for_pattern(None, acts_on, pathway, INFERRED_GRAPH)}
    assert drugs == {ID + "drug/tocilizumab", ID + "drug/siltuximab"}
    assert not any(store.quads_for_pattern(NamedNode(ID + "drug/anakinra"), acts_on, pathway, None))


def test_superclasses_from_other_vocabularies_are_materialised(seed_out: Path) -> None:
    store = open_store(seed_out)
    assert v.PREFIXES["schema"] + "Drug" in _types(store, NamedNode(ID + "drug/anakinra"))
    trial = NamedNode(ID + "trial/NCT04443881")
    assert v.PREFIXES["schema"] + "MedicalTrial" in _types(store, trial)
    # inferred facts are in the inferred graph only, never in a document's graph
    inferred = Quad(trial, v.RDF_TYPE, NamedNode(v.PREFIXES["schema"] + "MedicalTrial"), INFERRED_GRAPH)
    assert inferred in set(store.quads_for_pattern(trial, v.RDF_TYPE, None, None))
    assert not any(q for q in store.quads_for_pattern(trial, v.RDF_TYPE, None, None)
                   if q.object == inferred.object and q.graph_name not in (INFERRED_GRAPH, DefaultGraph()))


def test_the_inferred_graph_says_what_it_is(seed_out: Path) -> None:
    store = open_store(seed_out)
    labels = {q.object.value for q in store.quads_for_pattern(INFERRED_GRAPH, v.RDFS_LABEL, None, INFERRED_GRAPH)}
    assert labels == {"what the ontology's rules infer"}


def test_no_reason_builds_without_inferences(tmp_path: Path, seed_build: tuple[Path, BuildReport]) -> None:
    report = build([SEEDS], tmp_path, reason=False)
    assert report.inferred == 0 and seed_build[1].inferred > 500
    store = open_store(tmp_path)
    assert graph_size(store, INFERRED_GRAPH) == 0
    assert v.DK + "RandomizedControlledDesign" not in _types(store, RDBT)


@needs_java
def test_the_rules_infer_every_dk_type_hermit_infers(seed_out: Path) -> None:
    """HermiT, given the ontology and the asserted facts, infers no dk: class membership
    the rules missed, and the rules infer none that HermiT does not."""
    store = open_store(seed_out)
    asserted = [q.triple for q in store.quads_for_pattern(None, None, None, None)
                if isinstance(q.graph_name, NamedNode) and q.graph_name.value.startswith(ID + "source/")]
    world = hermit_world(serialize(asserted, format=RdfFormat.N_TRIPLES))
    design_nodes = {t.subject for t in asserted if t.predicate == v.HAS_STUDY_DESIGN} | {
        t.object for t in asserted if t.predicate == v.HAS_STUDY_DESIGN}
    checked = 0
    for node in sorted(design_nodes, key=str):
        individual = world[node.value]
        hermit = {c.iri for c in individual.INDIRECT_is_a if hasattr(c, "iri") and c.iri.startswith(v.DK)}
        rules = {iri for iri in _types(store, node) if iri.startswith(v.DK)}
        assert rules == hermit, node
        checked += 1
    assert checked > 60


def test_the_build_infers_exactly_what_the_sparql_rules_infer(seed_out: Path) -> None:
    """``ontology/rules/*.ru`` run to a fixpoint over the seeds' asserted graphs, the
    readable reference, give the build's inferred graph, triple for triple."""
    built = open_store(seed_out)
    reference = Store()
    load_ontology(reference)
    for quad in built.quads_for_pattern(None, None, None, None):
        if quad.graph_name not in (DefaultGraph(), INFERRED_GRAPH, DATASET, NamedNode(ONTOLOGY_IRI)):
            reference.add(quad)
            reference.add(Quad(quad.subject, quad.predicate, quad.object, DefaultGraph()))
    rules = [path.read_text(encoding="utf-8") for path in sorted((ONTOLOGY_DIR / "rules").glob("*.ru"))]
    size = 0
    while size != len(reference):
        size = len(reference)
        for rule in rules:
            reference.update(rule)
    expected = {q.triple for q in reference.quads_for_pattern(None, None, None, INFERRED_GRAPH)}
    inferred = {q.triple for q in built.quads_for_pattern(None, None, None, INFERRED_GRAPH)
                if q.subject != INFERRED_GRAPH}
    assert len(expected) > 500 and inferred == expected
