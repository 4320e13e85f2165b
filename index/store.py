"""The Store protocol: what every backend (SQLite, Elasticsearch) offers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from index.query import Facets, RecordKind, RecordQuery, RecordResult, SearchQuery, SearchResult
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
    """What every backend offers. Search requests and answers are the dataclasses of
    `index/query.py`; `tests/index/test_conformance.py` holds every backend to the same answers."""

    def add(self, processed: ProcessedDocument) -> AddOutcome: ...
    def add_many(self, batch: list[ProcessedDocument]) -> int: ...
    def has(self, doc_id: str) -> bool: ...
    def get(self, doc_id: str) -> dict[str, Any]: ...
    def delete(self, doc_id: str) -> None: ...
    def list(self, limit: int = 100, after: str | None = None) -> list[DocumentSummary]: ...
    def count(self) -> int: ...
    def close(self) -> None: ...
    def search(self, query: SearchQuery) -> SearchResult: ...
    def facets(self, query: SearchQuery) -> Facets: ...
    def records(self, kind: RecordKind | str, query: RecordQuery) -> RecordResult: ...
