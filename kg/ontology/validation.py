"""Check a built graph: SHACL shapes, the OWL axioms a single node can break (disjoint
classes, functional properties, cardinality), and HermiT's verdict on the whole.

Every build checks the shapes compiled to SPARQL (``kg.ontology.constraints``) and the
axioms in the store; ``kg validate`` runs pyshacl, the reference SHACL engine, and HermiT.

Every finding names the node and, through its provenance, the file and line it was read
from, so a curator can go straight to the page to fix (``002_anakinra.txt:88: ...``).
"""
from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from dataclasses import dataclass

import owlready2
import pyshacl
import rdflib
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store, Variable, serialize
from rdflib.namespace import SH

from kg.errors import KgError
from kg.ontology import ONTOLOGY_DIR, ONTOLOGY_FILE, ONTOLOGY_IRI, SHAPES_FILE
from kg.ontology.axioms import axiom_findings
from kg.ontology.constraints import shape_findings
from kg.oxigraph import select, serialized
from kg.triples.vocab import curie

CHECKS_DIR = ONTOLOGY_DIR / "checks"
_NODES_AT_ONCE = 500
_ORIGIN = """
PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?node ?file ?line WHERE {
  { GRAPH ?document { ?node dk:sourceLine ?line } BIND(0 AS ?rank) }
  UNION { GRAPH ?document { ?parent ?link ?node . ?parent dk:sourceLine ?line } BIND(1 AS ?rank) }
  UNION { ?node prov:wasDerivedFrom ?document ; dk:sourceLine ?line BIND(2 AS ?rank) }
  UNION { ?parent ?link ?node . ?parent prov:wasDerivedFrom ?document ; dk:sourceLine ?line BIND(3 AS ?rank) }
  ?document dk:fileName ?file .
}
ORDER BY ?rank ?file ?line
LIMIT 1
"""


@dataclass(frozen=True, slots=True)
class Violation:
    """One thing wrong with one node, and where the node was read from when known."""

    node: str
    message: str
    file: str | None = None
    line: int | None = None
    warning: bool = False

    def sort_key(self) -> tuple[str, int, str, str]:
        """Violations read in the order of their files and lines."""
        return (self.file or "", self.line or 0, self.node, self.message)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        kind = "warning: " if self.warning else ""
        return f"{where}{kind}{curie(self.node)}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """What ``kg validate`` found: each violation, and HermiT's verdict."""

    violations: tuple[Violation, ...]
    consistent: bool

    @property
    def conforms(self) -> bool:
        return self.consistent and all(violation.warning for violation in self.violations)


def validate(store: Store) -> ValidationReport:
    """Check the shapes (with pyshacl) and axioms node by node, then the whole graph with HermiT.

    :raises KgError: Java is not installed.
    """
    violations = tuple(shape_violations(store) + axiom_violations(store))
    return ValidationReport(violations, hermit_consistent(store))


def graph_violations(store: Store, nodes: Iterable[NamedNode] | None = None) -> tuple[Violation, ...]:
    """What the shapes and the axioms find node by node, all as SPARQL in the store, which
    keeps it linear and fast enough for every build; with ``nodes``, at those nodes only
    (what an incremental build changed), a few hundred at a time."""
    if nodes is None:
        return tuple(_located(store, shape_findings(store)) + axiom_violations(store))
    ordered = sorted(set(nodes), key=str)
    found: set[tuple[str, str, bool]] = set()
    for start in range(0, len(ordered), _NODES_AT_ONCE):
        some = ordered[start:start + _NODES_AT_ONCE]
        found.update(shape_findings(store, some) + axiom_findings(store, some))
    wanted = {node.value for node in ordered}
    found.update(finding for finding in _rule_findings(store) if finding[0] in wanted)
    return tuple(_located(store, sorted(found)))


def shape_violations(store: Store) -> list[Violation]:
    """What pyshacl finds against the shapes in ``ontology/shapes.ttl`` in the default graph."""
    data = rdflib.Graph().parse(data=_default_graph_ntriples(store), format="nt")
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = []
    for result in report.subjects(SH.resultSeverity, None):
        message = str(report.value(result, SH.resultMessage))
        value = report.value(result, SH.value)
        if isinstance(value, rdflib.Literal):
            message += f" (found {value!s})"
        warning = report.value(result, SH.resultSeverity) != SH.Violation
        found.append((str(report.value(result, SH.focusNode)), message, warning))
    return _located(store, found)


def axiom_violations(store: Store) -> list[Violation]:
    """Nodes that break an OWL axiom on their own (``kg.ontology.axioms``) or a rule of
    the SPARQL in ``ontology/checks/``."""
    return _located(store, axiom_findings(store) + _rule_findings(store))


def _rule_findings(store: Store) -> list[tuple[str, str, bool]]:
    """What the SPARQL in ``ontology/checks/`` finds (rules no axiom or shape states)."""
    found = []
    for check in sorted(CHECKS_DIR.glob("*.rq")):
        for solution in select(store, check.read_text(encoding="utf-8")):
            found.append((solution["node"].value, solution["message"].value, False))
    return found


def hermit_consistent(store: Store) -> bool:
    """Whether HermiT finds the ontology and the graph's asserted and inferred facts consistent.

    :raises KgError: Java, which HermiT runs on, is not installed.
    """
    if shutil.which("java") is None:
        raise KgError("HermiT needs Java: install a Java runtime (Debian: default-jre-headless)")
    try:
        hermit_world(_default_graph_ntriples(store))
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    return True


def hermit_world(data: bytes) -> owlready2.World:
    """The ontology and ``data`` (N-Triples) in a fresh owlready2 world, classified by HermiT.

    :raises owlready2.OwlReadyInconsistentOntologyError: they contradict each other.
    """
    world = owlready2.World()
    # owlready2 reads no Turtle, so the ontology goes in as N-Triples.
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle").serialize(format="nt", encoding="utf-8")
    world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(ontology), format="ntriples")
    world.get_ontology(f"{ONTOLOGY_IRI}/data").load(fileobj=io.BytesIO(data), format="ntriples")
    # xsd:gYearMonth is outside OWL 2's datatype map; HermiT refuses it unless told to ignore it.
    owlready2.sync_reasoner(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
    return world


def _default_graph_ntriples(store: Store) -> bytes:
    triples = [quad.triple for quad in store.quads_for_pattern(None, None, None, DefaultGraph())]
    return serialized(triples, RdfFormat.N_TRIPLES)


def _located(store: Store, found: list[tuple[str, str, bool]]) -> list[Violation]:
    violations = []
    for node, message, warning in found:
        origin = next(iter(select(store, _ORIGIN, substitutions={Variable("node"): NamedNode(node)})), None)
        file, line = (origin["file"].value, int(origin["line"].value)) if origin else (None, None)
        violations.append(Violation(node, message, file, line, warning))
    return sorted(violations, key=Violation.sort_key)
