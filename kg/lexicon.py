"""The curated drug lexicon (``data/lexicon/drugs.yaml``): every name a source may use
for a drug — INN, brand, substance description, code — and the one INN it means.

Readers use it to spot drug names in prose; the linking stage uses it to give a drug one
IRI whatever a page calls it. The target lexicon (``data/lexicon/targets.yaml``) gives the
pathway each target takes part in. Curators extend the YAML files, not this module.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from kg.errors import SourceError
from kg.packaged import shared
from kg.records import Document, Publisher

LEXICON_DIR = shared("lexicon")
LEXICON_FILE = LEXICON_DIR / "drugs.yaml"
TARGETS_FILE = LEXICON_DIR / "targets.yaml"
CONDITIONS_FILE = LEXICON_DIR / "conditions.yaml"
IDENTIFIERS_FILE = LEXICON_DIR / "identifiers.tsv"
PREFIXES_FILE = LEXICON_DIR / "prefixes.tsv"
DRUG_CLASSES_FILE = LEXICON_DIR / "drug-classes.tsv"
EVIDENCE_CODES_FILE = LEXICON_DIR / "evidence-codes.tsv"
ConceptKind = Literal["condition", "population"]
EntityKind = Literal["drug", "target", "condition", "population"]
MatchKind = Literal["exact", "narrow"]
_INN_STEM = re.compile(
    r"\b[a-z]{3,}(?:mab|kinra|cept|tinib|citinib|vir|previr|buvir|limus|stat|parin|"
    r"quine|vimab|zumab|ximab|umab)\b"
)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One drug: its INN and every other name for it, its ATC codes, with the line it is
    curated at."""

    name: str
    brands: tuple[str, ...]
    synonyms: tuple[str, ...]
    targets: tuple[str, ...]
    manufacturer: str | None
    line: int
    atc: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.brands, *self.synonyms)


@functools.cache
def load_lexicon(path: Path = LEXICON_FILE) -> tuple[LexiconEntry, ...]:
    """Read the lexicon; each entry keeps its line so graph facts can cite it.

    :raises SourceError: the file is not a list of entries with a ``name``.
    """
    return tuple(
        LexiconEntry(
            name=fields["name"],
            brands=tuple(fields.get("brands") or ()),
            synonyms=tuple(fields.get("synonyms") or ()),
            targets=tuple(fields.get("targets") or ()),
            manufacturer=fields.get("manufacturer"),
            line=line,
            atc=tuple(str(code) for code in fields.get("atc") or ()),
        )
        for line, fields in _yaml_entries(path, "name", "drug")
    )


@dataclass(frozen=True, slots=True)
class TargetEntry:
    """One target of the target lexicon: its tag label, full name and pathway."""

    target: str
    name: str
    pathway: str
    line: int


@functools.cache
def load_targets(path: Path = TARGETS_FILE) -> tuple[TargetEntry, ...]:
    """Read the target lexicon (``data/lexicon/targets.yaml``).

    :raises SourceError: an entry lacks its ``target``, ``name`` or ``pathway``.
    """
    entries = []
    for line, fields in _yaml_entries(path, "target", "target"):
        if not all(isinstance(fields.get(key), str) for key in ("name", "pathway")):
            raise SourceError(str(path), line, "expected a target entry with a 'name' and a 'pathway'")
        entries.append(TargetEntry(fields["target"], fields["name"], fields["pathway"], line))
    return tuple(entries)


def _yaml_entries(path: Path, key: str, what: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings of a YAML list with the line each starts at.

    :raises SourceError: the file is not a list of mappings with a string ``key``.
    """
    root = yaml.compose(path.read_text(encoding="utf-8"))
    if root is None or not isinstance(root, yaml.SequenceNode):
        raise SourceError(str(path), 1, f"expected a YAML list of {what} entries")
    entries = []
    for node in root.value:
        line = node.start_mark.line + 1
        fields = yaml.safe_load(yaml.serialize(node))
        if not isinstance(fields, dict) or not isinstance(fields.get(key), str):
            raise SourceError(str(path), line, f"expected a {what} entry with a '{key}'")
        entries.append((line, fields))
    return entries


@dataclass(frozen=True, slots=True)
class ConceptEntry:
    """A condition or population of the condition lexicon, with the words that mean it."""

    key: str
    kind: ConceptKind
    name: str
    synonyms: tuple[str, ...]
    implied_by: tuple[str, str] | None
    line: int


@functools.cache
def load_concepts(path: Path = CONDITIONS_FILE) -> tuple[ConceptEntry, ...]:
    """Read the condition lexicon (``data/lexicon/conditions.yaml``).

    :raises SourceError: an entry lacks its ``kind``, ``name`` or ``synonyms``.
    """
    entries = []
    for line, fields in _yaml_entries(path, "key", "condition"):
        implied = fields.get("implied_by")
        if (fields.get("kind") not in ("condition", "population")
                or not isinstance(fields.get("name"), str)
                or not isinstance(fields.get("synonyms"), list)
                or (implied is not None and not isinstance(implied, dict))):
            raise SourceError(str(path), line, "expected a condition entry with a 'kind' "
                              "(condition or population), a 'name' and a list of 'synonyms'")
        entries.append(ConceptEntry(
            key=fields["key"], kind=cast(ConceptKind, fields["kind"]), name=fields["name"],
            synonyms=tuple(str(word) for word in fields["synonyms"]),
            implied_by=(str(implied["condition"]), str(implied["population"])) if implied else None,
            line=line))
    return tuple(entries)


def find_concept(name: str, kind: ConceptKind | None = None) -> ConceptEntry | None:
    """The concept a whole name means, by its key, full name or a synonym, case-insensitively
    (``Cytokine release syndrome`` and ``cytokine storm`` are ``CRS``): the one lookup every
    source's words for a condition or population go through, so they make one node."""
    for entry in _concept_names().get(name.strip().casefold(), ()):
        if kind is None or entry.kind == kind:
            return entry
    return None


def concept_key(name: str, kind: ConceptKind) -> str:
    """The key of the concept a name means, else the name as written (a condition the
    lexicon does not know is a node of its own words)."""
    found = find_concept(name, kind)
    return found.key if found else name


def concept_words(entry: ConceptEntry, text: str) -> str | None:
    """The first of a concept's names that a text holds, as written there."""
    found = next((pattern.search(text) for known, _, pattern in _concept_patterns() if known == entry), None)
    return found.group() if found else None


@functools.cache
def _concept_names() -> dict[str, tuple[ConceptEntry, ...]]:
    """Each case-folded name and the concepts it names, in lexicon order (``MIS-C`` names
    the condition and the population of children)."""
    names: dict[str, tuple[ConceptEntry, ...]] = {}
    for entry in load_concepts():
        for word in dict.fromkeys(w.casefold() for w in (entry.key, entry.name, *entry.synonyms)):
            names[word] = (*names.get(word, ()), entry)
    return names


def concept_mentions(text: str, also: Iterable[str] = ()) -> tuple[ConceptEntry, ...]:
    """The conditions and populations a text names, in lexicon order; ``also`` adds the
    concepts named otherwise (a reference's tags: ``Cytokine storm`` is ``CRS``). A generic
    condition named together with a population becomes the specific concept both imply
    (MIS + children = MIS-C)."""
    folded = text.casefold()
    keys = {entry.key for entry, words, pattern in _concept_patterns()
            if any(word in folded for word in words) and pattern.search(text)}
    keys |= {key for name in also for key in _keys_of(name)}
    for entry in load_concepts():
        if entry.implied_by and set(entry.implied_by) <= keys:
            keys.add(entry.key)
    generic = {entry.implied_by[0] for entry in load_concepts()
               if entry.implied_by and entry.key in keys}
    return tuple(entry for entry in load_concepts() if entry.key in keys - generic)


def _keys_of(name: str) -> tuple[str, ...]:
    """A tag's concept: the key it is, else the concept its words name, else itself."""
    if any(entry.key == name for entry in load_concepts()):
        return (name,)
    found = find_concept(name)
    return (found.key,) if found else (name,)


@functools.cache
def _concept_patterns() -> tuple[tuple[ConceptEntry, tuple[str, ...], re.Pattern[str]], ...]:
    """One pattern per concept, searched on its own so that words inside a longer name
    count too (``adult`` in ``syndrome in an adult``), and only where one of its words
    stands in the case-folded text at all (a substring test is a tenth of a search)."""
    return tuple(
        (entry, tuple(word.casefold() for word in entry.synonyms),
         re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, entry.synonyms)) + r")(?!\w)", re.I))
        for entry in load_concepts())


ATC_LEVELS = (1, 3, 4, 5, 7)
"""The lengths of an ATC code at its five levels: H, H02, H02A, H02AB, H02AB04."""
_ATC_CODE = re.compile(r"[A-Z](?:[0-9]{2}(?:[A-Z](?:[A-Z](?:[0-9]{2})?)?)?)?")


@dataclass(frozen=True, slots=True)
class DrugClass:
    """A group of the ATC classification: its code, its WHO name and the group above it."""

    code: str
    label: str
    line: int

    @property
    def broader(self) -> str | None:
        """The code of the group this one belongs to (H02AB04 -> H02AB), none at the top."""
        level = ATC_LEVELS.index(len(self.code))
        return self.code[:ATC_LEVELS[level - 1]] if level else None


@functools.cache
def load_drug_classes(path: Path = DRUG_CLASSES_FILE) -> dict[str, DrugClass]:
    """The ATC groups of ``drug-classes.tsv`` by code, each with its line.

    :raises SourceError: a code is not an ATC code of one of the five levels.
    """
    classes = {}
    for line, (code, label) in _tsv_rows(path, ("code", "label")):
        if not _ATC_CODE.fullmatch(code):
            raise SourceError(str(path), line, f"expected an ATC code like H02AB04, got '{code}'")
        classes[code] = DrugClass(code, label, line)
    return classes


@dataclass(frozen=True, slots=True)
class EvidenceCode:
    """A row of ``evidence-codes.tsv``: a design tag or kind of design, and its ECO class."""

    design: str
    eco: str
    label: str
    line: int


@functools.cache
def load_evidence_codes(path: Path = EVIDENCE_CODES_FILE) -> tuple[EvidenceCode, ...]:
    """The design -> ECO class rows in the order they are tried, the catch-all ``*`` last.

    :raises SourceError: a code is not an ECO CURIE, or the last row is not ``*``.
    """
    rows = tuple(EvidenceCode(design, eco, label, line)
                 for line, (design, eco, label) in _tsv_rows(path, ("design", "eco", "label")))
    for row in rows:
        if not re.fullmatch(r"ECO:[0-9]{7}", row.eco):
            raise SourceError(str(path), row.line, f"expected an ECO code like ECO:0000180, got '{row.eco}'")
    if not rows or rows[-1].design != "*":
        raise SourceError(str(path), rows[-1].line if rows else 1, "expected a last row for '*', any reference")
    return rows


@dataclass(frozen=True, slots=True)
class ExternalIdentifier:
    """One row of ``identifiers.tsv``: an entity of ours and a concept of another vocabulary."""

    kind: EntityKind
    key: str
    match: MatchKind
    curie: str
    line: int


@functools.cache
def load_identifiers(path: Path = IDENTIFIERS_FILE) -> tuple[ExternalIdentifier, ...]:
    """Read the curated identifiers; every CURIE's prefix must be in ``prefixes.tsv``.

    :raises SourceError: a row does not have the four columns or uses an unknown prefix.
    """
    prefixes = load_prefixes()
    rows = []
    for line, fields in _tsv_rows(path, ("kind", "key", "match", "curie")):
        kind, key, match, curie = fields
        prefix = curie.partition(":")[0]
        if (kind not in ("drug", "target", "condition", "population")
                or match not in ("exact", "narrow") or prefix not in prefixes):
            raise SourceError(str(path), line, "expected kind (drug, target, condition, "
                              "population), match (exact, narrow) and a CURIE whose prefix "
                              f"is in {PREFIXES_FILE.name}; got {' | '.join(fields)}")
        rows.append(ExternalIdentifier(cast(EntityKind, kind), key, cast(MatchKind, match), curie, line))
    return tuple(rows)


@functools.cache
def load_prefixes(path: Path = PREFIXES_FILE) -> dict[str, str]:
    """The Bioregistry prefix -> URI prefix map the identifiers use (RDF URIs first)."""
    return {prefix: uri for _, (prefix, uri) in _tsv_rows(path, ("prefix", "uri_prefix"))}


def _tsv_rows(path: Path, header: tuple[str, ...]) -> list[tuple[int, tuple[str, ...]]]:
    """The data rows of a TSV file with the given header; ``#`` lines are comments.

    :raises SourceError: the header differs or a row has the wrong number of fields.
    """
    rows: list[tuple[int, tuple[str, ...]]] = []
    seen_header = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(field.strip() for field in line.split("\t"))
        if not seen_header:
            if fields != header:
                raise SourceError(str(path), number, f"expected the header {' '.join(header)}")
            seen_header = True
        elif len(fields) != len(header) or not all(fields):
            raise SourceError(str(path), number, f"expected {len(header)} tab-separated fields")
        else:
            rows.append((number, fields))
    return rows


_Trie = dict[str, "_Trie"]


@functools.cache
def _mention_pattern() -> re.Pattern[str]:
    """Every name of the lexicon in one pattern shaped as a trie: the text's next letter
    picks the one branch to follow, where an alternation of the ~250 names tried each in
    turn at every word (seconds on a megabyte of notes). Along a branch a longer name is
    tried first, so ``IL-6R`` is found whole and not as ``IL-6``."""
    trie: _Trie = {}
    for entry in load_lexicon():
        for name in entry.names:
            node = trie
            for char in name.lower():
                node = node.setdefault(char, {})
            node[""] = {}
    return re.compile(r"(?<![\w-])" + _branches(trie) + r"(?![\w-])", re.I)


def _branches(node: _Trie) -> str:
    """A trie node as a pattern: a child's branch, else the end of a name here."""
    children = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not children:
        return ""
    group = "(?:" + "|".join(children) + ")"
    return group + "?" if "" in node else group


def drug_mentions(text: str) -> tuple[str, ...]:
    """Drug names in prose, as written and in order, each once: lexicon names, then
    words with an INN stem (``-mab``, ``-kinra``, ``-vir`` ...) the lexicon does not know yet."""
    mentions: dict[str, str] = {}
    for start, end in drug_mention_spans(text):
        mentions.setdefault(text[start:end].lower(), text[start:end])
    return tuple(mentions.values())


def drug_mention_spans(text: str) -> list[tuple[int, int]]:
    """Where ``drug_mentions`` finds each drug name, in order."""
    named = [(m.start(), m.end()) for m in _mention_pattern().finditer(text)]
    stems = [(m.start(), m.end()) for m in _INN_STEM.finditer(text.lower())
             if not in_spans(named, m.start())]
    return sorted(named + stems)


def in_spans(spans: Sequence[tuple[int, int]], position: int) -> bool:
    """Whether a position lies in one of the spans, which are in order of start and of end:
    a binary search, so checking each of a long text's mentions keeps reading it linear."""
    index = bisect.bisect_right(spans, position, key=lambda span: span[0]) - 1
    return index >= 0 and position < spans[index][1]


def canonical_drug(name: str) -> str | None:
    """The INN a drug name means in the lexicon (``IVIg`` -> ``intravenous immunoglobulin``)."""
    return _drug_names().get(name.lower())


@functools.cache
def _drug_names() -> dict[str, str]:
    return {name.lower(): entry.name for entry in load_lexicon() for name in entry.names}


CURATORS = Publisher("drugkg", "drugkg curators (curated lexicons)", "https://w3id.org/drugkg/")


def lexicon_document(path: Path = LEXICON_FILE) -> Document:
    """The lexicon as a source document, so the facts it adds keep their attribution; named
    by its place in the repository, the same wherever the package is installed."""
    raw = path.read_bytes()
    return Document(path=f"data/lexicon/{path.name}", name=path.name, sha256=hashlib.sha256(raw).hexdigest(),
                    format="lexicon", publisher=CURATORS, pages=(), warnings=())
