"""Pages of both formats, generated from their grammar and then damaged, read to records
and triples or to a ``PATH:LINE: message`` SourceError: never another exception, and
each within the time limit. ``make fuzz`` runs the same with 10,000 full-size pages a format."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from pages import IN_TESTS, PAGES, TIME_LIMIT, Scale, damaged, names_its_line, read_and_map
from kg.sources import read_source

SMALL = Scale(long_line=100_000, repeats=300, repeated_lines=2000, repeated_bytes=400_000)
"""Damage a tenth of ``make fuzz``'s size, so the run stays within a minute."""


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file the examples take turns to write (hypothesis runs them one at a time)."""
    return tmp_path_factory.mktemp("fuzz") / "page.txt"


@pytest.mark.parametrize("kind", PAGES)
@IN_TESTS
@given(data=st.data())
def test_generated_pages_read_to_their_records(page_file, kind, data):
    """The strategies write pages of the format: each reads, without a SourceError, to as
    many references and trials (drug page) or pages (SPS) as it was written with."""
    page = data.draw(PAGES[kind])
    page_file.write_text(page.text, encoding="utf-8")
    document = read_source(page_file)
    found = [len(p.references) + len(p.trials) for p in document.pages] if kind == "drugpage" \
        else [1 for _ in document.pages]
    assert (document.format, sum(found)) == (kind, page.records)
    assert read_and_map(page_file).triples


@pytest.mark.parametrize("kind", PAGES)
@IN_TESTS
@given(data=st.data())
def test_damaged_pages_read_or_name_their_line(page_file, kind, data):
    raw = data.draw(damaged(PAGES[kind], SMALL))
    page_file.write_bytes(raw)
    outcome = read_and_map(page_file)
    assert outcome.error is None or names_its_line(outcome.error, page_file, raw), outcome.error
    assert outcome.seconds < TIME_LIMIT
