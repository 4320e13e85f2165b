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

The work is split by part of the document, each in its own module: `metadata_types` (the
type table, `classify_doc_type`), `metadata_text` (line helpers), `metadata_header` (motto and
number line, `clean_number`), `metadata_title` (type heading and title lines), `metadata_issuer`
(the issuing body), `metadata_dates` (`parse_date`, the place-and-date line, news stamps),
`metadata_news` (headline and lead), `metadata_provinces` (provinces as at the document's
date). This module reads the header from them and re-exports the shared names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from extractors.metadata_dates import DATE_PATTERN, PLACE_DATE, parse_date, publication_date
from extractors.metadata_header import (
    Motto,
    NumberLine,
    clean_number,
    find_motto,
    find_number_line,
    fold_number,
)
from extractors.metadata_issuer import CENTRAL_ISSUER, issuer_parts
from extractors.metadata_news import find_headline, find_lead_end
from extractors.metadata_provinces import (
    add,
    as_of,
    listed_with,
    most_frequent,
    provinces_in,
    reference_date,
)
from extractors.metadata_text import LINE, clean_line, is_caps, one_line
from extractors.metadata_title import BODY_START, find_heading, find_title
from extractors.metadata_types import (
    DOC_TYPES,
    classify_doc_type,
    number_doc_type,
    type_abbreviations,
    type_words,
)
from extractors.places import find_places, province
from extractors.span import Span

__all__ = [
    "DATE_PATTERN",
    "DOC_TYPES",
    "DocumentMeta",
    "classify_doc_type",
    "clean_number",
    "find_metadata",
    "fold_number",
    "is_official",
    "number_doc_type",
    "own_number",
    "own_title",
    "parse_date",
    "type_abbreviations",
    "type_words",
]

_VV = re.compile(r"(?<!\w)V/[Vv](?!\w)|(?<!\w)Kính gửi(?!\w)")


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

    motto: Motto | None
    number_line: NumberLine | None
    anchor: int  # start of the motto line or the number line, whichever comes first
    end: int  # where the header stops being searched (the body starts well before)
    doc_type: str
    title_span: Span | None


@lru_cache(maxsize=4)
def _read_header(text: str) -> _Header | None:
    """The header of an official document, or None for a text without one (news)."""
    motto = find_motto(text)
    number_line = find_number_line(text, motto)
    if motto is None and number_line is None:
        return None
    starts = [x.line_start for x in (motto,) if x] + [x.span.start for x in (number_line,) if x]
    anchor = min(starts)
    end = min(len(text), anchor + 3000)
    body = BODY_START.search(text, anchor + 1, end)
    heading = find_heading(text, anchor, body.start() if body else end)
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
        title_span = find_title(text, heading, end)
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
    title = one_line(title_span.text) if title_span else None

    place_date = PLACE_DATE.search(text, max(0, anchor - 300), header_end)
    issued = parse_date(place_date.group("date")) if place_date else None

    parts = issuer_parts(text, motto, number_line)
    issuer = " ".join(one_line(p.text) for p in parts) or None
    issuer_span = parts[0] if parts else None

    when = reference_date(text, issued)
    places = find_places(text)
    central = issuer is not None and CENTRAL_ISSUER.match(issuer.upper()) is not None
    provinces: list[str] = []
    for part in parts:
        add(provinces, provinces_in(places, part.start, part.end, when, districts=True))
    if title_span is not None:
        add(provinces, provinces_in(places, title_span.start, title_span.end, when))
    if place_date is not None and not central and not provinces:
        add(provinces, provinces_in(places, place_date.start("place"), place_date.end("place"), when))
        if not provinces and (found := province(clean_line(place_date.group("place")))) is not None:
            provinces.append(as_of(found.name, found.current, when))
    if not provinces and not central:
        provinces = most_frequent(places, when)
    return DocumentMeta(doc_type, title, number, issued, tuple(provinces), issuer, issuer_span, title_span)


def _unofficial_metadata(text: str) -> DocumentMeta:
    """A text without the official header: a news or portal article, or (when it opens with
    a heading in capitals, "SỔ TAY", "DANH MỤC", "HƯỚNG DẪN …") some other document."""
    headline = find_headline(text)
    title = one_line(headline.text) if headline else None
    heading = find_heading(text, 0, headline.end if headline else min(len(text), 600))
    first = next(
        (b for m in LINE.finditer(text, 0, min(len(text), 600)) if (b := clean_line(m.group("body")))), ""
    )
    if heading is not None or (len(first.split()) >= 2 and is_caps(first)):
        doc_type = heading.doc_type if heading is not None else "other"
        places = find_places(text)
        when = reference_date(text, None)
        named = provinces_in(places, 0, headline.end if headline else 0, when) or most_frequent(places, when)
        return DocumentMeta(doc_type, title, None, None, tuple(named), None, None, headline)

    issued = publication_date(text)
    when = reference_date(text, issued)
    places = find_places(text)
    provinces: list[str] = []
    if headline is not None:
        provinces = provinces_in(places, headline.start, headline.end, when)
        lead_end = find_lead_end(text, headline.end)
        if provinces:
            add(provinces, listed_with(text, places, headline.end, lead_end, provinces, when))
        else:
            provinces = provinces_in(places, headline.end, lead_end, when)
    if not provinces:
        provinces = most_frequent(places, when)
    return DocumentMeta("news", title, None, issued, tuple(provinces), None, None, headline)
