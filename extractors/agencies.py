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

Canonical `name`: abbreviations expanded (`expand_abbreviations`), spelling "Ủy", the Front
committee of a given unit read "Ủy ban Mặt trận Tổ quốc Việt Nam …", and the place appended
when the document fixes it: the place written or meant by a bare level word ("UBND TP" ->
"Ủy ban nhân dân thành phố Hà Nội" in a Hà Nội text), the document's province for
provincial bodies written without one ("Sở Nội vụ" -> "Sở Nội vụ tỉnh Lào Cai"), and the
issuer's own unit for a bare body of the issuer's family ("Hội đồng nhân dân" in a decision
of UBND thị trấn Ngãi Giao). Classes keep their wording ("Ủy ban nhân dân cấp huyện").
The document's province (`context_province`) is its issuer's, else the one its places name
most; a text issued by a national body (CHÍNH PHỦ, THỦ TƯỚNG CHÍNH PHỦ, QUỐC HỘI, BỘ …) has
none, so "UBND cấp tỉnh" there belongs to no province.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache, lru_cache

from extractors.places import PlaceMention, find_places, province
from extractors.span import Span
from extractors.tsv import read_data, text_rows


class AgencyKind(StrEnum):
    """The kinds of SCHEMA.md's `agencies[].kind`."""

    PEOPLE_COMMITTEE = "people_committee"
    PEOPLE_COUNCIL = "people_council"
    FATHERLAND_FRONT = "fatherland_front"
    PARTY = "party"
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    DEPARTMENT = "department"
    OFFICE = "office"
    MASS_ORGANIZATION = "mass_organization"
    GROUP = "group"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Agency:
    """One mention of an organisation.

    `span` is the surface form (`text[span.start:span.end] == span.text`); `name` the
    canonical name ("Ủy ban nhân dân tỉnh Lào Cai" for "UBND tỉnh" in a Lào Cai text);
    `kind` what sort of body it is; `level` central, province, district, commune,
    residential, or None when the text leaves it open ("UBND cùng cấp"); `province` the
    province it belongs to (the document's, unless another is written), None for central
    bodies or when the text names no province.
    """

    span: Span
    name: str
    kind: AgencyKind
    level: str | None
    province: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.span.text,
            "name": self.name,
            "kind": str(self.kind),
            "level": self.level,
            "province": self.province,
            "start": self.span.start,
            "end": self.span.end,
        }


# =========================================================================== data

_TYPES = ("body", "domain", "prefix", "group", "open", "tail", "stop")
_LEVELS = ("central", "province", "district", "commune", "residential", "home", "local", "placed", "none")
_UNIT_LEVELS = ("province", "district", "commune", "residential")
_HEADS = ("Bộ", "Sở", "Phòng", "Ban")
_AGENCIES_TSV = "extractors/data/agencies.tsv"
_ABBREVIATIONS_TSV = "extractors/data/abbreviations.tsv"


@dataclass(frozen=True, slots=True)
class _Entry:
    """One row of agencies.tsv (the file's header explains the columns)."""

    type: str
    name: str
    forms: tuple[str, ...]
    kind: str
    level: str
    attaches: tuple[str, ...]
    lower_ok: bool  # some form starts in lower case, so a lower-case match counts


def _parse_entries(text: str, source: str = _AGENCIES_TSV) -> tuple[_Entry, ...]:
    """The rows of an agencies.tsv; a bad row raises ValueError naming `source` and the line."""
    kinds = {k.value for k in AgencyKind}
    out = []
    for lineno, cols in text_rows(text, source, 6):
        where = f"{source}:{lineno}"
        type_, name, variants, kind, level, attaches = cols
        if type_ not in _TYPES:
            raise ValueError(f"{where}: unknown type {type_!r}")
        if not name:
            raise ValueError(f"{where}: empty name")
        if type_ == "domain":
            if kind != "-" or level not in ("-", "district", "commune", "home"):
                raise ValueError(
                    f"{where}: a domain row takes '-' for kind and '-', district, commune or home for level"
                )
        elif type_ in ("tail", "stop"):
            if kind != "-" or level != "-":
                raise ValueError(f"{where}: a {type_} row takes '-' for kind and level")
        elif kind not in kinds and not (type_ == "prefix" and kind == "inherit"):
            raise ValueError(f"{where}: unknown kind {kind!r}")
        elif (type_ == "prefix") != (level == "inherit") or (type_ != "prefix" and level not in _LEVELS):
            raise ValueError(f"{where}: bad level {level!r} for a {type_} row")
        attach = tuple(a for a in attaches.split("|") if a and a != "-")
        if type_ == "domain" and (not attach or any(a not in _HEADS for a in attach)):
            raise ValueError(f"{where}: a domain row lists the heads it follows, among {_HEADS}")
        if type_ == "prefix" and not attach:
            raise ValueError(f"{where}: a prefix row lists the kinds of parent it attaches to")
        forms = tuple(dict.fromkeys([name, *(v.strip() for v in variants.split("|") if v.strip())]))
        out.append(_Entry(type_, name, forms, kind, level, attach, any(f[:1].islower() for f in forms)))
    return tuple(out)


def _parse_abbreviations(text: str, source: str = _ABBREVIATIONS_TSV) -> dict[str, str]:
    """abbreviation -> expansion; a bad row raises ValueError naming `source` and the line."""
    out: dict[str, str] = {}
    for lineno, cols in text_rows(text, source):
        where = f"{source}:{lineno}"
        if len(cols) != 2 or not all(cols):
            raise ValueError(f"{where}: expected an abbreviation and its expansion")
        abbr, expansion = cols
        if out.get(abbr, expansion) != expansion:
            raise ValueError(f"{where}: {abbr!r} already expands to {out[abbr]!r}")
        out[abbr] = expansion
    return out


@cache
def _entries() -> tuple[_Entry, ...]:
    return _parse_entries(read_data("agencies.tsv"))


@cache
def _abbreviations() -> dict[str, str]:
    return _parse_abbreviations(read_data("abbreviations.tsv"))


# =========================================================================== text helpers

_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_NEW_TONES = {new: old for old, new in _OLD_TONES.items()}
_OLD_TONE_RE = re.compile("|".join(_OLD_TONES))
_NEW_TONE_RE = re.compile("|".join(_NEW_TONES))
_NOT_WORD = re.compile(r"[\W_]+")
_S = r"[^\S\n]+"  # spaces inside one line


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern`, each plain space in it standing for spaces within one line."""
    return re.compile(pattern.replace(" ", _S), flags)


@lru_cache(maxsize=8192)
def _key(s: str) -> str:
    """Lookup key: lower case, modern tones, letters and digits only ("Uỷ ban MTTQ" -> "ủybanmttq")."""
    s = unicodedata.normalize("NFC", s).lower()
    return _NOT_WORD.sub("", _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group()], s))


def _flex(form: str) -> str:
    """A regex for `form` that allows any spacing, dash or comma style and old tone placement."""
    out: list[str] = []
    i = 0
    while i < len(form):
        ch = form[i]
        pair = form[i : i + 2].lower()
        if ch in "-–,":
            while out and out[-1] == _S:
                out.pop()
            out.append(r"[^\S\n]*[,\-–][^\S\n]*" if ch == "," else r"[^\S\n]*[-–—][^\S\n]*")
            i += 1
            while i < len(form) and form[i] == " ":
                i += 1
            continue
        if ch == " ":
            out.append(_S)
        elif ch == "&":
            out.append(r"[^\S\n]*&[^\S\n]*")
        elif pair in _NEW_TONES and (i + 2 >= len(form) or not form[i + 2].isalpha()):
            old = _NEW_TONES[pair] if form[i].islower() else _NEW_TONES[pair].capitalize()
            out.append(f"(?:{re.escape(form[i : i + 2])}|{re.escape(old)})")
            i += 2
            continue
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


def _alternation(forms: list[str]) -> str:
    """One regex for any of `forms`, longest first, ending at a word boundary."""
    uniq = sorted(set(forms), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(_flex(f) for f in uniq) + r")(?!\w)"


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _title(s: str) -> str:
    """ "NGÃI GIAO" -> "Ngãi Giao"; mixed-case words stay as written."""
    return " ".join(w[0] + w[1:].lower() if _all_caps(w) else w for w in s.split())


def _skip_space(text: str, pos: int, newline: bool = False) -> int:
    """The first non-space at or after `pos`; one line break is crossed only when `newline`."""
    n = len(text)
    crossed = False
    while pos < n and text[pos].isspace():
        if text[pos] == "\n":
            if not newline or crossed:
                return pos
            crossed = True
        pos += 1
    return pos


# =========================================================================== grammar


@dataclass(frozen=True, slots=True)
class _Grammar:
    starts: dict[str, frozenset[str]]  # first word (lower case, either tone style) -> the types it begins
    body: re.Pattern[str]
    prefix: re.Pattern[str]
    head: re.Pattern[str]  # Bộ / Sở / Phòng / Ban before a field
    domain: re.Pattern[str]
    open: re.Pattern[str]
    group: re.Pattern[str]
    tail: re.Pattern[str]
    stop: re.Pattern[str]  # lower-case words that end a name that runs on
    by_key: dict[tuple[str, str], _Entry]  # (type, _key(form)) -> entry


@cache
def _grammar() -> _Grammar:
    by_key: dict[tuple[str, str], _Entry] = {}
    forms: dict[str, list[str]] = {t: [] for t in _TYPES}
    for e in _entries():
        for f in e.forms:
            k = (e.type, _key(f))
            if k in by_key and by_key[k].name != e.name:
                raise ValueError(f"{_AGENCIES_TSV}: {f!r} names both {by_key[k].name!r} and {e.name!r}")
            by_key[k] = e
            forms[e.type].append(f)
    # "các sở, ban, ngành" also reads "11 sở, ngành"; the determiner is matched apart
    counted = sorted(
        {f[4:] for f in forms["group"] if f.lower().startswith("các ")}, key=lambda f: (-len(f), f)
    )
    plain = [f for f in forms["group"] if not f.lower().startswith("các ")]
    group = (
        r"(?:(?P<det>các|những|\d+)" + _S + "(?P<ghead>" + "|".join(_flex(f) for f in counted) + ")"
        r"|(?P<gbare>" + _alternation(plain) + r"))(?!\w)"
    )
    starts: dict[str, set[str]] = {w: {"domain"} for w in ("bộ", "sở", "phòng", "ban")}
    starts.update({"các": {"group"}, "những": {"group"}})
    for type_ in ("body", "prefix", "open", "group"):
        for f in forms[type_]:
            if first := re.match(r"\w+", f):
                word = _key(first.group())
                for w in (word, _NEW_TONE_RE.sub(lambda m: _NEW_TONES[m.group()], word)):
                    starts.setdefault(w, set()).add(type_)
    flags = re.IGNORECASE
    return _Grammar(
        starts={w: frozenset(t) for w, t in starts.items()},
        body=re.compile(_alternation(forms["body"]), flags),
        prefix=re.compile(_alternation(forms["prefix"]), flags),
        head=re.compile(r"(?P<head>Bộ|Sở|Phòng|Ban)(?:[^\S\n]*:)?" + _S, flags),
        domain=re.compile(_alternation(forms["domain"]), flags),
        open=re.compile(_alternation(forms["open"]), flags),
        group=re.compile(group, flags),
        tail=re.compile(_alternation(forms["tail"]), flags),
        stop=re.compile(_alternation(forms["stop"])),
        by_key=by_key,
    )


def _entry(type_: str, matched: str) -> _Entry | None:
    """The entry a matched form belongs to, if its capitalization is acceptable."""
    e = _grammar().by_key.get((type_, _key(matched)))
    return e if e is not None and (matched[:1].isupper() or e.lower_ok) else None


# =========================================================================== abbreviations


@cache
def _abbreviation_re() -> re.Pattern[str]:
    abbrs = sorted(_abbreviations(), key=lambda a: (-len(a), a))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in abbrs) + r")(?![\w&])")


_TP_DOT = re.compile(r"(?<!\w)(TP|Tp)\.(?=\w)")


def expand_abbreviations(phrase: str) -> str:
    """`phrase` with its abbreviations written out: "UBND TP" -> "Ủy ban nhân dân thành phố".

    Also modern tone placement ("Uỷ" -> "Ủy") and single spaces; the other words stay as written.
    """
    phrase = _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group()], unicodedata.normalize("NFC", phrase))
    phrase = _TP_DOT.sub(r"\1 ", phrase.replace("UỶ", "ỦY").replace("Uỷ", "Ủy"))
    table = _abbreviations()
    return " ".join(_abbreviation_re().sub(lambda m: table[m.group()], phrase).split())


# =========================================================================== places after a body

# canonical level word -> level ("city" for thành phố: a province or a district)
_LEVEL_OF_WORD = {
    "tỉnh": "province", "thành phố": "city", "huyện": "district", "quận": "district",
    "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune",
    "đặc khu": "commune", "thôn": "residential", "ấp": "residential", "khu phố": "residential",
    "tổ dân phố": "residential", "khu dân cư": "residential",
}  # fmt: skip
_WORD_ALIASES = {"tp": "thành phố", "tp.": "thành phố", "tx": "thị xã"}
_LEVEL_WORD = _rx(
    r"(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|TX|xã|phường|thị trấn|đặc khu|thôn|ấp|khu phố|tổ dân phố|khu dân cư)(?!\w)",
    re.IGNORECASE,
)
_UNIT_WORD = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu|thôn|ấp|khu phố|tổ dân phố)"
_CLASS = _rx(
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
_IN_UNIT = _rx(r"trong (?P<w>tỉnh|thành phố|huyện|xã|phường)(?!\w)", re.IGNORECASE)
_UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
_NAME_WORD = re.compile(rf"(?P<w>(?:[{_UPPER}][\w']*|\d+[{_UPPER}]?))(?![\w&])")
_NEXT_NAME_WORD = re.compile(rf"(?:[^\S\n]|(?<=\w)-)(?P<w>(?:[{_UPPER}][\w']*|\d+[{_UPPER}]?))(?![\w&])")
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
class _Loc:
    """What is written after a body: a place, a level word alone, a class of units, the centre."""

    end: int
    mode: str  # "place", "word" (a bare level word), "class", "central", "self" (the hit is the place)
    written: str | None = None  # the canonical words for the name: "tỉnh Lào Cai", "cấp huyện"
    level: str | None = None
    province: str | None = None
    word: str | None = None  # the level word of a bare "tỉnh"/"thị trấn", or of "trong Thành phố"
    bare: bool = False  # a province named without "tỉnh"/"thành phố" ("Thành ủy Hà Nội")


def _province_phrase(name: str) -> str:
    """ "tỉnh Lào Cai", "thành phố Hà Nội", "Thành phố Hồ Chí Minh"."""
    p = province(name)
    if p is None:
        return name
    return "Thành phố Hồ Chí Minh" if p.name == "Hồ Chí Minh" else f"{p.kind} {p.name}"


def _province_bare(name: str) -> str:
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
        if len(w) > 1 and _all_caps(w) and not upper and not w.isdigit():
            break  # "xã UBND …": an abbreviation, not a name
        if count and w in _NAME_STOP:
            break
        end = m.end()
    return end


def _class_level(written: str) -> str | None:
    """The one level a list of level words names ("các xã, phường" -> commune), else None."""
    levels = set()
    for m in _LEVEL_WORD.finditer(written):
        word = " ".join(m.group().lower().split())
        levels.add(_LEVEL_OF_WORD[_WORD_ALIASES.get(word, word)])
    if "city" in levels:  # "tỉnh, thành phố" are provinces, "huyện, thành phố" districts
        levels.discard("city")
        levels.add("district" if "district" in levels else "province")
    return levels.pop() if len(levels) == 1 else None


def _locator(ctx: _Context, pos: int, allow_bare_place: bool, newline: bool = False) -> _Loc | None:
    """The place, level word or class written right after a body that ends at `pos`."""
    text = ctx.text
    p = _skip_space(text, pos, newline)
    if p == pos:
        return None
    mention = ctx.places.get(p)
    if mention is not None:
        written = mention.span.text
        has_word = _LEVEL_WORD.match(written) is not None or written[:2].upper() == "TP"
        if not has_word and not allow_bare_place:
            return None
        if mention.level == "province":
            return _Loc(mention.span.end, "place", _province_phrase(mention.province), "province",
                        mention.province, bare=not has_word)  # fmt: skip
        return _Loc(mention.span.end, "place", mention.unit or _title(written), "district", mention.province)
    m = _CLASS.match(text, p)
    if m:
        return _class_locator(ctx, m)
    m = _LEVEL_WORD.match(text, p)
    if not m:
        return None
    raw = " ".join(m.group().split()).lower()
    word = _WORD_ALIASES.get(raw, raw)
    lvl = _LEVEL_OF_WORD[word]
    name_start = _skip_space(text, m.end())
    # a unit the gazetteer lacks: "xã Phố Bảng", "thị trấn Ngãi Giao" (every tỉnh and thành phố is in it)
    if (name_start > m.end() or m.group().endswith(".")) and word not in ("tỉnh", "thành phố"):
        end = _commune_name(text, name_start, upper=_all_caps(m.group()))
        if end > name_start and not _person_like(text[name_start:end]):
            level = "district" if lvl == "city" else lvl
            return _Loc(end, "place", f"{word} {_title(text[name_start:end])}", level)
    return _Loc(m.end(), "word", level=None if lvl == "city" else lvl, word=word)


def _class_locator(ctx: _Context, m: re.Match[str]) -> _Loc:
    text = ctx.text
    if m.group("central"):
        return _Loc(m.end(), "central", level="central")
    written = " ".join(m.group().lower().split())
    if not m.group("cap"):
        written = re.sub(r"\s*,\s*", ", ", written)
        word = None
        if m.group("range"):
            word = " ".join(m.group("from").lower().split())
            word = None if word == "trung ương" else word
        return _Loc(
            m.end(), "class", written, _class_level(written) if not m.group("range") else None, word=word
        )
    lvl = m.group("caplvl")
    level = _CAP_LEVEL.get(" ".join(lvl.lower().split())) if lvl else None
    # "UBND các cấp TP Hà Nội", "MTTQ các cấp trong Thành phố"
    q = _skip_space(text, m.end())
    after = ctx.places.get(q) if q > m.end() else None
    if after is not None and after.level == "province":
        return _Loc(
            after.span.end, "class", f"{written} {_province_phrase(after.province)}", level, after.province
        )
    inside = _IN_UNIT.match(text, q) if q > m.end() else None
    if inside:
        word = " ".join(inside.group("w").lower().split())
        return _Loc(inside.end(), "class", f"{written} trong {word}", level, word=word)
    return _Loc(m.end(), "class", written, level)


# =========================================================================== parsing


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    places: dict[int, PlaceMention]  # place mentions by start offset
    province: str | None
    footers: tuple[tuple[int, int], ...] = ()  # lines of site furniture
    place_starts: tuple[int, ...] = ()  # sorted keys of `places`


@dataclass(frozen=True, slots=True)
class _Hit:
    """A name found in the text, before the document's context resolves it."""

    start: int
    end: int
    core: str  # canonical name without its place ("Ban Thường trực Ủy ban Mặt trận Tổ quốc")
    kind: str
    level: str  # an _LEVELS value
    loc: _Loc | None = None
    base_kind: str = ""  # kind of the innermost body ("Văn phòng [HĐND]": people_council)
    fallback: str | None = None  # level of a "home" body when the document's unit is a province
    front_committee: bool = False  # an Ủy ban MTTQ: "Việt Nam" is added once its unit is known
    territorial: bool = False  # Tỉnh ủy, Thành đoàn, Huyện ủy …: the place follows bare
    prefix: str | None = None  # outermost board ("Ban Thường trực"), for boards named alone
    bare_prefix: bool = False  # a board named alone: resolved from the document's full mentions
    parent: _Hit | None = None  # the body a class belongs to ("các tổ chức thành viên của [MTTQ]")

    @property
    def family(self) -> str:
        return self.base_kind or self.kind


# committees named after their unit, whose place follows without its level word ("Tỉnh ủy Lào Cai")
_TERRITORIAL = {"Tỉnh ủy": "tỉnh", "Thành ủy": "thành phố", "Huyện ủy": "huyện", "Quận ủy": "quận",
                "Thị ủy": "thị xã", "Tỉnh đoàn": "tỉnh", "Thành đoàn": "thành phố", "Huyện đoàn": "huyện"}  # fmt: skip
_VN = _rx(r"(?:Việt Nam|VN)(?!\w)", re.IGNORECASE)
_TERM = _rx(r"khóa (?:[IVXLC]+|\d+)(?!\w)|Việt Nam(?!\w)")


def _parse_body(ctx: _Context, pos: int) -> _Hit | None:
    """A gazetteer body and the place written after it: "UBND tỉnh Lào Cai", "Hội Nông dân tỉnh"."""
    text = ctx.text
    m = _grammar().body.match(text, pos)
    e = _entry("body", m.group()) if m else None
    if m is None or e is None:
        return None
    end = m.end()
    core = e.name
    level = e.level
    if (e.kind in ("fatherland_front", "mass_organization") or e.name == "Quốc hội") and not core.endswith(
        "Nam"
    ):
        q = _skip_space(text, end)
        after = (_TERM if e.name == "Quốc hội" else _VN).match(text, q) if q > end else None
        if after:
            end = after.end()
            written = " ".join(after.group().split())
            core = f"{core} {written if written.startswith('khóa') else 'Việt Nam'}"
            if e.kind == "mass_organization":  # "Hội Nông dân Việt Nam": the national body
                level = "central"
    hit = _Hit(
        pos, end, core, e.kind, level,
        front_committee=core.startswith("Ủy ban Mặt trận"),
        territorial=e.name in _TERRITORIAL,
    )  # fmt: skip
    if level == "central":
        return hit
    loc = _locator(ctx, end, allow_bare_place=True, newline=_all_caps(m.group()))
    if loc is not None and loc.mode == "central" and level not in ("local", "placed", "home", "none"):
        loc = None
    if loc is None:
        return None if level == "placed" else hit
    return replace(hit, end=loc.end, loc=loc)


_LIST_SEP = re.compile(r"[^\S\n]*(?:[,;]|và)[^\S\n]*")
_HEAD_KIND = {"Bộ": ("ministry", "central"), "Sở": ("department", "province"), "Phòng": ("department", "home"),
              "Ban": ("department", "province")}  # fmt: skip


def _parse_domain(ctx: _Context, pos: int) -> list[_Hit]:
    """Bộ/Sở/Phòng + a field, and the fields listed after it ("Sở: Tài chính, Nội vụ")."""
    g = _grammar()
    text = ctx.text
    m = g.head.match(text, pos)
    d = g.domain.match(text, m.end()) if m else None
    if m is None or d is None:
        return []
    head = m.group("head").capitalize()
    e = g.by_key.get(("domain", _key(d.group())))
    if e is None or head not in e.attaches or not (m.group()[:1].isupper() or d.group()[:1].isupper()):
        return []
    kind, level = _HEAD_KIND[head]
    fallback = e.level if head == "Phòng" and e.level in ("district", "commune") else None
    first = _Hit(pos, d.end(), f"{head} {e.name}", kind, level, fallback=fallback)
    if level != "central":
        loc = _locator(ctx, d.end(), allow_bare_place=True)
        if loc is not None and loc.mode in ("place", "word"):
            first = replace(first, end=loc.end, loc=loc)
    hits = [first]
    p = first.end
    while len(hits) < 30 and (s := _LIST_SEP.match(text, p)):
        d = g.domain.match(text, s.end())
        e = g.by_key.get(("domain", _key(d.group()))) if d and d.group()[:1].isupper() else None
        if d is None or e is None or head not in e.attaches:
            break
        fallback = e.level if head == "Phòng" and e.level in ("district", "commune") else None
        hits.append(_Hit(d.start(), d.end(), f"{head} {e.name}", kind, level, fallback=fallback))
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
_DOC_WORDS = _rx(
    r"(?i:quyết định|nghị định|nghị quyết|kế hoạch|thông tư|chỉ thị|công văn|luật|tờ trình|báo cáo|thông báo|"
    r"hướng dẫn)(?!\w)"
)
_TOKEN = re.compile(r"[^\S\n]*(?:(?P<sep>[-–]|,|&|và)[^\S\n]*)?(?P<word>\w[\w&'/]*)")


def _name_tail(text: str, start: int, capitals_only: bool) -> tuple[int, int]:
    """(end, word count) of the words that continue a name from `start`."""
    stop = _grammar().stop
    end = p = start
    count = 0
    while count < 12 and (t := _TOKEN.match(text, p)):
        w, sep, at = t.group("word"), t.group("sep"), t.start("word")
        low = not _is_cap(w)
        if count and _LEVEL_WORD.match(text, at):
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


def _parse_open(ctx: _Context, pos: int) -> _Hit | None:
    """A head whose name runs on: "Trung tâm Thông tin tỉnh", "Chi cục Kiểm lâm", "Ban Chỉ đạo Đại hội"."""
    text = ctx.text
    m = _grammar().open.match(text, pos)
    e = _entry("open", m.group()) if m else None
    if m is None or e is None or _DOC_WORDS.match(text, pos):
        return None
    if e.name in _CAPITAL_TAILS and _all_caps(m.group()):  # "BÁO CÁO …" headings
        return None
    first = _TOKEN.match(text, m.end())
    standalone = e.name.startswith("Ban ")  # "Ban Chỉ đạo" names a body by itself
    if not standalone and (first is None or first.group("sep") or not _is_cap(first.group("word"))):
        return None
    end, count = _name_tail(text, m.end(), e.name in _CAPITAL_TAILS)
    if not count and not standalone:
        return None
    tail = " ".join(text[m.end() : end].split())
    if _all_caps(m.group()) and _all_caps(tail):
        tail = tail.lower()
    hit = _Hit(pos, end, f"{e.name} {tail}" if tail else e.name, e.kind, e.level)
    i = bisect_right(ctx.place_starts, end - 1) - 1
    if i >= 0 and ctx.place_starts[i] >= m.end() and e.level != "central":
        # "Báo Hà Tĩnh", "Ban Quản lý Khu Kinh tế Phú Yên": the place is part of the name
        inside = ctx.places[ctx.place_starts[i]]
        return replace(hit, loc=_Loc(end, "self", level=inside.level, province=inside.province))
    loc = _locator(ctx, end, allow_bare_place=True)
    if loc is not None and loc.mode in ("place", "word", "class"):
        hit = replace(hit, end=loc.end, loc=loc)
    return hit


_BARE_BOARDS = frozenset({"Ban Thường trực", "Ban Thường vụ", "Văn phòng", "Đoàn Chủ tịch"})
# "Phó Chủ tịch Thường trực Ủy ban MTTQ": the board word belongs to a person's title
_PERSON_BEFORE = _rx(r"(?i:chủ tịch|bí thư|ủy viên|trưởng ban) $")
_DASH_AFTER = re.compile(r"[^\S\n]*[-–]")
_TITLE_BEFORE = _rx(r"(?i:chức|ủy viên) $")


def _bare_board(text: str, start: int, m: re.Match[str], e: _Entry) -> _Hit | None:
    """ "Lãnh đạo Văn phòng", "TM. BAN THƯỜNG TRỰC"; not "Công chức Văn phòng - Thống kê"."""
    if e.name not in _BARE_BOARDS or len(m.group()) <= 5 or not m.group()[:1].isupper():
        return None
    if _DASH_AFTER.match(text, m.end()) or _TITLE_BEFORE.search(text, max(0, start - 12), start):
        return None
    after = _TOKEN.match(text, m.end())
    if after and not after.group("sep") and _is_cap(after.group("word")) and not _all_caps(m.group()):
        return None  # "Văn phòng Trung ương …": another name, not this board alone
    return _Hit(start, m.end(), e.name, "other", "none", prefix=e.name, bare_prefix=True)


_ALL_TYPES = frozenset(("body", "domain", "prefix", "open"))


def _parse_agency(ctx: _Context, pos: int, depth: int = 0, types: frozenset[str] = _ALL_TYPES) -> list[_Hit]:
    """The longest reading of a name starting at `pos` (with the fields listed after a head).

    `types` are the kinds of row the first word can begin, to spare the other parsers.
    """
    text = ctx.text
    best: list[_Hit] = []

    def consider(hits: list[_Hit] | None) -> None:
        nonlocal best
        if hits and (not best or hits[0].end > best[0].end):
            best = hits

    pm = _grammar().prefix.match(text, pos) if depth < 3 and "prefix" in types else None
    pe = _entry("prefix", pm.group()) if pm else None
    if (
        pm is not None
        and pe is not None
        and pe.name == "Thường trực"
        and _PERSON_BEFORE.search(text, max(0, pos - 16), pos)
    ):
        pe = None
    if pm is not None and pe is not None:
        q = _skip_space(text, pm.end())
        inner = _parse_agency(ctx, q, depth + 1) if q > pm.end() else []
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


_OF = _rx(r"của ")
_COUNTED_HEAD = re.compile(r"(?i:sở|bộ|ban)(?!\w)")


def _parse_group(ctx: _Context, pos: int) -> _Hit | None:
    """A class that acts: "các sở, ban, ngành tỉnh", "các cơ quan có liên quan", "chính quyền các cấp"."""
    g = _grammar()
    text = ctx.text
    m = g.group.match(text, pos)
    if not m:
        return None
    if m.group("gbare"):
        e = _entry("group", m.group("gbare"))
        if e is None:
            return None
        if e.name == "chính quyền":
            return _parse_government(text, pos, m.end())
        core = e.name
    else:
        det, head = m.group("det"), m.group("ghead")
        e = g.by_key.get(("group", _key("các " + head)))
        if e is None or det.lower() == "những" or (det.isdigit() and not _COUNTED_HEAD.match(head)):
            return None  # "01 đơn vị" counts units, "11 sở, ngành" names them
        written = re.sub(r"\s*,\s*", ", ", " ".join(head.lower().split()))
        core = f"{det.lower()} {e.name[4:] if _key(written) == _key(e.name[4:]) else written}"
    end = m.end()
    end, core = _tails(text, end, core)
    hit = _Hit(pos, end, core, e.kind, e.level)
    q = _skip_space(text, end)
    of = _OF.match(text, q) if q > end else None
    if of:  # "các tổ chức thành viên của MTTQ Việt Nam TP"
        inner = _parse_agency(ctx, of.end())
        if inner and inner[0].kind != "group":
            return replace(hit, end=inner[0].end, core=f"{core} của", parent=inner[0])
    loc = _locator(ctx, end, allow_bare_place=False)
    if loc is None:
        return hit
    if loc.mode == "central":  # "các cơ quan Trung ương có thẩm quyền"
        end, core = _tails(text, loc.end, f"{core} Trung ương")
        return replace(hit, end=end, core=core, level="central")
    return replace(hit, end=loc.end, loc=loc)


def _tails(text: str, end: int, core: str) -> tuple[int, str]:
    """Qualifiers after a class: "liên quan", "có thẩm quyền", "chức năng" …"""
    tail = _grammar().tail
    while (q := _skip_space(text, end)) > end and (t := tail.match(text, q)):
        core = f"{core} {' '.join(t.group().split())}"
        end = t.end()
    return end, core


_GOV_NOT_ACTOR = _rx(
    r" (?:điện tử|số|thân thiện|vững|trong sạch|liêm chính|kiến tạo|(?:địa phương )?(?:2|hai) cấp|nhân dân|cách mạng)(?!\w)"
)
_GOV_TAIL = _rx(r" (?:địa phương(?: các cấp)?|các cấp|cơ sở|cấp (?:tỉnh|huyện|xã|cơ sở))(?!\w)")
_GOV_NOT_BEFORE = _rx(r"(?:xây dựng|tổ chức|mô hình|của) $", re.IGNORECASE)
_GOV_ACTOR_BEFORE = _rx(r"(?:với|giữa|đạo|và|cùng|giúp|của) $", re.IGNORECASE)
_GOV_LEVEL = {"cấp tỉnh": "province", "cấp huyện": "district", "cấp xã": "commune", "cấp cơ sở": "commune",
              "cơ sở": "commune"}  # fmt: skip


def _parse_government(text: str, pos: int, end: int) -> _Hit | None:
    """ "chính quyền" as an actor: "chính quyền địa phương", "chính quyền các cấp", "với chính quyền"."""
    start = max(0, pos - 12)
    if _GOV_NOT_BEFORE.search(text, start, pos) or _GOV_NOT_ACTOR.match(text, end):
        return None
    t = _GOV_TAIL.match(text, end)
    if t:
        if _GOV_NOT_ACTOR.match(text, t.end()):
            return None
        tail = " ".join(t.group().split())
        return _Hit(pos, t.end(), f"chính quyền {tail}", "group", _GOV_LEVEL.get(tail, "none"))
    if not _GOV_ACTOR_BEFORE.search(text, start, pos):
        return None
    return _Hit(pos, end, "chính quyền", "group", "none")


_ACTOR_BEFORE = re.compile(r"(?:^|[.!?;:,\n]|(?<!\w)và|(?i:lãnh[^\S\n]+đạo)|(?<!\w)giữa)[^\S\n]*$")
_ACTOR_AFTER = _rx(
    r" (?:sẽ|đã|đang|cần|phải|vừa|tiếp tục|tổ chức|triển khai|có khả năng|ký kết|chỉ đạo|ban hành|dự kiến|"
    r"phối hợp|mong muốn|cam kết)(?!\w)"
)
_LEADERS = _rx(r"(?i:lãnh đạo) $")


def _place_actors(ctx: _Context, taken: list[_Hit]) -> list[_Hit]:
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
            core = _province_phrase(mention.province)
        else:
            core = mention.unit or _title(mention.span.text)
        out.append(_Hit(start, end, core, "other", mention.level,
                        loc=_Loc(end, "self", level=mention.level, province=mention.province)))  # fmt: skip
    return out


# =========================================================================== exclusions

_LAW_BEFORE = _rx(r"Luật(?: \w+){0,4} $")
_LAW_TOPICS = ("tổ", "mặt", "công", "thanh", "bầu")  # Luật Tổ chức …, Luật Mặt trận …, Luật Công đoàn …
_LIBRARY_BEFORE = _rx(r"(?i:thư) $")
_FOOTER_LINE = _rx(
    r"Giấ[yp] phép|đăng ký kinh doanh|Copyright|Bản quyền|Cơ quan chủ quản|Chịu trách nhiệm xuất bản|Tổng biên tập",
    re.IGNORECASE,
)


def _footer_lines(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the short lines that hold a licence or masthead."""
    out: list[tuple[int, int]] = []
    for m in _FOOTER_LINE.finditer(text):
        before = text.rfind("\n", max(0, m.start() - 400), m.start())
        after = text.find("\n", m.end(), m.end() + 400)
        line_start = before + 1 if before >= 0 else 0
        line_end = after if after >= 0 else len(text)
        short = (before >= 0 or m.start() < 400) and line_end - line_start < 400
        if short and (not out or out[-1] != (line_start, line_end)):
            out.append((line_start, line_end))
    return tuple(out)


def _excluded(ctx: _Context, start: int) -> bool:
    """A name that is part of a document number, a law's title, a person's office or a footer."""
    text = ctx.text
    if start > 0 and text[start - 1] in "-/–":  # "2284/QĐ-UBND"
        return True
    lo = max(0, start - 40)
    if text[start : start + 4].lower() == "viện" and _LIBRARY_BEFORE.search(text, lo, start):
        return True  # "THƯ VIỆN PHÁP LUẬT"
    law = _LAW_BEFORE.search(text, lo, start)
    if law and not any(c in law.group() for c in ",.;:()"):
        words = law.group().split()
        if len(words) <= 3 or words[1].lower() in _LAW_TOPICS:
            return True
    if text.startswith("Thủ", start) and text[lo:start].rstrip().endswith("Phó"):
        return True
    i = bisect_right(ctx.footers, (start, len(text) + 1)) - 1
    return i >= 0 and ctx.footers[i][0] <= start < ctx.footers[i][1]


# =========================================================================== finding

_WORD = re.compile(r"\w+")


def _raw_hits(ctx: _Context) -> list[_Hit]:
    """Every name in the text, left to right, each the longest reading at its start."""
    g = _grammar()
    text = ctx.text
    hits: list[_Hit] = []
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
        found = _parse_agency(ctx, start, types=types) if types - {"group"} else []
        group = _parse_group(ctx, start) if "group" in types else None
        if group is not None and (not found or group.end > found[0].end):
            found = [group]
        if found and not _excluded(ctx, start):
            hits.extend(found)
            pos = found[-1].end
    return hits


def find_agencies(text: str) -> list[Agency]:
    """Every mention of an organisation in `text`, sorted by start (see the module docstring)."""
    if not text:
        return []
    places = find_places(text)
    by_start = {pm.span.start: pm for pm in places}
    ctx = _Context(
        text, by_start, _context_province(text, places), _footer_lines(text), tuple(sorted(by_start))
    )
    raw = _raw_hits(ctx)
    raw = sorted(raw + _place_actors(ctx, raw), key=lambda h: h.start)
    hits = []
    for h in raw:
        span = Span.of(text, h.start, h.end)
        if span.end > span.start:
            hits.append(replace(h, start=span.start, end=span.end))
    return _resolve(ctx, hits)


def context_province(text: str) -> str | None:
    """The province the document is about: its issuer's, else the one its places name most."""
    return _context_province(text, find_places(text))


_HEADER = _rx(r"(?:ỦY|UỶ) BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|UBND|TỈNH ỦY|THÀNH ỦY")
# a national issuer heading the document: its places are examples, not its province
_CENTRAL_HEADER = _rx(
    rf"^[^\S\n]*(?:THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|BỘ [{_UPPER}]|"
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
            if header.end() <= pm.span.start <= header.end() + 80 and _all_caps(pm.span.text):
                return pm.province
    counts = Counter(pm.province for pm in places)
    best = max(counts.values())
    return next(pm.province for pm in places if counts[pm.province] == best)


# =========================================================================== resolution


@dataclass(frozen=True, slots=True)
class _Unit:
    """A unit a body belongs to: its words in the name, level and province."""

    written: str
    level: str
    province: str | None


@dataclass(frozen=True, slots=True)
class _Document:
    """What the whole document fixes: its province, issuer, own unit and named units."""

    ctx: _Context
    hits: list[_Hit]
    issuer: _Hit | None
    home: _Unit | None
    salient: dict[str, _Unit]  # level word -> the unit the document names most with it


def _salient_units(ctx: _Context, hits: list[_Hit]) -> dict[str, _Unit]:
    """Per level word, the unit the document names most often with it ("thị trấn" -> thị trấn Ngãi Giao)."""
    counts: dict[str, Counter[tuple[str, str, str | None]]] = {}

    def add(written: str, level: str, prov: str | None) -> None:
        for word in _LEVEL_OF_WORD:
            if written.lower().startswith(word + " "):
                counts.setdefault(word, Counter())[(written, level, prov)] += 1
                return

    for h in hits:
        if h.loc is not None and h.loc.mode == "place" and h.loc.written and h.loc.level != "province":
            add(h.loc.written, h.loc.level or "district", h.loc.province or ctx.province)
    for pm in ctx.places.values():
        if pm.level == "district" and pm.unit:
            add(pm.unit, "district", pm.province)
    return {word: _Unit(*c.most_common(1)[0][0]) for word, c in counts.items()}


def _resolve(ctx: _Context, hits: list[_Hit]) -> list[Agency]:
    """Names, levels and provinces for the hits, from what the document fixes."""
    text = ctx.text
    # the issuer: the first body named in capitals with its place ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")
    issuer = next((h for h in hits if h.loc is not None and h.loc.mode == "place"
                   and _all_caps(text[h.start : h.end])), None)  # fmt: skip
    home = None
    if issuer is not None and issuer.loc is not None and issuer.loc.written:
        home = _Unit(issuer.loc.written, issuer.loc.level or "province", issuer.loc.province or ctx.province)
    elif ctx.province:
        home = _Unit(_province_phrase(ctx.province), "province", ctx.province)
    doc = _Document(ctx, hits, issuer, home, _salient_units(ctx, hits))
    out: list[Agency] = []
    named: dict[str, Counter[tuple[str, AgencyKind, str | None, str | None]]] = {}
    bare: list[_Hit] = []
    for i, h in enumerate(hits):
        if h.bare_prefix:
            bare.append(h)
            continue
        agency = _resolve_hit(doc, h, i)
        if h.prefix:
            named.setdefault(h.prefix, Counter())[
                (agency.name, agency.kind, agency.level, agency.province)
            ] += 1
        out.append(agency)
    # a board named alone ("Ban Thường trực") is the one the document names in full most often
    for h in bare:
        if h.core in named:
            name, kind, level, prov = named[h.core].most_common(1)[0][0]
            out.append(Agency(Span(h.start, h.end, text[h.start : h.end]), name, kind, level, prov))
    out.sort(key=lambda a: a.span.start)
    return out


def _resolve_hit(doc: _Document, h: _Hit, i: int) -> Agency:
    ctx = doc.ctx
    span = Span(h.start, h.end, ctx.text[h.start : h.end])
    kind = AgencyKind(h.kind)
    loc = h.loc
    if h.parent is not None:
        parent = _resolve_hit(doc, h.parent, i)
        return Agency(span, f"{h.core} {parent.name}", kind, parent.level, parent.province)
    if loc is not None and loc.mode == "self":
        return Agency(span, h.core, kind, loc.level, loc.province)
    if h.level == "central" or (loc is not None and loc.mode == "central"):
        name = f"{h.core} Trung ương" if loc is not None and loc.mode == "central" else h.core
        return Agency(span, name, kind, "central", None)
    unit: _Unit | None = None
    words: str | None = None  # a class or an unresolved level word, kept as written
    level: str | None = None
    if loc is not None and loc.mode == "place" and loc.written:
        written = loc.written
        if loc.bare and loc.province and kind not in _STATE_KINDS:
            written = _province_bare(loc.province)  # "Báo và PTTH Lâm Đồng"
        unit = _Unit(written, loc.level or "province", loc.province or ctx.province)
    elif loc is not None and loc.mode == "word" and loc.word:
        unit = _word_unit(doc, loc.word)
        words, level = (None, None) if unit else (loc.word, loc.level)
    elif loc is not None and loc.mode == "class":
        words, level = loc.written, loc.level
        if loc.word and words and (u := _word_unit(doc, loc.word)):
            # "từ Thành phố đến xã" -> "từ thành phố Cao Lãnh đến xã"; "các cấp trong thành phố Cao Lãnh"
            words = re.sub(rf"(?<!\w){loc.word}(?!\w)", u.written, words, count=1)
    else:
        unit = _default_unit(doc, h, i)
    if unit is not None:
        written = _party_place(h, unit) if h.territorial else unit.written
        name = f"{h.core} {written}" if written else h.core
        if h.front_committee or "Ủy ban Mặt trận" in h.core:
            name = _with_front_vn(name)
        return Agency(span, name, kind, unit.level, unit.province or ctx.province)
    if words:
        if level is None and h.level in _UNIT_LEVELS:
            level = h.level
        return Agency(span, f"{h.core} {words}", kind, level, ctx.province)
    if h.level in _UNIT_LEVELS:
        level = h.level
    elif h.level == "home" and h.fallback:
        level = h.fallback
    return Agency(span, h.core, kind, level, ctx.province)


_STATE_KINDS = (AgencyKind.PEOPLE_COMMITTEE, AgencyKind.PEOPLE_COUNCIL, AgencyKind.FATHERLAND_FRONT)


def _with_front_vn(name: str) -> str:
    """ "Ủy ban Mặt trận Tổ quốc thành phố X" -> "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố X"."""
    if "Mặt trận Tổ quốc Việt Nam" in name:
        return name
    return name.replace("Mặt trận Tổ quốc", "Mặt trận Tổ quốc Việt Nam", 1)


def _party_place(h: _Hit, unit: _Unit) -> str:
    """ "Tỉnh ủy Lào Cai", "Thành ủy Thành phố Hồ Chí Minh", "Thị ủy Bỉm Sơn": the place without its word."""
    if unit.level == "province" and unit.province:
        return _province_bare(unit.province)
    for word in ("thành phố", "thị xã", "huyện", "quận"):
        if unit.written.startswith(word + " "):
            return unit.written[len(word) + 1 :]
    return unit.written


def _word_unit(doc: _Document, word: str) -> _Unit | None:
    """The unit a bare level word means: "tỉnh" -> tỉnh Lào Cai, "thị trấn" -> thị trấn Ngãi Giao."""
    prov = doc.ctx.province
    p = province(prov) if prov else None
    if word in ("tỉnh", "thành phố") and p is not None and p.kind == word:
        return _Unit(_province_phrase(p.name), "province", p.name)
    if word == "tỉnh":
        return None
    return doc.salient.get(word)


def _default_unit(doc: _Document, h: _Hit, i: int) -> _Unit | None:
    """The unit of a body written without a place, when the document fixes it."""
    prov = doc.ctx.province
    home = doc.home
    if h.territorial:  # Tỉnh ủy, Thành ủy, Thị ủy … written alone
        word = _TERRITORIAL.get(" ".join(h.core.split()[-2:]))
        if word is None:
            return None
        if home is not None and home.level == "district" and home.written.startswith(word + " "):
            return home
        return _word_unit(doc, word)
    if h.level == "province":
        return _Unit(_province_phrase(prov), "province", prov) if prov else None
    if h.level == "home":
        if h.fallback and (home is None or home.level == "province"):
            return None  # "Phòng Văn hóa - Xã hội" in a provincial text: a commune's, unnamed
        return home
    if h.level != "local":
        return None
    shared = _conjunct_unit(doc, i)
    if shared is not None:
        return shared
    if doc.issuer is not None and home is not None and _same_family(h.family, doc.issuer.family):
        return home
    if h.core.endswith("Đảng ủy") and home is not None and home.level in ("district", "commune"):
        return home
    return None


def _same_family(kind: str, issuer_kind: str) -> bool:
    state = ("people_committee", "people_council")
    return kind == issuer_kind or (kind in state and issuer_kind in state)


_CONJ = re.compile(r"[^\S\n]*(?:,|và|với|và[^\S\n]+với)[^\S\n]*")
_LOCAL_STATE = ("people_committee", "people_council", "fatherland_front")


def _conjunct_unit(doc: _Document, i: int) -> _Unit | None:
    """ "giữa UBND và UB MTTQ TP": a bare body shares the place of the next one."""
    h = doc.hits[i]
    if h.family not in _LOCAL_STATE or i + 1 >= len(doc.hits):
        return None
    nxt = doc.hits[i + 1]
    loc = nxt.loc
    if loc is None or nxt.family not in _LOCAL_STATE or nxt.start - h.end > 6:
        return None
    if not _CONJ.fullmatch(doc.ctx.text, h.end, nxt.start):
        return None
    if loc.mode == "place" and loc.written:
        return _Unit(loc.written, loc.level or "province", loc.province or doc.ctx.province)
    if loc.mode == "word" and loc.word:
        return _word_unit(doc, loc.word)
    return None
