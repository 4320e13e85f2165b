"""Matching keys (`extractors/vnkeys.py`): folding, tone placement and syllables as search sees them."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.vnkeys import fold, normalize_tone_marks, tokenize


def _fold_per_character(text: str) -> str:
    """The definition: đ→d, lower case, then each character's NFD base letter."""
    out = text.replace("đ", "d").replace("Đ", "D").lower()
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in out)


def test_fold_vietnamese() -> None:
    assert fold("Đồng Tháp") == "dong thap"
    assert fold("Ủy ban nhân dân tỉnh Thừa Thiên Huế") == "uy ban nhan dan tinh thua thien hue"
    assert fold("Mặt trận Tổ quốc Việt Nam; ƯU TIÊN Ơ") == "mat tran to quoc viet nam; uu tien o"


def test_fold_keeps_letters_without_an_ascii_base_and_the_length() -> None:
    assert fold("Søren Straße, Đà Nẵng") == "søren straße, da nang"
    assert fold("Hà Nội 서울") == "ha noi " + _fold_per_character("서울")
    decomposed = unicodedata.normalize("NFD", "Hòa Bình")
    assert len(fold(decomposed)) == len(decomposed)


VIETNAMESE = "aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđĐƯƠ ,.-"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(VIETNAMESE))) | st.text())
def test_fold_matches_its_definition(text: str) -> None:
    assert fold(text) == _fold_per_character(text)


def test_tone_placement_and_syllables() -> None:
    assert normalize_tone_marks("Uỷ ban hoà giải, khoẻ mạnh, quý") == "Ủy ban hòa giải, khỏe mạnh, quý"
    assert tokenize("Hoà Bình, UBND_tỉnh") == ["hòa", "bình", "ubnd", "tỉnh"]
