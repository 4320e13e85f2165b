"""Figures in running text: a number, its unit, its qualifier, and the near-misses rejected.

`prose_hit` reads the number a `Patterns.number` match found: the unit after it
(`_unit_after`: money, percentages, measures, counted nouns, classifiers, coordinated
units), a rate, the qualifier before it and after the unit; it rejects labels, page
numbers, citations, formulas (`_excluded`) and ordinals, dates, codes and names
(`_blocked`). A number closing a clause with no unit borrows the "số <noun>" it
answers (`_borrowed_unit_hit`).
"""

from __future__ import annotations

import math
import re

from extractors.figure_cues import SYMBOLS, Cues, figure_cue_lexicon
from extractors.figure_hit import Hit
from extractors.figure_numbers import SCALES, YEAR, number_value
from extractors.figure_patterns import LETTER, SP, Patterns
from extractors.figure_units import COUNT_GROUPS, FAMILY, phrase_key, unit_lexicon


def prose_hit(text: str, m: re.Match[str], pats: Patterns) -> Hit | None:
    start, end = m.start(), m.end()
    cues = figure_cue_lexicon()
    a = pats.after.match(text, end)
    den, hi = m.group("den"), m.group("hi")
    if a is None:
        return _borrowed_unit_hit(text, m, pats)
    found = _unit_after(text, a, pats)
    if found is None or _excluded(text, start, m, found, pats):
        return None
    group, unit, unit_start, unit_end, scale = found
    value = number_value(m.group("num")) * scale
    total = number_value(den) * scale if den else None
    if (
        not math.isfinite(value)
        or (total is not None and not math.isfinite(total))
        or (total and group == "percent")
    ):
        return None
    fig_end = unit_end
    if group in ("money", "measure", "item", "people", "household", "document") and (
        r := pats.rate.match(text, fig_end)
    ):
        words = r.group().replace(" ", "").split("/")[1:]
        if all(w.islower() or w.isupper() for w in words):
            fig_end = r.end()  # "30 triệu đồng/hộ", "02 VB/năm"; not "6,4 tỷ đồng/năm/Liên hiệp"
    qualifier, fig_start = "eq", start
    q = pats.qualifier.search(text, max(0, start - 40), start)
    before_qualifier = start
    if q is not None:
        before_qualifier = q.start()
        word = phrase_key(q.group("word") or "")
        qual = cues.qualifiers.get(word) if word else SYMBOLS[q.group("sym")]
        if word == "trên" and group == "place":
            qual = None  # "trên 10 huyện": across ten districts
        far = pats.post_far.match(text, fig_end) if word == "từ" else None
        if word == "từ" and hi is None and not pats.post.match(text, fig_end) and far is None:
            qual = None  # "tăng từ 7,99% xuống còn 6,18%": a starting value
        if far is not None:
            fig_end = far.end()  # "có từ 15 biên chế công chức trở lên"
        if qual is not None:
            qualifier, fig_start = qual, q.start()
    prev = pats.prev_word.search(text, max(0, before_qualifier - 40), before_qualifier)
    prev_words = prev.group("w").lower().split() if prev else []
    if _blocked(prev_words, cues, den is not None or group in ("money", "percent", "measure")):
        return None
    if group == "percent" and (r := pats.pct_range.match(text, fig_end)):
        fig_end, hi = r.end(), r.group("hi")  # "10%-15%"
    if hi is not None:
        qualifier = "gte" if qualifier in ("eq", "gte") else qualifier
    if (p := pats.post.match(text, fig_end)) is not None:
        qualifier = cues.post[phrase_key(p.group("post"))]
        fig_end = p.end()
    return Hit(fig_start, fig_end, value, total, unit, group, qualifier, unit_start, unit_end, start)


def _unit_after(text: str, a: re.Match[str], pats: Patterns) -> tuple[str, str, int, int, float] | None:
    """(group, unit, start, end, scale) of the unit matched by `pats.after`, or None if it is none."""
    if a.group("pct"):
        return "percent", "%", a.start("pct"), a.end("pct"), 1.0
    units = unit_lexicon()
    unit_text = a.group("unit")
    group = units[phrase_key(unit_text)].group
    if group == "none" or (group == "part" and not unit_text.islower()):
        return None
    if " " in unit_text.strip() and unit_text.isupper():
        return None  # "DỰ ÁN 2 CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA": a title in capitals
    if a.group("so") and group not in COUNT_GROUPS:
        return None
    scale = 1.0
    for w in (a.group("scale") or "").lower().split():
        scale *= SCALES[w]
    unit_start, unit_end = a.start("unit"), a.end("unit")
    unit = units[phrase_key(unit_text)].canonical or unit_text
    if group == "classifier":
        unit_end, unit = _classifier_noun(text, unit_start, unit_end)
        group = "item"
    if group in FAMILY:
        while (c := pats.coord.match(text, unit_end)) is not None and units[
            phrase_key(c.group("unit"))
        ].group == group:
            unit_end = c.end()
        unit = text[unit_start:unit_end]
    if unit_text[:1].isupper() and (n := _NEXT_WORD.match(text, unit_end)) and n.group(1)[:1].isupper():
        return None  # "Đoàn Kiểm tra 3530 Bộ Công an": the unit word starts a name
    return group, unit, unit_start, unit_end, scale


def _excluded(
    text: str, start: int, m: re.Match[str], found: tuple[str, str, int, int, float], pats: Patterns
) -> bool:
    """Numbers that have a unit but are no figure: labels, page numbers, citations, formulas."""
    group, _unit, _s, unit_end, _scale = found
    if _LEADER.search(text, max(0, start - 8), start):
        return True  # "……… 23 CHƯƠNG V": a page number in a table of contents
    if pats.label_tail.match(text, unit_end):
        return True  # "khoản 2, 3 Điều 36": the unit is a label with its own number
    if _looks_like_year_range(m) and group not in ("money", "percent"):
        return True
    if group == "percent" and _FORMULA.search(text, max(0, start - 4), start):
        return True  # "Số lượng công việc hoàn thành | x 100% x 5": a formula
    line_start = text.rfind("\n", 0, start) + 1
    head = text[max(line_start, start - 600) : start]
    recipients = head.rfind("Nơi nhận")
    if recipients >= 0 and " | " not in head[recipients:]:
        return True  # "Nơi nhận: … - UBND 34 tỉnh, thành phố;": the distribution list
    cut = max(head.rfind(";"), head.rfind(". "), head.rfind(" | "))
    return _CITATION.match(head, cut + 1 if cut >= 0 else 0) is not None


_NEXT_WORD = re.compile(rf"{SP}+(\w+)")
_FORMULA = re.compile(r"(?:[x×*=]|\bx){SP}*\Z".replace("{SP}", SP))
_CITATION = re.compile(
    rf"{SP}*[*(“\"-]*{SP}*(?:Căn{SP}+cứ|Theo{SP}+đề{SP}+nghị|Xét{SP}+(?:đề{SP}+nghị|Tờ{SP}+trình))"
)


_CLASSIFIER_STOP = frozenset(
    {"của", "cho", "để", "với", "tại", "trong", "và", "là", "có", "được", "đã", "đang", "sẽ", "theo", "từ"}
    | {"đến", "trên", "dưới", "về", "do", "vào", "ra", "bị", "các", "những", "này", "đó"}
)
_SYLLABLE = re.compile(rf"{SP}+(?P<w>{LETTER}+)(?!\w)")


def _classifier_noun(text: str, start: int, end: int) -> tuple[int, str]:
    """A classifier takes the lower-case noun after it: "căn" + "nhà" → "căn nhà"."""
    m = _SYLLABLE.match(text, end)
    if m and m.group("w").islower() and m.group("w") not in _CLASSIFIER_STOP:
        end = m.end()
    return end, text[start:end]


def _blocked(prev_words: list[str], cues: Cues, measured: bool) -> bool:
    """The word(s) before the number make it an ordinal, a date, a code or a name.

    "mỗi xã 1 mô hình" is distributive, not a label; a person or household noun right
    before a count describes it ("hộ 2-4 khẩu", "hộ trên 4 khẩu")."""
    if not prev_words:
        return False
    if len(prev_words) >= 2 and (prev_words[-2] == "mỗi" or " ".join(prev_words[-2:]) in _COMPOUNDS):
        return False
    if not measured and (prev_words[-1] in _HOLDER_NOUNS or " ".join(prev_words[-2:]) in _HOLDER_NOUNS):
        return True
    for n in (3, 2, 1):
        if len(prev_words) < n:
            continue
        phrase = " ".join(prev_words[-n:])
        if phrase in cues.block:
            # "tổng số 500 hộ" counts; "số 15" is a document number
            return not (phrase == "số" and len(prev_words) >= 2 and prev_words[-2] in ("tổng", "với"))
        if phrase in cues.label and not measured:
            return True
    return False


_LEADER = re.compile(r"(?:\.{3,}|…)\s*\Z")
# Words that end in a label word but are not labels: "danh mục 02 thủ tục", "địa điểm 3 …".
_COMPOUNDS = frozenset(
    {"danh mục", "chuyên mục", "hạng mục", "đề mục", "địa điểm", "thời điểm", "trọng điểm"}
)
_HOLDER_NOUNS = frozenset({"hộ", "người", "gia đình", "nhà"})


def _looks_like_year_range(m: re.Match[str]) -> bool:
    hi = m.group("hi")
    return bool(YEAR.match(m.group("num"))) and (hi is None or bool(YEAR.match(hi)))


_BORROW_END = re.compile(rf"{SP}*(?:[,;.:!?)\n]|\Z)")
_BORROW_LINK = re.compile(rf"(?<!\w)(?:là|đạt|có|gồm){SP}*\Z", re.IGNORECASE)


def _borrowed_unit_hit(text: str, m: re.Match[str], pats: Patterns) -> Hit | None:
    """A number closing a "số <noun> … là N" clause borrows that noun as its unit.

    "số hộ dân phải di chuyển … là hơn 18.800" → 18800 "hộ dân"."""
    start, end = m.start(), m.end()
    if m.group("den") or m.group("hi") or YEAR.match(m.group("num")):
        return None
    if not _BORROW_END.match(text, end):
        return None  # the number must close its clause: "… là hơn 18.800, cụ thể …"
    qualifier, q_start = "eq", start
    q = pats.qualifier.search(text, max(0, start - 30), start)
    if q is not None and q.group("word") and phrase_key(q.group("word")) != "từ":
        qualifier, q_start = figure_cue_lexicon().qualifiers[phrase_key(q.group("word"))], q.start()
    if not _BORROW_LINK.search(text, max(0, q_start - 12), q_start):
        return None
    origin = max(0, start - 100)
    for ch in ";.!?\n|(":
        cut = text.rfind(ch, origin, q_start)
        if cut >= 0:
            origin = cut + 1
    found = list(pats.so_unit.finditer(text, origin, q_start))
    if not found:
        return None
    so = found[-1]
    info = unit_lexicon()[phrase_key(so.group("unit"))]
    if info.group not in COUNT_GROUPS:
        return None
    value = number_value(m.group("num"))
    unit_span = (so.start("unit"), so.end("unit"))
    return Hit(so.start(), end, value, None, so.group("unit"), info.group, qualifier, *unit_span, start)
