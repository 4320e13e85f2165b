"""Time context: whether the text around a time makes it a deadline.

`rejected` turns away the near-misses listed in `extractors/deadlines.py` (citations,
"Căn cứ …" lines, effective dates, past events, reported results, times over before the
issue month); `in_cell` says when a time stands alone (a table cell, a line of its own,
after "Thời gian thực hiện:"), where a bare year or date counts. Also here: a form's
blank date, "định kỳ" as an adverb rather than an attribute, and the anchor a relative
period counts from. Each check looks a bounded window around the time only.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.time_expressions import grammar

_WINDOW = 400  # how far the context checks look around a time
_CELL_LABEL = re.compile(r"(?:thời\s+gian|thời\s+hạn|tiến\s+độ|lộ\s+trình)[^:|\n]{0,40}:\s*\Z", re.IGNORECASE)
_DOC_NUMBER_END = re.compile(r"(?:\d[\w.\-]*(?:\s?/\s?[\w.\-]+)+|(?<!\w)số\s+\d+)\s*,?\s*(?:ngày\s*)?\Z")
_DOC_NUMBER = re.compile(r"\d+(?:/\d{4})?/[A-ZĐ]{1,6}(?:-[A-ZĐ0-9]+)+|\d{1,4}-[A-ZĐ]{2,4}/[A-ZĐ]{2,4}")


def in_cell(text: str, s: int, e: int) -> bool:
    """True when [s, e) fills a table cell, a line of its own, or follows "Thời gian …:"."""
    lo = max(0, s - 200)
    ls = max(text.rfind("\n", lo, s), text.rfind("|", lo, s))
    left = text[ls + 1 if ls >= 0 else lo : s]
    if _CELL_LABEL.search(left):  # "Thời gian thực hiện: năm 2026", "tiến độ di dân: 2005 phải …"
        return True
    if left.strip(" \t-+*•–("):
        return False
    stop = [i for i in (text.find("\n", e, e + 200), text.find("|", e, e + 200)) if i >= 0]
    right = text[e : min(stop) if stop else min(len(text), e + 200)]
    return not right.strip(" \t.;,)")


def rejected(
    text: str,
    reference: date | None,
    first: int,
    s: int,
    e: int,
    pre_words: str,
    cell: bool,
    end: date | None,
) -> bool:
    """Citations, effective dates, past events and reported results are not deadlines."""
    g = grammar()
    # look back and ahead a bounded window only: a megabyte on one line must stay linear
    lo = max(0, first - _WINDOW)
    line_start = max(lo, text.rfind("\n", lo, first) + 1)
    seg_start = max(line_start, text.rfind(";", line_start, first) + 1)
    if _in_legal_basis(text, seg_start, first, e) or g.event_lead.search(text, max(0, first - 30), first):
        return True
    left = text[max(seg_start, first - 80) : first]
    if _DOC_NUMBER_END.search(left) or g.amend_end.search(left):
        return True
    clause_start = max(seg_start, max(left.rfind(c) for c in ".(\n") + max(seg_start, first - 80) + 1)
    clause_left = text[clause_start:first]
    if g.citation.search(clause_left) or g.effective.search(text[max(seg_start, first - 60) : first]):
        return True
    if cell:
        row = text[line_start : _next_stop(text, e, "\n", limit=_WINDOW)]
        if _DOC_NUMBER.search(row) and _is_plain_date(text[first:e]):  # a list of documents and their dates
            return True
    if _in_cited_list_item(text, first, e):
        return True
    if g.sincepast.match(text, e):
        return True
    clause_end = _next_stop(text, e, ",;.\n|:")
    if g.past.search(text, e, clause_end):
        return True
    clause_begin = max(seg_start, *(text.rfind(c, lo, first) + 1 for c in ",.:|"))
    if _PAST_BEFORE.search(text, clause_begin, first):  # "Đã khắc phục xong từ tháng 6/2024"
        return True
    sentence_end = _next_stop(text, e, ";.\n|")
    lead = text[max(seg_start, text.rfind(".", lo, first) + 1, text.rfind(":", lo, first) + 1) : first]
    initial = not lead.strip(" \t*_-+•–")
    # "Năm 2021, …", "Chỉ riêng năm 2005, …", "đến tháng 10/2004, …": a topic time set off by a comma
    topic = text[e : e + 1] == "," and (initial or len(lead.split()) <= 2 or pre_words in ("đến", "tới"))
    if (initial or topic) and re.search(r"(?<!\w)đã(?!\w)", text[e:sentence_end]):
        return True
    if topic and g.past.search(text, e, sentence_end):
        return True
    as_of = topic and pre_words in ("đến", "tới")
    if as_of and re.match(r",\s*mới\s", text[e : e + 10]):  # "đến tháng 10/2004, mới giải ngân 80 tỷ"
        return True
    # with the issue date known, a time over before its month began is a past event
    return reference is not None and end is not None and end < reference.replace(day=1)


BLANK_DATE_BEFORE = re.compile(r"(?<!\w)ngày[\s.…_]*(?:tháng[\s.…_]*)?\Z", re.IGNORECASE)


def is_slash_date(s: str) -> bool:
    return "/" in s and "ngày" not in s.lower()


# "đã" a few words before the time, in its clause: "Đã khắc phục xong từ tháng 6/2024"
_PAST_BEFORE = re.compile(r"(?<!\w)đã(?:\s+[^\W\d_]+){0,4}\s+\Z", re.IGNORECASE)
_LEGAL_BASIS = re.compile(r"[\s*_\-+•]*căn\s+cứ(?!\w)", re.IGNORECASE)


def _in_legal_basis(text: str, seg_start: int, first: int, e: int) -> bool:
    """True in a "Căn cứ …;" line, or in the opening clause of "Căn cứ theo X, …"."""
    if not _LEGAL_BASIS.match(text, seg_start, first):
        return False
    if "," not in text[seg_start:first]:
        return True
    end = _next_stop(text, e, ";\n", limit=600)
    return end >= len(text) or text[end] == ";" or text[end - 1 : end] == "."


def _in_cited_list_item(text: str, first: int, e: int) -> bool:
    """True inside a ";"-ended item of a list of cited documents: "…; Quyết định số
    1679/QĐ-TTg ngày 22/11/2019 của Thủ tướng Chính phủ về việc phê duyệt Chiến lược dân
    số Việt Nam đến năm 2030;"."""
    lo = max(0, first - _WINDOW)
    item_start = max(lo, max(text.rfind(c, lo, first) for c in ";:\n") + 1)
    if not grammar().cited_item.match(text, item_start, first):
        return False
    end = _next_stop(text, e, ";\n", limit=400)
    return end < len(text) and text[end] == ";"


def _is_plain_date(s: str) -> bool:
    return re.fullmatch(r"(?:ngày\s+)?[\d/.\-\s]+", s.strip(), re.IGNORECASE) is not None


def _next_stop(text: str, pos: int, chars: str, limit: int = 300) -> int:
    stops = [i for i in (text.find(c, pos, pos + limit) for c in chars) if i >= 0]
    return min(stops) if stops else min(len(text), pos + limit)


_NOT_AFTER_DINHKY = re.compile(
    r"\s*(?:[,.;:)/|]|\Z|(?:và|hoặc|hay|về|của|theo|đột|nhằm|để|cho|thì|là|trong|được|trước|chậm|vào|từ|ngày)(?!\w))",
    re.IGNORECASE,
)
_NOT_BEFORE_DINHKY = re.compile(r"(?<!\w)(?:theo|đúng|đủ|chế\s+độ|các|lần|kỳ)\s+\Z", re.IGNORECASE)


def adverbial_dinhky(text: str, s: int, e: int) -> bool:
    """ "định kỳ báo cáo" (schedules an act) rather than "báo cáo định kỳ, đột xuất" (a kind of report)."""
    if _NOT_AFTER_DINHKY.match(text, e):
        return False
    if _NOT_BEFORE_DINHKY.search(text, max(0, s - 20), s):
        return False
    nxt = re.match(r"\s+([^\W\d_])", text[e : e + 4])
    return nxt is not None and nxt.group(1).islower()


def after_dinhky(text: str, start: int, core_start: int) -> int:
    """The offset just past "định kỳ " at `start` (bounds after it stay in the span)."""
    mm = re.match(r"định\s+kỳ\s+", text[start:core_start], re.IGNORECASE)
    return start + mm.end() if mm else start


def paren_follows(text: str, e: int) -> bool:
    return re.match(r"\s*\(", text[e : e + 5]) is not None


_ANCHOR = re.compile(r"[^\n.;:|()“”\"!?]{1,200}")


def period_anchor(text: str, pos: int) -> tuple[int, str]:
    """The event a relative period counts from: the rest of its clause, at most 20 words.

    A comma ends it unless the next piece is short and lower case ("kể từ ngày được
    tiếp nhận, tuyển dụng, bổ nhiệm").
    """
    mm = _ANCHOR.match(text, pos)
    if mm is None:
        return pos, ""
    chunk = mm.group()
    pieces = chunk.split(",")
    closed = mm.end() >= len(text) or text[mm.end()] in ".;\n!?"  # the clause ends where the chunk does
    kept = pieces[0]
    for i, piece in enumerate(pieces[1:], start=1):
        stripped = piece.strip()
        if not stripped or not stripped[0].islower() or len(stripped.split()) > 4:
            break
        if i == len(pieces) - 1 and not closed:
            break
        kept += "," + piece
    words = kept.split()
    if len(words) > 20:
        cut = re.match(r"\s*(?:\S+\s+){19}\S+", kept)
        kept = cut.group() if cut else kept
    kept = kept.rstrip(" \t,")
    if not kept.strip():
        return pos, ""
    return pos + len(kept), " ".join(kept.split())
