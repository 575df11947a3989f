"""``kg build`` on an existing build reads only what changed, and gives the graph a full
build of the same sources gives, byte for byte: through an edit, an addition, a removal,
and an edit elsewhere that changes what a name in an unchanged page means."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import Store

from kg.errors import BuildError
from kg.store.build import build
from kg.store.export import export_graph
from paths import DRUG_PAGE, SPS_PAGES
from servers import kg

SAVE_MORE_DATE = "Sep/03/2021"


def _full(sources: Path, out: Path) -> bytes:
    report = build([sources], out, full=True)
    assert report.full and report.rebuilt == len(report.documents)
    return export_graph(out, "trig")


def _same_as_full(sources: Path, out: Path, tmp_path: Path, name: str) -> None:
    """The incremental build's Turtle and TriG equal a full build's of the same sources."""
    full = tmp_path / f"full-{name}"
    trig = _full(sources, full)
    assert (out / "kg.ttl").read_bytes() == (full / "kg.ttl").read_bytes()
    assert export_graph(out, "trig") == trig


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(DRUG_PAGE, folder)
    return folder


def test_add_edit_remove_each_give_what_a_full_build_gives(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([sources], out)
    assert first.full and [d.name for d in first.documents] == [DRUG_PAGE.name]

    shutil.copy(SPS_PAGES, sources)  # added: the SPS pages link their Kineret to the drug page
    added = build([sources], out)
    assert (added.full, added.rebuilt, len(added.documents)) == (False, 1, 2)
    _same_as_full(sources, out, tmp_path, "added")

    page = sources / DRUG_PAGE.name  # edited: SAVE-MORE published a day later
    text = page.read_text(encoding="utf-8")
    assert text.count(SAVE_MORE_DATE) == 1
    page.write_text(text.replace(SAVE_MORE_DATE, "Sep/04/2021"), encoding="utf-8")
    edited = build([sources], out)
    assert (edited.full, edited.rebuilt) == (False, 1)
    _same_as_full(sources, out, tmp_path, "edited")
    assert b'"2021-09-04"^^xsd:date' in (out / "kg.ttl").read_bytes()

    (sources / SPS_PAGES.name).unlink()  # removed
    removed = build([sources], out)
    assert (removed.full, removed.rebuilt, len(removed.documents)) == (False, 0, 1)
    _same_as_full(sources, out, tmp_path, "removed")
    assert b"Kineret 100 mg solution" not in (out / "kg.ttl").read_bytes()


def test_removing_the_drug_page_remaps_the_pages_that_named_its_drug(sources: Path, tmp_path: Path) -> None:
    """The SPS pages' Kineret is the drug page's Anakinra; with the drug page gone it is
    the lexicon's anakinra, so the unchanged SPS file is mapped again, and is."""
    out = tmp_path / "out"
    shutil.copy(SPS_PAGES, sources)
    build([sources], out)
    assert b'rdfs:label "Anakinra"' in (out / "kg.ttl").read_bytes()
    (sources / DRUG_PAGE.name).unlink()
    report = build([sources], out)
    assert (report.full, report.rebuilt, len(report.documents)) == (False, 1, 1)
    _same_as_full(sources, out, tmp_path, "renamed")
    assert b'rdfs:label "Anakinra"' not in (out / "kg.ttl").read_bytes()


def test_an_unchanged_build_rebuilds_nothing_and_says_so(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copy(SPS_PAGES, sources)
    first = kg("build", "--sources", sources, "--out", out)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("read 2 documents (drugpage, sps); wrote 11762 triples")
    before = (out / "kg.ttl").read_bytes()
    again = kg("build", "--sources", sources, "--out", out)
    assert again.stdout.startswith("read 2 documents (drugpage, sps), rebuilt 0 of 2; wrote 11762 triples")
    assert (out / "kg.ttl").read_bytes() == before
    full = kg("build", "--sources", sources, "--out", out, "--full")
    assert full.stdout.startswith("read 2 documents (drugpage, sps); wrote 11762 triples")
    assert (out / "kg.ttl").read_bytes() == before


def graph_sizes(out: Path) -> dict[str, int]:
    """Quads per graph of a build's store, the ontology's included."""
    store = Store.read_only(str(out / "store"))
    return dict(Counter(str(quad.graph_name) for quad in store))


def test_a_relative_out_keeps_the_current_build_until_the_next_is_made(
        sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--out data/build`` (the default) is relative: the previous build must survive the
    start of the next, so it is patched, not rebuilt, and stays when the next one fails."""
    monkeypatch.chdir(tmp_path)
    out = Path("out")
    build([sources], out)
    before = (out / "kg.ttl").read_bytes()
    again = build([sources], out)
    assert (again.full, again.rebuilt) == (False, 0)
    build([sources], tmp_path / "full", full=True)
    assert graph_sizes(out) == graph_sizes(tmp_path / "full")
    (sources / "002_bad.txt").write_text("not a page\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build([sources], out)
    assert (out / "kg.ttl").read_bytes() == before


def test_the_cache_holds_only_the_current_documents(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([sources], out)
    page = sources / DRUG_PAGE.name
    page.write_text(page.read_text(encoding="utf-8").replace(SAVE_MORE_DATE, "Sep/04/2021"),
                    encoding="utf-8")
    build([sources], out)
    (cache,) = (out / "cache").iterdir()
    assert len({path.name.split(".")[0] for path in cache.iterdir()}) == 1


def test_an_incremental_build_finds_the_violations_a_full_build_finds(sources: Path, tmp_path: Path) -> None:
    """A short NCT number edited in is caught at its line, as a full build catches it; fixed
    again, it is gone, and violations elsewhere that did not change are kept."""
    out = tmp_path / "out"
    assert build([sources], out).violations == ()
    page = sources / DRUG_PAGE.name
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\nNCT04443881 ", "\nNCT0444388 "), encoding="utf-8")
    broken = build([sources], out)
    assert not broken.full
    assert broken.violations == build([sources], tmp_path / "full", full=True).violations
    (violation,) = broken.violations
    assert violation.node.endswith("trial/NCT0444388") and violation.line > 1
    shutil.copy(SPS_PAGES, sources)
    added = build([sources], out)
    assert (added.full, added.violations) == (False, broken.violations)
    page.write_text(text, encoding="utf-8")
    assert build([sources], out).violations == ()
