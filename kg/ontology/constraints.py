"""Turn the SHACL shapes into SPARQL SELECTs the store answers, so every build checks them
at the store's speed.

pyshacl over an rdflib copy of the graph was 63% of a 20-page build, and a Rust SHACL
engine behind pySHACL's API took 37 s on 450k triples: neither scales to a thousand pages
on two cores. The shapes use a small part of SHACL Core (class and subjects-of targets,
predicate paths; min/max count, datatype, class, in, or, pattern, minLength, min
inclusive/exclusive), and the SHACL specification defines each of those components by a
SPARQL query; this module writes those queries, one per constraint, with every IRI and
value from the shapes bound as a substitution rather than pasted into the text. A shape
using any other component is refused when the shapes are compiled, so a new constraint
cannot be skipped silently. ``kg validate`` still runs pyshacl, the reference engine, and
a test checks that both find the same violations on every broken fixture.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, Variable, parse

from kg.ontology import SHAPES_FILE

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDF_FIRST = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
_RDF_REST = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
_RDF_NIL = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")
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
    "class": "EXISTS {{ ?value a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {arg} }}",
}
_TARGETS = {
    "targetClass": "?node a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?target .",
    "targetSubjectsOf": "?node ?target [] .",
    "targetNode": "BIND(?target AS ?node)",
}
Term = NamedNode | Literal | BlankNode


@dataclass(frozen=True)
class ShapeCheck:
    """One constraint of one shape as a SELECT of ?node (and ?value) that break it."""

    query: str
    substitutions: dict[Variable, Term] = field(hash=False)
    message: str
    warning: bool
    reports_value: bool


class ShapeError(Exception):
    """The shapes use a SHACL feature this compiler does not translate."""


def shape_findings(store: Store) -> list[tuple[str, str, bool]]:
    """(node, message, is a warning) for every constraint the default graph breaks."""
    found = set()
    for check in compiled_checks():
        for solution in store.query(check.query, substitutions=check.substitutions):
            value = solution["value"] if check.reports_value else None
            detail = f" (found {value.value})" if isinstance(value, Literal) else ""
            found.add((solution["node"].value, check.message + detail, check.warning))
    return sorted(found)


@cache
def compiled_checks() -> tuple[ShapeCheck, ...]:
    """Every constraint of ``ontology/shapes.ttl`` as a query, compiled once per process.

    :raises ShapeError: a shape uses a component outside the supported subset.
    """
    graph = _Graph(list(parse(path=str(SHAPES_FILE), format=RdfFormat.TURTLE)))
    checks: list[ShapeCheck] = []
    for shape in graph.subjects(RDF_TYPE, NamedNode(SH + "NodeShape")):
        targets = [(kind, value) for kind in _TARGETS for value in graph.objects(shape, SH + kind)]
        warning = graph.one(shape, SH + "severity") not in (None, NamedNode(SH + "Violation"))
        for target_kind, target in targets:
            for property_shape in graph.objects(shape, SH + "property"):
                checks.extend(_property_checks(graph, property_shape, target_kind, target, warning))
    return tuple(checks)


def _property_checks(graph: _Graph, shape: Term, target_kind: str, target: Term,
                     warning: bool) -> Iterator[ShapeCheck]:
    path = graph.one(shape, SH + "path")
    if not isinstance(path, NamedNode):
        raise ShapeError(f"{SHAPES_FILE}: only predicate paths are supported, found {path}")
    message = graph.one(shape, SH + "message")
    text = message.value if message is not None else f"breaks a constraint on {path.value}"
    focus = _TARGETS[target_kind]
    bound = {Variable("target"): target, Variable("path"): path}
    for component, argument in graph.predicate_objects(shape):
        name = component.value.removeprefix(SH)
        if name in _IGNORED or component == RDF_TYPE:
            continue
        if name in ("minCount", "maxCount"):
            compare = "<" if name == "minCount" else ">"
            optional = "OPTIONAL { ?node ?path ?value }" if name == "minCount" else "?node ?path ?value ."
            query = (f"SELECT ?node ?target ?path ?limit WHERE {{ {focus} {optional} }}"
                     f" GROUP BY ?node ?target ?path ?limit HAVING (COUNT(DISTINCT ?value) {compare} ?limit)")
            yield ShapeCheck(query, {**bound, Variable("limit"): argument}, text, warning, False)
            continue
        arguments: dict[Variable, Term] = {}
        test = _value_test(graph, name, argument, arguments)
        projected = " ".join(f"?{variable.value}" for variable in arguments)
        query = (f"SELECT DISTINCT ?node ?value ?target ?path {projected} WHERE {{ {focus} "
                 f"?node ?path ?value . FILTER(!({test})) }}")
        yield ShapeCheck(query, {**bound, **arguments}, text, warning, True)


def _value_test(graph: _Graph, name: str, argument: Term, arguments: dict[Variable, Term]) -> str:
    """A SPARQL condition that holds when ?value meets the component."""
    if name in ("in", "or"):
        members = graph.items(argument)
        if name == "in":
            tests = [f"sameTerm(?value, {_bind(member, arguments)})" for member in members]
        else:
            tests = [" && ".join(_value_test(graph, c.value.removeprefix(SH), a, arguments)
                                 for c, a in graph.predicate_objects(member))
                     for member in members]
        return "(" + " || ".join(tests or ["false"]) + ")"
    if name not in _VALUE_TESTS:
        raise ShapeError(f"{SHAPES_FILE}: the SHACL component sh:{name} is not compiled to SPARQL")
    return _VALUE_TESTS[name].format(arg=_bind(argument, arguments))


def _bind(term: Term, arguments: dict[Variable, Term]) -> str:
    variable = Variable(f"arg{len(arguments)}")
    arguments[variable] = term
    return f"?{variable.value}"


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
            members.append(self.one(node, _RDF_FIRST.value))
            node = self.one(node, _RDF_REST.value)
        return members
