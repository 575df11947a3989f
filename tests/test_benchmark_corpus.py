"""The synthetic benchmark corpus (benchmarks/corpus.py): its pages read cleanly, as generated,
byte for byte the same for the same arguments."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.lexicon import load_lexicon
from kg.records import DrugPage, NewMedicine
from kg.sources import read_source

from paths import benchmark_module

PAGES = 5
SEED = 3


corpus = benchmark_module("corpus")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return corpus.write_corpus(tmp_path_factory.mktemp("corpus"), PAGES, seed=SEED, sps_fraction=0.2)


@pytest.fixture(scope="module")
def drug_pages(written: list[Path]) -> dict[str, DrugPage]:
    return {page.drug.name: page for path in written for page in read_source(path).pages
            if isinstance(page, DrugPage)}


def test_every_file_reads_without_warnings(written):
    assert len(written) == PAGES + 1  # one SPS file for a fifth of the drugs
    assert [(path.name, read_source(path).warnings) for path in written] == \
        [(path.name, ()) for path in written]


def test_each_drug_page_lists_the_references_and_trials_generated(drug_pages):
    drugs = [corpus.make_drug(index, SEED) for index in range(PAGES)]
    assert sorted(drug_pages) == sorted(drug.name for drug in drugs)
    for drug in drugs:
        page = drug_pages[drug.name]
        assert 40 <= len(page.references) <= 80
        assert [r.title for r in page.references] == [r.title for r in drug.references]
        assert [[tag.label for tag in r.tags] for r in page.references] == [r.tags for r in drug.references]
        assert [trial.nct_id for trial in page.trials] == drug.trials
        assert page.drug.targets == (drug.target,)


def test_names_are_invented_and_distinct(drug_pages):
    known = {name.lower() for entry in load_lexicon() for name in entry.names}
    names = [name.lower() for page in drug_pages.values() for name in (page.drug.name, *page.drug.brand_names)]
    assert len(set(names)) == len(names) and not set(names) & known
    assert corpus.drug_name(0, 0) == "Zelrarakimab"  # seeded by strings: stable across runs and platforms


def test_sps_file_is_about_a_generated_brand(written, drug_pages):
    brands = {brand.lower() for page in drug_pages.values() for brand in page.drug.brand_names}
    products = [page.product for path in written for page in read_source(path).pages
                if isinstance(page, NewMedicine)]
    assert len(products) == 1 and products[0].lower() in brands


def test_same_arguments_give_the_same_bytes(written, tmp_path):
    again = corpus.write_corpus(tmp_path, PAGES, seed=SEED, sps_fraction=0.2)
    assert [path.name for path in again] == [path.name for path in written]
    assert all(new.read_bytes() == old.read_bytes() for new, old in zip(again, written))


@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_edit_page_changes_one_line_and_keeps_the_page_valid(written, drug_pages, tmp_path, seed):
    page = tmp_path / written[0].name
    original = written[0].read_text(encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    corpus.edit_page(page, seed)
    edited = page.read_text(encoding="utf-8")
    changed = [(old, new) for old, new in zip(original.split("\n"), edited.split("\n")) if old != new]
    assert len(changed) == 1
    document = read_source(page)
    assert document.warnings == ()
    assert len(document.pages[0].references) == len(drug_pages[document.pages[0].drug.name].references)
