"""extract(doc): run the extractors over a document and serialize to SCHEMA.md's shape.

Serialization lives here, in one place: each record's `to_dict()` gives its schema
fields and offsets; this module adds the evidence sentence, lists agencies once per
surface form (as SCHEMA.md asks), and gives each duty its actor's kind and the
resolved date of its deadline so that the index can filter on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractors.agencies import Agency, find_agencies
from extractors.deadlines import Deadline, find_deadlines
from extractors.duties import Duty, find_duties
from extractors.figures import find_figures
from extractors.metadata import find_metadata
from extractors.places import current_province
from extractors.references import find_references
from extractors.span import Span, evidence
from extractors.topics import document_topics, own_topics
from pipeline.document import Document

KINDS = ("agencies", "duties", "deadlines", "figures", "references")


def extract_document(doc: Document, kinds: tuple[str, ...] = KINDS) -> dict[str, Any]:
    """The document's metadata and records as one SCHEMA.md object (plus offsets and evidence)."""
    text = doc.text
    meta = find_metadata(text)
    out: dict[str, Any] = {"source": Path(doc.source.path).name, "id": doc.id, **meta.to_dict()}
    # as written at the document's date, and the province each belongs to after the 2025 merger
    out["provinces_current"] = sorted({current_province(p) or p for p in out["provinces"]})
    agencies = find_agencies(text)
    deadlines = find_deadlines(text, meta.issued_date)
    records: dict[str, Sequence[Any]] = {
        "agencies": agencies,
        "deadlines": deadlines,
        "figures": find_figures(text, meta.issued_date) if "figures" in kinds else [],
        "references": find_references(text) if "references" in kinds else [],
        "duties": find_duties(text, agencies=agencies, deadlines=deadlines) if "duties" in kinds else [],
    }
    for kind in KINDS:
        items = [_with_evidence(text, rec) for rec in records[kind]] if kind in kinds else []
        if kind == "agencies":
            items = _distinct_forms(items)
        elif kind == "duties":
            items = [
                _enrich_duty(d, rec, agencies, deadlines) for d, rec in zip(items, records[kind], strict=True)
            ]
        out[kind] = items
    # topics from the taxonomy (extractors/data/topics.tsv): each duty's and figure's own, and the
    # document's; computed once here so that indexing a stored record never re-classifies it
    own = []
    for kind in ("duties", "figures"):
        for item in out[kind]:
            item["topics"] = list(own_topics(item))
            own.append(item["topics"])
    out["topics"] = list(document_topics(out.get("title"), own, text))
    return out


def _with_evidence(text: str, rec: Any) -> dict[str, Any]:
    d: dict[str, Any] = rec.to_dict()
    span = getattr(rec, "span", None)
    d["evidence"] = evidence(text, span) if isinstance(span, Span) else None
    return d


def _distinct_forms(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per distinct surface form, with how often it occurs."""
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        key = " ".join(str(item["text"]).lower().split())
        if key in seen:
            seen[key]["mentions"] += 1
        else:
            seen[key] = {**item, "mentions": 1}
    return list(seen.values())


def _enrich_duty(
    item: dict[str, Any], duty: Duty, agencies: list[Agency], deadlines: list[Deadline]
) -> dict[str, Any]:
    """Add the actor's kind, level and province, and the deadline's resolved dates."""
    actor = duty.actor_span
    if actor is not None:
        match = next((a for a in agencies if a.span.start >= actor.start and a.span.end <= actor.end), None)
        if match is not None:
            item["actor_kind"] = match.kind.value
            item["actor_level"] = match.level
            item["actor_province"] = match.province
    if duty.deadline:
        inside = [d for d in deadlines if d.span.text == duty.deadline]
        near = min(inside, key=lambda d: abs(d.span.start - duty.span.start), default=None)
        if near is not None:
            item["deadline_start"] = near.start.isoformat() if near.start else None
            item["deadline_end"] = near.end.isoformat() if near.end else None
    return item
