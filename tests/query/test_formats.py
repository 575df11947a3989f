"""Rendering results: SPARQL 1.1 Results JSON, CSV and TSV, and a readable table."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib.query import Result

from kg.query.formats import RESULT_FORMATS, json_term, render
from kg.query.results import Table
from kg.query.run import run_query, run_sparql

ANAKINRA = "https://w3id.org/drugkg/id/drug/anakinra"
XSD = "http://www.w3.org/2001/XMLSchema#"
SAVE_MORE = ("Early treatment of COVID-19 with anakinra guided by soluble urokinase plasminogen "
             "receptor plasma levels: a double-blind, randomized controlled phase 3 trial")
SEVERE_FORMS = "Anakinra for severe forms of COVID-19: a cohort study"
KIDNEY = "Use of Anti-Cytokine Therapy in Kidney Transplant Recipients with COVID-19"


@pytest.fixture(scope="module")
def references(seed_out: Path) -> Table:
    return run_query("references", {"drug": "anakinra"}, seed_out)


@pytest.fixture(scope="module")
def trials(seed_out: Path) -> Table:
    return run_query("trials", {}, seed_out)


def odd_table() -> Table:
    """Terms that stress the formats: language tags, blank nodes, tabs, quotes, newlines, commas."""
    return Table(("s", "o", "n"), (
        (NamedNode("https://example.org/a"), Literal("chat", language="fr"), None),
        (BlankNode("b0"), Literal('tab\there, "quoted"\nnext line'), Literal("3", datatype=NamedNode(XSD + "integer"))),
        (None, Literal("plain, with comma"), Literal("2021-12", datatype=NamedNode(XSD + "gYearMonth"))),
    ))


# --- JSON ---------------------------------------------------------------------------------

def test_json_head_and_bindings(references: Table) -> None:
    document = json.loads(render(references, "json"))
    assert set(document) == {"head", "results"}
    assert document["head"]["vars"] == list(references.columns)
    bindings = document["results"]["bindings"]
    assert len(bindings) == 57
    by_title = {binding["title"]["value"]: binding for binding in bindings}
    save_more = by_title[SAVE_MORE]
    assert save_more["title"] == {"type": "literal", "value": SAVE_MORE}
    assert save_more["impact_factor"] == {"type": "literal", "value": "53.44", "datatype": XSD + "decimal"}
    assert save_more["date"] == {"type": "literal", "value": "2021-09-03", "datatype": XSD + "date"}
    assert save_more["sample_size"] == {"type": "literal", "value": "594", "datatype": XSD + "integer"}
    assert save_more["drug"] == {"type": "uri", "value": ANAKINRA}
    assert save_more["publication"]["type"] == "uri"


def test_json_leaves_unbound_cells_out(references: Table) -> None:
    by_title = {b["title"]["value"]: b for b in json.loads(render(references, "json"))["results"]["bindings"]}
    assert "impact_factor" not in by_title[SEVERE_FORMS]
    assert by_title[SEVERE_FORMS]["sample_size"]["value"] == "96"
    assert "sample_size" not in by_title[KIDNEY]
    for binding in by_title.values():
        assert all(cell is not None for cell in binding.values())


def test_json_parses_as_sparql_results(references: Table) -> None:
    result = Result.parse(io.StringIO(render(references, "json")), format="json")
    assert [str(v) for v in result.vars] == list(references.columns)
    rows = list(result)
    assert len(rows) == 57
    save_more = next(row for row in rows if str(row.title) == SAVE_MORE)
    assert save_more.impact_factor.datatype == rdflib.XSD.decimal
    assert save_more.date.datatype == rdflib.XSD.date
    assert isinstance(save_more.drug, rdflib.URIRef)


def test_json_terms_of_every_kind() -> None:
    assert json_term(Literal("chat", language="fr")) == {"type": "literal", "value": "chat", "xml:lang": "fr"}
    assert json_term(BlankNode("b0")) == {"type": "bnode", "value": "b0"}
    assert json_term(Literal("x")) == {"type": "literal", "value": "x"}
    assert json_term(Literal("2021-12", datatype=NamedNode(XSD + "gYearMonth"))) == {
        "type": "literal", "value": "2021-12", "datatype": XSD + "gYearMonth"}
    document = json.loads(render(odd_table(), "json"))
    assert document["results"]["bindings"][2] == {
        "o": {"type": "literal", "value": "plain, with comma"},
        "n": {"type": "literal", "value": "2021-12", "datatype": XSD + "gYearMonth"}}


def test_json_of_no_rows() -> None:
    assert json.loads(render(Table(("a", "b"), ()), "json")) == {
        "head": {"vars": ["a", "b"]}, "results": {"bindings": []}}


# --- CSV ----------------------------------------------------------------------------------

def test_csv_header_and_plain_values(trials: Table) -> None:
    text = render(trials, "csv")
    assert text.split("\r\n")[0] == ",".join(trials.columns)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(trials.columns)
    assert len(rows) == 3
    assert rows[1] == ["NCT04680949", "SAVE-MORE", "", "Phase 3", "", "", "606", ANAKINRA], \
        "unbound cells are empty"
    assert rows[2] == [
        "NCT04443881",
        "Clinical Trial of the Use of Anakinra in Cytokine Storm Syndrome Secondary to Covid-19 (ANA-COVID-GEAS)",
        "Completed", "Phase 2; Phase 3", "2020-05-08", "2021-03-31", "179", ANAKINRA]
    assert "^^" not in text and "<http" not in text


def test_csv_round_trips_every_value(references: Table) -> None:
    rows = list(csv.reader(io.StringIO(render(references, "csv"))))
    assert len(rows) == 58
    for column_index, column in enumerate(references.columns):
        assert [row[column_index] for row in rows[1:]] == [
            "" if value is None else value for value in references.values(column)]


def test_csv_quotes_commas_quotes_and_newlines() -> None:
    text = render(odd_table(), "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["s", "o", "n"],
                    ["https://example.org/a", "chat", ""],
                    ["b0", 'tab\there, "quoted"\nnext line', "3"],
                    ["", "plain, with comma", "2021-12"]]


def test_csv_parses_as_sparql_results(trials: Table) -> None:
    result = Result.parse(io.StringIO(render(trials, "csv")), format="csv")
    save_more, row = list(result)
    assert str(save_more.trial_id) == "NCT04680949" and str(save_more.enrollment) == "606"
    assert save_more.start is None and save_more.completion is None
    assert str(row.trial_id) == "NCT04443881" and str(row.enrollment) == "179"


# --- TSV ----------------------------------------------------------------------------------

def test_tsv_header_and_ntriples_terms(trials: Table) -> None:
    lines = render(trials, "tsv").split("\n")
    assert lines[0] == "\t".join(f"?{column}" for column in trials.columns)
    assert lines[1].split("\t") == [
        '"NCT04680949"', '"SAVE-MORE"', "", '"Phase 3"', "", "", f'"606"^^<{XSD}integer>',
        f"<{ANAKINRA}>"]
    assert lines[2].split("\t") == [
        '"NCT04443881"',
        '"Clinical Trial of the Use of Anakinra in Cytokine Storm Syndrome Secondary to Covid-19 (ANA-COVID-GEAS)"',
        '"Completed"', '"Phase 2; Phase 3"',
        f'"2020-05-08"^^<{XSD}date>', f'"2021-03-31"^^<{XSD}date>', f'"179"^^<{XSD}integer>',
        f"<{ANAKINRA}>"]
    assert len(lines) == 3


def test_tsv_unbound_cells_are_empty(references: Table) -> None:
    lines = render(references, "tsv").split("\n")
    assert len(lines) == 58
    impact = references.columns.index("impact_factor")
    row = next(line.split("\t") for line in lines if line.startswith(f'"{SEVERE_FORMS}"'))
    assert len(row) == len(references.columns)
    assert row[impact] == ""
    save_more = next(line.split("\t") for line in lines if line.startswith(f'"{SAVE_MORE}"'))
    assert save_more[impact] == f'"53.44"^^<{XSD}decimal>'


def test_tsv_escapes_tabs_and_newlines_inside_literals() -> None:
    lines = render(odd_table(), "tsv").split("\n")
    assert len(lines) == 4, "one line per row even with newlines in literals"
    assert [len(line.split("\t")) for line in lines] == [3, 3, 3, 3]
    assert lines[1].split("\t") == ["<https://example.org/a>", '"chat"@fr', ""]
    assert lines[2].split("\t")[0] == "_:b0"
    assert lines[2].split("\t")[1] == r'"tab\there, \"quoted\"\nnext line"'


def test_tsv_parses_as_sparql_results(references: Table) -> None:
    result = Result.parse(io.StringIO(render(references, "tsv")), format="tsv")
    rows = list(result)
    assert len(rows) == 57
    save_more = next(row for row in rows if str(row.title) == SAVE_MORE)
    assert save_more.impact_factor == rdflib.Literal("53.44", datatype=rdflib.XSD.decimal)
    assert save_more.drug == rdflib.URIRef(ANAKINRA)
    severe = next(row for row in rows if str(row.title) == SEVERE_FORMS)
    assert severe.impact_factor is None


# --- table --------------------------------------------------------------------------------

def test_table_has_header_cells_and_row_count_footer(trials: Table, references: Table) -> None:
    text = render(trials, "table")
    assert text.splitlines()[-1] == "2 rows"
    for column in trials.columns:
        assert column in text
    assert "NCT04443881" in text and "Phase 2; Phase 3" in text
    assert "NCT04680949" in text and "SAVE-MORE" in text
    assert render(references, "table").splitlines()[-1] == "57 rows"
    assert render(Table(("a",), ()), "table").splitlines()[-1] == "0 rows"
    assert render(Table(("a",), ((Literal("x"),),)), "table").splitlines()[-1] == "1 row"


def test_table_shows_plain_values_not_terms(trials: Table) -> None:
    text = render(trials, "table")
    assert "^^" not in text and "<http" not in text
    assert "2020-05-08" in text


# --- ASK and CONSTRUCT --------------------------------------------------------------------

ASK_TRUE = "ASK { ?drug <http://www.w3.org/2000/01/rdf-schema#label> \"Anakinra\" }"
ASK_FALSE = "ASK { ?drug <http://www.w3.org/2000/01/rdf-schema#label> \"no such drug\" }"


def test_ask_results(seed_out: Path) -> None:
    yes, no = run_sparql(ASK_TRUE, seed_out), run_sparql(ASK_FALSE, seed_out)
    assert yes is True and no is False
    assert json.loads(render(yes, "json")) == {"head": {}, "boolean": True}
    assert json.loads(render(no, "json")) == {"head": {}, "boolean": False}
    assert Result.parse(io.StringIO(render(yes, "json")), format="json").askAnswer is True
    for result_format in ("csv", "tsv", "table"):
        assert render(yes, result_format) == "true"
        assert render(no, result_format) == "false"


def test_construct_renders_ntriples(seed_out: Path) -> None:
    triples = run_sparql(
        "CONSTRUCT { ?drug <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
        "WHERE { ?drug a <https://w3id.org/drugkg/ontology#Drug> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }", seed_out)
    assert isinstance(triples, list) and triples
    for result_format in RESULT_FORMATS:
        graph = rdflib.Graph().parse(data=render(triples, result_format), format="nt")
        assert (rdflib.URIRef(ANAKINRA), rdflib.RDFS.label, rdflib.Literal("Anakinra")) in graph
        assert len(graph) == len(triples)
