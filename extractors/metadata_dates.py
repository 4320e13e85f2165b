"""Dates as written in a document: the date patterns, the place-and-date line, a news stamp.

`DATE_PATTERN` and `parse_date` are shared with `references.py` (through
`extractors.metadata`); `PLACE_DATE` finds the issue date of an official document and
`publication_date` that of a news article.
"""

from __future__ import annotations

import re
from datetime import date

# A date written in words ("16 tháng 6 năm 2025", "09 tháng 9năm 2024") or in figures
# ("14/7/2017", "7-10-2016", "14.04.2017"). Embed DATE_PATTERN; read it with parse_date.
DATE_PATTERN = (
    r"(?:\d{1,2}\s*(?i:tháng)\s*\d{1,2}\s*,?\s*(?i:năm)\s*\d{4}"
    r"|\d{1,2}\s?[/.\-–]\s?\d{1,2}\s?[/.\-–]\s?\d{4})(?!\d)"
)
_DATE_WORDS = re.compile(r"(\d{1,2})\s*tháng\s*(\d{1,2})\s*,?\s*năm\s*(\d{4})", re.IGNORECASE)
_DATE_FIGURES = re.compile(r"(\d{1,2})\s?[/.\-–]\s?(\d{1,2})\s?[/.\-–]\s?(\d{4})")


def parse_date(s: str) -> date | None:
    """The date written in `s` (see DATE_PATTERN), or None when it is not a calendar date."""
    m = _DATE_WORDS.search(s) or _DATE_FIGURES.search(s)
    if m is None:
        return None
    d, mo, y = (int(g) for g in m.groups())
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


PLACE_DATE = re.compile(
    r"(?:^|\|)[ \t*_]*(?P<place>[A-ZĐÀ-Ỹa-zđà-ỹ][^\n|,]{1,40}?)[ \t]*,[ \t]*ngày[ \t.…_]*"
    r"(?P<date>\d{1,2}[ \t]*tháng[ \t]*\d{1,2}[ \t]*,?[ \t]*năm[ \t]*\d{4}"
    r"|\d{1,2}[ \t]*/[ \t]*\d{1,2}[ \t]*/[ \t]*\d{4}"
    r"|[^\n]{0,12}?tháng[^\n]{0,12}?năm[ \t]*\d{4})",
    re.MULTILINE,
)


_PUBLISHED = re.compile(
    r"(?:Cập nhật(?: lúc)?|Ngày đăng|Đăng ngày|Ngày cập nhật|Ngày xuất bản|Xuất bản(?: ngày| lúc)?|Đăng lúc)"
    r"[\s:]*(?:\d{1,2}[:h]\d{2}(?:\s*(?:AM|PM|SA|CH))?)?[\s,]*"
    r"(?:(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy)|Chủ\s+[Nn]hật)[\s,]*)?(?:ngày\s*)?"
    r"(?P<date>\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})"
    r"|^[ \t]*(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy)|Chủ\s+[Nn]hật)\s*,\s*(?:ngày\s*)?"
    r"(?P<date2>\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE | re.MULTILINE,
)


def publication_date(text: str) -> date | None:
    """A publication stamp near the top ("Cập nhật lúc21:49, Thứ Sáu, 14/04/2017")."""
    m = _PUBLISHED.search(text, 0, min(len(text), 3000))
    if m is None:
        return None
    return parse_date(m.group("date") or m.group("date2"))
