"""Agencies: every mention of a state or political-system organisation, with its canonical name.

`find_agencies(text)` returns one `Agency` per mention (repeats included), sorted by start,
never overlapping, each the longest span that names the organisation. The gazetteers are
`extractors/data/agencies.tsv` (bodies, fields of competence, boards, classes, heads whose
names run on) and `extractors/data/abbreviations.tsv`; places come from `extractors.places`.

Forms recognized (spans in [brackets]):

- People's committees and councils, the Fatherland Front, with their level and place:
  [UBND tỉnh Lào Cai], [Ủy ban nhân dân Thành phố], [UBND TP], [UBND TPHCM],
  [ỦY BAN NHÂN DÂN THỊ TRẤN NGÃI GIAO], [HĐND xã Phố Bảng], [UBND cấp huyện],
  [UBND các xã, phường, đặc khu], [UBND cùng cấp], [UBND các cấp TP Hà Nội],
  [Ủy ban MTTQ Việt Nam tỉnh], [Ủy ban Mặt trận tổ quốc (MTTQ) Việt Nam tỉnh],
  [UB MTTQ quận, huyện, thị xã, xã, phường, thị trấn], [MTTQ các cấp trong Thành phố],
  [Ban công tác Mặt trận ở khu dân cư], [Ủy ban bầu cử xã Phố Bảng], [Đoàn ĐBQH tỉnh],
  [Ủy ban MTTQVN tỉnh], [Ủy ban nhân tỉnh] (a slip for "nhân dân").
- Boards and offices named before their parent: [Ban Thường trực Ủy ban MTTQ Việt Nam
  tỉnh], [Thường trực HĐND thị trấn], [TT Tỉnh ủy], [Văn phòng UBND thành phố],
  [Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam], [Ban Thường vụ Tỉnh ủy], [Ủy ban Kiểm
  tra tỉnh ủy], [Ban Tuyên giáo và Dân vận Tỉnh ủy], [Ban Thường vụ Đảng ủy UBND tỉnh],
  [các Ban của HĐND tỉnh]. "Phó Chủ tịch Thường trực [Ủy ban MTTQ Việt Nam xã]" keeps the
  title word out.
  A board named alone ([Ban Thường trực], [Văn phòng]) takes the name of the one the
  document names in full most often, and is dropped when there is none.
- Party committees: [Tỉnh ủy], [Thành ủy Hà Nội], [Thường trực Thị ủy], [Đảng ủy xã,
  phường, đặc khu], [Đảng bộ tỉnh], [cấp ủy Đảng], [Bộ Chính trị], [Ban Bí thư].
- Central bodies: [Chính phủ], [Thủ tướng Chính phủ], [Thủ tướng], [Quốc hội khóa XVI],
  [Hội đồng Bầu cử Quốc gia], [Ngân hàng Nhà nước Việt Nam], ministries by field ([Bộ Tài
  chính], [Bộ LĐTB&XH], [Bộ KH&CN]) and [các bộ, ngành Trung ương].
- Departments by field: [Sở Nội vụ], [Sở Lao động-Thương binh và Xã hội], [Sở GD&ĐT],
  [phòng Văn hóa - Xã hội]. A list after one head gives one mention per field, the first
  with its head: "Giám đốc các [Sở: Dân tộc và Tôn giáo], [Nội vụ] và …". Bodies that
  exist only with their place: [Công an tỉnh], [Bộ Chỉ huy Quân sự tỉnh], [Thanh tra
  thành phố], [Bảo hiểm xã hội tỉnh], [Thuế tỉnh Đắk Lắk].
- Mass organisations: [Hội Cựu chiến binh], [Hội Liên hiệp Phụ nữ TP.HCM], [Đoàn TNCS Hồ
  Chí Minh], [Liên đoàn Lao động tỉnh], [Tỉnh đoàn], [tổ chức công đoàn], [các đoàn thể].
- Units whose name runs on in the text, up to a verb, a function word or a place:
  [Trung tâm Thông tin tỉnh], [Chi cục Kiểm lâm], [Ban Chỉ đạo Đại hội], [Ban Quản lý Khu
  kinh tế tỉnh], [Báo Thanh Niên], [Cục Quản lý giá], [Ngân hàng Nhà nước khu vực XII];
  the stop words and verb phrases that end them are rows of agencies.tsv.
- Classes that act: [các sở, ban, ngành tỉnh], [Các Sở ngành liên quan], [11 sở, ngành
  chức năng], [các cơ quan, đơn vị có liên quan], [các tổ chức thành viên của MTTQ Việt
  Nam TP], [các tổ chức chính trị - xã hội cùng cấp], [chính quyền địa phương],
  [các cơ quan Trung ương có thẩm quyền].
- Provinces and districts acting as bodies: "[Tỉnh Sơn La] sẽ bố trí …", "lãnh đạo
  [TPHCM] và [tỉnh Nghệ An] đã tổ chức …" (kind `other`).

Near-misses rejected:

- People: in "ông Nguyễn Văn Tùng, Chủ tịch UBND thành phố" only [UBND thành phố] is an
  agency, and "UBND thành phố Nguyễn Văn Tùng" does not make "Nguyễn Văn Tùng" a place;
  "Phó Thủ tướng" is a person's office.
- Document numbers and law titles: "Số: 2284/QĐ-UBND", "Luật Tổ chức Chính phủ",
  "Luật Tổ chức chính quyền địa phương", "Luật Mặt trận Tổ quốc Việt Nam".
- Bodies that need a place and have none: "lực lượng Công an", "thanh tra, kiểm tra",
  "Thuế thu nhập cá nhân", "Bảo hiểm xã hội bắt buộc".
- Common nouns and headings: "chính phủ điện tử", "xây dựng chính quyền", "chính quyền
  số", "mô hình chính quyền địa phương 2 cấp", "BÁO CÁO", "Ban hành", "Hội nghị",
  "Tổ quốc", the place "Hội An", "THƯ VIỆN PHÁP LUẬT", "01 đơn vị".
- Site furniture: lines of a licence or masthead ("Giấy phép … do Sở Kế hoạch và Đầu
  tư Hà Nội cấp").
- Places that do not act: "trên địa bàn tỉnh Lâm Đồng".

Canonical `name`, `level` and `province` come from what the document fixes: abbreviations
expanded, the place written, meant or implied appended (the rules are in
`extractors.agency_resolution`). The document's province (`context_province`) is its issuer's,
else the one its places name most; a text issued by a national body (CHÍNH PHỦ, THỦ TƯỚNG CHÍNH
PHỦ, QUỐC HỘI, BỘ …) has none, so "UBND cấp tỉnh" there belongs to no province.

The work is split by stage, each in its own module: `agency_gazetteer` (the data files, checked
and compiled), `agency_text` (matching helpers), `agency_places` (what is written after a body),
`agency_parsing` (the names found in the text), `agency_exclusions` (names that are no mention
there), `agency_resolution` (canonical names, levels, provinces); `agency_record` holds `Agency`
and `AgencyKind`, which this module re-exports with `expand_abbreviations`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from extractors.agency_exclusions import excluded, footer_lines
from extractors.agency_gazetteer import expand_abbreviations, grammar
from extractors.agency_parsing import Hit, parse_agency, parse_group, place_actors
from extractors.agency_places import UPPER, Context
from extractors.agency_record import Agency, AgencyKind
from extractors.agency_resolution import resolve
from extractors.agency_text import all_caps, rx
from extractors.places import PlaceMention, find_places
from extractors.span import Span

__all__ = ["Agency", "AgencyKind", "context_province", "expand_abbreviations", "find_agencies"]


_WORD = re.compile(r"\w+")


def _raw_hits(ctx: Context) -> list[Hit]:
    """Every name in the text, left to right, each the longest reading at its start."""
    g = grammar()
    text = ctx.text
    hits: list[Hit] = []
    pos = 0
    for m in _WORD.finditer(text):
        start = m.start()
        if start < pos:
            continue
        word = m.group()
        types = g.starts.get(word.lower())
        if types is None:
            if not word.isdigit():
                continue
            types = frozenset(("group",))
        found = parse_agency(ctx, start, types=types) if types - {"group"} else []
        group = parse_group(ctx, start) if "group" in types else None
        if group is not None and (not found or group.end > found[0].end):
            found = [group]
        if found and not excluded(ctx, start):
            hits.extend(found)
            pos = found[-1].end
    return hits


def find_agencies(text: str) -> list[Agency]:
    """Every mention of an organisation in `text`, sorted by start (see the module docstring)."""
    if not text:
        return []
    places = find_places(text)
    by_start = {pm.span.start: pm for pm in places}
    ctx = Context(
        text, by_start, _context_province(text, places), footer_lines(text), tuple(sorted(by_start))
    )
    raw = _raw_hits(ctx)
    raw = sorted(raw + place_actors(ctx, raw), key=lambda h: h.start)
    hits = []
    for h in raw:
        span = Span.of(text, h.start, h.end)
        if span.end > span.start:
            hits.append(replace(h, start=span.start, end=span.end))
    return resolve(ctx, hits)


def context_province(text: str) -> str | None:
    """The province the document is about: its issuer's, else the one its places name most."""
    return _context_province(text, find_places(text))


_HEADER = rx(r"(?:ỦY|UỶ) BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|UBND|TỈNH ỦY|THÀNH ỦY")
# a national issuer heading the document: its places are examples, not its province
_CENTRAL_HEADER = rx(
    rf"^[^\S\n]*(?:THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|BỘ [{UPPER}]|"
    r"VĂN PHÒNG CHÍNH PHỦ|BAN CHẤP HÀNH TRUNG ƯƠNG|BỘ CHÍNH TRỊ|BAN BÍ THƯ|NGÂN HÀNG NHÀ NƯỚC|"
    r"THANH TRA CHÍNH PHỦ|KIỂM TOÁN NHÀ NƯỚC|TÒA ÁN NHÂN DÂN TỐI CAO|VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO)",
    re.MULTILINE,
)


def _context_province(text: str, places: list[PlaceMention]) -> str | None:
    if not places:
        return None
    header = _HEADER.search(text, 0, 3000)
    central = _CENTRAL_HEADER.search(text, 0, 3000)
    if central is not None and (header is None or central.start() < header.start()):
        return None
    if header:
        for pm in places:
            if header.end() <= pm.span.start <= header.end() + 80 and all_caps(pm.span.text):
                return pm.province
    counts = Counter(pm.province for pm in places)
    best = max(counts.values())
    return next(pm.province for pm in places if counts[pm.province] == best)
