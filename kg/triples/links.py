"""Cross-source link triples, each link set in a graph of its own with the rule that made it
and, where a link needs one, the reason for it on the link's statement."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import NamedNode, Triple

from kg.lexicon import CONDITIONS_FILE
from kg.link import PublicationMatch, PublishedReference, ReportedUpdate, match_publications
from kg.link.concepts import ConceptName
from kg.link.duplicates import PossibleDuplicate, possible_duplicates
from kg.triples import iris, terms, vocab as v

PUBLICATION_LINKS = iris.linkset_iri("trial-publications")
PUBLICATION_RULE = (
    "An SPS trial-data entry that names a journal is linked to the drug-page reference of "
    "the same drug published in the same month with the same number of participants."
)
DUPLICATE_LINKS = iris.linkset_iri("possible-duplicates")
DUPLICATE_RULE = (
    "Two references of a drug whose titles start with the same six words (case and "
    "punctuation aside) and whose sample sizes differ by at most a tenth, or are stated by "
    "one only, may report one study: the earlier is dk:possibleDuplicateOf the later, with "
    "the reason on that statement. They are flagged, not merged: the source lists both."
)
NAME_LINKS = iris.linkset_iri("concept-names")
NAME_RULE = (
    "A condition or population a source names in other words than the condition lexicon's "
    "key is the lexicon's concept whose key, full name or synonym those words are, "
    "case-insensitively; the words are the concept's skos:hiddenLabel, with where they "
    "stand and the lexicon line that names them."
)

Graph = tuple[NamedNode, list[Triple]]


def link_graphs(references: Iterable[PublishedReference], updates: Iterable[ReportedUpdate],
                names: Iterable[ConceptName]) -> list[Graph]:
    """Every link set the documents together give that holds a link, its triples each once."""
    references = list(references)
    matches = match_publications(references, updates)
    pairs = possible_duplicates(references)
    names = list(names)
    found = [(PUBLICATION_LINKS, publication_link_triples(matches)) if matches else None,
             (DUPLICATE_LINKS, duplicate_link_triples(pairs)) if pairs else None,
             (NAME_LINKS, concept_name_triples(names)) if names else None]
    return [(graph, list(set(triples))) for graph, triples in filter(None, found)]


def publication_link_triples(matches: Iterable[PublicationMatch]) -> Iterator[Triple]:
    """Entry -> publication it reports, and publication -> trial the entry names."""
    yield from _link_set(PUBLICATION_LINKS, "trial data matched to publications", PUBLICATION_RULE)
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


def duplicate_link_triples(pairs: Iterable[PossibleDuplicate]) -> Iterator[Triple]:
    """Earlier reference -> later one it may duplicate, with the reason in words."""
    yield from _link_set(DUPLICATE_LINKS, "references that may report one study twice", DUPLICATE_RULE)
    for pair in pairs:
        first, second = (iris.publication_iri(r.drug, r.title, r.date) for r in (pair.first, pair.second))
        yield from _reasoned(Triple(first, v.POSSIBLE_DUPLICATE_OF, second), pair.reason)
        for reference in (pair.first, pair.second):
            yield Triple(DUPLICATE_LINKS, v.PROV_DERIVED_FROM, iris.document_iri(reference.document))


def concept_name_triples(names: Iterable[ConceptName]) -> Iterator[Triple]:
    """A concept -> the words a source names it by, with where they stand and why they mean it."""
    yield from _link_set(NAME_LINKS, "source names matched to condition and population concepts",
                         NAME_RULE)
    for name in names:
        entry = name.entry
        reason = (f"'{name.words}' ({name.document} line {name.line}, {name.context}) is a name of "
                  f"{entry.key} ({entry.name}) in {CONDITIONS_FILE.name} line {entry.line}")
        label = Triple(iris.tag_iri(entry.kind, entry.key), v.SKOS_HIDDEN_LABEL, terms.english(name.words))
        yield from _reasoned(label, reason)
        yield Triple(NAME_LINKS, v.PROV_DERIVED_FROM, iris.document_iri(name.document))
        yield Triple(NAME_LINKS, v.PROV_DERIVED_FROM, iris.document_iri(CONDITIONS_FILE.name))


def _link_set(node: NamedNode, label: str, rule: str) -> Iterator[Triple]:
    yield Triple(node, v.RDF_TYPE, v.LINK_SET)
    yield Triple(node, v.RDFS_LABEL, terms.text(label))
    yield Triple(node, v.RDFS_COMMENT, terms.text(rule))


def _reasoned(link: Triple, reason: str) -> Iterator[Triple]:
    """A link and, on its reified statement (labelled by the reason, as every typed node is
    labelled), the reason it was made."""
    statement = iris.statement_iri(str(link.subject), str(link.predicate), str(link.object))
    yield link
    yield Triple(statement, v.RDF_SUBJECT, link.subject)
    yield Triple(statement, v.RDF_PREDICATE, link.predicate)
    yield Triple(statement, v.RDF_OBJECT, link.object)
    yield Triple(statement, v.MATCH_REASON, terms.text(reason))
    yield Triple(statement, v.RDFS_LABEL, terms.text(reason))
