"""read(path) -> RawText: pick the reader by format, after size and sanity checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.document import Format, RawText
from pipeline.errors import EmptyDocument, FileTooLarge, IngestError, UnsupportedFormat
from pipeline.ingest.doc import read_doc
from pipeline.ingest.docx import read_docx
from pipeline.ingest.html import read_html
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.txt import read_markdown, read_txt
from pipeline.settings import Settings

EXTENSIONS: dict[str, Format] = {
    ".txt": Format.TXT,
    ".text": Format.TXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".pdf": Format.PDF,
    ".docx": Format.DOCX,
    ".doc": Format.DOC,
}

Reader = Callable[[bytes, str, Settings], RawText]

READERS: dict[Format, Reader] = {
    Format.TXT: lambda data, name, s: read_txt(data, name),
    Format.MARKDOWN: lambda data, name, s: read_markdown(data, name),
    Format.HTML: lambda data, name, s: read_html(data, name),
    Format.PDF: lambda data, name, s: read_pdf(data, name, ocr=s.ocr),
    Format.DOCX: lambda data, name, s: read_docx(data, name, s.max_unzipped_bytes),
    Format.DOC: lambda data, name, s: read_doc(data, name),
}


def detect_format(name: str, data: bytes) -> Format:
    """The format from the extension, checked against the file's magic bytes."""
    ext = Path(name).suffix.lower()
    fmt = EXTENSIONS.get(ext)
    if fmt is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise UnsupportedFormat(
            f"{name}: no reader for {ext or 'files without an extension'} (known: {known})"
        )
    if fmt is Format.DOCX and not data.startswith(b"PK"):
        raise IngestError(f"{name}: not a DOCX file (no zip signature)")
    if fmt is Format.PDF and data.find(b"%PDF", 0, 1024) < 0:
        raise IngestError(f"{name}: not a PDF file (no %PDF header)")
    return fmt


def load_bytes(path: Path, settings: Settings) -> bytes:
    """The file's bytes, refusing unreadable, empty and oversized files with a clear message."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise IngestError(f"{path}: cannot read ({err.strerror or err})") from err
    if not path.is_file():
        raise IngestError(f"{path}: not a regular file")
    if size > settings.max_file_bytes:
        raise FileTooLarge(
            f"{path}: {size / 1_048_576:.1f} MB is over the {settings.max_file_mb:g} MB limit (set VANBAN_MAX_FILE_MB)"
        )
    if size == 0:
        raise EmptyDocument(f"{path}: empty file")
    try:
        return path.read_bytes()
    except OSError as err:
        raise IngestError(f"{path}: cannot read ({err.strerror or err})") from err


def read_bytes(data: bytes, name: str, settings: Settings) -> RawText:
    """Decode bytes named `name` into raw text with the reader its format needs."""
    if not data:
        raise EmptyDocument(f"{name}: empty file")
    if len(data) > settings.max_file_bytes:
        raise FileTooLarge(f"{name}: over the {settings.max_file_mb:g} MB limit (set VANBAN_MAX_FILE_MB)")
    fmt = detect_format(name, data)
    raw = READERS[fmt](data, name, settings)
    if not raw.text.strip():
        raise EmptyDocument(f"{name}: no text found")
    return raw
