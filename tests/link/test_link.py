"""Linking: the names the seed pages use for one drug, company or study become one thing.

The SPS seed (``000_…``) calls anakinra ``Kineret`` and ``Recombinant human interleukin-1
receptor antagonist - IL-1Ra``; the drug page (``002_…``) calls it ``Anakinra`` with brand
``KINERET``. Both report the SAVE-MORE trial published in September 2021 with 594 patients.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from kg.lexicon import load_lexicon
from kg.link import (
    Identities, PublishedReference, lexicon_identities, organization_name, publication_candidates,
    publication_matches,
)
from kg.link.concepts import concept_names
from kg.link.duplicates import possible_duplicates
from kg.records import (
    Document, DrugPage, LactationGuidance, MedicinesQuestion, NewMedicine, StorageGuidance, YearMonth,
)
from kg.sources import drugpage, read_source, sps

from paths import DRUG_PAGE, FIXTURES, SPS_PAGES


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return [sps.read(SPS_PAGES), drugpage.read(DRUG_PAGE)]


@pytest.fixture(scope="module")
def identities(documents) -> Identities:
    return Identities(documents, load_lexicon())


def page(document: Document, kind: type):
    (found,) = [p for p in document.pages if isinstance(p, kind)]
    return found


# --- drugs -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "Kineret",  # SPS storage (line 6) and New Medicines (line 38)
    "KINERET",  # drug page brand name
    "PerkinRA",  # drug page brand name the lexicon does not list
    "Anakinra",  # drug page name
    "IL-1Ra",  # SPS lactation abbreviation (line 27)
    "Recombinant human interleukin-1 receptor antagonist",
])
def test_every_name_of_anakinra_is_one_drug(identities, name):
    """Each name is drug/anakinra, labelled as the drug page names it."""
    drug = identities.drug(name)
    assert (drug.key, drug.label) == ("anakinra", "Anakinra")
    assert drug.lexicon is not None and drug.lexicon.name == "anakinra"


def test_sps_pages_resolve_to_the_drug_page_drug(documents, identities):
    """Storage and New Medicines name Kineret, lactation the substance: all anakinra."""
    sps_document = documents[0]
    assert identities.drug(page(sps_document, StorageGuidance).product).key == "anakinra"
    assert identities.drug(page(sps_document, NewMedicine).product).key == "anakinra"
    lactation = page(sps_document, LactationGuidance)
    assert lactation.substance == "Recombinant human interleukin-1 receptor antagonist"
    assert identities.lactation_drug(lactation, sps_document).key == "anakinra"
    assert identities.document_drug(sps_document).key == "anakinra"


def test_without_the_drug_page_the_label_is_the_inn():
    """With only the SPS file, Kineret is still anakinra, labelled by the lexicon's INN."""
    drug = Identities([sps.read(SPS_PAGES)], load_lexicon()).drug("Kineret")
    assert (drug.key, drug.label) == ("anakinra", "anakinra")


def test_unknown_drug_is_named_by_its_own_words(identities):
    drug = identities.drug("Fooximab")
    assert (drug.key, drug.label, drug.lexicon) == ("fooximab", "Fooximab", None)


def test_mentioned_drugs_of_the_seeds(documents, identities):
    """The Q&A's three drugs are mentioned; every anakinra name counts once."""
    keys = [identity.key for identity in identities.mentioned(documents)]
    assert keys == sorted(set(keys))
    assert {"anakinra", "siltuximab", "tocilizumab"} <= set(keys)
    assert "kineret" not in keys and "il-1ra" not in keys


def test_lexicon_identities_lists_the_entries_used(documents):
    """The lexicon entries the seeds use include anakinra, siltuximab and tocilizumab,
    each once."""
    _, used = lexicon_identities(documents)
    names = [entry.name for entry in used]
    assert len(names) == len(set(names))
    assert {"anakinra", "siltuximab", "tocilizumab"} <= set(names)


@pytest.mark.parametrize("name, drug", [("tocilizumab", "tocilizumab"),
                                        ("baricitinib", "baricitinib")])
def test_fixture_lactation_substance_resolves(name, drug):
    """tocilizumab.txt's substance (a description and IL-6R, unknown to the lexicon) falls
    back to the file's product RoActemra; baricitinib.txt's substance is the INN."""
    document = read_source(FIXTURES / "sps" / f"{name}.txt")
    identities = Identities([document], load_lexicon())
    assert identities.document_drug(document).key == drug
    lactation = page(document, LactationGuidance)
    assert identities.lactation_drug(lactation, document).key == drug


# --- companies ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, key", [
    ("SOBI (Swedish Orphan Biovitrum)", "Swedish Orphan Biovitrum"),  # seed line 42
    ("Swedish Orphan Biovitrum Ltd", "Swedish Orphan Biovitrum"),  # seed line 17
    ("Swedish Orphan Biovitrum", "Swedish Orphan Biovitrum"),  # seed line 8
    ("Roche Products Ltd", "Roche Products"),  # tocilizumab fixture
    ("Eli Lilly and Company", "Eli Lilly and Company"),  # baricitinib fixture
    ("AbbVie Ltd", "AbbVie"),
])
def test_organization_name(name, key):
    """Legal suffixes and a leading acronym are not part of the matching key."""
    assert organization_name(name) == key


def test_seed_manufacturer_and_company_are_one_organization(documents):
    """Storage says 'Swedish Orphan Biovitrum', New Medicines 'SOBI (Swedish Orphan
    Biovitrum)': one company."""
    sps_document = documents[0]
    manufacturer = page(sps_document, StorageGuidance).manufacturer
    company = page(sps_document, NewMedicine).company
    assert (manufacturer, company) == ("Swedish Orphan Biovitrum",
                                       "SOBI (Swedish Orphan Biovitrum)")
    assert organization_name(manufacturer) == organization_name(company)


# --- publications ------------------------------------------------------------------------

def test_save_more_publication_is_matched_once(documents, identities):
    """The Sep 21 SAVE-MORE entry (n=594, Nature Medicine) is the drug page's 3 Sep 2021
    reference with sample size 594, and nothing else matches."""
    (match,) = publication_matches(documents, identities)
    assert match.reference.title.startswith(
        "Early treatment of COVID-19 with anakinra guided by soluble urokinase")
    assert (match.reference.date, match.reference.sample_size) == (
        datetime.date(2021, 9, 3), 594)
    assert (match.update.date, match.update.origin.line) == (YearMonth(2021, 9), 62)
    assert (match.update.participants, match.update.journal) == (594, "Nature Medicine")
    assert (match.product, match.drug) == ("Kineret", "anakinra")
    assert match.update_document == documents[0].name
    assert match.reference_document == documents[1].name
    assert isinstance(documents[1].pages[0], DrugPage)


def test_no_publication_match_without_the_drug_page(documents):
    only_sps = documents[:1]
    assert publication_matches(only_sps, Identities(only_sps, load_lexicon())) == []


# --- one study listed twice --------------------------------------------------------------

EARLY_IV = "Efficacy of early anti-inflammatory treatment with high doses IV Anakinra with or without glucocorticoids in patients with severe COVID-19 pneumonia"
EARLY_INTRAVENOUS = ("Efficacy of early anti-inflammatory treatment with high doses of intravenous anakinra "
                     "with or without glucocorticoids in patients with severe COVID-19 pneumonia")


def seed_references(documents, identities) -> list[PublishedReference]:
    return [reference for document in documents
            for reference in publication_candidates(document, identities)[0]]


def test_the_seed_lists_one_study_twice(documents, identities):
    """Lines 145 and 308 of the drug page are one cohort study published 5 Feb 2021, once
    with an impact factor of 10.23 and no notes, once with 10.79 and 63 + 65 patients."""
    (pair,) = possible_duplicates(seed_references(documents, identities))
    assert (pair.first.title, pair.first.line, pair.first.impact_factor, pair.first.sample_size) == (
        EARLY_IV, 145, Decimal("10.23"), None)
    assert (pair.second.title, pair.second.line, pair.second.impact_factor, pair.second.sample_size) == (
        EARLY_INTRAVENOUS, 308, Decimal("10.79"), 128)
    assert pair.reason == (
        "titles start with the same words ('Efficacy of early anti-inflammatory treatment'); both "
        "published 2021-02-05; sample size 128 stated by one only; impact factors 10.23 and 10.79")


def test_a_comment_on_a_study_is_not_the_study(documents, identities):
    """Line 294 comments line 127's cohort study (143 patients) with a child of its own:
    the titles start alike, the sample sizes do not agree."""
    references = {r.line: r for r in seed_references(documents, identities)}
    assert references[294].title.startswith(references[127].title[:60])
    assert (references[127].sample_size, references[294].sample_size) == (143, 1)
    assert possible_duplicates([references[127], references[294]]) == []


@pytest.mark.parametrize("sizes, flagged", [
    ((100, 109), True), ((100, 110), True), ((100, 112), False), ((None, None), True), ((None, 5), True)])
def test_sample_sizes_agree_within_a_tenth(sizes, flagged):
    date = datetime.date(2021, 2, 5)
    first, second = (PublishedReference("anakinra", title, date, size, "page.txt", None, line)
                     for title, size, line in zip((EARLY_IV, EARLY_INTRAVENOUS), sizes, (1, 2)))
    assert bool(possible_duplicates([second, first])) is flagged


@pytest.mark.parametrize("titles, days, flagged", [
    ((EARLY_IV, EARLY_INTRAVENOUS), 0, True),
    ((EARLY_IV, EARLY_INTRAVENOUS), 200, False),  # a second study, months later
    (("Efficacy and safety of anakinra in COVID-19 cytokine storm: a non-randomised open-label "
      "controlled study from France",
      "Efficacy and safety of anakinra in COVID-19 pneumonia: a non-randomised open-label "
      "controlled study from Germany"), 0, False),  # one template, two studies
])
def test_a_pair_shares_most_title_words_and_its_months(titles, days, flagged):
    date = datetime.date(2021, 2, 5)
    first, second = (PublishedReference("anakinra", title, date + datetime.timedelta(days=shift),
                                        None, "page.txt", None, line)
                     for title, shift, line in zip(titles, (0, days), (1, 2)))
    assert bool(possible_duplicates([first, second])) is flagged


def test_the_same_reference_listed_twice_is_one_node_not_a_pair():
    date = datetime.date(2021, 2, 5)
    same = [PublishedReference("anakinra", EARLY_IV, date, None, "page.txt", None, line) for line in (1, 9)]
    assert possible_duplicates(same) == []


def test_references_of_two_drugs_are_never_paired():
    date = datetime.date(2021, 2, 5)
    pair = [PublishedReference(drug, title, date, None, "page.txt", None, 1)
            for drug, title in (("anakinra", EARLY_IV), ("tocilizumab", EARLY_INTRAVENOUS))]
    assert possible_duplicates(pair) == []


# --- a condition named in other words ----------------------------------------------------

def test_the_sps_question_names_crs_in_its_own_words(documents):
    """The Q&A's title (000_…, line 1) says 'Cytokine Release Syndrome'; the condition
    lexicon lists it as a name of CRS, whose entry starts at line 27."""
    (name,) = concept_names(documents[0])
    assert (name.entry.key, name.entry.line, name.words, name.document, name.line) == (
        "CRS", 27, "Cytokine Release Syndrome", "000_1214d6c9dd7415a1.txt", 1)
    assert page(documents[0], MedicinesQuestion).condition == "CRS"
    assert concept_names(documents[1]) == [], "the drug page's tags are the lexicon's keys"


def test_a_tag_in_other_words_is_noted_at_its_reference(tmp_path):
    """A reference tagged 'Cytokine storm' (the tag vocabulary's word for CRS) studies CRS,
    and the link set notes the tag at the reference's title line."""
    text = DRUG_PAGE.read_text(encoding="utf-8").replace(
        "\nIL-1 Severe severity Antibody Cohort study\nSevere pneumonia",
        "\nIL-1 Cytokine storm Severe severity Antibody Cohort study\nSevere pneumonia", 1)
    path = tmp_path / "002_tagged.txt"
    path.write_text(text, encoding="utf-8")
    document = drugpage.read(path)
    (name,) = concept_names(document)
    assert (name.entry.key, name.words, name.line) == ("CRS", "Cytokine storm", 127)
    (reference,) = [r for r in document.pages[0].references if r.origin.line == 127]
    assert "CRS" in reference.conditions
