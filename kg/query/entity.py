"""What a page about one node shows, read from the store in one worker call.

Every node gets its facts under the ontology's names, each value with the source lines it
was read from (the ``fact-sources`` query), and the nodes that point at it, grouped by
how. A drug adds the answers of its canned queries (evidence summary, references,
regulatory timeline, trials, effect sizes, doses, storage, lactation) and one row per
reference for the evidence table; a source document adds its text, line by line, with the
nodes each line gave. Nodes are bound with pyoxigraph substitutions, never pasted into text.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QueryTriples, RdfFormat, Store, Variable

from kg.errors import SourceError
from kg.lexicon import LEXICON_DIR
from kg.oxigraph import select, serialized
from kg.query.catalog import CannedQuery
from kg.query.results import Table, Term
from kg.query.run import LocalEngine, run_canned
from kg.sources.lines import read_text
from kg.store.location import kept_source
from kg.triples.vocab import EXPORT_PREFIXES

DK = "https://w3id.org/drugkg/ontology#"
INFERRED = "https://w3id.org/drugkg/id/graph/inferred"
DESCRIPTION_FORMATS = {"text/turtle": RdfFormat.TURTLE, "application/ld+json": RdfFormat.JSON_LD,
                       "application/n-triples": RdfFormat.N_TRIPLES}
"""What a node's description is served as besides its page, by media type."""
SECTIONS = {
    "Drug": ("drug", ("evidence-summary", "references", "regulatory-timeline", "eligibility-criteria", "trials",
                      "effect-sizes", "highest-daily-dose", "storage", "lactation")),
    "Condition": ("condition", ("licensed-indications", "second-line-options")),
    "Target": ("target", ("drugs-by-target",)),
    "Pathway": ("pathway", ("drugs-by-pathway",)),
}
"""The canned queries a page of each kind answers for its node, in the order it shows them,
and the parameter that names the node."""
SHOWN_ELSEWHERE = frozenset({
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label",
    f"{DK}sourceLine"})
"""Shown as the page's heading, kinds and source lines rather than as facts."""
PROPERTY_NAMES = {
    "http://purl.org/dc/terms/title": "title", "http://purl.org/dc/terms/date": "date",
    "http://purl.org/dc/terms/description": "description", "http://purl.org/dc/terms/publisher": "publisher",
    "http://purl.org/dc/terms/format": "format", "http://purl.org/dc/terms/identifier": "identifier",
    "http://www.w3.org/2004/02/skos/core#altLabel": "also called",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "preferred name",
    "http://www.w3.org/2004/02/skos/core#exactMatch": "same as",
    "http://www.w3.org/2004/02/skos/core#closeMatch": "close to",
    "http://www.w3.org/2004/02/skos/core#notation": "code",
    "http://www.w3.org/2004/02/skos/core#inScheme": "in scheme",
    "http://www.w3.org/2004/02/skos/core#broader": "broader",
    "http://www.w3.org/ns/prov#wasDerivedFrom": "read from",
    "http://www.w3.org/2000/01/rdf-schema#comment": "comment",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "see also",
}
"""Names of the properties the ontology reuses from other vocabularies (its own have labels)."""

_OUTGOING = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?predicate ?value (SAMPLE(?valueLabel) AS ?label) (SAMPLE(?predicateLabel) AS ?name)
       (GROUP_CONCAT(DISTINCT STR(?graph); separator=" ") AS ?graphs) WHERE {
  ?node ?predicate ?value .
  OPTIONAL { ?value rdfs:label ?valueLabel }
  OPTIONAL { GRAPH ?ontology { ?predicate rdfs:label ?predicateLabel } }
  OPTIONAL { GRAPH ?graph { ?node ?predicate ?value } }
}
GROUP BY ?node ?predicate ?value
"""
_INCOMING = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?predicate ?subject (SAMPLE(?subjectLabel) AS ?label) (SAMPLE(?predicateLabel) AS ?name) WHERE {
  {
    SELECT DISTINCT ?node ?predicate ?subject WHERE {
      ?subject ?predicate ?node .
      # the statements that cite a fact's line are not edges of the node
      FILTER(?predicate != rdf:subject && ?predicate != rdf:object)
    }
    LIMIT 2000
  }
  OPTIONAL { ?subject rdfs:label ?subjectLabel }
  OPTIONAL { GRAPH ?ontology { ?predicate rdfs:label ?predicateLabel } }
}
GROUP BY ?node ?predicate ?subject
"""
_KINDS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?class (SAMPLE(?classLabel) AS ?label) WHERE {
  ?node a ?class .
  OPTIONAL { GRAPH ?ontology { ?class rdfs:label ?classLabel } }
}
GROUP BY ?node ?class
"""
_DOCUMENTS = """
PREFIX dk: <https://w3id.org/drugkg/ontology#>
SELECT ?document ?file WHERE { ?document a dk:SourceDocument ; dk:fileName ?file }
"""
_EVIDENCE_DETAILS = """
PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# Each branch starts at the drug: a branch joined after one shared drug pattern was
# answered for every reference of the corpus (1 s at 1,000 pages instead of 10 ms).
SELECT ?drug ?publication ?what ?value ?unit WHERE {
  {
    ?drug a dk:Drug ; dk:supportingReference|dk:contradictoryReference|dk:aiSuggestedReference ?publication .
    ?publication dk:studiedCondition/rdfs:label ?value BIND("condition" AS ?what)
  } UNION {
    ?drug a dk:Drug ; dk:supportingReference|dk:contradictoryReference|dk:aiSuggestedReference ?publication .
    ?publication dk:studiedGroup/rdfs:label ?value BIND("group" AS ?what)
  } UNION {
    ?drug a dk:Drug ; dk:supportingReference|dk:contradictoryReference|dk:aiSuggestedReference ?publication .
    ?publication dk:dosing/(dk:route|dk:doseStep/dk:route)/rdfs:label ?value BIND("route" AS ?what)
  } UNION {
    ?drug a dk:Drug ; dk:supportingReference|dk:contradictoryReference|dk:aiSuggestedReference ?publication .
    ?publication prov:wasDerivedFrom ?value . ?value a dk:SourceDocument BIND("document" AS ?what)
  } UNION {
    ?drug a dk:Drug ; dk:supportingReference|dk:contradictoryReference|dk:aiSuggestedReference ?publication .
    ?publication dk:dosing/dk:doseStep ?step .
    ?step dk:dailyDoseAmount ?low ; dk:doseUnit ?unit .
    OPTIONAL { ?step dk:dailyDoseAmountMax ?high }
    BIND(COALESCE(?high, ?low) AS ?value) BIND("daily" AS ?what)
  }
}
"""
_LINE_NODES = """
PREFIX dk: <https://w3id.org/drugkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?document ?line ?node (SAMPLE(?nodeLabel) AS ?label) WHERE {
  GRAPH ?document {
    { ?node dk:sourceLine ?line }
    UNION { ?statement prov:wasDerivedFrom ?at ; rdf:subject ?node . ?at dk:lineNumber ?line }
  }
  OPTIONAL { ?node rdfs:label ?nodeLabel }
}
GROUP BY ?document ?line ?node
"""
_SOURCE_LINES = """
PREFIX dk: <https://w3id.org/drugkg/ontology#>
SELECT ?node ?document ?line WHERE { GRAPH ?document { ?node dk:sourceLine ?line } }
"""
_DESCRIPTION = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?node ?predicate ?value . ?subject ?link ?node } WHERE {
  { ?node ?predicate ?value }
  UNION { ?subject ?link ?node FILTER(?link != rdf:subject && ?link != rdf:object) }
}
"""


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A line of a source document, as a page cites it."""

    document: str
    file: str
    number: int

    @property
    def iri(self) -> str:
        """The line's own node: the document's IRI with ``#L<number>``."""
        return f"{self.document}#L{self.number}"


@dataclass(frozen=True, slots=True)
class Value:
    """One value of a fact: the term, its label, and the lines that state it."""

    term: Term
    label: str | None
    lines: tuple[SourceLine, ...]
    inferred: bool


@dataclass(frozen=True, slots=True)
class Fact:
    """A property of the node and its values, under the property's name."""

    property: str
    name: str
    values: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A node that points at this one."""

    iri: str
    label: str | None


@dataclass(frozen=True, slots=True)
class Backlinks:
    """The nodes that point at this one by one property."""

    property: str
    name: str
    nodes: tuple[Neighbour, ...]


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One reference of a drug, as the evidence table and timeline show it."""

    publication: str
    title: str
    date: str
    design: tuple[str, ...]
    population: str
    groups: tuple[str, ...]
    conditions: tuple[str, ...]
    participants: int | None
    impact_factor: str
    routes: tuple[str, ...]
    daily_doses: tuple[str, ...]
    line: SourceLine | None


@dataclass(frozen=True, slots=True)
class TextLine:
    """A numbered line of a source document and the nodes read from it."""

    number: int
    text: str
    nodes: tuple[Neighbour, ...]


@dataclass(slots=True)
class EntityPage:
    """Everything one node's page shows."""

    iri: str
    label: str
    kinds: tuple[tuple[str, str], ...]
    facts: tuple[Fact, ...]
    backlinks: tuple[Backlinks, ...]
    read_from: tuple[SourceLine, ...]
    sections: dict[str, Table] = field(default_factory=dict)
    evidence: tuple[EvidenceRow, ...] = ()
    text: tuple[TextLine, ...] = ()

    @property
    def own_kinds(self) -> tuple[tuple[str, str], ...]:
        """The node's classes in the ontology (not their schema.org or SKOS twins), if any."""
        return tuple(kind for kind in self.kinds if kind[0].startswith(DK)) or self.kinds

    def kind_is(self, local_name: str) -> bool:
        """Whether the node is of the ontology class ``local_name`` (``Drug``...)."""
        return any(iri == DK + local_name for iri, _ in self.kinds)


def entity_page(store: Store, iri: str, build: Path, catalog: dict[str, CannedQuery]) -> EntityPage | None:
    """The page of the node ``iri``, or None when the graph says nothing about it."""
    node = {Variable("node"): NamedNode(iri)}
    kinds = tuple(sorted((row["class"].value, _text(row["label"]) or _local_name(row["class"].value))
                         for row in select(store, _KINDS, substitutions=node)))
    documents = {row["document"].value: row["file"].value for row in select(store, _DOCUMENTS)}
    facts = _facts(store, node, _fact_lines(store, iri, documents, catalog))
    backlinks = _backlinks(store, node)
    if not kinds and not facts and not backlinks:
        return None
    labels = [value.term.value for fact in facts if fact.property == "http://www.w3.org/2000/01/rdf-schema#label"
              for value in fact.values]
    page = EntityPage(iri=iri, label=min(labels, default=_local_name(iri)), kinds=kinds,
                      facts=tuple(fact for fact in facts if fact.property not in SHOWN_ELSEWHERE),
                      backlinks=backlinks, read_from=_read_from(store, node, documents))
    for kind, (param, names) in SECTIONS.items():
        if page.kind_is(kind):
            engine = LocalEngine(store)
            page.sections = {name: run_canned(engine, catalog[name], {param: iri}) for name in names}
    if page.kind_is("Drug"):
        page.evidence = _evidence(store, node, page.sections["references"], documents)
    if page.kind_is("SourceDocument") and iri in documents:
        page.text = _text_lines(store, iri, build, documents[iri])
    return page


def describe(store: Store, iri: str, media_type: str) -> bytes:
    """The node's statements and those that point at it, in one of DESCRIPTION_FORMATS."""
    triples = store.query(_DESCRIPTION, substitutions={Variable("node"): NamedNode(iri)})
    assert isinstance(triples, QueryTriples), "a CONSTRUCT query"
    return serialized(sorted(triples, key=str), DESCRIPTION_FORMATS[media_type], EXPORT_PREFIXES)


def _facts(store: Store, node: dict[Variable, NamedNode],
           lines: dict[tuple[str, str], list[SourceLine]]) -> tuple[Fact, ...]:
    values: dict[str, list[Value]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in select(store, _OUTGOING, substitutions=node):
        predicate = row["predicate"].value
        graphs = set(row["graphs"].value.split()) if row["graphs"] else set()
        names[predicate] = _property_name(predicate, row["name"])
        value = row["value"]
        values[predicate].append(Value(value, _text(row["label"]), tuple(lines.get((predicate, value.value), ())),
                                       inferred=graphs <= {INFERRED}))
    return tuple(sorted((Fact(predicate, names[predicate],
                              tuple(sorted(found, key=lambda v: ((v.label or v.term.value).casefold(), v.term.value))))
                         for predicate, found in values.items()), key=lambda fact: (fact.name.casefold(), fact.property)))


def _fact_lines(store: Store, iri: str, documents: dict[str, str],
                catalog: dict[str, CannedQuery]) -> dict[tuple[str, str], list[SourceLine]]:
    """(property, value) -> the lines each fact about the node was read from."""
    found: dict[tuple[str, str], list[SourceLine]] = defaultdict(list)
    for row in run_canned(LocalEngine(store), catalog["fact-sources"], {"node": iri}).records():
        document, line = row["document"] or "", row["line"]
        if line is not None and document in documents:
            found[(row["property"] or "", row["value"] or "")].append(
                SourceLine(document, documents[document], int(line)))
    return found


def _backlinks(store: Store, node: dict[Variable, NamedNode]) -> tuple[Backlinks, ...]:
    grouped: dict[str, list[Neighbour]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in select(store, _INCOMING, substitutions=node):
        predicate = row["predicate"].value
        names[predicate] = _property_name(predicate, row["name"])
        grouped[predicate].append(Neighbour(row["subject"].value, _text(row["label"])))
    return tuple(sorted((Backlinks(predicate, names[predicate],
                                   tuple(sorted(nodes, key=_by_label)))
                         for predicate, nodes in grouped.items()), key=lambda links: links.name.casefold()))


def _read_from(store: Store, node: dict[Variable, NamedNode], documents: dict[str, str]) -> tuple[SourceLine, ...]:
    """The lines the node was read from: its source line in each document that states it."""
    lines = {SourceLine(row["document"].value, documents[row["document"].value], int(row["line"].value))
             for row in select(store, _SOURCE_LINES, substitutions=node) if row["document"].value in documents}
    return tuple(sorted(lines, key=lambda line: (line.file, line.number)))


def _evidence(store: Store, node: dict[Variable, NamedNode], references: Table,
              documents: dict[str, str]) -> tuple[EvidenceRow, ...]:
    details: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    daily: dict[str, dict[str, float]] = defaultdict(dict)
    for row in select(store, _EVIDENCE_DETAILS, substitutions={Variable("drug"): node[Variable("node")]}):
        publication, what, value = row["publication"].value, row["what"].value, row["value"].value
        if what == "daily":
            unit = row["unit"].value
            daily[publication][unit] = max(daily[publication].get(unit, 0.0), float(value))
        else:
            details[publication][what].add(value)
    rows = []
    for record in references.records():
        publication = record["publication"] or ""
        found = details[publication]
        document = min(found["document"], default=None)
        line = (SourceLine(document, documents[document], int(record["source_line"] or 0))
                if document in documents and record["source_line"] else None)
        treated, controls = record["treated"], record["controls"]
        rows.append(EvidenceRow(
            publication=publication, title=record["title"] or "", date=record["date"] or "",
            design=tuple((record["design"] or "").split("; ")) if record["design"] else (),
            population=record["population"] or "", groups=tuple(sorted(found["group"])),
            conditions=tuple(sorted(found["condition"])),
            participants=int(record["sample_size"]) if record["sample_size"] else
            (int(treated) + int(controls) if treated and controls else None),
            impact_factor=record["impact_factor"] or "", routes=tuple(sorted(found["route"])),
            daily_doses=tuple(f"{_number(amount)} {unit}/day" for unit, amount in sorted(daily[publication].items())),
            line=line))
    return tuple(rows)


def _text_lines(store: Store, iri: str, build: Path, file_name: str) -> tuple[TextLine, ...]:
    path = kept_source(build, file_name) or _lexicon_file(file_name)
    if path is None:
        return ()
    try:
        text = read_text(path)
    except SourceError:
        return ()
    nodes: dict[int, list[Neighbour]] = defaultdict(list)
    for row in select(store, _LINE_NODES, substitutions={Variable("document"): NamedNode(iri)}):
        nodes[int(row["line"].value)].append(Neighbour(row["node"].value, _text(row["label"])))
    lines = text.lines[:-1] if text.lines and not text.lines[-1] else text.lines  # the final newline ends a line
    return tuple(TextLine(number, line, tuple(sorted(nodes[number], key=_by_label)))
                 for number, line in enumerate(lines, start=1))


def _lexicon_file(file_name: str) -> Path | None:
    """A curated lexicon the build read (drugs.yaml, identifiers.tsv...): it ships with the
    package, so the lines its facts cite are the package's."""
    path = LEXICON_DIR / file_name
    return path if Path(file_name).name == file_name and path.is_file() else None


def _property_name(predicate: str, label: Term | None) -> str:
    """A property's name: the ontology's label, else a name given here, else its IRI's tail."""
    return _text(label) or PROPERTY_NAMES.get(predicate) or _local_name(predicate)


def _by_label(node: Neighbour) -> tuple[str, str]:
    return (node.label or node.iri).casefold(), node.iri


def _text(term: Term | None) -> str | None:
    return term.value if isinstance(term, Literal) else None


def _local_name(iri: str) -> str:
    """The last part of an IRI, as a fallback name: ``…#supportingReference`` → "supporting reference"."""
    tail = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    words = "".join(f" {c.lower()}" if c.isupper() and i and not tail[i - 1].isupper() else c
                    for i, c in enumerate(tail))
    return words.strip() or iri


def _number(amount: float) -> str:
    return f"{amount:g}"
