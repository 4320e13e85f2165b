"""Shared text layout helpers for readers: tables as pipe rows, soft line wraps joined."""

from __future__ import annotations

import re

# A line that begins a new item even without a blank line before it.
_ITEM_START = re.compile(
    r"^\s*(?:[-+•*–]\s|[a-zđ]\)\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[IVXLC]{1,6}[.)]\s|"
    r"(?:Điều|Chương|Mục|Phần|Phụ lục)\s+[\dIVXLC]+|Căn cứ\s|Số:|Nơi nhận)",
)
# "giai đoạn 2026" / "- 2030": a range cut at its dash, not a list item
_RANGE_TAIL = re.compile(r"^[-–]\s*\d{1,4}\b")
_ENDS_CLAUSE = re.compile(r"[.:;!?…)\]\"”]\s*$")


_LAYOUT_CELL_CHARS = 1000


def render_table(rows: list[list[str]]) -> list[str]:
    """Lines for a table: pipe-joined rows, or one paragraph per cell for layout rows.

    Tables of one or two columns are page layout in Vietnamese official documents
    (the issuer/motto header, the signature block), and so is a row with a cell
    holding a whole document body: their cells become paragraphs.
    """
    rows = [row for row in rows if any(c.strip() for c in row)]
    data_rows = [r for r in rows if all(len(c) <= _LAYOUT_CELL_CHARS for c in r)]
    width = max((len(r) for r in data_rows), default=0)
    lines: list[str] = []
    for row in rows:
        if width <= 2 or row not in data_rows or len(row) <= 1:
            # keep the paragraphs inside each layout cell apart
            lines.extend(_squash(p) for c in row for p in c.split("\n") if p.strip())
        else:
            lines.append(" | ".join(_squash(c) for c in row))
    return lines


def _squash(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip()


PARAGRAPH_MARK = "\ue000"  # a reader's hint that a line starts a paragraph (e.g. it opened with bold)


def join_wrapped(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines of one paragraph back into one line.

    A line continues the previous one when the previous one does not end a clause
    and the next one does not start an item; a lower-case start always continues.
    A line starting with PARAGRAPH_MARK never continues.
    """
    out: list[str] = []
    for raw in lines:
        marked = raw.lstrip().startswith(PARAGRAPH_MARK)
        line = raw.replace(PARAGRAPH_MARK, "").strip()
        if not line:
            out.append("")
            continue
        if out and out[-1] and not marked:
            prev = out[-1]
            if (
                line[0].islower()
                or (_RANGE_TAIL.match(line) and prev[-1].isdigit())
                or (not _ENDS_CLAUSE.search(prev) and not _ITEM_START.match(line))
            ):
                out[-1] = f"{prev} {line}"
                continue
        out.append(line)
    return out
