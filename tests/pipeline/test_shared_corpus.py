"""The PDF, DOCX, DOC, HTML and UTF-16 files of ../shared/corpus/raw all read cleanly.

Skips when ../shared is absent. Scanned PDFs are checked for their clear refusal
with OCR off (OCR itself is exercised on the 2-page scan in corpus/raw).
"""

from __future__ import annotations

import csv
import shutil
import unicodedata
from pathlib import Path

import pytest

from pipeline.errors import EmptyDocument, ToolMissing
from pipeline.run import load_document
from pipeline.settings import Settings
from tests.conftest import SHARED

MANIFEST = SHARED / "corpus" / "MANIFEST.tsv"


def _rows() -> list[dict[str, str]]:
    if not MANIFEST.exists():
        return []
    with MANIFEST.open(encoding="utf-8") as f:
        return [
            r
            for r in csv.DictReader(f, delimiter="\t")
            if r["format"] in ("pdf", "pdf-scanned", "docx", "doc", "html") or "UTF-16" in r["encoding_note"]
        ]


ROWS = _rows()
pytestmark = pytest.mark.skipif(not ROWS, reason=f"{MANIFEST} is absent: ../shared is not checked out")


@pytest.mark.parametrize("row", [r for r in ROWS if r["format"] != "pdf-scanned"], ids=lambda r: r["id"])
def test_shared_corpus_file_reads_cleanly(row: dict[str, str]) -> None:
    path = SHARED / "corpus" / row["file"]
    if row["format"] == "doc" and shutil.which("antiword") is None:
        pytest.skip("antiword not installed")
    doc = load_document(path, Settings(ocr=False))
    assert len(doc.text) > 500
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "\ufffd" not in doc.text
    letters = sum(ch.isalpha() for ch in doc.text)
    marked = sum(1 for ch in doc.text if unicodedata.decomposition(ch))
    assert marked > 0.1 * letters, "too few Vietnamese letters: wrong decoding?"
    for furniture in ("Đang tải văn bản", "Đăng nhập", "function(", "THƯ VIỆN PHÁP LUẬT"):
        assert furniture not in doc.text


@pytest.mark.parametrize("row", [r for r in ROWS if r["format"] == "pdf-scanned"], ids=lambda r: r["id"])
def test_shared_corpus_scans_need_ocr(row: dict[str, str]) -> None:
    with pytest.raises((EmptyDocument, ToolMissing), match=Path(row["file"]).name):
        load_document(SHARED / "corpus" / row["file"], Settings(ocr=False))
