"""The type heading of a document in capitals and the title lines under it.

`find_heading` finds the heading (`KẾ HOẠCH`, `QUYẾT ĐỊNHBan hành …`, after OCR noise)
and its doc_type; `find_title` extends it over the subject lines, up to the authority or the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.metadata_header import MOTTO_FOLDED
from extractors.metadata_text import LINE, clean_line, fold_chars
from extractors.metadata_types import classify_doc_type, type_words
from extractors.span import Span

# words that open a document's body on a line of their own: the legal basis, the addressee,
# the first article, chapter, part or numbered section
_BODY_OPENERS = (
    r"Căn cứ",
    r"Kính gửi",
    r"Theo đề nghị",
    r"Điều 1",
    r"Chương I(?!\w)",
    r"Phần I(?!\w)",
    r"I\.",
    r"1\.",
)


def _line_opening(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"^[ \t*_|]*(?:" + "|".join(words) + ")", re.MULTILINE)


BODY_START = _line_opening(_BODY_OPENERS)
# after a title's first line, "Thực hiện …" also opens the body (it never continues a title)
_SUBJECT_STOP = _line_opening((*_BODY_OPENERS, "Thực hiện"))
_AUTHORITY = re.compile(
    r"[ \t*_|]*(?:ỦY BAN|HỘI ĐỒNG|CHỦ TỊCH|THỦ TƯỚNG|CHÍNH PHỦ|BỘ TRƯỞNG|BAN THƯỜNG|BAN CHẤP HÀNH|"
    r"QUỐC HỘI|GIÁM ĐỐC|TỔNG CỤC|VĂN PHÒNG|TRƯỞNG BAN|BAN CHỈ ĐẠO|TIỂU BAN)[^\n]*$",
    re.MULTILINE,
)


@cache
def _heading() -> re.Pattern[str]:
    # "VĂN BẢN" names documents in general, never the type of the one at hand.
    words = sorted({w.upper() for w, _ in type_words() if w != "văn bản"}, key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in words)
    # "QUYẾT ĐỊNHBan hành …": a heading glued to its subject by a converter still counts.
    return re.compile(
        rf"(?P<lead>^[ \t*#_|]*|[^\n]{{0,30}}[ \t])(?P<type>{alternation})(?:(?![\w])|(?=[A-ZĐ][a-zđà-ỹ]))"
        r"(?P<rest>[^\n]*)$",
        re.MULTILINE,
    )


@dataclass(frozen=True, slots=True)
class _Heading:
    doc_type: str
    span: Span  # from the type word to the end of its line


def find_heading(text: str, start: int, limit: int) -> _Heading | None:
    """The type heading in capitals: at the start of a line, or ending a line after OCR noise."""
    for m in _heading().finditer(text, start, limit):
        lead, rest = m.group("lead"), clean_line(m.group("rest"))
        if lead.strip(" \t*#_|") and rest:
            continue  # a type word in the middle of a line is not the heading
        if rest.startswith((":", "(", ",", ";", ".")) or rest.lower().startswith("số"):
            continue  # "QUYẾT ĐỊNH:", "KẾ HOẠCH (tiếp)", "BÁO CÁO số liệu"
        return _Heading(classify_doc_type(m.group("type")), Span.of(text, m.start("type"), m.end()))
    return None


def find_title(text: str, heading: _Heading, limit: int) -> Span:
    """The heading line and the subject lines after it, up to a blank line, the authority or
    the body ("Căn cứ …"). The line right under the heading is subject even when it opens
    with "Thực hiện" ("KẾ HOẠCH\\nThực hiện công tác bầu cử …")."""
    end = heading.span.end
    pos = end + 1
    lines = 0
    while pos < limit and lines < 6:
        m = LINE.match(text, pos)
        if m is None:
            break
        body = clean_line(m.group("body"))
        if not body:
            if lines or end > heading.span.end or text.count("\n", heading.span.end, m.end()) > 2:
                break
            pos = m.end() + 1
            continue
        stop = BODY_START if lines == 0 else _SUBJECT_STOP
        if (
            stop.match(text, m.start())
            or _AUTHORITY.match(text, m.start())
            or MOTTO_FOLDED.search(fold_chars(body))
            or len(body) > 400
        ):
            break
        end = m.end()
        lines += 1
        pos = m.end() + 1
    return Span.of(text, heading.span.start, end)
