"""The curated drug lexicon (``data/lexicon/drugs.yaml``): every name a source may use
for a drug — INN, brand, substance description, code — and the one INN it means.

Readers use it to spot drug names in prose; the linking stage uses it to give a drug one
IRI whatever a page calls it. The target lexicon (``data/lexicon/targets.yaml``) gives the
pathway each target takes part in. Curators extend the YAML files, not this module.
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.errors import SourceError
from kg.records import Document, Publisher

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"
LEXICON_FILE = LEXICON_DIR / "drugs.yaml"
TARGETS_FILE = LEXICON_DIR / "targets.yaml"
_INN_STEM = re.compile(
    r"\b[a-z]{3,}(?:mab|kinra|cept|tinib|citinib|vir|previr|buvir|limus|stat|parin|"
    r"quine|vimab|zumab|ximab|umab)\b"
)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One drug: its INN and every other name for it, with the line it is curated at."""

    name: str
    brands: tuple[str, ...]
    synonyms: tuple[str, ...]
    targets: tuple[str, ...]
    manufacturer: str | None
    line: int

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


def _yaml_entries(path: Path, key: str, what: str) -> list[tuple[int, dict]]:
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


@functools.cache
def _mention_pattern(path: Path = LEXICON_FILE) -> re.Pattern[str]:
    names = sorted({name for entry in load_lexicon(path) for name in entry.names},
                   key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])", re.I)


def drug_mentions(text: str) -> tuple[str, ...]:
    """Drug names in prose, as written and in order, each once: lexicon names, then
    words with an INN stem (``-mab``, ``-kinra``, ``-vir`` ...) the lexicon does not know yet."""
    spans = [(m.start(), m.end()) for m in _mention_pattern().finditer(text)]
    spans += [(m.start(), m.end()) for m in _INN_STEM.finditer(text.lower())
              if not any(s <= m.start() < e for s, e in spans)]
    mentions: dict[str, str] = {}
    for start, end in sorted(spans):
        mentions.setdefault(text[start:end].lower(), text[start:end])
    return tuple(mentions.values())


CURATORS = Publisher("drugkg", "drugkg curators (curated lexicons)", "https://w3id.org/drugkg/")


def lexicon_document(path: Path = LEXICON_FILE) -> Document:
    """The lexicon as a source document, so the facts it adds keep their attribution."""
    raw = path.read_bytes()
    shown = path.relative_to(path.parents[2]) if len(path.parents) > 2 else path
    return Document(path=str(shown), name=path.name, sha256=hashlib.sha256(raw).hexdigest(),
                    format="lexicon", publisher=CURATORS, pages=(), warnings=())
