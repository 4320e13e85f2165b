"""Other documents cited by name: regulations after `thực hiện`/`căn cứ`/`theo`/`tại`, approved
master plans, `theo báo cáo của …`, plans implementing a cited document, and the cooperation
programme a news headline or lead is about.
"""

from __future__ import annotations

import re

from extractors.metadata import classify_doc_type
from extractors.reference_candidates import Candidate, Regions, fold
from extractors.reference_name_end import NAME_NUMBER, NAME_PERIOD, PROGRAMME_STOP, document_name_end
from extractors.reference_numbers import typed_number
from extractors.reference_tails import issuer_after, scan_issuer
from extractors.span import Span

_REGULATION = re.compile(r"Quy chế(?!\w)")
_REGULATION_CUE = re.compile(r"(?<!\w)(?i:thực hiện|căn cứ|theo|tại)[ \t]+$")
_MASTER_PLAN = re.compile(r"Quy hoạch(?!\w)")
_APPROVED_AFTER = re.compile(r"[^;.\n]{0,100}?được[^;.\n]{0,50}?phê duyệt")
_LIST_NEXT = re.compile(r"[ \t]*(?:,|và)[ \t]*Quy hoạch")
_REPORT = re.compile(r"(?P<head>[Bb]áo cáo|BÁO CÁO)[ \t]+của[ \t]+")
_REPORT_CUE = re.compile(r"(?<!\w)(?i:theo|căn cứ)[ \t]+$")
_IMPLEMENTING = re.compile(
    r"(?<!\w)(?P<head>Kế hoạch|Chương trình hành động|Chương trình)[ \t]+"
    r"(?:(?i:thực hiện)|(?i:triển khai)(?:[ \t]+thực hiện)?)[ \t]+(?=[A-ZĐ])"
)
_FUTURE_BEFORE = re.compile(
    r"(?i:xây dựng|ban hành|dự thảo|lập|tham mưu|nghiên cứu|này)(?:[ \t]+(?:và|các|mới))?[ \t]*$"
)
_COOPERATION = re.compile(r"(?<!\w)(?P<head>[Cc]hương trình[ \t]+(?:phối hợp|hợp tác|liên tịch))(?!\w)")
_PLURAL_BEFORE = re.compile(r"(?i:các|những|mỗi|từng|xây dựng|ký kết các)[ \t]*$")
_LEAD_CHARS = 1500


def named_candidates(text: str, numbered: list[Candidate], consumed: Regions) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _REGULATION.finditer(text):
        start = m.start()
        if start in consumed or not _REGULATION_CUE.search(text, max(0, start - 15), start):
            continue
        if text.startswith(" này", m.end()) or NAME_NUMBER.match(text, m.end()):
            continue
        p = document_name_end(text, m.end(), amend_list=False, item_words=8)
        if pm := NAME_PERIOD.match(text, p):
            p = pm.end()
        p, found = issuer_after(text, p)
        issuer = found.text if found else None
        if p == m.end():
            continue
        span = Span.of(text, start, p)
        out.append(Candidate(span, "other", None, None, issuer, "name:" + fold(text[start:p]), span.end))

    for m in _MASTER_PLAN.finditer(text):
        if (
            (m.start() and text[m.start() - 1].isalnum())
            or m.start() in consumed
            or NAME_NUMBER.match(text, m.end())
        ):
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        p = document_name_end(text, m.end(), amend_list=False, item_words=8)
        if p == m.end():
            continue
        approved = before.rstrip().endswith("phê duyệt")
        after = _APPROVED_AFTER.match(text, p)
        if after and not typed_number().search(after.group()):
            # "Quy hoạch A, Quy hoạch B đã được phê duyệt": the cue covers the whole list.
            between = after.group()
            approved = approved or "Quy hoạch" not in between or bool(_LIST_NEXT.match(between))
        if not approved:
            continue
        span = Span.of(text, m.start(), p)
        out.append(Candidate(span, "other", None, None, None, "name:" + fold(span.text), span.end))

    for m in _REPORT.finditer(text):
        if m.start() in consumed or not _REPORT_CUE.search(text, max(0, m.start() - 12), m.start()):
            continue
        stop = scan_issuer(text, m.end())
        if stop <= m.end():
            continue
        span = Span.of(text, m.start("head"), stop)
        issuer = Span.of(text, m.end(), stop).text
        out.append(Candidate(span, "report", None, None, issuer, "report:" + fold(issuer), span.end))

    by_start = {c.span.start: c for c in numbered}
    for m in _IMPLEMENTING.finditer(text):
        if _FUTURE_BEFORE.search(text, max(0, m.start() - 25), m.start()) or m.start() in consumed:
            continue
        cited = by_start.get(m.end())
        if cited is None or cited.number is None:
            continue
        span = Span.of(
            text, m.start(), cited.span.start + len(cited.span.text.split(" ngày")[0].split(" của")[0])
        )
        doc_type = classify_doc_type(m.group("head"))
        out.append(Candidate(span, doc_type, None, None, None, "name:" + fold(span.text), span.end))
    return out


def cooperation_programme(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """The cooperation programme a news headline or lead is about (unnumbered)."""
    if any(c.doc_type == "program" and c.number for c in candidates):
        return []
    best: Candidate | None = None
    best_rank = (False, 0)
    for m in _COOPERATION.finditer(text, 0, min(len(text), _LEAD_CHARS)):
        if _PLURAL_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if typed_number().match(text, m.start()):
            continue
        p = document_name_end(
            text, m.end(), amend_list=False, max_words=20, stops=PROGRAMME_STOP, item_words=8
        )
        named = p > m.end()
        if pm := NAME_PERIOD.match(text, p):
            p = pm.end()
        p, found = issuer_after(text, p)
        issuer = found.text if found else None
        span = Span.of(text, m.start(), p)
        cand = Candidate(span, "program", None, None, issuer, "name:" + fold(span.text), span.end)
        rank = (named, len(span.text.split()))
        if best is None or rank > best_rank:
            best, best_rank = cand, rank
    return [best] if best else []
