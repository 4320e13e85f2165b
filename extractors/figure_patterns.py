"""Figure patterns: the regexes that find a number and the parts around it.

Built once from the unit and cue files: the number itself (a ratio, a range), the unit
after it, coordinated units, rates, the qualifier before it and after the unit, the word
before it, "số <noun>", and the unit cells and headers of tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.figure_cues import figure_cue_lexicon
from extractors.figure_kind import phrase_pattern
from extractors.figure_numbers import NUM
from extractors.figure_units import unit_lexicon

SP = "[ \u00a0]"
LETTER = r"[^\W\d_]"
# Units written glued to the number: "150.000đ", "20ha", "5km", "10kg", "500m2".
_GLUED = r"(?:đ|ha|km2?|kg|m[23²³]?|mw|kw|kwh|gb|tb|usd|vnđ|vnd)(?!\w)"


@dataclass(frozen=True, slots=True)
class Patterns:
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
def patterns() -> Patterns:
    units = unit_lexicon()
    cues = figure_cue_lexicon()
    scale = r"(?:nghìn|ngàn|triệu|tỷ(?!\s*lệ)|tỉ(?!\s*lệ)|trăm)"
    unit_alt = phrase_pattern([u for u, d in units.items() if d.group != "scale"] + ["%"])
    number = re.compile(
        rf"(?<![\w.,:/\\@#&=~+*-])(?<!\d{SP})"
        rf"(?P<num>{NUM})"
        rf"(?:{SP}?/{SP}?(?P<den>{NUM}))?"
        rf"(?:{SP}*(?:-|–|÷|đến|tới){SP}*(?:dưới{SP}+)?(?P<hi>{NUM}))?"
        rf"(?!(?!{_GLUED})\w|[.,:]\d|/|{SP}?[-–]{SP}?\w|{SP}\d)",
        re.IGNORECASE,
    )
    after = re.compile(
        rf"(?:{SP}*\((?:{LETTER}+{SP}?){{1,5}}\))?"  # "01 (một) điểm", "15 (mười lăm) người"
        rf"{SP}*(?:(?P<pct>%|phần{SP}+trăm(?!\w))"
        rf"|(?P<scale>{scale}(?:{SP}+{scale})*(?!\w))?{SP}*(?P<so>số{SP}+)?"
        rf"(?P<unit>{unit_alt})(?!\w))",
        re.IGNORECASE,
    )
    coord = re.compile(rf"{SP}*(?:,|-|–|/|và|hoặc){SP}*(?P<unit>{unit_alt})(?!\w)", re.IGNORECASE)
    rate = re.compile(rf"(?:{SP}?/{SP}?{LETTER}+){{1,3}}(?!\w)")
    post = re.compile(rf"{SP}+(?P<post>{phrase_pattern(list(cues.post))})(?!\w)", re.IGNORECASE)
    symbols = r"≥|>=|≤|<=|>|<"
    qualifier = re.compile(
        rf"(?:(?<!\w)(?P<word>{phrase_pattern(list(cues.qualifiers))})(?:{SP}+bình{SP}+quân)?"
        rf"|(?P<sym>{symbols})){SP}*\Z",
        re.IGNORECASE,
    )
    prev_word = re.compile(rf"(?P<w>{LETTER}+(?:{SP}+{LETTER}+){{0,2}}){SP}*\Z")
    so_unit = re.compile(
        rf"(?<!\w)(?<!một )(?:tổng{SP}+)?số{SP}+(?:lượng{SP}+)?(?P<unit>{unit_alt})(?!\w)", re.IGNORECASE
    )
    cell_unit = re.compile(
        rf"(?P<scale>{scale}(?:{SP}+{scale})*)?{SP}*(?P<unit>%|{unit_alt})\Z|(?P<k>1\.000){SP}*(?:đ|đồng)\Z",
        re.IGNORECASE,
    )
    header_unit = re.compile(
        rf"(?:(?:đơn{SP}+vị{SP}+tính|đvt){SP}*:?|đơn{SP}+vị{SP}*:){SP}*(?P<a>(?:{scale}{SP}+)?(?:đồng|usd|vnđ|vnd))"
        rf"|\({SP}*(?P<b>(?:{scale}{SP}+)?(?:đồng|usd|vnđ|vnd)|1\.000{SP}*(?:đ|đồng)){SP}*\)",
        re.IGNORECASE,
    )
    label_tail = re.compile(rf"{SP}+(?:số{SP}*)?\d+(?![.,]?\d)(?!{SP}*%)", re.IGNORECASE)
    post_far = re.compile(rf"(?:{SP}+{LETTER}+){{1,4}}?{SP}+trở{SP}+lên(?!\w)", re.IGNORECASE)
    pct_range = re.compile(rf"{SP}*[-–]{SP}*(?P<hi>{NUM}){SP}*%")
    return Patterns(
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
