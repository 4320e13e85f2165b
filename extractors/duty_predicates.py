"""Predicates of duty clauses: the task verbs and obligation markers used as such, where the
action starts after them, the role they imply and the partners after "phối hợp với"."""

from __future__ import annotations

import re

from extractors.duty_cues import Role, _cues, _Hit, _key
from extractors.duty_state import _State
from extractors.duty_words import (
    _AGENT_HEAD,
    _CAUSE,
    _DIRECTING,
    _EXPLICIT,
    _LISTED_NOUN,
    _MODAL,
    _NOMINAL_BEFORE,
    _NOMINAL_MARKER,
    _NOT_CAN,
    _NOT_NEN,
    _PARTNER_LINK,
    _after,
)


def _skip_ws(text: str, pos: int, b: int) -> int:
    while pos < b and (text[pos].isspace() or text[pos] in ",:"):
        pos += 1
    return pos


def _starts_with_verb(st: _State, a: int, b: int) -> bool:
    """text[a:b] opens with a task verb (after manner words such as "chủ động")."""
    text = st.text
    cues = _cues()
    m = cues.adverb.match(text, a, b)
    if m is not None:
        if cues.start_verb.at(text, m.end(), b) is not None:
            return True
        return cues.start_verb.at(text, a, b) is not None
    vm = cues.start_verb.at(text, a, b)
    if vm is None or st.agencies.at(a) is not None or _key(vm.group(0)) == "phát biểu":
        return False
    # "Lãnh đạo Ủy ban nhân dân tỉnh …": the leaders, a subject
    nxt = _skip_ws(text, vm.end(), b)
    return not (
        _key(vm.group(0)) in ("lãnh đạo", "thường trực", "chỉ đạo")
        and (st.agencies.at(nxt) or _AGENT_HEAD.match(text, nxt, b) or (nxt < b and text[nxt].isupper()))
    )


def _find_verb(st: _State, a: int, b: int) -> _Hit | None:
    """The first task verb after `a` used as a verb (not a noun, not inside a name)."""
    key = (a, b)
    if key in st.verbs:
        return st.verbs[key]
    found = _scan_verb(st, a, b)
    st.verbs[key] = found
    return found


def _scan_verb(st: _State, a: int, b: int) -> _Hit | None:
    found = _scan_long_verb(st, a, b)
    # a one-syllable verb right after a body's name: "Sở Nội vụ lập danh sách …"
    for _, end in st.agencies.within(a, found.start() if found else b):
        pos = _skip_ws(st.text, end, b)
        hit = _cues().start_verb.at(st.text, pos, b) if pos > a else None
        if hit is not None and st.text[pos].islower():
            return hit
    return found


def _scan_long_verb(st: _State, a: int, b: int) -> _Hit | None:
    text = st.text
    for m in _cues().verb.scan(text, a + 1 if a < b else a, b):
        s = m.start()
        if text[s].isupper() and text[s - 2 : s] != ": ":
            continue
        if st.agencies.at(s) is not None or text[s - 1] in "-/":
            continue
        # a manner word ("kịp thời", "chủ động") after a noun still opens the predicate
        nominal = _NOMINAL_MARKER if _key(m.group()) in _MANNER else _NOMINAL_BEFORE
        if _after(nominal, text, a, s) or _after(_LISTED_NOUN, text, a, s):
            continue
        return m
    return None


_MANNER = frozenset(
    {"kịp thời", "chủ động", "tích cực", "thường xuyên", "khẩn trương", "nghiêm túc", "tiếp tục"}
)


def _first_marker(st: _State, a: int, b: int) -> re.Match[str] | None:
    text = st.text
    for m in _cues().marker.finditer(text, a, b):
        if m.start() - a > 240:
            return None
        word = _key(m.group(0))
        if word.startswith("cần") and (
            _NOT_CAN.match(text, m.start()) or _NOT_CAN.search(text[max(a, m.start() - 4) : m.start() + 4])
        ):
            continue
        if st.agencies.at(m.start()) is not None or (m.start() > a and text[m.start()].isupper()):
            continue
        if word == "nên" and (_NOT_NEN.match(text, m.end(), b) or _after(_CAUSE, text, a, m.start())):
            continue  # "… nên chưa …", "do đó nên": a conjunction, not "should"
        if (
            m.start() > a
            and _after(_NOMINAL_MARKER, text, a, m.start())
            and word not in (_EXPLICIT | _MODAL) - {"dự kiến", "cam kết"}
        ):
            continue
        nxt = text[m.end() : m.end() + 5]
        if word == "phải" and nxt.startswith(" là "):
            continue
        if nxt.startswith(" của"):
            continue  # "các văn bản chỉ đạo của Tỉnh ủy"
        return m
    return None


def _predicate(st: _State, pos: int, b: int, *, strip: bool) -> tuple[int, Role, list[str]]:
    """Where the action starts after the markers at `pos`, the role they imply, the partners.

    "chủ trì, phối hợp với Y tổ chức …" -> (at "tổ chức", lead, [Y]); "phối hợp với Y
    làm tốt …" -> (at "làm tốt", support, [Y]); "chỉ đạo các sở …" keeps "các sở" in the action."""
    text = st.text
    cues = _cues()
    role: Role | None = None
    partners: list[str] = []
    lead = False
    start = pos
    for _ in range(5):
        p = _skip_ws(text, pos, b)
        m = cues.marker.match(text, p, b)
        adverb = None
        if m is None:
            adverb = cues.adverb.match(text, p, b)
            m2 = cues.marker.match(text, adverb.end(), b) if adverb else None
            if m2 is None or _key(m2.group(0)) not in (
                "phối hợp với",
                "phối hợp chặt chẽ với",
                "phối hợp cùng",
            ):
                break
            m = m2
        w = _key(m.group(0))
        if w in _DIRECTING or (w in ("tập trung", "chủ động", "tiếp tục") and not strip):
            break
        if w.startswith("chủ trì"):
            lead = True
        r = cues.role.get(w, Role.LEAD)
        if role is None or (r is Role.SUPPORT and not lead):
            role = r
        pos = m.end()
        if w.startswith("phối hợp"):
            end, pos = _partners_end(st, pos, b)
            partners.extend(_split_partners(st, m.end(), end))
        if not strip and start == p and not w.startswith(("phối hợp", "chủ trì")):
            pos = p
            break
    pos = _skip_ws(text, pos, b)
    if lead:
        return pos, Role.LEAD, partners
    if role is None or role is Role.LEAD:
        first = _first_role(st, pos, b)
        if role is None or first is not Role.LEAD:
            role = first
    if not strip and pos > start and role is Role.SUPPORT and not partners:
        pos = start  # "Phối hợp triển khai …": the verb stays in the action
    return pos, role, partners


def _partners_end(st: _State, pos: int, b: int) -> tuple[int, int]:
    """Where the partners after "phối hợp với" end and where the action begins.

    "… với công chức khác trong việc chuẩn bị …" ends at "trong việc", the action begins at
    "chuẩn bị"; with no task verb after them, the partners run to the end and no action is left."""
    text = st.text
    vm = _find_verb(st, pos, b)
    stop = vm.start() if vm is not None else b
    link = _PARTNER_LINK.search(text, pos, stop)
    if link is not None:
        return link.start(), link.end()
    return stop, stop


def _first_role(st: _State, pos: int, b: int) -> Role:
    """The role implied by the task verb at `pos` (after manner words)."""
    text = st.text
    cues = _cues()
    m = cues.adverb.match(text, pos, b)
    vm = cues.start_verb.at(text, m.end() if m else pos, b) or (cues.start_verb.at(text, pos, b))
    if vm is None:
        return Role.LEAD
    word = _key(vm.group(0))
    if word in ("tiếp tục", "chủ động", "tập trung", "thường xuyên", "trực tiếp", "tích cực"):
        nxt = cues.start_verb.at(text, _skip_ws(text, vm.end(), b), b)
        if nxt is not None:
            word = _key(nxt.group(0))
    return cues.role.get(word, Role.LEAD)


def _split_partners(st: _State, a: int, b: int) -> list[str]:
    text = st.text
    spans = st.agencies.within(a, b)
    if spans:
        return [text[x:y] for x, y in spans]
    return [
        p.strip(" ,.;:")
        for p in re.split(r"\s*;\s*|,\s+(?=các\s|[A-ZĐÀ-Ỹ])|\s+và\s+(?=các\s|[A-ZĐÀ-Ỹ])", text[a:b])
        if p.strip(" ,.;:")
    ]
