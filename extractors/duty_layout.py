"""The layout of a text read for duties: lines, table rows, list items and their labels, and the
headings, intros and labelled fields that open section frames for the items below them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.duty_actors import actor_span, subject_kind
from extractors.duty_clauses import clauses, first_deadline, strip_adverbial
from extractors.duty_cues import UPPER, Role, cue_key, duty_cue_lexicon
from extractors.duty_predicates import (
    find_verb,
    first_marker,
    predicate,
    skip_ws,
    split_partners,
    starts_with_verb,
)
from extractors.duty_state import Frame, State
from extractors.duty_tables import Table, field_phrases
from extractors.duty_words import AGENT_HEAD, CONTINUING, INTRO_END, LEADING, PREAMBLE, TOPIC_HEAD
from extractors.span import Span

# ---------------------------------------------------------------------------
# Items: lines, table cells and inline list items, with their labels

_LABEL = re.compile(
    r"(?P<label>(?:chương|phần)\s+(?:thứ\s+)?(?:[IVXLC]+|\d+|nhất|hai|ba|bốn|năm|sáu)\b[.:]?"
    r"|điều\s+\d+[a-z]?\s*[.:]?"
    r"|[IVXLC]+[.)](?=\s)"
    r"|\d{1,2}(?:\.\d{1,2})*[.)](?=\s)|\d{1,2}(?:\.\d{1,2})+(?=\s)"
    r"|\(?[a-zđ]\)(?=\s)"
    r"|\(\s*\*?\s*\)"
    r"|[-+•*–](?=\s))\s*",
    re.IGNORECASE,
)
# A label after a sentence end inside one long line starts a new item.


_INLINE = re.compile(
    r"(?<=[.;:!?…])\s+(?=(?:Điều\s+\d+|[IVXLC]+\.\s|\d{1,2}(?:\.\d{1,2})*\.\s|[a-zđ]\)\s|[-+•]\s)"
    rf"[\"“(\[{UPPER}])"
)


def _rank(label: str) -> float:
    """Nesting depth of a label: smaller is outer."""
    low = label.lower()
    if not low:
        return 99
    if low.startswith(("chương", "phần")):
        return 0
    if low.startswith("điều"):
        return 2
    if re.fullmatch(r"[ivxlc]+[.)]", low) and label[0].isupper():
        return 1
    if low[0].isdigit():
        return 3 + low.rstrip(".)").count(".")
    if low.startswith("("):
        return 6.5
    if low.endswith(")"):
        return 7
    return 9 if low == "+" else 8


@dataclass(slots=True)
class _Item:
    start: int  # label start
    body: int  # text after the label
    end: int
    label: str
    rank: float
    para: bool  # a blank line comes before it


def _items(text: str, start: int, end: int, para: bool) -> Iterator[_Item]:
    """The list items of one line (or table cell), splitting inline labels."""
    cuts = [start] + [m.end() for m in _INLINE.finditer(text, start, end)]
    for i, a in enumerate(cuts):
        b = cuts[i + 1] if i + 1 < len(cuts) else end
        while a < b and text[a].isspace():
            a += 1
        m = _LABEL.match(text, a, b)
        label = m.group("label").strip() if m else ""
        yield _Item(a, m.end() if m else a, b, label, _rank(label), para and i == 0)


# ---------------------------------------------------------------------------
# Walking the text: lines, tables, items, headings


def walk(st: State) -> None:
    text = st.text
    blank = True
    table: Table | None = None
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        a, b = pos, end
        pos = end + 1
        if not text[a:b].strip():
            blank = True
            continue
        if " | " in text[a:b]:
            cells = _cells(text, a, b)
            header = Table.header(st, cells)
            if header is not None:
                table = header
            elif table is None or not table.row(st, cells):
                table = None
                for ca, cb in cells:
                    if cb - ca > 60:
                        for it in _items(text, ca, cb, True):
                            _item(st, it)
        else:
            table = None
            for it in _items(text, a, b, blank):
                _item(st, it)
        blank = False


def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    start = a
    for m in re.finditer(r" \| ", text[a:b]):
        out.append((start, a + m.start()))
        start = a + m.end()
    out.append((start, b))
    return out


def _item(st: State, it: _Item) -> None:
    text = st.text
    s = Span.of(text, it.body, it.end)
    a, b = s.start, s.end
    if a >= b:
        return
    if re.match(r"nơi nhận\s*:?", s.text, re.IGNORECASE):
        st.stack = [Frame(-1, "skip")]
        return
    if it.label:
        while st.stack and st.stack[-1].rank >= it.rank:
            st.stack.pop()
        if st.stack and st.stack[0].rank == -1 and it.rank <= 3:
            st.stack = []
    else:
        while st.stack and st.stack[-1].soft:
            st.stack.pop()
    if st.formal or it.label or (it.para and not _goes_on(st, a, b)):
        st.appeal = False
    if it.para or it.label:
        st.waiting = 0 if not it.label else st.waiting
    fm = duty_cue_lexicon().field.match(text, a, b)
    if fm and _field(st, fm, b):
        return
    if not _heading(st, it, a, b):
        _content(st, it, a, b)


def _goes_on(st: State, a: int, b: int) -> bool:
    """A news paragraph that continues the appeal before it ("Đồng thời, …", "Trong 6 tháng …, tổ chức …")."""
    if CONTINUING.match(st.text, a, b):
        return True
    spans = st.deadlines.within(a, min(b, a + 60))
    if spans and spans[0][0] == a:
        return True
    return starts_with_verb(st, a, b) and strip_adverbial(st, a, b) == a


def _title_colon(text: str, a: int, end: int) -> int | None:
    """Offset of the colon that ends a title ("3. Sở Tài chính: …"), if the item has one."""
    m = re.search(r":(?:\s|$)", text[a : min(end, a + 200)])
    if m is None:
        return None
    head = text[a : a + m.start()]
    if re.search(r"[.;!?]\s", head) or head.count(",") > 8:
        return None
    return a + m.start()


def _heading(st: State, it: _Item, a: int, b: int) -> bool:
    """Push a frame for a title-like item; read "6. Sở Công Thương: Chủ trì, …" after its colon.

    Returns False when the item is content, not a heading."""
    text = st.text
    cues = duty_cue_lexicon()
    raw = text[a : it.end].rstrip()
    colon = _title_colon(text, a, it.end)
    title_end = colon if colon is not None else b
    rest = skip_ws(text, colon + 1, b) if colon is not None else b
    title = text[a:title_end].strip()
    if colon is not None and rest < b and starts_with_verb(st, a, title_end):
        return False
    if (
        colon is not None
        and rest < b
        and not starts_with_verb(st, rest, b)
        and (st.agencies.at(rest) or (text[rest].isupper() and st.agencies.within(rest, min(b, rest + 60))))
        and _actor_heading(st, a, title_end) is not None
        and first_marker(st, rest, b) is not None
    ):
        return False
    titled = (cues.task.match(title) or cues.skip.match(title)) and len(title.split()) <= 20
    section = it.rank <= 5 and len(title.split()) <= 20 and first_marker(st, a, title_end) is None
    if (
        raw.endswith(":")
        and not titled
        and not section
        and (colon is None or _predicate_in(st, a, title_end))
    ):
        _intro_sentence(st, it, a, b)
        return True
    if colon is None:
        bare = it.label and len(raw) < 160 and not re.search(r"[.;!?…]$", raw) and ". " not in raw
        upper = raw.isupper() and len(raw) < 200
        if not (bare or upper):
            # "1. Công chức Văn phòng - Thống kê, Ông Nguyễn Văn Sang." heads the items below
            actor = _actor_heading(st, a, b) if it.label and raw.endswith(".") else None
            if actor is None:
                return False
            st.stack.append(Frame(it.rank, "actor", actor=actor))
            return True
        if not st.formal and not it.label and not upper:
            return False
    rank = it.rank if it.label else _intro_rank(st)
    actor = _actor_heading(st, a, title_end) if st.formal or it.label else None
    deadline = first_deadline(st, a, title_end)
    verbal = starts_with_verb(st, a, title_end)
    if actor is not None:
        frame = Frame(rank, "actor", actor=actor, deadline=deadline)
    elif cues.skip.match(title) and not cues.task.match(title):
        frame = Frame(rank, "skip", deadline=deadline)
    elif cues.task.match(title) or re.search(
        r"nhiệm vụ|giải pháp|tổ chức thực hiện|trách nhiệm", title, re.IGNORECASE
    ):
        frame = Frame(rank, "task", deadline=deadline)
    elif colon is not None and INTRO_END.search(text[a:colon]):
        frame = Frame(rank, "intro", deadline=deadline)
    elif colon is None and it.label and verbal and not st.allows_tasks():
        frame = Frame(rank, "task", deadline=deadline)  # "3. Công khai bản kê khai tài sản, thu nhập"
    elif colon is not None and rest < b:
        # "+ Kê khai bổ sung: Thực hiện theo …": the topic and its task are one duty
        if not it.label:
            return False
        if starts_with_verb(st, rest, b):
            clauses(st, a, b, allow=_allow(st, it))
        return True
    elif colon is None and it.label and verbal and st.allows_tasks():
        return False  # a one-line task item without final punctuation
    else:
        frame = Frame(rank, "intro" if colon is not None else "neutral", deadline=deadline)
    st.stack.append(frame)
    if rest < b:
        allow = frame.kind in ("actor", "task") or (frame.kind != "skip" and _allow(st, it))
        clauses(st, rest, b, allow=allow)
    return True


def _predicate_in(st: State, a: int, b: int) -> bool:
    """text[a:b] holds a predicate: it opens with a task verb, or has a marker or an order."""
    cues = duty_cue_lexicon()
    return (
        starts_with_verb(st, a, b)
        or first_marker(st, a, b) is not None
        or cues.order.search(st.text, a, b) is not None
        or cues.request.search(st.text, a, b) is not None
    )


def _intro_sentence(st: State, it: _Item, a: int, b: int) -> None:
    """An item that ends with a colon and introduces the items below it.

    "2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nông nghiệp và Môi trường:" makes
    its items duties of that actor (lead, those partners); "- Tuyên truyền tiêu chuẩn, …,
    cụ thể:" is a duty itself, its items elaborate it; "b) Trực tiếp thực hiện các nhiệm vụ
    sau:" only introduces its items."""
    text = st.text
    rank = it.rank if it.label else _intro_rank(st)
    deadline = first_deadline(st, a, b)
    n0 = len(st.drafts)
    clauses(st, a, b, allow=_allow(st, it), labelled=bool(it.label))
    new = st.drafts[n0:]
    actor = next((d.actor for d in reversed(new) if d.actor is not None), None)
    role, partners = (new[-1].role, tuple(new[-1].partners)) if new else (None, ())
    if actor is None:
        actor, role2, partners2 = _intro_actor(st, a, b)
        if actor is not None:
            role, partners = role2, partners2
    keep_last = not INTRO_END.search(text[a:b]) or (
        bool(new) and len(INTRO_END.sub("", new[-1].action.text).split()) > 8
    )
    if new and not keep_last:
        st.drafts.pop()
        st.waiting = max(0, st.waiting - 1)
    soft = not it.label
    cues = duty_cue_lexicon()
    if actor is not None:
        frame = Frame(rank, "actor", actor=actor, deadline=deadline, role=role, partners=partners, soft=soft)
    elif cues.request.search(text, a, b) and not new:
        # "UBND tỉnh đề nghị các cơ quan thực hiện một số nội dung sau:": the items are requests
        frame = Frame(rank, "task", deadline=deadline, role=Role.REQUEST, soft=soft)
    elif (cues.order.search(text, a, b) or re.search(r"chỉ đạo\s*:?$", text[a:b])) and not new:
        frame = Frame(rank, "task", deadline=deadline, soft=soft)  # "Thủ tướng Chính phủ yêu cầu:"
    elif new and keep_last and it.label:
        frame = Frame(rank, "duty", deadline=deadline)
    else:
        frame = Frame(rank, "intro", deadline=deadline, soft=soft)
    st.stack.append(frame)


def _intro_actor(st: State, a: int, b: int) -> tuple[Span | None, Role | None, tuple[str, ...]]:
    """The actor of an intro that names no task itself: "Sở X chủ trì, phối hợp với Y:"."""
    text = st.text
    m = LEADING.match(text, a, b)
    s0 = m.end() if m else a
    order = duty_cue_lexicon().order.match(text, s0, b)
    if order is not None:
        pos = skip_ws(text, order.end(), b)
        stop = first_marker(st, pos, b)
        end = stop.start() if stop else b
        cut = re.search(r"\s(?:là|làm)\s|,", text[pos:end])
        actor = Span.of(text, pos, pos + cut.start() if cut else end)
        if not actor.text:
            return None, None, ()
        if stop is None:
            return actor, Role.LEAD, ()
        _, role, partners = predicate(st, stop.start(), b, strip=True)
        return actor, role, tuple(partners)
    mk = first_marker(st, s0, b)
    if mk is None:
        return None, None, ()
    subject = Span.of(text, s0, mk.start())
    if not subject.text or subject_kind(st, subject) != "agent":
        return None, None, ()
    _, role, partners = predicate(st, mk.start(), b, strip=True)
    return actor_span(st, subject), role, tuple(partners)


def _intro_rank(st: State) -> float:
    return (st.stack[-1].rank + 0.5) if st.stack and st.stack[-1].rank >= 0 else 0.5


def _actor_heading(st: State, a: int, b: int) -> Span | None:
    """The heading names a body or an official ("3. Sở Tài chính", "1. Công chức …, Ông X.")."""
    s = Span.of(st.text, a, b)
    if not s.text or len(s.text) > 200 or s.text.isupper():
        return None
    if not (AGENT_HEAD.match(s.text) or st.agencies.at(s.start) is not None):
        return None
    if (
        duty_cue_lexicon().skip.match(s.text)
        or duty_cue_lexicon().task.match(s.text)
        or TOPIC_HEAD.match(s.text)
    ):
        return None
    if find_verb(st, s.start, s.end) is not None:
        return None
    if (
        duty_cue_lexicon().marker.search(s.text)
        or duty_cue_lexicon().request.search(s.text)
        or duty_cue_lexicon().order.search(s.text)
    ):
        return None
    return s


def _field(st: State, fm: re.Match[str], b: int) -> bool:
    """A labelled field ("Đơn vị chủ trì: Sở Tư pháp."): complete the task items above it."""
    text = st.text
    label = cue_key(fm.group(0).rstrip(": "))
    kind = next((k for phrase, k in field_phrases() if label.startswith(phrase)), None)
    if kind is None:
        return False
    value = Span.of(text, fm.end(), b)
    if kind == "task_field":
        if value.text:
            st.stack.append(Frame(st.stack[-1].rank + 0.5 if st.stack else 0.5, "task"))
            clauses(st, value.start, value.end, allow=True)
            st.stack.pop()
        return True
    waiting = st.drafts[len(st.drafts) - st.waiting :] if st.waiting else []
    if not value.text:
        return True
    for d in waiting:
        if kind == "lead_field" and d.actor is None:
            d.actor, d.role = value, Role.LEAD  # the body named as lead carries the task, as in a table
        elif kind == "support_field":
            d.partners.extend(split_partners(st, value.start, value.end))
        elif kind == "time_field":
            d.deadline = d.deadline or value.text
    return True


def _allow(st: State, it: _Item) -> bool:
    """Whether an item opening with a task verb is a duty here."""
    if st.under_duty():
        return False
    if st.allows_tasks():
        return True
    if not it.label or it.label.lower().startswith("điều") or st.skipping():
        return False
    # list items of a section that is neither a task nor a skipped one
    return st.formal or st.nearest("intro", "neutral") is not None


def _content(st: State, it: _Item, a: int, b: int) -> None:
    if PREAMBLE.match(st.text, a, b) and not st.allows_tasks():
        return
    if not st.formal and not it.label:
        if not re.search(r"[.!?…;:\"”]$", st.text[a : it.end].rstrip()):
            return  # a headline or a photo caption
        if st.text[it.start] in '"“':
            return  # a quoted remark
    clauses(st, a, b, allow=_allow(st, it), labelled=bool(it.label))
