"""The official header: the national motto (or party header) and the document's number line.

A text is official when either is found near its top; `Motto` and `NumberLine` are where
they are, and `clean_number`/`fold_number` read a number as printed and for comparison.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from extractors.metadata_text import fold_chars
from extractors.span import Span


def clean_number(raw: str) -> str:
    """A document number as printed, without stray spaces and dots: "3070. /KH-UBND" ->
    "3070/KH-UBND", "46 - CT/TW" -> "46-CT/TW", "68/TTr- SDTTG" -> "68/TTr-SDTTG"."""
    s = re.sub(r"\.\s*(?=[/\-–])", "", raw)
    return re.sub(r"\s+", "", s).replace("–", "-")


def fold_number(number: str | None) -> str:
    """A number for comparison: letters and digits only, upper case, no diacritics."""
    if not number:
        return ""
    s = unicodedata.normalize("NFD", number.upper().replace("Đ", "D").replace("đ", "D"))
    return "".join(c for c in s if c.isalnum() and not unicodedata.combining(c))


# The number line: "Số: 104/KH-UBND", "Số 15-NQ/TU", "Số: 3070. /KH-UBND", "Số:   /KH-UBND",
# "Số:" with the number on the next line, "Luật số: 72/2025/QH15".
NUMBER_LINE = re.compile(
    r"(?:^|\|)[ \t*_]*(?:(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết)[ \t]+số[ \t]*:[ \t]*|Số[ \t]*(?::[ \t]*\n?[ \t]*|(?=[ \t]*\d)))"
    r"(?P<lead>[\d][\d \t.]*|[ \t.…_]*)"
    r"(?P<rest>[/\-–][ \t]?[A-Za-zĐđ0-9&]+(?:[ \t]?[/\-–][ \t]?[A-Za-zĐđ0-9&]+)*)",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class NumberLine:
    span: Span
    number: str | None  # None for a blank (draft) number
    suffix: str  # the part after the digits, kept for drafts: "/KH-UBND"


_HEADER_CHARS = 10_000


def find_number_line(text: str, motto: Motto | None) -> NumberLine | None:
    # The number line sits in the header: within the first lines, or beside a motto found later
    # (portal pages put furniture first).
    limit = min(len(text), 3000 if motto is None else motto.line_end + 1500)
    m = NUMBER_LINE.search(text, 0, limit)
    if m is None:
        return None
    lead = m.group("lead")
    number = clean_number(lead + m.group("rest")) if any(c.isdigit() for c in lead) else None
    return NumberLine(Span.of(text, m.start("lead"), m.end("rest")), number, clean_number(m.group("rest")))


# The motto, the party header or the "Độc lập - Tự do - Hạnh phúc" line, read without
# diacritics so that OCR slips ("CỌNG HÒA") still count.
MOTTO_FOLDED = re.compile(
    r"c\w{0,2}ng\s+h\w{1,2}\s+x\w\s+h\w{1,2}\s+ch\w\s+ngh\w{1,2}|dang\s+cong\s+san\s+viet\s+nam"
    r"|doc\s+lap\s*[-–]\s*tu\s+do\s*[-–]\s*hanh\s+phuc"
)


@dataclass(frozen=True, slots=True)
class Motto:
    line_start: int  # the line that holds the motto
    start: int  # where the motto itself starts on it (an issuer cell may precede it)
    line_end: int


def find_motto(text: str) -> Motto | None:
    limit = min(len(text), _HEADER_CHARS)
    folded = fold_chars(text[:limit])
    m = MOTTO_FOLDED.search(folded)
    if m is None:
        return None
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    return Motto(line_start, m.start(), len(text) if line_end < 0 else line_end)
