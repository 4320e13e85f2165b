"""Sentences and clauses read as duties: "X có trách nhiệm …", "giao X …", "đề nghị X …",
task items opening with their verb, and what a clause inherits from the sentence around it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.duty_actors import actor_span, agency_run, coverage, noun_phrase, subject_kind
from extractors.duty_cues import UPPER, Hit, Role, cue_key, duty_cue_lexicon
from extractors.duty_predicates import (
    find_verb,
    first_marker,
    first_role,
    predicate,
    skip_ws,
    starts_with_verb,
)
from extractors.duty_state import Context, Draft, State
from extractors.duty_words import (
    ADVERBIAL_CLAUSE,
    AGENT_HEAD,
    CONDITION,
    COPULA,
    DIRECTING,
    EXPLICIT,
    LEADING,
    MAY,
    MODAL,
    MODAL_AFTER,
    NOT_APPEAL,
    NOT_GIAO,
    PAST_OPEN,
    PAST_WORD,
    PEOPLE,
    PREAMBLE,
    RELATIVE,
    SPEECH,
    TOPIC_HEAD,
)
from extractors.span import Span

_SENTENCE_END = re.compile(rf"(?<=[.!?…])\s+(?=[\"“(\[\d{UPPER}])")


def _sentences(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    pos = a
    for m in _SENTENCE_END.finditer(text, a, b):
        word = text[max(a, m.start() - 5) : m.start()].split()[-1:] or [""]
        if word[0] in ("TP.", "Tp.", "TS.", "GS.", "Q.", "P.", "v.v."):
            continue
        yield pos, m.start()
        pos = m.end()
    if pos < b:
        yield pos, b


_BRACKETS = re.compile(r'[;()“”\[\]"]')


def _split_clauses(st: State, a: int, b: int) -> list[tuple[int, int]]:
    """Parts of a sentence separated by ';' outside quotes and brackets; lists of
    subjects ("Chánh Văn phòng …; Giám đốc các Sở …; …") and short parts stay joined."""
    text = st.text
    parts = []
    depth = 0
    quote = False
    start = a
    for m in _BRACKETS.finditer(text, a, b):
        i, ch = m.start(), m.group()
        if ch in "(“[":
            depth += 1
        elif ch in ")”]" and depth:
            depth -= 1
        elif ch == '"':
            quote = not quote
        elif ch == ";" and not depth and not quote:
            parts.append((start, i))
            start = i + 1
    parts.append((start, b))
    if len(parts) == 1:
        return parts
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for k, (ca, cb) in enumerate(parts):
        begin = ca if carry is None else carry
        seg = text[ca:cb].strip()
        last = k == len(parts) - 1
        subject_only = (
            len(seg) < 150
            and AGENT_HEAD.match(seg) is not None
            and find_verb(st, ca, cb) is None
            and duty_cue_lexicon().marker.search(seg) is None
        )
        if not last and (subject_only or len(seg.split()) <= 3):
            carry = begin
            continue
        s = Span.of(text, ca, cb)
        if out and carry is None and _continues(st, s):
            out[-1] = (out[-1][0], cb)  # "…; các văn bản chỉ đạo của Tỉnh ủy": the list goes on
            continue
        out.append((begin, cb))
        carry = None
    return out


def _continues(st: State, s: Span) -> bool:
    """A ';' part that only continues the previous part's list of objects."""
    if not s.text or starts_with_verb(st, s.start, s.end) or first_marker(st, s.start, s.end):
        return False
    if duty_cue_lexicon().request.search(s.text) or duty_cue_lexicon().order.search(s.text):
        return False
    vm = find_verb(st, s.start, s.end)
    if st.agencies.at(s.start) or AGENT_HEAD.match(s.text) or TOPIC_HEAD.match(s.text):
        return vm is None
    if CONDITION.match(st.text, s.start, s.end) or re.match(
        r"(?:trường hợp|nếu|khi|đối với)\s", s.text, re.I
    ):
        return False
    return vm is None or not st.agencies.within(s.start, vm.start())


def clauses(st: State, a: int, b: int, *, allow: bool, labelled: bool = True) -> None:
    text = st.text
    ctx = Context(allow=allow, labelled=labelled)
    for sa, sb in _sentences(text, a, b):
        ctx.follow, ctx.subject, ctx.first = None, None, True
        lead_deadline = None
        for ca, cb in _split_clauses(st, sa, sb):
            s = Span.of(text, ca, cb)
            if not s.text:
                continue
            d = _clause(st, s.start, s.end, ctx)
            ctx.first = False
            if d is None:
                continue
            if d.deadline is None:
                d.deadline = lead_deadline or st.heading_deadline()
            elif text.startswith(d.deadline, s.start):
                lead_deadline = d.deadline
            st.drafts.append(d)
            st.waiting += 1
            ctx.follow = d
            if d.actor is not None:
                ctx.para_actor = st.last_actor = d.actor


def _clause(st: State, a: int, b: int, ctx: Context) -> Draft | None:
    """One clause read as a duty, or None."""
    text = st.text
    cues = duty_cue_lexicon()
    clause = text[a:b]
    if (
        PREAMBLE.match(clause) or clause.lower().startswith(("trên đây là", "quyết định này có hiệu lực"))
    ) and not re.search(r"đề nghị|yêu cầu", clause):
        return None
    if not st.formal:
        fut = cues.future.search(clause, 0, 90)
        if fut and not NOT_APPEAL.search(clause[max(0, fut.start() - 8) : fut.start()]):
            st.future, st.past = True, False
        elif ctx.first and (PAST_OPEN.match(clause) or cues.past.search(clause, 0, 60)):
            st.past, st.future = True, False
    s0 = a
    for rx in (LEADING, CONDITION):
        m = rx.match(text, s0, b)
        if m:
            s0 = m.end()
    s0 = strip_adverbial(st, s0, b)
    if MAY.match(text, s0, b):
        return None
    deadline = None
    spans = st.deadlines.within(s0, min(b, s0 + 90))
    if spans and not text[s0 : spans[0][0]].strip(" ,"):
        ds, de = spans[0]
        m = re.match(r"\s*,\s*", text[de:b])
        if m:
            deadline, s0 = text[ds:de], de + m.end()
    for kind, rx in (("request", cues.request), ("order", cues.order)):
        for m in rx.finditer(text, s0, b):
            if m.start() - s0 > 160:
                break
            if NOT_APPEAL.search(text[max(a, m.start() - 14) : m.start()]):
                continue
            if (
                m.start() > s0
                and (starts_with_verb(st, s0, m.start()) or find_verb(st, s0, m.start()) is not None)
                and not (kind == "request" and text[max(s0, m.start() - 2) : m.start()] == ", ")
                and not SPEECH.search(text, s0, m.start())
            ):
                continue  # "Người chủ trì cuộc họp tự mình hoặc phân công …": not the clause's head
            d = _appeal(st, a, b, m, kind, deadline, ctx)
            if d is not None:
                return d
    if starts_with_verb(st, s0, b) or (
        ctx.follow is not None and duty_cue_lexicon().start_verb.at(text, s0, b)
    ):
        return _imperative(st, a, b, s0, deadline, ctx)  # "; lãnh đạo chính quyền xây dựng …" goes on
    mk = first_marker(st, s0, b)
    tries = 0
    while mk is not None and tries < 3:
        tries += 1
        subject = Span.of(text, s0, mk.start())
        if text[s0 : mk.start()].rstrip().endswith(","):
            vm = find_verb(st, s0, mk.start())
            if vm is not None:
                subject = Span.of(text, s0, vm.start())
                if cue_key(mk.group(0)) not in EXPLICIT | MODAL and subject.text:
                    # "Văn phòng Chính phủ theo dõi, đôn đốc …": the predicate starts at the first verb
                    return _with_subject(st, a, b, subject, None, deadline, ctx, verb=vm)
        if not subject.text:
            if ctx.follow is not None or ctx.allow:
                return _imperative(st, a, b, s0, deadline, ctx)  # "; đồng thời nên đưa ra …"
            break
        if RELATIVE.fullmatch(subject.text) and first_marker(st, mk.end(), b) is not None:
            mk = first_marker(st, mk.end(), b)  # "Người có nghĩa vụ kê khai có trách nhiệm …"
            continue
        d = _with_subject(st, a, b, subject, mk, deadline, ctx)
        if d is not None:
            return d
        break
    vm = find_verb(st, s0, b)
    if vm is not None:
        subject = Span.of(text, s0, vm.start())
        if subject.text:
            return _with_subject(st, a, b, subject, None, deadline, ctx, verb=vm)
    if ctx.subject is None and st.agencies.at(s0) is not None:
        ctx.subject = actor_span(st, Span.of(text, s0, st.agencies.at(s0)[1]))  # type: ignore[index]
    return None


def strip_adverbial(st: State, pos: int, b: int) -> int:
    """Skip adverbial clauses that hold no body and no marker; the subject or task follows."""
    for _ in range(3):
        m = ADVERBIAL_CLAUSE.match(st.text, pos, b)
        if m is None or st.agencies.within(pos, m.end()) or first_marker(st, pos, m.end() - 2):
            return pos
        pos = m.end()
    return pos


def _inherited(st: State, ctx: Context) -> Span | None:
    if ctx.follow is not None:
        return ctx.follow.actor
    if ctx.subject is not None:
        return ctx.subject
    if ctx.allow and st.heading_actor() is not None:
        return st.heading_actor()
    if ctx.para_actor is not None:
        return ctx.para_actor
    if not st.formal and st.future and not ctx.labelled:
        return st.last_actor
    return None


def _imperative(st: State, a: int, b: int, s0: int, deadline: str | None, ctx: Context) -> Draft | None:
    """A clause opening with its task verb ("- Tuyên truyền …", "; phối hợp với Y …")."""
    text = st.text
    carried = ctx.follow is not None or ctx.subject is not None or ctx.para_actor is not None
    if not (ctx.allow or carried or (not st.formal and st.future and not ctx.labelled)):
        return None
    if st.past and not ctx.allow and ctx.follow is None:
        return None
    if len(text[s0:b].split()) < 3:
        return None
    actor = _inherited(st, ctx)
    pos, role, partners = predicate(st, s0, b, strip=False)
    role = _in_context(st, role, ctx, explicit=False)
    task = st.nearest("task", "actor")
    if task is not None and task.role is Role.REQUEST and role is not Role.SUPPORT and ctx.follow is None:
        role = Role.REQUEST
    frame = st.heading()
    if frame is not None and actor is frame.actor and ctx.follow is None:
        if frame.role is Role.SUPPORT and role is Role.LEAD:
            role = Role.SUPPORT
        partners = partners or list(frame.partners)
    d = _draft(st, a, b, pos, actor, role, deadline)
    d.partners.extend(partners)
    if ctx.follow is not None:
        d.assigned_by = ctx.follow.assigned_by
        if not partners and role is Role.SUPPORT:
            d.partners.extend(ctx.follow.partners)
    return d


def _in_context(st: State, role: Role, ctx: Context, *, explicit: bool) -> Role:
    """The role once the sentence around the clause is known (appeals, co-operation)."""
    if explicit:
        return role
    follow = ctx.follow
    if (follow is not None and follow.role is Role.REQUEST) or st.appeal:
        return Role.SUPPORT if role is Role.SUPPORT else Role.REQUEST
    return role


def _with_subject(
    st: State,
    a: int,
    b: int,
    subject: Span,
    mk: re.Match[str] | None,
    deadline: str | None,
    ctx: Context,
    verb: Hit | None = None,
) -> Draft | None:
    """A clause with its subject: "X có trách nhiệm …", "X phối hợp với Y …", "X tham gia …"."""
    text = st.text
    speeches = [
        m
        for m in SPEECH.finditer(text, subject.start, subject.end)
        if text[m.start()].islower() and st.agencies.at(m.start()) is None
    ]
    speech = speeches[-1] if speeches else None
    if speech is not None and speech.start() > subject.start:
        subject = Span.of(text, speech.end(), subject.end)
        if not subject.text:
            return None
    kind = subject_kind(st, subject)
    if kind is None:
        return None
    word = cue_key(mk.group(0)) if mk else ""
    explicit = word in EXPLICIT or (
        mk is not None and word in DIRECTING and MODAL_AFTER.search(text, mk.end(), b) is not None
    )
    at = mk.start() if mk else verb.start()  # type: ignore[union-attr]
    if PAST_WORD.match(text, skip_ws(text, (mk or verb).end(), b)):  # type: ignore[union-attr]
        return None
    if mk is None or not (explicit or word in MODAL):
        # a plain predicate: a duty only where tasks are expected or the passage looks ahead
        context = (
            ctx.allow
            or (st.formal and not st.skipping() and not st.under_duty())
            or ctx.follow is not None
            or st.appeal
            or (not st.formal and st.future and not st.past and not ctx.labelled)
        )
        if not context or (st.past and ctx.follow is None):
            return None
        if not st.formal and kind == "agent" and not ctx.allow and coverage(st, subject) < 0.5:
            return None  # in news, a plain predicate needs a named body as its subject
    if kind == "adverbial":
        if mk is None:
            return None
        actor = _inherited(st, ctx)
        pos, role, partners = predicate(st, at, b, strip=True)
    elif kind == "topic":
        if mk is not None and not (explicit or word in MODAL) and not ctx.allow:
            return None
        if word in ("sẽ", "dự kiến"):
            return None  # a forecast about a thing, not a task
        if mk is None and (
            not ctx.allow
            or not st.allows_tasks()
            or not TOPIC_HEAD.match(subject.text)
            or text[max(0, at - 2) : at] == ", "
        ):
            return None
        if mk is not None and len(subject.text.split()) < 2:
            return None
        if COPULA.search(text, at, b) and word in MODAL and not ctx.allow:
            return None
        actor = None
        if explicit:
            pos, role, partners = predicate(st, at, b, strip=True)
        else:
            pos, role, partners = subject.start, first_role(st, at if mk is None else mk.end() + 1, b), []
    else:
        actor = actor_span(st, subject)
        np = noun_phrase(st, actor, b)
        if np is None:
            return None  # no noun: not a body
        phrase, starts_action = np
        if phrase.end < actor.end and actor.end <= at:
            if mk is None and starts_action:
                at = skip_ws(text, phrase.end, b)  # "các ngành chức năng cải tạo, nâng cấp …"
            actor = phrase
        if word in DIRECTING:
            pos, role, partners = skip_ws(text, mk.end(), b), Role.DIRECT, []  # type: ignore[union-attr]
        else:
            pos, role, partners = predicate(st, at, b, strip=True)
    if pos >= b:
        return None
    role = _in_context(st, role, ctx, explicit=explicit or word in ("chủ trì", "chủ trì,"))
    d = _draft(st, a, b, pos, actor, role, deadline)
    d.partners.extend(partners)
    d.explicit = explicit
    return d


def _appeal(
    st: State, a: int, b: int, m: re.Match[str], kind: str, deadline: str | None, ctx: Context
) -> Draft | None:
    """ "đề nghị X <action>", "giao X chủ trì <action>", "yêu cầu X <action>"."""
    text = st.text
    word = cue_key(m.group(0))
    pos = skip_ws(text, m.end(), b)
    pos = strip_adverbial(st, pos, b)  # "đề nghị khi xây dựng dự toán ngân sách năm, Hội đồng nhân dân …"
    people = PEOPLE.match(text, pos, b)
    if word in ("khuyến khích", "kêu gọi", "mong muốn"):
        if text.startswith("được ", pos):
            pos = skip_ws(text, pos + 5, b)
        if not (
            st.agencies.at(pos) or people or AGENT_HEAD.match(text, pos, b) or text[pos : pos + 1].isupper()
        ):
            return None
    if kind == "order":
        if NOT_GIAO.match(text, m.start()):
            return None
        if text.startswith("cho ", pos):
            pos += 4
        if not (st.agencies.at(pos) or AGENT_HEAD.match(text, pos, b)):
            return None
    before = st.agencies.within(a, m.start())
    assigned_by = text[before[-1][0] : before[-1][1]] if before else None
    if assigned_by is None and kind == "order" and st.last_actor is not None:
        assigned_by = st.last_actor.text
    # a time phrase right after the cue: "đề nghị trong 3 tháng sau đại hội, hoàn thành …"
    spans = st.deadlines.within(pos, min(b, pos + 90))
    if spans and spans[0][0] == pos:
        deadline = text[spans[0][0] : spans[0][1]]
        pos = skip_ws(text, spans[0][1], b)
    # the actor runs to the first task verb or marker
    verb = find_verb(st, pos, b)
    stops = [x.start() for x in (verb, first_marker(st, pos + 1, b)) if x is not None]
    run = agency_run(st, pos, b)
    if run is not None and not stops:
        stops = [run]
    if starts_with_verb(st, pos, b):
        actor = None
    elif stops:
        cut = re.search(r"\s(?:là|làm)\s", text[pos : min(stops)])
        actor = Span.of(text, pos, pos + cut.start() if cut else min(stops))
        if not actor.text or len(actor.text.split()) > (
            60 if st.agencies.within(actor.start, actor.end) else 30
        ):
            return None
        pos = min(stops)
        np = noun_phrase(st, actor, b)
        if np is None:
            return None
        phrase, starts_action = np
        if phrase.end < actor.end:
            if starts_action and verb is not None and pos == verb.start() and actor.end <= pos:
                pos = skip_ws(text, phrase.end, b)  # "giao các ngành chức năng cải tạo, nâng cấp …"
            actor = phrase
    else:
        return None
    if actor is None and kind == "order":
        return None
    if kind == "request":
        role = Role.REQUEST
        pos, r, partners = predicate(st, pos, b, strip=True)
        if r is Role.SUPPORT and partners:
            role = Role.REQUEST
        st.appeal = True
    else:
        pos, role, partners = predicate(st, pos, b, strip=True)
    if pos >= b:
        return None
    d = _draft(st, a, b, pos, actor, role, deadline)
    d.partners.extend(partners)
    d.assigned_by = assigned_by
    d.explicit = kind == "order"
    return d


def first_deadline(st: State, a: int, b: int) -> str | None:
    spans = st.deadlines.within(a, b)
    return st.text[spans[0][0] : spans[0][1]] if spans else None


def _draft(
    st: State, a: int, b: int, action_start: int, actor: Span | None, role: Role, deadline: str | None
) -> Draft:
    text = st.text
    while b > action_start and text[b - 1] in "/./ ":
        b -= 1  # "… Quyết định này./."
    action = Span.of(text, action_start, b)
    if deadline is None:
        deadline = first_deadline(st, action.start, action.end)
    return Draft(span=Span.of(text, a, b), actor=actor, action=action, role=role, deadline=deadline)
