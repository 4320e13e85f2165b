"""Places: provinces before and after the 2025 merger, and the districts that resolve to them.

`find_places(text)` returns `PlaceMention`s; the lookups (`province`, `current_province`,
`former_provinces`, `district_province`) answer from the same gazetteer, which is two
TSVs in `extractors/data/` generated from the `vietnamadminunits` (MIT) and
`vietnam-address-converter` (Apache-2.0) packages by `extractors/data/build_places.py`.
Neither package is imported at run time.

Until 30 June 2025 Vietnam had 63 provinces and centrally-run cities (Thừa Thiên Huế
became the city Huế on 1 January 2025); Nghị quyết 202/2025/QH15 merged them into 34
from 1 July 2025, and abolished the district level. A mention keeps the province as
written (`province`, "Yên Bái") and adds the one it belongs to now (`current`, "Lào Cai").

Forms recognized (the span covers the whole form, prefix included):

- `tỉnh X`, `Tỉnh X`, `TỈNH X`: X a province name or spelling variant ("Bắc Cạn",
  "Đắc Lắc", "Hoà Bình" with either tone placement, "Bà Rịa-Vũng Tàu").
- `thành phố X`, `TP X`, `TP.X`, `Tp. X`: X a centrally-run city ("thành phố Hải Phòng",
  level province); a provincial city ("thành phố Cao Lãnh", "TP. Thủ Dầu Một", level
  district); otherwise a province name used loosely.
- `huyện X`, `huyện đảo X`, `quận X`, `thị xã X`, `TX X`, `H. X`, `Q. X`, `Q.1`: a district, resolved to its
  last pre-2025 province ("huyện Tiên Lãng" -> Hải Phòng, "huyện Mê Linh" -> Hà Nội). A
  name shared by districts of several provinces ("huyện Châu Thành") takes the province
  named right after it ("huyện Châu Thành, tỉnh Tiền Giang"), else the only candidate
  province mentioned in the text, else it is dropped.
- After a prefix, later syllables may be lower case ("thành phố Cao lãnh", a common slip
  in real texts; the prefix makes the reading safe). The first letter must be a capital.
- Standalone forms: "TP.HCM", "TPHCM", "TP HCM", "Sài Gòn", "Thủ đô Hà Nội", "BR-VT",
  "TT-Huế", "Daklak".
- Bare province names, capitalized as names ("Lào Cai", "Bến Tre", "Thừa Thiên Huế") or
  all in capitals ("LÀO CAI"; not for "HÒA BÌNH", "THÁI BÌNH", "BÌNH ĐỊNH", which are
  also words in headings).

Near-misses rejected:

- Lower-case words: "vì hòa bình và phát triển", "thái bình", "thành phố trực thuộc".
- Person names: a bare name right after a family or middle name ("Nguyễn Hòa Bình",
  "Lê Thị Huế") or an honorific ("ông", "bà", "chị", "đồng chí" …); company names
  ("Công ty TNHH Hoà Bình", "Cty Sài Gòn").
- Wards, communes and streets that carry a province's name: "phường Yên Bái, tỉnh Lào
  Cai" (a ward since July 2025), "xã Hòa Bình", "đường Hà Nội".
- Part of a longer proper name: a bare name followed by a capitalized word ("Thái Bình
  Dương", "Sài Gòn Giải Phóng", "Hà Nam Ninh").
- "Hồ Chí Minh" and "HCM" without "thành phố"/"TP" (the president: "tư tưởng Hồ Chí
  Minh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh").
- Words inside longer words ("Huếch"), and district names without their kind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from typing import TypeAlias

from extractors.span import Span
from extractors.tsv import data_rows
from extractors.vnkeys import OLD_TONES

PROVINCE_LEVEL_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})
DISTRICT_KINDS = ("huyện", "quận", "thị xã", "thành phố")


@dataclass(frozen=True, slots=True)
class Province:
    """A province or centrally-run city, before or after the 1 July 2025 merger.

    `name` is the official short name used in records ("Hồ Chí Minh", "Bà Rịa - Vũng Tàu",
    "Thừa Thiên Huế"); `kind` is "tỉnh" or "thành phố"; `current` is the province it
    belongs to from 1 July 2025 (itself if it survived); `existed_after_2025` says whether
    the name is one of the 34; `aliases` are the other names `province()` accepts.
    """

    name: str
    kind: str
    current: str
    existed_after_2025: bool
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One mention of a place: `text[span.start:span.end] == span.text`.

    `province` is the province as written or, for a district, the district's last
    pre-2025 province ("Yên Bái"); `current` is that province after 1 July 2025
    ("Lào Cai"); `level` is "province" or "district"; `unit` names the district in
    canonical spelling ("huyện Tiên Lãng", "thành phố Cao Lãnh"), None for provinces.
    """

    span: Span
    province: str
    current: str
    level: str
    unit: str | None


# --------------------------------------------------------------------------- keys

# OLD_TONES: old-style tone placement (hoà, thuỷ) -> the style the normalizer writes (hòa,
# thủy), applied in every syllable (keys only); _NEW_TONES the other way.
_NEW_TONES = {new: old for old, new in OLD_TONES.items()}
_TONE_RE = re.compile("|".join(OLD_TONES))
_NOT_KEY = re.compile(r"[^\w]+|_")


def _key(s: str) -> str:
    """Exact-spelling key: lower case, one tone style, no spaces, dashes or dots."""
    s = _TONE_RE.sub(lambda m: OLD_TONES[m.group()], unicodedata.normalize("NFC", s).lower())
    return _NOT_KEY.sub("", s.replace("’", "'").replace("'", ""))


def _fold(s: str) -> str:
    """Accent- and case-free key: "Thừa Thiên - Huế" -> "thuathienhue"."""
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    return _NOT_KEY.sub("", "".join(c for c in s if not unicodedata.combining(c)))


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    provinces: tuple[Province, ...]
    by_name: dict[str, Province]
    by_fold: dict[str, Province]
    variants: dict[str, tuple[str, ...]]  # province name -> spelling variants
    abbreviations: dict[str, tuple[str, ...]]  # province name -> standalone forms
    districts: tuple[tuple[str, str, str], ...]  # (kind, name, province)
    district_by_key: dict[tuple[str, str], frozenset[str]]  # (kind, _key(name)) -> provinces
    district_names: dict[str, frozenset[str]]  # _key(name) -> provinces
    district_folds: dict[tuple[str | None, str], frozenset[str]]  # (kind|None, _fold) -> provinces
    canonical_district: dict[tuple[str, str], str]  # (kind, _key) -> canonical name


def _split(col: str) -> tuple[str, ...]:
    return tuple(a for a in col.split("|") if a)


@cache
def _gazetteer() -> _Gazetteer:
    raw = []
    for lineno, (_code, name, kind, current, variant_col, abbrev_col, lookup_col) in data_rows(
        "provinces.tsv", 7
    ):
        if kind not in ("tỉnh", "thành phố"):
            raise ValueError(
                f"extractors/data/provinces.tsv:{lineno}: kind {kind!r} is not tỉnh or thành phố"
            )
        raw.append((lineno, name, kind, current, _split(variant_col), _split(abbrev_col), _split(lookup_col)))
    names = {r[1] for r in raw}
    currents = {r[3] for r in raw}
    provinces = []
    for lineno, name, kind, current, variants, abbrevs, lookup in raw:
        if current not in names:
            raise ValueError(f"extractors/data/provinces.tsv:{lineno}: current {current!r} is not a province")
        prefixed = (
            (f"Thành phố {name}", f"TP {name}", f"TP.{name}") if kind == "thành phố" else (f"Tỉnh {name}",)
        )
        aliases = tuple(dict.fromkeys((*variants, *abbrevs, *lookup, *prefixed)))
        provinces.append(Province(name, kind, current, name in currents, aliases))
    by_name = {p.name: p for p in provinces}
    by_fold: dict[str, Province] = {}
    for p in provinces:
        for alias in (p.name, *p.aliases):
            by_fold.setdefault(_fold(alias), p)

    districts = []
    by_key: dict[tuple[str, str], set[str]] = {}
    canonical: dict[tuple[str, str], str] = {}
    names_to: dict[str, set[str]] = {}
    folds: dict[tuple[str | None, str], set[str]] = {}
    for lineno, (kind, name, prov) in data_rows("districts.tsv", 3):
        if kind not in DISTRICT_KINDS:
            raise ValueError(f"extractors/data/districts.tsv:{lineno}: unknown kind {kind!r}")
        if prov not in by_name:
            raise ValueError(f"extractors/data/districts.tsv:{lineno}: unknown province {prov!r}")
        districts.append((kind, name, prov))
        by_key.setdefault((kind, _key(name)), set()).add(prov)
        canonical.setdefault((kind, _key(name)), name)
        names_to.setdefault(_key(name), set()).add(prov)
        for k in (kind, None):
            folds.setdefault((k, _fold(name)), set()).add(prov)
    return _Gazetteer(
        provinces=tuple(provinces),
        by_name=by_name,
        by_fold=by_fold,
        variants={n: v for _, n, _, _, v, _, _ in raw},
        abbreviations={n: a for _, n, _, _, _, a, _ in raw},
        districts=tuple(districts),
        district_by_key={k: frozenset(v) for k, v in by_key.items()},
        district_names={k: frozenset(v) for k, v in names_to.items()},
        district_folds={k: frozenset(v) for k, v in folds.items()},
        canonical_district=canonical,
    )


# --------------------------------------------------------------------------- lookups


def all_provinces() -> tuple[Province, ...]:
    """Every province once: the 63 of 2008–2025 in code order, then Huế (a city since 2025)."""
    return _gazetteer().provinces


_LOOKUP_PREFIX = re.compile(r"^(?:thanhpho|tinh|tp|thudo)")


def province(name: str) -> Province | None:
    """The province named `name` (any name, alias or prefix, accents and case optional)."""
    g = _gazetteer()
    key = _fold(name)
    found = g.by_fold.get(key)
    if found is None and (m := _LOOKUP_PREFIX.match(key)):
        found = g.by_fold.get(key[m.end() :])
    return found


def current_province(name: str) -> str | None:
    """The province `name` belongs to from 1 July 2025: "Yên Bái" -> "Lào Cai"."""
    p = province(name)
    return p.current if p else None


def former_provinces(current: str) -> tuple[str, ...]:
    """The provinces merged into `current` on 1 July 2025, itself first: "Lào Cai" -> ("Lào Cai", "Yên Bái")."""
    p = province(current)
    if p is None or not p.existed_after_2025:
        return ()
    merged = [q.name for q in all_provinces() if q.current == p.name and q.name != p.name]
    return (p.name, *merged)


_DISTRICT_PREFIX = re.compile(r"^\s*(huyện|quận|thị xã|thành phố|tp\.?|tx\.?|h\.|q\.)\s*", re.IGNORECASE)
_FOLDED_PREFIX = re.compile(r"^\s*(huyen|quan|thi xa|thanh pho|tp|tx)\b[\s.]*")
_ABBREVIATED_KIND = {"tp": "thành phố", "tx": "thị xã", "h": "huyện", "q": "quận", "thi xa": "thị xã",
                     "thanh pho": "thành phố", "huyen": "huyện", "quan": "quận"}  # fmt: skip


def _only(provinces: frozenset[str] | None) -> str | None:
    return next(iter(provinces)) if provinces and len(provinces) == 1 else None


def district_province(name: str) -> str | None:
    """The last pre-2025 province of district `name` ("huyện Tiên Lãng" or "Tiên Lãng" -> "Hải Phòng").

    None when the name is unknown or shared by districts of several provinces.
    """
    g = _gazetteer()
    text = unicodedata.normalize("NFC", name)
    if m := _DISTRICT_PREFIX.match(text):
        word = m.group(1).lower().rstrip(".")
        kind = _ABBREVIATED_KIND.get(word, word)
        rest = text[m.end() :]
        exact = g.district_by_key.get((kind, _key(rest)))
        return _only(exact) if exact else _only(g.district_folds.get((kind, _fold(rest))))
    bare = _only(g.district_names.get(_key(text))) or _only(g.district_folds.get((None, _fold(text))))
    if bare:
        return bare
    spaced = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    spaced = "".join(c for c in spaced if not unicodedata.combining(c))
    if m := _FOLDED_PREFIX.match(spaced):
        kind = _ABBREVIATED_KIND[m.group(1)]
        return _only(g.district_folds.get((kind, _fold(spaced[m.end() :]))))
    return None


# --------------------------------------------------------------------------- matching

# A bare name right after one of these is part of a person's name ("Nguyễn Hòa Bình",
# "bà Huế"), a company's ("Công ty TNHH Hoà Bình"), a ward's or a commune's ("phường Yên
# Bái, tỉnh Lào Cai" since July 2025) or a street's, not the province.
_NAME_BEFORE = frozenset(
    (
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
        "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Trương", "Trịnh", "Mai", "Tạ", "Lưu",
        "Lương", "Tô", "Lâm", "Cao", "Hà", "Chu", "Kiều", "Thái", "Triệu", "Mạc", "Khúc",
        "Quách", "Vương",  # family names
        "Văn", "Thị", "Hữu", "Đức", "Công", "Quang", "Minh", "Ngọc", "Thanh", "Xuân", "Thu",
        "Kim", "Bá", "Đình", "Tiến", "Anh", "Quốc", "Mạnh", "Trọng", "Duy", "Thế", "Như",
        "Diệu", "Bảo", "Gia", "Khắc", "Viết",  # middle names
        "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "cháu", "Ông", "Bà", "Anh",
        "Chị", "Em", "Cô", "Chú", "Bác", "Cụ", "chí", "đ/c", "Đ/c",  # honorifics, đồng chí
        "TNHH", "Cty", "ty", "phần", "MTV",  # Công ty TNHH, Công ty Cổ phần
        "phường", "Phường", "PHƯỜNG", "xã", "Xã", "XÃ", "trấn", "Trấn", "thôn", "ấp", "bản",
        "đường", "Đường", "phố", "Phố",
    )
)  # fmt: skip
# Names that are also ordinary words ("hòa bình" = peace): no all-capitals bare match.
_COMMON_WORD_NAMES = frozenset({"Hòa Bình", "Thái Bình", "Bình Định"})
# Matched so that the shorter province inside them does not fire.
_BLOCKED = ("Hà Nam Ninh", "Thái Bình Dương")

_ABBREVIATED_PREFIXES = ("TP", "Tp", "TX", "Tx")
_DOTTED_PREFIXES = ("H", "Q")
_PREFIX_KIND = {
    "tỉnh": "tỉnh", "huyện đảo": "huyện", "thành phố": "thành phố", "tp": "thành phố", "tx": "thị xã",
    "huyện": "huyện", "quận": "quận", "thị xã": "thị xã", "h": "huyện", "q": "quận",
}  # fmt: skip
_PREFIX_WORDS = ("tỉnh", "thành phố", "huyện đảo", "huyện", "quận", "thị xã")


def _tone_rules() -> list[tuple[re.Pattern[str], str]]:
    rules = []
    for table in (OLD_TONES, _NEW_TONES):
        for pair, other in table.items():
            for a, b in (
                (pair, other),
                (pair.capitalize(), other.capitalize()),
                (pair.upper(), other.upper()),
            ):
                rules.append((re.compile(re.escape(a) + r"(?!\w)"), b))
    return rules


_TONE_RULES = _tone_rules()
_TONE_PAIR = re.compile("|".join([*OLD_TONES, *_NEW_TONES]), re.IGNORECASE)


def _tone_variants(s: str) -> set[str]:
    """`s` with every open-syllable oa/oe/uy written in both tone styles ("Hòa", "Hoà")."""
    out = {s}
    if _TONE_PAIR.search(s):
        for pattern, other in _TONE_RULES:
            out |= {pattern.sub(other, v) for v in out}
    return out


_DAK = re.compile(r"Đắk|Đăk|Đak")


def _spelling_variants(name: str) -> set[str]:
    forms = {name}
    if _DAK.search(name):
        forms |= {_DAK.sub(d, name) for d in ("Đắk", "Đăk", "Đak")}
    if " - " in name:
        forms |= {name.replace(" - ", d) for d in ("-", " – ", "–", " ")}
    if "'" in name:
        forms |= {f.replace("'", "’") for f in forms}
    out: set[str] = set()
    for f in forms:
        out |= _tone_variants(f)
    return out


def _case_variants(name: str, loose: bool) -> set[str]:
    """`name`, in capitals, and (when `loose`) with any later syllables in lower case."""
    out = {name, name.upper()}
    if loose:
        first, *rest = name.split(" ")
        choices = [{w, w.lower()} if w[:1].isupper() and w[1:].islower() else {w} for w in rest[:4]]
        out |= {" ".join((first, *combo, *rest[4:])) for combo in product(*choices)}
    return out


_Trie: TypeAlias = dict[str, "_Trie"]


def _trie_regex(strings: Iterable[str]) -> str:
    """One regex matching any of `strings`, longest first, as a character trie.

    A space matches any run of whitespace: PDF and Markdown texts wrap lines inside
    names ("thành\nphố Hà Nội").
    """
    trie: _Trie = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        end = "" in node
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return emit(trie)


@dataclass(frozen=True, slots=True)
class _Matcher:
    pattern: re.Pattern[str]
    standalone: dict[str, tuple[str | None, bool]]  # _key(form) -> (province or None if blocked, bare?)
    province_keys: dict[str, str]  # _key(name or variant) -> province


@cache
def _matcher() -> _Matcher:
    g = _gazetteer()
    standalone: dict[str, tuple[str | None, bool]] = {}
    province_keys: dict[str, str] = {}
    name_forms: set[str] = set()
    bare_forms: set[str] = set()
    for p in g.provinces:
        for spelling in (p.name, *g.variants[p.name]):
            for form in _spelling_variants(spelling):
                province_keys.setdefault(_key(form), p.name)
                name_forms |= _case_variants(form, loose=True)
                if p.name != "Hồ Chí Minh":
                    bare_forms.add(form)
                    if p.name not in _COMMON_WORD_NAMES:
                        bare_forms.add(form.upper())
        for abbrev in g.abbreviations[p.name]:
            for form in _tone_variants(abbrev):
                bare_forms.add(form)
                # "Sài Gòn", "Thủ đô Hà Nội" read like names; "TP.HCM", "BR-VT" do not.
                standalone.setdefault(_key(form), (p.name, not form[:2].isupper()))
    for form in bare_forms:
        standalone.setdefault(_key(form), (province_keys.get(_key(form)), True))
    for blocked in _BLOCKED:
        for form in (blocked, blocked.upper()):
            bare_forms.add(form)
            name_forms.add(form)
            standalone[_key(form)] = (None, True)
            province_keys[_key(form)] = ""
    for _kind, name, _prov in g.districts:
        for form in _spelling_variants(name):
            name_forms |= _case_variants(form, loose=True)
    prefixes = [w for word in _PREFIX_WORDS for w in (word, word.capitalize(), word.title(), word.upper())]
    prefix_re = (
        "(?P<pre>(?:" + _trie_regex(prefixes) + r")\s+"
        "|(?:" + "|".join(_ABBREVIATED_PREFIXES) + r")(?:\.[ \t\u00a0]?|[ \t\u00a0])"
        "|(?:" + "|".join(_DOTTED_PREFIXES) + r")\.[ \t\u00a0]?)"
    )
    regex = (
        r"(?<!\w)(?:" + prefix_re + "(?P<name>" + _trie_regex(name_forms) + ")"
        "|(?P<std>" + _trie_regex(bare_forms) + r"))(?!\w)"
    )
    return _Matcher(re.compile(regex), standalone, province_keys)


def _previous_word(text: str, start: int) -> str:
    """The word before `start` when only whitespace separates them, else ""."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == start:
        return ""
    begin = end
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:end]


def _continues_name(text: str, end: int, matched: str) -> bool:
    """True when a capitalized word follows on the same line ("Thái Bình Dương")."""
    if matched.isupper() or end + 2 > len(text) or text[end] != " ":
        return False
    nxt = text[end + 1 : end + 3]
    return nxt[:1].isupper() and nxt[1:2].islower()


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one matched form means: a province, or a district with its candidate provinces."""

    provinces: frozenset[str]
    level: str
    unit: str | None
    bare: bool  # a bare name: subject to the person/company/ward filters


@lru_cache(maxsize=8192)
def _read(pre: str | None, name: str) -> _Reading | None:
    """The reading of prefix `pre` (None for a standalone form) and name `name`, or None."""
    g = _gazetteer()
    m_ = _matcher()
    if pre is None:
        prov, bare = m_.standalone.get(_key(name), (None, True))
        return _Reading(frozenset({prov}), "province", None, bare) if prov else None
    kind = _PREFIX_KIND[" ".join(pre.strip(" .").lower().split())]
    name_key = _key(name)
    as_province = m_.province_keys.get(name_key)
    if as_province == "":  # a blocked longer name ("tỉnh Hà Nam Ninh")
        return None
    if kind == "tỉnh" or (kind == "thành phố" and as_province in PROVINCE_LEVEL_CITIES):
        return _Reading(frozenset({as_province}), "province", None, False) if as_province else None
    candidates = g.district_by_key.get((kind, name_key))
    if candidates:
        return _Reading(candidates, "district", f"{kind} {g.canonical_district[(kind, name_key)]}", False)
    if kind == "thành phố" and as_province:
        return _Reading(frozenset({as_province}), "province", None, False)
    # The kind is off ("huyện Phú Quốc" for the thành phố): trust the name if it is known.
    candidates = g.district_names.get(name_key)
    if not candidates or name_key.isdigit():
        return None
    any_kind = next(k for k in DISTRICT_KINDS if (k, name_key) in g.canonical_district)
    return _Reading(candidates, "district", f"{kind} {g.canonical_district[(any_kind, name_key)]}", False)


def find_places(text: str) -> list[PlaceMention]:
    """Mentions of provinces and districts in `text`, sorted by start (see the module docstring)."""
    by_name = _gazetteer().by_name
    found: list[PlaceMention] = []
    pending: list[tuple[Span, str | None, frozenset[str]]] = []  # districts several provinces share
    for m in _matcher().pattern.finditer(text):
        pre, name, std = m.group("pre", "name", "std")
        reading = _read(None, std) if std is not None else _read(pre, name)
        if reading is None:
            continue
        start, end = m.span()
        if reading.bare and (
            _previous_word(text, start) in _NAME_BEFORE or _continues_name(text, end, m.group())
        ):
            continue
        span = Span(start, end, m.group())
        if len(reading.provinces) == 1:
            (prov,) = reading.provinces
            found.append(PlaceMention(span, prov, by_name[prov].current, reading.level, reading.unit))
        else:
            pending.append((span, reading.unit, reading.provinces))
    if pending:
        found = _resolve_ambiguous(found, pending)
    return found


def _resolve_ambiguous(
    found: list[PlaceMention], pending: list[tuple[Span, str | None, frozenset[str]]]
) -> list[PlaceMention]:
    """Place districts whose name several provinces share, from the provinces around them."""
    g = _gazetteer()
    provinces = [f for f in found if f.level == "province"]
    mentioned = {f.province for f in provinces}
    resolved = list(found)
    for span, unit, candidates in pending:
        after = next((f for f in provinces if span.end <= f.span.start <= span.end + 60), None)
        choice = after.province if after and after.province in candidates else None
        if choice is None and len(candidates & mentioned) == 1:
            (choice,) = candidates & mentioned
        if choice is not None:
            resolved.append(PlaceMention(span, choice, g.by_name[choice].current, "district", unit))
    resolved.sort(key=lambda f: f.span.start)
    return resolved
