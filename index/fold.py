"""Accent folding for Vietnamese search: 'Đồng Tháp' -> 'dong thap'."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_D = str.maketrans({"đ": "d", "Đ": "D"})


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return base


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d. Same length as the input (one char per char)."""
    out = text.translate(_D).lower()
    if out.isascii():
        return out
    return "".join(_fold_char(ch) if ord(ch) > 127 else ch for ch in out)
