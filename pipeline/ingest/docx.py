"""DOCX reader: body paragraphs and tables in order, then footnotes; zip bombs refused."""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree

from pipeline.document import Format, RawText
from pipeline.errors import IngestError
from pipeline.ingest.layout import render_table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_docx(data: bytes, name: str, max_unzipped: int) -> RawText:
    """Text of a Word document: paragraphs, tables as rows, footnotes at the end.

    Footnotes often hold the cited documents, so they are kept, after a blank line.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile as err:
        raise IngestError(f"{name}: not a valid DOCX (zip) file: {err}") from err
    with archive:
        _check_sizes(archive, name, max_unzipped)
        body = _load(archive, "word/document.xml", name, required=True)
        footnotes = _load(archive, "word/footnotes.xml", name, required=False)
    lines: list[str] = []
    root = body.find(f"{_W}body") if body is not None else None
    if root is None:
        raise IngestError(f"{name}: DOCX has no document body")
    for child in root:
        if child.tag == f"{_W}p":
            lines.append(_paragraph(child))
        elif child.tag == f"{_W}tbl":
            lines.extend(render_table(_table(child)))
        elif child.tag == f"{_W}sdt":
            for p in child.iter(f"{_W}p"):
                lines.append(_paragraph(p))
    notes = []
    if footnotes is not None:
        for note in footnotes.iter(f"{_W}footnote"):
            if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join(_paragraph(p) for p in note.iter(f"{_W}p")).strip()
            if text:
                notes.append(text)
    if notes:
        lines.extend(["", *notes])
    return RawText("\n".join(lines), Format.DOCX, "utf-8", ())


def _check_sizes(archive: zipfile.ZipFile, name: str, max_unzipped: int) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > 200 and info.file_size > 10_000_000:
            raise IngestError(
                f"{name}: refused, {info.filename} expands {info.file_size // info.compress_size}x (zip bomb?)"
            )
    if total > max_unzipped:
        raise IngestError(
            f"{name}: refused, DOCX expands to {total // 1_048_576} MB, over the {max_unzipped // 1_048_576} MB limit "
            "(raise VANBAN_MAX_UNZIPPED_MB if the file is genuine)"
        )


def _load(archive: zipfile.ZipFile, member: str, name: str, *, required: bool) -> etree._Element | None:
    try:
        raw = archive.read(member)
    except KeyError as err:
        if required:
            raise IngestError(f"{name}: DOCX lacks {member}; is it a Word document?") from err
        return None
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise IngestError(f"{name}: corrupt DOCX member {member}: {err}") from err
    try:
        return etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as err:
        raise IngestError(f"{name}: corrupt XML in {member}: {err}") from err


def _paragraph(p: etree._Element) -> str:
    parts: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append(" ")
    return "".join(parts).strip()


def _table(tbl: etree._Element) -> list[list[str]]:
    rows = []
    for tr in tbl.iter(f"{_W}tr"):
        cells = []
        for tc in tr.iter(f"{_W}tc"):
            cells.append("\n".join(_paragraph(p) for p in tc.iter(f"{_W}p")).strip())
        rows.append(cells)
    return rows
