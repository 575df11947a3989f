"""What ``kg serve`` publishes about itself under ``/.well-known/``, as RDF triples: the
canned queries as SPARQL examples and the dataset's VoID description.

The examples follow the SIB sparql-examples (https://github.com/sib-swiss/sparql-examples):
each query is a ``sh:SPARQLExecutable`` and ``sh:SPARQLSelectExecutable`` with its title,
description, tags, the text of its ``.rq`` file in ``sh:select`` (parameters unbound, as
the file has them) and the endpoint in ``schema:target``. A query's IRI is
``https://w3id.org/drugkg/queries/NAME``: under the project's namespace, so it does not
change with the host serving it, and served (as every IRI under it) at ``/queries/NAME``,
that query's page.

The VoID description is the one ``kg build`` stores in the dataset's graph (size, class
partitions, sources, licence), with what only the running build knows: its triple count
and named graphs from the build's manifest (the stored count was taken before the
description was added), when it was built, the endpoint, and one subset per named graph,
with what that graph says about itself and who published it.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Store, Triple

from kg.oxigraph import serialized
from kg.query.catalog import CannedQuery
from kg.query.protocol import GRAPH_FORMATS
from kg.store.location import MANIFEST_FILE
from kg.triples import iris, terms, vocab as v

QUERIES = "https://w3id.org/drugkg/queries"
"""The collection of canned queries; each one is ``QUERIES/NAME``."""
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = v.PREFIXES["schema"]
VOID = v.PREFIXES["void"]
EXAMPLES_PREFIXES = {**{name: v.PREFIXES[name] for name in ("rdf", "rdfs", "xsd", "owl", "schema")},
                     "sh": SH, "query": f"{QUERIES}/"}
"""Prefixes of the examples' Turtle; the VoID's has the project's (``EXPORT_PREFIXES``)."""
EXAMPLE_RESOURCE = iris.drug_iri("anakinra")
"""The drug the seed page is about, shown as the dataset's example where the build has it."""
VOCABULARIES = tuple(NamedNode(iri) for name, iri in sorted(v.PREFIXES.items()) if name != "id")
"""The vocabularies whose terms the mapping writes (``id`` names things, not terms)."""


def examples_triples(catalog: Iterable[CannedQuery], endpoint: str) -> list[Triple]:
    """Every canned query as a SPARQL example run at ``endpoint``, with the project's
    prefixes declared once (``sh:declare``) for all of them."""
    target = NamedNode(endpoint)
    prefixes = NamedNode(QUERIES)
    triples = [Triple(prefixes, v.RDF_TYPE, NamedNode(v.PREFIXES["owl"] + "Ontology")),
               Triple(prefixes, v.RDFS_LABEL, terms.english("drugkg canned queries"))]
    for name, namespace in sorted(v.PREFIXES.items()):
        declaration = BlankNode(f"prefix-{name}")
        triples += [Triple(prefixes, _sh("declare"), declaration),
                    Triple(declaration, _sh("prefix"), terms.text(name)),
                    Triple(declaration, _sh("namespace"),
                           Literal(namespace, datatype=NamedNode(terms.XSD + "anyURI")))]
    for query in catalog:
        example = query_iri(query.name)
        triples += [
            Triple(example, v.RDF_TYPE, _sh("SPARQLExecutable")),
            Triple(example, v.RDF_TYPE, _sh("SPARQLSelectExecutable")),
            Triple(example, v.RDFS_LABEL, terms.english(query.title)),
            Triple(example, v.RDFS_COMMENT, terms.english(query.description)),
            Triple(example, _sh("prefixes"), prefixes),
            Triple(example, _sh("select"), terms.text(query.text)),
            Triple(example, NamedNode(SCHEMA + "target"), target),
            *(Triple(example, NamedNode(SCHEMA + "keywords"), terms.text(tag)) for tag in query.tags),
        ]
    return triples


def query_iri(name: str) -> NamedNode:
    """The IRI of the canned query ``name``."""
    return NamedNode(f"{QUERIES}/{name}")


def void_triples(store: Store, endpoint: str, graph_sizes: Mapping[str, int],
                 built: datetime.datetime | None) -> list[Triple]:
    """The dataset's VoID description as ``kg build`` stored it, completed for the build
    served at ``endpoint``: ``graph_sizes`` gives triples per named graph, and in the
    default graph under ``""`` (the manifest's), ``built`` when the build was made."""
    dataset = iris.DATASET
    triples = [quad.triple for quad in store.quads_for_pattern(None, None, None, dataset)
               if (quad.subject, quad.predicate) != (dataset, v.VOID_TRIPLES)]
    triples += [Triple(dataset, v.VOID_TRIPLES, terms.integer(graph_sizes.get("", 0))),
                Triple(dataset, _void("sparqlEndpoint"), NamedNode(endpoint)),
                Triple(dataset, _void("uriSpace"), terms.text(v.ID)),
                *(Triple(dataset, v.VOID_VOCABULARY, vocabulary) for vocabulary in VOCABULARIES)]
    if built is not None:
        triples.append(Triple(dataset, NamedNode(v.PREFIXES["dct"] + "modified"), Literal(
            built.isoformat(timespec="seconds"), datatype=NamedNode(terms.XSD + "dateTime"))))
    if any(store.quads_for_pattern(EXAMPLE_RESOURCE, v.RDF_TYPE, NamedNode(v.DK + "Drug"))):
        triples.append(Triple(dataset, _void("exampleResource"), EXAMPLE_RESOURCE))
    for iri, size in graph_sizes.items():
        graph = NamedNode(iri) if iri else None
        if graph is None or graph == dataset:
            continue
        triples += [Triple(dataset, _void("subset"), graph), Triple(graph, v.RDF_TYPE, v.VOID_DATASET),
                    Triple(graph, v.VOID_TRIPLES, terms.integer(size))]
        for quad in store.quads_for_pattern(graph, None, None, graph):
            triples.append(quad.triple)
            if quad.predicate == v.DCT_PUBLISHER and isinstance(quad.object, NamedNode):
                triples += [said.triple for predicate in (v.RDFS_LABEL, v.FOAF_HOMEPAGE)
                            for said in store.quads_for_pattern(quad.object, predicate, None, graph)]
    return triples


def build_date(build: Path) -> datetime.datetime | None:
    """When the build in the folder ``build`` was completed (its manifest written), in UTC;
    None for a store built by other means."""
    manifest = build / MANIFEST_FILE
    if not manifest.is_file():
        return None
    return datetime.datetime.fromtimestamp(manifest.stat().st_mtime, datetime.UTC).replace(microsecond=0)


def published(triples: Iterable[Triple], media_type: str, prefixes: Mapping[str, str]) -> bytes:
    """Triples serialised in a media type of ``GRAPH_FORMATS``, each once and in a stable
    order, so the same build gives the same bytes."""
    unique = sorted(set(triples), key=str)
    return serialized(unique, GRAPH_FORMATS[media_type], prefixes=dict(prefixes))


def _sh(name: str) -> NamedNode:
    return NamedNode(SH + name)


def _void(name: str) -> NamedNode:
    return NamedNode(VOID + name)
