"""A citation as found, before merging (`Candidate`); the folded form of names that keys it;
the regions of text that citations cover (`Regions`), where no other citation is read.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from extractors.span import Span


@dataclass(frozen=True, slots=True)
class Candidate:
    span: Span
    doc_type: str
    number: str | None
    date: date | None
    issuer: str | None
    key: str  # folded number, or a kind prefix ("law:", "name:") and the folded name
    consumed_end: int  # end of the citation's subject clause (mentions inside are not refs)
    name: str = ""  # folded name of a document cited by name ("luat quy hoach")


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


class Regions:
    """Half-open intervals of the text, answering "is this offset inside one?" in log time."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        ordered = sorted(regions)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []
        furthest = -1
        for _, e in ordered:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos
