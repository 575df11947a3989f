"""Guidance triples: SPS pages as products, storage rules, lactation advice, Q&As,
indications with their regulatory timeline, and the trial data behind them.

Drugs come in as identities from the link stage, so ``Kineret`` lands on the same
drug node as the drug page's anakinra; a product is always linked to its drug.
"""
from __future__ import annotations

from collections.abc import Generator, Iterator

from pyoxigraph import NamedNode, Triple

from kg.link import DrugIdentity, Identities, organization_name
from kg.records import (
    BiomarkerCriterion, Document, LactationGuidance, MedicinesQuestion, NewMedicine,
    RegulatoryEvent, StorageGuidance, TrialUpdate,
)
from kg.triples import iris, terms, vocab as v
from kg.triples.document import Statements, identity_triples
from kg.triples.drug import product_triples
from kg.triples.evidence import tag_triples
from kg.triples.study import route_triples

REGULATORS = {
    "CHMP": ("chmp", "EMA Committee for Medicinal Products for Human Use (CHMP)"),
    "EMA": ("ema", "European Medicines Agency (EMA)"),
    "European Commission": ("european-commission", "European Commission"),
    "MHRA": ("mhra", "Medicines and Healthcare products Regulatory Agency (MHRA)"),
    "CHM": ("chm", "Commission on Human Medicines (CHM)"),
    "NICE": ("nice", "National Institute for Health and Care Excellence (NICE)"),
    "FDA": ("fda", "US Food and Drug Administration (FDA)"),
    "PMDA": ("pmda", "Pharmaceuticals and Medical Devices Agency (PMDA)"),
}
REGION_REGULATORS = {"EU": ("eu", "European Union (EU)"), "UK": REGULATORS["MHRA"],
                     "US": REGULATORS["FDA"], "Japan": REGULATORS["PMDA"]}
"""Who acts for a region when a status line names no body (``Approved in the EU``)."""


def question_triples(page: MedicinesQuestion, document: Document,
                     identities: Identities) -> Iterator[Triple]:
    """A medicines Q&A, the drugs it weighs and the condition it is about."""
    node = iris.question_iri(page.title, page.date)
    said = Statements(document, page.origin, page.lines, node)
    yield from said.cite()
    yield from said(Triple(node, v.RDF_TYPE, v.MEDICINES_QUESTION))
    yield from said(Triple(node, v.DCT_TITLE, terms.text(page.title)))
    yield from said(Triple(node, v.RDFS_LABEL, terms.text(page.title)))
    yield from said(Triple(node, v.DCT_DATE, terms.date(page.date)), "date")
    yield from said(Triple(node, v.DCT_DESCRIPTION, terms.text(page.summary)), "summary")
    links = {v.MENTIONS_DRUG: page.drugs, v.CANDIDATE_THERAPY: page.candidates,
             v.AFTER_FAILURE_OF: page.after_failure_of}
    for predicate, names in links.items():
        for name in names:
            identity = identities.drug(name)
            yield from said(Triple(node, predicate, iris.drug_iri(identity.key)), "drugs", name)
            yield from identity_triples(identity)
    if page.therapy_line:
        yield from said(Triple(node, v.THERAPY_LINE, terms.text(page.therapy_line)))
    if page.condition:
        yield from said(Triple(node, v.CONCERNS_CONDITION, iris.tag_iri("condition", page.condition)))
        yield from tag_triples("condition", page.condition)
    if page.condition_context:
        yield from said(Triple(node, v.CONDITION_CONTEXT, terms.text(page.condition_context)))


def storage_triples(page: StorageGuidance, document: Document,
                    identities: Identities) -> Iterator[Triple]:
    """The excursion rule for one presentation, as typed numbers."""
    node = iris.storage_iri(page.presentation or page.product, page.date)
    said = Statements(document, page.origin, page.lines, node)
    yield from said.cite()
    drug = identities.drug(page.product)
    product = yield from _product(drug, page.product, page.manufacturer, said)
    presentation = product
    if page.presentation:
        label = f"{page.product} {page.presentation}"
        presentation = iris.product_iri(label)
        yield from said(Triple(presentation, v.RDF_TYPE, v.PRODUCT), "presentation")
        yield from said(Triple(presentation, v.RDFS_LABEL, terms.text(label)), "presentation")
        yield from said(Triple(presentation, v.PRESENTATION_OF, product), "presentation")
    if page.strength:
        value = terms.decimal(page.strength.value)
        strength = iris.strength_iri(value.value, page.strength.unit)
        yield from said(Triple(presentation, v.HAS_STRENGTH, strength), "presentation")
        yield Triple(strength, v.RDF_TYPE, v.DRUG_STRENGTH)
        yield Triple(strength, v.RDFS_LABEL, terms.text(f"{value.value} {page.strength.unit}"))
        yield Triple(strength, v.SCHEMA_STRENGTH_VALUE, value)
        yield Triple(strength, v.SCHEMA_STRENGTH_UNIT, terms.text(page.strength.unit))
    stored = " ".join(filter(None, (page.product, page.presentation)))
    yield from said(Triple(node, v.RDF_TYPE, v.STORAGE_CONDITION), "advice")
    yield from said(Triple(node, v.RDFS_LABEL,
                           terms.text(f"Storage of {stored} out of the refrigerator ({page.date})")))
    yield from said(Triple(node, v.CONCERNS_PRODUCT, presentation))
    yield from said(Triple(node, v.ADVICE, terms.text(page.advice)), "advice")
    yield from said(Triple(node, v.DCT_DATE, terms.date(page.date)), "date")
    yield from said(Triple(node, v.DISPOSE_AFTER_EXCURSION, terms.boolean(page.dispose_after)),
                    "advice")
    if page.max_temperature:
        yield from said(Triple(node, v.MAX_TEMPERATURE_C, terms.decimal(page.max_temperature.value)),
                        "advice")
    if page.max_duration:
        yield from said(Triple(node, v.MAX_DURATION_H, terms.decimal(page.max_duration.value)),
                        "advice")
    if page.may_return_to_refrigerator is not None:
        yield from said(Triple(node, v.MAY_RETURN_TO_REFRIGERATOR,
                               terms.boolean(page.may_return_to_refrigerator)), "advice")
    if page.issuer:
        issuer = iris.organization_iri(page.issuer)
        yield from said(Triple(node, v.ISSUED_BY, issuer), "issuer")
        yield from said(Triple(issuer, v.RDF_TYPE, v.ORGANIZATION), "issuer")
        yield from said(Triple(issuer, v.RDFS_LABEL, terms.text(page.issuer)), "issuer")


def lactation_triples(page: LactationGuidance, document: Document,
                      identities: Identities) -> Iterator[Triple]:
    """Breastfeeding advice on a substance, tied to its drug."""
    drug = identities.lactation_drug(page, document)
    node = iris.lactation_iri(drug.key, page.date)
    said = Statements(document, page.origin, page.lines, node)
    yield from said.cite()
    yield from said(Triple(node, v.RDF_TYPE, v.LACTATION_ADVICE))
    yield from said(Triple(node, v.RDFS_LABEL,
                           terms.text(f"Breastfeeding advice on {drug.label} ({page.date})")))
    yield from said(Triple(node, v.CONCERNS_DRUG, iris.drug_iri(drug.key)))
    yield from identity_triples(drug)
    yield from said(Triple(node, v.SUBSTANCE_DESCRIPTION, terms.text(page.substance)))
    yield from said(Triple(node, v.ADVICE, terms.text("; ".join(page.points))), "points")
    yield from said(Triple(node, v.DCT_DATE, terms.date(page.date)), "date")
    if page.abbreviation:
        yield from said(Triple(node, v.SKOS_ALT_LABEL, terms.text(page.abbreviation)))
    if page.verdict:
        yield from said(Triple(node, v.SAFETY_VERDICT, terms.text(page.verdict)), "verdict")


def new_medicine_triples(page: NewMedicine, document: Document,
                         identities: Identities) -> Iterator[Triple]:
    """A product's indication, its licence status and regulatory timeline, and trial data;
    each dated entry's facts stated at its own line."""
    drug = identities.drug(page.product)
    drug_node = iris.drug_iri(drug.key)
    indication = iris.indication_iri(drug.key, page.indication)
    said = Statements(document, page.origin, page.lines, indication)
    yield from said.cite()
    product = yield from _product(drug, page.product, page.company, said)
    yield from said(Triple(drug_node, v.HAS_INDICATION, indication))
    yield from said(Triple(indication, v.RDF_TYPE, v.INDICATION))
    yield from said(Triple(indication, v.RDFS_LABEL, terms.text(page.indication)))
    yield from said(Triple(indication, v.CONCERNS_PRODUCT, product))
    if page.status:
        yield from said(Triple(indication, v.LICENCE_STATUS, terms.text(page.status)), "status")
    if page.description:
        yield from said(Triple(drug_node, v.DCT_DESCRIPTION, terms.text(page.description)),
                        "description")
    if page.route:
        yield from route_triples(product, page.route_name or page.route, said, "route",
                                 words=page.route)
    for event in page.events:
        yield from _event_triples(event, page.product, product, indication, document)
    for update in page.trial_updates:
        yield from _update_triples(update, page.product, drug_node, document)


def _product(drug: DrugIdentity, name: str, company: str | None,
             said: Statements) -> Generator[Triple, None, NamedNode]:
    """The brand product of a drug (stated at the page's first line) and its company (at
    the ``company`` field's line); returns the product node."""
    drug_node = iris.drug_iri(drug.key)
    yield from identity_triples(drug)
    for triple in product_triples(drug_node, name):
        yield from said(triple)
    product = iris.product_iri(name)
    if company:
        organization = organization_name(company)
        maker = iris.organization_iri(organization)
        yield from said(Triple(product, v.MANUFACTURED_BY, maker), "company")
        yield from said(Triple(maker, v.RDF_TYPE, v.MANUFACTURER), "company")
        yield from said(Triple(maker, v.RDFS_LABEL, terms.text(organization)), "company")
        if company != organization:
            yield from said(Triple(maker, v.SKOS_ALT_LABEL, terms.text(company)), "company")
    return product


def _event_triples(event: RegulatoryEvent, product_name: str, product: NamedNode,
                   indication: NamedNode, document: Document) -> Iterator[Triple]:
    """A dated step of the timeline: the event and its criteria cite the entry's line."""
    date = event.date.isoformat()
    node = iris.regulatory_event_iri(product_name, date, event.kind, event.region)
    said = Statements(document, event.origin, node=node)
    yield from said.cite()
    step = iris.regulatory_step_iri(event.kind)
    yield Triple(node, v.RDF_TYPE, v.REGULATORY_EVENT)
    yield Triple(node, v.RDFS_LABEL, terms.text(f"{product_name}: {event.kind} ({date})"))
    yield Triple(node, v.DCT_DATE, terms.year_month(event.date))
    yield Triple(node, v.DCT_DESCRIPTION, terms.text(event.text))
    yield Triple(node, v.HAS_REGULATORY_STEP, step)
    yield Triple(node, v.CONCERNS_PRODUCT, product)
    yield Triple(node, v.HAS_INDICATION, indication)
    yield Triple(step, v.RDF_TYPE, v.REGULATORY_STEP)
    yield Triple(step, v.SKOS_PREF_LABEL, terms.text(event.kind))
    yield Triple(step, v.RDFS_LABEL, terms.text(event.kind))
    if event.region:
        yield Triple(node, v.REGION, terms.text(event.region))
    regulator = REGULATORS.get(event.body or "") or REGION_REGULATORS.get(event.region or "")
    if regulator:
        key, label = regulator
        yield Triple(node, v.REGULATED_BY, iris.organization_iri(key))
        yield Triple(iris.organization_iri(key), v.RDF_TYPE, v.REGULATOR)
        yield Triple(iris.organization_iri(key), v.RDFS_LABEL, terms.text(label))
    for criterion in event.criteria:
        criterion_node = yield from _criterion_triples(criterion)
        yield from said.part(criterion_node).cite()
        yield Triple(node, v.ELIGIBILITY_CRITERION, criterion_node)
        yield from said(Triple(indication, v.ELIGIBILITY_CRITERION, criterion_node))


def _criterion_triples(criterion: BiomarkerCriterion) -> Generator[Triple, None, NamedNode]:
    value = terms.decimal(criterion.threshold.value)
    unit = criterion.threshold.unit
    node = iris.criterion_iri(criterion.biomarker, criterion.comparator, value.value, unit)
    yield Triple(node, v.RDF_TYPE, v.BIOMARKER_CRITERION)
    yield Triple(node, v.RDFS_LABEL,
                 terms.text(f"{criterion.biomarker} {criterion.comparator} {value.value} {unit}"))
    yield Triple(node, v.BIOMARKER, terms.text(criterion.biomarker))
    yield Triple(node, v.COMPARATOR, terms.text(criterion.comparator))
    yield Triple(node, v.THRESHOLD_VALUE, value)
    yield Triple(node, v.UNIT_CODE, terms.text(unit))
    if criterion.biomarker_name:
        yield Triple(node, v.BIOMARKER_NAME, terms.text(criterion.biomarker_name))
    return node


def _update_triples(update: TrialUpdate, product_name: str, drug: NamedNode,
                    document: Document) -> Iterator[Triple]:
    """A trial-data entry: the entry, its trial and effect sizes cite the entry's line."""
    date = update.date.isoformat()
    node = iris.trial_update_iri(product_name, date, update.text)
    said = Statements(document, update.origin, node=node)
    yield from said.cite()
    yield Triple(node, v.RDF_TYPE, v.TRIAL_UPDATE)
    yield Triple(node, v.RDFS_LABEL,
                 terms.text(f"{product_name} trial data ({date}): {update.trial_name or 'trial'}"))
    yield Triple(node, v.DCT_DATE, terms.year_month(update.date))
    yield Triple(node, v.DCT_DESCRIPTION, terms.text(update.text))
    yield Triple(node, v.CONCERNS_DRUG, drug)
    if update.participants is not None:
        yield Triple(node, v.REPORTED_PARTICIPANTS, terms.integer(update.participants))
    if update.journal:
        yield Triple(node, v.PUBLISHED_IN, terms.text(update.journal))
    trial_id = update.nct_id or update.trial_name
    if trial_id:
        trial = iris.trial_iri(trial_id)
        yield from said(Triple(node, v.ABOUT_TRIAL, trial))
        yield from said(Triple(trial, v.RDF_TYPE, v.CLINICAL_TRIAL))
        label = ": ".join(filter(None, (update.nct_id, update.trial_name)))
        yield from said(Triple(trial, v.RDFS_LABEL, terms.text(label)))
        yield from said(Triple(trial, v.INVESTIGATES_DRUG, drug))
        # the trial is cited by each entry that names it, so its facts are reified
        yield from said.part(trial).cite()
        if update.nct_id:
            yield from said(Triple(trial, v.NCT_ID, terms.text(update.nct_id)))
            yield from said(Triple(trial, v.SKOS_EXACT_MATCH,
                                   iris.trial_registry_iri(update.nct_id)))
        if update.trial_name:
            yield from said(Triple(trial, v.TRIAL_ACRONYM, terms.text(update.trial_name)))
        if update.phase:
            for phase in update.phase.split("/"):
                yield from said(Triple(trial, v.TRIAL_PHASE, terms.text(phase)))
        if update.planned_enrollment is not None:
            yield from said(Triple(trial, v.ENROLLMENT, terms.integer(update.planned_enrollment)))
        for country in update.countries:
            yield from said(Triple(trial, v.COUNTRY, terms.text(country)))
    for index, effect in enumerate(update.effect_sizes, 1):
        effect_node = iris.effect_iri(node, index)
        yield Triple(node, v.HAS_EFFECT_SIZE, effect_node)
        yield from said.part(effect_node).cite()
        yield Triple(effect_node, v.RDF_TYPE, v.EFFECT_SIZE)
        yield Triple(effect_node, v.MEASURE, terms.text(effect.measure))
        yield Triple(effect_node, v.ESTIMATE, terms.decimal(effect.value))
        yield Triple(effect_node, v.RDFS_LABEL,
                     terms.text(f"{effect.measure} {terms.decimal(effect.value).value}"))
        numbers = {v.CI_LOWER: effect.ci_low, v.CI_UPPER: effect.ci_high, v.P_VALUE: effect.p_value}
        for predicate, number in numbers.items():
            if number is not None:
                yield Triple(effect_node, predicate, terms.decimal(number))
        if effect.ci_level is not None:
            yield Triple(effect_node, v.CI_LEVEL, terms.integer(effect.ci_level))
        if effect.p_comparator:
            yield Triple(effect_node, v.P_COMPARATOR, terms.text(effect.p_comparator))
