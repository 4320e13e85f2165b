"""Figures: the numbers that carry programme information, as `Figure` records.

`find_figures(text, reference_date)` scans a normalized document; `parse_number` reads
one Vietnamese number. A figure is a number with what it counts or measures: money,
a percentage, a measure, or a count of a noun listed in `data/units.tsv`. Its `kind`
(target, achieved, other) is decided by `figure_kind.py`; `reference_date` (the
document's issue date) tells it which years are past.

Forms recognized (the span covers the qualifier, the number, its scale and unit):

- Numbers as written: "22.000" (dot groups thousands), "58,1" (comma is the decimal
  point), "03", "1.234.567,5"; ratios "168/168 xã", "62/83 khu tái định cư", "tối
  thiểu 2/3 số người" (value 2, total 3, unit "người"), "mới giải ngân 80/350 tỷ đồng"
  (both scaled); ranges "từ 10 đến 15 người", "10-15%", "85%-90%", "từ 700 - 800 tỉ
  đồng", "đạt từ 70 đến dưới 90 điểm" (value: the lower bound, qualifier gte); a number
  spelled out after it, "01 (một) điểm".
- Scales nghìn/ngàn, triệu, tỷ/tỉ and their products ("58,1 tỷ đồng" → 58100000000,
  "2 nghìn tỷ đồng", "3,9 triệu hộ nghèo" → 3900000 "hộ nghèo").
- Money "đồng", "VNĐ", "VND", "đ" (unit "VND"; "150.000đ"), "USD", "triệu USD" (unit
  "USD"); rates keep their unit ("30 triệu đồng/hộ", "1 triệu đồng/người/tháng").
- Percentages "1%", "10 %", "5 phần trăm" (unit "%").
- Measures, spaced or glued: "23.300 ha", "18 tấn", "850km", "dưới 50m3/ngày.đêm".
- Counts: the counted noun as written is the unit ("400 căn nhà đại đoàn kết" →
  "căn nhà", "13 cây cầu nông thôn" → "cây cầu", "22.000 suất", "15 Hội quán", "06
  HTX", "2.500 hộ tái định cư" → "hộ", "419 hộ dân" → "hộ dân"); a classifier (căn,
  ngôi, cây, con, chiếc …) takes the noun after it ("10 con bò"); coordinated units of
  one family stay together ("168/168 xã, phường, đặc khu", "11 sở, ngành", "10 huyện,
  thị xã"); "mỗi xã 1 mô hình điểm" → 1 "mô hình"; "danh mục 02 thủ tục hành chính".
- A number closing a clause with no unit borrows the "số <noun>" it answers ("số hộ
  dân phải di chuyển … là hơn 18.800" → unit "hộ dân").
- Qualifiers before the number: trên, hơn, vượt (gt); ít nhất, tối thiểu, không dưới,
  ≥ (gte); dưới, chưa đến, < (lt); tối đa, không quá, không vượt quá, ≤ (lte); gần,
  khoảng, xấp xỉ, ước (approx), also before "bình quân" ("không vượt quá bình quân 4,7
  tổ chức"); after the unit: "trở lên" (gte), "trở xuống" (lte), also a few words on
  after "từ" ("có từ 15 biên chế công chức trở lên"). "trên" before a count of places
  is a preposition, not a qualifier ("trên 10 huyện, thị xã": eq).
- Table rows: "Diện tích | Ha | 26.120 | 27.000" (each number takes the unit cell to
  its left, scaled as "Tỷ đồng", "Triệu USD" say; a count unit cell only in a table
  with an ĐVT column); rows under a header that states the unit ("Đơn vị tính: Triệu
  đồng", "Đơn vị: Triệu đồng.", "Kinh phí (triệu đồng)", "Mức chi (1.000đ)"); "≥ 93%".

Near-misses rejected (they yield no figure):

- Dates, years and periods ("ngày 14/7/2017", "tháng 10/2004", "năm 2025", "2021-2025",
  "nhiệm kỳ 2026 - 2031"), durations and ages ("trong 3 tháng", "30 ngày", "80 năm qua",
  "từ 18 tuổi"), frequencies and levels ("2 lần", "chính quyền địa phương 2 cấp").
- Document numbers and citations ("số 15-NQ/TU", "Quyết định 142/QĐ-TTg", "Nghị định
  13/2023/NĐ-CP", "Nghị quyết 66.2/2025", "Chương trình phối hợp số 500", "các điều 1,
  3, 4 Nghị quyết số 101/2025/UBTVQH15", anything in a "Căn cứ …", "Theo đề nghị …"
  clause), article and list numbers ("Điều 3", "khoản 2, 3 Điều 36", "1.", "1.1.", "2.2.
  Đợt 2", "Mẫu biểu số 01, 02, 03, 04, 05 ban hành …"), ordinals ("lần thứ I", "thứ 3",
  "Đợt 1", "Dự án 2"), names with numbers ("Phường 1 Bảo Lộc", "Xã Đam Rông 1", "quận
  12", "lớp 10", "COVID-19", "Đoàn Kiểm tra 3530 Bộ Công an"), titles in capitals
  ("… 2 CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA"), a person or household noun described by a
  number ("hộ 2-4 khẩu"), the parties of an agreement ("giữa 2 địa phương").
- Phone and fax numbers, tax codes, times of day ("21:49"), visit counters ("Lượt xem:
  121", "Hôm nay: 1,490"), numbers glued to words or inside URLs and codes, page
  numbers after dot leaders ("………… 23 CHƯƠNG V"), the distribution list ("Nơi nhận:
  … - UBND 34 tỉnh, thành phố"), factors in formulas ("x 100% x 5").
- Table row numbers ("1 | Xã Đam Rông 1"), column-number rows ("1 | 2 | 3 | 4", "A |
  B | 1 | 2"), and year headers.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from extractors.figure_kind import Context, decide_kinds, genre, phrase_pattern, sections
from extractors.span import Span
from extractors.tsv import data_rows

_QUALIFIERS = ("eq", "gt", "gte", "lt", "lte", "approx")
_COUNT_GROUPS = (
    "people",
    "household",
    "place",
    "agency",
    "org",
    "activity",
    "document",
    "content",
    "part",
    "item",
    "point",
)
_GROUPS = ("money", "percent", "measure", "none", "scale", "classifier", *_COUNT_GROUPS)
_FAMILY = {"place": "place", "agency": "agency"}  # groups whose units coordinate ("xã, phường")
_SCALES = {"trăm": 1e2, "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_SP = "[ \u00a0]"
_LETTER = r"[^\W\d_]"
# Units written glued to the number: "150.000đ", "20ha", "5km", "10kg", "500m2".
_GLUED = r"(?:đ|ha|km2?|kg|m[23²³]?|mw|kw|kwh|gb|tb|usd|vnđ|vnd)(?!\w)"


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with what it counts or measures.

    `value` is in base units ("58,1 tỷ đồng" → 58100000000); `unit` is "VND" for money,
    "%" for percentages, otherwise the counted noun as written ("căn nhà"), or None;
    `total` is the denominator of a ratio ("168/168 xã" → 168); `qualifier` is eq, gt,
    gte, lt, lte or approx; `kind` is target (planned), achieved (reported) or other
    (structure, context); `subject` is what is measured ("tỷ lệ hộ nghèo"); `deadline`
    is the surface text of the time attached ("đến cuối năm 2025").
    """

    span: Span
    value: float
    unit: str | None
    total: float | None
    qualifier: str
    kind: str
    subject: str | None
    deadline: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.span.text,
            "value": self.value,
            "unit": self.unit,
            "total": self.total,
            "qualifier": self.qualifier,
            "kind": self.kind,
            "subject": self.subject,
            "deadline": self.deadline,
            **self.span.to_dict(),
        }


# ---------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class _Unit:
    group: str
    canonical: str  # "" when the unit is written as it appears


@cache
def _units() -> dict[str, _Unit]:
    out: dict[str, _Unit] = {}
    for lineno, (form, group, canonical) in data_rows("units.tsv", 3):
        if group not in _GROUPS:
            raise ValueError(f"extractors/data/units.tsv:{lineno}: unknown group {group!r}")
        out[_key(form)] = _Unit(group, canonical)
    return out


@dataclass(frozen=True, slots=True)
class _Cues:
    qualifiers: dict[str, str]  # phrase -> qualifier, before the number
    post: dict[str, str]  # phrase -> qualifier, after the unit
    block: frozenset[str]
    label: frozenset[str]


@cache
def _cues() -> _Cues:
    qualifiers: dict[str, str] = {}
    post: dict[str, str] = {}
    block: set[str] = set()
    label: set[str] = set()
    for lineno, (phrase, role, _weight) in data_rows("figure_cues.tsv", 3):
        key = _key(phrase)
        if role in _QUALIFIERS:
            qualifiers[key] = role
        elif role in ("post_gte", "post_lte"):
            post[key] = role[5:]
        elif role == "block":
            block.add(key)
        elif role == "label":
            label.add(key)
        elif role not in ("target", "achieved", "other"):
            raise ValueError(f"extractors/data/figure_cues.tsv:{lineno}: unknown role {role!r}")
    return _Cues(qualifiers, post, frozenset(block), frozenset(label))


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


# ---------------------------------------------------------------- numbers

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER_WORDS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": 10,
}  # fmt: skip
_WORD_SCALES = {"trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_NUMERIC = re.compile(rf"(?:{_NUM})\Z")


def parse_number(s: str) -> float | None:
    """The value of one Vietnamese number: "22.000" → 22000, "58,1" → 58.1, "03" → 3,
    "1.234.567,5" → 1234567.5, "58,1 tỷ" → 58100000000, "hai mươi lăm" → 25; None if
    `s` is not a number."""
    s = " ".join(s.strip().split())
    if not s:
        return None
    words = s.lower().split(" ")
    scale = 1.0
    while len(words) > 1 and words[-1] in _SCALES:
        scale *= _SCALES[words.pop()]
    head = " ".join(words)
    if _NUMERIC.match(head):
        value = float(head.replace(".", "").replace(",", "."))
        return value * scale if math.isfinite(value * scale) else None
    spelled = _parse_words(words)
    return None if spelled is None else spelled * scale


def _parse_words(words: list[str]) -> float | None:
    total, current, seen = 0, 0, False
    for i, w in enumerate(words):
        if w == "linh" or w == "lẻ":
            continue
        if w in _WORD_SCALES:
            factor = _WORD_SCALES[w]
            if factor == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * factor
                current = 0
        elif w in ("mươi", "mười"):
            current = (current or 1) * 10 if w == "mươi" else current + 10
        elif w in _NUMBER_WORDS:
            digit = _NUMBER_WORDS[w]
            if i == 0 and w in ("tư", "lăm", "mốt"):
                return None  # these forms only follow a tens word
            current += digit
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _value(token: str) -> float:
    return float(token.replace(".", "").replace(",", "."))


# ---------------------------------------------------------------- patterns


@dataclass(frozen=True, slots=True)
class _Patterns:
    number: re.Pattern[str]
    after: re.Pattern[str]
    coord: re.Pattern[str]
    rate: re.Pattern[str]
    post: re.Pattern[str]
    qualifier: re.Pattern[str]
    prev_word: re.Pattern[str]
    so_unit: re.Pattern[str]
    cell_unit: re.Pattern[str]
    header_unit: re.Pattern[str]
    label_tail: re.Pattern[str]
    post_far: re.Pattern[str]
    pct_range: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    units = _units()
    cues = _cues()
    scale = r"(?:nghìn|ngàn|triệu|tỷ(?!\s*lệ)|tỉ(?!\s*lệ)|trăm)"
    unit_alt = phrase_pattern([u for u, d in units.items() if d.group != "scale"] + ["%"])
    number = re.compile(
        rf"(?<![\w.,:/\\@#&=~+*-])(?<!\d{_SP})"
        rf"(?P<num>{_NUM})"
        rf"(?:{_SP}?/{_SP}?(?P<den>{_NUM}))?"
        rf"(?:{_SP}*(?:-|–|÷|đến|tới){_SP}*(?:dưới{_SP}+)?(?P<hi>{_NUM}))?"
        rf"(?!(?!{_GLUED})\w|[.,:]\d|/|{_SP}?[-–]{_SP}?\w|{_SP}\d)",
        re.IGNORECASE,
    )
    after = re.compile(
        rf"(?:{_SP}*\((?:{_LETTER}+{_SP}?){{1,5}}\))?"  # "01 (một) điểm", "15 (mười lăm) người"
        rf"{_SP}*(?:(?P<pct>%|phần{_SP}+trăm(?!\w))"
        rf"|(?P<scale>{scale}(?:{_SP}+{scale})*(?!\w))?{_SP}*(?P<so>số{_SP}+)?"
        rf"(?P<unit>{unit_alt})(?!\w))",
        re.IGNORECASE,
    )
    coord = re.compile(rf"{_SP}*(?:,|-|–|/|và|hoặc){_SP}*(?P<unit>{unit_alt})(?!\w)", re.IGNORECASE)
    rate = re.compile(rf"(?:{_SP}?/{_SP}?{_LETTER}+){{1,3}}(?!\w)")
    post = re.compile(rf"{_SP}+(?P<post>{phrase_pattern(list(cues.post))})(?!\w)", re.IGNORECASE)
    symbols = r"≥|>=|≤|<=|>|<"
    qualifier = re.compile(
        rf"(?:(?<!\w)(?P<word>{phrase_pattern(list(cues.qualifiers))})(?:{_SP}+bình{_SP}+quân)?"
        rf"|(?P<sym>{symbols})){_SP}*\Z",
        re.IGNORECASE,
    )
    prev_word = re.compile(rf"(?P<w>{_LETTER}+(?:{_SP}+{_LETTER}+){{0,2}}){_SP}*\Z")
    so_unit = re.compile(
        rf"(?<!\w)(?<!một )(?:tổng{_SP}+)?số{_SP}+(?:lượng{_SP}+)?(?P<unit>{unit_alt})(?!\w)", re.IGNORECASE
    )
    cell_unit = re.compile(
        rf"(?P<scale>{scale}(?:{_SP}+{scale})*)?{_SP}*(?P<unit>%|{unit_alt})\Z|(?P<k>1\.000){_SP}*(?:đ|đồng)\Z",
        re.IGNORECASE,
    )
    header_unit = re.compile(
        rf"(?:(?:đơn{_SP}+vị{_SP}+tính|đvt){_SP}*:?|đơn{_SP}+vị{_SP}*:){_SP}*(?P<a>(?:{scale}{_SP}+)?(?:đồng|usd|vnđ|vnd))"
        rf"|\({_SP}*(?P<b>(?:{scale}{_SP}+)?(?:đồng|usd|vnđ|vnd)|1\.000{_SP}*(?:đ|đồng)){_SP}*\)",
        re.IGNORECASE,
    )
    label_tail = re.compile(rf"{_SP}+(?:số{_SP}*)?\d+(?![.,]?\d)(?!{_SP}*%)", re.IGNORECASE)
    post_far = re.compile(rf"(?:{_SP}+{_LETTER}+){{1,4}}?{_SP}+trở{_SP}+lên(?!\w)", re.IGNORECASE)
    pct_range = re.compile(rf"{_SP}*[-–]{_SP}*(?P<hi>{_NUM}){_SP}*%")
    return _Patterns(
        number,
        after,
        coord,
        rate,
        post,
        qualifier,
        prev_word,
        so_unit,
        cell_unit,
        header_unit,
        label_tail,
        post_far,
        pct_range,
    )


# ---------------------------------------------------------------- finding


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    value: float
    total: float | None
    unit: str | None
    group: str
    qualifier: str
    unit_start: int  # where the unit phrase starts (subject search)
    unit_end: int
    core: int  # where the number itself starts, after any qualifier


def find_figures(text: str, reference_date: date | None = None) -> list[Figure]:
    """The figures of `text`, sorted by start offset."""
    pats = _patterns()
    kind_of_document = genre(text)
    ref_year = reference_date.year if reference_date else None
    hits: list[tuple[_Hit, bool]] = [(hit, True) for hit in _table_hits(text, pats)]
    taken = {hit.core for hit, _ in hits}
    for m in pats.number.finditer(text):
        if m.start() not in taken and (hit := _prose_hit(text, m, pats)) is not None:
            hits.append((hit, False))
    hits.sort(key=lambda h: (h[0].start, h[0].end))
    heads = sections(text)
    starts = [offset for offset, _ in heads]
    contexts = []
    for hit, in_table in hits:
        i = bisect_right(starts, hit.start) - 1
        section = heads[i][1] if i >= 0 else None
        contexts.append(
            Context(
                text, hit.start, hit.core, hit.end, hit.group, kind_of_document, ref_year, in_table, section
            )
        )
    kinds = decide_kinds(contexts)
    return [_make(text, hit, kind, in_table) for (hit, in_table), kind in zip(hits, kinds, strict=True)]


def _prose_hit(text: str, m: re.Match[str], pats: _Patterns) -> _Hit | None:
    start, end = m.start(), m.end()
    cues = _cues()
    a = pats.after.match(text, end)
    den, hi = m.group("den"), m.group("hi")
    if a is None:
        return _borrowed_unit_hit(text, m, pats)
    found = _unit_after(text, a, pats)
    if found is None or _excluded(text, start, m, found, pats):
        return None
    group, unit, unit_start, unit_end, scale = found
    value = _value(m.group("num")) * scale
    total = _value(den) * scale if den else None
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
        word = _key(q.group("word") or "")
        qual = cues.qualifiers.get(word) if word else _SYMBOLS[q.group("sym")]
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
        qualifier = cues.post[_key(p.group("post"))]
        fig_end = p.end()
    return _Hit(fig_start, fig_end, value, total, unit, group, qualifier, unit_start, unit_end, start)


def _unit_after(text: str, a: re.Match[str], pats: _Patterns) -> tuple[str, str, int, int, float] | None:
    """(group, unit, start, end, scale) of the unit matched by `pats.after`, or None if it is none."""
    if a.group("pct"):
        return "percent", "%", a.start("pct"), a.end("pct"), 1.0
    units = _units()
    unit_text = a.group("unit")
    group = units[_key(unit_text)].group
    if group == "none" or (group == "part" and not unit_text.islower()):
        return None
    if " " in unit_text.strip() and unit_text.isupper():
        return None  # "DỰ ÁN 2 CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA": a title in capitals
    if a.group("so") and group not in _COUNT_GROUPS:
        return None
    scale = 1.0
    for w in (a.group("scale") or "").lower().split():
        scale *= _SCALES[w]
    unit_start, unit_end = a.start("unit"), a.end("unit")
    unit = units[_key(unit_text)].canonical or unit_text
    if group == "classifier":
        unit_end, unit = _classifier_noun(text, unit_start, unit_end)
        group = "item"
    if group in _FAMILY:
        while (c := pats.coord.match(text, unit_end)) is not None and units[
            _key(c.group("unit"))
        ].group == group:
            unit_end = c.end()
        unit = text[unit_start:unit_end]
    if unit_text[:1].isupper() and (n := _NEXT_WORD.match(text, unit_end)) and n.group(1)[:1].isupper():
        return None  # "Đoàn Kiểm tra 3530 Bộ Công an": the unit word starts a name
    return group, unit, unit_start, unit_end, scale


def _excluded(
    text: str, start: int, m: re.Match[str], found: tuple[str, str, int, int, float], pats: _Patterns
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


_NEXT_WORD = re.compile(rf"{_SP}+(\w+)")
_FORMULA = re.compile(r"(?:[x×*=]|\bx){_SP}*\Z".replace("{_SP}", _SP))
_CITATION = re.compile(
    rf"{_SP}*[*(“\"-]*{_SP}*(?:Căn{_SP}+cứ|Theo{_SP}+đề{_SP}+nghị|Xét{_SP}+(?:đề{_SP}+nghị|Tờ{_SP}+trình))"
)


_SYMBOLS = {"≥": "gte", ">=": "gte", "≤": "lte", "<=": "lte", ">": "gt", "<": "lt"}
_CLASSIFIER_STOP = frozenset(
    {"của", "cho", "để", "với", "tại", "trong", "và", "là", "có", "được", "đã", "đang", "sẽ", "theo", "từ"}
    | {"đến", "trên", "dưới", "về", "do", "vào", "ra", "bị", "các", "những", "này", "đó"}
)
_SYLLABLE = re.compile(rf"{_SP}+(?P<w>{_LETTER}+)(?!\w)")


def _classifier_noun(text: str, start: int, end: int) -> tuple[int, str]:
    """A classifier takes the lower-case noun after it: "căn" + "nhà" → "căn nhà"."""
    m = _SYLLABLE.match(text, end)
    if m and m.group("w").islower() and m.group("w") not in _CLASSIFIER_STOP:
        end = m.end()
    return end, text[start:end]


def _blocked(prev_words: list[str], cues: _Cues, measured: bool) -> bool:
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
_YEAR = re.compile(r"(?:19|20)\d\d\Z")


def _looks_like_year_range(m: re.Match[str]) -> bool:
    hi = m.group("hi")
    return bool(_YEAR.match(m.group("num"))) and (hi is None or bool(_YEAR.match(hi)))


_BORROW_END = re.compile(rf"{_SP}*(?:[,;.:!?)\n]|\Z)")
_BORROW_LINK = re.compile(rf"(?<!\w)(?:là|đạt|có|gồm){_SP}*\Z", re.IGNORECASE)


def _borrowed_unit_hit(text: str, m: re.Match[str], pats: _Patterns) -> _Hit | None:
    """A number closing a "số <noun> … là N" clause borrows that noun as its unit.

    "số hộ dân phải di chuyển … là hơn 18.800" → 18800 "hộ dân"."""
    start, end = m.start(), m.end()
    if m.group("den") or m.group("hi") or _YEAR.match(m.group("num")):
        return None
    if not _BORROW_END.match(text, end):
        return None  # the number must close its clause: "… là hơn 18.800, cụ thể …"
    qualifier, q_start = "eq", start
    q = pats.qualifier.search(text, max(0, start - 30), start)
    if q is not None and q.group("word") and _key(q.group("word")) != "từ":
        qualifier, q_start = _cues().qualifiers[_key(q.group("word"))], q.start()
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
    info = _units()[_key(so.group("unit"))]
    if info.group not in _COUNT_GROUPS:
        return None
    value = _value(m.group("num"))
    unit_span = (so.start("unit"), so.end("unit"))
    return _Hit(so.start(), end, value, None, so.group("unit"), info.group, qualifier, *unit_span, start)


# ---------------------------------------------------------------- tables

_CELL_NUMBER = re.compile(rf"{_SP}*(?P<sym>≥|>=|≤|<=|>|<)?{_SP}*(?P<num>{_NUM}){_SP}*(?P<pct>%)?{_SP}*\Z")
_UNIT_COLUMN = re.compile(r"(?:đvt|đơn vị tính|đơn vị)\Z", re.IGNORECASE)


# A table that yields more figures than this is a statistical annex (a budget estimate
# sheet, a financial statement), not programme text: its cells are not listed one by one.
_ANNEX_CELLS = 60


def _table_hits(text: str, pats: _Patterns) -> Iterator[_Hit]:
    """Figures of the document's tables, statistical annexes left out (see _ANNEX_CELLS)."""
    table: list[_Hit] = []
    last_end = -1
    for hit in _table_cell_hits(text, pats):
        # hits of one table are separated only by table lines: a gap of prose starts a new table
        if table and not _only_table_lines(text, last_end, hit.start):
            if len(table) <= _ANNEX_CELLS:
                yield from table
            table = []
        table.append(hit)
        last_end = hit.end
    if len(table) <= _ANNEX_CELLS:
        yield from table


def _only_table_lines(text: str, a: int, b: int) -> bool:
    """True when every whole line between offsets a and b is a table row."""
    return all(" | " in line for line in text[a:b].split("\n")[1:-1])


def _table_cell_hits(text: str, pats: _Patterns) -> Iterator[_Hit]:
    """Numbers in table rows that name their unit: in a unit cell or in a header.

    A unit cell counts in a table with a unit column ("TT | Chỉ tiêu | ĐVT | …"), or when
    it names money, a percentage or a measure ("Tỷ đồng", "%", "Ha"); a header's unit
    ("Đơn vị tính: Triệu đồng", "(1.000đ)") applies to the numbers of the rows below it.
    """
    header: tuple[float, str] | None = None
    unit_column = False
    pos = 0
    previous_was_table = False
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        is_table = " | " in line
        if not is_table:
            h = pats.header_unit.search(line) if len(line) < 200 else None
            if h is not None:
                header = _header_scale(h)
            elif line.strip() and not previous_was_table:
                header, unit_column = None, False
            previous_was_table = False
            continue
        previous_was_table = True
        cells = _cells(line, line_start)
        texts = [c[2].strip() for c in cells]
        numeric = [_CELL_NUMBER.match(t) is not None for t in texts]
        if any(_UNIT_COLUMN.match(t) for t in texts):
            unit_column = True
        if (h := pats.header_unit.search(line)) is not None and not any(numeric[1:]):
            header = _header_scale(h)
            continue
        if all(len(t) <= 5 for t in texts) and not any(
            n and len(t) > 3 for n, t in zip(numeric, texts, strict=True)
        ):
            continue  # "A | B | 1 | 2 | 3 | 4=3/2": the column numbers under a header
        yield from _row_hits(cells, texts, numeric, pats, header, unit_column)


def _row_hits(
    cells: list[tuple[int, int, str]],
    texts: list[str],
    numeric: list[bool],
    pats: _Patterns,
    header: tuple[float, str] | None,
    unit_column: bool,
) -> Iterator[_Hit]:
    unit: tuple[float, str, str] | None = None
    labelled = False  # a text cell came before: the first numeric cell is not a row number
    for i, (cs, _ce, ct) in enumerate(cells):
        t = texts[i]
        if not numeric[i]:
            u = pats.cell_unit.match(t) if 0 < len(t) <= 30 and i > 0 else None
            cell_unit = _cell_scale(u) if u is not None else None
            if cell_unit is not None and (unit_column or cell_unit[2] in ("money", "percent", "measure")):
                unit = cell_unit
            elif t:
                unit = None
                labelled = True
            continue
        num = _CELL_NUMBER.match(ct)
        if num is None or not labelled:
            continue
        if _YEAR.match(num.group("num")) and unit is None:
            continue
        if num.group("pct"):
            yield _cell_hit(cs, num, 1.0, "%", "percent")
        elif unit is not None:
            yield _cell_hit(cs, num, unit[0], unit[1], unit[2])
        elif header is not None:
            yield _cell_hit(cs, num, header[0], header[1], "money")


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for part in line.split(" | "):
        out.append((offset + pos, offset + pos + len(part), part))
        pos += len(part) + 3
    return out


def _header_scale(h: re.Match[str]) -> tuple[float, str]:
    phrase = (h.group("a") or h.group("b")).lower()
    if phrase.startswith("1.000"):
        return 1000.0, "VND"
    scale = 1.0
    for w in phrase.split():
        scale *= _SCALES.get(w, 1.0)
    return scale, "USD" if "usd" in phrase else "VND"


def _cell_scale(u: re.Match[str]) -> tuple[float, str, str] | None:
    if u.group("k"):
        return 1000.0, "VND", "money"
    scale = 1.0
    if u.group("scale"):
        for w in u.group("scale").lower().split():
            scale *= _SCALES[w]
    word = u.group("unit")
    if word == "%":
        return scale, "%", "percent"
    info = _units()[_key(word)]
    if info.group in ("none", "scale", "part"):
        return None
    return scale, info.canonical or word, info.group


def _cell_hit(cell_start: int, num: re.Match[str], scale: float, unit: str, group: str) -> _Hit:
    s = cell_start + (num.start("sym") if num.group("sym") else num.start("num"))
    e = cell_start + (num.end("pct") if num.group("pct") else num.end("num"))
    value = _value(num.group("num")) * scale
    qualifier = _SYMBOLS[num.group("sym")] if num.group("sym") else "eq"
    return _Hit(s, e, value, None, unit, group, qualifier, s, e, cell_start + num.start("num"))


# ---------------------------------------------------------------- records


def _make(text: str, hit: _Hit, kind: str, in_table: bool) -> Figure:
    return Figure(
        span=Span.of(text, hit.start, hit.end),
        value=hit.value,
        unit=hit.unit,
        total=hit.total,
        qualifier=hit.qualifier,
        kind=kind,
        subject=_subject(text, hit, in_table),
        deadline=None if in_table else _deadline(text, hit),
    )


_SUBJECT_STOP = re.compile(
    r"(?<!\w)(?:của|cho|để|với|tại|trong|và|là|có|được|đã|đang|sẽ|theo|từ|đến|về|do|vào|bị|nhằm|gồm|trên|"
    r"thuộc|còn|đạt|tăng|giảm|chiếm|so)(?!\w)|[,;:.!?()|\n\"“”]",
    re.IGNORECASE,
)
_MEASURE_HEAD = re.compile(
    r"(?<!\w)(?:tỷ lệ|tỉ lệ|tổng số|số lượng|số|tổng|mức|kinh phí|diện tích|sản lượng|giá trị|tốc độ|thu nhập|"
    r"nguồn vốn|vốn|tổng vốn|ngân sách|dân số|chỉ số)(?!\w)",
    re.IGNORECASE,
)


def _subject(text: str, hit: _Hit, in_table: bool) -> str | None:
    """What the figure measures: the counted noun phrase, or the measure named before it."""
    if in_table:
        line_start = text.rfind("\n", 0, hit.start) + 1
        cells = [c.strip(" -+*") for c in text[line_start : hit.start].split(" | ")]
        labels = [c for c in cells if c and not _CELL_NUMBER.match(c) and len(c) > 3]
        return labels[0] if labels else None
    if hit.group in _COUNT_GROUPS and hit.unit_end > hit.unit_start:
        stop = _SUBJECT_STOP.search(text, hit.unit_end, min(len(text), hit.unit_end + 60))
        end = stop.start() if stop else min(len(text), hit.unit_end + 60)
        phrase = text[hit.unit_start : end].strip()
        words = phrase.split()
        return " ".join(words[:8]) or None
    if hit.group == "percent":
        stop = _SUBJECT_STOP.search(text, hit.end, min(len(text), hit.end + 80))
        end = stop.start() if stop else hit.end
        phrase = text[hit.end : end].strip()
        if phrase and phrase[0].islower() and len(phrase.split()) >= 2:
            return " ".join(phrase.split()[:8])
    window_start = max(0, hit.start - 150)
    clause_start = max(
        (m.end() for m in re.finditer(r"[;:!?\n|]|\.\s", text[window_start : hit.start])), default=0
    )
    window = text[window_start + clause_start : hit.start]
    heads = list(_MEASURE_HEAD.finditer(window))
    if heads:
        head = heads[-1] if len(heads) == 1 else heads[0]
        rest = window[head.start() :]
        stop = re.search(r"(?<!\w)(?:là|đạt|còn|tăng|giảm|chiếm|khoảng|trên|hơn|gần|dưới)(?!\w)|[,;:]", rest)
        phrase = rest[: stop.start()] if stop and stop.start() > len(head.group()) else rest
        words = phrase.split()
        return " ".join(words[:10]) or None
    cut = max(window.rfind(","), window.rfind("("))
    words = _LEADING_FUNCTION.sub("", window[cut + 1 :]).split()[-8:]
    return " ".join(words) or None  # "hộ độc thân - 30 triệu đồng/hộ" → "hộ độc thân -"


_LEADING_FUNCTION = re.compile(r"^\W*(?:(?:và|với|cho|của|trong đó|đồng thời|là|được)\s+)*", re.IGNORECASE)


_DEADLINE = re.compile(
    r"(?<!\w)(?:(?:đến|tới|trước|trong|vào|từ nay đến)\s+)?(?:(?:hết|cuối|đầu|giữa)\s+)?"
    r"(?:năm\s+(?:19|20)\d\d|tháng\s+\d{1,2}(?:/|\s+năm\s+)(?:19|20)\d\d|quý\s+[IV1-4]+(?:/|\s+năm\s+)(?:19|20)\d\d"
    r"|giai đoạn\s+(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d|(?:19|20)\d\d(?=\s*[,:]?\s+(?:phải|di|là|đạt)))"
    r"|(?<!\w)(?:trong|sau)\s+\d+\s+(?:tháng|năm|ngày)(?:\s+(?:tới|sau đại hội|sau khi \w+))?"
    r"|(?<!\w)\d+\s+tháng\s+tới",
    re.IGNORECASE,
)


_SINCE = re.compile(r"(?<!\w)từ\s+\Z", re.IGNORECASE)


def _deadline(text: str, hit: _Hit) -> str | None:
    """The time attached to the figure: the nearest time phrase in its clause."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line_end = len(text) if line_end < 0 else line_end
    lo = max(line_start, hit.start - 160)
    hi = min(line_end, hit.end + 80)
    for sep in (";", ". ", " | "):
        cut = text.rfind(sep, lo, hit.start)
        if cut >= 0:
            lo = cut + len(sep)
        cut = text.find(sep, hit.end, hi)
        if cut >= 0:
            hi = cut
    best: tuple[int, str] | None = None
    for d in _DEADLINE.finditer(text, lo, hi):
        if (d.start() < hit.end and d.end() > hit.start) or _SINCE.search(
            text, max(0, d.start() - 4), d.start()
        ):
            continue  # inside the figure, or "Từ năm 2020 đến nay": a starting point, not a deadline
        dist = hit.start - d.end() if d.end() <= hit.start else d.start() - hit.end + 40
        if best is None or dist < best[0]:
            best = (dist, d.group().strip())
    return best[1] if best else None
