"""The ontology's page and diagram (``make docs``): every term documented, the core classes
drawn, and the committed docs/ontology.html never stale.

Drawing the SVG needs Graphviz's ``dot``; without it that test skips, unless
KG_REQUIRE_GRAPHVIZ=1 makes it a failure. The other tests need no ``dot``.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.ontology import ONTOLOGY_FILE
from kg.ontology.docs import DK, diagram_dot, load, ontology_html, write_docs
from paths import ROOT
from servers import require_or_skip

CORE = ("Drug", "Target", "Indication", "Publication", "ClinicalTrial", "Regulator")
EDGE = re.compile(r'^\s*"(\w+)" -> "(\w+)" \[(.*)\];$', re.MULTILINE)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load(ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def html(graph: Graph) -> str:
    return ontology_html(graph)


def _label(graph: Graph, local: str) -> str:
    return str(graph.value(DK[local], RDFS.label))


def _edges(dot: str) -> set[tuple[str, str, str]]:
    return set(EDGE.findall(dot))


def test_every_term_has_an_anchor_and_its_comment(graph: Graph, html: str) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {term for kind in kinds for term in graph.subjects(RDF.type, kind)
             if isinstance(term, URIRef) and term in DK}
    assert DK.Drug in terms and DK.hasTarget in terms and DK.nctId in terms
    for term in terms:
        local = str(term)[len(DK):]
        assert f'id="{local}"' in html, term
        assert f'href="#{local}"' in html, f"{term} is not in the contents"
        assert str(escape(graph.value(term, RDFS.comment))) in html, term


def test_links_between_terms_go_to_anchors(html: str) -> None:
    anchors = set(re.findall(r' id="([^"]+)"', html))
    assert set(re.findall(r' href="#([^"]+)"', html)) <= anchors


def test_header_union_domain_and_diagram(html: str) -> None:
    assert "<h1>drugkg ontology</h1>" in html
    assert "<code>dk:</code>" in html and "https://creativecommons.org/licenses/by/4.0/" in html
    indication = html[html.index('id="indication"'):]
    domain = indication[:indication.index("</dd>")]
    assert domain.endswith('<a href="#Drug"><code>dk:Drug</code></a> or '
                           '<a href="#RegulatoryEvent"><code>dk:RegulatoryEvent</code></a>')
    assert '<img src="ontology.svg"' in html and "<svg" not in html


def test_diagram_has_the_core_classes_and_their_properties(graph: Graph) -> None:
    dot = diagram_dot(graph)
    for local in CORE:
        assert f'"{local}" [label="{_label(graph, local)}"];' in dot
    edges = _edges(dot)
    assert ("Drug", "Target", f'label="{_label(graph, "hasTarget")}"') in edges
    assert ("RegulatoryEvent", "Regulator", f'label="{_label(graph, "regulator")}"') in edges
    assert ("Regulator", "Organization", "style=dashed, arrowhead=empty") in edges
    assert dot == diagram_dot(load(ONTOLOGY_FILE)), "the same ontology must give the same DOT"


def test_diagram_escapes_labels_and_follows_unions() -> None:
    graph = Graph().parse(format="turtle", data=r"""
        @prefix dk: <https://w3id.org/drugkg/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        dk:Drug a owl:Class ; rdfs:label "a \"quoted\" back\\slash" .
        dk:Target a owl:Class . dk:Publication a owl:Class .
        dk:about a owl:ObjectProperty ; rdfs:label "about" ;
            rdfs:domain [ owl:unionOf ( dk:Drug dk:Publication ) ] ; rdfs:range dk:Target .
        """)
    dot = diagram_dot(graph)
    assert r'"Drug" [label="a \"quoted\" back\\slash"];' in dot
    assert _edges(dot) == {("Drug", "Target", 'label="about"'), ("Publication", "Target", 'label="about"')}


def test_command_writes_the_page_and_the_svg(tmp_path: Path, graph: Graph) -> None:
    require_or_skip(shutil.which("dot") is not None, "graphviz", "scripts/install-graphviz.sh",
                    "KG_REQUIRE_GRAPHVIZ")
    out = tmp_path / "docs"
    done = subprocess.run([sys.executable, "-m", "kg.ontology.docs", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    svg = (out / "ontology.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for local in CORE:
        assert f">{escape(_label(graph, local))}</text>" in svg, local
    assert (out / "ontology.html").read_text(encoding="utf-8") == ontology_html(graph)


def test_missing_dot_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="scripts/install-graphviz.sh"):
        write_docs(ONTOLOGY_FILE, tmp_path)
    assert not list(tmp_path.iterdir())


def test_committed_page_is_up_to_date(html: str) -> None:
    committed = ROOT / "docs" / "ontology.html"
    assert committed.read_text(encoding="utf-8") == html, "docs/ is stale: run make docs"
    assert (ROOT / "docs" / "ontology.svg").is_file()
