"""Binding ``-p`` values of any text: each gives rows or one QueryError line naming it.

Values come from a command line (undecodable bytes arrive as lone surrogates), a URL (NUL,
control characters, newlines) or a form, of any length; none may reach pyoxigraph or
int() unchecked, and each message quotes the value escaped and cut short.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from pyoxigraph import Literal, NamedNode, Store
from rdflib import Graph, Namespace
from rdflib.namespace import RDFS
from rdflib.paths import OneOrMore

from kg.errors import QueryError, quoted
from kg.query.catalog import load_catalog
from kg.lexicon import load_concepts
from kg.packaged import shared
from kg.query.concepts import concept_label, load_synonyms, match_key
from kg.query.params import bind_params, named_node
from kg.query.results import Table
from kg.sources.tags import KNOWN_TAGS
from kg.query.run import LocalEngine, run_canned
from kg.store.location import open_store

CATALOG = load_catalog()
DK = Namespace("https://w3id.org/drugkg/ontology#")
PARAMETERS = sorted((name, param.name) for name, query in CATALOG.items() for param in query.params)
"""Every parameter of every canned query: drugs, targets, pathways, strings and limits."""
ANY_TEXT = st.lists(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=300).map("".join)
"""Any code point, lone surrogates (undecodable argv bytes) included: st.text leaves them out."""


@pytest.fixture(scope="module")
def store(seed_out: Path) -> Store:
    return open_store(seed_out)


def run(store: Store, name: str, **given: str) -> object:
    return run_canned(LocalEngine(store), CATALOG[name], {**CATALOG[name].examples(), **given})


def one_line_error(store: Store, name: str, **given: str) -> str:
    with pytest.raises(QueryError) as caught:
        run(store, name, **given)
    message = str(caught.value)
    assert message and message.splitlines() == [message]
    return message


def test_a_value_that_is_not_utf8_is_named_not_a_valueerror(store: Store) -> None:
    message = one_line_error(store, "references", drug="ana\udcffkinra")  # 'ana\xffkinra' in argv
    assert message == "parameter 'drug' is not UTF-8 text: 'ana\\udcffkinra'; give it in UTF-8"


@pytest.mark.parametrize("limit", ["²", "٣", "1e3", "0x10", "9" * 5000, "3\n"])
def test_a_limit_in_other_digits_or_too_long_is_refused_by_name(store: Store, limit: str) -> None:
    message = one_line_error(store, "top-impact", limit=limit)
    assert message.startswith("parameter 'limit' must be a whole number of at most 18 digits")
    assert quoted(limit) in message


def test_a_limit_in_ascii_digits_still_cuts_the_rows(store: Store) -> None:
    assert len(run(store, "top-impact", limit="2").rows) == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(("value", "shown"), [
    ("a\nb", r"'a\nb'"), ("a\x00b", r"'a\x00b'"), ("\x1b[31mred", r"'\x1b[31mred'"),
    ("\u202eevil", r"'\u202eevil'"), ("a\u2028b", r"'a\u2028b'"),
])
def test_newlines_and_control_characters_are_quoted_escaped(store: Store, value: str, shown: str) -> None:
    message = one_line_error(store, "references", drug=value)
    assert message.startswith(f"unknown drug {shown} for parameter 'drug'")


def test_a_long_value_is_cut_short_with_its_length(store: Store) -> None:
    message = one_line_error(store, "references", drug="x" * 100_000)
    assert f"'{'x' * 80}...' (100,000 characters)" in message and len(message) < 300


def test_a_parameter_name_is_quoted_too(store: Store) -> None:
    message = one_line_error(store, "references", **{"dr\nug": "anakinra"})
    assert message == "query 'references' has no parameter 'dr\\nug': expected drug, as_of"


@pytest.mark.parametrize("text", ["anakinra", "a b", "", "http://a b", "\udcff"])
def test_named_node_names_what_is_not_an_absolute_iri(text: str) -> None:
    with pytest.raises(QueryError, match="^iri "):
        named_node(text, "iri")
    assert named_node("https://w3id.org/drugkg/id/drug/anakinra", "iri").value.endswith("/anakinra")


@settings(max_examples=100, deadline=None, database=None)
@given(parameter=st.sampled_from(PARAMETERS),
       value=ANY_TEXT)
def test_any_text_gives_rows_or_one_line_error(store: Store, parameter: tuple[str, str], value: str) -> None:
    name, param = parameter
    try:
        run(store, name, **{param: value})
    except QueryError as error:
        message = str(error)
        assert message and message.splitlines() == [message]


def test_every_parameter_synonym_means_a_label_of_the_vocabularies() -> None:
    """A label misspelt in data/lexicon/parameters.yaml would match nothing, silently: each
    names a tag of the drug pages, a condition or population of the lexicon, or a kind of
    design the ontology defines."""
    ontology = Graph().parse(shared("ontology") / "drugkg.ttl")
    kinds = {str(label) for kind in ontology.subjects(RDFS.subClassOf * OneOrMore, DK.StudyDesign)  # type: ignore[operator]
             for label in ontology.objects(kind, RDFS.label)}
    kinds |= {str(label) for kind in (DK.RandomizedControlledDesign, DK.RandomizedDoubleBlindDesign)
              for label in ontology.objects(kind, RDFS.label)}
    labels = {match_key(label) for label in (*KNOWN_TAGS, *(c.key for c in load_concepts()), *kinds)}
    meanings = load_synonyms()
    assert {"rct", "severe", "kids"} <= set(meanings)
    assert {synonym: meant for synonym, meant in meanings.items() if not set(meant) <= labels} == {}


@pytest.mark.parametrize(("text", "key"), [("COVID-19", "covid 19"), ("  Covid 19 ", "covid 19"),
                                           ("double-blind", "double blind"), ("IL-6R", "il 6r")])
def test_names_compare_case_folded_without_punctuation(text: str, key: str) -> None:
    assert match_key(text) == key


@pytest.mark.parametrize(("value", "shown"), [("2021-02-29", "'2021-02-29'"), ("2021-06-31", "'2021-06-31'"),
                                              ("21-06-30", "'21-06-30'"), ("2021/06/30", "'2021/06/30'")])
def test_a_date_that_is_no_calendar_day_is_refused(store: Store, value: str, shown: str) -> None:
    message = one_line_error(store, "evidence-summary", as_of=value)
    assert message == f"parameter 'as_of': expected a date like 2021-06-30, got {shown}"


def test_a_date_binds_as_xsd_date(store: Store) -> None:
    table = run(store, "references", as_of="2020-02-29")
    assert table.rows == ()  # type: ignore[attr-defined]
    bindings, _ = bind_params(CATALOG["references"], {"drug": "anakinra", "as_of": "2020-02-29"},
                              LocalEngine(store).select)
    assert str(bindings["as_of"]) == '"2020-02-29"^^<http://www.w3.org/2001/XMLSchema#date>'


def test_a_name_two_concepts_share_is_ambiguous_and_says_which() -> None:
    """Two concepts whose synonyms are one word: the error names both labels, never picks one."""
    rows = tuple((NamedNode(f"https://w3id.org/drugkg/id/condition/{key}"), Literal(label), Literal(name), Literal(str(rank)))
                 for key, label, name, rank in (("a", "Alpha", "Alpha", 1), ("a", "Alpha", "storm", 2),
                                                ("b", "Beta", "Beta", 1), ("b", "Beta", "storm", 2)))
    table = Table(("entity", "label", "name", "rank"), rows)
    with pytest.raises(QueryError) as caught:
        concept_label("condition", "Storm", "condition", lambda text, bindings: table)
    assert str(caught.value) == ("condition 'Storm' for parameter 'condition' is ambiguous: it means "
                                 "'Alpha', 'Beta'; pass one of them")
    assert concept_label("condition", "beta", "condition", lambda text, bindings: table) == Literal("Beta")
