"""Turn the SHACL shapes into SPARQL SELECTs the store answers, so every build checks them
at the store's speed.

pyshacl over an rdflib copy of the graph was 63% of a 20-page build, and a Rust SHACL
engine behind pySHACL's API took 37 s on 450k triples: neither scales to a thousand pages
on two cores. The shapes use a small part of SHACL Core (class and subjects-of targets,
predicate paths; min/max count, datatype, class, in, or, pattern, minLength, min
inclusive/exclusive), and the SHACL specification defines each of those components by a
SPARQL query; this module writes those queries, one per constraint, each IRI and value
from the shapes written as the N-Triples term pyoxigraph makes of it (bound values are
not pushed into property paths, which made a check scan every typed node). A shape
using any other component is refused when the shapes are compiled, so a new constraint
cannot be skipped silently. ``kg validate`` still runs pyshacl, the reference engine, and
a test checks that both find the same violations on every broken fixture.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, parse

from kg.ontology import SHAPES_FILE
from kg.oxigraph import select

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDF_FIRST = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
_RDF_REST = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
_RDF_NIL = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")
_SUBCLASS_PATH = "a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
"""How class targets and sh:class reach a class; a plain ``a`` when the data graph has no
subclass statements, which the store answers without walking a path for every node."""
_IGNORED = {"message", "path", "severity", "property", "name", "description", "order", "group"}
_VALUE_TESTS = {
    "datatype": "(isLiteral(?value) && datatype(?value) = {arg})",
    "minInclusive": "COALESCE(?value >= {arg}, false)",
    "minExclusive": "COALESCE(?value > {arg}, false)",
    "maxInclusive": "COALESCE(?value <= {arg}, false)",
    "maxExclusive": "COALESCE(?value < {arg}, false)",
    "minLength": "(!isBlank(?value) && STRLEN(STR(?value)) >= {arg})",
    "maxLength": "(!isBlank(?value) && STRLEN(STR(?value)) <= {arg})",
    "pattern": "(!isBlank(?value) && REGEX(STR(?value), {arg}))",
    "class": "EXISTS {{ ?value " + _SUBCLASS_PATH + " {arg} }}",
}
_TARGETS = {
    "targetClass": "?node " + _SUBCLASS_PATH + " {target} .",
    "targetSubjectsOf": "?node {target} [] .",
    "targetNode": "BIND({target} AS ?node)",
}
Term = NamedNode | Literal | BlankNode


@dataclass(frozen=True)
class ShapeCheck:
    """One constraint of one shape as a SELECT of ?node (and ?value) that break it."""

    query: str
    message: str
    warning: bool
    reports_value: bool


class ShapeError(Exception):
    """The shapes use a SHACL feature this compiler does not translate."""


NODES = "#nodes#"
"""Where a check's query takes ``VALUES ?node { ... }`` to look at some nodes only."""


def only_nodes(query: str, nodes: Sequence[NamedNode] | None) -> str:
    """A check's query for every node (``nodes`` None) or for the given nodes only."""
    values = "" if nodes is None else "VALUES ?node { " + " ".join(map(str, nodes)) + " } "
    return query.replace(NODES, values)


def shape_findings(store: Store, nodes: Sequence[NamedNode] | None = None) -> list[tuple[str, str, bool]]:
    """(node, message, is a warning) for every constraint the default graph breaks (at
    the given nodes only, if any are given)."""
    subclasses = bool(store.query("ASK { ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b }"))
    run = partial(_run, store, nodes)
    with ThreadPoolExecutor(os.cpu_count() or 1) as threads:  # the store answers without the GIL
        return sorted({finding for findings in threads.map(run, compiled_checks(subclasses))
                       for finding in findings})


def _run(store: Store, nodes: Sequence[NamedNode] | None, check: ShapeCheck) -> list[tuple[str, str, bool]]:
    found = []
    for solution in select(store, only_nodes(check.query, nodes)):
        value = solution["value"] if check.reports_value else None
        detail = f" (found {value.value})" if isinstance(value, Literal) else ""
        found.append((solution["node"].value, check.message + detail, check.warning))
    return found


@cache
def compiled_checks(subclasses: bool = True) -> tuple[ShapeCheck, ...]:
    """Every constraint of ``ontology/shapes.ttl`` as a query, compiled once per process;
    without ``subclasses`` in the data graph, a class target is its direct members.

    :raises ShapeError: a shape uses a component outside the supported subset.
    """
    graph = _Graph(list(parse(path=str(SHAPES_FILE), format=RdfFormat.TURTLE)))
    checks: list[ShapeCheck] = []
    for shape in graph.subjects(RDF_TYPE, NamedNode(SH + "NodeShape")):
        targets = [(kind, value) for kind in _TARGETS for value in graph.objects(shape, SH + kind)]
        warning = graph.one(shape, SH + "severity") not in (None, NamedNode(SH + "Violation"))
        for target_kind, target in targets:
            for property_shape in graph.objects(shape, SH + "property"):
                checks.extend(_property_checks(graph, property_shape, target_kind, target, warning,
                                               subclasses))
    return tuple(checks)


def _property_checks(graph: _Graph, shape: Term, target_kind: str, target: Term,
                     warning: bool, subclasses: bool) -> Iterator[ShapeCheck]:
    """The count constraints of a property shape, one query each, and its value
    constraints in one query (they share the shape's message)."""
    path = graph.one(shape, SH + "path")
    if not isinstance(path, NamedNode):
        raise ShapeError(f"{SHAPES_FILE}: only predicate paths are supported, found {path}")
    message = graph.one(shape, SH + "message")
    text = message.value if message is not None else f"breaks a constraint on {path.value}"
    focus = _direct(_TARGETS[target_kind].format(target=target), subclasses)
    tests = []
    for component, argument in graph.predicate_objects(shape):
        name = component.value.removeprefix(SH)
        if name in _IGNORED or component == RDF_TYPE:
            continue
        if name == "minCount" and argument == Literal(1):
            query = f"SELECT DISTINCT ?node WHERE {{ {NODES}{focus} FILTER NOT EXISTS {{ ?node {path} [] }} }}"
            yield ShapeCheck(query, text, warning, False)
            continue
        if name in ("minCount", "maxCount"):
            compare = "<" if name == "minCount" else ">"
            values = f"OPTIONAL {{ ?node {path} ?value }}" if name == "minCount" else f"?node {path} ?value ."
            query = (f"SELECT ?node WHERE {{ {NODES}{focus} {values} }}"
                     f" GROUP BY ?node HAVING (COUNT(DISTINCT ?value) {compare} {argument})")
            yield ShapeCheck(query, text, warning, False)
            continue
        tests.append(_direct(_value_test(graph, name, argument), subclasses))
    if tests:  # the values first: few break a constraint, so few need their node's class
        broken = " || ".join(f"!({test})" for test in tests)
        query = (f"SELECT DISTINCT ?node ?value WHERE {{ {{ SELECT ?node ?value WHERE {{ "
                 f"{NODES}?node {path} ?value . FILTER({broken}) }} }} {focus} }}")
        yield ShapeCheck(query, text, warning, True)


def _direct(pattern: str, subclasses: bool) -> str:
    return pattern if subclasses else pattern.replace(_SUBCLASS_PATH, "a")


def _value_test(graph: _Graph, name: str, argument: Term) -> str:
    """A SPARQL condition that holds when ?value meets the component."""
    if name in ("in", "or"):
        members = graph.items(argument)
        if name == "in":
            tests = [f"sameTerm(?value, {member})" for member in members]
        else:
            tests = [" && ".join(_value_test(graph, c.value.removeprefix(SH), a)
                                 for c, a in graph.predicate_objects(member))
                     for member in members]
        return "(" + " || ".join(tests or ["false"]) + ")"
    if name not in _VALUE_TESTS:
        raise ShapeError(f"{SHAPES_FILE}: the SHACL component sh:{name} is not compiled to SPARQL")
    return _VALUE_TESTS[name].format(arg=argument)


class _Graph:
    """The few lookups the compiler makes in the shapes graph."""

    def __init__(self, triples: list) -> None:  # type: ignore[type-arg]
        self._triples = triples

    def subjects(self, predicate: NamedNode, obj: Term) -> list[Term]:
        return sorted({t.subject for t in self._triples if t.predicate == predicate and t.object == obj},
                      key=str)

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        return [t.object for t in self._triples
                if t.subject == subject and t.predicate.value == predicate]

    def one(self, subject: Term, predicate: str) -> Term | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def predicate_objects(self, subject: Term) -> list[tuple[NamedNode, Term]]:
        return [(t.predicate, t.object) for t in self._triples if t.subject == subject]

    def items(self, node: Term) -> list[Term]:
        members = []
        while node != _RDF_NIL:
            first, rest = self.one(node, _RDF_FIRST.value), self.one(node, _RDF_REST.value)
            if first is None or rest is None:
                raise ValueError(f"{node}: an RDF list in the shapes without rdf:first or rdf:rest")
            members.append(first)
            node = rest
        return members
