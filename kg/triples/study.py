"""Study triples: what a reference's notes say of its study groups (arms and controls)
and of how the drug was given (regimens, their steps, routes)."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Triple

from kg.records import ArmRole, DoseStep, DosingRegimen, Reference, SampleSize
from kg.triples import iris, terms, vocab as v
from kg.triples.document import Statements


ARM_CLASSES: dict[ArmRole, NamedNode] = {
    "treated": v.TREATMENT_ARM, "control": v.CONTROL_ARM, "active-comparator": v.ACTIVE_COMPARATOR_ARM,
}


def sample_triples(publication: NamedNode, sample: SampleSize, said: Statements) -> Iterator[Triple]:
    """The sample size and its arms, stated at the line of the sample-size text. The sample
    size is every arm; treated, control and active-comparator participants add up to it."""
    yield from said(Triple(publication, v.SAMPLE_SIZE_TEXT, terms.text(sample.text)), "sample")
    if sample.total is None:
        return
    yield from said(Triple(publication, v.SAMPLE_SIZE, terms.integer(sample.total)), "sample")
    parts = {v.PARTICIPANTS_TREATED: sample.treated, v.PARTICIPANTS_CONTROL: sample.controls,
             v.PARTICIPANTS_COMPARATOR: sample.comparators}
    for predicate, count in parts.items():
        yield from said(Triple(publication, predicate, terms.integer(count or 0)), "sample")
    for number, arm in enumerate(sample.arms, 1):
        node = iris.study_arm_iri(publication, number)
        yield from said(Triple(publication, v.HAS_STUDY_ARM, node), "sample")
        yield from said.part(node, "sample").cite()
        yield Triple(node, v.RDF_TYPE, ARM_CLASSES[arm.role])
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


def dosing_triples(publication: NamedNode, reference: Reference, said: Statements) -> Iterator[Triple]:
    """Each regimen with its steps; a reference that names routes but no dose gets one
    regimen of its routes. A regimen that states no route takes the reference's only one.
    Each fact is stated at the line of its regimen's words."""
    if reference.dosage_text:
        yield from said(Triple(publication, v.DOSAGE_TEXT, terms.text(reference.dosage_text)), "dosage")
    regimens = reference.regimens or ((DosingRegimen(", ".join(reference.routes), ()),)
                                      if reference.routes else ())
    only_route = reference.routes if len(reference.routes) == 1 else ()
    for number, regimen in enumerate(regimens, 1):
        node = iris.dosing_iri(publication, number)
        yield from said(Triple(publication, v.HAS_DOSING, node), "regimens", regimen.text)
        part = said.part(node, "regimens", regimen.text)
        yield from part.cite()
        yield Triple(node, v.RDF_TYPE, v.DOSING_REGIMEN)
        yield Triple(node, v.RDFS_LABEL, terms.text(regimen.text))
        if regimen.steps:
            yield Triple(node, v.DOSE_TEXT, terms.text(regimen.text))
        for route in regimen.routes or (only_route if regimen.steps else reference.routes):
            yield from route_triples(node, route, part)
        for step_number, step in enumerate(regimen.steps, 1):
            yield from _step_triples(node, step_number, step, part)


def _step_triples(regimen: NamedNode, number: int, step: DoseStep,
                  said: Statements) -> Iterator[Triple]:
    """A phase of a regimen: a part that cites its regimen's line."""
    node = iris.dose_step_iri(regimen, number)
    yield Triple(regimen, v.HAS_DOSE_STEP, node)
    part = said.part(node)
    yield from part.cite()
    yield Triple(node, v.RDF_TYPE, v.DOSE_STEP)
    yield Triple(node, v.RDFS_LABEL, terms.text(step.text))
    yield Triple(node, v.STEP_NUMBER, terms.integer(number))
    decimals = {v.DOSE_AMOUNT: step.amount, v.DOSE_AMOUNT_MAX: step.amount_max,
                v.DAILY_DOSE_AMOUNT: step.daily_amount, v.DAILY_DOSE_AMOUNT_MAX: step.daily_amount_max,
                v.DOSES_PER_DAY: step.doses_per_day, v.DOSES_PER_DAY_MAX: step.doses_per_day_max}
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
    if step.unit_note:
        yield Triple(node, v.DOSE_UNIT_QUESTIONABLE, terms.text(step.unit_note))
    if step.frequency:
        yield Triple(node, v.FREQUENCY, terms.text(step.frequency))
    for route in step.routes:
        yield from route_triples(node, route, part)


def route_triples(subject: NamedNode, route: str, said: Statements, field: str = "",
                  words: str | None = None) -> Iterator[Triple]:
    """A route of administration by its one name, linked from a dosing regimen or a product
    (the link stated where its words stand); other ``words`` a source names it by
    (``Subcutaneous injection``) are its alternative label, stated there too."""
    node = iris.route_iri(route)
    yield from said(Triple(subject, v.HAS_ROUTE, node), field)
    yield Triple(node, v.RDF_TYPE, v.ROUTE)
    yield Triple(node, v.RDFS_LABEL, terms.text(route))
    if words and words.casefold() != route.casefold():
        yield from said(Triple(node, v.SKOS_ALT_LABEL, terms.english(words)), field)
