"""What the Elasticsearch store indexes: each document's and record's `_source`, and the bulk
action lines that carry them (`ElasticStore.bulk` in `index/elastic.py` sends and retries them).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from index.fields import IndexedDocument, record_sort_key
from pipeline.run import ProcessedDocument


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
