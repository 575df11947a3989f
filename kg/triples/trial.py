"""Clinical-trial triples: registry fields, sites and design of a trial listed for a drug."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Triple

from kg.records import Document, Trial
from kg.triples import iris, terms, vocab as v
from kg.triples.document import origin_triples


def trial_triples(drug: str, trial: Trial, document: Document) -> Iterator[Triple]:
    """A trial row and its bullets; the trial IRI is its registry id, shared across sources."""
    node = iris.trial_iri(trial.nct_id)
    yield Triple(node, v.RDF_TYPE, v.CLINICAL_TRIAL)
    yield Triple(node, v.NCT_ID, terms.text(trial.nct_id))
    yield Triple(node, v.SKOS_EXACT_MATCH, iris.trial_registry_iri(trial.nct_id))
    yield Triple(node, v.DCT_TITLE, terms.text(trial.title))
    yield Triple(node, v.RDFS_LABEL, terms.text(f"{trial.nct_id}: {trial.title}"))
    yield Triple(node, v.INVESTIGATES_DRUG, iris.drug_iri(drug))
    yield from origin_triples(node, trial.origin, document)
    texts = {
        v.TRIAL_STATUS: (trial.status,), v.TRIAL_PHASE: trial.phases,
        v.ALTERNATIVE_ID: trial.alternative_ids, v.INTERVENTION: trial.interventions,
        v.STUDY_TYPE: (trial.study_type,), v.RESULTS_STATUS: (trial.results,),
        v.ELIGIBLE_AGES: (trial.age_range,), v.OUTCOME_MEASURE: trial.outcome_measures,
    }
    for predicate, values in texts.items():
        for value in values:
            if value:
                yield Triple(node, predicate, terms.text(value))
    if trial.start:
        yield Triple(node, v.START_DATE, terms.date(trial.start))
    if trial.completion:
        yield Triple(node, v.COMPLETION_DATE, terms.date(trial.completion))
    if trial.enrollment is not None:
        yield Triple(node, v.ENROLLMENT, terms.integer(trial.enrollment))
    for key, value in trial.design:
        field = v.DESIGN_FIELDS.get(key)
        if field is None:
            yield Triple(node, v.DESIGN_NOTE, terms.text(f"{key}: {value}"))
        else:
            yield Triple(node, field, terms.text(value))
    for site in trial.sites:
        site_node = iris.site_iri(site.label)
        yield Triple(node, v.HAS_TRIAL_SITE, site_node)
        yield Triple(site_node, v.RDF_TYPE, v.TRIAL_SITE)
        yield Triple(site_node, v.RDFS_LABEL, terms.text(site.label))
        if site.country:
            yield Triple(site_node, v.COUNTRY, terms.text(site.country))
