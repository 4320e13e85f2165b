"""Merging: one Reference per cited document, from the citations found for it; a dateless
citation takes the date and issuer of a news lead (`Ngày 25 tháng 11 năm 2025, UBND tỉnh Cà
Mau ban hành Kế hoạch …`).
"""

from __future__ import annotations

import re
from datetime import date

from extractors.metadata import DATE_PATTERN, parse_date
from extractors.reference_candidates import Candidate
from extractors.reference_record import Reference

_NEWS_LEAD = re.compile(
    rf"(?:^|[.;!?][ \t]+|\n)(?i:ngày)[ \t]+(?P<date>{DATE_PATTERN})[ \t]*,[ \t]*(?P<issuer>[^,.;\n]{{3,100}}?)[ \t]+"
    r"(?:đã[ \t]+|vừa[ \t]+|chính thức[ \t]+)?(?:ban hành|có|ký(?:[ \t]+ban hành)?|phát hành|ra|thông qua|công bố)[ \t]*$",
    re.MULTILINE,
)


def _news_date(text: str, cand: Candidate) -> tuple[date | None, str | None]:
    """Date and issuer from a news lead: "Ngày 27/11/2025, Văn phòng UBND tỉnh … đã có Kế hoạch …"."""
    window = max(0, cand.span.start - 200)
    line_start = text.rfind("\n", window, cand.span.start) + 1
    m = _NEWS_LEAD.search(text, max(line_start, window), cand.span.start)
    if m is None:
        return None, None
    return parse_date(m.group("date")), m.group("issuer").strip()


def merge(text: str, cands: list[Candidate], own: str) -> list[Reference]:
    groups: dict[str, list[Candidate]] = {}
    order: list[str] = []
    named_numbers = {c.name: c.key for c in cands if c.number and c.name}
    # "Nghị quyết 347" is "Nghị quyết số 347/NQ-CP" cited in full elsewhere.
    full_numbers: dict[tuple[str, str], str] = {}
    for c in cands:
        if c.number and not c.number.isdigit() and (lead := re.match(r"\d+", c.number)):
            full_numbers.setdefault((c.doc_type, lead.group()), c.key)
    for c in sorted(cands, key=lambda c: c.span.start):
        if not c.key or (own and c.key == own):
            continue
        key = c.key
        if c.number and c.number.isdigit():
            key = full_numbers.get(
                (c.doc_type, c.number.lstrip("0") or "0"), full_numbers.get((c.doc_type, c.number), key)
            )
        if c.number is None and c.name:
            # A law cited by name and elsewhere by name and number is one reference.
            key = named_numbers.get(c.name, key)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(c)
    _merge_short_names(groups, order)
    out: list[Reference] = []
    for key in order:
        group = groups[key]
        # The fullest occurrence: dated, in running text rather than a title in capitals, with
        # its issuer; the earliest of equals.
        best = max(
            group,
            key=lambda c: (
                c.date is not None,
                not c.span.text.isupper(),
                c.issuer is not None,
                -c.span.start,
            ),
        )
        found_date, issuer = best.date, best.issuer
        if found_date is None and best.number:
            for c in group:
                d, who = _news_date(text, c)
                if d is not None:
                    found_date, issuer = d, issuer or who
                    break
        number = best.number or next((c.number for c in group if c.number), None)
        out.append(Reference(best.span, best.doc_type, number, found_date, issuer))
    out.sort(key=lambda r: r.span.start)
    return out


def _merge_short_names(groups: dict[str, list[Candidate]], order: list[str]) -> None:
    """Fold an undated, unnumbered mention into the law or plan whose name it begins or
    extends, in place: "Luật bầu cử" and "Luật Bầu cử đại biểu Quốc hội và …" are one law,
    and so is "Luật Bầu cử đại biểu … chậm nhất" (a name that ran on). Dated or numbered
    citations stay apart ("Luật Đầu tư ngày 17/6/2020", "Luật Đầu tư công ngày 13/6/2019")."""

    def words(key: str) -> list[str]:
        group = groups[key]
        name = next((c.name for c in group if c.name), "")
        return (name or key.split(":", 1)[-1]).split()

    for short in list(order):
        group = groups[short]
        if not short.startswith(("law:", "name:")) or any(c.date or c.number for c in group):
            continue
        mine = words(short)
        if len(mine) < 2:
            continue
        for other in order:
            if other == short or groups[other][0].doc_type != group[0].doc_type:
                continue
            theirs = words(other)
            n = min(len(mine), len(theirs))
            if n >= 2 and mine[:n] == theirs[:n]:
                groups[other] = sorted(groups[other] + group, key=lambda c: c.span.start)
                del groups[short]
                order.remove(short)
                break
