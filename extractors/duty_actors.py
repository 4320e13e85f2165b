"""Actors of duty clauses: whether a subject names a body, a topic or an adverbial, and the
actor inside it, cut to a noun phrase by underthesea's POS tags (`_nlp.tag`)."""

from __future__ import annotations

import re

from extractors import _nlp
from extractors.duty_cues import cue_key
from extractors.duty_predicates import find_verb, starts_with_verb
from extractors.duty_state import State
from extractors.duty_words import (
    ACTOR_TAIL,
    ADVERBIAL,
    AGENT_HEAD,
    DEICTIC,
    GENERIC_TAIL,
    JOIN,
    NOT_SUBJECT,
    PAST_WORD,
    TOPIC_HEAD,
)
from extractors.span import Span


def subject_kind(st: State, subject: Span) -> str | None:
    """ "agent", "topic" or "adverbial" for a plausible subject; None when it is not one."""
    t = subject.text
    words = t.split()
    limit = 60 if st.agencies.within(subject.start, subject.end) else 30
    if not words or len(words) > limit or t[-1] in ",:" or t.endswith((" và", " hoặc")):
        return None
    if PAST_WORD.search(t) or t.count("“") != t.count("”") or t.count('"') % 2 or re.search(r"[<>=]", t):
        return None
    if "trách nhiệm của " in t:
        return "agent"
    if DEICTIC.match(t):
        return None
    if starts_with_verb(st, subject.start, subject.end) and not st.agencies.at(subject.start):
        return None
    if ADVERBIAL.match(t) and not st.agencies.at(subject.start) and not _agent_after_comma(st, subject):
        return "adverbial"
    if re.fullmatch(r"(?:những|các|mọi)?\s*người", t, re.IGNORECASE):
        return None  # "Những người phải kê khai …": a relative clause
    if NOT_SUBJECT.search(t):
        return None
    if TOPIC_HEAD.match(t):
        return "topic"
    if st.agencies.at(subject.start) or AGENT_HEAD.match(t) or _agent_after_comma(st, subject):
        # a body's name holds no predicate: "X theo dõi … được phân công" reads from "theo dõi"
        core = actor_span(st, subject)
        return "agent" if find_verb(st, core.start, core.end) is None else None
    return "topic"


def _agent_after_comma(st: State, subject: Span) -> bool:
    i = subject.text.rfind(", ")
    return i > 0 and (
        st.agencies.at(subject.start + i + 2) is not None
        or AGENT_HEAD.match(subject.text[i + 2 :]) is not None
    )


def actor_span(st: State, subject: Span) -> Span:
    """The actor inside a subject: "Tại hội nghị, đại diện Hội Cựu chiến binh …" -> the bodies;
    "trách nhiệm của Ban Thường trực …" -> "Ban Thường trực …"."""
    text = st.text
    t = subject.text
    start = subject.start
    m = re.search(r"trách nhiệm của\s+", t)
    if m:
        start = subject.start + m.end()
    else:
        for c in reversed(list(re.finditer(r",\s+", t))):
            prev = t.rfind(",", 0, c.start()) + 1
            head = t[prev : c.start()].strip()
            head_at = subject.start + prev + (len(t[prev : c.start()]) - len(t[prev : c.start()].lstrip()))
            tail_at = subject.start + c.end()
            if AGENT_HEAD.match(head) or st.agencies.at(head_at):
                continue  # a list of bodies: "Sở A, Sở B, …"
            if st.agencies.at(tail_at) or AGENT_HEAD.match(t[c.end() :]):
                start = tail_at
                break
    end = subject.end
    tail = ACTOR_TAIL.search(text, start, end)
    if tail is not None:
        end = tail.start()
    span = Span.of(text, start, end)
    m = re.match(r"(?:đại diện|ông|bà)\s+", span.text, re.IGNORECASE)
    if m and st.agencies.at(span.start + m.end()):
        span = Span.of(text, span.start + m.end(), span.end)
    return span


# Verbs that belong inside a body's noun phrase: "các cơ quan liên quan", "đơn vị trực thuộc
# Sở", "người đứng đầu", "cơ quan chủ trì", "các cơ quan báo chí đóng trên địa bàn".
_NP_VERBS = frozenset(
    {
        "liên quan",
        "có",
        "thuộc",
        "trực thuộc",
        "đứng",
        "đứng đầu",
        "đóng",
        "phụ trách",
        "tham mưu",
        "chủ trì",
        "phối hợp",
        "quản lý",
        "sử dụng",
        "tiếp nhận",
        "đăng ký",
        "giao",
        "được",
        "ngang",
        "chuyên trách",
        "làm",
        "kiêm nhiệm",
        "lập",
        "khai",
        "nghỉ",
        "bị",
        "tổ chức",
        "thường trực",
    }
)


def noun_phrase(st: State, actor: Span, b: int) -> tuple[Span, bool] | None:
    """`actor` cut where its predicate starts, by underthesea's POS tags; None when it has no noun.

    The flag says whether the words cut off begin the action (coordinated task verbs) rather
    than a copula clause ("là cơ quan …") that the action leaves out.

    "các ngành chức năng cải tạo" (before ", nâng cấp …") -> "các ngành chức năng"; "Sở Xây dựng
    là cơ quan …" -> "Sở Xây dựng". Kept whole: verbs inside an agency's name ("Sở Nông nghiệp và
    Phát triển nông thôn"), noun compounds ("Đơn vị thoát nước", "Tổ kiểm phiếu": a noun follows
    the verb), modifiers ("các cơ quan liên quan", "đơn vị trực thuộc"), lists ("…; Thủ trưởng
    các sở"). Only the actor, with a few words after it as context, is tagged."""
    text = st.text
    if not actor.text:
        return actor, False
    stop = min(b, actor.end + 40)
    while stop < b and not text[stop].isspace():
        stop += 1
    try:
        tokens = _nlp.tag(text[actor.start : stop])
    except ValueError:
        return actor, False  # not aligned: keep the rule-based actor
    inside = [tok for tok in tokens if actor.start + tok.end <= actor.end]
    flags = [st.agencies.at(actor.start + tok.start) is not None for tok in inside]
    nouns = sum(tok.pos in _nlp.NOUN_TAGS for tok in inside)
    if not nouns and not any(flags) and not AGENT_HEAD.match(actor.text):
        return None
    for i, (tok, agency) in enumerate(zip(inside, flags, strict=True)):
        if agency or tok.pos in _HEAD_TAGS:
            continue
        if i == 0 or tok.pos not in _nlp.VERB_TAGS or cue_key(tok.text) in _NP_VERBS:
            return actor, False
        at = actor.start + tok.start
        rest = inside[i:]
        if st.agencies.within(at, actor.end):
            return actor, False  # a body named after the verb: part of the phrase
        if cue_key(tok.text) == "là" and (flags[i - 1] or i > 1):
            return Span.of(text, actor.start, at), False  # "Sở Xây dựng là cơ quan chuyên môn"
        head_named = any(flags[:i]) or sum(t.pos in _nlp.NOUN_TAGS for t in inside[:i]) >= 2
        if (
            head_named
            and all(t.pos not in _nlp.NOUN_TAGS for t in rest)
            and text[actor.end : actor.end + 1] == ","
        ):
            return Span.of(text, actor.start, at), True  # "các ngành chức năng cải tạo, nâng cấp …"
        return actor, False
    return actor, False


_HEAD_TAGS = _nlp.NOUN_TAGS | {"L", "M", "A"}  # nouns, determiners (các), numerals, adjectives


def agency_run(st: State, pos: int, b: int) -> int | None:
    """End of the agency mentions that start at `pos`, joined by ", " or "và"; None when none starts there."""
    text = st.text
    span = st.agencies.at(pos)
    if span is None or span[0] != pos:
        return None
    end = span[1]
    while True:
        m = JOIN.match(text, end, b)
        nxt = st.agencies.at(m.end()) if m else None
        if nxt is None or nxt[0] != m.end():  # type: ignore[union-attr]
            tail = GENERIC_TAIL.match(text, end, b)
            while tail is not None:
                end = tail.end()
                tail = GENERIC_TAIL.match(text, end, b)
            return end
        end = nxt[1]


def coverage(st: State, s: Span) -> float:
    """Share of `s` covered by agency mentions."""
    covered = sum(y - x for x, y in st.agencies.within(s.start, s.end))
    return covered / max(1, len(s.text))
