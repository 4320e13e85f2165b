"""The Agency record and its kinds (SCHEMA.md `agencies[]`).

`extractors.agencies` re-exports both; `find_agencies` there is what makes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from extractors.span import Span


class AgencyKind(StrEnum):
    """The kinds of SCHEMA.md's `agencies[].kind`."""

    PEOPLE_COMMITTEE = "people_committee"
    PEOPLE_COUNCIL = "people_council"
    FATHERLAND_FRONT = "fatherland_front"
    PARTY = "party"
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    DEPARTMENT = "department"
    OFFICE = "office"
    MASS_ORGANIZATION = "mass_organization"
    GROUP = "group"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Agency:
    """One mention of an organisation.

    `span` is the surface form (`text[span.start:span.end] == span.text`); `name` the
    canonical name ("Ủy ban nhân dân tỉnh Lào Cai" for "UBND tỉnh" in a Lào Cai text);
    `kind` what sort of body it is; `level` central, province, district, commune,
    residential, or None when the text leaves it open ("UBND cùng cấp"); `province` the
    province it belongs to (the document's, unless another is written), None for central
    bodies or when the text names no province.
    """

    span: Span
    name: str
    kind: AgencyKind
    level: str | None
    province: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.span.text,
            "name": self.name,
            "kind": str(self.kind),
            "level": self.level,
            "province": self.province,
            "start": self.span.start,
            "end": self.span.end,
        }
