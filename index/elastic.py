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
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from index.fields import IndexedDocument, index_fields, record_sort_key
from index.query import (
    Facets,
    Hit,
    ParsedQuery,
    RecordHit,
    RecordKind,
    RecordQuery,
    RecordResult,
    SearchQuery,
    SearchResult,
    Sort,
    clamp_limit,
    parse_query,
    synonyms,
    tokenize,
)
from index.search_sqlite import (
    MAX_OFFSET,
    TITLE_WEIGHT,
    province_filter,
    record_kind,
    snippet_of,
    topic_slugs,
)
from index.store import AddOutcome, DocumentSummary
from pipeline.errors import DocumentNotFound, StoreError
from pipeline.normalize_text import normalize_tone_marks
from pipeline.run import ProcessedDocument
from pipeline.settings import Settings

log = logging.getLogger(__name__)

EXACT_BOOST = 1000.0  # constant scores that put tiers above any BM25 score
TOGETHER_BOOST = 2000.0
RETRY_STATUSES = frozenset({429, 502, 503, 504})
FACET_SIZE = 100


# --------------------------------------------------------------------------- templates


def analysis() -> dict[str, Any]:
    """The Vietnamese analysis settings shared by both indices."""
    tone_rules = [f"{old} => {normalize_tone_marks(old)}" for old in _old_tones()]
    synonym_rules = []
    for forms in synonyms().classes:
        folded = sorted({" ".join(f.folded) for f in forms})
        if len(folded) > 1:
            synonym_rules.append(", ".join(folded))
    return {
        "char_filter": {
            "vi_tones": {"type": "mapping", "mappings": tone_rules},
            "vi_d": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]},
            # FTS5's unicode61 splits "TP.HCM" and "a_b"; UAX#29 would keep them whole
            "vi_split": {"type": "pattern_replace", "pattern": "[._'’]", "replacement": " "},
        },
        "filter": {
            "vi_fold_keep": {"type": "asciifolding", "preserve_original": True},
            "vi_fold": {"type": "asciifolding", "preserve_original": False},
            "vi_synonyms": {"type": "synonym_graph", "synonyms": synonym_rules, "lenient": True},
        },
        "analyzer": {
            "vi_index": {
                "type": "custom",
                "char_filter": ["vi_tones", "vi_d", "vi_split"],
                "tokenizer": "standard",
                "filter": ["lowercase", "vi_fold_keep"],
            },
            "vi_folded": {
                "type": "custom",
                "char_filter": ["vi_tones", "vi_d", "vi_split"],
                "tokenizer": "standard",
                "filter": ["lowercase", "vi_fold"],
            },
            "vi_exact": {
                "type": "custom",
                "char_filter": ["vi_tones", "vi_split"],
                "tokenizer": "standard",
                "filter": ["lowercase"],
            },
            "vi_search_synonyms": {
                "type": "custom",
                "char_filter": ["vi_tones", "vi_d", "vi_split"],
                "tokenizer": "standard",
                "filter": ["lowercase", "vi_fold", "vi_synonyms"],
            },
        },
        "normalizer": {
            "vi_keyword": {
                "type": "custom",
                "char_filter": ["vi_d"],
                "filter": ["lowercase", "asciifolding"],
            },
        },
    }


def _old_tones() -> list[str]:
    """Old-style tone placements (oà, uỷ, OÀ …) that `normalize_tone_marks` rewrites."""
    import unicodedata

    out = []
    for first, seconds in (("o", "ae"), ("u", "y")):
        for f in (first, first.upper()):
            for second in seconds + seconds.upper():
                for tone in "\u0300\u0301\u0309\u0303\u0323":
                    old = f + unicodedata.normalize("NFC", second + tone)
                    if normalize_tone_marks(old) != old:
                        out.append(old)
    return sorted(out)


def _text(with_keyword: bool = False) -> dict[str, Any]:
    fields: dict[str, Any] = {"exact": {"type": "text", "analyzer": "vi_exact"}}
    if with_keyword:
        fields["keyword"] = {"type": "keyword", "ignore_above": 512}
    return {"type": "text", "analyzer": "vi_index", "search_analyzer": "vi_folded", "fields": fields}


KEYWORD = {"type": "keyword"}
DOCUMENT_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "id": KEYWORD,
        "path": KEYWORD,
        "source": KEYWORD,
        "format": KEYWORD,
        "encoding": KEYWORD,
        "size": {"type": "long"},
        "doc_type": KEYWORD,
        "title": _text(with_keyword=True),
        "text": _text(),
        "number": KEYWORD,
        "issued_date": {"type": "date", "format": "strict_date"},
        "year": {"type": "integer"},
        "issuer": {"type": "keyword", "fields": {"words": {"type": "text", "analyzer": "vi_folded"}}},
        "provinces": KEYWORD,
        "current_provinces": KEYWORD,
        "topics": KEYWORD,
        "agency_kinds": KEYWORD,
        "roles": KEYWORD,
        "figure_kinds": KEYWORD,
        "ingested_at": {"type": "date"},
        "counts": {"type": "object", "enabled": False},
        "record": {"type": "object", "enabled": False},
        "repairs": {"type": "object", "enabled": False},
        "page_starts": {"type": "object", "enabled": False},
    },
}
RECORD_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "doc_id": KEYWORD,
        "kind": KEYWORD,
        "idx": {"type": "integer"},
        "sort_key": KEYWORD,
        "text": {"type": "text", "analyzer": "vi_index", "search_analyzer": "vi_folded"},
        "actor": {"type": "text", "analyzer": "vi_index", "search_analyzer": "vi_folded"},
        "subject": {
            "type": "text",
            "analyzer": "vi_index",
            "search_analyzer": "vi_folded",
            "fields": {"keyword": {"type": "keyword", "normalizer": "vi_keyword"}},
        },
        "body": {"type": "text", "analyzer": "vi_index", "search_analyzer": "vi_folded"},
        "agency_kind": KEYWORD,
        "role": KEYWORD,
        "figure_kind": KEYWORD,
        "province": KEYWORD,
        "current": KEYWORD,
        "due_start": {"type": "date", "format": "strict_date"},
        "due_end": {"type": "date", "format": "strict_date"},
        "due": {"type": "date", "format": "strict_date"},
        "value": {"type": "double"},
        "topics": KEYWORD,
        "start": {"type": "integer"},
        "end": {"type": "integer"},
        "evidence": {"type": "text", "index": False},
        "data": {"type": "object", "enabled": False},
        "doc_title": {"type": "text", "index": False},
        "doc_type": KEYWORD,
        "issued_date": {"type": "date", "format": "strict_date"},
        "year": {"type": "integer"},
    },
}


def index_templates(prefix: str) -> dict[str, dict[str, Any]]:
    """{template name: put_index_template arguments} for the documents and records indices."""
    settings = {"analysis": analysis(), "number_of_shards": 1}
    return {
        f"{prefix}-documents": {
            "index_patterns": [f"{prefix}-documents*"],
            "priority": 200,
            "template": {"settings": settings, "mappings": DOCUMENT_MAPPING},
        },
        f"{prefix}-records": {
            "index_patterns": [f"{prefix}-records*"],
            "priority": 200,
            "template": {"settings": settings, "mappings": RECORD_MAPPING},
        },
    }


# --------------------------------------------------------------------------- sources


def document_source(processed: ProcessedDocument, ix: IndexedDocument) -> dict[str, Any]:
    """The `_source` of one document (the whole record kept, unindexed, for `get`)."""
    doc, rec = processed.document, processed.record
    terms: dict[str, list[str]] = {"agency_kind": [], "role": [], "figure_kind": []}
    for field, value in ix.terms:
        if field in terms:
            terms[field].append(value)
    return {
        "id": doc.id,
        "path": doc.source.path,
        "source": str(rec.get("source")),
        "format": doc.source.format.value,
        "encoding": doc.source.encoding,
        "size": doc.source.size,
        "doc_type": rec.get("doc_type") or "other",
        "title": rec.get("title"),
        "text": doc.text,
        "number": rec.get("number"),
        "issued_date": rec.get("issued_date"),
        "year": ix.year,
        "issuer": rec.get("issuer"),
        "provinces": list(ix.provinces),
        "current_provinces": list(ix.current_provinces),
        "topics": list(ix.topics),
        "agency_kinds": terms["agency_kind"],
        "roles": terms["role"],
        "figure_kinds": terms["figure_kind"],
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "counts": ix.counts,
        "record": rec,
        "repairs": list(doc.source.repairs),
        "page_starts": list(doc.page_starts),
    }


def record_sources(processed: ProcessedDocument, ix: IndexedDocument) -> list[tuple[str, dict[str, Any]]]:
    """(`_id`, `_source`) of each duty, deadline and figure of one document."""
    doc, rec = processed.document, processed.record
    raw = rec.get("issued_date")
    issued = raw if isinstance(raw, str) else None
    out = []
    for r in ix.records:
        actor, subject, body = r.search_fields()
        out.append(
            (
                f"{doc.id}-{r.kind}-{r.idx}",
                {
                    "doc_id": doc.id,
                    "kind": r.kind,
                    "idx": r.idx,
                    "sort_key": record_sort_key(issued, doc.id, r.idx),
                    "text": r.text,
                    "actor": actor,
                    "subject": subject,
                    "body": body,
                    "agency_kind": r.agency_kind,
                    "role": r.role,
                    "figure_kind": r.figure_kind,
                    "province": r.province,
                    "current": r.current,
                    "due_start": r.due_start,
                    "due_end": r.due_end,
                    "due": r.due,
                    "value": r.value,
                    "topics": list(r.topics),
                    "start": r.start,
                    "end": r.end,
                    "evidence": r.evidence,
                    "data": r.item,
                    "doc_title": rec.get("title"),
                    "doc_type": rec.get("doc_type") or "other",
                    "issued_date": issued,
                    "year": ix.year,
                },
            )
        )
    return out


def bulk_operations(prefix: str, processed: ProcessedDocument, ix: IndexedDocument) -> list[dict[str, Any]]:
    """The bulk action/source lines that index one document and its records."""
    ops: list[dict[str, Any]] = [
        {"index": {"_index": f"{prefix}-documents", "_id": processed.document.id}},
        document_source(processed, ix),
    ]
    for rid, source in record_sources(processed, ix):
        ops += [{"index": {"_index": f"{prefix}-records", "_id": rid}}, source]
    return ops


# --------------------------------------------------------------------------- queries


def _phrase(field: str, tokens: tuple[str, ...]) -> dict[str, Any]:
    return {"match_phrase": {field: {"query": " ".join(tokens), "analyzer": "vi_folded"}}}


def _group_query(alternatives: list[tuple[str, ...]], fields: dict[str, float]) -> dict[str, Any]:
    """Any alternative phrase in any field (BM25 per field, weighted)."""
    should = []
    for tokens in alternatives:
        for field, boost in fields.items():
            q = _phrase(field, tokens)
            if boost != 1.0:
                q["match_phrase"][field]["boost"] = boost
            should.append(q)
    return {"bool": {"should": should, "minimum_should_match": 1}}


def text_query(parsed: ParsedQuery, fields: dict[str, float]) -> list[dict[str, Any]]:
    """One `must` clause per group of the parsed query (every group must match)."""
    return [_group_query([p.folded for p in g.alternatives], fields) for g in parsed.groups]


def _exact_query(parsed: ParsedQuery) -> dict[str, Any] | None:
    musts = []
    for g in parsed.groups:
        if not g.typed.accented:
            continue
        should = [
            {
                "multi_match": {
                    "query": " ".join(p.exact),
                    "fields": ["title.exact", "text.exact"],
                    "type": "cross_fields",
                    "operator": "and",
                    "analyzer": "vi_exact",
                }
            }
            for p in g.alternatives
        ]
        musts.append({"bool": {"should": should, "minimum_should_match": 1}})
    return {"bool": {"must": musts}} if musts else None


def _together_query(
    parsed: ParsedQuery, fields: tuple[str, ...] = ("title", "text")
) -> dict[str, Any] | None:
    runs = parsed.adjacent_runs()
    if all(len(r) < 2 for r in runs):
        return None
    weights = dict.fromkeys(fields, 1.0)
    musts = []
    for run in runs:
        if len(run) >= 2:
            musts.append(_group_query([tuple(g.typed.folded[0] for g in run)], weights))
        else:
            musts.append(_group_query([p.folded for p in run[0].alternatives], weights))
    return {"bool": {"must": musts}}


def _doc_filters(q: SearchQuery) -> list[dict[str, Any]]:
    f: list[dict[str, Any]] = []
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        f.append({"terms": {"provinces" if column == "province" else "current_provinces": list(values)}})
    if q.doc_types:
        f.append({"terms": {"doc_type": list(q.doc_types)}})
    if q.year_from is not None or q.year_to is not None:
        bounds = {k: v for k, v in (("gte", q.year_from), ("lte", q.year_to)) if v is not None}
        f.append({"range": {"year": bounds}})
    if q.issuer and tokenize(q.issuer):
        f.append({"match_phrase": {"issuer.words": {"query": q.issuer, "analyzer": "vi_folded"}}})
    for field, values in (
        ("agency_kinds", q.agency_kinds),
        ("roles", q.roles),
        ("figure_kinds", q.figure_kinds),
        ("topics", topic_slugs(q.topics)),
    ):
        if values:
            f.append({"terms": {field: list(values)}})
    return f


FACET_FIELDS = {
    "provinces": "provinces",
    "current_provinces": "current_provinces",
    "doc_types": "doc_type",
    "years": "year",
    "issuers": "issuer",
    "agency_kinds": "agency_kinds",
    "roles": "roles",
    "figure_kinds": "figure_kinds",
    "topics": "topics",
}


def facet_aggs() -> dict[str, Any]:
    return {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACET_FIELDS.items()}


def search_body(q: SearchQuery) -> dict[str, Any] | None:
    """The search request for `q` (None when its text holds no words: nothing can match)."""
    parsed = parse_query(q.text)
    if parsed.empty and q.text.strip():
        return None
    filters = _doc_filters(q)
    if parsed.empty:
        query: dict[str, Any] = {"bool": {"filter": filters}} if filters else {"match_all": {}}
    else:
        should = []
        exact = _exact_query(parsed)
        if exact is not None:
            should.append({"constant_score": {"filter": exact, "boost": EXACT_BOOST, "_name": "exact"}})
        together = _together_query(parsed) if q.sort == Sort.RELEVANCE else None
        if together is not None:
            should.append(
                {"constant_score": {"filter": together, "boost": TOGETHER_BOOST, "_name": "together"}}
            )
        query = {
            "bool": {
                "must": text_query(parsed, {"title": TITLE_WEIGHT, "text": 1.0}),
                "filter": filters,
                "should": should,
            }
        }
    if q.sort == Sort.DATE:
        sort: list[Any] = [{"issued_date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    elif q.sort == Sort.DATE_ASC:
        sort = [{"issued_date": {"order": "asc", "missing": "_last"}}, {"id": "desc"}]
    else:
        sort = (
            ["_score", {"id": "asc"}]
            if not parsed.empty
            else [{"issued_date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
        )
    body: dict[str, Any] = {
        "query": query,
        "sort": sort,
        "size": clamp_limit(q.limit),
        "from": max(0, min(int(q.offset), MAX_OFFSET)),
        "track_total_hits": True,
        "track_scores": True,
        "source": {
            "includes": [
                "id",
                "title",
                "doc_type",
                "number",
                "issued_date",
                "provinces",
                "issuer",
                "source",
                "text",
            ]
        },
    }
    if q.facets:
        body["aggs"] = facet_aggs()
    return body


def records_body(kind: RecordKind | str, q: RecordQuery) -> dict[str, Any] | None:
    """The search request over the records index (None when a text part holds no words)."""
    k = record_kind(kind)
    f: list[dict[str, Any]] = [{"term": {"kind": k.value}}]
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        f.append({"terms": {column: list(values)}})
    for field, values in (
        ("agency_kind", q.agency_kinds),
        ("role", q.roles),
        ("figure_kind", q.figure_kinds),
        ("topics", topic_slugs(q.topics)),
        ("doc_type", q.doc_types),
    ):
        if values:
            f.append({"terms": {field: list(values)}})
    if q.due_after is not None or q.due_before is not None:
        bounds = {
            k2: v.isoformat() for k2, v in (("gte", q.due_after), ("lte", q.due_before)) if v is not None
        }
        f.append({"range": {"due": bounds}})
    if q.year_from is not None or q.year_to is not None:
        f.append(
            {
                "range": {
                    "year": {k2: v for k2, v in (("gte", q.year_from), ("lte", q.year_to)) if v is not None}
                }
            }
        )
    if q.doc_id:
        f.append(
            {
                "bool": {
                    "should": [{"term": {"doc_id": q.doc_id}}, {"prefix": {"doc_id": q.doc_id}}]
                    if len(q.doc_id) >= 6
                    else [{"term": {"doc_id": q.doc_id}}],
                    "minimum_should_match": 1,
                }
            }
        )
    must: list[dict[str, Any]] = []
    ranked = False
    for field, value in (("body", q.text), ("actor", q.agency), ("subject", q.subject)):
        if value is None or not value.strip():
            continue
        parsed = parse_query(
            value if field == "body" else '"' + value.replace('"', " ") + '"'
        )  # names: phrases
        if parsed.empty:
            return None
        must += text_query(parsed, {field: 1.0})
        ranked = ranked or field == "body"
    query: dict[str, Any] = {"bool": {"must": [{"constant_score": {"filter": m}} for m in must], "filter": f}}
    by_due = q.due_after is not None or q.due_before is not None
    sort: list[Any] = (
        [{"due": {"order": "asc", "missing": "_last"}}, {"sort_key": "asc"}]
        if by_due
        else [{"sort_key": "asc"}]
    )
    if ranked:  # records holding the typed words side by side first, as SQLite ranks them
        parsed = parse_query(q.text)
        if parsed.fts_adjacent():
            together = {
                "constant_score": {
                    "filter": _together_query(parsed, ("body",)),
                    "boost": 1.0,
                    "_name": "together",
                }
            }
            query["bool"]["should"] = [together]
            sort = ["_score", *sort]
    return {
        "query": query,
        "sort": sort,
        "size": clamp_limit(q.limit),
        "from": max(0, min(int(q.offset), MAX_OFFSET)),
        "track_total_hits": True,
        "track_scores": True,
    }


def _facets(aggs: dict[str, Any]) -> Facets:
    values: dict[str, dict[Any, int]] = {}
    for name in FACET_FIELDS:
        buckets = aggs.get(name, {}).get("buckets", [])
        pairs = [(b["key"], int(b["doc_count"])) for b in buckets if b.get("key") not in (None, "")]
        values[name] = dict(sorted(pairs, key=lambda kv: (-kv[1], str(kv[0]))))
    return Facets(
        provinces=values["provinces"],
        current_provinces=values["current_provinces"],
        doc_types=values["doc_types"],
        years=values["years"],
        issuers=values["issuers"],
        agency_kinds=values["agency_kinds"],
        roles=values["roles"],
        figure_kinds=values["figure_kinds"],
        topics=values["topics"],
    )


# --------------------------------------------------------------------------- the store


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
        facets = _facets(resp.get("aggregations", {})) if query.facets else None
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
        return _facets(self.client.search(index=self.documents, **body).get("aggregations", {}))

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
