"""Sources stage: find the page format of each source file and read it into records.

A new format is one module with ``FORMAT``, ``sniff(text)`` and ``read(path, text)``
plus one entry in ``READERS``; nothing downstream changes.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from kg.errors import BuildError, KgError, SourceError
from kg.records import Document
from kg.sources import drugpage, sps
from kg.sources.lines import read_text

READERS: tuple[ModuleType, ...] = (drugpage, sps)
SOURCE_SUFFIXES = (".txt",)


def read_source(path: Path) -> Document:
    """Read one source file with the reader whose format it matches.

    :raises SourceError: no reader recognises the file, or its reader rejects it.
    """
    text = read_text(path)
    for reader in READERS:
        if reader.sniff(text):
            document: Document = reader.read(path, text)
            return document
    raise SourceError(
        text.path, 1,
        "unrecognised page format: expected a covid19-help.org drug page "
        "or NHS Specialist Pharmacy Service pages",
    )


def iter_source_files(directories: Iterable[Path]) -> list[Path]:
    """Every source file under the given directories, in a stable order.

    :raises KgError: a directory does not exist.
    """
    files: list[Path] = []
    for directory in directories:
        if not directory.is_dir():
            raise KgError(f"{directory}: no such directory of source pages")
        files.extend(sorted(p for p in directory.rglob("*")
                            if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES))
    return files


def read_sources(directories: Iterable[Path]) -> list[Document]:
    """Read every source, collecting every file's error before failing.

    :raises BuildError: one or more files could not be read.
    """
    documents: list[Document] = []
    errors: list[SourceError] = []
    for path in iter_source_files(directories):
        try:
            documents.append(read_source(path))
        except SourceError as error:
            errors.append(error)
    if errors:
        raise BuildError(errors)
    return documents
