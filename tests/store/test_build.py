"""Building writes the store and kg.ttl, deterministically, and never half-replaces a build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from pyoxigraph import DefaultGraph, Literal, NamedNode
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from paths import DRUG_PAGE, NAMED_GRAPHS, ONTOLOGY_GRAPH, SEEDS
from kg.errors import BuildError
from kg.store.build import BuildReport, build
from kg.store.export import export_graph
from kg.store.location import open_store

DK = "https://w3id.org/drugkg/ontology#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SPS_GRAPH = "https://w3id.org/drugkg/id/source/000-1214d6c9dd7415a1"
SEED_GRAPH = "https://w3id.org/drugkg/id/source/002-0671227eafe6e4ef"
LINKSET = "https://w3id.org/drugkg/id/linkset/trial-publications"
SAVE_MORE_TITLE = ("Early treatment of COVID-19 with anakinra guided by soluble urokinase plasminogen "
                   "receptor plasma levels: a double-blind, randomized controlled phase 3 trial")


def test_build_reports_documents_and_triples(seed_build: tuple[Path, BuildReport]) -> None:
    out, report = seed_build
    assert sorted(d.name for d in report.documents) == [
        "000_1214d6c9dd7415a1.txt", "002_0671227eafe6e4ef.txt"]
    assert report.warnings == ()
    assert (out / "store").is_dir()
    graph = rdflib.Graph().parse(out / "kg.ttl", format="turtle")
    assert len(graph) == report.triples


def test_store_holds_one_named_graph_per_document(seed_build: tuple[Path, BuildReport]) -> None:
    """A graph per seed document and lexicon, the link set, the inferred facts, the
    description and the ontology; the default graph is the union of all but the ontology,
    with each fact once."""
    out, report = seed_build
    store = open_store(out)
    assert {g.value for g in store.named_graphs()} == NAMED_GRAPHS | {ONTOLOGY_GRAPH}
    trial = NamedNode("https://w3id.org/drugkg/id/trial/NCT04443881")
    assert any(store.quads_for_pattern(trial, None, None, NamedNode(SEED_GRAPH)))
    named = [q for q in store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, DefaultGraph) and q.graph_name.value != ONTOLOGY_GRAPH]
    default = list(store.quads_for_pattern(None, None, None, DefaultGraph()))
    assert len(named) == report.quads
    assert len(default) == report.triples < report.quads, "facts stated twice are there once"
    assert {q.triple for q in default} == {q.triple for q in named}


def test_link_set_graph_links_sps_trial_data_to_the_drug_page_publication(seed_out: Path) -> None:
    """The SPS Sep 2021 trial-data entry reports the drug page's SAVE-MORE paper, which
    reports trial NCT04680949; those links live only in the link-set graph."""
    store = open_store(seed_out)
    sps, page, links = NamedNode(SPS_GRAPH), NamedNode(SEED_GRAPH), NamedNode(LINKSET)
    (entry,) = {q.subject for q in store.quads_for_pattern(
        None, NamedNode(DCT + "date"), Literal("2021-09", datatype=NamedNode(XSD + "gYearMonth")), sps)
        if any(store.quads_for_pattern(q.subject, RDF_TYPE, NamedNode(DK + "TrialUpdate"), sps))}
    (publication,) = {q.subject for q in store.quads_for_pattern(
        None, NamedNode(DCT + "title"), Literal(SAVE_MORE_TITLE), page)}
    assert any(store.quads_for_pattern(links, RDF_TYPE, NamedNode(DK + "LinkSet"), links))
    linked = {(q.subject, q.predicate.value, q.object)
              for q in store.quads_for_pattern(None, None, None, links) if q.subject != links}
    assert linked == {
        (entry, DK + "reportsPublication", publication),
        (publication, DK + "reportsTrial", NamedNode("https://w3id.org/drugkg/id/trial/NCT04680949")),
    }
    for subject, predicate, obj in linked:
        for graph in (sps, page):
            assert not any(store.quads_for_pattern(subject, NamedNode(predicate), obj, graph))


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
    assert sorted(p.name for p in out.iterdir()) == [".lock", "builds", "cache", "current", "kg.ttl", "store"]
    assert len(list((out / "builds").iterdir())) == 1, "the failed build left no folder"


@pytest.mark.parametrize("export_format,rdflib_format", [
    ("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"),
])
def test_exports_parse_back_to_the_same_graph(seed_out: Path, export_format: str, rdflib_format: str) -> None:
    expected = rdflib.Graph().parse(seed_out / "kg.ttl", format="turtle")
    exported = rdflib.Graph().parse(data=export_graph(seed_out, export_format), format=rdflib_format)  # type: ignore[arg-type]
    assert len(exported) == len(expected)
    assert isomorphic(exported, expected)


def test_trig_export_keeps_one_graph_per_source(seed_build: tuple[Path, BuildReport]) -> None:
    """Every quad of the TriG is in a named graph: the default-graph union is left out."""
    out, report = seed_build
    dataset = rdflib.Dataset()
    dataset.parse(data=export_graph(out, "trig"), format="trig")
    graphs = [g for g in dataset.graphs() if len(g)]
    assert {str(g.identifier) for g in graphs} == NAMED_GRAPHS
    assert len(dataset.graph(DATASET_DEFAULT_GRAPH_ID)) == 0
    quads = list(dataset.quads((None, None, None, None)))
    assert len(quads) == report.quads
    assert {str(graph) for *_, graph in quads} == NAMED_GRAPHS
