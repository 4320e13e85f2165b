"""Text normalization: tone-mark placement, NFC, decomposed repairs, whitespace."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize_text import (
    TONE_CONVENTION,
    clean_whitespace,
    fix_decomposed,
    nfc,
    normalize_tone_marks,
)

VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + "aeiouyAEIOUYqQghknt .,-\n"
WHITESPACE = " \t\r\n\v\f\u00a0\u2002\u2009\u202f\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad\u2028\u2029\x85"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
        ("UỶ BAN NHÂN DÂN TỈNH", "ỦY BAN NHÂN DÂN TỈNH"),
        ("Đảng uỷ, Thành uỷ, Huyện uỷ", "Đảng ủy, Thành ủy, Huyện ủy"),
        ("công trình thuỷ lợi, thuỷ sản", "công trình thủy lợi, thủy sản"),
        ("chăm sóc sức khoẻ Nhân dân", "chăm sóc sức khỏe Nhân dân"),
        ("Cộng hoà xã hội chủ nghĩa Việt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("chuyển đổi số, hiện đại hoá, công nghiệp hoá.", "chuyển đổi số, hiện đại hóa, công nghiệp hóa."),
        (
            "tuỳ theo tình hình, toả sáng, thoả thuận, xoá nghèo",
            "tùy theo tình hình, tỏa sáng, thỏa thuận, xóa nghèo",
        ),
        ("Hoà Bình", "Hòa Bình"),
        # closed syllables and qu- keep their tone: the rule is the same in both conventions
        ("hoàn thành trong Quý I, quỹ đất, quý báu", "hoàn thành trong Quý I, quỹ đất, quý báu"),
        ("ngoài ra, khuyến khích, khuỷu tay, hoạch định", "ngoài ra, khuyến khích, khuỷu tay, hoạch định"),
        ("QUỸ PHÒNG, CHỐNG THIÊN TAI", "QUỸ PHÒNG, CHỐNG THIÊN TAI"),
    ],
)
def test_normalize_text_tone_marks(text: str, expected: str) -> None:
    assert TONE_CONVENTION == "old"
    assert normalize_tone_marks(text) == expected
    assert len(normalize_tone_marks(text)) == len(text)


def test_normalize_text_tone_marks_keep_offsets() -> None:
    text = "Giao Sở Y tế chăm sóc sức khoẻ; Uỷ ban nhân dân cấp xã phối hợp."
    fixed = normalize_tone_marks(text)
    start = text.index("Uỷ ban")
    assert fixed[start : start + len("Uỷ ban")] == "Ủy ban"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Căn cứ\u00a0Luật\tTổ chức  chính quyền", "Căn cứ Luật Tổ chức chính quyền"),
        ("Điều 1.\r\nBan hành\rkèm theo", "Điều 1.\nBan hành\nkèm theo"),
        ("Điều 1.   \nĐiều 2.\t\n", "Điều 1.\nĐiều 2."),
        ("Chương I\n\n\n\n \n\nĐiều 1", "Chương I\n\nĐiều 1"),
        ("\n\n  Quyết định\u200b này\ufeff\n\n", " Quyết định này"),
        ("Quy\u00adết định", "Quyết định"),
        ("trang 1\fTrang 2", "trang 1\fTrang 2"),
        ("dòng\u2028mới\u2029đoạn", "dòng\nmới\nđoạn"),
    ],
)
def test_normalize_text_clean_whitespace(text: str, expected: str) -> None:
    assert clean_whitespace(text) == expected


def test_normalize_text_fix_decomposed_counts_marks() -> None:
    text = "Kế hoạch số 16-KH/MTTQ của Ủy ban Mặt trận Tổ quốc"
    nfd = unicodedata.normalize("NFD", text)
    assert fix_decomposed(nfd) == (text, len(nfd) - len(text))
    assert fix_decomposed(text) == (text, 0)
    half = "Ủy ban " + unicodedata.normalize("NFD", "Mặt trận")  # some runs decomposed, as in a DOCX
    assert fix_decomposed(half) == ("Ủy ban Mặt trận", 4)  # ặ and ậ carry two marks each


def test_normalize_text_nfc_composes() -> None:
    assert nfc("Vie\u0302\u0323t Nam") == "Việt Nam"
    assert nfc("Việt Nam") == "Việt Nam"


@given(st.text(alphabet=ALPHABET) | st.text())
def test_normalize_text_tone_marks_idempotent_and_same_length(text: str) -> None:
    text = nfc(text)
    once = normalize_tone_marks(text)
    assert len(once) == len(text)
    assert normalize_tone_marks(once) == once
    assert nfc(once) == once


@given(st.text(alphabet=ALPHABET + WHITESPACE) | st.text())
def test_normalize_text_clean_whitespace_idempotent(text: str) -> None:
    once = clean_whitespace(text)
    assert clean_whitespace(once) == once
    assert "  " not in once and "\r" not in once and "\n\n\n" not in once


@given(st.text())
def test_normalize_text_nfc_and_fix_decomposed_idempotent(text: str) -> None:
    once = nfc(text)
    assert nfc(once) == once
    fixed, _ = fix_decomposed(text)
    assert fixed == once
    assert fix_decomposed(fixed) == (fixed, 0)
