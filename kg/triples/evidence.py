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
STUDIED_LINKS = {"condition": v.STUDIED_CONDITION, "population": v.STUDIED_GROUP}
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
    if reference.sample:
        yield from _sample_triples(node, reference.sample)
    if reference.endpoint:
        yield Triple(node, v.ENDPOINT, terms.text(reference.endpoint))
    for co_medication in reference.co_medications:
        identity = identities.drug(co_medication)
        yield Triple(node, v.CO_MEDICATION, iris.drug_iri(identity.key))
        yield from identity_triples(identity)
    studied: dict[TagCategory, tuple[str, ...]] = {"condition": reference.conditions,
                                                   "population": reference.populations}
    for category, keys in studied.items():
        for key in keys:
            yield Triple(node, STUDIED_LINKS[category], iris.tag_iri(category, key))
            yield from tag_triples(category, key)
    for number, effect in enumerate(reference.effects, 1):
        yield from _result_triples(node, number, effect)
    yield from _dosing_triples(node, reference)


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


def _sample_triples(publication: NamedNode, sample: SampleSize) -> Iterator[Triple]:
    yield Triple(publication, v.SAMPLE_SIZE_TEXT, terms.text(sample.text))
    if sample.total is None:
        return
    yield Triple(publication, v.SAMPLE_SIZE, terms.integer(sample.total))
    yield Triple(publication, v.PARTICIPANTS_TREATED, terms.integer(sample.treated or 0))
    yield Triple(publication, v.PARTICIPANTS_CONTROL, terms.integer(sample.controls or 0))
    for number, arm in enumerate(sample.arms, 1):
        node = iris.study_arm_iri(publication, number)
        yield Triple(publication, v.HAS_STUDY_ARM, node)
        yield Triple(node, v.RDF_TYPE, v.TREATMENT_ARM if arm.role == "treated" else v.CONTROL_ARM)
        yield Triple(node, v.ARM_NUMBER, terms.integer(number))
        yield Triple(node, v.ARM_SIZE, terms.integer(arm.size))
        yield Triple(node, v.RDFS_LABEL, terms.text(f"{arm.size} {arm.description or arm.role}"))
        if arm.description:
            yield Triple(node, v.ARM_DESCRIPTION, terms.text(arm.description))
        for kind in arm.control_kinds:
            kind_node = iris.control_kind_iri(kind)
            yield Triple(node, v.HAS_CONTROL_KIND, kind_node)
            yield Triple(kind_node, v.RDF_TYPE, v.CONTROL_KIND)
            yield Triple(kind_node, v.RDFS_LABEL, terms.text(kind))


def _dosing_triples(publication: NamedNode, reference: Reference) -> Iterator[Triple]:
    """Each regimen with its steps; a reference that names routes but no dose gets one
    regimen of its routes. A regimen that states no route takes the reference's only one."""
    if reference.dosage_text:
        yield Triple(publication, v.DOSAGE_TEXT, terms.text(reference.dosage_text))
    regimens = reference.regimens or ((DosingRegimen(", ".join(reference.routes), ()),)
                                      if reference.routes else ())
    only_route = reference.routes if len(reference.routes) == 1 else ()
    for number, regimen in enumerate(regimens, 1):
        node = iris.dosing_iri(publication, number)
        yield Triple(publication, v.HAS_DOSING, node)
        yield Triple(node, v.RDF_TYPE, v.DOSING_REGIMEN)
        yield Triple(node, v.RDFS_LABEL, terms.text(regimen.text))
        if regimen.steps:
            yield Triple(node, v.DOSE_TEXT, terms.text(regimen.text))
        for route in regimen.routes or (only_route if regimen.steps else reference.routes):
            yield from route_triples(node, route)
        for step_number, step in enumerate(regimen.steps, 1):
            yield from _step_triples(node, step_number, step)


def _step_triples(regimen: NamedNode, number: int, step: DoseStep) -> Iterator[Triple]:
    node = iris.dose_step_iri(regimen, number)
    yield Triple(regimen, v.HAS_DOSE_STEP, node)
    yield Triple(node, v.RDF_TYPE, v.DOSE_STEP)
    yield Triple(node, v.RDFS_LABEL, terms.text(step.text))
    yield Triple(node, v.STEP_NUMBER, terms.integer(number))
    decimals = {v.DOSE_AMOUNT: step.amount, v.DOSE_AMOUNT_MAX: step.amount_max,
                v.DOSES_PER_DAY: step.doses_per_day}
    for predicate, value in decimals.items():
        if value is not None:
            yield Triple(node, predicate, terms.decimal(value))
    integers = {v.FIRST_DAY: step.first_day, v.LAST_DAY: step.last_day,
                v.DURATION_DAYS: step.duration_days}
    for predicate, count in integers.items():
        if count is not None:
            yield Triple(node, predicate, terms.integer(count))
    if step.unit:
        yield Triple(node, v.DOSE_UNIT, terms.text(step.unit))
    if step.frequency:
        yield Triple(node, v.FREQUENCY, terms.text(step.frequency))
    for route in step.routes:
        yield from route_triples(node, route)


def _result_triples(publication: NamedNode, number: int, effect: EffectStatement) -> Iterator[Triple]:
    node = iris.result_iri(publication, number)
    yield Triple(publication, v.REPORTS_RESULT, node)
    yield Triple(node, v.RDF_TYPE, v.REPORTED_RESULT)
    yield Triple(node, v.RDFS_LABEL, terms.text(effect.text))
    yield Triple(node, v.RESULT_VALUE, terms.decimal(effect.value))
    yield Triple(node, v.RESULT_UNIT, terms.text(effect.unit))
    if effect.measure:
        yield Triple(node, v.RESULT_MEASURE, terms.text(effect.measure))
    if effect.denominator is not None:
        yield Triple(node, v.RESULT_DENOMINATOR, terms.integer(effect.denominator))


def route_triples(subject: NamedNode, route: str) -> Iterator[Triple]:
    """A route of administration, linked from a dosing regimen or a product."""
    node = iris.route_iri(route)
    yield Triple(subject, v.HAS_ROUTE, node)
    yield Triple(node, v.RDF_TYPE, v.ROUTE)
    yield Triple(node, v.RDFS_LABEL, terms.text(route))
