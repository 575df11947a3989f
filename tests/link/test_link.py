"""Linking: the names the seed pages use for one drug, company or study become one thing.

The SPS seed (``000_…``) calls anakinra ``Kineret`` and ``Recombinant human interleukin-1
receptor antagonist - IL-1Ra``; the drug page (``002_…``) calls it ``Anakinra`` with brand
``KINERET``. Both report the SAVE-MORE trial published in September 2021 with 594 patients.
"""
from __future__ import annotations

import datetime

import pytest

from kg.lexicon import load_lexicon
from kg.link import Identities, lexicon_identities, organization_name, publication_matches
from kg.records import (
    Document, DrugPage, LactationGuidance, NewMedicine, StorageGuidance, YearMonth,
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
