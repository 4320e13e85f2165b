"""Figures: the numbers that carry programme information, as `Figure` records.

`find_figures(text, reference_date)` scans a normalized document; `parse_number` reads
one Vietnamese number. A figure is a number with what it counts or measures: money,
a percentage, a measure, or a count of a noun listed in `data/units.tsv`. Its `kind`
(target, achieved, other) is decided by `figure_kind.py`; `reference_date` (the
document's issue date) tells it which years are past.

This module holds the record and the entry point; the reading lives beside it, one idea a
module: `figure_units` (units.tsv: unit groups and canonical forms), `figure_cues`
(qualifier, block and label phrases of figure_cues.tsv), `figure_numbers` (one number,
`parse_number`), `figure_patterns` (the regexes built from both files), `figure_hit` (a
number found, before its kind), `figure_prose` (numbers in running text and the near-misses
rejected), `figure_tables` (numbers in table rows), `figure_subject` (what a figure measures
and its deadline) and `figure_kind` (target, achieved or other).

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

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from extractors.figure_hit import Hit
from extractors.figure_kind import Context, decide_kinds, genre, sections
from extractors.figure_numbers import parse_number as parse_number  # public here: one number
from extractors.figure_patterns import patterns
from extractors.figure_prose import prose_hit
from extractors.figure_subject import deadline_of, subject_of
from extractors.figure_tables import table_hits
from extractors.span import Span


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


def find_figures(text: str, reference_date: date | None = None) -> list[Figure]:
    """The figures of `text`, sorted by start offset."""
    pats = patterns()
    kind_of_document = genre(text)
    ref_year = reference_date.year if reference_date else None
    hits: list[tuple[Hit, bool]] = [(hit, True) for hit in table_hits(text, pats)]
    taken = {hit.core for hit, _ in hits}
    for m in pats.number.finditer(text):
        if m.start() not in taken and (hit := prose_hit(text, m, pats)) is not None:
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


# ---------------------------------------------------------------- records


def _make(text: str, hit: Hit, kind: str, in_table: bool) -> Figure:
    return Figure(
        span=Span.of(text, hit.start, hit.end),
        value=hit.value,
        unit=hit.unit,
        total=hit.total,
        qualifier=hit.qualifier,
        kind=kind,
        subject=subject_of(text, hit, in_table),
        deadline=None if in_table else deadline_of(text, hit),
    )
