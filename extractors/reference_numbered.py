"""Numbered citations: a type word and its number (`Quyết định số 1229/QĐ-UBND ngày …`), the
further numbers of a list, and the subject clause after each (`về …`, `ban hành …`), inside
which nothing else is a reference.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.metadata import classify_doc_type, clean_number, fold_number, number_doc_type
from extractors.reference_candidates import Candidate, Regions
from extractors.reference_numbers import AFTER_BARE, FORM_BEFORE, LIST_NUMBER, YEARLIKE, typed_number
from extractors.reference_tails import tail
from extractors.span import Span

_CLAUSE_END = re.compile(r"[;\n]|\.(?:\s|$)")
_SUBJECT = re.compile(
    r"[ \t]*,?[ \t]*(?i:về|v/v|ban hành|phê duyệt|quy định|hướng dẫn|sửa đổi|bổ sung|thực hiện|triển khai|"
    r"công nhận|thành lập|giao|phân bổ|điều chỉnh|bãi bỏ|thay thế|kèm theo|hủy bỏ|công bố|ban bố)(?!\w)"
)


def _subject_end(text: str, pos: int) -> int:
    """End of the subject clause (`về …`, `ban hành …`) after a citation, or `pos` when none."""
    if not _SUBJECT.match(text, pos):
        return pos
    limit = min(len(text), pos + 1500)
    m = _CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def numbered_candidates(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    covered: list[tuple[int, int]] = []
    for m in typed_number().finditer(text):
        raw = m.group("num")
        structured = not raw.isdigit()
        type_word = m.group("type")
        if not structured:
            if m.group("so") is None:
                if (
                    not type_word[:1].isupper()
                    or YEARLIKE.fullmatch(raw)
                    or not AFTER_BARE.match(text, m.end())
                ):
                    continue
            elif YEARLIKE.fullmatch(raw) and text[m.end() : m.end() + 1] in "-–":
                continue  # "số 2021-2025"
        number = clean_number(raw)
        end, found_date, issuer = tail(text, m.end())
        doc_type = classify_doc_type(type_word)
        start = m.start()
        if "(" in m.group("gap"):
            # "Luật Quy hoạch (Số 37/2019/NĐ-CP …)": the number names a document of its own.
            doc_type = number_doc_type(number) or doc_type
            start = m.start("gap") + m.group("gap").index("(") + 1
        out.append(_candidate(text, start, end, doc_type, number, found_date, issuer))
        covered.append((m.start("num"), m.end("num")))
    # Numbers of a list that carry no type word of their own.
    typed = Regions(covered)
    for m in LIST_NUMBER.finditer(text):
        if m.start("num") in typed:
            continue
        if FORM_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        number = clean_number(m.group("num"))
        code_type = number_doc_type(number)
        if code_type is None or (code_type == "letter" and m.group("so") is None):
            continue
        doc_type = code_type
        end, found_date, issuer = tail(text, m.end())
        out.append(_candidate(text, m.start(), end, doc_type, number, found_date, issuer))
    return out


def _candidate(
    text: str, start: int, end: int, doc_type: str, number: str, found_date: date | None, issuer: Span | None
) -> Candidate:
    """A numbered citation spanning [start, end)."""
    return Candidate(
        Span.of(text, start, end),
        doc_type,
        number,
        found_date,
        issuer.text if issuer else None,
        fold_number(number),
        _subject_end(text, end),
    )
