"""HTML reader: the main content block, with paragraphs and tables kept apart."""

from __future__ import annotations

import html as htmllib
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.document import Format, RawText
from pipeline.errors import EmptyDocument
from pipeline.ingest.encoding import decode
from pipeline.ingest.layout import render_table

_DROP = "script,style,noscript,template,svg,iframe,form,button,select,input,nav,header,footer,aside"
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
    "address",
    "figure",
    "figcaption",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def read_html(data: bytes, name: str) -> RawText:
    """Text of the page's main content block (the deepest element holding most of the text)."""
    decoded = decode(data, name)
    repairs = list(decoded.repairs)
    source = decoded.text
    if "&#" in source:
        repairs.append("numeric character references resolved")
    tree = LexborHTMLParser(source)
    for node in tree.css(_DROP):
        node.decompose()
    body = tree.body
    if body is None:
        raise EmptyDocument(f"{name}: HTML page has no body")
    main = _main_block(body)
    lines: list[str] = []
    _walk(main, lines)
    text = "\n".join(_tidy(lines))
    if not text.strip():
        raise EmptyDocument(f"{name}: HTML page holds no text")
    return RawText(htmllib.unescape(text), Format.HTML, decoded.encoding, tuple(repairs))


def _text_len(node: LexborNode) -> int:
    return len(node.text(deep=True, strip=True))


def _main_block(body: LexborNode) -> LexborNode:
    """Descend while one child element holds at least 80% of the current text."""
    node = body
    total = _text_len(node)
    while total:
        best, best_len = None, 0
        child = node.child
        while child is not None:
            if child.tag not in ("-text", "-comment"):
                n = _text_len(child)
                if n > best_len:
                    best, best_len = child, n
            child = child.next
        if best is None or best_len < 0.8 * total or best.tag in ("table", "p"):
            break
        node, total = best, best_len
    return node


def _walk(node: LexborNode, lines: list[str]) -> None:
    child = node.child
    buf: list[str] = []

    def flush() -> None:
        if buf:
            lines.append("".join(buf))
            buf.clear()

    while child is not None:
        tag = child.tag
        if tag == "-text":
            buf.append(child.text_content or "")
        elif tag == "br":
            flush()
        elif tag == "table":
            flush()
            lines.extend(render_table(_rows(child)))
        elif tag in _BLOCK:
            flush()
            _walk(child, lines)
        elif tag != "-comment":
            buf.append(child.text(deep=True, separator="", strip=False))
        child = child.next
    flush()


def _rows(table: LexborNode) -> list[list[str]]:
    rows = []
    for tr in table.css("tr"):
        cells = [_cell_text(td) for td in tr.css("td,th")]
        rows.append(cells)
    return rows


def _cell_text(td: LexborNode) -> str:
    """A cell's paragraphs, one per line."""
    lines: list[str] = []
    _walk(td, lines)
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _tidy(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        line = " ".join(line.split())
        if line or (out and out[-1]):
            out.append(line)
    return out
