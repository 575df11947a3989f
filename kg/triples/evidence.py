"""Evidence triples: a drug's literature references with their tags, sample, dosing,
co-medications, conditions and reported results."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pyoxigraph import NamedNode, Triple

from kg.link import Identities
from kg.records import (
    Document, DoseStep, DosingRegimen, EffectStatement, Reference, ReferenceKind, SampleSize,
    TagCategory,
)
from kg.triples import iris, terms, vocab as v
from kg.triples.document import Statements, identity_triples
from kg.triples.evidence_codes import evidence_code_triples
from kg.triples.study import dosing_triples, sample_triples

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
STUDIED_LINKS = {"condition": v.STUDIED_CONDITION, "population": v.STUDIED_GROUP}
TAG_CLASSES: dict[TagCategory, NamedNode] = {
    "target": v.TARGET, "condition": v.CONDITION, "severity": v.SEVERITY,
    "substance": v.SUBSTANCE_CLASS, "population": v.POPULATION_GROUP,
    "design": v.STUDY_DESIGN, "unknown": v.TAG,
}


def reference_triples(drug: str, reference: Reference, document: Document,
                      identities: Identities) -> Iterator[Triple]:
    """A publication listed for a drug (by identity key), linked by the kind of evidence it
    gives, each fact stated at the line its words stand on."""
    node = iris.publication_iri(drug, reference.title, reference.date)
    said = Statements(document, reference.origin, reference.lines, node)
    yield from said.cite()
    yield from said(Triple(iris.drug_iri(drug), REFERENCE_LINKS[reference.kind], node))
    yield from said(Triple(node, v.RDF_TYPE, v.PUBLICATION))
    yield from said(Triple(node, v.DCT_TITLE, terms.text(reference.title)))
    yield from said(Triple(node, v.RDFS_LABEL, terms.text(reference.title)))
    yield from said(Triple(node, v.DCT_DATE, terms.date(reference.date)), "date")
    for tag in reference.tags:
        yield from said(Triple(node, TAG_LINKS[tag.category], iris.tag_iri(tag.category, tag.label)),
                        "tags")
        yield from tag_triples(tag.category, tag.label)
        for kind in tag.design_kinds:
            yield Triple(iris.tag_iri(tag.category, tag.label), v.RDF_TYPE, v.DESIGN_KIND_CLASSES[kind])
    if reference.population:
        yield from said(Triple(node, v.POPULATION_DESCRIPTION, terms.text(reference.population)),
                        "population")
    if reference.impact_factor is not None:
        yield from said(Triple(node, v.IMPACT_FACTOR, terms.decimal(reference.impact_factor)),
                        "impact_factor")
    if reference.notes:
        yield from said(Triple(node, v.NOTES, terms.text("\n\n".join(reference.notes))), "notes")
    if reference.sample:
        yield from sample_triples(node, reference.sample, said)
    if reference.endpoint:
        yield from said(Triple(node, v.ENDPOINT, terms.text(reference.endpoint)), "endpoint")
    for co_medication in reference.co_medications:
        identity = identities.drug(co_medication)
        yield from said(Triple(node, v.CO_MEDICATION, iris.drug_iri(identity.key)),
                        "co_medications", co_medication)
        yield from identity_triples(identity)
    studied: dict[TagCategory, tuple[str, ...]] = {"condition": reference.conditions,
                                                   "population": reference.populations}
    for category, keys in studied.items():
        for key in keys:
            yield from said(Triple(node, STUDIED_LINKS[category], iris.tag_iri(category, key)),
                            f"{category}s", key)
            yield from tag_triples(category, key)
    for number, effect in enumerate(reference.effects, 1):
        yield from _result_triples(node, number, effect, said)
    yield from dosing_triples(node, reference, said)
    yield from evidence_code_triples(node, reference, said)


def tag_triples(category: TagCategory, label: str) -> Iterator[Triple]:
    """A tag as a SKOS concept in its category's scheme (targets are concepts too)."""
    return iter(_tag_triples(category, label))


@lru_cache(maxsize=4096)
def _tag_triples(category: TagCategory, label: str) -> tuple[Triple, ...]:
    """Every reference tagged alike states the same concept: made once per process."""
    node = iris.tag_iri(category, label)
    scheme = iris.scheme_iri(category)
    return (
        Triple(node, v.RDF_TYPE, TAG_CLASSES[category]),
        Triple(node, v.RDF_TYPE, v.SKOS_CONCEPT),
        Triple(node, v.RDFS_LABEL, terms.text(label)),
        Triple(node, v.SKOS_PREF_LABEL, terms.english(label)),
        Triple(node, v.SKOS_IN_SCHEME, scheme),
        Triple(scheme, v.RDF_TYPE, v.SKOS_CONCEPT_SCHEME),
        Triple(scheme, v.RDFS_LABEL, terms.text(f"{iris.TAG_PATHS[category]} tags")),
    )


def _result_triples(publication: NamedNode, number: int, effect: EffectStatement,
                    said: Statements) -> Iterator[Triple]:
    """A result sentence of the notes: a part of the reference that cites its own line."""
    node = iris.result_iri(publication, number)
    yield from said(Triple(publication, v.REPORTS_RESULT, node), "effects", effect.text)
    yield from said.part(node, "effects", effect.text).cite()
    yield Triple(node, v.RDF_TYPE, v.REPORTED_RESULT)
    yield Triple(node, v.RDFS_LABEL, terms.text(effect.text))
    yield Triple(node, v.RESULT_VALUE, terms.decimal(effect.value))
    yield Triple(node, v.RESULT_UNIT, terms.text(effect.unit))
    if effect.measure:
        yield Triple(node, v.RESULT_MEASURE, terms.text(effect.measure))
    if effect.denominator is not None:
        yield Triple(node, v.RESULT_DENOMINATOR, terms.integer(effect.denominator))
