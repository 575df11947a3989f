"""Evidence typed with standard codes: every ECO class and Biolink value the mapping writes is
checked against excerpts of the vocabularies' own files (tests/fixtures/external/)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, URIRef

from kg.lexicon import EVIDENCE_CODES_FILE, load_evidence_codes
from kg.errors import SourceError
from kg.sources.tags import KNOWN_TAGS, split_tags
from kg.triples import evidence_codes, vocab
from kg.triples.evidence_codes import evidence_code

from paths import FIXTURES, ROOT

EXTERNAL = FIXTURES / "external"
BIOLINK = "https://w3id.org/biolink/vocab/"


def eco_terms() -> dict[str, dict[str, list[str]]]:
    """The [Term] stanzas of the ECO excerpt: id -> tag -> values."""
    terms = {}
    for stanza in (EXTERNAL / "eco-excerpt.obo").read_text(encoding="utf-8").split("\n\n"):
        if stanza.startswith("[Term]"):
            tags: dict[str, list[str]] = {}
            for line in stanza.splitlines()[1:]:
                key, _, value = line.partition(": ")
                tags.setdefault(key, []).append(value)
            terms[tags["id"][0]] = tags
    return terms


def biolink() -> dict:
    return yaml.safe_load((EXTERNAL / "biolink-excerpt.yaml").read_text(encoding="utf-8"))


def test_every_eco_code_is_ecos_with_ecos_label():
    """Each code of evidence-codes.tsv is a live ECO term named as the table says, and every
    term above it, up to ECO:0000000 'evidence', is in the excerpt too."""
    terms = eco_terms()
    for row in load_evidence_codes():
        term = terms[row.eco]
        assert term["name"] == [row.label], row.eco
        assert "is_obsolete" not in term
        chain, current = [row.eco], row.eco
        while "is_a" in terms[current]:
            current = terms[current]["is_a"][0].split(" ! ")[0]
            chain.append(current)
        assert chain[-1] == "ECO:0000000", chain


@pytest.mark.parametrize("code, name, parent", [
    ("ECO:0000180", "clinical study evidence", "ECO:0000006"),
    ("ECO:0000006", "experimental evidence", "ECO:0000000"),
    ("ECO:0000033", "author statement supported by traceable reference", "ECO:0000204"),
])
def test_eco_terms_as_the_release_has_them(code, name, parent):
    term = eco_terms()[code]
    assert (term["name"], term["is_a"][0].split(" ! ")[0]) == ([name], parent)


def test_the_biolink_values_are_permissible_values_of_the_slots_enums():
    """knowledge_level and agent_type take KnowledgeLevelEnum and AgentTypeEnum values."""
    model = biolink()
    assert model["version"] == "4.4.4"
    slots = {"knowledge level": evidence_codes.LISTING_KNOWLEDGE_LEVEL, "agent type": evidence_codes.LISTING_AGENT_TYPE}
    prose = {"knowledge level": evidence_codes.PROSE_KNOWLEDGE_LEVEL, "agent type": evidence_codes.PROSE_AGENT_TYPE}
    for slot in slots:
        values = model["enums"][model["slots"][slot]["range"]]["permissible_values"]
        assert slots[slot] in values and prose[slot] in values, slot


def test_the_ontology_aligns_to_the_biolink_slots():
    """dk:knowledgeLevel and dk:agentType (and their prose twins) close-match the slots,
    whose IRIs are the slot names with underscores."""
    graph = Graph().parse(ROOT / "ontology" / "drugkg.ttl", format="turtle")
    close = URIRef("http://www.w3.org/2004/02/skos/core#closeMatch")
    slots = {slot.replace(" ", "_") for slot in biolink()["slots"]}
    for term, slot in ((vocab.KNOWLEDGE_LEVEL, "knowledge_level"), (vocab.AGENT_TYPE, "agent_type"),
                       (vocab.NOTES_KNOWLEDGE_LEVEL, "knowledge_level"), (vocab.NOTES_AGENT_TYPE, "agent_type")):
        assert slot in slots
        assert (URIRef(term.value), close, URIRef(BIOLINK + slot)) in graph


@pytest.mark.parametrize("tag_line, code", [
    ("IL-1 Severe severity Antibody Cohort study", "ECO:0000180"),  # seed line 146
    ("IL-1 Phase III clinical trial Randomized controlled double-blind trial", "ECO:0000180"),  # SAVE-MORE
    ("IL-1 Protein factor Children Case report Antibody", "ECO:0000180"),  # seed line 295
    ("Case series", "ECO:0000180"),
    ("In vitro", "ECO:0000181"),
    ("Animal study", "ECO:0000179"),
    ("In silico", "ECO:0007672"),
    ("In vivo", "ECO:0000006"),
    ("Meta-analysis", "ECO:0000033"),
    ("Systematic review", "ECO:0000033"),
    ("Review Cohort study", "ECO:0000180"),  # a primary design outranks the review
    ("Randomized placebo-controlled double-blind trial", "ECO:0000180"),  # unknown tag, known kinds
    ("IL-1 Severe severity", "ECO:0000000"),  # no design: evidence
])
def test_evidence_code_of_a_tag_line(tag_line, code):
    tags, _ = split_tags(tag_line)
    assert evidence_code(tuple(tags)).eco == code


def test_every_design_tag_and_kind_has_a_row():
    """Every design of the tag vocabulary gets a class other than the catch-all, and every
    row names a design tag, a kind of design, or '*'."""
    kinds = set(vocab.DESIGN_KIND_CLASSES)
    designs = {label.casefold() for label, category in KNOWN_TAGS.items() if category == "design"}
    for label, category in KNOWN_TAGS.items():
        if category == "design":
            tags, _ = split_tags(label)
            assert evidence_code(tuple(tags)).design != "*", label
    assert all(row.design in kinds or row.design.casefold() in designs or row.design == "*"
               for row in load_evidence_codes())


def test_a_bad_evidence_code_names_its_line(tmp_path: Path):
    bad = tmp_path / "evidence-codes.tsv"
    bad.write_text("design\teco\tlabel\ncohort\tECO:180\tclinical study evidence\n*\tECO:0000000\tevidence\n",
                   encoding="utf-8")
    with pytest.raises(SourceError, match=r"evidence-codes.tsv:2: expected an ECO code like ECO:0000180, got 'ECO:180'"):
        load_evidence_codes(bad)
    assert re.search(r"^\*\tECO:0000000\tevidence$", EVIDENCE_CODES_FILE.read_text(encoding="utf-8"), re.M)
