"""The Reference record (SCHEMA.md `references[]`).

`extractors.references` re-exports it; `find_references` there is what makes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from extractors.span import Span


@dataclass(frozen=True, slots=True)
class Reference:
    """One cited document.

    `span` covers the citation as written (type word, number, date, issuer); `doc_type` is a
    SCHEMA.md type ("resolution", "plan", "law", …); `number` the cited số hiệu without stray
    spaces ("46-CT/TW"), a bare number ("88") or None (laws and plans cited by name);
    `date` the date given with the citation; `issuer` the issuing body as written after
    `của`/`giữa`, or None.
    """

    span: Span
    doc_type: str
    number: str | None
    date: date | None
    issuer: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.span.text,
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "start": self.span.start,
            "end": self.span.end,
        }
