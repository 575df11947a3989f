"""Drug triples: the drug, its brand products and its targets, as its page states them."""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Triple

from kg.link import DrugIdentity
from kg.records import Document, Drug
from kg.triples import iris, terms, vocab as v
from kg.triples.document import Statements, identity_triples
from kg.triples.evidence import tag_triples


def drug_triples(drug: Drug, identity: DrugIdentity, document: Document) -> Iterator[Triple]:
    """Everything the page header says about its drug."""
    node = iris.drug_iri(identity.key)
    said = Statements(document, drug.origin, drug.lines, node)
    for triple in identity_triples(identity):
        yield from said(triple)
    yield from said.cite()
    optional = {
        "description": (v.DCT_DESCRIPTION, drug.description),
        "sequence": (v.PROTEIN_SEQUENCE, drug.sequence),
        "research_phase": (v.RESEARCH_PHASE, drug.research_phase),
        "how_it_helps": (v.THERAPEUTIC_ROLE, drug.how_it_helps),
        "drug_status": (v.DRUG_STATUS, drug.drug_status),
    }
    for field, (predicate, value) in optional.items():
        if value:
            yield from said(Triple(node, predicate, terms.text(value)), field)
    if drug.general_information:
        # one fact of several paragraphs: stated at the first paragraph's line
        general = terms.text("\n\n".join(drug.general_information))
        yield from said(Triple(node, v.GENERAL_INFORMATION, general),
                        "general_information", drug.general_information[0])
    for brand in drug.brand_names:
        for triple in product_triples(node, brand):
            yield from said(triple, "brand_names")
    for target in drug.targets:
        yield from said(Triple(node, v.HAS_TARGET, iris.tag_iri("target", target)), "targets", target)
        yield from tag_triples("target", target)
    if drug.counts is not None:
        counts = {"supporting": v.STATED_SUPPORTING, "contradictory": v.STATED_CONTRADICTORY,
                  "ai_suggested": v.STATED_AI_SUGGESTED, "clinical_trials": v.STATED_TRIALS}
        for field, predicate in counts.items():
            count = terms.integer(getattr(drug.counts, field))
            yield from said(Triple(node, predicate, count), "counts", field)


def product_triples(drug: NamedNode, brand: str) -> Iterator[Triple]:
    """A brand-name product of a drug."""
    product = iris.product_iri(brand)
    yield Triple(product, v.RDF_TYPE, v.PRODUCT)
    yield Triple(product, v.RDFS_LABEL, terms.text(brand))
    yield Triple(drug, v.HAS_PRODUCT, product)
