"""The VoID/DCAT description the build writes of itself, checked against the seed build."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode

from kg.lexicon import (
    CONDITIONS_FILE, DRUG_CLASSES_FILE, IDENTIFIERS_FILE, LEXICON_FILE, TARGETS_FILE,
)
from kg.store.build import BuildReport
from kg.store.location import open_store
from kg.triples import vocab as v
from kg.triples.iris import DATASET
from paths import DRUG_PAGE, SPS_PAGES


def _values(store, subject: NamedNode, predicate: NamedNode) -> list:  # noqa: ANN001
    return [q.object for q in store.quads_for_pattern(subject, predicate, None, DATASET)]


def test_the_description_counts_the_graph_it_describes(seed_build: tuple[Path, BuildReport]) -> None:
    out, report = seed_build
    store = open_store(out)
    described = {q.object.value for q in store.quads_for_pattern(DATASET, v.RDF_TYPE, None, DATASET)}
    assert described == {v.VOID_DATASET.value, v.DCAT_DATASET.value}
    own = sum(1 for _ in store.quads_for_pattern(None, None, None, DATASET))
    (triples,) = _values(store, DATASET, v.VOID_TRIPLES)
    assert int(triples.value) == report.triples - own
    partitions = {_values(store, p, v.VOID_CLASS)[0].value: int(_values(store, p, v.VOID_ENTITIES)[0].value)
                  for p in _values(store, DATASET, v.VOID_CLASS_PARTITION)}
    assert partitions[v.PUBLICATION.value] == 57
    assert partitions[v.CLINICAL_TRIAL.value] == 2
    assert partitions[v.DK + "RandomizedDoubleBlindDesign"] == 1, "inferred classes are counted"


def test_the_description_names_its_sources_with_checksums_licence_and_date(seed_out: Path) -> None:
    store = open_store(seed_out)
    sources = _values(store, DATASET, v.DCT_SOURCE)
    checksums = {q.object.value for source in sources
                 for q in store.quads_for_pattern(source, v.SHA256, None, DefaultGraph())}
    assert checksums == {hashlib.sha256(path.read_bytes()).hexdigest()
                         for path in (DRUG_PAGE, SPS_PAGES, LEXICON_FILE, TARGETS_FILE, CONDITIONS_FILE,
                                      IDENTIFIERS_FILE, DRUG_CLASSES_FILE)}
    assert _values(store, DATASET, v.DCT_LICENSE) == [NamedNode("https://creativecommons.org/licenses/by/4.0/")]
    (issued,) = _values(store, DATASET, v.DCT_ISSUED)
    # the latest full date the sources state: the drug page's newest reference, 2022-04-11
    assert (issued.value, issued.datatype.value) == ("2022-04-11", v.PREFIXES["xsd"] + "date")
    assert _values(store, DATASET, v.DCT_CONFORMS_TO) == [NamedNode("https://w3id.org/drugkg/ontology")]


def test_the_export_carries_the_description(seed_out: Path) -> None:
    turtle = (seed_out / "kg.ttl").read_text(encoding="utf-8")
    assert "dataset:drugkg" in turtle and "void:classPartition" in turtle
