"""Hostile and broken files get one clear error naming the file, never a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import EmptyDocument, FileTooLarge, IngestError, PipelineError, UnsupportedFormat
from pipeline.run import load_document
from pipeline.settings import Settings
from tests.conftest import CORPUS


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * 300_000_000 + b"</w:document>")
    return buf.getvalue()


def _truncated_pdf() -> bytes:
    return (CORPUS / "ngaigiao-qd-142-2024.pdf").read_bytes()[:2000]


CASES = [
    ("empty.txt", b"", EmptyDocument, "empty file"),
    ("junk.txt", bytes(range(256)) * 40, IngestError, ""),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 500, IngestError, ""),
    ("table.xls", b"PK\x03\x04 spreadsheet", UnsupportedFormat, "no reader for .xls"),
    ("noext", b"Ke hoach", UnsupportedFormat, "no reader"),
    ("fake.pdf", b"Ke hoach so 104/KH-UBND", IngestError, "not a PDF"),
    ("truncated.pdf", _truncated_pdf(), IngestError, "PDF"),
    ("fake.docx", b"Ke hoach so 104/KH-UBND", IngestError, "not a DOCX"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, IngestError, "DOCX"),
    ("fake.doc", b"Ke hoach so 104/KH-UBND", IngestError, "Word 97-2003"),
    ("blank.html", b"<html><body><script>var a=1;</script></body></html>", EmptyDocument, "no text"),
]


@pytest.mark.parametrize(("name", "data", "error", "message"), CASES)
def test_bad_input_gets_one_clear_error(
    tmp_path: Path, name: str, data: bytes, error: type, message: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(error) as info:
        load_document(path, Settings(ocr=False))
    text = str(info.value)
    assert name in text
    assert message in text
    assert "\n" not in text and "Traceback" not in text


def test_bad_input_zip_bomb_docx_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "bomb.docx", _zip_bomb())
    with pytest.raises(IngestError, match=r"bomb\.docx: refused"):
        load_document(path, Settings())


def test_bad_input_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    pypdfium2 = pytest.importorskip("pypdfium2")
    del pypdfium2
    from pdfminer.pdfdocument import PDFPasswordIncorrect  # noqa: F401  (the error we map)

    # A minimal PDF with an /Encrypt dictionary in its trailer.
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</Filter/Standard/V 1/R 2/O(0123456789abcdef0123456789abcdef)/U(0123456789abcdef0123456789abcdef)"
        b"/P -44>>endobj\ntrailer<</Root 1 0 R/Encrypt 3 0 R/ID[<01><01>]>>\n%%EOF"
    )
    path = _write(tmp_path, "locked.pdf", body)
    with pytest.raises(PipelineError, match=r"locked\.pdf"):
        load_document(path, Settings(ocr=False))


def test_bad_input_over_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", "Kế hoạch thực hiện. ".encode() * 60_000)
    with pytest.raises(FileTooLarge, match=r"big\.txt: .* over the 1 MB limit"):
        load_document(path, Settings(max_file_mb=1))


def test_bad_input_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"missing\.txt: cannot read"):
        load_document(tmp_path / "missing.txt", Settings())


def test_bad_input_directory_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="not a regular file"):
        load_document(folder, Settings())
