"""Lexicon triples: what the curated lexicons say of the entities the sources name —
a drug's brands, targets, makers and ATC classes, a target's pathway, a condition's full
name, the external identifiers of each, and the ATC hierarchy above the drugs' classes —
in each lexicon's own graph, line by line."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import NamedNode, Triple

from kg.lexicon import (
    ConceptEntry, DrugClass, EntityKind, ExternalIdentifier, LexiconEntry, TargetEntry,
    load_drug_classes,
)
from kg.link import Identities, organization_name
from kg.records import Document, Origin
from kg.triples import iris, terms, vocab as v
from kg.triples.document import identity_triples, origin_triples
from kg.triples.drug import product_triples
from kg.triples.evidence import tag_triples


def lexicon_triples(entries: Iterable[LexiconEntry], lexicon: Document,
                    identities: Identities) -> Iterator[Triple]:
    """Each used entry: the drug, its synonyms, brand products, targets and the main brand's maker."""
    for entry in entries:
        identity = identities.drug(entry.name)
        node = iris.drug_iri(identity.key)
        yield from identity_triples(identity)
        yield from origin_triples(node, Origin(lexicon.path, entry.line), lexicon)
        for synonym in entry.synonyms:
            yield Triple(node, v.SKOS_ALT_LABEL, terms.english(synonym))
        for brand in entry.brands:
            yield from product_triples(node, brand)
        for target in entry.targets:
            yield Triple(node, v.HAS_TARGET, iris.tag_iri("target", target))
            yield from tag_triples("target", target)
        for code in entry.atc:
            yield Triple(node, v.IN_DRUG_CLASS, iris.drug_class_iri(code))
        if entry.manufacturer and entry.brands:
            maker = iris.organization_iri(organization_name(entry.manufacturer))
            yield Triple(iris.product_iri(entry.brands[0]), v.MANUFACTURED_BY, maker)
            yield Triple(maker, v.RDF_TYPE, v.MANUFACTURER)
            yield Triple(maker, v.RDFS_LABEL, terms.text(organization_name(entry.manufacturer)))


def target_lexicon_triples(entries: Iterable[TargetEntry], lexicon: Document) -> Iterator[Triple]:
    """Each used target: its full name and the pathway it takes part in."""
    for entry in entries:
        node = iris.tag_iri("target", entry.target)
        pathway = iris.pathway_iri(entry.pathway)
        yield from tag_triples("target", entry.target)
        yield from origin_triples(node, Origin(lexicon.path, entry.line), lexicon)
        yield Triple(node, v.SKOS_ALT_LABEL, terms.english(entry.name))
        yield Triple(node, v.IN_PATHWAY, pathway)
        yield Triple(pathway, v.RDF_TYPE, v.PATHWAY)
        yield Triple(pathway, v.RDF_TYPE, v.SKOS_CONCEPT)
        yield Triple(pathway, v.RDFS_LABEL, terms.text(entry.pathway))
        yield Triple(pathway, v.SKOS_PREF_LABEL, terms.english(entry.pathway))


def concept_lexicon_triples(entries: Iterable[ConceptEntry], lexicon: Document) -> Iterator[Triple]:
    """Each used condition or population: its full name and the words that mean it."""
    for entry in entries:
        node = iris.tag_iri(entry.kind, entry.key)
        yield from tag_triples(entry.kind, entry.key)
        yield from origin_triples(node, Origin(lexicon.path, entry.line), lexicon)
        for word in sorted({entry.name, *entry.synonyms} - {entry.key}):
            yield Triple(node, v.SKOS_ALT_LABEL, terms.english(word))


def used_drug_classes(entries: Iterable[LexiconEntry]) -> list[DrugClass]:
    """The ATC groups the entries are classed in and every group above them, by code."""
    classes = load_drug_classes()
    codes = {code[:length] for entry in entries for code in entry.atc
             for length in range(1, len(code) + 1) if code[:length] in classes}
    return [classes[code] for code in sorted(codes)]


def drug_class_triples(classes: Iterable[DrugClass], lexicon: Document) -> Iterator[Triple]:
    """Each ATC group: a SKOS concept with its code as notation, the WHO name as label, the
    group above as broader, and WHO's index entry as exact match."""
    for drug_class in classes:
        node = iris.drug_class_iri(drug_class.code)
        yield Triple(node, v.RDF_TYPE, v.DRUG_CLASS)
        yield Triple(node, v.RDF_TYPE, v.SKOS_CONCEPT)
        yield Triple(node, v.RDFS_LABEL, terms.text(drug_class.label))
        yield Triple(node, v.SKOS_PREF_LABEL, terms.english(drug_class.label))
        yield Triple(node, v.SKOS_NOTATION, terms.text(drug_class.code))
        yield Triple(node, v.SKOS_EXACT_MATCH, iris.external_iri(f"atc:{drug_class.code}"))
        if drug_class.broader:
            yield Triple(node, v.SKOS_BROADER, iris.drug_class_iri(drug_class.broader))
        yield from origin_triples(node, Origin(lexicon.path, drug_class.line), lexicon)


MATCH_PREDICATES = {"exact": v.SKOS_EXACT_MATCH, "narrow": v.SKOS_NARROW_MATCH}


def identifier_triples(rows: Iterable[ExternalIdentifier], lexicon: Document) -> Iterator[Triple]:
    """Each row: our node, matched to the other vocabulary's IRI, cited by its line."""
    for row in rows:
        node = entity_iri(row.kind, row.key)
        yield Triple(node, MATCH_PREDICATES[row.match], iris.external_iri(row.curie))
        yield from origin_triples(node, Origin(lexicon.path, row.line), lexicon)


def entity_iri(kind: EntityKind, key: str) -> NamedNode:
    """The node an identifier row is about: a drug by its INN, else a tag-vocabulary concept."""
    return iris.drug_iri(key) if kind == "drug" else iris.tag_iri(kind, key)
