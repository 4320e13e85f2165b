"""Figures in tables: numbers in rows that name their unit, in a unit cell or a header.

"Diện tích | Ha | 26.120 | 27.000" (each number takes the unit cell to its left, scaled
as "Tỷ đồng", "Triệu USD" say); rows under a header that states the unit ("Đơn vị tính:
Triệu đồng", "(1.000đ)"); "≥ 93%". Row numbers, column-number rows and year headers are
skipped, and statistical annexes are left out whole (`_ANNEX_CELLS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.figure_cues import SYMBOLS
from extractors.figure_hit import Hit
from extractors.figure_numbers import NUM, SCALES, YEAR, number_value
from extractors.figure_patterns import SP, Patterns
from extractors.figure_units import phrase_key, unit_lexicon

CELL_NUMBER = re.compile(rf"{SP}*(?P<sym>≥|>=|≤|<=|>|<)?{SP}*(?P<num>{NUM}){SP}*(?P<pct>%)?{SP}*\Z")
_UNIT_COLUMN = re.compile(r"(?:đvt|đơn vị tính|đơn vị)\Z", re.IGNORECASE)


# A table that yields more figures than this is a statistical annex (a budget estimate
# sheet, a financial statement), not programme text: its cells are not listed one by one.
_ANNEX_CELLS = 60


def table_hits(text: str, pats: Patterns) -> Iterator[Hit]:
    """Figures of the document's tables, statistical annexes left out (see _ANNEX_CELLS)."""
    table: list[Hit] = []
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


def _table_cell_hits(text: str, pats: Patterns) -> Iterator[Hit]:
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
        numeric = [CELL_NUMBER.match(t) is not None for t in texts]
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
    pats: Patterns,
    header: tuple[float, str] | None,
    unit_column: bool,
) -> Iterator[Hit]:
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
        num = CELL_NUMBER.match(ct)
        if num is None or not labelled:
            continue
        if YEAR.match(num.group("num")) and unit is None:
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
        scale *= SCALES.get(w, 1.0)
    return scale, "USD" if "usd" in phrase else "VND"


def _cell_scale(u: re.Match[str]) -> tuple[float, str, str] | None:
    if u.group("k"):
        return 1000.0, "VND", "money"
    scale = 1.0
    if u.group("scale"):
        for w in u.group("scale").lower().split():
            scale *= SCALES[w]
    word = u.group("unit")
    if word == "%":
        return scale, "%", "percent"
    info = unit_lexicon()[phrase_key(word)]
    if info.group in ("none", "scale", "part"):
        return None
    return scale, info.canonical or word, info.group


def _cell_hit(cell_start: int, num: re.Match[str], scale: float, unit: str, group: str) -> Hit:
    s = cell_start + (num.start("sym") if num.group("sym") else num.start("num"))
    e = cell_start + (num.end("pct") if num.group("pct") else num.end("num"))
    value = number_value(num.group("num")) * scale
    qualifier = SYMBOLS[num.group("sym")] if num.group("sym") else "eq"
    return Hit(s, e, value, None, unit, group, qualifier, s, e, cell_start + num.start("num"))
