"""The state of reading one text for duties: record spans, section frames, drafts and context."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from extractors.duty_cues import Hit, Role
from extractors.span import Span

# ---------------------------------------------------------------------------
# The agencies and deadlines the clauses are read with


@dataclass(slots=True)
class Spans:
    """Sorted, non-nested record spans, for lookups by offset."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, records: Sequence[Any] | None) -> Spans:
        pairs: list[tuple[int, int]] = []
        for a, b in sorted((r.span.start, r.span.end) for r in records or ()):
            if pairs and a < pairs[-1][1]:
                continue
            pairs.append((a, b))
        return cls([a for a, _ in pairs], [b for _, b in pairs])

    def at(self, pos: int) -> tuple[int, int] | None:
        """The span holding `pos`."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.ends[i]:
            return self.starts[i], self.ends[i]
        return None

    def within(self, a: int, b: int) -> list[tuple[int, int]]:
        i = bisect_left(self.starts, a)
        out = []
        while i < len(self.starts) and self.starts[i] < b:
            if self.ends[i] <= b:
                out.append((self.starts[i], self.ends[i]))
            i += 1
        return out


# ---------------------------------------------------------------------------
# Section context


@dataclass(slots=True)
class Frame:
    rank: float
    kind: str  # "skip", "task", "actor", "intro", "neutral", "duty" (a duty whose sub-items elaborate it)
    actor: Span | None = None
    deadline: str | None = None
    role: Role | None = None  # "Sở Y tế chủ trì, phối hợp với Y:" -> lead, partners [Y], for its items
    partners: tuple[str, ...] = ()
    soft: bool = False  # opened by an unlabelled line: the next plain paragraph closes it


@dataclass(slots=True)
class Draft:
    span: Span
    actor: Span | None
    action: Span
    role: Role
    partners: list[str] = field(default_factory=list)
    assigned_by: str | None = None
    deadline: str | None = None
    explicit: bool = False  # carried by an explicit marker (có trách nhiệm …)


@dataclass(slots=True)
class Context:
    """What a clause inherits from the sentence and paragraph around it."""

    allow: bool  # task context: a clause opening with a task verb is a duty
    follow: Draft | None = None  # the duty of the sentence's earlier clause
    subject: Span | None = None  # the sentence's subject, when its first clause was not a duty
    para_actor: Span | None = None  # the actor of the paragraph's latest duty
    first: bool = True
    labelled: bool = False  # a list item: a news article's narrative state does not reach it


@dataclass(slots=True)
class State:
    text: str
    agencies: Spans
    deadlines: Spans
    formal: bool  # an official document (not a news article)
    stack: list[Frame] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    last_actor: Span | None = None  # the actor of the latest duty
    appeal: bool = False  # inside a đề nghị … appeal
    future: bool = False  # a narrative has turned to what is to be done
    past: bool = False  # a narrative reports results
    waiting: int = 0  # drafts that a "Đơn vị chủ trì:" field may still complete
    verbs: dict[tuple[int, int], Hit | None] = field(default_factory=dict)  # find_verb's answers

    def nearest(self, *kinds: str) -> Frame | None:
        for f in reversed(self.stack):
            if f.kind in kinds:
                return f
        return None

    def allows_tasks(self) -> bool:
        f = self.nearest("actor", "task", "skip", "duty")
        return f is not None and f.kind in ("actor", "task")

    def skipping(self) -> bool:
        f = self.nearest("actor", "task", "skip")
        return f is not None and f.kind == "skip"

    def under_duty(self) -> bool:
        return any(f.kind == "duty" for f in self.stack)

    def heading_actor(self) -> Span | None:
        f = self.nearest("actor")
        return f.actor if f else None

    def heading(self) -> Frame | None:
        return self.nearest("actor")

    def heading_deadline(self) -> str | None:
        for f in reversed(self.stack):
            if f.deadline:
                return f.deadline
        return None
