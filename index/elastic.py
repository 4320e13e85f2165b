"""The Elasticsearch store: the same protocol as SqliteStore, for collections that outgrow one machine.

    VANBAN_STORE=elasticsearch VANBAN_ES_URL=http://localhost:9200 vanban ingest corpus/raw

Two indices, `<prefix>-documents` and `<prefix>-records` (prefix `VANBAN_ES_INDEX_PREFIX`, default
`vanban`), created from index templates that carry a Vietnamese analysis chain:

- `vi_index` (text fields): tone placement unified (hoà → hòa), đ→d char filter, standard
  tokenizer, lower case, ASCII folding *with the original preserved*, so `giảm` and `giam` sit at
  the same position; searched with `vi_folded` (the same without the originals), so accents are
  optional. Each text field has an `.exact` sub-field (`vi_exact`: accents kept) that decides the
  exact-accent tier, as SQLite's `docs_fts` does.
- `vi_search_synonyms`: `vi_folded` plus a synonym_graph of `index/data/synonyms.tsv`, for people
  who query the indices directly. The query builder here expands synonyms itself (from the same
  `ParsedQuery` SQLite uses), so both backends read a query alike.

Every request body is built by a pure function (`index_templates`, `document_source`,
`record_sources`, `search_body`, `records_body`), which `tests/index/test_elastic.py` checks
without a server; `tests/index/test_conformance.py` runs the shared contract when
`VANBAN_ES_URL` is set. Bulk requests retry rejected items (429, 503) and connection errors with
exponential backoff, then raise `StoreError`.

Modules: `elastic_mapping` (templates, analyzers, mappings), `elastic_sources` (`_source` bodies and
bulk lines), `elastic_query` (request bodies, facets); this one holds the store and re-exports the
names callers import from it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from index.elastic_mapping import DOCUMENT_MAPPING, KEYWORD, RECORD_MAPPING, analysis, index_templates
from index.elastic_query import (
    EXACT_BOOST,
    FACET_FIELDS,
    FACET_SIZE,
    TOGETHER_BOOST,
    facet_aggs,
    facets_from_aggregations,
    records_body,
    search_body,
    text_query,
)
from index.elastic_sources import bulk_operations, document_source, record_sources
from index.fields import index_fields
from index.query import (
    Facets,
    Hit,
    RecordHit,
    RecordKind,
    RecordQuery,
    RecordResult,
    SearchQuery,
    SearchResult,
    parse_query,
)
from index.snippets import snippet_of
from index.store import AddOutcome, DocumentSummary
from pipeline.errors import DocumentNotFound, StoreError
from pipeline.run import ProcessedDocument
from pipeline.settings import Settings

__all__ = [
    "DOCUMENT_MAPPING",
    "EXACT_BOOST",
    "FACET_FIELDS",
    "FACET_SIZE",
    "KEYWORD",
    "RECORD_MAPPING",
    "RETRY_STATUSES",
    "TOGETHER_BOOST",
    "ElasticStore",
    "analysis",
    "bulk_operations",
    "document_source",
    "facet_aggs",
    "index_templates",
    "record_sources",
    "records_body",
    "search_body",
    "text_query",
]


log = logging.getLogger(__name__)
RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class _Retry:
    attempts: int = 5
    first_delay: float = 0.5
    max_delay: float = 10.0


class ElasticStore:
    """Documents and records in two Elasticsearch indices (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        client: Any | None = None,
        refresh: bool = False,
        retry: _Retry | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if client is None:
            if not settings.es_url:
                raise StoreError(
                    "VANBAN_STORE=elasticsearch needs VANBAN_ES_URL (e.g. http://localhost:9200)"
                )
            from elasticsearch import Elasticsearch

            client = Elasticsearch(settings.es_url, request_timeout=60)
        self.client = client
        self.prefix = settings.es_index_prefix
        self.documents = f"{self.prefix}-documents"
        self.records_index = f"{self.prefix}-records"
        self.refresh_writes = refresh
        self.retry = retry or _Retry()
        self._sleep = sleep
        self._ensured = False

    # -- setup -----------------------------------------------------------------

    def ensure_indices(self) -> None:
        """Put the index templates and create the indices if missing (idempotent)."""
        if self._ensured:
            return
        try:
            for name, body in index_templates(self.prefix).items():
                self.client.indices.put_index_template(name=name, **body)
            for index in (self.documents, self.records_index):
                if not self.client.indices.exists(index=index):
                    self.client.indices.create(index=index)
        except Exception as err:  # the client's errors carry the server's reason
            raise StoreError(f"Elasticsearch at {self._where()}: cannot set up indices ({err})") from err
        self._ensured = True

    def _where(self) -> str:
        return str(getattr(self.client, "_hosts", None) or self.prefix)

    def refresh(self) -> None:
        """Make every write so far visible to search."""
        self.client.indices.refresh(index=f"{self.documents},{self.records_index}")

    def close(self) -> None:
        close = getattr(self.client, "close", None)
        if callable(close):
            close()

    # -- writing ---------------------------------------------------------------

    def bulk(self, operations: list[dict[str, Any]]) -> None:
        """Send bulk action lines, retrying rejected items and connection errors; raise StoreError
        naming the first item that failed for good."""
        pending = operations
        delay = self.retry.first_delay
        for attempt in range(1, self.retry.attempts + 1):
            try:
                resp = self.client.bulk(
                    operations=pending, refresh="wait_for" if self.refresh_writes else None
                )
            except Exception as err:
                if not _transient(err) or attempt == self.retry.attempts:
                    raise StoreError(
                        f"Elasticsearch bulk request failed after {attempt} attempts: {err}"
                    ) from err
                log.warning("bulk attempt %d failed (%s); retrying in %.1f s", attempt, err, delay)
                self._sleep(delay)
                delay = min(delay * 2, self.retry.max_delay)
                continue
            if not resp.get("errors"):
                return
            retry: list[dict[str, Any]] = []
            for i, item in enumerate(resp.get("items", [])):
                result = next(iter(item.values()))
                status = int(result.get("status", 200))
                if status < 300:
                    continue
                if status in RETRY_STATUSES and attempt < self.retry.attempts:
                    retry += pending[2 * i : 2 * i + 2]
                    continue
                reason = result.get("error", {})
                raise StoreError(
                    f"Elasticsearch rejected {result.get('_index')}/{result.get('_id')}: "
                    f"{reason.get('type') if isinstance(reason, dict) else reason}: "
                    f"{reason.get('reason') if isinstance(reason, dict) else ''}"
                )
            if not retry:
                return
            log.warning(
                "bulk: %d items rejected (attempt %d); retrying in %.1f s", len(retry) // 2, attempt, delay
            )
            self._sleep(delay)
            delay = min(delay * 2, self.retry.max_delay)
            pending = retry
        raise StoreError(f"Elasticsearch bulk: items still rejected after {self.retry.attempts} attempts")

    def add(self, processed: ProcessedDocument) -> AddOutcome:
        """Store a document and its records; same bytes again does nothing, same path replaces."""
        self.ensure_indices()
        doc = processed.document
        if self.has(doc.id):
            return AddOutcome.UNCHANGED
        old = self._ids({"term": {"path": doc.source.path}})
        for old_id in old:
            self._delete_id(old_id)
        self.bulk(bulk_operations(self.prefix, processed, index_fields(processed.record, doc.text)))
        return AddOutcome.REPLACED if old else AddOutcome.ADDED

    def add_many(self, batch: list[ProcessedDocument]) -> int:
        """Bulk load pre-extracted documents (no replacement by path)."""
        self.ensure_indices()
        ops: list[dict[str, Any]] = []
        for processed in batch:
            ops += bulk_operations(
                self.prefix, processed, index_fields(processed.record, processed.document.text)
            )
        if ops:
            self.bulk(ops)
        return len(batch)

    def _delete_id(self, doc_id: str) -> None:
        refresh = True if self.refresh_writes else None
        self.client.delete_by_query(
            index=self.records_index, query={"term": {"doc_id": doc_id}}, refresh=refresh, conflicts="proceed"
        )
        self.client.delete_by_query(
            index=self.documents, query={"term": {"id": doc_id}}, refresh=refresh, conflicts="proceed"
        )

    def delete(self, doc_id: str) -> None:
        self.ensure_indices()
        if not self.has(doc_id):
            raise DocumentNotFound(f"no document {doc_id!r}")
        self._delete_id(doc_id)

    # -- reading ---------------------------------------------------------------

    def _ids(self, query: dict[str, Any], size: int = 10) -> list[str]:
        resp = self.client.search(
            index=self.documents, query=query, size=size, source_includes=["id"], sort=[{"id": "asc"}]
        )
        return [h["_source"]["id"] for h in resp["hits"]["hits"]]

    def has(self, doc_id: str) -> bool:
        self.ensure_indices()
        return bool(self._ids({"term": {"id": doc_id}}, size=1))

    def resolve(self, prefix: str) -> str:
        """The full id for an id or a unique prefix of at least 6 characters."""
        if len(prefix) < 6:
            raise DocumentNotFound(f"document id {prefix!r} is too short (give at least 6 characters)")
        self.ensure_indices()
        ids = self._ids({"prefix": {"id": prefix}}, size=2)
        if not ids:
            raise DocumentNotFound(f"no document {prefix!r}")
        if len(ids) > 1 and prefix not in ids:
            raise DocumentNotFound(f"document id {prefix!r} is ambiguous; give more characters")
        return prefix if prefix in ids else ids[0]

    def get(self, doc_id: str) -> dict[str, Any]:
        """The stored document: metadata, source, normalized text, and records."""
        full = self.resolve(doc_id)
        resp = self.client.search(index=self.documents, query={"term": {"id": full}}, size=1)
        hits = resp["hits"]["hits"]
        if not hits:
            raise DocumentNotFound(f"no document {doc_id!r}")
        src = hits[0]["_source"]
        record = dict(src["record"])
        for key in (
            "path",
            "format",
            "encoding",
            "size",
            "repairs",
            "page_starts",
            "text",
            "topics",
            "ingested_at",
        ):
            record[key] = src.get(key)
        return record

    def list(self, limit: int = 100, after: str | None = None) -> list[DocumentSummary]:
        self.ensure_indices()
        kw: dict[str, Any] = {"search_after": [after]} if after else {}
        resp = self.client.search(
            index=self.documents,
            query={"match_all": {}},
            size=limit,
            sort=[{"id": "asc"}],
            source_includes=[
                "id",
                "path",
                "format",
                "doc_type",
                "title",
                "number",
                "issued_date",
                "provinces",
                "counts",
            ],
            **kw,
        )
        return [
            DocumentSummary(
                id=s["id"],
                path=s["path"],
                format=s["format"],
                doc_type=s["doc_type"],
                title=s.get("title"),
                number=s.get("number"),
                issued_date=s.get("issued_date"),
                provinces=tuple(s.get("provinces") or ()),
                counts=dict(s.get("counts") or {}),
            )
            for s in (h["_source"] for h in resp["hits"]["hits"])
        ]

    def count(self) -> int:
        self.ensure_indices()
        return int(self.client.count(index=self.documents)["count"])

    # -- search ----------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Documents matching `query`: the same contract as SqliteStore.search."""
        t0 = time.perf_counter()
        body = search_body(query)
        if body is None:
            return SearchResult((), 0, facets=Facets() if query.facets else None)
        self.ensure_indices()
        resp = self.client.search(index=self.documents, **body)
        parsed = parse_query(query.text)
        hits = []
        for h in resp["hits"]["hits"]:
            s = h["_source"]
            named = set(h.get("matched_queries") or ())
            exact = "exact" in named
            score = (
                float(h.get("_score") or 0.0) - EXACT_BOOST * exact - TOGETHER_BOOST * ("together" in named)
            )
            snippet, start, marks = (
                snippet_of(s.get("text") or "", None if parsed.empty else parsed, query.snippet_chars)
                if query.snippet_chars > 0
                else ("", 0, ())
            )
            hits.append(
                Hit(
                    doc_id=s["id"],
                    title=s.get("title"),
                    doc_type=s.get("doc_type") or "other",
                    number=s.get("number"),
                    issued_date=s.get("issued_date"),
                    provinces=tuple(s.get("provinces") or ()),
                    issuer=s.get("issuer"),
                    source=s.get("source") or "",
                    score=round(score, 6),
                    exact=exact,
                    snippet=snippet,
                    snippet_start=start,
                    highlights=marks,
                )
            )
        total = resp["hits"]["total"]
        facets = facets_from_aggregations(resp.get("aggregations", {})) if query.facets else None
        return SearchResult(
            tuple(hits),
            int(total["value"]),
            total.get("relation") == "gte",
            facets,
            round((time.perf_counter() - t0) * 1000, 3),
        )

    def facets(self, query: SearchQuery) -> Facets:
        body = search_body(SearchQuery(**{**_fields(query), "facets": True, "limit": 0}))
        if body is None:
            return Facets()
        self.ensure_indices()
        return facets_from_aggregations(
            self.client.search(index=self.documents, **body).get("aggregations", {})
        )

    def records(self, kind: RecordKind | str, query: RecordQuery) -> RecordResult:
        """Duties, deadlines or figures matching `query`: the same contract as SqliteStore.records."""
        t0 = time.perf_counter()
        body = records_body(kind, query)
        if body is None:
            return RecordResult((), 0)
        self.ensure_indices()
        resp = self.client.search(index=self.records_index, **body)
        hits = []
        for h in resp["hits"]["hits"]:
            s = h["_source"]
            data = dict(s.get("data") or {})
            data["evidence"] = s.get("evidence") if query.with_evidence else None
            hits.append(
                RecordHit(
                    doc_id=s["doc_id"],
                    kind=s["kind"],
                    idx=int(s["idx"]),
                    text=s.get("text") or "",
                    start=s.get("start"),
                    end=s.get("end"),
                    evidence=data["evidence"],
                    province=s.get("province"),
                    current_province=s.get("current"),
                    agency_kind=s.get("agency_kind"),
                    role=s.get("role"),
                    figure_kind=s.get("figure_kind"),
                    due_start=s.get("due_start"),
                    due_end=s.get("due_end"),
                    value=s.get("value"),
                    topics=tuple(s.get("topics") or ()),
                    data=data,
                    doc_title=s.get("doc_title"),
                    doc_type=s.get("doc_type") or "other",
                    issued_date=s.get("issued_date"),
                    score=1.0 if "together" in (h.get("matched_queries") or ()) else 0.0,
                )
            )
        total = resp["hits"]["total"]
        return RecordResult(
            tuple(hits),
            int(total["value"]),
            total.get("relation") == "gte",
            round((time.perf_counter() - t0) * 1000, 3),
        )


def _fields(q: SearchQuery) -> dict[str, Any]:
    return {name: getattr(q, name) for name in SearchQuery.__dataclass_fields__}


def _transient(err: Exception) -> bool:
    """Connection trouble or an overloaded cluster: worth another try."""
    status = getattr(err, "status_code", None) or getattr(getattr(err, "meta", None), "status", None)
    if status is not None:
        return int(status) in RETRY_STATUSES
    name = type(err).__name__
    return name in {"ConnectionError", "ConnectionTimeout", "TransportError", "TimeoutError"}
