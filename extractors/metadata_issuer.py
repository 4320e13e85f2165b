"""The issuing body: the capitalized header cell above the motto or number line.

`CENTRAL_ISSUER` tells a central body (Chính phủ, Quốc hội, a Bộ …) from a local one.
"""

from __future__ import annotations

import re

from extractors.metadata_header import MOTTO_FOLDED, NUMBER_LINE, Motto, NumberLine
from extractors.metadata_text import clean_line, fold_chars, is_caps
from extractors.span import Span

CENTRAL_ISSUER = re.compile(
    r"^(?:CHÍNH PHỦ|THỦ TƯỚNG|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|BỘ(?!\w)|BAN CHẤP HÀNH TRUNG ƯƠNG|"
    r"BỘ CHÍNH TRỊ|BAN BÍ THƯ|VĂN PHÒNG CHÍNH PHỦ|TÒA ÁN NHÂN DÂN TỐI CAO|VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO|"
    r"KIỂM TOÁN NHÀ NƯỚC|NGÂN HÀNG NHÀ NƯỚC|ỦY BAN TRUNG ƯƠNG|ĐOÀN CHỦ TỊCH ỦY BAN TRUNG ƯƠNG|"
    r"BAN [A-ZĐÀ-Ỹ ,]+ TRUNG ƯƠNG|HỘI ĐỒNG BẦU CỬ QUỐC GIA)"
)
_DASHES = re.compile(r"^[\s\-–—_=.*|]*$")


def issuer_parts(text: str, motto: Motto | None, number: NumberLine | None) -> list[Span]:
    """The issuing body's cell of the header: capitalized lines above the motto (or the
    number), the cell before the motto on its own line ("ỦY BAN … | CỘNG HÒA …"), and the
    left half of the next line in a two-column layout ("THÀNH PHỐ HÀ NỘI Độc lập - …")."""
    anchor_line = motto.line_start if motto else (text.rfind("\n", 0, number.span.start) + 1 if number else 0)
    parts: list[Span] = []
    if motto is not None and motto.start > motto.line_start:
        cell = Span.of(text, motto.line_start, motto.start)
        if cell.text.strip(" |*") and is_caps(cell.text):
            parts.append(cell)
    pos = anchor_line
    above: list[Span] = []
    while pos > 0 and len(above) < 4:
        start = text.rfind("\n", 0, pos - 1) + 1
        line = Span.of(text, start, pos - 1)
        body = clean_line(line.text)
        pos = start
        if not body or _DASHES.match(body):
            if above:
                break
            continue
        if body.startswith(("Số", "SỐ")) or NUMBER_LINE.match(text, start):
            continue
        if not is_caps(body) or len(body) > 90:
            break
        above.insert(0, line)
    parts = above + parts
    if motto is not None:
        nxt_end = text.find("\n", motto.line_end + 1)
        nxt = text[motto.line_end + 1 : nxt_end if nxt_end >= 0 else len(text)]
        folded = fold_chars(nxt)
        cut = folded.find("doc lap")
        if cut > 0 and is_caps(nxt[:cut]) and not MOTTO_FOLDED.search(folded[:cut]):
            parts.append(Span.of(text, motto.line_end + 1, motto.line_end + 1 + cut))
    return [p for p in parts if p.text]
