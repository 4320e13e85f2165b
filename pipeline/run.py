"""process(path, settings): a file on disk to a normalized document and its records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.document import Document
from pipeline.extract import extract_document
from pipeline.ingest.read import load_bytes, read_bytes
from pipeline.normalize import normalize
from pipeline.settings import Settings


@dataclass(frozen=True, slots=True)
class ProcessedDocument:
    """A document and its extraction in the shape of SCHEMA.md (plus offsets and evidence)."""

    document: Document
    record: dict[str, object]


def load_document(path: Path, settings: Settings) -> Document:
    """Read and normalize one file (no extraction)."""
    data = load_bytes(path, settings)
    return document_from_bytes(data, str(path), settings)


def document_from_bytes(data: bytes, name: str, settings: Settings) -> Document:
    raw = read_bytes(data, name, settings)
    return normalize(raw, data, name)


def process(path: Path, settings: Settings) -> ProcessedDocument:
    """Read, normalize and extract one file."""
    doc = load_document(path, settings)
    return ProcessedDocument(doc, extract_document(doc))


def process_bytes(data: bytes, name: str, settings: Settings) -> ProcessedDocument:
    doc = document_from_bytes(data, name, settings)
    return ProcessedDocument(doc, extract_document(doc))
