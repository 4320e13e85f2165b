"""Where a document's name ends: a law's (`Luật Phòng, chống tham nhũng`), a plan's or a
programme's, before its number, year, period, date or the words that end a name.
"""

from __future__ import annotations

import re

from extractors.reference_numbers import STRUCTURED
from extractors.reference_tails import TAIL_DATE

NAME_NUMBER = re.compile(rf"[ \t]*,?[ \t]*(?i:số)[ \t]*:?[ \t]*(?P<num>{STRUCTURED})")
NAME_YEAR = re.compile(r"[ \t]+(?:(?i:năm)[ \t]+)?(?P<year>(?:19|20)\d\d)(?![\d/\-–])")
NAME_PERIOD = re.compile(
    r"[ \t]*,?[ \t]+(?:giai đoạn|nhiệm kỳ|thời kỳ)[ \t]+(?:19|20)\d\d[ \t]*[-–][ \t]*(?:19|20)\d\d"
)


_NAME_WORD = re.compile(r"[ \t]+(?P<w>[^\s,;:()\[\]\"“”'‘’|!?<>.]+)")
_NAME_STOP = frozenset(
    {
        "được", "đã", "đang", "sẽ", "thì", "là", "có", "cho", "để", "nhằm", "tại", "trên", "khi", "với",
        "về", "trong", "sau", "theo", "của", "hiện", "này", "nói", "các", "những", "số", "ngày", "do",
        "mà", "nên", "cũng", "vẫn", "không", "chưa", "bị", "phải", "cần", "năm", "tháng", "như", "gồm",
        "từ", "đến", "qua", "bằng", "nếu", "hoặc", "hay", "thuộc", "kể", "vừa", "và", "trước", "giữa",
        "vào", "khoản", "điểm", "mục", "chương", "phần", "bao gồm", "chậm", "hoàn", "đúng", "nhưng",
        "đối với", "quy định", "ban hành", "phê duyệt", "hướng dẫn", "thực hiện", "triển khai",
    }
)  # fmt: skip
# "Luật Đầu tư công và pháp luật …", "Luật Điện ảnh và văn bản hướng dẫn": the name has ended.
_NOT_AFTER_AND = frozenset({"pháp", "văn", "nghị", "thông", "chỉ", "kế", "các", "những"})
# Words that cannot open a name even as its first word ("Luật và …", "Luật vào cuộc sống").
_NAME_STOP_FIRST = frozenset(w for w in _NAME_STOP if " " not in w)
# A programme's name runs on through its purpose ("Chương trình phối hợp thực hiện …").
PROGRAMME_STOP = _NAME_STOP - {"thực hiện", "triển khai"}


def document_name_end(
    text: str,
    pos: int,
    *,
    amend_list: bool,
    max_words: int = 16,
    stops: frozenset[str] = _NAME_STOP,
    item_words: int = 3,
) -> int:
    """End of a document name that starts right after `pos` (a law's or a plan's).

    A comma continues the name only after a short item (at most `item_words` words: "Luật
    Phòng, chống tham nhũng", "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ"), or before
    the next amended law of an amending law's list; "và" before a lower-case word continues it
    ("Luật Quy hoạch đô thị và nông thôn")."""
    end = pos
    words = 0
    segment = 0  # words since the last comma or "và"
    p = pos
    while words < max_words:
        if NAME_YEAR.match(text, p) or NAME_NUMBER.match(text, p) or TAIL_DATE.match(text, p):
            break
        if NAME_PERIOD.match(text, p):
            break
        if text.startswith(",", p):
            m = _NAME_WORD.match(text, p + 1)
            if m is None or words == 0:
                break
            w = m.group("w")
            if amend_list and w == "Luật":
                p = m.start()
                segment = 0
                continue
            if w[:1].isupper() or w.lower() in stops or any(c.isdigit() for c in w) or segment > item_words:
                break
            p = p + 1
            segment = 0
            continue
        m = _NAME_WORD.match(text, p)
        if m is None:
            break
        w = m.group("w")
        low = w.lower()
        if low == "và":
            n = _NAME_WORD.match(text, m.end())
            if n is None or words == 0:
                break
            nw = n.group("w")
            if (amend_list and nw == "Luật") or (
                nw[:1].islower()
                and nw.lower() not in stops
                and nw.lower() not in _NOT_AFTER_AND
                and f"{nw.lower()} {_next_word(text, n.end())}" not in stops
            ):
                p = m.end()
                segment = 0
                continue
            break
        if low == "theo" and text.startswith(" phương thức", m.end()):
            p = m.end()
            words += 1
            continue
        stopped = w[:1].islower() and (low in stops or f"{low} {_next_word(text, m.end())}" in stops)
        # The first word may open a name with a verb: "Luật ban hành văn bản …".
        if stopped and (words > 0 or low in _NAME_STOP_FIRST):
            break
        if w == "Luật" and not amend_list:
            break
        if any(c.isdigit() for c in w):
            break
        p = m.end()
        end = p
        words += 1
        segment += 1
    return end


def _next_word(text: str, pos: int) -> str:
    m = _NAME_WORD.match(text, pos)
    return m.group("w").lower() if m else ""
