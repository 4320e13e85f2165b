"""Task tables: a header row naming "Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian
hoàn thành" (columns found by their header words), then one lead duty per row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.duty_cues import Role, cue_key, duty_cue_lexicon
from extractors.duty_predicates import split_partners
from extractors.duty_state import Draft, State
from extractors.duty_words import NUMBERISH
from extractors.span import Span

_LEAD_HINT = re.compile(r"chủ trì|thực hiện|tham mưu|trách nhiệm", re.IGNORECASE)


@cache
def field_phrases() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(duty_cue_lexicon().field_kind.items(), key=lambda kv: -len(kv[0])))


@dataclass(slots=True)
class Table:
    """Columns of a task table, found by their header words."""

    ncols: int
    task: int
    lead: int
    support: int | None
    time: int | None

    @classmethod
    def header(cls, st: State, cells: list[tuple[int, int]]) -> Table | None:
        if len(cells) < 3 or not _LEAD_HINT.search(st.text, cells[0][0], cells[-1][1]):
            return None
        kinds: dict[str, int] = {}
        phrases = field_phrases()
        for i, (x, y) in enumerate(cells):
            name = cue_key(st.text[x:y])
            if not name or len(name) > 60:
                continue
            for phrase, kind in phrases:
                if (
                    name == phrase
                    or name.startswith(phrase + " ")
                    or (kind != "task_field" and phrase in name)
                ):
                    kinds.setdefault(kind, i)
                    break
        if "task_field" not in kinds or "lead_field" not in kinds:
            return None
        return cls(
            len(cells),
            kinds["task_field"],
            kinds["lead_field"],
            kinds.get("support_field"),
            kinds.get("time_field"),
        )

    def row(self, st: State, cells: list[tuple[int, int]]) -> bool:
        """Read one row as a duty; False when the line is not a row of this table."""
        text = st.text
        if len(cells) < 2:
            return False
        shift = 0
        if len(cells) < self.ncols and self.task > 0 and not NUMBERISH.match(text[cells[0][0] : cells[0][1]]):
            shift = -1  # a continuation row without its number

        def cell(i: int | None) -> Span | None:
            if i is None or not 0 <= i + shift < len(cells):
                return None
            s = Span.of(text, *cells[i + shift])
            return s if s.text else None

        task, lead = cell(self.task), cell(self.lead)
        if task is None or lead is None or len(task.text.split()) < 2:
            return True  # a group row ("I | CƠ CHẾ, CHÍNH SÁCH")
        d = Draft(span=task, actor=lead, action=task, role=Role.LEAD, explicit=True)
        support, time = cell(self.support), cell(self.time)
        if support is not None:
            d.partners.extend(split_partners(st, support.start, support.end))
        if time is not None:
            d.deadline = time.text
        st.drafts.append(d)
        return True
