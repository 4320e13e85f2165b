"""Every format reads into clean Vietnamese text (real documents from corpus/raw)."""

from __future__ import annotations

import shutil

import pytest

from pipeline.document import Format
from pipeline.ingest.read import read_bytes
from pipeline.run import load_document
from pipeline.settings import Settings
from tests.conftest import CORPUS

CASES = [
    # file, format, a phrase that must be in the normalized text
    ("hanoi-kh-308-2025.md", Format.MARKDOWN, "Sở Khoa học và Công nghệ"),
    ("news-vntc-sonla-didan.txt", Format.TXT, "người sẽ di dời để xây dựng thủy điện Sơn La"),
    ("quangninh-nq-99-2025-htm.html", Format.HTML, "HỘI ĐỒNG NHÂN DÂN"),
    ("cp-nq-66-15-2026-html.html", Format.HTML, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("ngaigiao-qd-142-2024.pdf", Format.PDF, "phân công nhiệm vụ đối với Công chức Văn phòng-Thống kê"),
    ("phobang-kh-01-tbtt-2025.docx", Format.DOCX, "Tiểu ban thông tin, tuyên truyền"),
    ("luongminh-kh-16-mttq-2025.docx", Format.DOCX, "Mặt trận Tổ quốc"),
]


@pytest.mark.parametrize(("name", "fmt", "phrase"), CASES)
def test_read_formats_give_normalized_text(name: str, fmt: Format, phrase: str, settings: Settings) -> None:
    doc = load_document(CORPUS / name, settings)
    assert doc.source.format is fmt
    assert phrase.lower() in doc.text.lower()
    assert "\ufffd" not in doc.text
    assert doc.text == doc.text.strip()
    # NFC and one tone convention: no combining marks, no old-style "Uỷ"/"hoà"
    assert not any(0x300 <= ord(c) <= 0x36F for c in doc.text)
    assert "Uỷ ban" not in doc.text


def test_read_markdown_renders_task_table_rows(settings: Settings) -> None:
    doc = load_document(CORPUS / "hcm-qd-2820-2025.md", settings)
    header = next(line for line in doc.text.split("\n") if "Cơ quan chủ trì" in line and " | " in line)
    assert header.split(" | ")[:4] == ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"]
    assert any(
        line.startswith("1 | Phối hợp rà soát, sửa đổi Luật Quy hoạch") for line in doc.text.split("\n")
    )


def test_read_markdown_drops_portal_notices(settings: Settings) -> None:
    doc = load_document(CORPUS / "lamdong-qd-2284-2025.md", settings)
    lowered = doc.text.lower()
    for notice in (
        "thư viện pháp luật",
        "đăng xuất",
        "bảo vệ dữ liệu cá nhân",
        "đang tải văn bản",
        "số hiệu:",
    ):
        assert notice not in lowered, notice
    assert doc.text.startswith("ỦY BAN NHÂN DÂN")


def test_read_pdf_puts_header_columns_in_reading_order(settings: Settings) -> None:
    doc = load_document(CORPUS / "ngaigiao-qd-142-2024.pdf", settings)
    lines = doc.text.split("\n")
    # the number "142" is a signature widget stamped outside the page content
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "THỊ TRẤN NGÃI GIAO", "Số: 142 /QĐ-UBND"]
    assert "Ngãi Giao, ngày 29 tháng 3 năm 2024" in lines
    assert len(doc.page_starts) == 2


def test_read_pdf_joins_wrapped_lines(settings: Settings) -> None:
    doc = load_document(CORPUS / "thanhhoa-qd-hdnd-kpi-2026-draft.pdf", settings)
    # a body paragraph is one line, not cut at the page's right margin
    assert max(len(line) for line in doc.text.split("\n")) > 300


def test_read_docx_composes_decomposed_characters(settings: Settings) -> None:
    doc = load_document(CORPUS / "luongminh-kh-16-mttq-2025.docx", settings)
    assert any("decomposed" in r for r in doc.source.repairs)


def test_read_utf16_records_encoding(settings: Settings) -> None:
    doc = load_document(CORPUS / "news-vntc-sonla-didan.txt", settings)
    assert doc.source.encoding.startswith("utf-16")
    assert "\r" not in doc.text


def test_read_word_web_page_resolves_character_references(settings: Settings) -> None:
    doc = load_document(CORPUS / "quangninh-nq-99-2025-htm.html", settings)
    assert "&#" not in doc.text
    assert "QUẢNG NINH" in doc.text


def test_read_portal_html_keeps_only_the_document(settings: Settings) -> None:
    doc = load_document(CORPUS / "cp-nq-66-15-2026-html.html", settings)
    assert doc.text.startswith("CHÍNH PHỦ")
    assert "function(" not in doc.text and "{" not in doc.text[:2000]


@pytest.mark.skipif(
    shutil.which("antiword") is None, reason="antiword not installed (apt-get install antiword)"
)
def test_read_doc_through_antiword(settings: Settings) -> None:
    doc = load_document(CORPUS / "quangninh-nq-99-2025-doc.doc", settings)
    assert doc.source.format is Format.DOC
    lines = doc.text.split("\n")
    assert "HỘI ĐỒNG NHÂN DÂN" in lines and "Quảng Ninh, ngày 16 tháng 12 năm 2025" in lines


def _has_vietnamese_ocr() -> bool:
    import subprocess

    if shutil.which("tesseract") is None:
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False).stdout
    return "vie" in langs.split()


@pytest.mark.slow
@pytest.mark.skipif(not _has_vietnamese_ocr(), reason="tesseract with the Vietnamese model is not installed")
def test_read_scanned_pdf_goes_through_ocr(settings: Settings) -> None:
    doc = load_document(CORPUS / "hcm-stp-cv-687-2021-scan.pdf", settings)
    assert any("OCR" in r for r in doc.source.repairs)
    assert "Hồ Chí Minh" in doc.text or "HỒ CHÍ MINH" in doc.text


def test_read_scanned_pdf_without_ocr_fails_clearly() -> None:
    from pipeline.errors import EmptyDocument

    data = (CORPUS / "hcm-stp-cv-687-2021-scan.pdf").read_bytes()
    with pytest.raises(EmptyDocument, match=r"hcm-stp-cv-687-2021-scan\.pdf: scanned PDF"):
        read_bytes(data, "hcm-stp-cv-687-2021-scan.pdf", Settings(ocr=False))
