"""RawText -> Document: after this the text never changes, and every offset points here."""

from __future__ import annotations

import hashlib
import itertools

from pipeline.document import Document, Format, RawText, Source
from pipeline.ingest.boilerplate import strip_furniture
from pipeline.normalize_text import clean_whitespace, fix_decomposed, normalize_tone_marks

_WEB_FORMATS = (Format.TXT, Format.MARKDOWN, Format.HTML)


def normalize(raw: RawText, data: bytes, path: str) -> Document:
    """NFC, one tone-mark convention, clean whitespace, no furniture; page starts kept."""
    repairs = list(raw.repairs)
    bounds = [*raw.page_starts, len(raw.text)]
    pages = [raw.text[a:b] for a, b in itertools.pairwise(bounds)] or [raw.text]
    fixed_marks = 0
    furniture_lines = 0
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    for page in pages:
        page, n = fix_decomposed(page)
        fixed_marks += n
        before = page
        page = normalize_tone_marks(page)
        tone_changed = page != before
        if raw.format in _WEB_FORMATS:
            page, dropped = strip_furniture(page)
            furniture_lines += dropped
        page = clean_whitespace(page).strip()
        if tone_changed and "tone marks placed on the main vowel (hoà → hòa, Uỷ → Ủy)" not in repairs:
            repairs.append("tone marks placed on the main vowel (hoà → hòa, Uỷ → Ủy)")
        if not page:
            continue
        starts.append(pos)
        chunk = page + "\n\n"
        out.append(chunk)
        pos += len(chunk)
    if fixed_marks:
        repairs.append(f"{fixed_marks} decomposed (NFD) characters composed")
    if furniture_lines:
        repairs.append(f"{furniture_lines} lines of site furniture removed")
    text = "".join(out).rstrip("\n")
    source = Source(
        path=path, format=raw.format, encoding=raw.encoding, size=len(data), repairs=tuple(repairs)
    )
    return Document(id=document_id(data), text=text, source=source, page_starts=tuple(starts) or (0,))


def document_id(data: bytes) -> str:
    """The document's identity: sha256 of its source bytes."""
    return hashlib.sha256(data).hexdigest()
