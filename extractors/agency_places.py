"""Places after a body: the place, level word, class of units or centre written after a name.

"UBND [tỉnh Lào Cai]", "HĐND [xã Phố Bảng]", "UBND [cấp huyện]", "UBND [các xã, phường, đặc
khu]", "Ủy ban MTTQ Việt Nam [tỉnh]", "các cơ quan [Trung ương]": `locator` reads it into a
`Loc`, from the document's place mentions (`extractors.places`, held in `Context`) or, for a
unit the gazetteer lacks, from the capitalized words after its level word ("thị trấn Ngãi Giao";
not "Chủ tịch UBND thành phố Nguyễn Văn Tùng", a person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.agency_text import all_caps, rx, skip_space, title
from extractors.places import PlaceMention, province


@dataclass(frozen=True, slots=True)
class Context:
    text: str
    places: dict[int, PlaceMention]  # place mentions by start offset
    province: str | None
    footers: tuple[tuple[int, int], ...] = ()  # lines of site furniture
    place_starts: tuple[int, ...] = ()  # sorted keys of `places`


# canonical level word -> level ("city" for thành phố: a province or a district)
LEVEL_OF_WORD = {
    "tỉnh": "province", "thành phố": "city", "huyện": "district", "quận": "district",
    "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune",
    "đặc khu": "commune", "thôn": "residential", "ấp": "residential", "khu phố": "residential",
    "tổ dân phố": "residential", "khu dân cư": "residential",
}  # fmt: skip
_WORD_ALIASES = {"tp": "thành phố", "tp.": "thành phố", "tx": "thị xã"}
LEVEL_WORD = rx(
    r"(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|TX|xã|phường|thị trấn|đặc khu|thôn|ấp|khu phố|tổ dân phố|khu dân cư)(?!\w)",
    re.IGNORECASE,
)
_UNIT_WORD = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu|thôn|ấp|khu phố|tổ dân phố)"
_CLASS = rx(
    "|".join(
        (
            # "các cấp", "cùng cấp", "cấp huyện"
            r"(?P<cap>(?:các|cùng) cấp|cấp (?P<caplvl>tỉnh|huyện|xã|cơ sở|thành phố|quận|phường|trên))(?!\w)",
            # "các xã, phường, đặc khu", "quận, huyện, thị xã", "các huyện"
            rf"(?P<plural>(?:các )?{_UNIT_WORD}(?:(?:[^\S\n]*[,/][^\S\n]*| ){_UNIT_WORD}){{1,6}}"
            rf"(?: và {_UNIT_WORD})?|các {_UNIT_WORD})(?!\w)",
            # "từ Thành phố đến xã, phường"
            r"(?P<range>từ (?P<from>tỉnh|thành phố|huyện|Trung ương) (?:đến|tới) "
            r"(?:cơ sở|xã,[^\S\n]*phường|xã|phường|thôn,[^\S\n]*tổ dân phố))(?!\w)",
            r"(?P<central>Trung ương|TW|TƯ)(?!\w)",
            # "ở khu dân cư", "ở các tổ dân phố"
            r"(?P<at>(?:ở|tại) (?:các )?(?:khu dân cư|thôn|tổ dân phố|ấp|khu phố|cơ sở))(?!\w)",
        )
    ),
    re.IGNORECASE,
)
_CAP_LEVEL = {"tỉnh": "province", "huyện": "district", "quận": "district", "xã": "commune",
              "phường": "commune", "cơ sở": "commune"}  # fmt: skip
_IN_UNIT = rx(r"trong (?P<w>tỉnh|thành phố|huyện|xã|phường)(?!\w)", re.IGNORECASE)
UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
_NAME_WORD = re.compile(rf"(?P<w>(?:[{UPPER}][\w']*|\d+[{UPPER}]?))(?![\w&])")
_NEXT_NAME_WORD = re.compile(rf"(?:[^\S\n]|(?<=\w)-)(?P<w>(?:[{UPPER}][\w']*|\d+[{UPPER}]?))(?![\w&])")
# capitalized words that end a commune's name: the next name, a heading, a title
_NAME_STOP = frozenset(
    (
        "Sở",
        "Ủy",
        "UBND",
        "HĐND",
        "Ban",
        "Hội",
        "Phòng",
        "Về",
        "Quyết",
        "Căn",
        "Theo",
        "Chủ",
        "Giám",
        "Kế",
        "Nơi",
        "Số",
        "Ngày",
        "Điều",
        "Khoản",
        "Chương",
        "Mục",
        "Trưởng",
        "Phó",
        "Bí",
        "Thủ",
        "Đồng",
        "Cộng",
        "Độc",
        "Văn",
        "Trung",
        "Công",
        "Bộ",
        "Chính",
        "Quốc",
        "Tỉnh",
        "Thành",
    )
)
_SURNAMES = frozenset(
    (
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Đoàn",
        "Trương",
        "Trịnh",
        "Mai",
        "Tạ",
        "Lưu",
        "Lương",
        "Tô",
        "Lâm",
        "Cao",
        "Chu",
        "Kiều",
        "Triệu",
        "Mạc",
        "Khúc",
        "Quách",
        "Vương",
    )
)


@dataclass(frozen=True, slots=True)
class Loc:
    """What is written after a body: a place, a level word alone, a class of units, the centre."""

    end: int
    mode: str  # "place", "word" (a bare level word), "class", "central", "self" (the hit is the place)
    written: str | None = None  # the canonical words for the name: "tỉnh Lào Cai", "cấp huyện"
    level: str | None = None
    province: str | None = None
    word: str | None = None  # the level word of a bare "tỉnh"/"thị trấn", or of "trong Thành phố"
    bare: bool = False  # a province named without "tỉnh"/"thành phố" ("Thành ủy Hà Nội")


def province_phrase(name: str) -> str:
    """ "tỉnh Lào Cai", "thành phố Hà Nội", "Thành phố Hồ Chí Minh"."""
    p = province(name)
    if p is None:
        return name
    return "Thành phố Hồ Chí Minh" if p.name == "Hồ Chí Minh" else f"{p.kind} {p.name}"


def province_bare(name: str) -> str:
    """The name after "Tỉnh ủy"/"Thành ủy": "Lào Cai", "Thành phố Hồ Chí Minh"."""
    return "Thành phố Hồ Chí Minh" if name == "Hồ Chí Minh" else name


def _person_like(name: str) -> bool:
    """ "Nguyễn Văn Tùng" after "Chủ tịch UBND thành phố": a person, not a commune."""
    words = name.split()
    return (len(words) >= 2 and words[1] in ("Văn", "Thị")) or (len(words) >= 3 and words[0] in _SURNAMES)


def _commune_name(text: str, pos: int, upper: bool) -> int:
    """End of the name of a unit the gazetteer lacks (up to four capitalized words), else `pos`."""
    end = pos
    for count in range(4):
        m = (_NEXT_NAME_WORD if count else _NAME_WORD).match(text, end)
        if not m:
            break
        w = m.group("w")
        if len(w) > 1 and all_caps(w) and not upper and not w.isdigit():
            break  # "xã UBND …": an abbreviation, not a name
        if count and w in _NAME_STOP:
            break
        end = m.end()
    return end


def _class_level(written: str) -> str | None:
    """The one level a list of level words names ("các xã, phường" -> commune), else None."""
    levels = set()
    for m in LEVEL_WORD.finditer(written):
        word = " ".join(m.group().lower().split())
        levels.add(LEVEL_OF_WORD[_WORD_ALIASES.get(word, word)])
    if "city" in levels:  # "tỉnh, thành phố" are provinces, "huyện, thành phố" districts
        levels.discard("city")
        levels.add("district" if "district" in levels else "province")
    return levels.pop() if len(levels) == 1 else None


def locator(ctx: Context, pos: int, allow_bare_place: bool, newline: bool = False) -> Loc | None:
    """The place, level word or class written right after a body that ends at `pos`."""
    text = ctx.text
    p = skip_space(text, pos, newline)
    if p == pos:
        return None
    mention = ctx.places.get(p)
    if mention is not None:
        written = mention.span.text
        has_word = LEVEL_WORD.match(written) is not None or written[:2].upper() == "TP"
        if not has_word and not allow_bare_place:
            return None
        if mention.level == "province":
            return Loc(mention.span.end, "place", province_phrase(mention.province), "province",
                        mention.province, bare=not has_word)  # fmt: skip
        return Loc(mention.span.end, "place", mention.unit or title(written), "district", mention.province)
    m = _CLASS.match(text, p)
    if m:
        return _class_locator(ctx, m)
    m = LEVEL_WORD.match(text, p)
    if not m:
        return None
    raw = " ".join(m.group().split()).lower()
    word = _WORD_ALIASES.get(raw, raw)
    lvl = LEVEL_OF_WORD[word]
    name_start = skip_space(text, m.end())
    # a unit the gazetteer lacks: "xã Phố Bảng", "thị trấn Ngãi Giao" (every tỉnh and thành phố is in it)
    if (name_start > m.end() or m.group().endswith(".")) and word not in ("tỉnh", "thành phố"):
        end = _commune_name(text, name_start, upper=all_caps(m.group()))
        if end > name_start and not _person_like(text[name_start:end]):
            level = "district" if lvl == "city" else lvl
            return Loc(end, "place", f"{word} {title(text[name_start:end])}", level)
    return Loc(m.end(), "word", level=None if lvl == "city" else lvl, word=word)


def _class_locator(ctx: Context, m: re.Match[str]) -> Loc:
    text = ctx.text
    if m.group("central"):
        return Loc(m.end(), "central", level="central")
    written = " ".join(m.group().lower().split())
    if not m.group("cap"):
        written = re.sub(r"\s*,\s*", ", ", written)
        word = None
        if m.group("range"):
            word = " ".join(m.group("from").lower().split())
            word = None if word == "trung ương" else word
        return Loc(
            m.end(), "class", written, _class_level(written) if not m.group("range") else None, word=word
        )
    lvl = m.group("caplvl")
    level = _CAP_LEVEL.get(" ".join(lvl.lower().split())) if lvl else None
    # "UBND các cấp TP Hà Nội", "MTTQ các cấp trong Thành phố"
    q = skip_space(text, m.end())
    after = ctx.places.get(q) if q > m.end() else None
    if after is not None and after.level == "province":
        return Loc(
            after.span.end, "class", f"{written} {province_phrase(after.province)}", level, after.province
        )
    inside = _IN_UNIT.match(text, q) if q > m.end() else None
    if inside:
        word = " ".join(inside.group("w").lower().split())
        return Loc(inside.end(), "class", f"{written} trong {word}", level, word=word)
    return Loc(m.end(), "class", written, level)
