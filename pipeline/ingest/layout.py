"""Shared text layout helpers for readers: tables as pipe rows, soft line wraps joined."""

from __future__ import annotations

import re

# A line that begins a new item even without a blank line before it.
_ITEM_START = re.compile(
    r"^\s*(?:[-+•*–]\s|[a-zđ]\)\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[IVXLC]{1,6}[.)]\s|"
    r"(?:Điều|Chương|Mục|Phần|Phụ lục)\s+[\dIVXLC]+|Căn cứ\s|Số:|Nơi nhận)",
)
_ENDS_CLAUSE = re.compile(r"[.:;!?…)\]\"”]\s*$")


def render_table(rows: list[list[str]]) -> list[str]:
    """Lines for a table: pipe-joined rows, or one paragraph per cell for layout tables.

    Tables of one or two columns are page layout in Vietnamese official documents
    (the issuer/motto header, the signature block), so their cells become paragraphs.
    """
    rows = [row for row in rows if any(c.strip() for c in row)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    if width <= 2:
        # keep the paragraphs inside each layout cell apart
        return [_squash(p) for row in rows for c in row for p in c.split("\n") if p.strip()]
    return [" | ".join(_squash(c) for c in row) for row in rows]


def _squash(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip()


def join_wrapped(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines of one paragraph back into one line.

    A line continues the previous one when the previous one does not end a clause
    and the next one does not start an item; a lower-case start always continues.
    """
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            out.append("")
            continue
        if out and out[-1]:
            prev = out[-1]
            if line[0].islower() or (not _ENDS_CLAUSE.search(prev) and not _ITEM_START.match(line)):
                out[-1] = f"{prev} {line}"
                continue
        out.append(line)
    return out
