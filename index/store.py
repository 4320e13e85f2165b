"""The Store protocol: what every backend (SQLite, Elasticsearch) offers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from pipeline.run import ProcessedDocument


class AddOutcome(StrEnum):
    ADDED = "added"
    UNCHANGED = "unchanged"  # same bytes already stored
    REPLACED = "replaced"  # same path, new bytes: old records replaced atomically


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One row of `list`: identity and metadata, no text."""

    id: str
    path: str
    format: str
    doc_type: str
    title: str | None
    number: str | None
    issued_date: str | None
    provinces: tuple[str, ...]
    counts: dict[str, int]


class Store(Protocol):
    def add(self, processed: ProcessedDocument) -> AddOutcome: ...
    def has(self, doc_id: str) -> bool: ...
    def get(self, doc_id: str) -> dict[str, Any]: ...
    def delete(self, doc_id: str) -> None: ...
    def list(self, limit: int = 100, after: str | None = None) -> list[DocumentSummary]: ...
    def count(self) -> int: ...
    def close(self) -> None: ...
