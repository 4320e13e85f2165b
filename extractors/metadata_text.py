"""Text helpers for reading the lines at the top of a document: folded text, a line's body, capitals.

`fold_chars` lowers a text and drops its diacritics one character for one, so that offsets
into the folded copy are offsets into the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache


@cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x1F00):
        base = unicodedata.normalize("NFD", chr(code).lower())[:1]
        base = "d" if base == "đ" else base
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


def fold_chars(s: str) -> str:
    """`s` lower-cased without diacritics, one character for one (offsets stay valid)."""
    return s.translate(_fold_table()).lower()


LINE = re.compile(r"^[ \t*#_|>]*(?P<body>[^\n]*?)[ \t*_|]*$", re.MULTILINE)


def clean_line(s: str) -> str:
    return " ".join(s.replace("*", " ").replace("#", " ").split()).strip(" |_")


def is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def one_line(s: str) -> str:
    return clean_line(s.replace("\n", " "))
