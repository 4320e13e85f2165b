"""Figure subject and deadline: what a figure measures and the time attached to it.

The subject is the counted noun phrase ("căn nhà đại đoàn kết"), the phrase after a
percentage, the measure named before the number ("tỷ lệ hộ nghèo"), or a table row's label;
the deadline is the nearest time phrase in the figure's clause ("đến cuối năm 2025"), not a
starting point ("Từ năm 2020 đến nay").
"""

from __future__ import annotations

import re

from extractors.figure_hit import Hit
from extractors.figure_tables import CELL_NUMBER
from extractors.figure_units import COUNT_GROUPS

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


def subject_of(text: str, hit: Hit, in_table: bool) -> str | None:
    """What the figure measures: the counted noun phrase, or the measure named before it."""
    if in_table:
        line_start = text.rfind("\n", 0, hit.start) + 1
        cells = [c.strip(" -+*") for c in text[line_start : hit.start].split(" | ")]
        labels = [c for c in cells if c and not CELL_NUMBER.match(c) and len(c) > 3]
        return labels[0] if labels else None
    if hit.group in COUNT_GROUPS and hit.unit_end > hit.unit_start:
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


def deadline_of(text: str, hit: Hit) -> str | None:
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
