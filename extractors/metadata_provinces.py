"""The provinces a document is about: place mentions read as at the document's date.

From 1 July 2025 a merged province reads as its successor, and from 2025 `Thừa Thiên Huế`
reads `Huế`; `reference_date` is the date that decides, `provinces_in`, `most_frequent`
and `listed_with` pick the provinces of a part of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from extractors.metadata_dates import DATE_PATTERN, parse_date
from extractors.places import PlaceMention

_MERGER = date(2025, 7, 1)
_ANY_DATE = re.compile(r"(?=\d)(?<!\d)" + DATE_PATTERN)
# What may stand between the names of a list of provinces: "Sơn La, Điện Biên và Lai Châu".
_LIST_GAP = re.compile(r"[\s,;/–-]*(?:(?:và|với|cùng)\s+)?(?:các\s+)?(?:tỉnh|thành phố|TP\.?)?[\s,;/–-]*")


def as_of(province_name: str, current: str, when: date | None) -> str:
    """A province as it was at `when`: merged provinces read as their successor from 1 July 2025."""
    name = current if when is not None and when >= _MERGER else province_name
    if name == "Thừa Thiên Huế" and when is not None and when >= date(2025, 1, 1):
        return "Huế"
    return name


def _name_of(p: PlaceMention, when: date | None) -> str:
    return as_of(p.province, p.current, when)


def reference_date(text: str, issued: date | None) -> date | None:
    """The document's date, or for undated texts the latest full date they mention."""
    if issued is not None:
        return issued
    latest: date | None = None
    for m in _ANY_DATE.finditer(text, 0, min(len(text), 30_000)):
        d = parse_date(m.group())
        if d is not None and (latest is None or d > latest):
            latest = d
    return latest


def add(out: list[str], names: list[str]) -> None:
    for n in names:
        if n not in out:
            out.append(n)


def provinces_in(places: list[PlaceMention], start: int, end: int, when: date | None,
                  districts: bool = False) -> list[str]:  # fmt: skip
    out: list[str] = []
    add(out, [_name_of(p, when) for p in places
               if start <= p.span.start < end and (districts or p.level == "province")])  # fmt: skip
    return out


def most_frequent(places: list[PlaceMention], when: date | None) -> list[str]:
    counts: Counter[str] = Counter()
    for p in places:
        counts[_name_of(p, when)] += 2 if p.level == "province" else 1
    return [counts.most_common(1)[0][0]] if counts else []


def listed_with(text: str, places: list[PlaceMention], start: int, end: int, anchors: list[str],
                 when: date | None) -> list[str]:  # fmt: skip
    """Provinces of [start, end) named in one list with an anchor province ("3 tỉnh Sơn La,
    Điện Biên và Lai Châu" with Sơn La from the headline)."""
    mentions = [p for p in places if start <= p.span.start < end and p.level == "province"]
    out: list[str] = []
    group: list[PlaceMention] = []
    for p in [*mentions, None]:
        if p is not None and group and _LIST_GAP.fullmatch(text, group[-1].span.end, p.span.start):
            group.append(p)
            continue
        names = [_name_of(q, when) for q in group]
        if len(names) > 1 and any(n in anchors for n in names):
            add(out, names)
        group = [p] if p is not None else []
    return out
