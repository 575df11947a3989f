"""External identifiers in the graph: curated rows and trial registry IRIs, and the export
joining with Wikidata's and UniProt's own triples on them."""
from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, Store

from kg.lexicon import load_identifiers
from kg.triples.iris import external_iri
from kg.triples.lexicon import entity_iri

from paths import FIXTURES

SKOS = "http://www.w3.org/2004/02/skos/core#"


def exported_beside_wikidata_and_uniprot(seed_out: Path) -> Store:
    """A fresh store holding the exported Turtle and a few Wikidata and UniProt triples."""
    store = Store()
    store.load(path=str(seed_out / "kg.ttl"), format=RdfFormat.TURTLE)
    store.load(path=str(FIXTURES / "external" / "wikidata-uniprot.ttl"), format=RdfFormat.TURTLE)
    return store


def test_drugs_join_wikidata_on_the_exported_identifiers(seed_out: Path) -> None:
    store = exported_beside_wikidata_and_uniprot(seed_out)
    rows = {(row["label"].value, row["wikidataLabel"].value, row["drugbank"].value) for row in store.query(f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX dk: <https://w3id.org/drugkg/ontology#>
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        SELECT ?label ?wikidataLabel ?drugbank WHERE {{
          ?drug a dk:Drug ; rdfs:label ?label ; <{SKOS}exactMatch> ?item .
          ?item rdfs:label ?wikidataLabel ; wdt:P715 ?drugbank .
        }}""")}
    assert rows == {("Anakinra", "anakinra", "DB00026"), ("tocilizumab", "tocilizumab", "DB06273")}


def test_targets_join_uniprot_exactly_and_il1_narrowly(seed_out: Path) -> None:
    store = exported_beside_wikidata_and_uniprot(seed_out)
    rows = {(row["target"].value, row["match"].value.rsplit("#", 1)[1], row["mnemonic"].value)
            for row in store.query(f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX dk: <https://w3id.org/drugkg/ontology#>
        PREFIX up: <http://purl.uniprot.org/core/>
        SELECT ?target ?match ?mnemonic WHERE {{
          VALUES ?match {{ <{SKOS}exactMatch> <{SKOS}narrowMatch> }}
          ?node a dk:Target ; rdfs:label ?target ; ?match ?protein .
          ?protein up:mnemonic ?mnemonic .
        }}""")}
    assert rows == {("IL-6", "exactMatch", "IL6_HUMAN"), ("IL-6R", "exactMatch", "IL6RA_HUMAN"),
                    ("IL-1", "narrowMatch", "IL1B_HUMAN")}


def test_the_studies_of_a_wikidata_condition(seed_out: Path) -> None:
    """A Wikidata item reaches the studies of its condition through the export."""
    store = exported_beside_wikidata_and_uniprot(seed_out)
    (row,) = store.query("""
        PREFIX dk: <https://w3id.org/drugkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(DISTINCT ?publication) AS ?n) WHERE {
          ?condition skos:exactMatch <http://www.wikidata.org/entity/Q84263196> .
          ?publication dk:studiedCondition ?condition .
        }""")
    assert row["n"].value == "56"


def test_trials_link_to_their_registry_record(seed_out: Path) -> None:
    store = exported_beside_wikidata_and_uniprot(seed_out)
    (row,) = store.query(f"""SELECT ?iri WHERE {{
        <https://w3id.org/drugkg/id/trial/NCT04443881> <{SKOS}exactMatch> ?iri }}""")
    assert row["iri"].value == "https://www.clinicaltrials.gov/study/NCT04443881"


def test_every_identifier_row_expands_to_an_iri() -> None:
    for row in load_identifiers():
        iri = external_iri(row.curie).value
        assert iri.startswith(("http://", "https://")) and iri.endswith(row.curie.split(":", 1)[1])
        assert entity_iri(row.kind, row.key).value.startswith("https://w3id.org/drugkg/id/")
