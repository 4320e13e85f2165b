"""Extracted documents as JSON lines, both ways: what `vanban extract --jsonl --text` prints and
what `vanban load` stores again without extracting.

A line is the SCHEMA.md record; with `text`, it also carries the document's provenance (`path`,
`format`, `encoding`, `size`, `repairs`, `page_starts`, as `vanban show --json` names them), so
extraction can run anywhere (many machines, one file each) and the index be built in one place.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pipeline.document import Document, Format, Source
from pipeline.errors import PipelineError
from pipeline.run import ProcessedDocument

PROVENANCE = ("path", "format", "encoding", "size", "repairs", "page_starts")
_LISTS = ("agencies", "duties", "deadlines", "figures", "references")
_TEXTS = ("source", "doc_type", "title", "number", "issued_date", "issuer")
_ID = re.compile(r"[0-9a-f]{64}")


def to_json(processed: ProcessedDocument, with_text: bool = False) -> dict[str, Any]:
    """The record of `processed`; `with_text` adds its text and provenance (what `from_json` needs)."""
    record = dict(processed.record)
    if with_text:
        doc = processed.document
        src = doc.source
        record.update(
            path=src.path,
            format=src.format.value,
            encoding=src.encoding,
            size=src.size,
            repairs=list(src.repairs),
            page_starts=list(doc.page_starts),
            text=doc.text,
        )
    return record


def from_json(obj: object) -> ProcessedDocument:
    """A document back from a `to_json(..., with_text=True)` dict; raises ValueError saying what
    is wrong. Provenance that is missing gets defaults (the text as UTF-8, no repairs, one page);
    a missing id becomes the SHA-256 of the text."""
    if not isinstance(obj, dict):
        raise ValueError(f"not a JSON object but {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text' (write it with `vanban extract --jsonl --text`)")
    record = {k: v for k, v in obj.items() if k not in PROVENANCE and k != "text"}
    _check_record(record)
    ident = record.get("id")
    if ident is None:
        ident = record["id"] = hashlib.sha256(text.encode()).hexdigest()
    elif not isinstance(ident, str) or not _ID.fullmatch(ident):
        raise ValueError(f"'id' {ident!r} is not a SHA-256 in hex")
    try:
        fmt = Format(obj.get("format") or Format.TXT.value)
    except ValueError as e:
        raise ValueError(f"unknown 'format' {obj.get('format')!r}") from e
    path = obj.get("path") or record.get("source") or f"{ident[:16]}.txt"
    size = obj.get("size")
    starts = obj.get("page_starts") or [0]
    repairs = obj.get("repairs") or []
    if not isinstance(starts, list) or not all(isinstance(s, int) and 0 <= s <= len(text) for s in starts):
        raise ValueError("'page_starts' is not a list of offsets into the text")
    if not isinstance(repairs, list):
        raise ValueError("'repairs' is not a list")
    source = Source(
        path=str(path),
        format=fmt,
        encoding=str(obj.get("encoding") or "utf-8"),
        size=size if isinstance(size, int) and size >= 0 else len(text.encode()),
        repairs=tuple(str(r) for r in repairs),
    )
    return ProcessedDocument(Document(ident, text, source, tuple(starts)), record)


def _check_record(record: dict[str, Any]) -> None:
    """The types the index relies on (SCHEMA.md): text fields, province names, record lists
    whose offsets are integers and evidence text. Missing lists become empty ones."""
    for key in _TEXTS:
        if not isinstance(record.get(key), str | None):
            raise ValueError(f"'{key}' is not text")
    provinces = record.get("provinces") or []
    if not isinstance(provinces, list) or not all(isinstance(p, str) for p in provinces):
        raise ValueError("'provinces' is not a list of names")
    for kind in _LISTS:
        items = record.get(kind)
        if items is None:
            record[kind] = []
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ValueError(f"'{kind}' is not a list of objects")
        for n, item in enumerate(items):
            for key in ("start", "end"):
                v = item.get(key)
                if v is not None and (not isinstance(v, int) or isinstance(v, bool)):
                    raise ValueError(f"{kind}[{n}].{key} is not an offset")
            if not isinstance(item.get("evidence"), str | None):
                raise ValueError(f"{kind}[{n}].evidence is not text")


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line `read_jsonl` could not turn into a document."""

    path: Path
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}"


def read_jsonl(path: Path, handle: BinaryIO | None = None) -> Iterator[ProcessedDocument | BadLine]:
    """The documents of one JSON-lines file (or of `handle`, an open stream named `path`), in
    order; a line that is not one is a BadLine (blank lines are skipped). Raises PipelineError
    when the file cannot be read at all."""
    if handle is None:
        try:
            handle = path.open("rb")
        except OSError as e:
            raise PipelineError(f"{path}: cannot read ({e.strerror or e})") from e
    with handle:
        for n, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                yield from_json(json.loads(raw))
            except UnicodeDecodeError:
                yield BadLine(path, n, "not UTF-8")
            except json.JSONDecodeError as e:
                yield BadLine(path, n, f"not JSON ({e.msg} at column {e.colno})")
            except ValueError as e:
                yield BadLine(path, n, str(e))
