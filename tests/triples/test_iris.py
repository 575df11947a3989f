"""IRIs are minted for any name a page can hold, and the seed's keys stay as they are."""
from __future__ import annotations

import datetime
from pathlib import Path

from hypothesis import given, settings, strategies as st
from pyoxigraph import NamedNode

from paths import SPS_PAGES
from kg.link import drug_identities, drug_page_drugs
from kg.records import LactationGuidance
from kg.sources import read_source
from kg.triples import iris, map_document, vocab as v

ID = "https://w3id.org/drugkg/id/"
DATE = datetime.date(2019, 9, 15)
UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


@settings(max_examples=200, deadline=None, database=None)
@given(st.text())
def test_keys_taken_as_written_make_valid_iris(name):
    """A drug key, a trial id and an indication come from the page as written (spaces,
    accents, brackets, controls): each is percent-encoded into the IRI, never refused."""
    for node in (iris.lactation_iri(name, DATE), iris.indication_iri(name, name), iris.trial_iri(name)):
        assert isinstance(node, NamedNode)
        assert node.value.isascii() and " " not in node.value


@settings(deadline=None, database=None)
@given(st.text(alphabet=UNRESERVED, min_size=1))
def test_keys_of_unreserved_characters_stay_as_they_are(key):
    assert iris.lactation_iri(key, DATE).value == f"{ID}lactation/{key}-2019-09-15"


def test_seed_keys_are_unchanged():
    assert iris.lactation_iri("anakinra", DATE).value == f"{ID}lactation/anakinra-2019-09-15"
    assert iris.trial_iri("NCT04443881").value == f"{ID}trial/NCT04443881"
    assert iris.lactation_iri("unknown substance", DATE).value == \
        f"{ID}lactation/unknown%20substance-2019-09-15"
    assert iris.trial_iri("Crème-1").value == f"{ID}trial/CR%C3%88ME-1"


def test_an_unknown_lactation_substance_of_a_product_with_a_space_is_mapped(tmp_path: Path):
    """The substance matches no drug and the file's products ('Kineret Forte' in storage,
    'Kineret' in new medicines) are not one drug, so the lactation advice is keyed by the
    substance as written: it maps, percent-encoded."""
    text = SPS_PAGES.read_text(encoding="utf-8") \
        .replace("KineretSwedish Orphan Biovitrum\n", "Kineret ForteSwedish Orphan Biovitrum\n") \
        .replace("Recombinant human interleukin-1 receptor antagonist - IL-1Ra\n", "Unknown substance - XYZ\n")
    path = tmp_path / "000.txt"
    path.write_text(text, encoding="utf-8")
    document = read_source(path)
    assert any(isinstance(page, LactationGuidance) for page in document.pages)
    _, triples = map_document(document, drug_identities(drug_page_drugs([document])))
    advice = {t.subject for t in triples if t.object == v.LACTATION_ADVICE}
    assert advice == {NamedNode(f"{ID}lactation/unknown%20substance-2019-09-15")}


def test_a_megabyte_name_mints_a_short_iri_that_tells_it_apart():
    """A damaged page's name of a megabyte made IRIs of a megabyte, and writing its graph
    took forty seconds: a key longer than MAX_KEY is cut there and ends with a digest."""
    name = "anakinra" * 125_000
    other = name[:-1] + "b"
    for mint in (iris.drug_iri, iris.trial_iri, lambda key: iris.lactation_iri(key, DATE)):
        first, second = mint(name), mint(other)
        assert len(first.value) < len(ID) + iris.MAX_KEY + 40
        assert first != second and first == mint(name)
    assert iris.drug_iri(name).value.startswith(f"{ID}drug/{'anakinra' * 25}-")
