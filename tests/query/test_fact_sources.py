"""`fact-sources`: every fact read from a seed file is stated at the line where its own
words stand, checked against the text of that line in the file itself."""
from __future__ import annotations

import re

from pathlib import Path

import pytest

from paths import DRUG_PAGE, SPS_PAGES
from kg.query.catalog import load_catalog
from kg.query.results import Table
from kg.query.run import run_query
from kg.store.location import open_store
from kg.oxigraph import select

DK = "https://w3id.org/drugkg/ontology#"
DCT = "http://purl.org/dc/terms/"
ID = "https://w3id.org/drugkg/id/"
SOURCES = {f"{ID}source/{path.stem.replace('_', '-')}": path for path in (DRUG_PAGE, SPS_PAGES)}
WORDS = {
    # facts whose value is the page's own words, whitespace aside
    DCT + "title", DK + "populationDescription", DK + "sampleSizeText", DK + "advice",
    DK + "safetyVerdict", DK + "trialStatus", DK + "intervention", DK + "outcomeMeasure",
    DK + "researchPhase", DK + "drugStatus", DK + "therapeuticRole", DK + "licenceStatus",
    DK + "substanceDescription", DK + "endpoint",
}
NUMBERS = {
    # facts whose value is a number written on the line as it is (canonical decimals
    # drop trailing zeros, which leaves them a prefix of the page's form)
    DK + "impactFactor", DK + "enrollment", DK + "maxDurationHours", DK + "maxTemperatureCelsius",
    DK + "statedSupportingReferences", DK + "statedClinicalTrials", DK + "reportedParticipants",
}
STATED = load_catalog()["fact-sources"].text
"""The query itself with no node bound: every fact of every node, with its line."""


def source_line(document: str, line: int) -> str:
    text = SOURCES[document].read_text(encoding="utf-8-sig").splitlines()[line - 1]
    return " ".join(text.replace("\u00a0", " ").split())


def words(value: str) -> str:
    return " ".join(value.split())


def facts(seed_out: Path, node: str) -> list[dict[str, str | None]]:
    return run_query("fact-sources", {"node": node}, seed_out).records()


def test_every_fact_in_its_own_words_stands_on_its_line(seed_out: Path) -> None:
    store = open_store(seed_out)
    checked = 0
    for row in select(store, STATED):
        if row["property"].value not in WORDS or row["document"].value not in SOURCES:
            continue
        value = words(row["value"].value)
        line = source_line(row["document"].value, int(row["line"].value))
        # a paragraph-long value (advice, the notes) starts on its line
        assert value[:60] in line or line[:60] in value, (row["node"].value, row["property"].value)
        checked += 1
    assert checked > 150


def test_every_number_stands_on_its_line(seed_out: Path) -> None:
    store = open_store(seed_out)
    checked = 0
    for row in select(store, STATED):
        if row["property"].value in NUMBERS and row["document"].value in SOURCES:
            line = source_line(row["document"].value, int(row["line"].value))
            assert re.search(rf"(?<![0-9.]){re.escape(row['value'].value)}", line), (
                row["node"].value, row["property"].value, line)
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(("property", "words_on_line"), [
    (DK + "maxDurationHours", "removed from the refrigerator for 12 hours"),
    (DK + "maxTemperatureCelsius", "not above 25 °C"),
    (DCT + "date", "19 November 2020"),
    (DK + "issuedBy", "London MI Service"),
])
def test_the_storage_rule_cites_its_sentence_not_its_section(
        seed_out: Path, property: str, words_on_line: str) -> None:
    storage = f"{ID}storage/100-mg-solution-for-injection-in-a-pre-filled-syringe-2020-11-19"
    rows = [row for row in facts(seed_out, storage) if row["property"] == property]
    assert len(rows) == 1
    assert words_on_line in source_line(rows[0]["document"], int(rows[0]["line"]))  # type: ignore[arg-type]


def test_a_regulatory_event_cites_its_dated_line(seed_out: Path) -> None:
    store = open_store(seed_out)
    event = next(iter(select(store, f"""SELECT ?event WHERE {{
        ?event a <{DK}RegulatoryEvent> ; <{DCT}description> ?text FILTER(?text = "Approved in the EU.")
    }}""")))["event"].value
    rows = facts(seed_out, event)
    assert {row["property"] for row in rows} >= {DCT + "date", DK + "regulator", DK + "regulatoryStep"}
    for row in rows:
        assert source_line(row["document"], int(row["line"])) == "Dec 21Approved in the EU [6]."  # type: ignore[arg-type]


def test_a_drug_fact_in_two_documents_has_a_row_for_each(seed_out: Path) -> None:
    rows = facts(seed_out, f"{ID}drug/anakinra")
    products = {(row["value"], row["document"]) for row in rows if row["property"] == DK + "hasProduct"}
    kineret = {document for value, document in products if value == f"{ID}product/kineret"}
    assert kineret >= set(SOURCES)  # and the drug lexicon
    assert {row["document"] for row in rows} >= set(SOURCES)  # and the lexicons


def test_a_bad_node_is_a_one_line_error(seed_out: Path) -> None:
    with pytest.raises(Exception, match="absolute IRI"):
        run_query("fact-sources", {"node": "not an iri"}, seed_out)


def check_fact_sources(table: Table) -> None:
    """The documented example (the drug anakinra): its header facts on the drug page and
    the SPS pages, each at a line of that file that holds the fact's words."""
    records = table.records()
    status = next(row for row in records if row["property"] == DK + "drugStatus")
    assert status["value"] == "Used to treat other disease"
    assert "Used to treat other disease" in source_line(status["document"], int(status["line"]))  # type: ignore[arg-type]
    counts = {row["property"]: row for row in records if row["property"].startswith(DK + "stated")}  # type: ignore[union-attr]
    supporting = counts[DK + "statedSupportingReferences"]
    assert supporting["value"] == "57"
    assert source_line(supporting["document"], int(supporting["line"])) == "57"  # type: ignore[arg-type]
