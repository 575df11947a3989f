"""The ontology in ontology/drugkg.ttl declares and documents every term kg.triples.vocab writes."""
from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from pyoxigraph import NamedNode
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.triples import vocab
from servers import needs_java

ONTOLOGY = Path(__file__).parents[2] / "ontology" / "drugkg.ttl"
DK = vocab.DK
SCHEMA = vocab.PREFIXES["schema"]
KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
PROPERTY_KINDS = {OWL.ObjectProperty, OWL.DatatypeProperty}


def _vocab_terms() -> dict[str, str]:
    """Python name -> IRI of every dk: term the mapping can write."""
    terms = {name: value.value for name, value in vars(vocab).items() if isinstance(value, NamedNode)}
    terms.update({f"DESIGN_FIELDS[{key!r}]": term.value for key, term in vocab.DESIGN_FIELDS.items()})
    return {name: iri for name, iri in terms.items() if iri.startswith(DK)}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> owlready2.World:
    """The ontology in a fresh owlready2 world: owlready2 cannot parse Turtle, so via N-Triples."""
    nt = tmp_path_factory.mktemp("ontology") / "drugkg.nt"
    Graph().parse(ONTOLOGY, format="turtle").serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(nt.as_uri()).load()
    return world


def _dk_terms(graph: Graph, kinds: set[URIRef]) -> list[URIRef]:
    return sorted(
        {s for kind in kinds for s in graph.subjects(RDF.type, kind)
         if isinstance(s, URIRef) and str(s).startswith(DK)}
    )


def test_vocab_has_dk_terms() -> None:
    terms = _vocab_terms()
    assert vocab.DRUG.value in terms.values()
    assert all(term.value in terms.values() for term in vocab.DESIGN_FIELDS.values())


def test_every_vocab_term_is_declared(graph: Graph) -> None:
    undeclared = {
        name: iri for name, iri in _vocab_terms().items()
        if not set(graph.objects(URIRef(iri), RDF.type)) & KINDS
    }
    assert not undeclared, f"not declared as owl:Class/ObjectProperty/DatatypeProperty: {undeclared}"


def test_classes_and_properties_are_told_apart_by_case(graph: Graph) -> None:
    """dk:StudyDesign is a class, dk:studyDesign a property: a mix-up here is easy to make."""
    wrong = []
    for name, iri in _vocab_terms().items():
        types = set(graph.objects(URIRef(iri), RDF.type))
        is_class = iri[len(DK)].isupper()
        if (OWL.Class in types) != is_class or (not is_class and not types & PROPERTY_KINDS):
            wrong.append((name, iri, sorted(types)))
    assert not wrong


def test_every_dk_term_has_label_and_comment(graph: Graph) -> None:
    terms = _dk_terms(graph, KINDS)
    assert len(terms) > len(_vocab_terms()) // 2
    missing = [
        (str(term), what) for term in terms for what, predicate in (("label", RDFS.label), ("comment", RDFS.comment))
        if not any(o.language == "en" for o in graph.objects(term, predicate))
    ]
    assert not missing, f"missing English rdfs:label/rdfs:comment: {missing}"


def test_every_dk_property_has_domain_and_range(graph: Graph) -> None:
    missing = [
        (str(p), what) for p in _dk_terms(graph, PROPERTY_KINDS)
        for what, predicate in (("domain", RDFS.domain), ("range", RDFS.range))
        if graph.value(p, predicate) is None
    ]
    assert not missing


def test_tag_classes_are_skos_concepts(graph: Graph) -> None:
    concept = URIRef(vocab.SKOS_CONCEPT.value)
    for tag_class in (vocab.TARGET, vocab.CONDITION, vocab.STUDY_DESIGN, vocab.POPULATION_GROUP,
                      vocab.SEVERITY, vocab.SUBSTANCE_CLASS, vocab.TAG):
        assert (URIRef(tag_class.value), RDFS.subClassOf, concept) in graph
    for tag_link in (vocab.HAS_STUDY_DESIGN, vocab.CONCERNS_TARGET, vocab.CONCERNS_CONDITION,
                     vocab.STUDIED_POPULATION, vocab.DISEASE_SEVERITY, vocab.HAS_SUBSTANCE_CLASS):
        assert (URIRef(tag_link.value), RDFS.subPropertyOf, URIRef(vocab.HAS_TAG.value)) in graph


def test_ontology_header(graph: Graph) -> None:
    ontology = URIRef("https://w3id.org/drugkg/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in graph
    assert str(graph.value(ontology, OWL.versionInfo)) == "0.1.0"


def test_owlready2_loads_it(world: owlready2.World) -> None:
    drug = world[vocab.DRUG.value]
    assert drug is not None
    assert world[vocab.HAS_TARGET.value] in set(world.object_properties())
    assert world[vocab.IMPACT_FACTOR.value] in set(world.data_properties())


@needs_java
def test_hermit_finds_it_consistent(world: owlready2.World) -> None:
    # xsd:date (dk:startDate, dk:completionDate) is not in the OWL 2 datatype map, and
    # HermiT refuses the ontology unless told to ignore datatypes it does not support.
    owlready2.sync_reasoner(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
    assert list(world.inconsistent_classes()) == []


def test_dk_drug_is_a_schema_drug(graph: Graph, world: owlready2.World) -> None:
    schema_drug = SCHEMA + "Drug"
    assert (URIRef(vocab.DRUG.value), RDFS.subClassOf, URIRef(schema_drug)) in graph
    assert world[schema_drug] in world[vocab.DRUG.value].ancestors()
