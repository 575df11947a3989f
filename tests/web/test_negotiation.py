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
    assert view["href"] == "/resource?iri=https%3A%2F%2Fw3id.org%2Fdrugkg%2Fid%2Fdrug%2Fanakinra"
    decimal = term_view(Literal("25", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))
    assert (decimal["text"], decimal["datatype"]) == ("25", "xsd:decimal")
    assert term_view(Literal("Anakinra"))["datatype"] is None
