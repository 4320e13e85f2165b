"""Laws cited by name or number: `Luật …`, `Bộ luật …`, `Pháp lệnh …`, `Hiến pháp năm 2013`,
amending laws with the laws they amend; not `Luật sư`, `Luật này`, `dự thảo Luật …`.
"""

from __future__ import annotations

import re

from extractors.metadata import clean_number, fold_number, number_doc_type
from extractors.reference_candidates import Candidate, Regions, fold
from extractors.reference_name_end import NAME_NUMBER, NAME_YEAR, document_name_end
from extractors.reference_numbers import STRUCTURED, any_type_word
from extractors.reference_tails import tail
from extractors.span import Span

_LAW_HEAD = re.compile(r"(?<!\w)(?P<head>Bộ luật|Luật|Hiến pháp|Pháp lệnh)(?!\w)")
_NOT_A_LAW = re.compile(
    r"[ \t]+(?:sư|gia|này|định|lệ|pháp|hóa|học|chơi|chung|nào|khác|mới|cũ|liên quan|hiện hành)(?!\w)"
)
_CONSTITUTION = re.compile(
    r"[ \t]+(?:(?i:năm)[ \t]+(?:19|20)\d\d|(?:19|20)\d\d|nước|(?:của[ \t]+)?(?:CHXHCN|Cộng hòa))"
)
_DRAFT_BEFORE = re.compile(r"(?i:dự thảo|dự án|đề án xây dựng|đề nghị xây dựng)[ \t]*$")
_AMEND = re.compile(
    r"[ \t]+(?i:sửa|sử|sữa)[ \t]+đổi[ \t]*,?[ \t]*(?:bổ[ \t]+sung[ \t]*)?(?:một[ \t]+số[ \t]+điều[ \t]*)?(?:của[ \t]+)?"
)


_LAW_NUMBER_AHEAD = re.compile(rf"[^;.\n()|]{{0,60}}?(?<!\w)(?P<so>số)[ \t]*:?[ \t]*(?P<num>{STRUCTURED})")
_NAME_AMENDED = re.compile(r"[ \t]*\((?:sửa đổi|sửa đổi,? bổ sung)\)")


def law_candidates(text: str, consumed: Regions) -> list[Candidate]:
    out: list[Candidate] = []
    skip_until = -1
    for m in _LAW_HEAD.finditer(text):
        if m.start() < skip_until or m.start() in consumed:
            continue
        if _NOT_A_LAW.match(text, m.end()) or _DRAFT_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        head = m.group("head")
        p = m.end()
        if head == "Hiến pháp" and not _CONSTITUTION.match(text, p):
            continue  # "Hiến pháp, pháp luật" is the legal order, not a citation
        amend = _AMEND.match(text, p) if head == "Luật" else None
        if amend:
            p = amend.end()
            if text.startswith("Luật", p):
                p = document_name_end(text, p + len("Luật"), amend_list=True, max_words=40)
            else:
                p = document_name_end(text, p - 1, amend_list=True, max_words=40)
        else:
            p = document_name_end(text, p, amend_list=False)
        name_end = p
        number: str | None = None
        if nm := NAME_NUMBER.match(text, p):
            number = clean_number(nm.group("num"))
            p = nm.end()
        elif ym := NAME_YEAR.match(text, p):
            p = ym.end()
        elif (ahead := _law_number_ahead(text, p)) and head != "Hiến pháp":
            # "Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14": the name ran
            # past a word our name rules stop at; the law number a few words on settles it.
            name_end = ahead.start("so")
            number = clean_number(ahead.group("num"))
            p = ahead.end()
        if am := _NAME_AMENDED.match(text, p):
            p = am.end()
        if name_end == m.end() and number is None and head != "Hiến pháp":
            continue  # "Luật" alone
        end, found_date, issuer = tail(text, p)
        span = Span.of(text, m.start(), end)
        name = text[m.start() : name_end]
        key = fold_number(number) if number else "law:" + fold(name)
        out.append(
            Candidate(
                span,
                "law",
                number,
                found_date,
                issuer.text if issuer else None,
                key,
                span.end,
                fold(name) if name_end > m.end() else "",
            )
        )
        skip_until = span.end
    return out


def _law_number_ahead(text: str, pos: int) -> re.Match[str] | None:
    """A law's number (`số 02/2020/UBTVQH14`) a few words on, with no other document between."""
    m = _LAW_NUMBER_AHEAD.match(text, pos)
    if m is None or number_doc_type(m.group("num")) != "law" or "QH" not in m.group("num"):
        return None
    return None if any_type_word().search(text, pos, m.start("so")) else m
