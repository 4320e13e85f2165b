"""Plain text and Markdown readers (including thuvienphapluat page conversions)."""

from __future__ import annotations

import re

from pipeline.document import Format, RawText
from pipeline.ingest.encoding import decode
from pipeline.ingest.layout import join_wrapped, render_table


def read_txt(data: bytes, name: str) -> RawText:
    """Decode a text file; paragraphs keep their breaks, wrapped lines are joined."""
    decoded = decode(data, name)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    lines = join_wrapped(text.split("\n")) if _looks_wrapped(text) else text.split("\n")
    return RawText("\n".join(lines), Format.TXT, decoded.encoding, decoded.repairs)


def _looks_wrapped(text: str) -> bool:
    """True when most lines end mid-sentence (a hard-wrapped file)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 5:
        return False
    cut = sum(1 for ln in lines if not re.search(r"[.:;!?…\"”)]\s*$", ln))
    return cut / len(lines) > 0.5


_BOLD = re.compile(r"\*{1,3}|(?<!\w)_{2}(?!\w)")
_HEADING = re.compile(r"^#{1,6}\s*")
_RULE = re.compile(r"^\s*(?:-{3,}|_{3,}|={3,})\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def read_markdown(data: bytes, name: str) -> RawText:
    """Decode Markdown: strip emphasis, render tables as pipe rows, join soft wraps.

    Two table syntaxes occur: standard `| a | b |` rows, and the flattened form of
    the thuvienphapluat conversions where a line holding only `|` closes a cell and
    two such lines in a row close a table row.
    """
    decoded = decode(data, name)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    para: list[str] = []
    cells: list[str] = []
    rows: list[list[str]] = []
    cell_lines: list[str] = []
    in_table = False
    last_pipe = False

    def flush_para() -> None:
        if para:
            out.extend(join_wrapped(para))
            para.clear()

    def close_table() -> None:
        nonlocal in_table
        if cells:
            rows.append(cells.copy())
            cells.clear()
        out.extend(render_table(rows))
        rows.clear()
        in_table = False

    for raw in text.split("\n"):
        line = _HEADING.sub("", _BOLD.sub("", raw)).rstrip()
        if line.strip() == "|":
            flush_para()
            in_table = True
            if cell_lines:
                cells.append(" ".join(s.strip() for s in cell_lines))
                cell_lines.clear()
            elif last_pipe and cells:
                rows.append(cells.copy())
                cells.clear()
            last_pipe = True
            continue
        last_pipe = False
        if _PIPE_ROW.match(line) and not in_table:
            flush_para()
            if not _PIPE_SEP.match(line):
                rows.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        if rows and not in_table and not _PIPE_ROW.match(line):
            close_table()
        if in_table:
            if line.strip() and not _RULE.match(line):
                cell_lines.append(line)
            elif not line.strip() and not cell_lines:
                # a blank line right after a closed cell ends the table
                close_table()
            continue
        if _RULE.match(line):
            flush_para()
            continue
        if not line.strip():
            flush_para()
            out.append("")
            continue
        para.append(line)
    flush_para()
    if cell_lines:
        cells.append(" ".join(s.strip() for s in cell_lines))
    if rows or cells:
        close_table()
    return RawText("\n".join(out), Format.MARKDOWN, decoded.encoding, decoded.repairs)
