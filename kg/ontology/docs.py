"""``make docs``: the ontology as a page for people (``ontology.html``) with a diagram of
its core classes (``ontology.svg``).

Both are generated from ontology/drugkg.ttl, so they cannot disagree with it; a test
checks that the committed page equals what this writes now, which is why the page holds
no date or path. The diagram is DOT text drawn by Graphviz's ``dot`` program
(scripts/install-graphviz.sh), sorted so that the same ontology gives the same drawing.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.ontology import ONTOLOGY_FILE, ONTOLOGY_IRI

DK = Namespace(ONTOLOGY_IRI + "#")
VANN = Namespace("http://purl.org/vocab/vann/")
QUDT_UNIT = URIRef("http://qudt.org/schema/qudt/unit")
TEMPLATES = Path(__file__).parent / "templates"

CORE_CLASSES = frozenset({
    "Drug", "Target", "Indication", "Publication", "ClinicalTrial", "Regulator", "Product",
    "Manufacturer", "Organization", "RegulatoryEvent", "Condition", "StudyDesign",
    "PopulationGroup", "DosingRegimen", "SourceDocument",
})
"""Local names of the classes the diagram draws: the whole ontology would be unreadable."""

SECTIONS = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", OWL.AnnotationProperty),
)
CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}
ALIGNMENTS = (
    ("Exact match", SKOS.exactMatch),
    ("Close match", SKOS.closeMatch),
    ("Broad match", SKOS.broadMatch),
    ("Narrow match", SKOS.narrowMatch),
    ("Related match", SKOS.relatedMatch),
    ("See also", RDFS.seeAlso),
)
RESTRICTIONS = {OWL.someValuesFrom: "some", OWL.allValuesFrom: "only", OWL.hasValue: "value"}


@dataclass(frozen=True, slots=True)
class Ref:
    """A term as the page links it: to its anchor when it is ours, else to its IRI."""

    curie: str
    href: str


Expression = list[Ref | str]
"""A class expression as the page prints it: terms and the words between them."""


@dataclass(frozen=True, slots=True)
class Term:
    """One dk class or property; ``rows`` are (heading, values) with at least one value."""

    id: str
    curie: str
    label: str
    comment: str
    rows: list[tuple[str, list[Expression]]]


def load(ontology: Path) -> Graph:
    """The ontology with only its own prefixes bound, so CURIEs use the file's names
    (rdflib's defaults would bind ``schema:`` to https://schema.org/, not http)."""
    return Graph(bind_namespaces="none").parse(ontology, format="turtle")


def ontology_html(graph: Graph) -> str:
    """The page, exactly as ``write_docs`` writes it."""
    properties = [prop for _, _, kind in SECTIONS if kind != OWL.Class for prop in _terms(graph, kind)]
    sections = []
    for anchor, title, kind in SECTIONS:
        terms = [_class_term(graph, term, properties) if kind == OWL.Class else _property_term(graph, term)
                 for term in _terms(graph, kind)]
        if terms:
            sections.append({"id": anchor, "title": title, "terms": terms})
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined)
    return environment.get_template("ontology.html").render(
        ontology=_header(graph), sections=sections, diagram="ontology.svg")


def diagram_dot(graph: Graph) -> str:
    """The core classes, the object properties between them and their subclass links
    (dashed) as DOT text, every line sorted."""
    classes = [cls for cls in _terms(graph, OWL.Class) if _local(cls) in CORE_CLASSES]
    core = set(classes)
    edges: set[tuple[str, str, str]] = set()
    for prop in _terms(graph, OWL.ObjectProperty):
        attributes = f"label={_quote(_label(graph, prop))}"
        for source in _all_members(graph, graph.objects(prop, RDFS.domain)) & core:
            for target in _all_members(graph, graph.objects(prop, RDFS.range)) & core:
                edges.add((_local(source), _local(target), attributes))
    for cls in classes:
        for parent in core.intersection(graph.objects(cls, RDFS.subClassOf)):
            edges.add((_local(cls), _local(parent), "style=dashed, arrowhead=empty"))
    lines = [
        "digraph drugkg {",
        '  graph [rankdir=LR, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef2f6", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        *sorted(f"  {_quote(_local(cls))} [label={_quote(_label(graph, cls))}];" for cls in classes),
        *(f"  {_quote(source)} -> {_quote(target)} [{attributes}];"
          for source, target, attributes in sorted(edges)),
        "}",
    ]
    return "\n".join(lines) + "\n"


def diagram_svg(dot: str) -> str:
    """``dot`` drawn as SVG by Graphviz.

    :raises RuntimeError: Graphviz is not installed, or ``dot`` refused the text.
    """
    program = shutil.which("dot")
    if program is None:
        raise RuntimeError("graphviz's dot program is not installed: run scripts/install-graphviz.sh")
    drawn = subprocess.run([program, "-Tsvg"], input=dot, capture_output=True, text=True,
                           check=False, timeout=60)
    if drawn.returncode != 0:
        raise RuntimeError(f"dot failed: {' '.join(drawn.stderr.split())}")
    return drawn.stdout


def write_docs(ontology: Path, out_dir: Path) -> list[Path]:
    """Write ``ontology.html`` and ``ontology.svg`` into ``out_dir``; nothing is written
    when the diagram cannot be drawn."""
    graph = load(ontology)
    pages = {"ontology.svg": diagram_svg(diagram_dot(graph)), "ontology.html": ontology_html(graph)}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in pages.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kg.ontology.docs",
                                     description="Write the ontology's documentation page and diagram.")
    parser.add_argument("out_dir", nargs="?", type=Path, default=Path("docs"),
                        help="where to write ontology.html and ontology.svg (default: docs)")
    for path in write_docs(ONTOLOGY_FILE, parser.parse_args(argv).out_dir):
        print(f"wrote {path}")


def _header(graph: Graph) -> dict[str, object]:
    node = URIRef(ONTOLOGY_IRI)
    licence = graph.value(node, DCTERMS.license)
    return {
        "iri": ONTOLOGY_IRI,
        "title": _text(graph, node, DCTERMS.title) or ONTOLOGY_IRI,
        "description": _text(graph, node, DCTERMS.description),
        "version": _text(graph, node, OWL.versionInfo),
        "licence": None if licence is None else str(licence),
        "prefix": _text(graph, node, VANN.preferredNamespacePrefix),
        "namespace": _text(graph, node, VANN.preferredNamespaceUri) or str(DK),
    }


def _class_term(graph: Graph, cls: URIRef, properties: list[URIRef]) -> Term:
    def properties_with(predicate: URIRef) -> list[URIRef]:
        return [prop for prop in properties if cls in _all_members(graph, graph.objects(prop, predicate))]

    return _term(graph, cls, [
        ("Superclasses", _expressions(graph, _named(graph.objects(cls, RDFS.subClassOf)))),
        ("Subclasses", _expressions(graph, _named(graph.subjects(RDFS.subClassOf, cls)))),
        ("Equivalent classes", _expressions(graph, _both_ways(graph, cls, OWL.equivalentClass))),
        ("Disjoint with", _expressions(graph, _disjoint(graph, cls))),
        ("Domain of", _expressions(graph, properties_with(RDFS.domain))),
        ("Range of", _expressions(graph, properties_with(RDFS.range))),
    ])


def _property_term(graph: Graph, prop: URIRef) -> Term:
    characteristics: list[list[Ref | str]] = [[word] for kind, word in CHARACTERISTICS.items() if (prop, RDF.type, kind) in graph]
    chains = [_joined(graph, chain, " ∘ ") for chain in graph.objects(prop, OWL.propertyChainAxiom)]
    return _term(graph, prop, [
        ("Domain", _expressions(graph, graph.objects(prop, RDFS.domain))),
        ("Range", _expressions(graph, graph.objects(prop, RDFS.range))),
        ("Superproperties", _expressions(graph, _named(graph.objects(prop, RDFS.subPropertyOf)))),
        ("Subproperties", _expressions(graph, _named(graph.subjects(RDFS.subPropertyOf, prop)))),
        ("Equivalent properties", _expressions(graph, _both_ways(graph, prop, OWL.equivalentProperty))),
        ("Inverse of", _expressions(graph, _both_ways(graph, prop, OWL.inverseOf))),
        ("Characteristics", characteristics),
        ("Property chain", sorted(chains, key=_sort_key)),
        ("Unit", _expressions(graph, graph.objects(prop, QUDT_UNIT))),
    ])


def _term(graph: Graph, term: URIRef, rows: list[tuple[str, list[Expression]]]) -> Term:
    alignments = [(heading, _expressions(graph, graph.objects(term, predicate)))
                  for heading, predicate in ALIGNMENTS]
    return Term(id=_local(term), curie=_curie(graph, term), label=_label(graph, term),
                comment=_text(graph, term, RDFS.comment),
                rows=[(heading, values) for heading, values in rows + alignments if values])


def _terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    """The dk terms of one kind, sorted by label as a reader looks for them."""
    terms = {term for term in graph.subjects(RDF.type, kind) if isinstance(term, URIRef) and term in DK}
    return sorted(terms, key=lambda term: (_label(graph, term).casefold(), _local(term)))


def _expressions(graph: Graph, nodes: Iterable[Node]) -> list[Expression]:
    """Sorted by their text, since blank nodes have no stable order."""
    return sorted((_expression(graph, node) for node in set(nodes)), key=_sort_key)


def _expression(graph: Graph, node: Node) -> Expression:
    if isinstance(node, URIRef):
        return [Ref(_curie(graph, node), f"#{_local(node)}" if node in DK else str(node))]
    if isinstance(node, Literal):
        return [str(node)]
    for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
        members = graph.value(node, predicate)
        if members is not None:
            return _joined(graph, members, word)
    on_property = graph.value(node, OWL.onProperty)
    for predicate, word in RESTRICTIONS.items():
        value = graph.value(node, predicate)
        if on_property is not None and value is not None:
            return [*_expression(graph, on_property), f" {word} ", *_nested(graph, value)]
    return ["an anonymous class"]


def _joined(graph: Graph, rdf_list: Node, word: str) -> Expression:
    parts: Expression = []
    for member in Collection(graph, rdf_list):
        parts += [word] if parts else []
        parts += _nested(graph, member)
    return parts


def _nested(graph: Graph, node: Node) -> Expression:
    """An expression inside another, bracketed unless it is a single term."""
    inner = _expression(graph, node)
    return inner if len(inner) == 1 else ["(", *inner, ")"]


def _all_members(graph: Graph, nodes: Iterable[Node]) -> set[URIRef]:
    """The named classes of domains or ranges, looking into unions."""
    members: set[URIRef] = set()
    for node in nodes:
        if isinstance(node, URIRef):
            members.add(node)
        elif (union := graph.value(node, OWL.unionOf)) is not None:
            members |= _all_members(graph, Collection(graph, union))
    return members


def _disjoint(graph: Graph, cls: URIRef) -> set[Node]:
    found = _both_ways(graph, cls, OWL.disjointWith)
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        listed = graph.value(axiom, OWL.members)
        members = set(Collection(graph, listed)) if listed is not None else set()
        if cls in members:
            found |= members - {cls}
    return found


def _both_ways(graph: Graph, term: URIRef, symmetric: URIRef) -> set[Node]:
    return set(graph.objects(term, symmetric)) | set(graph.subjects(symmetric, term))


def _named(nodes: Iterable[Node]) -> list[URIRef]:
    return [node for node in nodes if isinstance(node, URIRef)]


def _sort_key(expression: Expression) -> str:
    return "".join(part.curie if isinstance(part, Ref) else part for part in expression)


def _text(graph: Graph, subject: Node, predicate: URIRef) -> str:
    """One value: untagged or English first, so a translation added later changes nothing."""
    def preference(value: Node) -> tuple[bool, str, str]:
        language = value.language if isinstance(value, Literal) else None
        return language not in (None, "en"), language or "", str(value)

    values = sorted(graph.objects(subject, predicate), key=preference)
    return str(values[0]) if values else ""


def _label(graph: Graph, term: URIRef) -> str:
    return _text(graph, term, RDFS.label) or _local(term)


def _local(term: URIRef) -> str:
    return str(term)[len(DK):] if term in DK else str(term)


def _curie(graph: Graph, term: URIRef) -> str:
    try:
        return graph.namespace_manager.curie(term, generate=False)
    except (KeyError, ValueError):
        return str(term)


def _quote(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, newlines as DOT's ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


if __name__ == "__main__":
    main()
