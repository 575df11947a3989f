"""The ontology stage: the OWL ontology and SHACL shapes in ``ontology/``, what they infer
and what they check in a built graph, and the human-readable page made from them."""
from __future__ import annotations

from pyoxigraph import NamedNode

from kg.packaged import shared

ONTOLOGY_DIR = shared("ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "drugkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_IRI = "https://w3id.org/drugkg/ontology"
ONTOLOGY_GRAPH = NamedNode(ONTOLOGY_IRI)
"""The store's named graph holding the ontology, where the rules and checks read it."""
