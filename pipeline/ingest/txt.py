"""Plain text and Markdown readers (including thuvienphapluat page conversions)."""

from __future__ import annotations

import itertools
import re

from pipeline.document import Format, RawText
from pipeline.ingest.encoding import decode
from pipeline.ingest.layout import PARAGRAPH_MARK, join_wrapped, render_table


def read_txt(data: bytes, name: str) -> RawText:
    """Decode a text file; paragraphs keep their breaks, wrapped lines are joined."""
    decoded = decode(data, name)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    lines = join_wrapped(text.split("\n")) if _looks_wrapped(text) else text.split("\n")
    return RawText("\n".join(lines), Format.TXT, decoded.encoding, decoded.repairs)


def _looks_wrapped(text: str) -> bool:
    """True when many lines continue on the next one mid-sentence (a hard-wrapped file).

    Menus and headlines also lack final punctuation, so the test is that the next
    line goes on in lower case.
    """
    lines = text.split("\n")
    nonempty = sum(1 for ln in lines if ln.strip())
    if nonempty < 5:
        return False
    wrapped = sum(
        1
        for a, b in itertools.pairwise(lines)
        if a.strip() and b.strip() and b.lstrip()[0].islower() and not re.search(r"[.:;!?…]\s*$", a)
    )
    return wrapped / nonempty > 0.25


_BOLD = re.compile(r"\*{1,3}|(?<!\w)_{2}(?!\w)")
_HEADING = re.compile(r"^#{1,6}\s*")
_RULE = re.compile(r"^\s*(?:-{3,}|_{3,}|={3,})\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def read_markdown(data: bytes, name: str) -> RawText:
    """Decode Markdown: strip emphasis, render tables, join soft wraps.

    Two table syntaxes occur: standard `| a | b |` rows, and the flattened form of
    the law-portal conversions where a line holding only `|` closes a cell and two
    such lines in a row close a table row. A line that opens with emphasis starts a
    paragraph (the conversions wrap lines anywhere, but keep bold at paragraph starts).
    """
    decoded = decode(data, name)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    para: list[str] = []
    rows: list[list[str]] = []
    cells: list[str] = []
    cell: list[str] = []
    in_table = False
    pipe_table = False
    last_pipe = False

    def flush_para() -> None:
        if para:
            out.extend(join_wrapped(para))
            para.clear()

    def close_cell() -> None:
        if cell:
            cells.append("\n".join(ln for ln in join_wrapped(cell) if ln))
            cell.clear()

    def close_table() -> None:
        nonlocal in_table, pipe_table
        close_cell()
        if cells:
            rows.append(cells.copy())
            cells.clear()
        out.extend(render_table(rows))
        rows.clear()
        in_table = pipe_table = False

    for raw in text.split("\n"):
        stripped = raw.strip()
        marked = stripped.startswith(("*", "#"))
        line = _HEADING.sub("", _BOLD.sub("", raw)).rstrip()
        if marked and line.strip():
            line = PARAGRAPH_MARK + line
        if stripped == "|":
            flush_para()
            in_table = True
            if cell:
                close_cell()
            elif last_pipe and cells:
                rows.append(cells.copy())
                cells.clear()
            last_pipe = True
            continue
        last_pipe = False
        if _PIPE_ROW.match(stripped) and (pipe_table or not in_table):
            flush_para()
            in_table = pipe_table = True
            if not _PIPE_SEP.match(stripped):
                rows.append([c.strip() for c in _BOLD.sub("", stripped).strip("|").split("|")])
            continue
        if pipe_table:
            close_table()
        if in_table:
            if not line.strip() and not cell:
                close_table()  # a blank line right after a closed cell ends the table
            elif line.strip() and not _RULE.match(line):
                cell.append(line)
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
    if in_table:
        close_table()
    return RawText("\n".join(out), Format.MARKDOWN, decoded.encoding, decoded.repairs)
