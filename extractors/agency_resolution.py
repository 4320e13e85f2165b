"""Resolution: names, levels and provinces for the hits, from what the document fixes.

Canonical `name`: abbreviations expanded (`expand_abbreviations`), spelling "Ủy", the Front
committee of a given unit read "Ủy ban Mặt trận Tổ quốc Việt Nam …", and the place appended
when the document fixes it: the place written or meant by a bare level word ("UBND TP" ->
"Ủy ban nhân dân thành phố Hà Nội" in a Hà Nội text), the document's province for
provincial bodies written without one ("Sở Nội vụ" -> "Sở Nội vụ tỉnh Lào Cai"), and the
issuer's own unit for a bare body of the issuer's family ("Hội đồng nhân dân" in a decision
of UBND thị trấn Ngãi Giao). Classes keep their wording ("Ủy ban nhân dân cấp huyện").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.agency_gazetteer import UNIT_LEVELS
from extractors.agency_parsing import TERRITORIAL, Hit
from extractors.agency_places import LEVEL_OF_WORD, Context, province_bare, province_phrase
from extractors.agency_record import Agency, AgencyKind
from extractors.agency_text import all_caps
from extractors.places import province
from extractors.span import Span


@dataclass(frozen=True, slots=True)
class _Unit:
    """A unit a body belongs to: its words in the name, level and province."""

    written: str
    level: str
    province: str | None


@dataclass(frozen=True, slots=True)
class _Document:
    """What the whole document fixes: its province, issuer, own unit and named units."""

    ctx: Context
    hits: list[Hit]
    issuer: Hit | None
    home: _Unit | None
    salient: dict[str, _Unit]  # level word -> the unit the document names most with it


def _salient_units(ctx: Context, hits: list[Hit]) -> dict[str, _Unit]:
    """Per level word, the unit the document names most often with it ("thị trấn" -> thị trấn Ngãi Giao)."""
    counts: dict[str, Counter[tuple[str, str, str | None]]] = {}

    def add(written: str, level: str, prov: str | None) -> None:
        for word in LEVEL_OF_WORD:
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


def resolve(ctx: Context, hits: list[Hit]) -> list[Agency]:
    """Names, levels and provinces for the hits, from what the document fixes."""
    text = ctx.text
    # the issuer: the first body named in capitals with its place ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")
    issuer = next((h for h in hits if h.loc is not None and h.loc.mode == "place"
                   and all_caps(text[h.start : h.end])), None)  # fmt: skip
    home = None
    if issuer is not None and issuer.loc is not None and issuer.loc.written:
        home = _Unit(issuer.loc.written, issuer.loc.level or "province", issuer.loc.province or ctx.province)
    elif ctx.province:
        home = _Unit(province_phrase(ctx.province), "province", ctx.province)
    doc = _Document(ctx, hits, issuer, home, _salient_units(ctx, hits))
    out: list[Agency] = []
    named: dict[str, Counter[tuple[str, AgencyKind, str | None, str | None]]] = {}
    bare: list[Hit] = []
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


def _resolve_hit(doc: _Document, h: Hit, i: int) -> Agency:
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
            written = province_bare(loc.province)  # "Báo và PTTH Lâm Đồng"
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
        if level is None and h.level in UNIT_LEVELS:
            level = h.level
        return Agency(span, f"{h.core} {words}", kind, level, ctx.province)
    if h.level in UNIT_LEVELS:
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


def _party_place(h: Hit, unit: _Unit) -> str:
    """ "Tỉnh ủy Lào Cai", "Thành ủy Thành phố Hồ Chí Minh", "Thị ủy Bỉm Sơn": the place without its word."""
    if unit.level == "province" and unit.province:
        return province_bare(unit.province)
    for word in ("thành phố", "thị xã", "huyện", "quận"):
        if unit.written.startswith(word + " "):
            return unit.written[len(word) + 1 :]
    return unit.written


def _word_unit(doc: _Document, word: str) -> _Unit | None:
    """The unit a bare level word means: "tỉnh" -> tỉnh Lào Cai, "thị trấn" -> thị trấn Ngãi Giao."""
    prov = doc.ctx.province
    p = province(prov) if prov else None
    if word in ("tỉnh", "thành phố") and p is not None and p.kind == word:
        return _Unit(province_phrase(p.name), "province", p.name)
    if word == "tỉnh":
        return None
    return doc.salient.get(word)


def _default_unit(doc: _Document, h: Hit, i: int) -> _Unit | None:
    """The unit of a body written without a place, when the document fixes it."""
    prov = doc.ctx.province
    home = doc.home
    if h.territorial:  # Tỉnh ủy, Thành ủy, Thị ủy … written alone
        word = TERRITORIAL.get(" ".join(h.core.split()[-2:]))
        if word is None:
            return None
        if home is not None and home.level == "district" and home.written.startswith(word + " "):
            return home
        return _word_unit(doc, word)
    if h.level == "province":
        return _Unit(province_phrase(prov), "province", prov) if prov else None
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
