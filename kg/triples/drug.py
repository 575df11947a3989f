"""Drug triples: the drug, its brand products and its targets, as its page states them."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Triple

from kg.link import DrugIdentity
from kg.records import Document, Drug
from kg.triples import iris, terms, vocab as v
from kg.triples.document import identity_triples, origin_triples
from kg.triples.evidence import tag_triples


def drug_triples(drug: Drug, identity: DrugIdentity, document: Document) -> Iterator[Triple]:
    """Everything the page header says about its drug."""
    node = iris.drug_iri(identity.key)
    yield from identity_triples(identity)
    yield from origin_triples(node, drug.origin, document)
    optional = {
        v.DCT_DESCRIPTION: drug.description,
        v.GENERAL_INFORMATION: "\n\n".join(drug.general_information) or None,
        v.PROTEIN_SEQUENCE: drug.sequence,
        v.RESEARCH_PHASE: drug.research_phase,
        v.THERAPEUTIC_ROLE: drug.how_it_helps,
        v.DRUG_STATUS: drug.drug_status,
    }
    for predicate, value in optional.items():
        if value:
            yield Triple(node, predicate, terms.text(value))
    for brand in drug.brand_names:
        yield from product_triples(node, brand)
    for target in drug.targets:
        yield Triple(node, v.HAS_TARGET, iris.tag_iri("target", target))
        yield from tag_triples("target", target)
    if drug.counts is not None:
        yield Triple(node, v.STATED_SUPPORTING, terms.integer(drug.counts.supporting))
        yield Triple(node, v.STATED_CONTRADICTORY, terms.integer(drug.counts.contradictory))
        yield Triple(node, v.STATED_AI_SUGGESTED, terms.integer(drug.counts.ai_suggested))
        yield Triple(node, v.STATED_TRIALS, terms.integer(drug.counts.clinical_trials))


def product_triples(drug: NamedNode, brand: str) -> Iterator[Triple]:
    """A brand-name product of a drug."""
    product = iris.product_iri(brand)
    yield Triple(product, v.RDF_TYPE, v.PRODUCT)
    yield Triple(product, v.RDFS_LABEL, terms.text(brand))
    yield Triple(drug, v.HAS_PRODUCT, product)
