"""The document model: underthesea words aligned onto the text, and spaCy Docs over them."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import _nlp
from extractors.duties import find_duties

FORMAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"

SENTENCES = [
    # quangngai-qd-1627-2025 style: abbreviations, a date, punctuation
    "UBND tỉnh giao Sở Tài chính chủ trì, phối hợp với các sở, ngành hoàn thành trước ngày 30/6/2024.",
    "Đồng thời, các ngành chức năng cải tạo, nâng cấp tuyến đường sắt Lào Cai - Hà Nội - Hải Phòng.",
    "Tỷ lệ hộ nghèo còn 1,5% (giảm 0,8% so với năm 2023); vận động được 58,1 tỷ đồng.",
    "Chánh Văn phòng UBND tỉnh; Giám đốc Sở Công Thương;\nThủ trưởng các Sở, ngành   chịu trách nhiệm thi hành.",
]


def check(text: str, tokens: tuple[_nlp.Token, ...]) -> None:
    prev = 0
    for t in tokens:
        assert text[t.start : t.end] == t.text
        assert t.text.strip() == t.text and t.text
        assert t.start >= prev
        prev = t.end
    assert not "".join(
        text[i] for i in range(len(text)) if not any(t.start <= i < t.end for t in tokens)
    ).strip()


@pytest.mark.parametrize("text", SENTENCES)
def test_segment_aligns_real_sentences(text: str) -> None:
    tokens = _nlp.segment(text)
    check(text, tokens)
    words = [t.text for t in tokens]
    assert "30/6/2024" in words or "58,1" in words or "UBND" in words or "chức năng" in words
    assert all(t.pos is None for t in tokens)


def test_segment_words_and_abbreviations() -> None:
    tokens = _nlp.segment(SENTENCES[0])
    words = [t.text for t in tokens]
    assert words[:3] == ["UBND", "tỉnh", "giao"]
    assert "30/6/2024" in words
    assert "Tài chính" in words  # a two-syllable word, joined by its space


def test_segment_word_across_line_break_keeps_the_text() -> None:
    text = "các ngành chức\nnăng cải tạo"
    tokens = _nlp.segment(text)
    check(text, tokens)
    assert [t.text for t in tokens][:2] == ["các", "ngành"]


def test_segment_aligns_normalized_forms() -> None:
    # underthesea rewrites "Uỷ" -> "Ủy" and "nghành" -> "ngành"; the tokens keep the text as written
    text = "Uỷ ban nhân dân tỉnh chỉ đạo nghành Y tế."
    tokens = _nlp.segment(text)
    check(text, tokens)
    assert tokens[0].text == "Uỷ"
    assert any(t.text == "nghành" for t in tokens)


def test_segment_nfd_text() -> None:
    text = unicodedata.normalize("NFD", "Sở Y tế hoàn thành trước ngày 30/6/2024.")
    tokens = _nlp.segment(text)
    check(text, tokens)
    assert unicodedata.normalize("NFC", tokens[0].text) == "Sở"


def test_segment_empty() -> None:
    assert _nlp.segment("") == ()
    assert _nlp.tag("  \n") == ()


def test_align_raises_on_a_word_not_in_the_text() -> None:
    with pytest.raises(ValueError, match="cannot align underthesea word 'Hà Nội'"):
        _nlp._align("Sở Y tế", [("Sở", None), ("Hà Nội", None)])
    with pytest.raises(ValueError, match="unsegmented"):
        _nlp._align("Sở Y tế", [("Sở", None)])


def test_tag_gives_vlsp_tags() -> None:
    tokens = _nlp.tag(SENTENCES[1])
    check(SENTENCES[1], tokens)
    tags = {t.text: t.pos for t in tokens}
    assert tags["ngành"] in _nlp.NOUN_TAGS
    assert tags["cải tạo"] in _nlp.VERB_TAGS
    assert tags[","] == "CH"


@pytest.mark.parametrize("text", [*SENTENCES, "Đồng thời,  các ngành\n\nchức năng cải tạo.  "])
def test_make_doc_offsets_equal_the_text(text: str) -> None:
    doc = _nlp.make_doc(text)
    assert doc.text == text
    for tok in doc:
        assert text[tok.idx : tok.idx + len(tok.text)] == tok.text
        if not tok.is_space:
            assert tok.tag_ and tok.pos_
    span = doc[2:5]
    assert text[span.start_char : span.end_char] == span.text


def test_make_doc_pos() -> None:
    doc = _nlp.make_doc(SENTENCES[1])
    by_text = {t.text: t for t in doc}
    assert by_text["cải tạo"].pos_ == "VERB"
    assert by_text["ngành"].pos_ == "NOUN"
    assert by_text[","].pos_ == "PUNCT"
    assert _nlp.language() is _nlp.language()


PIECES = st.sampled_from(
    [
        *'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắầấèéềếìíòóồốờớùúừứỳýAĐUBNDỦỷ0123456789 ,.;:/-()%\n\t"“”…•',
        *["\u00a0", "\u0301", "\u0300", "ð", "Ð", "nghành ", "Uỷ ban ", "ngày 30/6/2024", "chức năng "],
    ]
)
TEXT = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXT, st.text(max_size=30)))
def test_segment_aligns_or_raises(text: str) -> None:
    try:
        tokens = _nlp.segment(text)
    except ValueError:
        return
    check(text, tokens)


# ---------------------------------------------------------------------------
# duties: the actor is a noun phrase


def test_actor_trimmed_at_the_first_verb_after_its_head() -> None:
    text = FORMAL + (
        "Đồng thời, các ngành chức năng cải tạo, nâng cấp tuyến đường sắt Lào Cai - Hà Nội để đảm bảo an "
        "toàn giao thông."
    )
    [d] = find_duties(text)
    assert d.actor == "các ngành chức năng"
    assert d.action.startswith("cải tạo, nâng cấp tuyến đường sắt")


def test_actor_trimmed_after_giao() -> None:
    [d] = find_duties(
        "UBND tỉnh giao các ngành chức năng cải tạo, nâng cấp tuyến đường sắt Lào Cai - Hà Nội."
    )
    assert d.actor == "các ngành chức năng"
    assert d.action.startswith("cải tạo, nâng cấp")
    assert d.assigned_by == "UBND tỉnh"


def test_actor_copula_left_out() -> None:
    # thainguyen-qd-26-2025
    text = FORMAL + (
        "Sở Dân tộc và Tôn giáo là cơ quan thường trực trong thực hiện Quy chế này, có trách nhiệm hướng "
        "dẫn, đôn đốc, kiểm tra việc thực hiện Quy chế của các cơ quan, đơn vị."
    )
    [d] = find_duties(text)
    assert d.actor == "Sở Dân tộc và Tôn giáo"
    assert d.action.startswith("hướng dẫn, đôn đốc")


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # a verb inside an agency's name
        (
            "Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các cơ quan liên quan tổ chức triển "
            "khai thực hiện Kế hoạch này.",
            "Sở Nông nghiệp và Phát triển nông thôn",
        ),
        # noun compounds and modifiers stay: a noun follows the verb, or the verb qualifies the body
        (
            "Đơn vị thoát nước có trách nhiệm vận hành, bảo trì hệ thống thoát nước trên địa bàn.",
            "Đơn vị thoát nước",
        ),
        (
            "Các sở, ban, ngành có liên quan có trách nhiệm phối hợp triển khai thực hiện Kế hoạch này.",
            "Các sở, ban, ngành có liên quan",
        ),
    ],
)
def test_actor_near_misses_kept(text: str, actor: str) -> None:
    duties = find_duties(FORMAL + text)
    assert duties and duties[0].actor == actor
