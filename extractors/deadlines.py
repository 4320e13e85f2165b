"""Deadlines: the time constraints of duties and targets, as `Deadline` records.

`find_deadlines(text, reference_date)` scans a normalized document; `parse_time_expression`
reads one phrase (a task-table cell such as "Quý IV/2025"). `reference_date` is the
document's issue date: it supplies the year of "30/6", "tháng 12", "cuối năm", "năm nay"
(a day or month already past in that year is next year's: "trước ngày 15 tháng 01" in a
plan of December 2025 is 2026-01-15) and the date of "kể từ ngày ký".

The cue words (bounds, units, number words, events, document types, past markers) are
rows of `data/time_words.tsv`; the grammar that combines them and the dates a time names
are `time_expressions.py`, the checks of the text around a time (cells, citations, past
events) `time_context.py`; the scan that turns times into records is here. Conventions, as
in the development gold: a bound "đến"/"trước"/"chậm nhất" gives kind date with an end
only; "từ"/"kể từ" kind date with a start only; a span ("năm 2025", "quý III",
"giai đoạn 2021-2025", "từ … đến …") kind interval with both ends.

Forms recognized (the span covers the bound words written before the time):

- Dates: "ngày 22/2/2023", "22-2-2023", "22.2.2023", "ngày 22 tháng 2 năm 2023",
  "ngày 30/6" (year from `reference_date`), "17 giờ 00 ngày 01 tháng 2 năm 2026",
  only behind a bound ("trước ngày 30/6/2024",
  "chậm nhất là ngày …", "đến hết ngày …", "từ ngày …", "vào ngày …", "sau ngày bầu cử
  15/3/2026") or alone in a table cell or after a "Thời gian thực hiện:" label.
- Months "tháng 12/2025", "tháng 12 năm 2025", "Tháng 11 - 12/2025", "trong tháng 12";
  quarters "quý III năm 2023", "quý I/2026", "cuối quý III/2006"; halves "6 tháng đầu
  năm 2025", "nửa cuối năm"; "đầu năm 2026", "cuối năm 2025", "cuối năm"; years
  "năm 2025", "năm nay", "Năm 2025 - 2026"; spans of years "giai đoạn 2021-2025",
  "thời kỳ 2021 - 2030", "kế hoạch 5 năm 2021-2025"; bare years "2030" behind a bound
  ("đến 2030", "tầm nhìn 2035"), in a cell ("2026 - 2030") or after a schedule label
  ("tiến độ di dân 3 tỉnh: 2005 phải di dời …").
- Bounds and ranges: "đến năm 2030", "tầm nhìn đến năm 2050", "đến cuối năm 2025"
  (kind date, end only); "trước ngày 30/6/2024" (end); "từ năm 2026", "từ năm 2025 trở
  đi" (start only); "trong quý III năm 2023" (interval); "từ tháng 9 đến tháng 12/2025",
  "Từ tháng 01 đến ngày bầu cử 15/3/2026", "Quý IV/2025 - Quý II/2026", "từ ngày
  17/12/2025 đến 17 giờ 00, ngày 01/02/2026" (interval; a missing year is taken from the
  other end); "từ nay đến hết năm 2025" (from the reference date); "Năm 2026 và các năm
  tiếp theo" (start only).
- Recurring schedules, with ISO 8601 recurrence: "định kỳ 6 tháng" (P6M), "định kỳ 06
  tháng/lần", "hằng năm"/"hàng năm"/"mỗi năm" (P1Y), "hằng quý" (P3M), "hằng tháng"
  (P1M), "hằng tuần", "hằng ngày", "định kỳ hằng quý", "định kỳ (hằng năm)", "2 năm một
  lần", "01 lần/ngày", "thường niên", "trước ngày 15 hằng tháng" (P1M), "định kỳ trước
  ngày 15/12 hằng năm" (P1Y); "định kỳ" alone before its verb ("định kỳ sơ, tổng kết";
  no recurrence); the elided second period of "định kỳ 6 tháng tổ chức giao ban, 1 năm
  sơ kết"; "Thường xuyên" alone in a table cell.
- Relative periods, with offset and anchor: "trong 3 tháng sau đại hội" (P3M, "đại
  hội"), "trong thời hạn 30 ngày kể từ ngày ký" (dated from `reference_date`), "chậm
  nhất là 10 ngày kể từ ngày được tiếp nhận, tuyển dụng, bổ nhiệm", "03 ngày làm việc
  kể từ ngày nhận được yêu cầu", "Trong thời hạn 15 (mười lăm) ngày làm việc, kể từ …",
  "3 tháng tới", "sau 15 ngày", "trong thời hạn không quá 03 ngày làm việc", a
  clause-initial "Trong 1 năm," (anchor carried over from the relative period before
  it), "Thời gian niêm yết bản kê khai: 15 ngày", "trước, trong và sau đại hội",
  "từ nay đến kết thúc cuộc bầu cử …" (start at the reference date), "kể từ ngày ký"
  (kind date, start at the reference date).

Near-misses rejected:

- Dates with no bound: events and stamps ("Hội nghị … tổ chức ngày 8/8/2018", "Sáng
  ngày 30/5", "Ngày 8.11, …", "Cập nhật lúc 21:49, 14/04/2017"), the issue-date line
  ("Hà Nội, ngày 17 tháng 11 năm 2025").
- Citations: anything in a "Căn cứ …;" line (and the opening clause of "Căn cứ theo Mục
  II Kế hoạch …, …"); a date or year right after a document number ("Nghị quyết số
  15-NQ/TU ngày 14/7/2017", "Kế hoạch 61/KH-VPUBND năm 2025"); the title of a document in
  a ";"-ended list of citations ("…; Quyết định số 1679/QĐ-TTg … phê duyệt Chiến lược dân
  số Việt Nam đến năm 2030;");
  years of laws and amendments ("Luật Bầu cử năm 2015 (được sửa đổi, bổ sung năm
  2025)", "Hiến pháp 2013"); plain dates in a table row that holds a document number.
- Effective-date clauses ("Quyết định này có hiệu lực kể từ ngày ký", "có hiệu lực thi
  hành từ ngày 01/7/2025"); terms of office ("nhiệm kỳ 2026 - 2031").
- Past times and reported results: "Từ năm 2020 đến nay", "trong 80 năm qua", "Năm
  2021, … đã vận động được …", "đến tháng 10/2004, đã di dời …", "tỷ lệ hộ nghèo đến
  cuối năm 2022 của Thành phố còn 1%", "năm nay còn chậm", "Đã khắc phục xong từ tháng
  6/2024", "Chỉ riêng năm 2005, đã có 779 dự án"; with a `reference_date`, dates and
  periods over before its month began; dates of life events ("công dân sinh năm 2007");
  the blank date of a form ("Bỉm Sơn, ngày    tháng    năm 2024").
- Durations that are not time limits ("sau 40 năm thực hiện công cuộc đổi mới", "sau 1
  ngày thảo luận", "trong 02 năm (2026-2027)"), "định kỳ" as an attribute ("sinh hoạt
  đảng định kỳ, sinh hoạt chuyên đề", "lịch làm việc định kỳ, đột xuất", "báo cáo định kỳ
  và đột xuất"), "thường xuyên" in running text, times of day ("chậm nhất là 17 giờ"
  is not a 17-hour period), numbers that only look like dates ("168/168 xã", "2/3 số
  người", "72/2025/QH15", section numbers "3.1."), a month, quarter or "cuối năm" with
  neither year nor bound ("Quý II và 6 tháng, Quý III và 9 tháng", "Tổng dư nợ cuối năm").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from extractors.span import Span
from extractors.time_context import (
    BLANK_DATE_BEFORE,
    adverbial_dinhky,
    after_dinhky,
    in_cell,
    is_slash_date,
    paren_follows,
    period_anchor,
    rejected,
)
from extractors.time_expressions import (
    TIME_CORES,
    Time,
    add,
    fold_key,
    grammar,
    iso_duration,
    number,
    resolve_time,
)


class DeadlineKind(StrEnum):
    """What a deadline fixes: a point, a span, a repeating schedule, or a period after an event."""

    DATE = "date"
    INTERVAL = "interval"
    RECURRING = "recurring"
    RELATIVE = "relative"


@dataclass(frozen=True, slots=True)
class Deadline:
    """A time constraint found in the text.

    `span` is the surface form, bound words included ("trước ngày 30/6/2024"). `kind`
    says how to read it. `start` and `end` are the resolved bounds when the text (with
    the reference date) fixes them: "quý III năm 2023" -> 2023-07-01 … 2023-09-30;
    "trước ngày 30/6/2024" -> end 2024-06-30, start None; "từ năm 2026" -> start
    2026-01-01, end None. `recurrence` is the ISO 8601 period of a recurring schedule
    ("định kỳ 6 tháng" -> "P6M"). `offset` is the duration of a relative period and
    `anchor` the event it counts from ("trong 3 tháng sau đại hội" -> "P3M", "đại hội").
    """

    span: Span
    kind: DeadlineKind
    start: date | None
    end: date | None
    recurrence: str | None
    offset: str | None
    anchor: str | None

    def to_dict(self) -> dict[str, object]:
        """The SCHEMA.md fields of a deadline, plus the span's offsets."""
        return {
            "text": self.span.text,
            "kind": self.kind.value,
            "start_date": self.start.isoformat() if self.start else None,
            "end_date": self.end.isoformat() if self.end else None,
            "recurrence": self.recurrence,
            "offset": self.offset,
            "anchor": self.anchor,
            **self.span.to_dict(),
        }


# ------------------------------------------------------------------------ scanner


@dataclass(slots=True)
class _Scan:
    text: str
    reference: date | None
    cells_only: bool  # parse_time_expression: the whole text is one cell
    out: list[Deadline]
    last_end: int = 0
    last_anchor: tuple[int, str] | None = None  # (end offset, anchor) of the last relative period
    last_period: int = -1  # end offset of the last "định kỳ N tháng"


def find_deadlines(text: str, reference_date: date | None = None) -> list[Deadline]:
    """The deadlines in `text`, sorted by start offset (see the module docstring for the forms)."""
    return _scan(text, reference_date, cells_only=False)


def parse_time_expression(phrase: str, reference_date: date | None = None) -> Deadline | None:
    """The time expression of one phrase ("Quý IV/2025", "Năm 2025 - 2026", "Thường xuyên").

    The phrase is read as a table cell: bare years and dates count. Of several
    expressions, the longest is returned; None when there is none. Offsets are into
    `phrase`.
    """
    found = _scan(phrase, reference_date, cells_only=True)
    if not found:
        return None
    return max(found, key=lambda d: (d.span.end - d.span.start, -d.span.start))


def _scan(text: str, reference: date | None, cells_only: bool) -> list[Deadline]:
    g = grammar()
    state = _Scan(text, reference, cells_only, [])
    pos = 0
    for trig in g.trigger.finditer(text):
        if trig.start() < pos:
            continue
        m = g.core.match(text, trig.start())
        if m is None:
            continue
        pos = m.end()
        end = _handle(state, m)
        if end is not None:
            pos = max(pos, end)
    state.out.sort(key=lambda d: d.span.start)
    return state.out


def _emit(
    state: _Scan,
    start: int,
    end: int,
    kind: DeadlineKind,
    *,
    first: date | None = None,
    last: date | None = None,
    recurrence: str | None = None,
    offset: str | None = None,
    anchor: str | None = None,
) -> int:
    start = max(start, state.last_end)
    span = Span.of(state.text, start, end)
    if not span.text:
        return end
    state.out.append(Deadline(span, kind, first, last, recurrence, offset, anchor))
    state.last_end = max(state.last_end, span.end)
    if kind is DeadlineKind.RELATIVE and anchor:
        state.last_anchor = (span.end, anchor)
    return span.end


@dataclass(frozen=True, slots=True)
class _Prefix:
    start: int
    bound: str | None  # end, before, start, within, after
    words: str  # the bound as written, folded
    edge: str | None  # cuối, đầu
    dinhky: bool
    event: str | None  # "ngày bầu cử" in "sau ngày bầu cử 15/3/2026"


def _prefix(state: _Scan, s: int, allow_event: bool) -> _Prefix:
    g = grammar()
    lo = max(state.last_end, s - 60)
    if allow_event:
        pe = g.event_prefix.search(state.text, lo, s)
        if pe:
            words = fold_key(pe.group("bound"))
            ev = "ngày " + " ".join(pe.group("evw").split())
            return _Prefix(pe.start(), g.bounds[words], words, None, False, ev)
    p = g.prefix.search(state.text, lo, s)
    if p is None or p.start() == s:
        return _Prefix(s, None, "", None, False, None)
    words = fold_key(p.group("bound") or "")
    start = p.start()
    if p.group("vis") and g.bounds.get(words) != "end":
        start = p.start("bound") if p.group("bound") else (p.start("edge") if p.group("edge") else s)
    return _Prefix(
        start,
        g.bounds.get(words) if words else None,
        words,
        p.group("edge").lower() if p.group("edge") else None,
        bool(p.group("dk")),
        None,
    )


def _handle(state: _Scan, m: re.Match[str]) -> int | None:
    """Turn one core match into zero or one record; returns the offset scanning resumes from."""
    return _HANDLED[m.lastgroup or ""](state, m)


# ---------------------------------------------------------------- time cores


def _handle_time(state: _Scan, m: re.Match[str]) -> int | None:
    g = grammar()
    text, ref = state.text, state.reference
    default_year = ref.year if ref else None
    t1 = resolve_time(m, default_year)
    if t1 is None:
        return None
    if ref is not None and t1.year is None and t1.end is not None and t1.end < ref.replace(day=1):
        # a day or month without its year, already past in the issue year, is next year's:
        # "hoàn thành trước ngày 15 tháng 01" in a plan of December 2025 -> 2026-01-15
        t1 = resolve_time(m, ref.year + 1) or t1
    s, e = m.start(), m.end()
    bare_numeric = t1.group in ("dmy", "dm") and "ngày" not in m.group(t1.group).lower()
    pre = _prefix(state, s, allow_event=bare_numeric)
    # a range: "từ tháng 01 đến ngày bầu cử 15/3/2026", "Quý IV/2025 - Quý II/2026"
    t2: Time | None = None
    sep = g.range_sep.match(text, e)
    if sep and sep.end() > e and t1.group not in ("period",):
        m2 = g.core.match(text, sep.end())
        if m2 and any(m2.group(k) for k in TIME_CORES):
            t2 = resolve_time(m2, default_year if t1.year is None else t1.year)
            if (
                t2 is not None
                and t2.year is None
                and t1.year is None
                and t1.start
                and t2.end
                and t2.end < t1.start
            ):
                t2 = resolve_time(m2, t1.start.year + 1) or t2
            if t2 is not None and t2.year is not None and t1.year is None:
                t1 = resolve_time(m, t2.year) or t1
                if t1.start and t2.end and t1.start > t2.end:
                    t1 = resolve_time(m, t2.year - 1) or t1
            if t2 is not None and (t2.start is None and t2.end is None and t2.group != "year"):
                t2 = None
            if t2 is not None:
                e = m2.end()
    cell = state.cells_only or in_cell(text, pre.start, e)
    if t1.term:
        return e
    if t2 is None and t1.weak:
        slash = is_slash_date(m.group("dm") or "")
        if t1.group == "dm" and not (slash and (pre.bound in ("end", "before") or state.cells_only)):
            return e
        if t1.group != "dm" and pre.bound is None and not cell:
            return e
    if BLANK_DATE_BEFORE.search(text, max(0, s - 30), s):  # "ngày    tháng    năm 2024": a form's blank date
        return e
    if pre.dinhky:  # "định kỳ" heads recurring forms only: leave it out of this span
        pre = _Prefix(after_dinhky(text, pre.start, s), pre.bound, pre.words, pre.edge, False, pre.event)
    start_date, end_date = t1.start, t1.end
    kind: DeadlineKind | None
    open_end = g.open_end.match(text, e)
    if t2 is not None:
        kind, start_date, end_date = DeadlineKind.INTERVAL, t1.start, t2.end
    elif open_end:
        e = open_end.end()
        kind, end_date = DeadlineKind.DATE, None
    else:
        if pre.edge == "cuối" and not t1.point:
            t1 = Time(t1.group, t1.end, t1.end, True, t1.weak, t1.year)
            start_date = end_date = t1.end
        kind, start_date, end_date = _bounded(pre.bound, t1, cell)
        if kind is None:
            return e
    first = _prefix_for_output(pre, s)
    if pre.event is not None and pre.bound == "after" and t2 is None:
        d = t1.end + timedelta(days=1) if t1.end else None
        _emit(
            state, first, e, DeadlineKind.RELATIVE, first=d, anchor=f"{pre.event} {text[s : m.end()].strip()}"
        )
        return e
    if kind in (DeadlineKind.DATE, DeadlineKind.INTERVAL) and rejected(
        state.text, state.reference, first, s, e, pre.words, cell, end_date
    ):
        return e
    _emit(state, first, e, kind, first=start_date, last=end_date)
    return e


def _prefix_for_output(pre: _Prefix, s: int) -> int:
    return pre.start if pre.bound or pre.edge else s


def _bounded(bound: str | None, t: Time, cell: bool) -> tuple[DeadlineKind | None, date | None, date | None]:
    """Kind and bounds of a single time behind a bound word (or none)."""
    if t.point:
        if bound in ("end", "before"):
            return DeadlineKind.DATE, None, t.end
        if bound == "start":
            return DeadlineKind.DATE, t.start, None
        if bound == "within":
            return DeadlineKind.DATE, t.start, t.end
        if bound == "after":
            return DeadlineKind.DATE, (t.end + timedelta(days=1)) if t.end else None, None
        if t.group == "ypart" or cell:  # "cuối năm 2025"; a date alone in a cell is its due day
            return DeadlineKind.DATE, None, t.end
        return None, None, None
    if bound == "end":
        return DeadlineKind.DATE, None, t.end
    if bound == "before":
        return DeadlineKind.DATE, None, (t.start - timedelta(days=1)) if t.start else None
    if bound == "start":
        if t.span_range:
            return DeadlineKind.INTERVAL, t.start, t.end
        return DeadlineKind.DATE, t.start, None
    if bound == "after":
        return DeadlineKind.DATE, (t.end + timedelta(days=1)) if t.end else None, None
    return DeadlineKind.INTERVAL, t.start, t.end


# ------------------------------------------------------------ recurring cores


def _handle_recurring(state: _Scan, m: re.Match[str]) -> int | None:
    text = state.text
    s, e = m.start(), m.end()
    if m.group("rday"):
        pre = _prefix(state, s, allow_event=False)
        first = pre.start if (pre.bound or pre.dinhky) else s
        rec = {"tháng": "P1M", "năm": "P1Y", "quý": "P3M"}[m.group("rd_u").lower()]
        return _emit(state, first, e, DeadlineKind.RECURRING, recurrence=rec)
    if m.group("recn"):
        n = number(m.group("rn_n"))
        if not n:
            return e
        state.last_period = _emit(
            state, s, e, DeadlineKind.RECURRING, recurrence=iso_duration(n, m.group("rn_u"))
        )
        return e
    if m.group("rech"):
        # "đời sống hằng ngày": a habit of everyday life, not a schedule
        if m.group("rh_u").lower() == "ngày" and grammar().everyday.search(text, max(0, s - 30), s):
            return e
        return _emit(state, s, e, DeadlineKind.RECURRING, recurrence=iso_duration(1, m.group("rh_u")))
    if m.group("recf"):
        n = number(m.group("rf_n"))
        if not n:
            return e
        return _emit(state, s, e, DeadlineKind.RECURRING, recurrence=iso_duration(n, m.group("rf_u")))
    if m.group("recl"):
        return _emit(state, s, e, DeadlineKind.RECURRING, recurrence=iso_duration(1, m.group("rl_u")))
    if m.group("annual"):
        return _emit(state, s, e, DeadlineKind.RECURRING, recurrence="P1Y")
    if m.group("dinhky"):
        if adverbial_dinhky(text, s, e):
            return _emit(state, s, e, DeadlineKind.RECURRING)
        return e
    if m.group("always") and (state.cells_only or in_cell(text, s, e)):
        return _emit(state, s, e, DeadlineKind.RECURRING)
    return e


# ------------------------------------------------------------- relative cores


def _handle_relative(state: _Scan, m: re.Match[str]) -> int | None:
    text, ref = state.text, state.reference
    s, e = m.start(), m.end()
    if m.group("around"):
        return _emit(state, s, e, DeadlineKind.RELATIVE, anchor=" ".join(m.group("ev").split()))
    if m.group("signed"):  # "kể từ ngày ký", unless the clause says when the text takes effect
        if grammar().effective.search(text, max(0, s - 60), s):
            return e
        return _emit(state, s, e, DeadlineKind.DATE, first=ref)
    if m.group("fromnow"):
        return _handle_fromnow(state, m)
    if m.group("label"):
        n = number(m.group("l_n"))
        if not n:
            return e
        act = " ".join(m.group("l_act").split())
        return _emit(
            state, s, e, DeadlineKind.RELATIVE, offset=iso_duration(n, m.group("l_u")), anchor=f"ngày {act}"
        )
    return _handle_duration(state, m)


def _handle_fromnow(state: _Scan, m: re.Match[str]) -> int | None:
    g = grammar()
    text, ref = state.text, state.reference
    s, e = m.start(), m.end()
    ws = re.match(r"\s+", text[e : e + 10])
    nxt = g.core.match(text, e + (ws.end() if ws else 0))
    if nxt and any(nxt.group(k) for k in TIME_CORES):
        t = resolve_time(nxt, ref.year if ref else None)
        if t is not None:
            return _emit(state, s, nxt.end(), DeadlineKind.INTERVAL, first=ref, last=t.end)
    anchor_end, anchor = period_anchor(text, e + (ws.end() if ws else 0))
    if not anchor:
        return e
    return _emit(state, s, anchor_end, DeadlineKind.RELATIVE, first=ref, anchor=anchor)


def _handle_duration(state: _Scan, m: re.Match[str]) -> int | None:
    g = grammar()
    text, ref = state.text, state.reference
    s, e = m.start(), m.end()
    n = number(m.group("d_n"))
    unit = m.group("d_u").lower()
    if not n or g.sincepast.match(text, e):
        return e
    offset = iso_duration(n, unit)
    rp = g.relprefix.search(text, max(state.last_end, s - 40), s)
    strength = g.relprefixes.get(fold_key(rp.group("rp"))) if rp else None
    first = rp.start() if rp else s
    rw = g.relword.match(text, e)
    if rw:
        anchor_end, anchor = period_anchor(text, rw.end())
        if anchor:
            start = end = None
            if ref is not None and any(fold_key(anchor).startswith(a) for a in g.selfanchors):
                start, end = ref, add(ref, n, unit)
            return _emit(
                state,
                first,
                anchor_end,
                DeadlineKind.RELATIVE,
                first=start,
                last=end,
                offset=offset,
                anchor=anchor,
            )
    ahead = g.ahead.match(text, e)
    if ahead:
        return _emit(state, first, ahead.end(), DeadlineKind.RELATIVE, offset=offset)
    if strength == "strong":
        return _emit(state, first, e, DeadlineKind.RELATIVE, offset=offset)
    after = text[e : e + 3]
    word = fold_key(rp.group("rp")) if rp else ""
    if word == "sau" and unit in ("ngày", "tuần") and re.match(r"\s*(?:[,.;)]|\Z)", after):
        return _emit(state, first, e, DeadlineKind.RELATIVE, offset=offset)
    if word == "trong" and re.match(r"\s*,", after) and not paren_follows(text, e):
        inherited = state.last_anchor[1] if state.last_anchor and s - state.last_anchor[0] < 500 else None
        return _emit(state, first, e, DeadlineKind.RELATIVE, offset=offset, anchor=inherited)
    # "định kỳ 6 tháng tổ chức giao ban, 1 năm sơ kết": the second period of the same schedule
    if (
        state.last_period >= 0
        and 0 <= s - state.last_period < 80
        and not re.search(r"[.;\n|]", text[state.last_period : s])
        and re.search(r",\s*\Z", text[state.last_period : s])
        and re.match(r"\s+[^\W\d_]", text[e : e + 3])
        and text[e : e + 3].strip()[:1].islower()
    ):
        return _emit(state, s, e, DeadlineKind.RECURRING, recurrence=offset)
    return e


_HANDLED = {
    **{k: _handle_time for k in TIME_CORES},
    **{k: _handle_recurring for k in ("rday", "recn", "rech", "recf", "recl", "annual", "dinhky", "always")},
    **{k: _handle_relative for k in ("around", "signed", "fromnow", "label", "dur")},
}
