"""Evidence-code triples: what kind of evidence a reference gives, as an Evidence and
Conclusion Ontology (ECO) class, and how its facts were made, as Biolink's knowledge level
and agent type.

The ECO class comes from the reference's design tags through the curated table
``data/lexicon/evidence-codes.tsv`` (a cohort study is ECO:0000180, clinical study evidence).
What the page lists of a reference (title, date, design, population, impact factor) is the
database curators' assertion; what the readers draw from its prose (sample and arms,
dosing, co-medications, conditions, results) is text mining by rules, each under Biolink's
KnowledgeLevelEnum and AgentTypeEnum (biolink-model.yaml).
"""
from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Triple

from kg.lexicon import EvidenceCode, load_evidence_codes
from kg.records import Reference, Tag
from kg.triples import iris, terms, vocab as v
from kg.triples.document import Statements

LISTING_KNOWLEDGE_LEVEL = "knowledge_assertion"
"""A reference as the page lists it: the curators assert it is evidence of this design."""
LISTING_AGENT_TYPE = "manual_agent"
"""Those curators, whose fields the readers take as they stand."""
PROSE_KNOWLEDGE_LEVEL = "observation"
"""What a study reports it saw or did: how many patients, what dose, what result."""
PROSE_AGENT_TYPE = "text_mining_agent"
"""The readers' rules, which find those facts in the prose."""


def evidence_code_triples(node: NamedNode, reference: Reference, said: Statements) -> Iterator[Triple]:
    """A publication's ECO class (stated at its tag line when its design tags chose it) with
    ECO's label, and the knowledge level and agent type of its listing and of its prose."""
    code = evidence_code(reference.tags)
    eco = iris.external_iri(f"eco:{code.eco.removeprefix('ECO:')}")
    link = Triple(node, v.EVIDENCE_CODE, eco)
    yield from said(link, "tags") if code.design != "*" else iter((link,))
    yield Triple(eco, v.RDFS_LABEL, terms.text(code.label))
    yield Triple(eco, v.SKOS_NOTATION, terms.text(code.eco))
    yield Triple(node, v.KNOWLEDGE_LEVEL, terms.text(LISTING_KNOWLEDGE_LEVEL))
    yield Triple(node, v.AGENT_TYPE, terms.text(LISTING_AGENT_TYPE))
    if _prose_facts(reference):
        yield Triple(node, v.NOTES_KNOWLEDGE_LEVEL, terms.text(PROSE_KNOWLEDGE_LEVEL))
        yield Triple(node, v.NOTES_AGENT_TYPE, terms.text(PROSE_AGENT_TYPE))


def evidence_code(tags: tuple[Tag, ...]) -> EvidenceCode:
    """The first row of the table naming one of the design tags or a kind they name."""
    designs = [tag for tag in tags if tag.category == "design"]
    names = {tag.label.casefold() for tag in designs} | {kind for tag in designs for kind in tag.design_kinds}
    rows = load_evidence_codes()
    return next((row for row in rows if row.design.casefold() in names), rows[-1])


def _prose_facts(reference: Reference) -> bool:
    """Whether the readers found anything in the reference's prose."""
    return bool(reference.sample or reference.regimens or reference.dosage_text or reference.routes
                or reference.co_medications or reference.endpoint or reference.effects
                or reference.conditions or reference.populations)
