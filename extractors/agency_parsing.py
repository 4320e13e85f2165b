"""Parsing: the names found in the text, as `Hit`s, before the document's context resolves them.

Each parser reads the longest name that starts at one offset: a gazetteer body and the place
after it (`_parse_body`), Bộ/Sở/Phòng + a field and the fields listed after it
(`_parse_domain`), a head whose name runs on (`_parse_open`), a board before its parent or
named alone (`parse_agency`), a class that acts (`parse_group`, `_parse_government`);
`place_actors` adds the provinces and districts that act as bodies.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from extractors.agency_gazetteer import Entry, entry, grammar
from extractors.agency_places import LEVEL_WORD, Context, Loc, locator, province_phrase
from extractors.agency_text import all_caps, form_key, is_cap, rx, skip_space, title


@dataclass(frozen=True, slots=True)
class Hit:
    """A name found in the text, before the document's context resolves it."""

    start: int
    end: int
    core: str  # canonical name without its place ("Ban Thường trực Ủy ban Mặt trận Tổ quốc")
    kind: str
    level: str  # an _LEVELS value
    loc: Loc | None = None
    base_kind: str = ""  # kind of the innermost body ("Văn phòng [HĐND]": people_council)
    fallback: str | None = None  # level of a "home" body when the document's unit is a province
    front_committee: bool = False  # an Ủy ban MTTQ: "Việt Nam" is added once its unit is known
    territorial: bool = False  # Tỉnh ủy, Thành đoàn, Huyện ủy …: the place follows bare
    prefix: str | None = None  # outermost board ("Ban Thường trực"), for boards named alone
    bare_prefix: bool = False  # a board named alone: resolved from the document's full mentions
    parent: Hit | None = None  # the body a class belongs to ("các tổ chức thành viên của [MTTQ]")

    @property
    def family(self) -> str:
        return self.base_kind or self.kind


# committees named after their unit, whose place follows without its level word ("Tỉnh ủy Lào Cai")
TERRITORIAL = {"Tỉnh ủy": "tỉnh", "Thành ủy": "thành phố", "Huyện ủy": "huyện", "Quận ủy": "quận",
                "Thị ủy": "thị xã", "Tỉnh đoàn": "tỉnh", "Thành đoàn": "thành phố", "Huyện đoàn": "huyện"}  # fmt: skip
_VN = rx(r"(?:Việt Nam|VN)(?!\w)", re.IGNORECASE)
_TERM = rx(r"khóa (?:[IVXLC]+|\d+)(?!\w)|Việt Nam(?!\w)")


def _parse_body(ctx: Context, pos: int) -> Hit | None:
    """A gazetteer body and the place written after it: "UBND tỉnh Lào Cai", "Hội Nông dân tỉnh"."""
    text = ctx.text
    m = grammar().body.match(text, pos)
    e = entry("body", m.group()) if m else None
    if m is None or e is None:
        return None
    end = m.end()
    core = e.name
    level = e.level
    if (e.kind in ("fatherland_front", "mass_organization") or e.name == "Quốc hội") and not core.endswith(
        "Nam"
    ):
        q = skip_space(text, end)
        after = (_TERM if e.name == "Quốc hội" else _VN).match(text, q) if q > end else None
        if after:
            end = after.end()
            written = " ".join(after.group().split())
            core = f"{core} {written if written.startswith('khóa') else 'Việt Nam'}"
            if e.kind == "mass_organization":  # "Hội Nông dân Việt Nam": the national body
                level = "central"
    hit = Hit(
        pos, end, core, e.kind, level,
        front_committee=core.startswith("Ủy ban Mặt trận"),
        territorial=e.name in TERRITORIAL,
    )  # fmt: skip
    if level == "central":
        return hit
    loc = locator(ctx, end, allow_bare_place=True, newline=all_caps(m.group()))
    if loc is not None and loc.mode == "central" and level not in ("local", "placed", "home", "none"):
        loc = None
    if loc is None:
        return None if level == "placed" else hit
    return replace(hit, end=loc.end, loc=loc)


_LIST_SEP = re.compile(r"[^\S\n]*(?:[,;]|và)[^\S\n]*")
_HEAD_KIND = {"Bộ": ("ministry", "central"), "Sở": ("department", "province"), "Phòng": ("department", "home"),
              "Ban": ("department", "province")}  # fmt: skip


def _parse_domain(ctx: Context, pos: int) -> list[Hit]:
    """Bộ/Sở/Phòng + a field, and the fields listed after it ("Sở: Tài chính, Nội vụ")."""
    g = grammar()
    text = ctx.text
    m = g.head.match(text, pos)
    d = g.domain.match(text, m.end()) if m else None
    if m is None or d is None:
        return []
    head = m.group("head").capitalize()
    e = g.by_key.get(("domain", form_key(d.group())))
    if e is None or head not in e.attaches or not (m.group()[:1].isupper() or d.group()[:1].isupper()):
        return []
    kind, level = _HEAD_KIND[head]
    fallback = e.level if head == "Phòng" and e.level in ("district", "commune") else None
    first = Hit(pos, d.end(), f"{head} {e.name}", kind, level, fallback=fallback)
    if level != "central":
        loc = locator(ctx, d.end(), allow_bare_place=True)
        if loc is not None and loc.mode in ("place", "word"):
            first = replace(first, end=loc.end, loc=loc)
    hits = [first]
    p = first.end
    while len(hits) < 30 and (s := _LIST_SEP.match(text, p)):
        d = g.domain.match(text, s.end())
        e = g.by_key.get(("domain", form_key(d.group()))) if d and d.group()[:1].isupper() else None
        if d is None or e is None or head not in e.attaches:
            break
        fallback = e.level if head == "Phòng" and e.level in ("district", "commune") else None
        hits.append(Hit(d.start(), d.end(), f"{head} {e.name}", kind, level, fallback=fallback))
        p = d.end()
    return hits


# capitalized words that begin a person's title or another name, not a word of this one
_TAIL_STOP = frozenset(
    (
        "Sở",
        "Ủy",
        "UBND",
        "HĐND",
        "Bộ",
        "Chủ",
        "Giám",
        "Trưởng",
        "Phó",
        "Chánh",
        "Thủ",
        "Ban",
    )
)
# after "và" or a comma these begin another organisation ("Báo Thanh Niên và Báo Đồng Nai")
_NEW_NAME = frozenset(
    (
        "Báo",
        "Hội",
        "Đoàn",
        "Trung",
        "Cục",
        "Chi",
        "Viện",
        "Đài",
        "Tổng",
        "Công",
        "Liên",
        "Ủy",
    )
)
# heads whose names are proper names, capitalized throughout ("Báo Thanh Niên")
_CAPITAL_TAILS = frozenset({"Báo"})
_DOC_WORDS = rx(
    r"(?i:quyết định|nghị định|nghị quyết|kế hoạch|thông tư|chỉ thị|công văn|luật|tờ trình|báo cáo|thông báo|"
    r"hướng dẫn)(?!\w)"
)
_TOKEN = re.compile(r"[^\S\n]*(?:(?P<sep>[-–]|,|&|và)[^\S\n]*)?(?P<word>\w[\w&'/]*)")


def _name_tail(text: str, start: int, capitals_only: bool) -> tuple[int, int]:
    """(end, word count) of the words that continue a name from `start`."""
    stop = grammar().stop
    end = p = start
    count = 0
    while count < 12 and (t := _TOKEN.match(text, p)):
        w, sep, at = t.group("word"), t.group("sep"), t.start("word")
        low = not is_cap(w)
        if count and LEVEL_WORD.match(text, at):
            break  # the place: "Trung tâm Thông tin [tỉnh]"
        if low and stop.match(text, at):
            break
        if sep in (",", "&", "và") and (low or w[:1].isdigit()):
            break
        if sep and (w in _NEW_NAME or (sep == "," and not count)):
            break
        if w in _TAIL_STOP or _DOC_WORDS.match(text, at) or (capitals_only and low):
            break
        count += 1
        end = p = t.end()
    return end, count


def _parse_open(ctx: Context, pos: int) -> Hit | None:
    """A head whose name runs on: "Trung tâm Thông tin tỉnh", "Chi cục Kiểm lâm", "Ban Chỉ đạo Đại hội"."""
    text = ctx.text
    m = grammar().open.match(text, pos)
    e = entry("open", m.group()) if m else None
    if m is None or e is None or _DOC_WORDS.match(text, pos):
        return None
    if e.name in _CAPITAL_TAILS and all_caps(m.group()):  # "BÁO CÁO …" headings
        return None
    first = _TOKEN.match(text, m.end())
    standalone = e.name.startswith("Ban ")  # "Ban Chỉ đạo" names a body by itself
    if not standalone and (first is None or first.group("sep") or not is_cap(first.group("word"))):
        return None
    end, count = _name_tail(text, m.end(), e.name in _CAPITAL_TAILS)
    if not count and not standalone:
        return None
    tail = " ".join(text[m.end() : end].split())
    if all_caps(m.group()) and all_caps(tail):
        tail = tail.lower()
    hit = Hit(pos, end, f"{e.name} {tail}" if tail else e.name, e.kind, e.level)
    i = bisect_right(ctx.place_starts, end - 1) - 1
    if i >= 0 and ctx.place_starts[i] >= m.end() and e.level != "central":
        # "Báo Hà Tĩnh", "Ban Quản lý Khu Kinh tế Phú Yên": the place is part of the name
        inside = ctx.places[ctx.place_starts[i]]
        return replace(hit, loc=Loc(end, "self", level=inside.level, province=inside.province))
    loc = locator(ctx, end, allow_bare_place=True)
    if loc is not None and loc.mode in ("place", "word", "class"):
        hit = replace(hit, end=loc.end, loc=loc)
    return hit


_BARE_BOARDS = frozenset({"Ban Thường trực", "Ban Thường vụ", "Văn phòng", "Đoàn Chủ tịch"})
# "Phó Chủ tịch Thường trực Ủy ban MTTQ": the board word belongs to a person's title
_PERSON_BEFORE = rx(r"(?i:chủ tịch|bí thư|ủy viên|trưởng ban) $")
_DASH_AFTER = re.compile(r"[^\S\n]*[-–]")
_TITLE_BEFORE = rx(r"(?i:chức|ủy viên) $")


def _bare_board(text: str, start: int, m: re.Match[str], e: Entry) -> Hit | None:
    """ "Lãnh đạo Văn phòng", "TM. BAN THƯỜNG TRỰC"; not "Công chức Văn phòng - Thống kê"."""
    if e.name not in _BARE_BOARDS or len(m.group()) <= 5 or not m.group()[:1].isupper():
        return None
    if _DASH_AFTER.match(text, m.end()) or _TITLE_BEFORE.search(text, max(0, start - 12), start):
        return None
    after = _TOKEN.match(text, m.end())
    if after and not after.group("sep") and is_cap(after.group("word")) and not all_caps(m.group()):
        return None  # "Văn phòng Trung ương …": another name, not this board alone
    return Hit(start, m.end(), e.name, "other", "none", prefix=e.name, bare_prefix=True)


_ALL_TYPES = frozenset(("body", "domain", "prefix", "open"))


def parse_agency(ctx: Context, pos: int, depth: int = 0, types: frozenset[str] = _ALL_TYPES) -> list[Hit]:
    """The longest reading of a name starting at `pos` (with the fields listed after a head).

    `types` are the kinds of row the first word can begin, to spare the other parsers.
    """
    text = ctx.text
    best: list[Hit] = []

    def consider(hits: list[Hit] | None) -> None:
        nonlocal best
        if hits and (not best or hits[0].end > best[0].end):
            best = hits

    pm = grammar().prefix.match(text, pos) if depth < 3 and "prefix" in types else None
    pe = entry("prefix", pm.group()) if pm else None
    if (
        pm is not None
        and pe is not None
        and pe.name == "Thường trực"
        and _PERSON_BEFORE.search(text, max(0, pos - 16), pos)
    ):
        pe = None
    if pm is not None and pe is not None:
        q = skip_space(text, pm.end())
        inner = parse_agency(ctx, q, depth + 1) if q > pm.end() else []
        if inner and inner[0].kind != "group" and ("*" in pe.attaches or inner[0].kind in pe.attaches):
            h = inner[0]
            kind = h.kind if pe.kind == "inherit" else pe.kind
            consider([replace(h, start=pos, core=f"{pe.name} {h.core}", kind=kind, prefix=pe.name,
                              base_kind=h.family)])  # fmt: skip
        else:
            bare = _bare_board(text, pos, pm, pe)
            consider([bare] if bare else None)
    if "body" in types:
        body = _parse_body(ctx, pos)
        consider([body] if body else None)
    if "domain" in types:
        consider(_parse_domain(ctx, pos))
    if "open" in types:
        opened = _parse_open(ctx, pos)
        consider([opened] if opened else None)
    return best


_OF = rx(r"của ")
_COUNTED_HEAD = re.compile(r"(?i:sở|bộ|ban)(?!\w)")


def parse_group(ctx: Context, pos: int) -> Hit | None:
    """A class that acts: "các sở, ban, ngành tỉnh", "các cơ quan có liên quan", "chính quyền các cấp"."""
    g = grammar()
    text = ctx.text
    m = g.group.match(text, pos)
    if not m:
        return None
    if m.group("gbare"):
        e = entry("group", m.group("gbare"))
        if e is None:
            return None
        if e.name == "chính quyền":
            return _parse_government(text, pos, m.end())
        core = e.name
    else:
        det, head = m.group("det"), m.group("ghead")
        e = g.by_key.get(("group", form_key("các " + head)))
        if e is None or det.lower() == "những" or (det.isdigit() and not _COUNTED_HEAD.match(head)):
            return None  # "01 đơn vị" counts units, "11 sở, ngành" names them
        written = re.sub(r"\s*,\s*", ", ", " ".join(head.lower().split()))
        core = f"{det.lower()} {e.name[4:] if form_key(written) == form_key(e.name[4:]) else written}"
    end = m.end()
    end, core = _tails(text, end, core)
    hit = Hit(pos, end, core, e.kind, e.level)
    q = skip_space(text, end)
    of = _OF.match(text, q) if q > end else None
    if of:  # "các tổ chức thành viên của MTTQ Việt Nam TP"
        inner = parse_agency(ctx, of.end())
        if inner and inner[0].kind != "group":
            return replace(hit, end=inner[0].end, core=f"{core} của", parent=inner[0])
    loc = locator(ctx, end, allow_bare_place=False)
    if loc is None:
        return hit
    if loc.mode == "central":  # "các cơ quan Trung ương có thẩm quyền"
        end, core = _tails(text, loc.end, f"{core} Trung ương")
        return replace(hit, end=end, core=core, level="central")
    return replace(hit, end=loc.end, loc=loc)


def _tails(text: str, end: int, core: str) -> tuple[int, str]:
    """Qualifiers after a class: "liên quan", "có thẩm quyền", "chức năng" …"""
    tail = grammar().tail
    while (q := skip_space(text, end)) > end and (t := tail.match(text, q)):
        core = f"{core} {' '.join(t.group().split())}"
        end = t.end()
    return end, core


_GOV_NOT_ACTOR = rx(
    r" (?:điện tử|số|thân thiện|vững|trong sạch|liêm chính|kiến tạo|(?:địa phương )?(?:2|hai) cấp|nhân dân|cách mạng)(?!\w)"
)
_GOV_TAIL = rx(r" (?:địa phương(?: các cấp)?|các cấp|cơ sở|cấp (?:tỉnh|huyện|xã|cơ sở))(?!\w)")
_GOV_NOT_BEFORE = rx(r"(?:xây dựng|tổ chức|mô hình|của) $", re.IGNORECASE)
_GOV_ACTOR_BEFORE = rx(r"(?:với|giữa|đạo|và|cùng|giúp|của) $", re.IGNORECASE)
_GOV_LEVEL = {"cấp tỉnh": "province", "cấp huyện": "district", "cấp xã": "commune", "cấp cơ sở": "commune",
              "cơ sở": "commune"}  # fmt: skip


def _parse_government(text: str, pos: int, end: int) -> Hit | None:
    """ "chính quyền" as an actor: "chính quyền địa phương", "chính quyền các cấp", "với chính quyền"."""
    start = max(0, pos - 12)
    if _GOV_NOT_BEFORE.search(text, start, pos) or _GOV_NOT_ACTOR.match(text, end):
        return None
    t = _GOV_TAIL.match(text, end)
    if t:
        if _GOV_NOT_ACTOR.match(text, t.end()):
            return None
        tail = " ".join(t.group().split())
        return Hit(pos, t.end(), f"chính quyền {tail}", "group", _GOV_LEVEL.get(tail, "none"))
    if not _GOV_ACTOR_BEFORE.search(text, start, pos):
        return None
    return Hit(pos, end, "chính quyền", "group", "none")


_ACTOR_BEFORE = re.compile(r"(?:^|[.!?;:,\n]|(?<!\w)và|(?i:lãnh[^\S\n]+đạo)|(?<!\w)giữa)[^\S\n]*$")
_ACTOR_AFTER = rx(
    r" (?:sẽ|đã|đang|cần|phải|vừa|tiếp tục|tổ chức|triển khai|có khả năng|ký kết|chỉ đạo|ban hành|dự kiến|"
    r"phối hợp|mong muốn|cam kết)(?!\w)"
)
_LEADERS = rx(r"(?i:lãnh đạo) $")


def place_actors(ctx: Context, taken: list[Hit]) -> list[Hit]:
    """Provinces and districts that act as bodies: "Tỉnh Sơn La sẽ bố trí …", "lãnh đạo TPHCM"."""
    text = ctx.text
    busy = sorted((h.start, h.end) for h in taken)
    out = []
    for start, mention in sorted(ctx.places.items()):
        i = bisect_right(busy, (start, len(text) + 1)) - 1
        if i >= 0 and busy[i][1] > start:
            continue  # inside an organisation's name
        end = mention.span.end
        lo = max(0, start - 12)
        if not _ACTOR_BEFORE.search(text, lo, start):
            continue
        if not (_LEADERS.search(text, lo, start) or _ACTOR_AFTER.match(text, end)):
            continue
        if mention.level == "province":
            core = province_phrase(mention.province)
        else:
            core = mention.unit or title(mention.span.text)
        out.append(Hit(start, end, core, "other", mention.level,
                        loc=Loc(end, "self", level=mention.level, province=mention.province)))  # fmt: skip
    return out
