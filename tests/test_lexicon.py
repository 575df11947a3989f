"""The curated drug lexicon (``data/lexicon/drugs.yaml``) and spotting drug names in prose."""
from __future__ import annotations

from collections import Counter

import pytest

from kg.lexicon import LEXICON_FILE, drug_mentions, load_lexicon
from kg.link import Identities
from kg.sources.tags import KNOWN_TAGS

from paths import ROOT

# Combination brands the file's header allows under two drugs.
SHARED_BRANDS = {"ronapreve", "evusheld"}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_lexicon_is_the_projects_yaml_file(lexicon):
    assert LEXICON_FILE == ROOT / "data" / "lexicon" / "drugs.yaml"
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
