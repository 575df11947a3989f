"""The curated drug lexicon (``data/lexicon/drugs.yaml``) and spotting drug names in prose."""
from __future__ import annotations

import re
import time
from collections import Counter

import pytest

from kg.errors import SourceError
from kg.lexicon import (
    DRUG_CLASSES_FILE, IDENTIFIERS_FILE, LEXICON_FILE, concept_key, concept_mentions, concept_words, drug_mentions,
    find_concept, load_concepts, load_drug_classes, load_identifiers, load_lexicon, load_prefixes,
    load_targets,
)
from kg.link import Identities
from kg.sources.tags import KNOWN_TAGS

from paths import ROOT

# Combination brands the file's header allows under two drugs.
SHARED_BRANDS = {"ronapreve", "evusheld"}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_lexicon_is_the_projects_yaml_file(lexicon):
    assert LEXICON_FILE.resolve() == ROOT / "data" / "lexicon" / "drugs.yaml"
    assert len(lexicon) == sum(1 for line in LEXICON_FILE.read_text(encoding="utf-8")
                               .splitlines() if line.startswith("- name: "))


def test_every_entry_has_a_lower_case_name(lexicon):
    """Each entry's name is its INN in lower case, and no two entries share it."""
    names = [entry.name for entry in lexicon]
    assert all(name and name == name.lower() and name == name.strip() for name in names)
    assert len(set(names)) == len(names)


def test_entries_are_sorted_and_keep_their_line(lexicon):
    """The header asks for entries sorted by name; each entry's line is its '- name:' line."""
    lines = LEXICON_FILE.read_text(encoding="utf-8").split("\n")
    assert [entry.name for entry in lexicon] == sorted(entry.name for entry in lexicon)
    for entry in lexicon:
        assert lines[entry.line - 1] == f"- name: {entry.name}"


def test_a_name_means_one_drug(lexicon):
    """Case-insensitively, a name belongs to one drug, apart from the combination brands."""
    counts = Counter(name.lower() for entry in lexicon for name in set(entry.names))
    assert {name for name, count in counts.items() if count > 1} == SHARED_BRANDS


def test_targets_are_known_target_tags(lexicon):
    """Targets use only the target labels of kg/sources/tags.py."""
    for entry in lexicon:
        assert all(KNOWN_TAGS.get(target) == "target" for target in entry.targets), entry.name


def test_anakinra_entry(lexicon):
    """Anakinra: brand Kineret, the SPS lactation page's substance and IL-1Ra, Sobi."""
    (entry,) = [e for e in lexicon if e.name == "anakinra"]
    assert entry.brands == ("Kineret",)
    assert "Recombinant human interleukin-1 receptor antagonist" in entry.synonyms
    assert "IL-1Ra" in entry.synonyms
    assert entry.targets == ("IL-1",)
    assert entry.manufacturer == "Swedish Orphan Biovitrum"


@pytest.mark.parametrize("name, drug", [
    ("Kineret", "anakinra"),  # SPS storage and new-medicine pages
    ("KINERET", "anakinra"),  # the drug page's brand name
    ("IL-1Ra", "anakinra"),  # SPS lactation page abbreviation
    ("Recombinant human interleukin-1 receptor antagonist", "anakinra"),
    ("anakinra", "anakinra"),
    ("RoActemra", "tocilizumab"),  # tocilizumab fixture
    ("Olumiant", "baricitinib"),  # baricitinib fixture
    ("Kevzara", "sarilumab"),  # malformed Kevzara fixture
])
def test_names_resolve_through_the_lexicon(lexicon, name, drug):
    """Without any drug page, a brand or synonym finds its INN (lower case as label)."""
    found = Identities([], lexicon).find(name)
    assert found is not None
    assert (found.key, found.label, found.lexicon.name) == (drug, drug, drug)


def test_unknown_name_is_not_found(lexicon):
    assert Identities([], lexicon).find("fooximab") is None


@pytest.mark.parametrize("text, mentions", [
    # the seed Q&A title (line 1)
    ("Evidence for use of siltuximab or anakinra as second line therapies (after failure of "
     "tocilizumab) for Cytokine Release Syndrome", ("siltuximab", "anakinra", "tocilizumab")),
    # the tocilizumab fixture's Q&A title
    ("Evidence for use of sarilumab as second line therapy (after failure of tocilizumab) for "
     "Giant Cell Arteritis", ("sarilumab", "tocilizumab")),
    # as written, in order, each once (case-insensitively)
    ("Treated with tocilizumab (RoActemra) and dexamethasone; TOCILIZUMAB again.",
     ("tocilizumab", "RoActemra", "dexamethasone")),
    # an INN-like word the lexicon does not know is still a drug
    ("Is fooximab safe with Kineret?", ("fooximab", "Kineret")),
    ("No drug is named here.", ()),
])
def test_drug_mentions(text, mentions):
    assert drug_mentions(text) == mentions


# --- the condition lexicon and the external identifiers -----------------------------------


def test_condition_keys_are_unique_and_tags_keep_their_label():
    concepts = load_concepts()
    keys = [entry.key for entry in concepts]
    assert len(set(keys)) == len(keys)
    # a tag of the drug-page vocabulary and the words in notes are one node
    for entry in concepts:
        if entry.key in KNOWN_TAGS:
            assert KNOWN_TAGS[entry.key] == entry.kind, entry.key
    for entry in concepts:
        if entry.implied_by:
            assert set(entry.implied_by) <= set(keys), entry.key


def test_every_identifier_row_names_an_entity_of_a_lexicon():
    known = {"drug": {entry.name for entry in load_lexicon()},
             "target": {entry.target for entry in load_targets()} | {
                 label for label, kind in KNOWN_TAGS.items() if kind == "target"},
             "condition": {e.key for e in load_concepts() if e.kind == "condition"},
             "population": {e.key for e in load_concepts() if e.kind == "population"}}
    rows = load_identifiers()
    assert rows, "the identifiers lexicon is read"
    for row in rows:
        assert row.key in known[row.kind], f"{IDENTIFIERS_FILE.name}:{row.line}: {row.key}"
    lines = [(row.kind, row.key, row.curie) for row in rows]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)


def test_identifiers_of_the_issue():
    curies = {(row.key, row.curie) for row in load_identifiers()}
    assert {("anakinra", "drugbank:DB00026"), ("IL-6", "uniprot:P05231"), ("IL-6R", "uniprot:P08887"),
            ("COVID-19", "mondo:0100096"), ("tocilizumab", "drugbank:DB06273")} <= curies


def test_the_prefix_map_is_bioregistrys():
    """prefixes.tsv is what Bioregistry expands each prefix to, RDF URIs first."""
    bioregistry = pytest.importorskip("bioregistry")
    converter = bioregistry.get_converter(uri_prefix_priority=["rdf", "default"])
    for prefix, uri_prefix in load_prefixes().items():
        assert converter.expand(f"{prefix}:X") == f"{uri_prefix}X", prefix


def test_a_bad_identifier_row_names_its_line(tmp_path):
    bad = tmp_path / "identifiers.tsv"
    bad.write_text("kind\tkey\tmatch\tcurie\ndrug\tanakinra\texact\tnotaprefix:1\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"identifiers.tsv:2: expected kind"):
        load_identifiers(bad)


@pytest.mark.parametrize("text, mentions", [
    # a name that starts another is found whole: the longer name first, as written
    ("Given Dexamethasone Sodium Phosphate, then dexamethasone.",
     ("Dexamethasone Sodium Phosphate", "dexamethasone")),
    ("corticosteroids and a corticosteroid-sparing drug", ("corticosteroids",)),
    ("heparin sodiums; intravenous immunoglobulins", ("heparin", "intravenous immunoglobulins")),
])
def test_drug_mentions_prefer_the_longest_name(text, mentions):
    assert drug_mentions(text) == mentions


def test_drug_mentions_read_a_megabyte_quickly():
    """The names are one trie-shaped pattern: an alternation of every name took 2.5 s here."""
    started = time.perf_counter()
    assert drug_mentions("a " * 500_000 + "tocilizumab") == ("tocilizumab",)
    assert time.perf_counter() - started < 1.5


# --- one node per condition: every source's words go through one lookup ------------------


@pytest.mark.parametrize("name, kind, key", [
    # the SPS Q&A title (000_…, line 1) and the drug page's tag and notes words
    ("Cytokine release syndrome", "condition", "CRS"),
    ("cytokine storm", "condition", "CRS"),
    ("Cytokine storm", None, "CRS"),  # the drug-page tag
    (" CRS ", "condition", "CRS"),
    ("Pneumonia", "condition", "pneumonia"),  # the tag's spelling, the lexicon's key
    ("paediatric", "population", "Children"),
    ("MIS-C", "condition", "MIS-C"),
    ("MIS-C", "population", "Children"),  # one word, a concept of each kind
])
def test_a_name_finds_its_concept(name, kind, key):
    found = find_concept(name, kind)
    assert found is not None and found.key == key


def test_an_unknown_condition_keeps_its_words():
    """The tocilizumab fixture's Q&A is about Giant Cell Arteritis, which the lexicon lacks."""
    assert find_concept("Giant cell arteritis") is None
    assert concept_key("Giant cell arteritis", "condition") == "Giant cell arteritis"
    assert concept_key("cytokine release syndrome", "population") == "cytokine release syndrome"


def test_a_tag_is_the_concept_its_words_name():
    """A reference tagged ``Cytokine storm`` studies CRS; ``MIS-C`` stays the condition only."""
    keys = [entry.key for entry in concept_mentions("A patient.", ["Cytokine storm", "MIS-C", "Thrombosis"])]
    assert keys == ["CRS", "MIS-C"]


def test_concept_words_quote_the_text():
    title = ("Evidence for use of siltuximab or anakinra as second line therapies (after failure of "
             "tocilizumab) for Cytokine Release Syndrome")
    crs = find_concept("CRS")
    assert crs is not None and concept_words(crs, title) == "Cytokine Release Syndrome"
    assert concept_words(crs, "No condition here.") is None


# --- drug classes: the WHO ATC codes of drugs.yaml and drug-classes.tsv -------------------


def test_atc_codes_are_well_formed_and_every_group_is_listed():
    """Each code is an ATC code of one level (H, H02, H02A, H02AB, H02AB04: letter, two
    digits, letter, letter, two digits), and the group above each is listed too."""
    classes = load_drug_classes()
    levels = {1: r"[A-Z]", 3: r"[A-Z]\d\d", 4: r"[A-Z]\d\d[A-Z]", 5: r"[A-Z]\d\d[A-Z]{2}", 7: r"[A-Z]\d\d[A-Z]{2}\d\d"}
    for code, drug_class in classes.items():
        assert re.fullmatch(levels[len(code)], code), code
        assert drug_class.broader is None if len(code) == 1 else drug_class.broader in classes, code
    lines = DRUG_CLASSES_FILE.read_text(encoding="utf-8").split("\n")
    assert [code for code in classes] == sorted(classes)
    assert all(lines[c.line - 1] == f"{c.code}\t{c.label}" for c in classes.values())


def test_every_drug_code_is_a_listed_class_named_for_the_drug(lexicon):
    """A drug's code is a substance (7 characters) whose WHO name holds one of the drug's
    names (lopinavir's is 'lopinavir and ritonavir'), or for a class word its group."""
    classes = load_drug_classes()
    for entry in lexicon:
        for code in entry.atc:
            assert code in classes, (entry.name, code)
            names = [name.lower() for name in (entry.name, *entry.synonyms)]
            assert any(name in classes[code].label.lower() for name in names), (entry.name, code)
    (corticosteroids,) = [e for e in lexicon if e.name == "corticosteroids"]
    assert corticosteroids.atc == ("H02",)


@pytest.mark.parametrize("code, label, broader", [
    ("H02AB", "Glucocorticoids", "H02A"),
    ("H02AB04", "methylprednisolone", "H02AB"),
    ("H02AB02", "dexamethasone", "H02AB"),
    ("H02AB09", "hydrocortisone", "H02AB"),
    ("H02", "CORTICOSTEROIDS FOR SYSTEMIC USE", "H"),
    ("L04AC", "Interleukin inhibitors", "L04A"),
    ("L04AC03", "anakinra", "L04AC"),
    ("L04AC07", "tocilizumab", "L04AC"),
    ("L04AC11", "siltuximab", "L04AC"),
    ("J05AB16", "remdesivir", "J05AB"),
])
def test_atc_classes_of_the_issue(code, label, broader):
    """As the WHO ATC/DDD Index has them (docs/identifiers-evidence.md)."""
    found = load_drug_classes()[code]
    assert (found.label, found.broader) == (label, broader)


@pytest.mark.parametrize("drug, codes", [
    ("anakinra", ("L04AC03",)), ("methylprednisolone", ("H02AB04",)), ("dexamethasone", ("H02AB02",)),
    ("hydrocortisone", ("H02AB09",)), ("tocilizumab", ("L04AC07",)),
    ("acetylsalicylic acid", ("B01AC06", "N02BA01")), ("intravenous immunoglobulin", ("J06BA02",)),
])
def test_drug_atc_codes(lexicon, drug, codes):
    (entry,) = [e for e in lexicon if e.name == drug]
    assert entry.atc == codes


def test_a_bad_atc_code_names_its_line(tmp_path):
    bad = tmp_path / "drug-classes.tsv"
    bad.write_text("code\tlabel\nH02AB4\tmethylprednisolone\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"drug-classes.tsv:2: expected an ATC code like H02AB04, got 'H02AB4'"):
        load_drug_classes(bad)
