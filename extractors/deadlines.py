"""Deadlines: the time constraints of duties and targets, as `Deadline` records.

`find_deadlines(text, reference_date)` scans a normalized document; `parse_time_expression`
reads one phrase (a task-table cell such as "Quý IV/2025"). `reference_date` is the
document's issue date: it supplies the year of "30/6", "tháng 12", "cuối năm", "năm nay"
(a day or month already past in that year is next year's: "trước ngày 15 tháng 01" in a
plan of December 2025 is 2026-01-15) and the date of "kể từ ngày ký".

The cue words (bounds, units, number words, events, document types, past markers) are
rows of `data/time_words.tsv`; the grammar that combines them is here. Conventions, as
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

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from extractors.span import Span
from extractors.tsv import data_rows


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


def _fold_key(phrase: str) -> str:
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
def _grammar() -> _Grammar:
    words = _time_words()
    numbers = {_fold_key(p): int(v) for p, v in words["number"]}
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
    bounds = {_fold_key(p): v for p, v in words["bound"]}
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
        relprefixes={_fold_key(p): v for p, v in words["relprefix"]},
        periods=frozenset(_fold_key(p) for p in _phrases("period")),
        terms=frozenset(_fold_key(p) for p in _phrases("term")),
        selfanchors=tuple(_fold_key(p) for p in _phrases("selfanchor")),
    )


_WINDOW = 400  # how far the context checks look around a time
_CELL_LABEL = re.compile(r"(?:thời\s+gian|thời\s+hạn|tiến\s+độ|lộ\s+trình)[^:|\n]{0,40}:\s*\Z", re.IGNORECASE)
_DOC_NUMBER_END = re.compile(r"(?:\d[\w.\-]*(?:\s?/\s?[\w.\-]+)+|(?<!\w)số\s+\d+)\s*,?\s*(?:ngày\s*)?\Z")
_DOC_NUMBER = re.compile(r"\d+(?:/\d{4})?/[A-ZĐ]{1,6}(?:-[A-ZĐ0-9]+)+|\d{1,4}-[A-ZĐ]{2,4}/[A-ZĐ]{2,4}")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_POINT_CORES = frozenset({"dmy", "dmyw", "dmw", "dm"})
_TIME_CORES = frozenset({"dmy", "dmyw", "dmw", "dm", "quarter", "half", "ypart", "month", "period", "year"})


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


def _iso_duration(n: int, unit: str) -> str:
    code = _UNIT_ISO[unit.lower()]
    if code == "Q":
        return f"P{3 * n}M"
    if code == "H":
        return f"PT{n}H"
    return f"P{n}{code}"


def _add(start: date, n: int, unit: str) -> date | None:
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
class _Time:
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


def _resolve_time(m: re.Match[str], default_year: int | None) -> _Time | None:
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
        return _Time(g, day, day, True, weak, written)
    if g == "quarter":
        q = m.group("q").lower()
        qn = _ROMAN.get(q) or int(q)
        yv = _year(m, "q_y", "q_y2")
        y = yv if yv is not None else default_year
        if y is None:
            return _Time(g, None, None, False, True, None)
        return _Time(g, date(y, 3 * qn - 2, 1), _month_end(y, 3 * qn), False, yv is None, yv)
    if g == "half":
        yv = _year(m, "h_y")
        y = yv if yv is not None else default_year
        weak = yv is None and not m.group("h_nay")
        n = m.group("h_n")
        months = {"ba": 3, "sáu": 6, "chín": 9}.get(n.lower(), 0) if n and not n.isdigit() else int(n or 6)
        if not 1 <= months <= 12:
            return None
        if y is None:
            return _Time(g, None, None, False, weak, None)
        if m.group("h_p").lower() == "đầu":
            return _Time(g, date(y, 1, 1), _month_end(y, months), False, weak, yv)
        return _Time(g, date(y, 13 - months, 1), date(y, 12, 31), False, weak, yv)
    if g == "ypart":
        yv = _year(m, "yp_y")
        y = yv if yv is not None else default_year
        part = m.group("yp").lower()
        weak = yv is None and not m.group("yp_nay")
        if part == "đầu":
            return _Time(g, _day(y, 1, 1), _day(y, 3, 31), False, weak, yv)
        point = _day(y, 12, 31) if part == "cuối" else _day(y, 6, 30)
        return _Time(g, point, point, True, weak, yv)
    if g == "month":
        yv = _year(m, "m_y", "m_y2")
        y = yv if yv is not None else default_year
        m1 = int(m.group("m1"))
        m2 = int(m.group("m2")) if m.group("m2") else m1
        if m2 < m1:
            return None
        return _Time(
            g, _day(y, m1, 1), _month_end(y, m2) if y else None, False, yv is None, yv, span_range=m2 != m1
        )
    if g == "period":
        y1, y2 = int(m.group("p1")), int(m.group("p2"))
        if not 0 < y2 - y1 <= 50:
            return None
        kw = _fold_key(m.group("pk") or "")
        g_ = _grammar()
        weak = not kw
        term = kw in g_.terms
        return _Time(g, date(y1, 1, 1), date(y2, 12, 31), False, weak, y2, span_range=True, term=term)
    if g == "year":
        if m.group("y_nay"):
            y = default_year
            return _Time(g, _day(y, 1, 1), _day(y, 12, 31), False, False, None)
        bare = m.group("y_bare")
        yv = int(bare or m.group("y_y"))
        return _Time(g, date(yv, 1, 1), date(yv, 12, 31), False, bool(bare), yv)
    return None


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
    g = _grammar()
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
    g = _grammar()
    lo = max(state.last_end, s - 60)
    if allow_event:
        pe = g.event_prefix.search(state.text, lo, s)
        if pe:
            words = _fold_key(pe.group("bound"))
            ev = "ngày " + " ".join(pe.group("evw").split())
            return _Prefix(pe.start(), g.bounds[words], words, None, False, ev)
    p = g.prefix.search(state.text, lo, s)
    if p is None or p.start() == s:
        return _Prefix(s, None, "", None, False, None)
    words = _fold_key(p.group("bound") or "")
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
    g = _grammar()
    text, ref = state.text, state.reference
    default_year = ref.year if ref else None
    t1 = _resolve_time(m, default_year)
    if t1 is None:
        return None
    if ref is not None and t1.year is None and t1.end is not None and t1.end < ref.replace(day=1):
        # a day or month without its year, already past in the issue year, is next year's:
        # "hoàn thành trước ngày 15 tháng 01" in a plan of December 2025 -> 2026-01-15
        t1 = _resolve_time(m, ref.year + 1) or t1
    s, e = m.start(), m.end()
    bare_numeric = t1.group in ("dmy", "dm") and "ngày" not in m.group(t1.group).lower()
    pre = _prefix(state, s, allow_event=bare_numeric)
    # a range: "từ tháng 01 đến ngày bầu cử 15/3/2026", "Quý IV/2025 - Quý II/2026"
    t2: _Time | None = None
    sep = g.range_sep.match(text, e)
    if sep and sep.end() > e and t1.group not in ("period",):
        m2 = g.core.match(text, sep.end())
        if m2 and any(m2.group(k) for k in _TIME_CORES):
            t2 = _resolve_time(m2, default_year if t1.year is None else t1.year)
            if (
                t2 is not None
                and t2.year is None
                and t1.year is None
                and t1.start
                and t2.end
                and t2.end < t1.start
            ):
                t2 = _resolve_time(m2, t1.start.year + 1) or t2
            if t2 is not None and t2.year is not None and t1.year is None:
                t1 = _resolve_time(m, t2.year) or t1
                if t1.start and t2.end and t1.start > t2.end:
                    t1 = _resolve_time(m, t2.year - 1) or t1
            if t2 is not None and (t2.start is None and t2.end is None and t2.group != "year"):
                t2 = None
            if t2 is not None:
                e = m2.end()
    cell = state.cells_only or _in_cell(text, pre.start, e)
    if t1.term:
        return e
    if t2 is None and t1.weak:
        slash = _is_slash_date(m.group("dm") or "")
        if t1.group == "dm" and not (slash and (pre.bound in ("end", "before") or state.cells_only)):
            return e
        if t1.group != "dm" and pre.bound is None and not cell:
            return e
    if _BLANK_DATE_BEFORE.search(text, max(0, s - 30), s):  # "ngày    tháng    năm 2024": a form's blank date
        return e
    if pre.dinhky:  # "định kỳ" heads recurring forms only: leave it out of this span
        pre = _Prefix(_after_dinhky(text, pre.start, s), pre.bound, pre.words, pre.edge, False, pre.event)
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
            t1 = _Time(t1.group, t1.end, t1.end, True, t1.weak, t1.year)
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
    if kind in (DeadlineKind.DATE, DeadlineKind.INTERVAL) and _rejected(
        state, first, s, e, pre, cell, end_date
    ):
        return e
    _emit(state, first, e, kind, first=start_date, last=end_date)
    return e


def _after_dinhky(text: str, start: int, core_start: int) -> int:
    """The offset just past "định kỳ " at `start` (bounds after it stay in the span)."""
    mm = re.match(r"định\s+kỳ\s+", text[start:core_start], re.IGNORECASE)
    return start + mm.end() if mm else start


def _prefix_for_output(pre: _Prefix, s: int) -> int:
    return pre.start if pre.bound or pre.edge else s


def _bounded(bound: str | None, t: _Time, cell: bool) -> tuple[DeadlineKind | None, date | None, date | None]:
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


def _in_cell(text: str, s: int, e: int) -> bool:
    """True when [s, e) fills a table cell, a line of its own, or follows "Thời gian …:"."""
    lo = max(0, s - 200)
    ls = max(text.rfind("\n", lo, s), text.rfind("|", lo, s))
    left = text[ls + 1 if ls >= 0 else lo : s]
    if _CELL_LABEL.search(left):  # "Thời gian thực hiện: năm 2026", "tiến độ di dân: 2005 phải …"
        return True
    if left.strip(" \t-+*•–("):
        return False
    stop = [i for i in (text.find("\n", e, e + 200), text.find("|", e, e + 200)) if i >= 0]
    right = text[e : min(stop) if stop else min(len(text), e + 200)]
    return not right.strip(" \t.;,)")


def _rejected(state: _Scan, first: int, s: int, e: int, pre: _Prefix, cell: bool, end: date | None) -> bool:
    """Citations, effective dates, past events and reported results are not deadlines."""
    g = _grammar()
    text = state.text
    # look back and ahead a bounded window only: a megabyte on one line must stay linear
    lo = max(0, first - _WINDOW)
    line_start = max(lo, text.rfind("\n", lo, first) + 1)
    seg_start = max(line_start, text.rfind(";", line_start, first) + 1)
    if _in_legal_basis(text, seg_start, first, e) or g.event_lead.search(text, max(0, first - 30), first):
        return True
    left = text[max(seg_start, first - 80) : first]
    if _DOC_NUMBER_END.search(left) or g.amend_end.search(left):
        return True
    clause_start = max(seg_start, max(left.rfind(c) for c in ".(\n") + max(seg_start, first - 80) + 1)
    clause_left = text[clause_start:first]
    if g.citation.search(clause_left) or g.effective.search(text[max(seg_start, first - 60) : first]):
        return True
    if cell:
        row = text[line_start : _next_stop(text, e, "\n", limit=_WINDOW)]
        if _DOC_NUMBER.search(row) and _is_plain_date(text[first:e]):  # a list of documents and their dates
            return True
    if _in_cited_list_item(text, first, e):
        return True
    if g.sincepast.match(text, e):
        return True
    clause_end = _next_stop(text, e, ",;.\n|:")
    if g.past.search(text, e, clause_end):
        return True
    clause_begin = max(seg_start, *(text.rfind(c, lo, first) + 1 for c in ",.:|"))
    if _PAST_BEFORE.search(text, clause_begin, first):  # "Đã khắc phục xong từ tháng 6/2024"
        return True
    sentence_end = _next_stop(text, e, ";.\n|")
    lead = text[max(seg_start, text.rfind(".", lo, first) + 1, text.rfind(":", lo, first) + 1) : first]
    initial = not lead.strip(" \t*_-+•–")
    # "Năm 2021, …", "Chỉ riêng năm 2005, …", "đến tháng 10/2004, …": a topic time set off by a comma
    topic = text[e : e + 1] == "," and (initial or len(lead.split()) <= 2 or pre.words in ("đến", "tới"))
    if (initial or topic) and re.search(r"(?<!\w)đã(?!\w)", text[e:sentence_end]):
        return True
    if topic and g.past.search(text, e, sentence_end):
        return True
    as_of = topic and pre.words in ("đến", "tới")
    if as_of and re.match(r",\s*mới\s", text[e : e + 10]):  # "đến tháng 10/2004, mới giải ngân 80 tỷ"
        return True
    # with the issue date known, a time over before its month began is a past event
    return state.reference is not None and end is not None and end < state.reference.replace(day=1)


_BLANK_DATE_BEFORE = re.compile(r"(?<!\w)ngày[\s.…_]*(?:tháng[\s.…_]*)?\Z", re.IGNORECASE)


def _is_slash_date(s: str) -> bool:
    return "/" in s and "ngày" not in s.lower()


# "đã" a few words before the time, in its clause: "Đã khắc phục xong từ tháng 6/2024"
_PAST_BEFORE = re.compile(r"(?<!\w)đã(?:\s+[^\W\d_]+){0,4}\s+\Z", re.IGNORECASE)
_LEGAL_BASIS = re.compile(r"[\s*_\-+•]*căn\s+cứ(?!\w)", re.IGNORECASE)


def _in_legal_basis(text: str, seg_start: int, first: int, e: int) -> bool:
    """True in a "Căn cứ …;" line, or in the opening clause of "Căn cứ theo X, …"."""
    if not _LEGAL_BASIS.match(text, seg_start, first):
        return False
    if "," not in text[seg_start:first]:
        return True
    end = _next_stop(text, e, ";\n", limit=600)
    return end >= len(text) or text[end] == ";" or text[end - 1 : end] == "."


def _in_cited_list_item(text: str, first: int, e: int) -> bool:
    """True inside a ";"-ended item of a list of cited documents: "…; Quyết định số
    1679/QĐ-TTg ngày 22/11/2019 của Thủ tướng Chính phủ về việc phê duyệt Chiến lược dân
    số Việt Nam đến năm 2030;"."""
    lo = max(0, first - _WINDOW)
    item_start = max(lo, max(text.rfind(c, lo, first) for c in ";:\n") + 1)
    if not _grammar().cited_item.match(text, item_start, first):
        return False
    end = _next_stop(text, e, ";\n", limit=400)
    return end < len(text) and text[end] == ";"


def _is_plain_date(s: str) -> bool:
    return re.fullmatch(r"(?:ngày\s+)?[\d/.\-\s]+", s.strip(), re.IGNORECASE) is not None


def _next_stop(text: str, pos: int, chars: str, limit: int = 300) -> int:
    stops = [i for i in (text.find(c, pos, pos + limit) for c in chars) if i >= 0]
    return min(stops) if stops else min(len(text), pos + limit)


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
        n = _number(m.group("rn_n"))
        if not n:
            return e
        state.last_period = _emit(
            state, s, e, DeadlineKind.RECURRING, recurrence=_iso_duration(n, m.group("rn_u"))
        )
        return e
    if m.group("rech"):
        # "đời sống hằng ngày": a habit of everyday life, not a schedule
        if m.group("rh_u").lower() == "ngày" and _grammar().everyday.search(text, max(0, s - 30), s):
            return e
        return _emit(state, s, e, DeadlineKind.RECURRING, recurrence=_iso_duration(1, m.group("rh_u")))
    if m.group("recf"):
        n = _number(m.group("rf_n"))
        if not n:
            return e
        return _emit(state, s, e, DeadlineKind.RECURRING, recurrence=_iso_duration(n, m.group("rf_u")))
    if m.group("recl"):
        return _emit(state, s, e, DeadlineKind.RECURRING, recurrence=_iso_duration(1, m.group("rl_u")))
    if m.group("annual"):
        return _emit(state, s, e, DeadlineKind.RECURRING, recurrence="P1Y")
    if m.group("dinhky"):
        if _adverbial_dinhky(text, s, e):
            return _emit(state, s, e, DeadlineKind.RECURRING)
        return e
    if m.group("always") and (state.cells_only or _in_cell(text, s, e)):
        return _emit(state, s, e, DeadlineKind.RECURRING)
    return e


_NOT_AFTER_DINHKY = re.compile(
    r"\s*(?:[,.;:)/|]|\Z|(?:và|hoặc|hay|về|của|theo|đột|nhằm|để|cho|thì|là|trong|được|trước|chậm|vào|từ|ngày)(?!\w))",
    re.IGNORECASE,
)
_NOT_BEFORE_DINHKY = re.compile(r"(?<!\w)(?:theo|đúng|đủ|chế\s+độ|các|lần|kỳ)\s+\Z", re.IGNORECASE)


def _adverbial_dinhky(text: str, s: int, e: int) -> bool:
    """ "định kỳ báo cáo" (schedules an act) rather than "báo cáo định kỳ, đột xuất" (a kind of report)."""
    if _NOT_AFTER_DINHKY.match(text, e):
        return False
    if _NOT_BEFORE_DINHKY.search(text, max(0, s - 20), s):
        return False
    nxt = re.match(r"\s+([^\W\d_])", text[e : e + 4])
    return nxt is not None and nxt.group(1).islower()


def _number(raw: str) -> int:
    raw = re.sub(r"\s*\(.*", "", raw, flags=re.DOTALL).strip()
    if raw.isdigit():
        return int(raw)
    return _grammar().numbers.get(_fold_key(raw), 0)


# ------------------------------------------------------------- relative cores


def _handle_relative(state: _Scan, m: re.Match[str]) -> int | None:
    text, ref = state.text, state.reference
    s, e = m.start(), m.end()
    if m.group("around"):
        return _emit(state, s, e, DeadlineKind.RELATIVE, anchor=" ".join(m.group("ev").split()))
    if m.group("signed"):  # "kể từ ngày ký", unless the clause says when the text takes effect
        if _grammar().effective.search(text, max(0, s - 60), s):
            return e
        return _emit(state, s, e, DeadlineKind.DATE, first=ref)
    if m.group("fromnow"):
        return _handle_fromnow(state, m)
    if m.group("label"):
        n = _number(m.group("l_n"))
        if not n:
            return e
        act = " ".join(m.group("l_act").split())
        return _emit(
            state, s, e, DeadlineKind.RELATIVE, offset=_iso_duration(n, m.group("l_u")), anchor=f"ngày {act}"
        )
    return _handle_duration(state, m)


def _handle_fromnow(state: _Scan, m: re.Match[str]) -> int | None:
    g = _grammar()
    text, ref = state.text, state.reference
    s, e = m.start(), m.end()
    ws = re.match(r"\s+", text[e : e + 10])
    nxt = g.core.match(text, e + (ws.end() if ws else 0))
    if nxt and any(nxt.group(k) for k in _TIME_CORES):
        t = _resolve_time(nxt, ref.year if ref else None)
        if t is not None:
            return _emit(state, s, nxt.end(), DeadlineKind.INTERVAL, first=ref, last=t.end)
    anchor_end, anchor = _anchor(text, e + (ws.end() if ws else 0))
    if not anchor:
        return e
    return _emit(state, s, anchor_end, DeadlineKind.RELATIVE, first=ref, anchor=anchor)


def _handle_duration(state: _Scan, m: re.Match[str]) -> int | None:
    g = _grammar()
    text, ref = state.text, state.reference
    s, e = m.start(), m.end()
    n = _number(m.group("d_n"))
    unit = m.group("d_u").lower()
    if not n or g.sincepast.match(text, e):
        return e
    offset = _iso_duration(n, unit)
    rp = g.relprefix.search(text, max(state.last_end, s - 40), s)
    strength = g.relprefixes.get(_fold_key(rp.group("rp"))) if rp else None
    first = rp.start() if rp else s
    rw = g.relword.match(text, e)
    if rw:
        anchor_end, anchor = _anchor(text, rw.end())
        if anchor:
            start = end = None
            if ref is not None and any(_fold_key(anchor).startswith(a) for a in g.selfanchors):
                start, end = ref, _add(ref, n, unit)
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
    word = _fold_key(rp.group("rp")) if rp else ""
    if word == "sau" and unit in ("ngày", "tuần") and re.match(r"\s*(?:[,.;)]|\Z)", after):
        return _emit(state, first, e, DeadlineKind.RELATIVE, offset=offset)
    if word == "trong" and re.match(r"\s*,", after) and not _paren_follows(text, e):
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


def _paren_follows(text: str, e: int) -> bool:
    return re.match(r"\s*\(", text[e : e + 5]) is not None


_ANCHOR = re.compile(r"[^\n.;:|()“”\"!?]{1,200}")


def _anchor(text: str, pos: int) -> tuple[int, str]:
    """The event a relative period counts from: the rest of its clause, at most 20 words.

    A comma ends it unless the next piece is short and lower case ("kể từ ngày được
    tiếp nhận, tuyển dụng, bổ nhiệm").
    """
    mm = _ANCHOR.match(text, pos)
    if mm is None:
        return pos, ""
    chunk = mm.group()
    pieces = chunk.split(",")
    closed = mm.end() >= len(text) or text[mm.end()] in ".;\n!?"  # the clause ends where the chunk does
    kept = pieces[0]
    for i, piece in enumerate(pieces[1:], start=1):
        stripped = piece.strip()
        if not stripped or not stripped[0].islower() or len(stripped.split()) > 4:
            break
        if i == len(pieces) - 1 and not closed:
            break
        kept += "," + piece
    words = kept.split()
    if len(words) > 20:
        cut = re.match(r"\s*(?:\S+\s+){19}\S+", kept)
        kept = cut.group() if cut else kept
    kept = kept.rstrip(" \t,")
    if not kept.strip():
        return pos, ""
    return pos + len(kept), " ".join(kept.split())


_HANDLED = {
    **{k: _handle_time for k in _TIME_CORES},
    **{k: _handle_recurring for k in ("rday", "recn", "rech", "recf", "recl", "annual", "dinhky", "always")},
    **{k: _handle_relative for k in ("around", "signed", "fromnow", "label", "dur")},
}
