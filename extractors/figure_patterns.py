"""Figure patterns: the regexes that find a number and the parts around it.

Built once from the unit and cue files: the number itself (a ratio, a range), the unit
after it, coordinated units, rates, the qualifier before it and after the unit, the word
before it, "số <noun>", and the unit cells and headers of tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.figure_cues import _cues
from extractors.figure_kind import phrase_pattern
from extractors.figure_numbers import _NUM
from extractors.figure_units import _units

_SP = "[ \u00a0]"
_LETTER = r"[^\W\d_]"
# Units written glued to the number: "150.000đ", "20ha", "5km", "10kg", "500m2".
_GLUED = r"(?:đ|ha|km2?|kg|m[23²³]?|mw|kw|kwh|gb|tb|usd|vnđ|vnd)(?!\w)"


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
