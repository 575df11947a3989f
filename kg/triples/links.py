"""Cross-source link triples, kept in a graph of their own with the rule that made them."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import Triple

from kg.link import PublicationMatch
from kg.triples import iris, terms, vocab as v

PUBLICATION_LINKS = iris.linkset_iri("trial-publications")
PUBLICATION_RULE = (
    "An SPS trial-data entry that names a journal is linked to the drug-page reference of "
    "the same drug published in the same month with the same number of participants."
)


def publication_link_triples(matches: Iterable[PublicationMatch]) -> Iterator[Triple]:
    """Entry -> publication it reports, and publication -> trial the entry names."""
    yield Triple(PUBLICATION_LINKS, v.RDF_TYPE, v.LINK_SET)
    yield Triple(PUBLICATION_LINKS, v.RDFS_LABEL, terms.text("trial data matched to publications"))
    yield Triple(PUBLICATION_LINKS, v.RDFS_COMMENT, terms.text(PUBLICATION_RULE))
    for match in matches:
        update = match.update
        date = update.date.isoformat()
        entry = iris.trial_update_iri(match.product, date, update.text)
        publication = iris.publication_iri(match.drug, match.reference.title, match.reference.date)
        yield Triple(entry, v.REPORTS_PUBLICATION, publication)
        yield Triple(PUBLICATION_LINKS, v.PROV_DERIVED_FROM, iris.document_iri(match.update_document))
        yield Triple(PUBLICATION_LINKS, v.PROV_DERIVED_FROM, iris.document_iri(match.reference_document))
        trial_id = update.nct_id or update.trial_name
        if trial_id:
            yield Triple(publication, v.REPORTS_TRIAL, iris.trial_iri(trial_id))
