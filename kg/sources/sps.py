"""Recognise UK Specialist Pharmacy Service (SPS) medicine pages and keep their attribution.

A file holds several SPS page types one after another (seed ``000_…txt``): a medicines
Q&A, ``Refrigerated Storage``, ``Lactation Safety Information`` and ``New Medicines``.
For now the reader records the document, its checksum and its publisher; reading each
page type into records is issue 4.
"""
from __future__ import annotations

from pathlib import Path

from kg.records import Document, Publisher
from kg.sources.lines import Text, read_text

FORMAT = "sps"
PUBLISHER = Publisher(
    "nhs-sps", "NHS Specialist Pharmacy Service", "https://www.sps.nhs.uk/",
)
PAGE_HEADINGS = ("Refrigerated Storage", "Lactation Safety Information", "New Medicines")


def sniff(text: Text) -> bool:
    """SPS files carry at least one of the service's page-type headings."""
    return any(line.strip() in PAGE_HEADINGS for line in text.lines)


def read(path: Path, text: Text | None = None) -> Document:
    """Read an SPS file into a document record."""
    text = text or read_text(path)
    return Document(
        path=text.path, name=path.name, sha256=text.sha256, format=FORMAT,
        publisher=PUBLISHER, pages=(), warnings=(),
    )
