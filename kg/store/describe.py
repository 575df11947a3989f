"""A VoID and DCAT description of the built dataset: its size, the entities per class,
the source documents it was read from (each with its checksum and publisher), the
ontology it conforms to, its licence, and a date taken from the sources, so the same
sources give the same description."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from pyoxigraph import NamedNode, Store, Triple

from kg.ontology import ONTOLOGY_IRI
from kg.oxigraph import select
from kg.triples import iris, terms, vocab as v

LICENSE = NamedNode("https://creativecommons.org/licenses/by/4.0/")
_SIZE = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties)
WHERE { ?s ?p ?o }
"""
_CLASSES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?entities) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class"
_SOURCES = """
SELECT ?source WHERE { ?source a <https://w3id.org/drugkg/ontology#SourceDocument> } ORDER BY ?source
"""
_LATEST_DATE = """
SELECT (MAX(?date) AS ?latest) WHERE {
  ?s <http://purl.org/dc/terms/date> ?date
  FILTER(datatype(?date) = <http://www.w3.org/2001/XMLSchema#date>)
}
"""


def description_triples(store: Store, graph_sizes: Mapping[NamedNode, int]) -> Iterator[Triple]:
    """Describe the store's default graph as it is now (call it last, before adding these).

    ``graph_sizes`` gives the triples in each source document's named graph, stated as the
    document's ``void:triples``: a summary kept so that listing the sources costs what the
    sources are, not what the graph is (counting each graph takes seconds at 1,000 pages).
    """
    dataset = iris.DATASET
    size = next(select(store, _SIZE))
    yield Triple(dataset, v.RDF_TYPE, v.VOID_DATASET)
    yield Triple(dataset, v.RDF_TYPE, v.DCAT_DATASET)
    yield Triple(dataset, v.RDFS_LABEL, terms.text("drugkg drug-evidence knowledge graph"))
    yield Triple(dataset, v.DCT_TITLE, terms.english("drugkg drug-evidence knowledge graph"))
    yield Triple(dataset, v.DCT_DESCRIPTION, terms.english(
        "Drugs, their targets and products, the publications and clinical trials that give "
        "evidence on them, pharmacy guidance and regulatory events, read from the source "
        "documents listed as dct:source; each fact is traceable to its document and line."))
    yield Triple(dataset, v.DCT_LICENSE, LICENSE)
    yield Triple(dataset, v.DCT_CONFORMS_TO, NamedNode(ONTOLOGY_IRI))
    yield Triple(dataset, v.VOID_VOCABULARY, NamedNode(v.DK))
    yield Triple(dataset, v.VOID_TRIPLES, size["triples"])
    yield Triple(dataset, v.VOID_DISTINCT_SUBJECTS, size["subjects"])
    yield Triple(dataset, v.VOID_PROPERTIES, size["properties"])
    latest = next(select(store, _LATEST_DATE))["latest"]
    if latest is not None:
        yield Triple(dataset, v.DCT_ISSUED, latest)
    for solution in select(store, _SOURCES):
        source = solution["source"]
        yield Triple(dataset, v.DCT_SOURCE, source)
        if source in graph_sizes:
            yield Triple(source, v.VOID_TRIPLES, terms.integer(graph_sizes[source]))
    classes = list(select(store, _CLASSES))
    yield Triple(dataset, v.VOID_CLASSES, terms.integer(len(classes)))
    for solution in classes:
        partition = iris.class_partition_iri(v.curie(solution["class"].value))
        yield Triple(dataset, v.VOID_CLASS_PARTITION, partition)
        yield Triple(partition, v.VOID_CLASS, solution["class"])
        yield Triple(partition, v.VOID_ENTITIES, solution["entities"])
