"""No term is used in the built data or in a canned query that the ontology does not
declare, so every class and property a researcher meets has a label and a definition."""
from __future__ import annotations

import pathlib

import pytest
import rdflib
from pyoxigraph import DefaultGraph
from rdflib.namespace import OWL, RDF
from rdflib.paths import Path
from rdflib.plugins.sparql import prepareQuery

from kg.ontology import ONTOLOGY_FILE
from kg.query.catalog import load_catalog
from kg.store.location import open_store
from kg.triples import vocab as v

DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
BUILT_IN = tuple(v.PREFIXES[name] for name in ("rdf", "rdfs", "xsd", "owl"))
CATALOG = load_catalog()


@pytest.fixture(scope="module")
def declared() -> set[str]:
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    return {str(s) for kind in DECLARATIONS for s in ontology.subjects(RDF.type, kind)}


def _vocabulary_terms(iris: set[str]) -> set[str]:
    """Class and property IRIs: not the built-in vocabularies, not data nodes or graphs."""
    return {iri for iri in iris if not iri.startswith((*BUILT_IN, v.ID))
            and iri not in ("https://w3id.org/drugkg/ontology", v.DK)}


def test_every_class_and_property_in_the_data_is_declared(seed_out: pathlib.Path, declared: set[str]) -> None:
    store = open_store(seed_out)
    used = set()
    for quad in store.quads_for_pattern(None, None, None, DefaultGraph()):
        used.add(quad.predicate.value)
        if quad.predicate == v.RDF_TYPE:
            used.add(quad.object.value)
    terms = _vocabulary_terms(used)
    assert len(terms) > 100
    assert terms - declared == set()


def _iris(node: object) -> set[str]:
    """Every IRI in a parsed query's algebra."""
    if isinstance(node, rdflib.URIRef):
        return {str(node)}
    if isinstance(node, dict):
        return set().union(*(_iris(value) for value in node.values()))
    if isinstance(node, (list, tuple, set)):
        return set().union(*(_iris(value) for value in node))
    if isinstance(node, Path):  # property paths: a/b, a|b, ^a, a* keep their IRIs in attributes
        return _iris(vars(node))
    return set()


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_term_a_canned_query_uses_is_declared(name: str, declared: set[str]) -> None:
    algebra = prepareQuery(CATALOG[name].text).algebra
    terms = _vocabulary_terms(_iris(algebra))
    assert terms, "a canned query names at least one class or property"
    assert terms - declared == set()
