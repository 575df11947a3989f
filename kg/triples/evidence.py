"""Evidence triples: a drug's literature references with their tags, notes and dosing."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Triple

from kg.link import Identities
from kg.records import Document, Reference, ReferenceKind, TagCategory
from kg.triples import iris, terms, vocab as v
from kg.triples.document import identity_triples, origin_triples

REFERENCE_LINKS: dict[ReferenceKind, NamedNode] = {
    "supporting": v.SUPPORTING_REFERENCE,
    "contradictory": v.CONTRADICTORY_REFERENCE,
    "ai-suggested": v.AI_SUGGESTED_REFERENCE,
}
TAG_LINKS: dict[TagCategory, NamedNode] = {
    "target": v.CONCERNS_TARGET, "condition": v.CONCERNS_CONDITION,
    "severity": v.DISEASE_SEVERITY, "substance": v.HAS_SUBSTANCE_CLASS,
    "population": v.STUDIED_POPULATION, "design": v.HAS_STUDY_DESIGN, "unknown": v.HAS_TAG,
}
TAG_CLASSES: dict[TagCategory, NamedNode] = {
    "target": v.TARGET, "condition": v.CONDITION, "severity": v.SEVERITY,
    "substance": v.SUBSTANCE_CLASS, "population": v.POPULATION_GROUP,
    "design": v.STUDY_DESIGN, "unknown": v.TAG,
}


def reference_triples(drug: str, reference: Reference, document: Document,
                      identities: Identities) -> Iterator[Triple]:
    """A publication listed for a drug (by identity key), linked by the kind of evidence it gives."""
    node = iris.publication_iri(drug, reference.title, reference.date)
    yield Triple(iris.drug_iri(drug), REFERENCE_LINKS[reference.kind], node)
    yield Triple(node, v.RDF_TYPE, v.PUBLICATION)
    yield Triple(node, v.DCT_TITLE, terms.text(reference.title))
    yield Triple(node, v.RDFS_LABEL, terms.text(reference.title))
    yield Triple(node, v.DCT_DATE, terms.date(reference.date))
    yield from origin_triples(node, reference.origin, document)
    for tag in reference.tags:
        yield Triple(node, TAG_LINKS[tag.category], iris.tag_iri(tag.category, tag.label))
        yield from tag_triples(tag.category, tag.label)
        for kind in tag.design_kinds:
            yield Triple(iris.tag_iri(tag.category, tag.label), v.RDF_TYPE, v.DESIGN_KIND_CLASSES[kind])
    if reference.population:
        yield Triple(node, v.POPULATION_DESCRIPTION, terms.text(reference.population))
    if reference.impact_factor is not None:
        yield Triple(node, v.IMPACT_FACTOR, terms.decimal(reference.impact_factor))
    if reference.notes:
        yield Triple(node, v.NOTES, terms.text("\n\n".join(reference.notes)))
    if reference.sample_size_text:
        yield Triple(node, v.SAMPLE_SIZE_TEXT, terms.text(reference.sample_size_text))
    if reference.sample_size is not None:
        yield Triple(node, v.SAMPLE_SIZE, terms.integer(reference.sample_size))
    if reference.endpoint:
        yield Triple(node, v.ENDPOINT, terms.text(reference.endpoint))
    for co_medication in reference.co_medications:
        identity = identities.drug(co_medication)
        yield Triple(node, v.CO_MEDICATION, iris.drug_iri(identity.key))
        yield from identity_triples(identity)
    yield from _dosing_triples(node, reference)


def tag_triples(category: TagCategory, label: str) -> Iterator[Triple]:
    """A tag as a SKOS concept in its category's scheme (targets are concepts too)."""
    node = iris.tag_iri(category, label)
    scheme = iris.scheme_iri(category)
    yield Triple(node, v.RDF_TYPE, TAG_CLASSES[category])
    yield Triple(node, v.RDF_TYPE, v.SKOS_CONCEPT)
    yield Triple(node, v.RDFS_LABEL, terms.text(label))
    yield Triple(node, v.SKOS_PREF_LABEL, terms.english(label))
    yield Triple(node, v.SKOS_IN_SCHEME, scheme)
    yield Triple(scheme, v.RDF_TYPE, v.SKOS_CONCEPT_SCHEME)
    yield Triple(scheme, v.RDFS_LABEL, terms.text(f"{iris.TAG_PATHS[category]} tags"))


def _dosing_triples(publication: NamedNode, reference: Reference) -> Iterator[Triple]:
    if not reference.dosage_text and not reference.routes:
        return
    node = iris.dosing_iri(publication)
    yield Triple(publication, v.HAS_DOSING, node)
    yield Triple(node, v.RDF_TYPE, v.DOSING_REGIMEN)
    label = reference.dosage_text or ", ".join(reference.routes)
    yield Triple(node, v.RDFS_LABEL, terms.text(label))
    if reference.dosage_text:
        yield Triple(node, v.DOSE_TEXT, terms.text(reference.dosage_text))
    for route in reference.routes:
        yield from route_triples(node, route)


def route_triples(subject: NamedNode, route: str) -> Iterator[Triple]:
    """A route of administration, linked from a dosing regimen or a product."""
    node = iris.route_iri(route)
    yield Triple(subject, v.HAS_ROUTE, node)
    yield Triple(node, v.RDF_TYPE, v.ROUTE)
    yield Triple(node, v.RDFS_LABEL, terms.text(route))
