"""Document metadata: type, title, own number, issue date, provinces and issuer of one text.

`find_metadata(text)` reads the header of an official document, or the headline of a news
article, and returns one `DocumentMeta`. `classify_doc_type(phrase)` maps a type word or a
number's type code to a SCHEMA.md `doc_type`. `references.py` shares these and the helpers
`own_number`, `own_title`, `is_official`, `parse_date` and `clean_number`.

Forms recognized:

- Official documents carry the national motto (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, also
  as OCR leaves it: `CỌNG HÒA XÃ HỘI …`), the party header (`ĐẢNG CỘNG SẢN VIỆT NAM`), the
  `Độc lập - Tự do - Hạnh phúc` line or a number line (`Số: 104/KH-UBND`) near the top.
- `doc_type` of an official document: the type heading in capitals (`KẾ HOẠCH`,
  `QUYẾT ĐỊNH`, `NGHỊ QUYẾT LIÊN TỊCH`, `CHƯƠNG TRÌNH PHỐI HỢP`, `BÁO CÁO`, `LUẬT`,
  `NGHỊ ĐỊNH`, `THÔNG TƯ`; `CHỈ THỊ`, `HƯỚNG DẪN`, `THÔNG BÁO`, `CÔNG ĐIỆN`, `TỜ TRÌNH` →
  other; glued to its subject, `QUYẾT ĐỊNHBan hành …`; after OCR noise, `ĐẾN vs … NGHỊ
  ĐỊNH`), else the number's type code (`Số: /KH-UBND` → plan, even for a draft); a number
  with no type code (`4832/UBND-KTN`), a `V/v` subject or `Kính gửi:` make a công văn.
- Texts without that header are news or portal articles (`doc_type` "news", `number`
  null), unless they open with a line in capitals (`BỘ NỘI VỤ` / `SỔ TAY`, `DANH MỤC …`):
  a handbook or a list, "other" (or the type of a capitals heading among the first lines).
- `number`: after `Số:`/`Số` at the start of a line or table cell (`Số: 01/KH-TBTTKT |
  CỘNG HÒA …`), on the next line (`Số:` ⏎ `84/2025/QĐ-UBND`), or `Luật số: 72/2025/QH15`;
  spaces and stray dots removed (`3070. /KH-UBND` → `3070/KH-UBND`).
- `issued_date`: the place-and-date line `Lâm Đồng, ngày 25 tháng 11 năm 2025` (also
  `tháng 11năm`, `ngày 09/9/2024`); for news, a publication stamp near the top (`Cập nhật
  lúc21:49, Thứ Sáu, 14/04/2017`, `Ngày đăng: 05/12/2025`, `Thứ hai, 01/12/2025 08:30`).
- `title`: the type heading and the subject lines under it, on one line (`QUYẾT ĐỊNH VỀ
  VIỆC CÔNG NHẬN …`, `KẾ HOẠCH Triển khai …`, `KẾ HOẠCH Thực hiện công tác bầu cử …`), the
  `V/v` line of a công văn, the headline of a news article (first line of four words or
  more that is not site furniture, cut before a source tag: `… tại Nghệ An (NLĐ)- Chiều …`).
- `issuer`: the capitalized header cell above the motto or number, lines joined (`ỦY BAN
  NHÂN DÂN` ⏎ `TỈNH BẮC NINH`; `ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA …`; in a two-column
  scan, the left half of the next line: `THÀNH PHỐ HÀ NỘI Độc lập - …`).
- `provinces`: for official documents the provinces (or districts) named in the issuer,
  then those of the title, then the place of the place-and-date line, else the one named
  most often; central bodies (Chính phủ, Thủ tướng, Quốc hội, Bộ …) get only the title's.
  For news, the headline's provinces plus those listed with one of them in the lead (`3
  tỉnh Sơn La, Điện Biên và Lai Châu`); with none in the headline, the lead's; else the most
  frequent (districts count: `huyện Tiên Lãng` → Hải Phòng). Names are as they were at the
  document's date (its issue date, or the latest date it mentions): from 1 July 2025 a
  merged province reads as its successor (`Yên Bái` → `Lào Cai`), and from 2025 `Thừa
  Thiên Huế` reads `Huế`.

Near-misses rejected:

- `Số: /KH-UBND`, `Số: ......./QĐ-UBND` (drafts) give no number; `ngày   tháng   năm 2025`
  gives no date; `Số hiệu: 2284/QĐ-UBND` (portal furniture) and `Số lượng: 15` are not the
  number line.
- `QUYẾT ĐỊNH:` (the enacting word before the articles) is not the type heading, nor a type
  word in lower case (`Loại văn bản: Quyết định`) or inside a sentence, nor `VĂN BẢN …`.
- Dates of events in a news body (`Ngày 25 tháng 11 năm 2025, UBND tỉnh … ban hành`) are
  not publication dates; places outside a news headline and lead (a footer's `Đường dây
  nóng HN: …`) count only when those name none.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from extractors.places import PlaceMention, find_places, province
from extractors.span import Span
from extractors.tsv import data_rows

DOC_TYPES = ("resolution", "plan", "program", "decision", "report", "letter", "law", "news", "other")


# --------------------------------------------------------------------------- document types


@dataclass(frozen=True, slots=True)
class _TypeTable:
    words: tuple[tuple[str, str], ...]  # (lower-case type word, doc_type), longest first
    abbreviations: dict[str, str]  # "QĐ" -> "decision"
    codes: dict[str, str]  # upper-case code without digits -> doc_type


@cache
def _type_table() -> _TypeTable:
    name = "doc_types.tsv"
    words: list[tuple[str, str]] = []
    abbreviations: dict[str, str] = {}
    codes: dict[str, str] = {}
    for lineno, cols in data_rows(name, 3):
        if not all(cols):
            raise ValueError(f"extractors/data/{name}:{lineno}: expected 3 tab-separated columns")
        form, kind, doc_type = cols
        if doc_type not in DOC_TYPES or doc_type == "news":
            raise ValueError(f"extractors/data/{name}:{lineno}: unknown doc_type {doc_type!r}")
        if kind == "word":
            words.append((unicodedata.normalize("NFC", form).lower(), doc_type))
        elif kind == "abbr":
            abbreviations[form] = doc_type
        elif kind == "code":
            codes[form.upper()] = doc_type
        else:
            raise ValueError(f"extractors/data/{name}:{lineno}: kind {kind!r} is not word, abbr or code")
    words.sort(key=lambda w: -len(w[0]))
    return _TypeTable(tuple(words), abbreviations, codes)


def type_words() -> tuple[tuple[str, str], ...]:
    """Every type word in lower case with its doc_type, longest first."""
    return _type_table().words


def type_abbreviations() -> dict[str, str]:
    """Abbreviations written instead of a type word ("QĐ", "NQ") and their doc_types."""
    return dict(_type_table().abbreviations)


_CODE_TOKEN = re.compile(r"[A-Za-zĐđ&]+")


def number_doc_type(number: str) -> str | None:
    """The doc_type a number's type code names: "104/KH-UBND" -> "plan", "4832/UBND-KTN" ->
    "letter" (no type code: a công văn); None for a bare number ("88")."""
    tokens = _CODE_TOKEN.findall(number)
    if not tokens:
        return None
    return _type_table().codes.get(tokens[0].upper(), "letter")


def classify_doc_type(phrase: str) -> str:
    """SCHEMA.md doc_type of a type phrase or number: "Nghị quyết" -> "resolution",
    "CHƯƠNG TRÌNH PHỐI HỢP" -> "program", "Nghị định" -> "law", "/KH-UBND" -> "plan";
    anything unknown -> "other"."""
    return _classify(phrase[:200])


@lru_cache(maxsize=1024)
def _classify(phrase: str) -> str:
    s = " ".join(unicodedata.normalize("NFC", phrase).split()).strip(" *#|:")
    low = s.lower()
    for word, doc_type in _type_table().words:
        if low.startswith(word) and (len(low) == len(word) or not low[len(word)].isalnum()):
            return doc_type
    head = s.split(" ", 1)[0]
    abbreviations = _type_table().abbreviations
    if head in abbreviations:
        return abbreviations[head]
    if re.search(r"[/\-–]\s*[A-Za-zĐđ]", s):
        return number_doc_type(s) or "other"
    return "other"


# --------------------------------------------------------------------------- dates and numbers

# A date written in words ("16 tháng 6 năm 2025", "09 tháng 9năm 2024") or in figures
# ("14/7/2017", "7-10-2016", "14.04.2017"). Embed DATE_PATTERN; read it with parse_date.
DATE_PATTERN = (
    r"(?:\d{1,2}\s*(?i:tháng)\s*\d{1,2}\s*,?\s*(?i:năm)\s*\d{4}"
    r"|\d{1,2}\s?[/.\-–]\s?\d{1,2}\s?[/.\-–]\s?\d{4})(?!\d)"
)
_DATE_WORDS = re.compile(r"(\d{1,2})\s*tháng\s*(\d{1,2})\s*,?\s*năm\s*(\d{4})", re.IGNORECASE)
_DATE_FIGURES = re.compile(r"(\d{1,2})\s?[/.\-–]\s?(\d{1,2})\s?[/.\-–]\s?(\d{4})")


def parse_date(s: str) -> date | None:
    """The date written in `s` (see DATE_PATTERN), or None when it is not a calendar date."""
    m = _DATE_WORDS.search(s) or _DATE_FIGURES.search(s)
    if m is None:
        return None
    d, mo, y = (int(g) for g in m.groups())
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


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
_NUMBER_LINE = re.compile(
    r"(?:^|\|)[ \t*_]*(?:(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết)[ \t]+số[ \t]*:[ \t]*|Số[ \t]*(?::[ \t]*\n?[ \t]*|(?=[ \t]*\d)))"
    r"(?P<lead>[\d][\d \t.]*|[ \t.…_]*)"
    r"(?P<rest>[/\-–][ \t]?[A-Za-zĐđ0-9&]+(?:[ \t]?[/\-–][ \t]?[A-Za-zĐđ0-9&]+)*)",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class _NumberLine:
    span: Span
    number: str | None  # None for a blank (draft) number
    suffix: str  # the part after the digits, kept for drafts: "/KH-UBND"


_HEADER_CHARS = 10_000


def _number_line(text: str, motto: _Motto | None) -> _NumberLine | None:
    # The number line sits in the header: within the first lines, or beside a motto found later
    # (portal pages put furniture first).
    limit = min(len(text), 3000 if motto is None else motto.line_end + 1500)
    m = _NUMBER_LINE.search(text, 0, limit)
    if m is None:
        return None
    lead = m.group("lead")
    number = clean_number(lead + m.group("rest")) if any(c.isdigit() for c in lead) else None
    return _NumberLine(Span.of(text, m.start("lead"), m.end("rest")), number, clean_number(m.group("rest")))


# --------------------------------------------------------------------------- header parts


@cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x1F00):
        base = unicodedata.normalize("NFD", chr(code).lower())[:1]
        base = "d" if base == "đ" else base
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


def _fold_chars(s: str) -> str:
    """`s` lower-cased without diacritics, one character for one (offsets stay valid)."""
    return s.translate(_fold_table()).lower()


# The motto, the party header or the "Độc lập - Tự do - Hạnh phúc" line, read without
# diacritics so that OCR slips ("CỌNG HÒA") still count.
_MOTTO_FOLDED = re.compile(
    r"c\w{0,2}ng\s+h\w{1,2}\s+x\w\s+h\w{1,2}\s+ch\w\s+ngh\w{1,2}|dang\s+cong\s+san\s+viet\s+nam"
    r"|doc\s+lap\s*[-–]\s*tu\s+do\s*[-–]\s*hanh\s+phuc"
)


@dataclass(frozen=True, slots=True)
class _Motto:
    line_start: int  # the line that holds the motto
    start: int  # where the motto itself starts on it (an issuer cell may precede it)
    line_end: int


def _motto(text: str) -> _Motto | None:
    limit = min(len(text), _HEADER_CHARS)
    folded = _fold_chars(text[:limit])
    m = _MOTTO_FOLDED.search(folded)
    if m is None:
        return None
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    return _Motto(line_start, m.start(), len(text) if line_end < 0 else line_end)


_PLACE_DATE = re.compile(
    r"(?:^|\|)[ \t*_]*(?P<place>[A-ZĐÀ-Ỹa-zđà-ỹ][^\n|,]{1,40}?)[ \t]*,[ \t]*ngày[ \t.…_]*"
    r"(?P<date>\d{1,2}[ \t]*tháng[ \t]*\d{1,2}[ \t]*,?[ \t]*năm[ \t]*\d{4}"
    r"|\d{1,2}[ \t]*/[ \t]*\d{1,2}[ \t]*/[ \t]*\d{4}"
    r"|[^\n]{0,12}?tháng[^\n]{0,12}?năm[ \t]*\d{4})",
    re.MULTILINE,
)
_LINE = re.compile(r"^[ \t*#_|>]*(?P<body>[^\n]*?)[ \t*_|]*$", re.MULTILINE)
_VV = re.compile(r"(?<!\w)V/[Vv](?!\w)|(?<!\w)Kính gửi(?!\w)")
_BODY_START = re.compile(
    r"^[ \t*_|]*(?:Căn cứ|Kính gửi|Theo đề nghị|Điều 1|Chương I(?!\w)|Phần I(?!\w)|I\.|1\.)", re.MULTILINE
)
_SUBJECT_STOP = re.compile(
    r"^[ \t*_|]*(?:Căn cứ|Kính gửi|Theo đề nghị|Điều 1|Thực hiện|Chương I(?!\w)|Phần I(?!\w)|I\.|1\.)",
    re.MULTILINE,
)
_AUTHORITY = re.compile(
    r"[ \t*_|]*(?:ỦY BAN|HỘI ĐỒNG|CHỦ TỊCH|THỦ TƯỚNG|CHÍNH PHỦ|BỘ TRƯỞNG|BAN THƯỜNG|BAN CHẤP HÀNH|"
    r"QUỐC HỘI|GIÁM ĐỐC|TỔNG CỤC|VĂN PHÒNG|TRƯỞNG BAN|BAN CHỈ ĐẠO|TIỂU BAN)[^\n]*$",
    re.MULTILINE,
)
_CENTRAL_ISSUER = re.compile(
    r"^(?:CHÍNH PHỦ|THỦ TƯỚNG|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|BỘ(?!\w)|BAN CHẤP HÀNH TRUNG ƯƠNG|"
    r"BỘ CHÍNH TRỊ|BAN BÍ THƯ|VĂN PHÒNG CHÍNH PHỦ|TÒA ÁN NHÂN DÂN TỐI CAO|VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO|"
    r"KIỂM TOÁN NHÀ NƯỚC|NGÂN HÀNG NHÀ NƯỚC|ỦY BAN TRUNG ƯƠNG|ĐOÀN CHỦ TỊCH ỦY BAN TRUNG ƯƠNG|"
    r"BAN [A-ZĐÀ-Ỹ ,]+ TRUNG ƯƠNG|HỘI ĐỒNG BẦU CỬ QUỐC GIA)"
)
_DASHES = re.compile(r"^[\s\-–—_=.*|]*$")


def _clean_line(s: str) -> str:
    return " ".join(s.replace("*", " ").replace("#", " ").split()).strip(" |_")


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


@cache
def _heading() -> re.Pattern[str]:
    # "VĂN BẢN" names documents in general, never the type of the one at hand.
    words = sorted({w.upper() for w, _ in type_words() if w != "văn bản"}, key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in words)
    # "QUYẾT ĐỊNHBan hành …": a heading glued to its subject by a converter still counts.
    return re.compile(
        rf"(?P<lead>^[ \t*#_|]*|[^\n]{{0,30}}[ \t])(?P<type>{alternation})(?:(?![\w])|(?=[A-ZĐ][a-zđà-ỹ]))"
        r"(?P<rest>[^\n]*)$",
        re.MULTILINE,
    )


@dataclass(frozen=True, slots=True)
class _Heading:
    doc_type: str
    span: Span  # from the type word to the end of its line


def _find_heading(text: str, start: int, limit: int) -> _Heading | None:
    """The type heading in capitals: at the start of a line, or ending a line after OCR noise."""
    for m in _heading().finditer(text, start, limit):
        lead, rest = m.group("lead"), _clean_line(m.group("rest"))
        if lead.strip(" \t*#_|") and rest:
            continue  # a type word in the middle of a line is not the heading
        if rest.startswith((":", "(", ",", ";", ".")) or rest.lower().startswith("số"):
            continue  # "QUYẾT ĐỊNH:", "KẾ HOẠCH (tiếp)", "BÁO CÁO số liệu"
        return _Heading(classify_doc_type(m.group("type")), Span.of(text, m.start("type"), m.end()))
    return None


def _title(text: str, heading: _Heading, limit: int) -> Span:
    """The heading line and the subject lines after it, up to a blank line, the authority or
    the body ("Căn cứ …"). The line right under the heading is subject even when it opens
    with "Thực hiện" ("KẾ HOẠCH\\nThực hiện công tác bầu cử …")."""
    end = heading.span.end
    pos = end + 1
    lines = 0
    while pos < limit and lines < 6:
        m = _LINE.match(text, pos)
        if m is None:
            break
        body = _clean_line(m.group("body"))
        if not body:
            if lines or end > heading.span.end or text.count("\n", heading.span.end, m.end()) > 2:
                break
            pos = m.end() + 1
            continue
        stop = _BODY_START if lines == 0 else _SUBJECT_STOP
        if (
            stop.match(text, m.start())
            or _AUTHORITY.match(text, m.start())
            or _MOTTO_FOLDED.search(_fold_chars(body))
            or len(body) > 400
        ):
            break
        end = m.end()
        lines += 1
        pos = m.end() + 1
    return Span.of(text, heading.span.start, end)


def _one_line(s: str) -> str:
    return _clean_line(s.replace("\n", " "))


# --------------------------------------------------------------------------- issuer


def _issuer_parts(text: str, motto: _Motto | None, number: _NumberLine | None) -> list[Span]:
    """The issuing body's cell of the header: capitalized lines above the motto (or the
    number), the cell before the motto on its own line ("ỦY BAN … | CỘNG HÒA …"), and the
    left half of the next line in a two-column layout ("THÀNH PHỐ HÀ NỘI Độc lập - …")."""
    anchor_line = motto.line_start if motto else (text.rfind("\n", 0, number.span.start) + 1 if number else 0)
    parts: list[Span] = []
    if motto is not None and motto.start > motto.line_start:
        cell = Span.of(text, motto.line_start, motto.start)
        if cell.text.strip(" |*") and _is_caps(cell.text):
            parts.append(cell)
    pos = anchor_line
    above: list[Span] = []
    while pos > 0 and len(above) < 4:
        start = text.rfind("\n", 0, pos - 1) + 1
        line = Span.of(text, start, pos - 1)
        body = _clean_line(line.text)
        pos = start
        if not body or _DASHES.match(body):
            if above:
                break
            continue
        if body.startswith(("Số", "SỐ")) or _NUMBER_LINE.match(text, start):
            continue
        if not _is_caps(body) or len(body) > 90:
            break
        above.insert(0, line)
    parts = above + parts
    if motto is not None:
        nxt_end = text.find("\n", motto.line_end + 1)
        nxt = text[motto.line_end + 1 : nxt_end if nxt_end >= 0 else len(text)]
        folded = _fold_chars(nxt)
        cut = folded.find("doc lap")
        if cut > 0 and _is_caps(nxt[:cut]) and not _MOTTO_FOLDED.search(folded[:cut]):
            parts.append(Span.of(text, motto.line_end + 1, motto.line_end + 1 + cut))
    return [p for p in parts if p.text]


# --------------------------------------------------------------------------- news

_SKIP_HEADLINE = re.compile(
    r"^(?:Nhảy đến|Xuất bản|Chi tiết|Thông tin mới|Thống kê|Đăng nhập|Trang chủ|Tin |Báo điện tử|null$|"
    r"Mua bán|Nội dung chính|Menu|Tìm kiếm|Lượt xem|Cập nhật|Ngày đăng|Chia sẻ|Bản in|Quay lại|"
    r"Đang online|Hôm nay)",
    re.IGNORECASE,
)
_SOURCE_TAG = re.compile(r"\s*\([A-ZĐ][A-ZĐa-z.]{1,7}\)\s*[-–—]")


def _headline(text: str) -> Span | None:
    """First line that reads as a headline: several words, not site furniture."""
    for m in _LINE.finditer(text, 0, min(len(text), 5000)):
        body = _clean_line(m.group("body"))
        if body.startswith("null "):
            body = body[5:]
        if len(body.split()) < 4 or _SKIP_HEADLINE.match(body) or "•" in body:
            continue
        start = text.find(body[:20], m.start())
        if start < 0:
            start = m.start()
        end = m.end()
        if tag := _SOURCE_TAG.search(text, start, end):
            end = tag.start()  # "Doanh nghiệp … tại Nghệ An (NLĐ)- Chiều 27-12, …": the lead follows
        return Span.of(text, start, end)
    return None


_PUBLISHED = re.compile(
    r"(?:Cập nhật(?: lúc)?|Ngày đăng|Đăng ngày|Ngày cập nhật|Ngày xuất bản|Xuất bản(?: ngày| lúc)?|Đăng lúc)"
    r"[\s:]*(?:\d{1,2}[:h]\d{2}(?:\s*(?:AM|PM|SA|CH))?)?[\s,]*"
    r"(?:(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy)|Chủ\s+[Nn]hật)[\s,]*)?(?:ngày\s*)?"
    r"(?P<date>\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})"
    r"|^[ \t]*(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy)|Chủ\s+[Nn]hật)\s*,\s*(?:ngày\s*)?"
    r"(?P<date2>\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE | re.MULTILINE,
)


def _publication_date(text: str) -> date | None:
    """A publication stamp near the top ("Cập nhật lúc21:49, Thứ Sáu, 14/04/2017")."""
    m = _PUBLISHED.search(text, 0, min(len(text), 3000))
    if m is None:
        return None
    return parse_date(m.group("date") or m.group("date2"))


def _lead_end(text: str, after: int) -> int:
    """End of the lead: the first paragraph of at least a sentence after the headline."""
    pos = after
    for _ in range(8):
        nxt = text.find("\n", pos + 1)
        para = text[pos : nxt if nxt >= 0 else len(text)]
        if len(para.split()) >= 25:
            return nxt if nxt >= 0 else len(text)
        if nxt < 0:
            return len(text)
        pos = nxt
    return pos


# --------------------------------------------------------------------------- provinces

_MERGER = date(2025, 7, 1)
_ANY_DATE = re.compile(r"(?=\d)(?<!\d)" + DATE_PATTERN)
# What may stand between the names of a list of provinces: "Sơn La, Điện Biên và Lai Châu".
_LIST_GAP = re.compile(r"[\s,;/–-]*(?:(?:và|với|cùng)\s+)?(?:các\s+)?(?:tỉnh|thành phố|TP\.?)?[\s,;/–-]*")


def _as_of(province_name: str, current: str, when: date | None) -> str:
    """A province as it was at `when`: merged provinces read as their successor from 1 July 2025."""
    name = current if when is not None and when >= _MERGER else province_name
    if name == "Thừa Thiên Huế" and when is not None and when >= date(2025, 1, 1):
        return "Huế"
    return name


def _name_of(p: PlaceMention, when: date | None) -> str:
    return _as_of(p.province, p.current, when)


def _reference_date(text: str, issued: date | None) -> date | None:
    """The document's date, or for undated texts the latest full date they mention."""
    if issued is not None:
        return issued
    latest: date | None = None
    for m in _ANY_DATE.finditer(text, 0, min(len(text), 30_000)):
        d = parse_date(m.group())
        if d is not None and (latest is None or d > latest):
            latest = d
    return latest


def _add(out: list[str], names: list[str]) -> None:
    for n in names:
        if n not in out:
            out.append(n)


def _provinces_in(places: list[PlaceMention], start: int, end: int, when: date | None,
                  districts: bool = False) -> list[str]:  # fmt: skip
    out: list[str] = []
    _add(out, [_name_of(p, when) for p in places
               if start <= p.span.start < end and (districts or p.level == "province")])  # fmt: skip
    return out


def _most_frequent(places: list[PlaceMention], when: date | None) -> list[str]:
    counts: Counter[str] = Counter()
    for p in places:
        counts[_name_of(p, when)] += 2 if p.level == "province" else 1
    return [counts.most_common(1)[0][0]] if counts else []


def _listed_with(text: str, places: list[PlaceMention], start: int, end: int, anchors: list[str],
                 when: date | None) -> list[str]:  # fmt: skip
    """Provinces of [start, end) named in one list with an anchor province ("3 tỉnh Sơn La,
    Điện Biên và Lai Châu" with Sơn La from the headline)."""
    mentions = [p for p in places if start <= p.span.start < end and p.level == "province"]
    out: list[str] = []
    group: list[PlaceMention] = []
    for p in [*mentions, None]:
        if p is not None and group and _LIST_GAP.fullmatch(text, group[-1].span.end, p.span.start):
            group.append(p)
            continue
        names = [_name_of(q, when) for q in group]
        if len(names) > 1 and any(n in anchors for n in names):
            _add(out, names)
        group = [p] if p is not None else []
    return out


# --------------------------------------------------------------------------- record


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What a document says about itself.

    `doc_type` is a SCHEMA.md type ("plan", "decision", …, "news"); `title` the heading and
    subject (official) or the headline (news) on one line; `number` the own số hiệu or None
    (news, drafts); `issued_date` the date of the place-and-date line or a news stamp;
    `provinces` the provinces the document is about, official short names as at its date;
    `issuer` the issuing body as written in the header, on one line; `issuer_span` the
    header cell it was read from and `title_span` the heading and subject lines.
    """

    doc_type: str
    title: str | None
    number: str | None
    issued_date: date | None
    provinces: tuple[str, ...]
    issuer: str | None
    issuer_span: Span | None
    title_span: Span | None

    def to_dict(self) -> dict[str, object]:
        return {
            "doc_type": self.doc_type,
            "title": self.title,
            "number": self.number,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "provinces": list(self.provinces),
            "issuer": self.issuer,
        }


@dataclass(frozen=True, slots=True)
class _Header:
    """The parts of an official document's header that other extractors also need."""

    motto: _Motto | None
    number_line: _NumberLine | None
    anchor: int  # start of the motto line or the number line, whichever comes first
    end: int  # where the header stops being searched (the body starts well before)
    doc_type: str
    title_span: Span | None


@lru_cache(maxsize=4)
def _read_header(text: str) -> _Header | None:
    """The header of an official document, or None for a text without one (news)."""
    motto = _motto(text)
    number_line = _number_line(text, motto)
    if motto is None and number_line is None:
        return None
    starts = [x.line_start for x in (motto,) if x] + [x.span.start for x in (number_line,) if x]
    anchor = min(starts)
    end = min(len(text), anchor + 3000)
    body = _BODY_START.search(text, anchor + 1, end)
    heading = _find_heading(text, anchor, body.start() if body else end)
    if heading is not None:
        doc_type = heading.doc_type
    elif number_line is not None and number_doc_type(number_line.suffix) not in (None, "letter"):
        doc_type = number_doc_type(number_line.suffix) or "other"
    elif number_line is not None or _VV.search(text, anchor, end):
        doc_type = "letter"  # a công văn: no heading, a number without type code, "V/v", "Kính gửi"
    else:
        doc_type = "other"
    title_span: Span | None = None
    if heading is not None:
        title_span = _title(text, heading, end)
    elif vv := _VV_SUBJECT.search(text, anchor, end):
        title_span = Span.of(text, vv.start(), vv.end())
    return _Header(motto, number_line, anchor, end, doc_type, title_span)


_VV_SUBJECT = re.compile(r"V/[Vv][^\n|]*")


def is_official(text: str) -> bool:
    """True when `text` opens with an official header (motto, party header or number line)."""
    return _read_header(text) is not None


def own_number(text: str) -> str | None:
    """The document's own number from its `Số:` line near the top, or None (news, drafts)."""
    header = _read_header(text)
    return header.number_line.number if header and header.number_line else None


def own_title(text: str) -> Span | None:
    """The heading and subject lines of an official document, or None."""
    header = _read_header(text)
    return header.title_span if header else None


def find_metadata(text: str) -> DocumentMeta:
    """The metadata of one normalized text (see the module docstring)."""
    header = _read_header(text)
    if header is None:
        return _unofficial_metadata(text)
    motto, number_line, anchor, header_end = header.motto, header.number_line, header.anchor, header.end
    doc_type, title_span = header.doc_type, header.title_span
    number = number_line.number if number_line else None
    title = _one_line(title_span.text) if title_span else None

    place_date = _PLACE_DATE.search(text, max(0, anchor - 300), header_end)
    issued = parse_date(place_date.group("date")) if place_date else None

    parts = _issuer_parts(text, motto, number_line)
    issuer = " ".join(_one_line(p.text) for p in parts) or None
    issuer_span = parts[0] if parts else None

    when = _reference_date(text, issued)
    places = find_places(text)
    central = issuer is not None and _CENTRAL_ISSUER.match(issuer.upper()) is not None
    provinces: list[str] = []
    for part in parts:
        _add(provinces, _provinces_in(places, part.start, part.end, when, districts=True))
    if title_span is not None:
        _add(provinces, _provinces_in(places, title_span.start, title_span.end, when))
    if place_date is not None and not central and not provinces:
        _add(provinces, _provinces_in(places, place_date.start("place"), place_date.end("place"), when))
        if not provinces and (found := province(_clean_line(place_date.group("place")))) is not None:
            provinces.append(_as_of(found.name, found.current, when))
    if not provinces and not central:
        provinces = _most_frequent(places, when)
    return DocumentMeta(doc_type, title, number, issued, tuple(provinces), issuer, issuer_span, title_span)


def _unofficial_metadata(text: str) -> DocumentMeta:
    """A text without the official header: a news or portal article, or (when it opens with
    a heading in capitals, "SỔ TAY", "DANH MỤC", "HƯỚNG DẪN …") some other document."""
    headline = _headline(text)
    title = _one_line(headline.text) if headline else None
    heading = _find_heading(text, 0, headline.end if headline else min(len(text), 600))
    first = next(
        (b for m in _LINE.finditer(text, 0, min(len(text), 600)) if (b := _clean_line(m.group("body")))), ""
    )
    if heading is not None or (len(first.split()) >= 2 and _is_caps(first)):
        doc_type = heading.doc_type if heading is not None else "other"
        places = find_places(text)
        when = _reference_date(text, None)
        named = _provinces_in(places, 0, headline.end if headline else 0, when) or _most_frequent(
            places, when
        )
        return DocumentMeta(doc_type, title, None, None, tuple(named), None, None, headline)

    issued = _publication_date(text)
    when = _reference_date(text, issued)
    places = find_places(text)
    provinces: list[str] = []
    if headline is not None:
        provinces = _provinces_in(places, headline.start, headline.end, when)
        lead_end = _lead_end(text, headline.end)
        if provinces:
            _add(provinces, _listed_with(text, places, headline.end, lead_end, provinces, when))
        else:
            provinces = _provinces_in(places, headline.end, lead_end, when)
    if not provinces:
        provinces = _most_frequent(places, when)
    return DocumentMeta("news", title, None, issued, tuple(provinces), None, None, headline)
