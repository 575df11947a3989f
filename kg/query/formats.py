"""Render query results: SPARQL 1.1 JSON, CSV and TSV results, or a readable table.

JSON follows "SPARQL 1.1 Query Results JSON Format"; CSV writes plain values and TSV
writes terms in N-Triples syntax, as "SPARQL 1.1 Query Results CSV and TSV Formats" say.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Literal as TypingLiteral

from pyoxigraph import BlankNode, NamedNode, RdfFormat
from rich.console import Console
from rich.table import Table as RichTable

from kg.oxigraph import serialized
from kg.query.results import SparqlResult, Table, Term

ResultFormat = TypingLiteral["table", "csv", "tsv", "json"]
RESULT_FORMATS = ("table", "csv", "tsv", "json")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def render(result: SparqlResult, result_format: ResultFormat) -> str:
    """Text for a SELECT table, an ASK answer, or CONSTRUCT triples (as N-Triples)."""
    if isinstance(result, bool):
        if result_format == "json":
            return json.dumps({"head": {}, "boolean": result}, indent=2)
        return "true" if result else "false"
    if isinstance(result, list):
        return serialized(result, RdfFormat.N_TRIPLES).decode()
    renderers = {"json": _json, "csv": _csv, "tsv": _tsv, "table": _table}
    return renderers[result_format](result)


def json_term(term: Term) -> dict[str, str]:
    """One RDF term as a SPARQL JSON results binding."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    binding = {"type": "literal", "value": term.value}
    if term.language:
        binding["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        binding["datatype"] = term.datatype.value
    return binding


def _json(table: Table) -> str:
    bindings = [
        {column: json_term(term) for column, term in zip(table.columns, row) if term is not None}
        for row in table.rows
    ]
    return json.dumps({"head": {"vars": list(table.columns)}, "results": {"bindings": bindings}},
                      indent=2, ensure_ascii=False)


def _csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if term is None else term.value for term in row])
    return buffer.getvalue().rstrip("\r\n")


def _tsv(table: Table) -> str:
    lines = ["\t".join(f"?{column}" for column in table.columns)]
    lines.extend("\t".join("" if term is None else str(term) for term in row)
                 for row in table.rows)
    return "\n".join(lines)


def _table(table: Table) -> str:
    rich_table = RichTable(*table.columns, show_lines=False)
    for row in table.rows:
        rich_table.add_row(*["" if term is None else term.value for term in row])
    console = Console(file=io.StringIO(), width=200, record=True)
    console.print(rich_table)
    footer = f"{len(table.rows)} row{'s' if len(table.rows) != 1 else ''}"
    return console.export_text().rstrip() + "\n" + footer
