"""extract(doc): run the extractors over a document and serialize to SCHEMA.md's shape.

Serialization lives here, in one place: each record's `to_dict()` gives its schema
fields and offsets, and this module adds the evidence sentence.
"""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import Any

from extractors.span import Span, evidence
from pipeline.document import Document

KINDS = ("agencies", "duties", "deadlines", "figures", "references")


def _load(module: str, func: str) -> Any:
    try:
        return getattr(importlib.import_module(f"extractors.{module}"), func)
    except ModuleNotFoundError as err:  # extractor not written yet (development only)
        if err.name == f"extractors.{module}":
            return None
        raise


def extract_document(doc: Document, kinds: tuple[str, ...] = KINDS) -> dict[str, Any]:
    """The document's metadata and records as one SCHEMA.md object."""
    text = doc.text
    out: dict[str, Any] = {
        "source": Path(doc.source.path).name,
        "id": doc.id,
        "doc_type": "other",
        "title": None,
        "number": None,
        "issued_date": None,
        "provinces": [],
    }
    find_metadata = _load("metadata", "find_metadata")
    issued: date | None = None
    if find_metadata is not None:
        meta = find_metadata(text)
        out.update(meta.to_dict())
        issued = meta.issued_date
    results: dict[str, list[Any]] = {}
    find_agencies = _load("agencies", "find_agencies")
    find_deadlines = _load("deadlines", "find_deadlines")
    agencies = find_agencies(text) if find_agencies and ("agencies" in kinds or "duties" in kinds) else []
    deadlines = find_deadlines(text, issued) if find_deadlines and kinds else []
    results["agencies"] = agencies if "agencies" in kinds else []
    results["deadlines"] = deadlines if "deadlines" in kinds else []
    find_figures = _load("figures", "find_figures")
    results["figures"] = find_figures(text, issued) if find_figures and "figures" in kinds else []
    find_references = _load("references", "find_references")
    results["references"] = find_references(text) if find_references and "references" in kinds else []
    find_duties = _load("duties", "find_duties")
    results["duties"] = (
        find_duties(text, agencies=agencies, deadlines=deadlines) if find_duties and "duties" in kinds else []
    )
    for kind in KINDS:
        items = []
        for rec in results.get(kind, []):
            d = rec.to_dict()
            d["evidence"] = evidence(text, rec.span) if isinstance(getattr(rec, "span", None), Span) else None
            items.append(d)
        out[kind] = items
    return out
