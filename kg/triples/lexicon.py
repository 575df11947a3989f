"""Lexicon triples: what the curated lexicon says of the drugs the sources name —
brands, targets and makers — in the lexicon's own graph, line by line."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import Triple

from kg.lexicon import LexiconEntry, TargetEntry
from kg.link import Identities, organization_name
from kg.records import Document, Origin
from kg.triples import iris, terms, vocab as v
from kg.triples.document import identity_triples, origin_triples
from kg.triples.drug import product_triples
from kg.triples.evidence import tag_triples


def lexicon_triples(entries: Iterable[LexiconEntry], lexicon: Document,
                    identities: Identities) -> Iterator[Triple]:
    """Each used entry: the drug, its brand products, its targets and the main brand's maker."""
    for entry in entries:
        identity = identities.drug(entry.name)
        node = iris.drug_iri(identity.key)
        yield from identity_triples(identity)
        yield from origin_triples(node, Origin(lexicon.path, entry.line), lexicon)
        for brand in entry.brands:
            yield from product_triples(node, brand)
        for target in entry.targets:
            yield Triple(node, v.HAS_TARGET, iris.tag_iri("target", target))
            yield from tag_triples("target", target)
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
