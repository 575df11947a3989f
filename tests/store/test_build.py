"""Building writes the store and kg.ttl, deterministically, and never half-replaces a build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from pyoxigraph import NamedNode

from paths import DRUG_PAGE, SEEDS
from kg.errors import BuildError
from kg.store.build import BuildReport, build
from kg.store.export import export_graph
from kg.store.location import open_store


def test_build_reports_documents_and_triples(seed_build: tuple[Path, BuildReport]) -> None:
    out, report = seed_build
    assert sorted(d.name for d in report.documents) == [
        "000_1214d6c9dd7415a1.txt", "002_0671227eafe6e4ef.txt"]
    assert report.warnings == ()
    assert (out / "store").is_dir()
    graph = rdflib.Graph().parse(out / "kg.ttl", format="turtle")
    assert len(graph) == report.triples


def test_store_holds_one_named_graph_per_document(seed_out: Path) -> None:
    store = open_store(seed_out)
    assert {g.value for g in store.named_graphs()} == {
        "https://w3id.org/drugkg/id/source/000-1214d6c9dd7415a1",
        "https://w3id.org/drugkg/id/source/002-0671227eafe6e4ef",
    }
    trial = NamedNode("https://w3id.org/drugkg/id/trial/NCT04443881")
    assert any(store.quads_for_pattern(trial, None, None, None))


def test_same_sources_give_byte_identical_turtle(tmp_path: Path, seed_out: Path) -> None:
    build([SEEDS], tmp_path / "again")
    assert (tmp_path / "again" / "kg.ttl").read_bytes() == (seed_out / "kg.ttl").read_bytes()


def test_reordered_and_crlf_sources_give_the_same_graph(tmp_path: Path, seed_out: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SEEDS, sources)
    page = sources / DRUG_PAGE.name
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes().replace(b"\n", b"\r\n"))
    build([sources], tmp_path / "out")
    original = rdflib.Graph().parse(seed_out / "kg.ttl", format="turtle")
    variant = rdflib.Graph().parse(tmp_path / "out" / "kg.ttl", format="turtle")
    differing = {t for t in original ^ variant if "sha256" not in str(t[1])}
    assert differing == set()


def test_failed_build_leaves_previous_build_untouched(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SEEDS, sources)
    out = tmp_path / "out"
    build([sources], out)
    before = (out / "kg.ttl").read_bytes()
    store_files = sorted(p.relative_to(out) for p in (out / "store").rglob("*"))
    text = DRUG_PAGE.read_text(encoding="utf-8").replace("May/29/2020", "Feb/30/2021")
    (sources / "bad.txt").write_text(text, encoding="utf-8")
    (sources / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build([sources], out)
    messages = [str(e) for e in caught.value.errors]
    assert any(m.endswith("bad.txt:67: impossible date 'Feb/30/2021'") for m in messages)
    assert any(m.endswith("empty.txt:1: empty file: expected a source page") for m in messages)
    assert (out / "kg.ttl").read_bytes() == before
    assert sorted(p.relative_to(out) for p in (out / "store").rglob("*")) == store_files
    assert sorted(p.name for p in out.iterdir()) == ["kg.ttl", "store"]


@pytest.mark.parametrize("export_format,rdflib_format", [
    ("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"),
])
def test_exports_parse_back_to_the_same_graph(seed_out: Path, export_format: str, rdflib_format: str) -> None:
    expected = rdflib.Graph().parse(seed_out / "kg.ttl", format="turtle")
    exported = rdflib.Graph().parse(data=export_graph(seed_out, export_format), format=rdflib_format)  # type: ignore[arg-type]
    assert len(exported) == len(expected)
    assert isomorphic(exported, expected)


def test_trig_export_keeps_one_graph_per_source(seed_out: Path) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(data=export_graph(seed_out, "trig"), format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {
        "https://w3id.org/drugkg/id/source/000-1214d6c9dd7415a1",
        "https://w3id.org/drugkg/id/source/002-0671227eafe6e4ef",
    }
