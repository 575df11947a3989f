"""Reading Accept headers and showing terms, the web layer's own small logic."""
from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.web.site import accepted_media_types, curie, term_view


def test_accept_is_ordered_by_quality_then_position() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert accepted_media_types(browser) == ["text/html", "application/xhtml+xml", "application/xml", "*/*"]
    assert accepted_media_types("text/csv;q=0.5, application/sparql-results+json") == [
        "application/sparql-results+json", "text/csv"]
    assert accepted_media_types("text/csv;q=0") == []


def test_terms_show_as_curies_with_links_and_datatypes() -> None:
    assert curie("https://w3id.org/drugkg/id/drug/anakinra") == "drug:anakinra"
    assert curie("https://example.org/x") == "https://example.org/x"
    view = term_view(NamedNode("https://w3id.org/drugkg/id/drug/anakinra"))
    assert view["href"] == "/id/drug/anakinra"  # the node's page, at its IRI's own path
    assert term_view(NamedNode("https://w3id.org/drugkg/id/source/002-0671227eafe6e4ef#L333"))["href"] == (
        "/id/source/002-0671227eafe6e4ef#L333")
    assert term_view(NamedNode("http://www.wikidata.org/entity/Q415411"))["href"] == (
        "http://www.wikidata.org/entity/Q415411")  # links out to the site that minted it
    decimal = term_view(Literal("25", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))
    assert (decimal["text"], decimal["datatype"]) == ("25", "xsd:decimal")
    assert term_view(Literal("Anakinra"))["datatype"] is None
