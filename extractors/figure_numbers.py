"""Figure numbers: reading one Vietnamese number, as written or spelled out.

"22.000" (a dot groups thousands), "58,1" (a comma is the decimal point), "03",
"1.234.567,5", scales nghìn/ngàn, triệu, tỷ/tỉ ("58,1 tỷ" → 58100000000) and spelled
numbers ("hai mươi lăm" → 25). `NUM` is the written form as a regex, `YEAR` a number
that reads as a year.
"""

from __future__ import annotations

import math
import re

SCALES = {"trăm": 1e2, "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}


NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER_WORDS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": 10,
}  # fmt: skip
_WORD_SCALES = {"trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_NUMERIC = re.compile(rf"(?:{NUM})\Z")


def parse_number(s: str) -> float | None:
    """The value of one Vietnamese number: "22.000" → 22000, "58,1" → 58.1, "03" → 3,
    "1.234.567,5" → 1234567.5, "58,1 tỷ" → 58100000000, "hai mươi lăm" → 25; None if
    `s` is not a number."""
    s = " ".join(s.strip().split())
    if not s:
        return None
    words = s.lower().split(" ")
    scale = 1.0
    while len(words) > 1 and words[-1] in SCALES:
        scale *= SCALES[words.pop()]
    head = " ".join(words)
    if _NUMERIC.match(head):
        value = float(head.replace(".", "").replace(",", "."))
        return value * scale if math.isfinite(value * scale) else None
    spelled = _parse_words(words)
    return None if spelled is None else spelled * scale


def _parse_words(words: list[str]) -> float | None:
    total, current, seen = 0, 0, False
    for i, w in enumerate(words):
        if w == "linh" or w == "lẻ":
            continue
        if w in _WORD_SCALES:
            factor = _WORD_SCALES[w]
            if factor == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * factor
                current = 0
        elif w in ("mươi", "mười"):
            current = (current or 1) * 10 if w == "mươi" else current + 10
        elif w in _NUMBER_WORDS:
            digit = _NUMBER_WORDS[w]
            if i == 0 and w in ("tư", "lăm", "mốt"):
                return None  # these forms only follow a tens word
            current += digit
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def number_value(token: str) -> float:
    return float(token.replace(".", "").replace(",", "."))


YEAR = re.compile(r"(?:19|20)\d\d\Z")
