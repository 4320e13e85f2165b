"""Time expressions: the grammar of Vietnamese times and the dates they name.

The cue words (bounds, units, number words, events, document types, past markers) are
rows of `data/time_words.tsv`; the grammar that combines them is here. `grammar()`
compiles them into one alternation of time, recurring and relative cores (and the
patterns the context checks use); `resolve_time` turns a matched time core ("quý III
năm 2023", "ngày 30/6", "giai đoạn 2021-2025") into its first and last day, the year
of a day or month written without one taken from a default year; the date arithmetic
(`add`, `iso_duration`) serves durations and recurrences. Finding which times in a
text are deadlines is `extractors/deadlines.py`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from extractors.tsv import data_rows

# --------------------------------------------------------------------------- data

_DATA_FILE = "time_words.tsv"
_VALUES: dict[str, frozenset[str] | None] = {
    "number": None,  # checked as an integer below
    "unit": frozenset({"D", "W", "M", "Q", "Y"}),
    "bound": frozenset({"end", "before", "start", "within", "after"}),
    "relprefix": frozenset({"strong", "weak"}),
    **{
        c: frozenset({""})
        for c in (
            "vision",
            "period",
            "term",
            "relword",
            "ahead",
            "selfanchor",
            "event",
            "doctype",
            "citation",
            "amend",
            "effective",
            "eventlead",
            "everyday",
            "past",
            "sincepast",
        )
    },
}


@cache
def _time_words() -> dict[str, tuple[tuple[str, str], ...]]:
    """The rows of `data/time_words.tsv` by category: (phrase, value) pairs."""
    rows: dict[str, list[tuple[str, str]]] = {c: [] for c in _VALUES}
    for lineno, cols in data_rows(_DATA_FILE, 3):
        where = f"extractors/data/{_DATA_FILE}:{lineno}"
        if not cols[1]:
            raise ValueError(f"{where}: expected 3 tab-separated columns: category, phrase, value")
        category, phrase, value = cols
        if category not in _VALUES:
            raise ValueError(f"{where}: unknown category {category!r}")
        allowed = _VALUES[category]
        if not value.isdigit() if allowed is None else value not in allowed:
            raise ValueError(f"{where}: bad value {value!r} for category {category!r}")
        rows[category].append((phrase, value))
    return {c: tuple(r) for c, r in rows.items()}


def _phrases(category: str) -> tuple[str, ...]:
    return tuple(p for p, _ in _time_words()[category])


def _alternation(phrases: tuple[str, ...]) -> str:
    """A regex alternation of phrases, longest first; a space matches any whitespace."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


def fold_key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


# ------------------------------------------------------------------------ grammar

_Y = r"(?:19|20)\d\d"
_D = r"(?:0?[1-9]|[12]\d|3[01])"
_M = r"(?:0?[1-9]|1[0-2])"
# a time of day before a date: "chậm nhất là 17 giờ 00 ngày 01 tháng 2 năm 2026"
_CLOCK = r"(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{1,2}\s*(?:phút|')?)?\s*,?\s*)"
_UNIT_ISO = {"ngày": "D", "tuần": "W", "tháng": "M", "quý": "Q", "năm": "Y", "giờ": "H"}


@dataclass(frozen=True, slots=True)
class _Grammar:
    trigger: re.Pattern[str]  # where a core can start: a digit or a core's first word
    core: re.Pattern[str]
    prefix: re.Pattern[str]
    event_prefix: re.Pattern[str]
    range_sep: re.Pattern[str]
    open_end: re.Pattern[str]
    relprefix: re.Pattern[str]
    relword: re.Pattern[str]
    ahead: re.Pattern[str]
    sincepast: re.Pattern[str]
    past: re.Pattern[str]
    citation: re.Pattern[str]
    cited_item: re.Pattern[str]  # a list item that opens with a document's type and number
    amend_end: re.Pattern[str]
    effective: re.Pattern[str]
    event_lead: re.Pattern[str]  # "sinh năm 2007": the time of a life event, not a deadline
    everyday: re.Pattern[str]  # "cuộc sống hằng ngày": everyday life, not a schedule
    numbers: dict[str, int]
    bounds: dict[str, str]
    relprefixes: dict[str, str]
    periods: frozenset[str]
    terms: frozenset[str]
    selfanchors: tuple[str, ...]


_CORE_FIRST_WORDS = (
    "ngày quý nửa đầu cuối giữa tháng năm niên trước trong từ kể định vào hằng hàng mỗi thường thời"
)


@cache
def grammar() -> _Grammar:
    words = _time_words()
    numbers = {fold_key(p): int(v) for p, v in words["number"]}
    num = rf"(?:(?<![\d/.,])\d{{1,3}}(?![\d/])|{_alternation(_phrases('number'))})"
    nump = rf"{num}(?:\s*\([^()\n]{{1,25}}\))?"
    unit = r"(?:ngày|tuần|tháng|quý|năm)"
    every = r"(?:hằng|hàng|mỗi)"
    once = r"(?:\s*/\s*lần|\s+(?:một|1|01)\s+lần)"
    period_kw = _alternation(_phrases("period") + _phrases("term"))
    events = _alternation(_phrases("event"))
    core = "|".join(
        (
            # "ngày 15 hằng tháng", "ngày 15/12 hằng năm": a recurring due day
            rf"(?P<rday>ngày\s+(?P<rd_d>{_D})(?:\s+tháng\s+(?P<rd_m>{_M})|\s*[/.\-]\s*(?P<rd_m2>{_M}))?"
            rf"\s+(?:của\s+)?{every}\s+(?P<rd_u>tháng|năm|quý)(?!\w))",
            # "ngày 22/2/2023", "22-2-2023"
            rf"(?P<dmy>(?:{_CLOCK}?ngày\s+)?(?<![\d/.,])(?P<a_d>{_D})\s?(?P<a_s>[/.\-])\s?(?P<a_m>{_M})\s?(?P=a_s)\s?"
            rf"(?P<a_y>{_Y})(?![\d/]|[.,]\d))",
            # "ngày 22 tháng 2 năm 2023", "22 tháng 2 năm 2023"
            rf"(?P<dmyw>(?:{_CLOCK}?ngày\s+)?(?P<b_d>{_D})\s+tháng\s+(?P<b_m>{_M})\s*(?:năm\s+|,\s*|/\s*)(?P<b_y>{_Y})(?!\d))",
            # "ngày 15 tháng 12"
            rf"(?P<dmw>{_CLOCK}?ngày\s+(?P<c_d>{_D})\s+tháng\s+(?P<c_m>{_M})(?![\d/]))",
            # "ngày 30/6", "30/6" (the bare form only behind an end bound)
            rf"(?P<dm>(?:{_CLOCK}?ngày\s+(?P<e_d>{_D})\s?[/.\-]\s?(?P<e_m>{_M})|(?<![\d/.,])(?P<e_d2>{_D})/(?P<e_m2>{_M}))"
            rf"(?![\d/]|\s?[/.\-]\s?\d|[.,]\d))",
            rf"(?P<quarter>quý\s+(?P<q>IV|III|II|I|[1-4])(?!\w)(?:\s*[/\-]\s*(?P<q_y>{_Y})|\s+năm\s+(?P<q_y2>{_Y}))?(?!\d))",
            rf"(?P<half>(?:(?P<h_n>\d{{1,2}}|ba|sáu|chín)\s+tháng|nửa)\s+(?P<h_p>đầu|cuối)\s+năm"
            rf"(?:\s+(?P<h_y>{_Y})(?!\d)|\s+(?P<h_nay>nay)(?!\w))?(?!\s*học))",
            rf"(?P<ypart>(?P<yp>đầu|cuối|giữa)\s+năm(?:\s+(?P<yp_y>{_Y})(?!\d)|\s+(?P<yp_nay>nay)(?!\w))?(?!\s*(?:học|\d)))",
            rf"(?P<month>tháng\s+(?P<m1>{_M})(?!\d)(?:\s*(?:-|–|đến)\s*(?:tháng\s+)?(?P<m2>{_M})(?!\d))?"
            rf"(?:\s*[/\-]\s*(?P<m_y>{_Y})|\s+năm\s+(?P<m_y2>{_Y}))?(?![\d/]))",
            rf"(?P<period>(?:(?P<pk>{period_kw}|\d{{1,2}}\s+năm)\s+)?(?<![\d/.\-])(?P<p1>{_Y})\s*(?:-|–|—|đến|tới)\s*"
            rf"(?:năm\s+)?(?P<p2>{_Y})(?![\d/]))",
            rf"(?P<year>(?:năm|niên\s+độ)\s+(?P<y_y>{_Y})(?![\d/]|[.,]\d)|(?P<y_nay>năm\s+nay)(?!\w)"
            rf"|(?<![\d/.,\-:])(?P<y_bare>{_Y})(?![\d/]|[.,]\d))",
            rf"(?P<around>(?:trước,?\s+trong,?\s+(?:và\s+)?sau|trước,?\s+và\s+sau|trong,?\s+và\s+sau)\s+(?:khi\s+)?"
            rf"(?P<ev>(?:(?:cuộc|ngày|kỳ|dịp|mùa)\s+)?(?:{events}))(?!\w))",
            r"(?P<fromnow>từ\s+nay\s+(?:đến|tới|cho\s+đến)(?:\s+(?:hết|trước))?(?!\w))",
            rf"(?P<signed>(?:kể\s+)?từ\s+(?P<sa>{_alternation(_phrases('selfanchor'))})(?!\w))",
            rf"(?P<recn>định\s+kỳ\s*(?P<rn_n>{num})\s+(?P<rn_u>{unit})(?!\w){once}?)",
            rf"(?P<rech>(?:định\s+kỳ\s+(?P<rh_op>\(\s*)?)?(?:vào\s+)?{every}\s+(?P<rh_u>năm|quý|tháng|tuần|ngày)(?!\w)"
            rf"(?(rh_op)\s*\)))",
            rf"(?P<recf>(?P<rf_n>{num})\s+(?P<rf_u>{unit}){once}(?!\w))",
            r"(?P<recl>(?:01|1|một)\s+lần\s*/\s*(?P<rl_u>ngày|tuần|tháng|quý|năm)(?!\w))",
            r"(?P<annual>thường\s+niên)(?!\w)",
            rf"(?P<label>(?:thời\s+gian|thời\s+hạn)\s+(?P<l_act>[^\W\d][^:\n|]{{1,60}}?)\s*:\s*(?P<l_n>{num})\s+"
            rf"(?P<l_u>{unit})(?:\s+làm\s+việc)?(?!\w))",
            rf"(?P<dur>(?P<d_n>{nump})\s+(?P<d_u>{unit}|giờ)(?:\s+làm\s+việc)?(?!\w))",
            r"(?P<dinhky>định\s+kỳ)(?!\w)",
            r"(?P<always>thường\s+xuyên)(?!\w)",
        )
    )
    bounds = {fold_key(p): v for p, v in words["bound"]}
    bound_alt = _alternation(tuple(bounds))
    vision_alt = _alternation(_phrases("vision"))
    # IGNORECASE makes a scan of every position slow, so a case-sensitive trigger with the
    # spellings of each first word finds the few places where the core is tried.
    first_words = set(_CORE_FIRST_WORDS.split()) | {
        p.split()[0].lower() for c in ("number", "period", "term") for p in _phrases(c)
    }
    spellings = {v for w in first_words for v in (w, w.capitalize(), w.upper())}
    return _Grammar(
        trigger=re.compile(rf"\b(?:\d|(?:{_alternation(tuple(spellings))})\b)"),
        core=re.compile(rf"(?<!\w)(?:{core})", re.IGNORECASE),
        prefix=re.compile(
            rf"(?<!\w)(?:(?P<dk>định\s+kỳ)\s+)?(?:(?P<vis>{vision_alt})\s+)?(?:(?P<bound>{bound_alt})\s+)?"
            rf"(?:(?P<edge>cuối|đầu)\s+)?\Z",
            re.IGNORECASE,
        ),
        event_prefix=re.compile(
            rf"(?<!\w)(?P<bound>{bound_alt})\s+ngày\s+(?P<evw>(?:[^\W\d_]+\s+){{1,4}})\Z", re.IGNORECASE
        ),
        range_sep=re.compile(
            r"\s*(?:đến|tới|cho\s+đến|-|–|—)\s*(?:(?:hết|cuối)\s+)?"
            r"(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{1,2}\s*(?:phút|')?)?\s*,?\s*)?"
            r"(?:ngày\s+(?P<rw>(?:[^\W\d_]+\s+){1,4}))?",
            re.IGNORECASE,
        ),
        open_end=re.compile(
            r"\s+(?:trở\s+đi|trở\s+về\s+sau|và\s+(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau))(?!\w)",
            re.IGNORECASE,
        ),
        relprefix=re.compile(rf"(?<!\w)(?P<rp>{_alternation(_phrases('relprefix'))})\s+\Z", re.IGNORECASE),
        relword=re.compile(
            rf"(?:\s+đầu\s+tiên)?\s*,?\s*(?P<rw>{_alternation(_phrases('relword'))})\s+(?:khi\s+)?(?=\w)",
            re.IGNORECASE,
        ),
        ahead=re.compile(rf"\s+(?:{_alternation(_phrases('ahead'))})(?!\w)", re.IGNORECASE),
        sincepast=re.compile(rf"[\s,]*(?:{_alternation(_phrases('sincepast'))})(?!\w)", re.IGNORECASE),
        past=re.compile(
            rf"(?<!\w)(?<!không\s)(?<!chưa\s)(?:{_alternation(_phrases('past'))})(?!\w)(?!\s+lại)",
            re.IGNORECASE,
        ),
        citation=re.compile(rf"(?<!\w)(?:{_alternation(_phrases('citation'))})(?!\w)"),
        cited_item=re.compile(
            rf"[\s*_\-+•“\"(]*(?:{_alternation(_phrases('doctype'))})(?:\s+liên\s+tịch)?\s+(?:số\s*)?\d",
            re.IGNORECASE,
        ),
        amend_end=re.compile(rf"(?<!\w)(?:{_alternation(_phrases('amend'))})\s+\Z", re.IGNORECASE),
        effective=re.compile(rf"(?<!\w)(?:{_alternation(_phrases('effective'))})(?!\w)", re.IGNORECASE),
        event_lead=re.compile(rf"(?<!\w)(?:{_alternation(_phrases('eventlead'))})\s+\Z", re.IGNORECASE),
        everyday=re.compile(rf"(?<!\w)(?:{_alternation(_phrases('everyday'))})\s+\Z", re.IGNORECASE),
        numbers=numbers,
        bounds=bounds,
        relprefixes={fold_key(p): v for p, v in words["relprefix"]},
        periods=frozenset(fold_key(p) for p in _phrases("period")),
        terms=frozenset(fold_key(p) for p in _phrases("term")),
        selfanchors=tuple(fold_key(p) for p in _phrases("selfanchor")),
    )


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_POINT_CORES = frozenset({"dmy", "dmyw", "dmw", "dm"})
TIME_CORES = frozenset({"dmy", "dmyw", "dmw", "dm", "quarter", "half", "ypart", "month", "period", "year"})

# --------------------------------------------------------------------- date math


def _day(y: int | None, m: int, d: int) -> date | None:
    if y is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def iso_duration(n: int, unit: str) -> str:
    code = _UNIT_ISO[unit.lower()]
    if code == "Q":
        return f"P{3 * n}M"
    if code == "H":
        return f"PT{n}H"
    return f"P{n}{code}"


def add(start: date, n: int, unit: str) -> date | None:
    code = _UNIT_ISO[unit.lower()]
    try:
        if code == "D":
            return start + timedelta(days=n)
        if code == "W":
            return start + timedelta(weeks=n)
        months = n * {"M": 1, "Q": 3, "Y": 12}.get(code, 0)
        if not months:
            return None
        y, m = divmod(start.month - 1 + months, 12)
        y += start.year
        return date(y, m + 1, min(start.day, calendar.monthrange(y, m + 1)[1]))
    except (OverflowError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Time:
    """A resolved time core: a point (a day, "cuối năm") or a span; `weak` needs a bound."""

    group: str
    start: date | None
    end: date | None
    point: bool
    weak: bool
    year: int | None
    span_range: bool = False  # a span written with two ends ("2021-2025")
    term: bool = False  # "nhiệm kỳ 2026-2031"


def _year(m: re.Match[str], *names: str) -> int | None:
    for name in names:
        if m.group(name):
            return int(m.group(name))
    return None


def resolve_time(m: re.Match[str], default_year: int | None) -> Time | None:
    """The dates a time core names; None when they do not exist (31/2, 2030-2021)."""
    g = m.lastgroup or ""  # the alternative's own group: it encloses the others, so it closes last
    if g in _POINT_CORES:
        d_name, m_name, y_name = {
            "dmy": ("a_d", "a_m", "a_y"),
            "dmyw": ("b_d", "b_m", "b_y"),
            "dmw": ("c_d", "c_m", None),
            "dm": ("e_d", "e_m", None) if m.group("e_d") else ("e_d2", "e_m2", None),
        }[g]
        written = int(m.group(y_name)) if y_name else None
        y_day = written if written is not None else default_year
        day = _day(y_day, int(m.group(m_name)), int(m.group(d_name)))
        if day is None and y_day is not None:
            return None
        weak = g == "dm" and "ngày" not in m.group(g).lower()
        return Time(g, day, day, True, weak, written)
    if g == "quarter":
        q = m.group("q").lower()
        qn = _ROMAN.get(q) or int(q)
        yv = _year(m, "q_y", "q_y2")
        y = yv if yv is not None else default_year
        if y is None:
            return Time(g, None, None, False, True, None)
        return Time(g, date(y, 3 * qn - 2, 1), _month_end(y, 3 * qn), False, yv is None, yv)
    if g == "half":
        yv = _year(m, "h_y")
        y = yv if yv is not None else default_year
        weak = yv is None and not m.group("h_nay")
        n = m.group("h_n")
        months = {"ba": 3, "sáu": 6, "chín": 9}.get(n.lower(), 0) if n and not n.isdigit() else int(n or 6)
        if not 1 <= months <= 12:
            return None
        if y is None:
            return Time(g, None, None, False, weak, None)
        if m.group("h_p").lower() == "đầu":
            return Time(g, date(y, 1, 1), _month_end(y, months), False, weak, yv)
        return Time(g, date(y, 13 - months, 1), date(y, 12, 31), False, weak, yv)
    if g == "ypart":
        yv = _year(m, "yp_y")
        y = yv if yv is not None else default_year
        part = m.group("yp").lower()
        weak = yv is None and not m.group("yp_nay")
        if part == "đầu":
            return Time(g, _day(y, 1, 1), _day(y, 3, 31), False, weak, yv)
        point = _day(y, 12, 31) if part == "cuối" else _day(y, 6, 30)
        return Time(g, point, point, True, weak, yv)
    if g == "month":
        yv = _year(m, "m_y", "m_y2")
        y = yv if yv is not None else default_year
        m1 = int(m.group("m1"))
        m2 = int(m.group("m2")) if m.group("m2") else m1
        if m2 < m1:
            return None
        return Time(
            g, _day(y, m1, 1), _month_end(y, m2) if y else None, False, yv is None, yv, span_range=m2 != m1
        )
    if g == "period":
        y1, y2 = int(m.group("p1")), int(m.group("p2"))
        if not 0 < y2 - y1 <= 50:
            return None
        kw = fold_key(m.group("pk") or "")
        g_ = grammar()
        weak = not kw
        term = kw in g_.terms
        return Time(g, date(y1, 1, 1), date(y2, 12, 31), False, weak, y2, span_range=True, term=term)
    if g == "year":
        if m.group("y_nay"):
            y = default_year
            return Time(g, _day(y, 1, 1), _day(y, 12, 31), False, False, None)
        bare = m.group("y_bare")
        yv = int(bare or m.group("y_y"))
        return Time(g, date(yv, 1, 1), date(yv, 12, 31), False, bool(bare), yv)
    return None


def number(raw: str) -> int:
    raw = re.sub(r"\s*\(.*", "", raw, flags=re.DOTALL).strip()
    if raw.isdigit():
        return int(raw)
    return grammar().numbers.get(fold_key(raw), 0)
