"""Exclusions: names that are part of a document number, a law's title, a person's office or a footer.

"Số: 2284/QĐ-UBND", "Luật Tổ chức Chính phủ", "Phó Thủ tướng", "THƯ VIỆN PHÁP LUẬT", and the
lines of a licence or masthead ("Giấy phép … do Sở Kế hoạch và Đầu tư Hà Nội cấp").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from extractors.agency_places import Context
from extractors.agency_text import rx

_LAW_BEFORE = rx(r"Luật(?: \w+){0,4} $")
_LAW_TOPICS = ("tổ", "mặt", "công", "thanh", "bầu")  # Luật Tổ chức …, Luật Mặt trận …, Luật Công đoàn …
_LIBRARY_BEFORE = rx(r"(?i:thư) $")
_FOOTER_LINE = rx(
    r"Giấ[yp] phép|đăng ký kinh doanh|Copyright|Bản quyền|Cơ quan chủ quản|Chịu trách nhiệm xuất bản|Tổng biên tập",
    re.IGNORECASE,
)


def footer_lines(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the short lines that hold a licence or masthead."""
    out: list[tuple[int, int]] = []
    for m in _FOOTER_LINE.finditer(text):
        before = text.rfind("\n", max(0, m.start() - 400), m.start())
        after = text.find("\n", m.end(), m.end() + 400)
        line_start = before + 1 if before >= 0 else 0
        line_end = after if after >= 0 else len(text)
        short = (before >= 0 or m.start() < 400) and line_end - line_start < 400
        if short and (not out or out[-1] != (line_start, line_end)):
            out.append((line_start, line_end))
    return tuple(out)


def excluded(ctx: Context, start: int) -> bool:
    """A name that is part of a document number, a law's title, a person's office or a footer."""
    text = ctx.text
    if start > 0 and text[start - 1] in "-/–":  # "2284/QĐ-UBND"
        return True
    lo = max(0, start - 40)
    if text[start : start + 4].lower() == "viện" and _LIBRARY_BEFORE.search(text, lo, start):
        return True  # "THƯ VIỆN PHÁP LUẬT"
    law = _LAW_BEFORE.search(text, lo, start)
    if law and not any(c in law.group() for c in ",.;:()"):
        words = law.group().split()
        if len(words) <= 3 or words[1].lower() in _LAW_TOPICS:
            return True
    if text.startswith("Thủ", start) and text[lo:start].rstrip().endswith("Phó"):
        return True
    i = bisect_right(ctx.footers, (start, len(text) + 1)) - 1
    return i >= 0 and ctx.footers[i][0] <= start < ctx.footers[i][1]
