"""Decoding bytes into Vietnamese text: Unicode, cp1258, TCVN3 (ABC) and VNI, and what must fail."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import EmptyDocument, EncodingError, PipelineError
from pipeline.ingest.encoding import (
    Decoded,
    _parse_table,
    decode,
    from_legacy,
    looks_legacy,
    read_table,
    to_legacy,
)
from pipeline.normalize_text import fix_decomposed

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

# Sentences from official texts in corpus/raw (Lào Cai, Hà Nội, Cần Thơ plans and decisions).
SENTENCES = [
    "ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
    "Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với các sở, ban, ngành tỉnh triển khai thực hiện.",
    "Phấn đấu đến cuối năm 2025 tỷ lệ hộ nghèo giảm còn dưới 1%.",
    "Chủ tịch Ủy ban nhân dân tỉnh Lào Cai về việc công bố Danh mục thủ tục hành chính mới ban hành, bãi bỏ.",
    "Giám đốc Trung tâm Phục vụ hành chính công tỉnh và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
    "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG TRONG LĨNH VỰC KHOA HỌC VÀ CÔNG NGHỆ",
    "Nghị định số 92/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của Chính phủ sửa đổi, bổ sung một số điều về kiểm soát thủ tục hành chính;",
    "Hướng dẫn thi hành một số điều của Luật Khoa học, công nghệ và đổi mới sáng tạo về thông tin, thống kê, chuyển đổi số.",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Bảo đảm an ninh trật tự, an toàn xã hội; giữ vững quốc phòng, nâng cao đời sống vật chất và tinh thần của Nhân dân.",
    "Các sở, ngành, địa phương thường xuyên kiểm tra, đôn đốc, báo cáo kết quả về Sở Tài chính trước ngày 15 tháng 12 hằng năm.",
    "Ưu tiên bố trí nguồn lực cho các xã đặc biệt khó khăn, vùng đồng bào dân tộc thiểu số và miền núi; Đảng ủy, Thành ủy.",
    "Đẩy mạnh ứng dụng công nghệ thông tin; hỗ trợ người dân, doanh nghiệp khắc phục khó khăn, vướng mắc, nhất là ở vùng sâu.",
]

VIETNAMESE_LOWER = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
VIETNAMESE_LETTERS = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()


def _tcvn3_readable(text: str) -> str:
    """Return `text` as TCVN3 gives it back: capitals with a tone mark come back lowercase."""
    table = set(read_table("tcvn3").values())
    return "".join(
        ch.lower() if not ch.isascii() and ch not in table and ch.lower() in table else ch for ch in text
    )


def _cp1258_bytes(text: str) -> bytes:
    """Return `text` as Windows writes cp1258: precomposed where the code page has the letter,
    else the letter with its hat plus a separate combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in parts if c in tones)
            out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + tone)
    return "".join(out).encode("cp1258")


# --- round trips through the legacy encodings -------------------------------------------------------


@pytest.mark.parametrize("sentence", SENTENCES)
def test_encoding_decodes_vni_bytes(sentence: str) -> None:
    data = to_legacy(sentence, "vni").encode("cp1252")
    decoded = decode(data, "corpus/raw/vni.txt")
    assert decoded == Decoded(sentence, "vni", ("decoded VNI legacy font encoding",))


@pytest.mark.parametrize("sentence", SENTENCES)
def test_encoding_decodes_tcvn3_bytes(sentence: str) -> None:
    # TCVN3 has no capitals with a tone (Ủ, Ỉ, À): like the .VnTimeH fonts, to_legacy writes
    # them with the lowercase bytes, and they come back lowercase; the rest comes back exactly
    data = to_legacy(sentence, "tcvn3").encode("cp1252")
    decoded = decode(data, "corpus/raw/tcvn3.txt")
    assert decoded.encoding == "tcvn3"
    assert decoded.repairs == ("decoded TCVN3 (ABC) legacy font encoding",)
    assert decoded.text == _tcvn3_readable(sentence)


@pytest.mark.parametrize("sentence", [s for s in SENTENCES if _tcvn3_readable(s) == s], ids=lambda s: s[:30])
def test_encoding_decodes_tcvn3_mixed_case_exactly(sentence: str) -> None:
    assert decode(to_legacy(sentence, "tcvn3").encode("cp1252"), "a.txt").text == sentence


def test_encoding_tcvn3_capitals_with_tone_come_back_lowercase() -> None:
    data = to_legacy("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "tcvn3").encode("cp1252")
    assert decode(data, "a.txt").text == "ủY BAN NHÂN DÂN TỉNH LàO CAI"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_encoding_decodes_cp1258_bytes(sentence: str) -> None:
    decoded = decode(_cp1258_bytes(sentence), "corpus/raw/cp1258.txt")
    assert decoded.encoding == "cp1258"
    assert decoded.text == sentence
    assert decoded.repairs == ("composed cp1258 combining tone marks (NFC)",)


def test_encoding_decodes_a_whole_vni_document() -> None:
    document = "\r\n".join(SENTENCES * 20)
    decoded = decode(to_legacy(document, "vni").encode("cp1252"), "kh-308.txt")
    assert (decoded.encoding, decoded.text) == ("vni", document)


def test_encoding_tcvn3_lone_tone_marks_compose() -> None:
    # 0xB0-0xB4 are the five tone marks on their own: ê (0xAA) + nặng (0xB4) = ệ
    assert decode(b"Vi\xaa\xb4t Nam c\xb8c t\xaanh", "a.txt").text == "Việt Nam các tênh"


def test_encoding_cp1252_when_only_punctuation_is_not_ascii() -> None:
    data = "“Quyet dinh ve viec thuc hien ke hoach” – so 15".encode("cp1252")
    decoded = decode(data, "a.txt")
    assert (decoded.encoding, decoded.text) == ("cp1252", "“Quyet dinh ve viec thuc hien ke hoach” – so 15")


# --- Unicode encodings ---------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.skipif(
    not (SHARED / "corpus/raw/news-vntc-sonla-didan.txt").exists(), reason="needs ../shared/corpus"
)
def test_encoding_decodes_utf16le_bom_crlf_file() -> None:
    data = (SHARED / "corpus/raw/news-vntc-sonla-didan.txt").read_bytes()
    decoded = decode(data, "news-vntc-sonla-didan.txt")
    assert decoded.encoding == "utf-16-le"
    assert decoded.repairs == ()
    assert decoded.text == data[2:].decode("utf-16-le")
    assert "\r\n" in decoded.text and "Sơn La" in decoded.text


@pytest.mark.parametrize(
    ("prefix", "codec", "encoding"),
    [
        (b"\xff\xfe", "utf-16-le", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be", "utf-16-be"),
        (b"", "utf-16-le", "utf-16-le"),
        (b"", "utf-16-be", "utf-16-be"),
        (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
        (b"", "utf-8", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    ],
)
def test_encoding_decodes_unicode(prefix: bytes, codec: str, encoding: str) -> None:
    text = "\r\n".join(SENTENCES)
    assert decode(prefix + text.encode(codec), "a.txt") == Decoded(text, encoding, ())


def test_encoding_keeps_decomposed_text_for_normalize() -> None:
    sentence = SENTENCES[1]
    nfd = unicodedata.normalize("NFD", sentence)
    decoded = decode(nfd.encode("utf-8"), "luongminh.txt")
    assert (decoded.encoding, decoded.text) == ("utf-8", nfd)
    fixed, count = fix_decomposed(decoded.text)
    assert fixed == sentence
    assert count == len(nfd) - len(sentence)


def test_encoding_repairs_double_encoded_utf8() -> None:
    sentence = SENTENCES[3]
    # UTF-8 bytes read as cp1252 (undefined bytes kept as C1 controls, as Windows does), saved as UTF-8
    mojibake = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in sentence.encode("utf-8")
    )
    decoded = decode(mojibake.encode("utf-8"), "a.txt")
    assert decoded.text == sentence
    assert decoded.repairs == ("undid double encoding (UTF-8 bytes that had been read as cp1252)",)


@pytest.mark.parametrize(("table", "name"), [("tcvn3", "TCVN3 (ABC)"), ("vni", "VNI")])
@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_encoding_repairs_legacy_text_stored_as_unicode(table: str, name: str, codec: str) -> None:
    # a .VnTime document saved as "Unicode text" keeps the font's bytes as latin-1 letters
    sentence = SENTENCES[2]
    decoded = decode(to_legacy(sentence, table).encode(codec), "a.txt")
    assert decoded.text == sentence
    assert decoded.repairs == (f"converted {name} legacy font text stored as {decoded.encoding}",)


def test_encoding_keeps_a_few_broken_utf8_bytes() -> None:
    data = ("\n".join(SENTENCES) + " ở").encode("utf-8")[:-1]  # a truncated download: half of ở
    decoded = decode(data, "a.txt")
    assert decoded.encoding == "utf-8"
    assert decoded.text.endswith("\ufffd")
    assert decoded.repairs == ("replaced 1 invalid utf-8 byte sequence(s) with U+FFFD",)


# --- looks_legacy, from_legacy, to_legacy, tables ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni"),
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", None),
        ("các bà và các ông", None),  # real Unicode that happens to fit in latin-1
        ("café crème, résumé", None),
        ("Quyet dinh so 15", None),
        ("", None),
    ],
)
def test_encoding_looks_legacy(text: str, expected: str | None) -> None:
    assert looks_legacy(text) == expected


@pytest.mark.parametrize("table", ["tcvn3", "vni"])
def test_encoding_legacy_round_trips_every_letter(table: str) -> None:
    letters = VIETNAMESE_LETTERS if table == "vni" else _tcvn3_readable(VIETNAMESE_LETTERS)
    legacy = to_legacy(letters, table)
    assert from_legacy(legacy, table) == letters
    legacy.encode("cp1252")  # one character per byte


def test_encoding_vni_writes_base_letter_then_mark() -> None:
    assert to_legacy("tiếng Việt", "vni") == "tieáng Vieät"
    assert from_legacy("tieáng Vieät", "vni") == "tiếng Việt"


def test_encoding_tables_cover_the_alphabet() -> None:
    tcvn3, vni = read_table("tcvn3"), read_table("vni")
    assert set(VIETNAMESE_LOWER + "ĂÂÊÔƠƯĐ") <= set(tcvn3.values())
    assert set(VIETNAMESE_LETTERS) == set(vni.values())
    assert len(vni) == 134
    assert all(len(key) == 1 for key in tcvn3)


def test_encoding_bad_table_row_names_file_and_line() -> None:
    with pytest.raises(ValueError, match=r"bad\.tsv:3: "):
        _parse_table("# header\nA1\tĂ\nZZ\tx\n", "bad.tsv")
    with pytest.raises(ValueError, match=r"bad\.tsv:2: bytes A1 are listed twice"):
        _parse_table("A1\tĂ\nA1\tÂ\n", "bad.tsv")
    with pytest.raises(ValueError, match="unknown legacy table"):
        from_legacy("abc", "viscii")


# --- what must fail -----------------------------------------------------------------------------


def test_encoding_empty_input_is_empty_document() -> None:
    with pytest.raises(EmptyDocument, match=r"corpus/raw/empty\.txt"):
        decode(b"", "corpus/raw/empty.txt")
    with pytest.raises(EmptyDocument, match=r"corpus/raw/blank\.txt"):
        decode(b"\xef\xbb\xbf \r\n\t", "corpus/raw/blank.txt")


@pytest.mark.parametrize(
    "data",
    [
        random.Random(0).randbytes(4096),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x01\x80\x08\x06\x00\x00\x00"
        + random.Random(1).randbytes(512),
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
        b"plain ascii" + b"\x00" * 64,
    ],
    ids=["random", "png", "pdf-like", "nul-padded"],
)
def test_encoding_binary_is_encoding_error(data: bytes) -> None:
    with pytest.raises(EncodingError, match=r"corpus/raw/b\.txt: "):
        decode(data, "corpus/raw/b.txt")


def test_encoding_mostly_replacement_characters_is_encoding_error() -> None:
    data = ("\ufffd\ufffd\ufffdng nghi\ufffd\ufffdp " * 40 + "Việt Nam").encode("utf-8")
    with pytest.raises(EncodingError, match=r"corpus/raw/b\.txt: \d+% U\+FFFD"):
        decode(data, "corpus/raw/b.txt")


def test_encoding_non_vietnamese_is_encoding_error() -> None:
    data = "The Committee’s résumé of the café – “approved”.".encode("cp1252")
    with pytest.raises(EncodingError, match=r"a\.txt: not Vietnamese text in any known encoding \(best: "):
        decode(data, "a.txt")


@settings(deadline=None, max_examples=300)
@given(st.binary(max_size=3000))
def test_encoding_decode_raises_only_pipeline_errors(data: bytes) -> None:
    try:
        decoded = decode(data, "fuzz.bin")
    except PipelineError as err:
        assert "fuzz.bin" in str(err)
    else:
        assert decoded.text.strip()


@settings(deadline=None)
@given(st.text(alphabet=VIETNAMESE_LETTERS + "bcdghklmnpqrstvx .,;\n", min_size=1))
def test_encoding_utf8_text_decodes_unchanged(text: str) -> None:
    try:
        decoded = decode(text.encode("utf-8"), "a.txt")
    except EmptyDocument:
        assert not text.strip()
    else:
        assert (decoded.encoding, decoded.text) == ("utf-8", text)


def test_encoding_decodes_a_megabyte() -> None:
    document = "\n".join(SENTENCES)
    data = to_legacy(document * (1_000_000 // len(document)), "vni").encode("cp1252")
    assert len(data) > 1_000_000
    decoded = decode(data, "big.txt")
    assert decoded.encoding == "vni"
    assert decoded.text.startswith(document[:200])
