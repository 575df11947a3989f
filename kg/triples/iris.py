"""The only place IRIs are minted: deterministic from stable keys, never counters.

Keys are the names the sources use (a drug name, an NCT id, a file name), slugged;
a reference has no id of its own, so its key is a digest of its drug, title and date,
which survives reordering the page. Whatever a key holds, ``_iri`` percent-encodes each
character outside RFC 3986's unreserved ones (a space in an unknown substance's name, an
accented letter in a trial id), so every page a reader accepts can be minted; keys made
of those characters alone, as slugs, digests and dates are, stay as they are. IRIs stay
flat (``id/publication/KEY``) because rdflib's Turtle writer turns quadratic on nested
paths (shared/MEASURED.md).
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import quote

from pyoxigraph import NamedNode

from kg.lexicon import load_prefixes
from kg.records import TagCategory
from kg.triples.vocab import ID

if TYPE_CHECKING:
    import curies

TAG_PATHS: dict[TagCategory, str] = {
    "target": "target", "condition": "condition", "severity": "severity",
    "substance": "substance-class", "population": "population", "design": "design",
    "unknown": "tag",
}


MAX_KEY = 200
"""Characters of a key kept as they are (the seeds' longest key has 84): a longer one, such as
a damaged page's megabyte name, is cut there and told apart by a digest of the whole."""


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: ``IL-1 Receptor`` -> ``il-1-receptor``."""
    return _slug(text) if len(text) <= MAX_KEY else _long_slug(text)


@functools.lru_cache(maxsize=8192)
def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@functools.lru_cache(maxsize=64)
def _long_slug(text: str) -> str:
    """A long name is asked for again and again while its page is mapped, so it is kept,
    but only a few are: each may be a megabyte."""
    return f"{_slug(text[:MAX_KEY])}-{digest(text)}"


def _iri(kind: str, key: str) -> NamedNode:
    if len(key) > MAX_KEY:
        key = f"{key[:MAX_KEY]}-{digest(key)}"
    return NamedNode(f"{ID}{kind}/{quote(key, safe='')}")


def drug_iri(name: str) -> NamedNode:
    return _iri("drug", slug(name))


def product_iri(brand: str) -> NamedNode:
    return _iri("product", slug(brand))


def organization_iri(key: str) -> NamedNode:
    return _iri("organization", slug(key))


def tag_iri(category: TagCategory, label: str) -> NamedNode:
    return _iri(TAG_PATHS[category], slug(label))


def scheme_iri(category: TagCategory) -> NamedNode:
    return _iri("scheme", TAG_PATHS[category])


def pathway_iri(pathway: str) -> NamedNode:
    return _iri("pathway", slug(pathway))


def route_iri(route: str) -> NamedNode:
    return _iri("route", slug(route))


def publication_iri(drug: str, title: str, date: datetime.date) -> NamedNode:
    return _iri("publication", f"{slug(drug)}-{digest(title, date.isoformat())}")


def _key(node: NamedNode) -> str:
    return node.value.rsplit("/", 1)[1]


def dosing_iri(publication: NamedNode, number: int) -> NamedNode:
    """A publication's ``number``-th regimen (from 1), in the order its text gives them."""
    return _iri("dosing", f"{_key(publication)}-{number}")


def dose_step_iri(regimen: NamedNode, number: int) -> NamedNode:
    return _iri("dose-step", f"{_key(regimen)}-{number}")


def study_arm_iri(publication: NamedNode, number: int) -> NamedNode:
    return _iri("study-arm", f"{_key(publication)}-{number}")


def control_kind_iri(kind: str) -> NamedNode:
    return _iri("control-kind", slug(kind))


def result_iri(publication: NamedNode, number: int) -> NamedNode:
    return _iri("result", f"{_key(publication)}-{number}")


def trial_iri(trial_id: str) -> NamedNode:
    return _iri("trial", trial_id.upper())


def site_iri(label: str) -> NamedNode:
    return _iri("site", slug(label))


INFERRED_GRAPH = _iri("graph", "inferred")
"""The named graph of what the ontology's rules infer (``kg build`` writes it)."""
DATASET = _iri("dataset", "drugkg")
"""The built dataset, described with VoID and DCAT in a named graph of the same IRI."""


def class_partition_iri(class_curie: str) -> NamedNode:
    return _iri("dataset", f"drugkg-{slug(class_curie)}")


def document_iri(file_name: str) -> NamedNode:
    return _iri("source", slug(file_name.rsplit(".", 1)[0]))


def source_line_iri(file_name: str, line: int) -> NamedNode:
    """A line of a source document: the document's IRI with the fragment ``#L<line>``, so
    a page showing the document can anchor each line."""
    return NamedNode(f"{document_iri(file_name).value}#L{line}")


def statement_iri(subject: str, predicate: str, value: str) -> NamedNode:
    """One node per fact (the same fact stated in two places is one statement, with two
    lines), named by the N-Triples form of its terms."""
    return NamedNode(f"{ID}statement/"
                     + hashlib.sha256(f"{subject} {predicate} {value}".encode()).hexdigest()[:20])


def digest(*parts: str) -> str:
    """12 hex digits naming a thing that has no key of its own but its words."""
    return hashlib.sha256("|".join(p.strip().lower() for p in parts).encode()).hexdigest()[:12]


def indication_iri(drug_key: str, text: str) -> NamedNode:
    return _iri("indication", f"{drug_key}-{digest(text)}")


def regulatory_event_iri(product: str, date: str, kind: str, region: str | None) -> NamedNode:
    return _iri("regulatory-event", slug(f"{product} {date} {kind} {region or ''}"))


def regulatory_step_iri(kind: str) -> NamedNode:
    return _iri("regulatory-step", slug(kind))


def storage_iri(presentation: str, date: datetime.date) -> NamedNode:
    return _iri("storage", f"{slug(presentation)}-{date.isoformat()}")


def lactation_iri(drug_key: str, date: datetime.date) -> NamedNode:
    return _iri("lactation", f"{drug_key}-{date.isoformat()}")


def question_iri(title: str, date: datetime.date) -> NamedNode:
    return _iri("question", f"{date.isoformat()}-{digest(title)}")


def strength_iri(value: str, unit: str) -> NamedNode:
    return _iri("strength", slug(f"{value} {unit}"))


def criterion_iri(biomarker: str, comparator: str, value: str, unit: str) -> NamedNode:
    names = {">=": "ge", ">": "gt", "<=": "le", "<": "lt"}
    return _iri("criterion", slug(f"{biomarker} {names[comparator]} {value} {unit}"))


def trial_update_iri(product: str, date: str, text: str) -> NamedNode:
    return _iri("trial-update", f"{slug(product)}-{date}-{digest(text)}")


def effect_iri(update: NamedNode, index: int) -> NamedNode:
    return _iri("effect", f"{_key(update)}-{index}")


def linkset_iri(name: str) -> NamedNode:
    return _iri("linkset", slug(name))


def drug_class_iri(code: str) -> NamedNode:
    """An ATC group by its code as WHO writes it: ``id/drug-class/H02AB``."""
    return _iri("drug-class", code)


def external_iri(curie: str) -> NamedNode:
    """Another vocabulary's IRI for a CURIE (``uniprot:P05231``), expanded with the
    Bioregistry prefix map of ``data/lexicon/prefixes.tsv``."""
    return NamedNode(_converter().expand_strict(curie))


def trial_registry_iri(nct_id: str) -> NamedNode:
    return external_iri(f"clinicaltrials:{nct_id.upper()}")


@functools.cache
def _converter() -> curies.Converter:
    import curies  # here, not at the top: ~0.1 s that only a build needs

    return curies.Converter.from_prefix_map(load_prefixes())
