"""Clinical-trial triples: registry fields, sites and design of a trial listed for a drug."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Triple

from kg.records import Document, Trial
from kg.triples import iris, terms, vocab as v
from kg.triples.document import Statements


def trial_triples(drug: str, trial: Trial, document: Document) -> Iterator[Triple]:
    """A trial row and its bullets; the trial IRI is its registry id, shared across sources."""
    node = iris.trial_iri(trial.nct_id)
    said = Statements(document, trial.origin, trial.lines, node)
    yield from said(Triple(node, v.RDF_TYPE, v.CLINICAL_TRIAL))
    yield from said(Triple(node, v.NCT_ID, terms.text(trial.nct_id)))
    yield from said(Triple(node, v.SKOS_EXACT_MATCH, iris.trial_registry_iri(trial.nct_id)))
    yield from said(Triple(node, v.DCT_TITLE, terms.text(trial.title)))
    yield from said(Triple(node, v.RDFS_LABEL, terms.text(f"{trial.nct_id}: {trial.title}")))
    yield from said(Triple(node, v.INVESTIGATES_DRUG, iris.drug_iri(drug)))
    yield from said.cite()
    texts = {
        v.TRIAL_STATUS: ("status", (trial.status,)), v.TRIAL_PHASE: ("phases", trial.phases),
        v.ALTERNATIVE_ID: ("alternative_ids", trial.alternative_ids),
        v.INTERVENTION: ("interventions", trial.interventions),
        v.STUDY_TYPE: ("study_type", (trial.study_type,)),
        v.RESULTS_STATUS: ("results", (trial.results,)),
        v.ELIGIBLE_AGES: ("age_range", (trial.age_range,)),
        v.OUTCOME_MEASURE: ("outcome_measures", trial.outcome_measures),
    }
    for predicate, (field, values) in texts.items():
        for value in values:
            if value:
                yield from said(Triple(node, predicate, terms.text(value)), field)
    if trial.start:
        yield from said(Triple(node, v.START_DATE, terms.date(trial.start)))
    if trial.completion:
        yield from said(Triple(node, v.COMPLETION_DATE, terms.date(trial.completion)))
    if trial.enrollment is not None:
        yield from said(Triple(node, v.ENROLLMENT, terms.integer(trial.enrollment)), "enrollment")
    for key, value in trial.design:
        design_field = v.DESIGN_FIELDS.get(key)
        if design_field is None:
            yield from said(Triple(node, v.DESIGN_NOTE, terms.text(f"{key}: {value}")), "design")
        else:
            yield from said(Triple(node, design_field, terms.text(value)), "design")
    for site in trial.sites:
        site_node = iris.site_iri(site.label)
        yield from said(Triple(node, v.HAS_TRIAL_SITE, site_node), "sites")
        yield Triple(site_node, v.RDF_TYPE, v.TRIAL_SITE)
        yield Triple(site_node, v.RDFS_LABEL, terms.text(site.label))
        if site.country:
            yield Triple(site_node, v.COUNTRY, terms.text(site.country))
