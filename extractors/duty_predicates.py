"""Predicates of duty clauses: the task verbs and obligation markers used as such, where the
action starts after them, the role they imply and the partners after "phối hợp với"."""

from __future__ import annotations

import re

from extractors.duty_cues import Hit, Role, cue_key, duty_cue_lexicon
from extractors.duty_state import State
from extractors.duty_words import (
    AGENT_HEAD,
    CAUSE,
    DIRECTING,
    EXPLICIT,
    LISTED_NOUN,
    MODAL,
    NOMINAL_BEFORE,
    NOMINAL_MARKER,
    NOT_CAN,
    NOT_NEN,
    PARTNER_LINK,
    after,
)


def skip_ws(text: str, pos: int, b: int) -> int:
    while pos < b and (text[pos].isspace() or text[pos] in ",:"):
        pos += 1
    return pos


def starts_with_verb(st: State, a: int, b: int) -> bool:
    """text[a:b] opens with a task verb (after manner words such as "chủ động")."""
    text = st.text
    cues = duty_cue_lexicon()
    m = cues.adverb.match(text, a, b)
    if m is not None:
        if cues.start_verb.at(text, m.end(), b) is not None:
            return True
        return cues.start_verb.at(text, a, b) is not None
    vm = cues.start_verb.at(text, a, b)
    if vm is None or st.agencies.at(a) is not None or cue_key(vm.group(0)) == "phát biểu":
        return False
    # "Lãnh đạo Ủy ban nhân dân tỉnh …": the leaders, a subject
    nxt = skip_ws(text, vm.end(), b)
    return not (
        cue_key(vm.group(0)) in ("lãnh đạo", "thường trực", "chỉ đạo")
        and (st.agencies.at(nxt) or AGENT_HEAD.match(text, nxt, b) or (nxt < b and text[nxt].isupper()))
    )


def find_verb(st: State, a: int, b: int) -> Hit | None:
    """The first task verb after `a` used as a verb (not a noun, not inside a name)."""
    key = (a, b)
    if key in st.verbs:
        return st.verbs[key]
    found = _scan_verb(st, a, b)
    st.verbs[key] = found
    return found


def _scan_verb(st: State, a: int, b: int) -> Hit | None:
    found = _scan_long_verb(st, a, b)
    # a one-syllable verb right after a body's name: "Sở Nội vụ lập danh sách …"
    for _, end in st.agencies.within(a, found.start() if found else b):
        pos = skip_ws(st.text, end, b)
        hit = duty_cue_lexicon().start_verb.at(st.text, pos, b) if pos > a else None
        if hit is not None and st.text[pos].islower():
            return hit
    return found


def _scan_long_verb(st: State, a: int, b: int) -> Hit | None:
    text = st.text
    for m in duty_cue_lexicon().verb.scan(text, a + 1 if a < b else a, b):
        s = m.start()
        if text[s].isupper() and text[s - 2 : s] != ": ":
            continue
        if st.agencies.at(s) is not None or text[s - 1] in "-/":
            continue
        # a manner word ("kịp thời", "chủ động") after a noun still opens the predicate
        nominal = NOMINAL_MARKER if cue_key(m.group()) in _MANNER else NOMINAL_BEFORE
        if after(nominal, text, a, s) or after(LISTED_NOUN, text, a, s):
            continue
        return m
    return None


_MANNER = frozenset(
    {"kịp thời", "chủ động", "tích cực", "thường xuyên", "khẩn trương", "nghiêm túc", "tiếp tục"}
)


def first_marker(st: State, a: int, b: int) -> re.Match[str] | None:
    text = st.text
    for m in duty_cue_lexicon().marker.finditer(text, a, b):
        if m.start() - a > 240:
            return None
        word = cue_key(m.group(0))
        if word.startswith("cần") and (
            NOT_CAN.match(text, m.start()) or NOT_CAN.search(text[max(a, m.start() - 4) : m.start() + 4])
        ):
            continue
        if st.agencies.at(m.start()) is not None or (m.start() > a and text[m.start()].isupper()):
            continue
        if word == "nên" and (NOT_NEN.match(text, m.end(), b) or after(CAUSE, text, a, m.start())):
            continue  # "… nên chưa …", "do đó nên": a conjunction, not "should"
        if (
            m.start() > a
            and after(NOMINAL_MARKER, text, a, m.start())
            and word not in (EXPLICIT | MODAL) - {"dự kiến", "cam kết"}
        ):
            continue
        nxt = text[m.end() : m.end() + 5]
        if word == "phải" and nxt.startswith(" là "):
            continue
        if nxt.startswith(" của"):
            continue  # "các văn bản chỉ đạo của Tỉnh ủy"
        return m
    return None


def predicate(st: State, pos: int, b: int, *, strip: bool) -> tuple[int, Role, list[str]]:
    """Where the action starts after the markers at `pos`, the role they imply, the partners.

    "chủ trì, phối hợp với Y tổ chức …" -> (at "tổ chức", lead, [Y]); "phối hợp với Y
    làm tốt …" -> (at "làm tốt", support, [Y]); "chỉ đạo các sở …" keeps "các sở" in the action."""
    text = st.text
    cues = duty_cue_lexicon()
    role: Role | None = None
    partners: list[str] = []
    lead = False
    start = pos
    for _ in range(5):
        p = skip_ws(text, pos, b)
        m = cues.marker.match(text, p, b)
        adverb = None
        if m is None:
            adverb = cues.adverb.match(text, p, b)
            m2 = cues.marker.match(text, adverb.end(), b) if adverb else None
            if m2 is None or cue_key(m2.group(0)) not in (
                "phối hợp với",
                "phối hợp chặt chẽ với",
                "phối hợp cùng",
            ):
                break
            m = m2
        w = cue_key(m.group(0))
        if w in DIRECTING or (w in ("tập trung", "chủ động", "tiếp tục") and not strip):
            break
        if w.startswith("chủ trì"):
            lead = True
        r = cues.role.get(w, Role.LEAD)
        if role is None or (r is Role.SUPPORT and not lead):
            role = r
        pos = m.end()
        if w.startswith("phối hợp"):
            end, pos = _partners_end(st, pos, b)
            partners.extend(split_partners(st, m.end(), end))
        if not strip and start == p and not w.startswith(("phối hợp", "chủ trì")):
            pos = p
            break
    pos = skip_ws(text, pos, b)
    if lead:
        return pos, Role.LEAD, partners
    if role is None or role is Role.LEAD:
        first = first_role(st, pos, b)
        if role is None or first is not Role.LEAD:
            role = first
    if not strip and pos > start and role is Role.SUPPORT and not partners:
        pos = start  # "Phối hợp triển khai …": the verb stays in the action
    return pos, role, partners


def _partners_end(st: State, pos: int, b: int) -> tuple[int, int]:
    """Where the partners after "phối hợp với" end and where the action begins.

    "… với công chức khác trong việc chuẩn bị …" ends at "trong việc", the action begins at
    "chuẩn bị"; with no task verb after them, the partners run to the end and no action is left."""
    text = st.text
    vm = find_verb(st, pos, b)
    stop = vm.start() if vm is not None else b
    link = PARTNER_LINK.search(text, pos, stop)
    if link is not None:
        return link.start(), link.end()
    return stop, stop


def first_role(st: State, pos: int, b: int) -> Role:
    """The role implied by the task verb at `pos` (after manner words)."""
    text = st.text
    cues = duty_cue_lexicon()
    m = cues.adverb.match(text, pos, b)
    vm = cues.start_verb.at(text, m.end() if m else pos, b) or (cues.start_verb.at(text, pos, b))
    if vm is None:
        return Role.LEAD
    word = cue_key(vm.group(0))
    if word in ("tiếp tục", "chủ động", "tập trung", "thường xuyên", "trực tiếp", "tích cực"):
        nxt = cues.start_verb.at(text, skip_ws(text, vm.end(), b), b)
        if nxt is not None:
            word = cue_key(nxt.group(0))
    return cues.role.get(word, Role.LEAD)


def split_partners(st: State, a: int, b: int) -> list[str]:
    text = st.text
    spans = st.agencies.within(a, b)
    if spans:
        return [text[x:y] for x, y in spans]
    return [
        p.strip(" ,.;:")
        for p in re.split(r"\s*;\s*|,\s+(?=các\s|[A-ZĐÀ-Ỹ])|\s+và\s+(?=các\s|[A-ZĐÀ-Ỹ])", text[a:b])
        if p.strip(" ,.;:")
    ]
