"""The mapping turns the seed drug page into the right triples with stable IRIs."""
from __future__ import annotations

import datetime
import hashlib
from functools import cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from paths import DRUG_PAGE, SPS_PAGES
from kg.link import lexicon_identities
from kg.records import Document
from kg.sources import read_source
from kg.triples import document_quads, iris, quad_key, vocab as v

XSD = "http://www.w3.org/2001/XMLSchema#"
ANAKINRA = NamedNode("https://w3id.org/drugkg/id/drug/anakinra")
TRIAL = NamedNode("https://w3id.org/drugkg/id/trial/NCT04443881")
SOURCE = NamedNode("https://w3id.org/drugkg/id/source/002-0671227eafe6e4ef")


@cache
def seed_documents() -> tuple[Document, ...]:
    return (read_source(SPS_PAGES), read_source(DRUG_PAGE))


@cache
def quads_of(path: Path) -> list[Quad]:
    """One seed document's quads, its drugs named as the build names them (identities
    over both seeds and the curated lexicon)."""
    documents = list(seed_documents())
    identities, _ = lexicon_identities(documents)
    (document,) = [d for d in documents if d.path == str(path)]
    return document_quads(document, identities)


def _objects(quads: list[Quad], subject: NamedNode, predicate: NamedNode) -> set[object]:
    return {q.object for q in quads if q.subject == subject and q.predicate == predicate}


def test_every_quad_is_in_the_document_graph() -> None:
    quads = quads_of(DRUG_PAGE)
    assert {q.graph_name for q in quads} == {SOURCE}


def test_drug_has_label_target_brands_and_provenance() -> None:
    quads = quads_of(DRUG_PAGE)
    assert _objects(quads, ANAKINRA, v.RDFS_LABEL) == {Literal("Anakinra")}
    assert _objects(quads, ANAKINRA, v.HAS_TARGET) == {NamedNode("https://w3id.org/drugkg/id/target/il-1")}
    assert _objects(quads, ANAKINRA, v.HAS_PRODUCT) == {
        NamedNode("https://w3id.org/drugkg/id/product/kineret"),
        NamedNode("https://w3id.org/drugkg/id/product/perkinra"),
    }
    assert _objects(quads, ANAKINRA, v.PROV_DERIVED_FROM) == {SOURCE}
    assert _objects(quads, ANAKINRA, v.STATED_SUPPORTING) == {Literal("57", datatype=NamedNode(XSD + "integer"))}


def test_references_are_typed_publications_with_typed_literals() -> None:
    quads = quads_of(DRUG_PAGE)
    publications = _objects(quads, ANAKINRA, v.SUPPORTING_REFERENCE)
    assert len(publications) == 57
    save_more = iris.publication_iri(
        "Anakinra",
        "Early treatment of COVID-19 with anakinra guided by soluble urokinase plasminogen "
        "receptor plasma levels: a double-blind, randomized controlled phase 3 trial",
        datetime.date(2021, 9, 3),
    )
    assert save_more in publications
    assert _objects(quads, save_more, v.DCT_DATE) == {Literal("2021-09-03", datatype=NamedNode(XSD + "date"))}
    assert _objects(quads, save_more, v.IMPACT_FACTOR) == {Literal("53.44", datatype=NamedNode(XSD + "decimal"))}
    assert _objects(quads, save_more, v.SAMPLE_SIZE) == {Literal("594", datatype=NamedNode(XSD + "integer"))}
    assert _objects(quads, save_more, v.SOURCE_LINE) == {Literal("329", datatype=NamedNode(XSD + "integer"))}
    assert _objects(quads, save_more, v.HAS_STUDY_DESIGN) == {
        NamedNode("https://w3id.org/drugkg/id/design/phase-iii-clinical-trial"),
        NamedNode("https://w3id.org/drugkg/id/design/randomized-controlled-double-blind-trial"),
    }


def test_study_designs_are_skos_concepts_in_a_scheme() -> None:
    quads = quads_of(DRUG_PAGE)
    design = NamedNode("https://w3id.org/drugkg/id/design/cohort-study")
    assert _objects(quads, design, v.RDF_TYPE) == {
        v.STUDY_DESIGN, v.SKOS_CONCEPT, v.DESIGN_KIND_CLASSES["cohort"]}
    assert _objects(quads, design, v.SKOS_PREF_LABEL) == {Literal("Cohort study", language="en")}
    assert _objects(quads, design, v.SKOS_IN_SCHEME) == {NamedNode("https://w3id.org/drugkg/id/scheme/design")}


def test_trial_fields_and_sites() -> None:
    quads = quads_of(DRUG_PAGE)
    assert _objects(quads, TRIAL, v.TRIAL_PHASE) == {Literal("Phase 2"), Literal("Phase 3")}
    assert _objects(quads, TRIAL, v.ENROLLMENT) == {Literal("179", datatype=NamedNode(XSD + "integer"))}
    assert _objects(quads, TRIAL, v.START_DATE) == {Literal("2020-05-08", datatype=NamedNode(XSD + "date"))}
    assert _objects(quads, TRIAL, v.DESIGN_FIELDS["Masking"]) == {Literal("None (Open Label)")}
    assert _objects(quads, TRIAL, v.INVESTIGATES_DRUG) == {ANAKINRA}
    sites = _objects(quads, TRIAL, v.HAS_TRIAL_SITE)
    assert len(sites) == 12
    assert {o for s in sites for o in _objects(quads, s, v.COUNTRY)} == {Literal("Spain")}  # type: ignore[arg-type]


def test_documents_carry_checksum_and_publisher() -> None:
    quads = quads_of(SPS_PAGES)
    source = NamedNode("https://w3id.org/drugkg/id/source/000-1214d6c9dd7415a1")
    publisher = NamedNode("https://w3id.org/drugkg/id/organization/nhs-sps")
    assert _objects(quads, source, v.DCT_PUBLISHER) == {publisher}
    assert _objects(quads, publisher, v.RDFS_LABEL) == {Literal("NHS Specialist Pharmacy Service")}
    assert _objects(quads, source, v.SHA256) == {Literal(hashlib.sha256(SPS_PAGES.read_bytes()).hexdigest())}


def test_every_name_of_the_drug_gets_the_drug_page_identity() -> None:
    """The SPS pages call it Kineret; it is the drug page's Anakinra, one IRI and label."""
    quads = quads_of(SPS_PAGES)
    assert {q.graph_name for q in quads} == {NamedNode("https://w3id.org/drugkg/id/source/000-1214d6c9dd7415a1")}
    drugs = {q.object for q in quads if q.predicate == v.CONCERNS_DRUG}
    assert drugs == {ANAKINRA}
    assert _objects(quads, ANAKINRA, v.RDFS_LABEL) == {Literal("Anakinra")}
    assert not any(q.subject == NamedNode("https://w3id.org/drugkg/id/drug/kineret") for q in quads)


def test_quads_are_sorted_and_unique() -> None:
    quads = quads_of(DRUG_PAGE)
    assert len(set(quads)) == len(quads)
    assert quads == sorted(quads, key=quad_key)


def test_iris_are_deterministic_slugs() -> None:
    assert iris.slug("Vall d´Hebron, Aragón") == "vall-d-hebron-aragon"
    assert iris.drug_iri("Anakinra") == ANAKINRA
    assert iris.trial_iri("nct04443881") == TRIAL
    date = datetime.date(2020, 5, 29)
    first = iris.publication_iri("Anakinra", "Anakinra for severe forms of COVID-19: a cohort study", date)
    again = iris.publication_iri("anakinra", " Anakinra for severe forms of COVID-19: a cohort study ", date)
    assert first == again
