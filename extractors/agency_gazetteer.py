"""The agency gazetteers: `extractors/data/agencies.tsv` and `extractors/data/abbreviations.tsv`.

Their rows are parsed and checked (`parse_entries`, `parse_abbreviations`: a bad row raises
ValueError naming the file and line), loaded once (`_entries`, `_abbreviations`), and compiled
into the `_Grammar` the parsers match with: one regex per type of row (bodies, fields of
competence, boards, classes, heads whose names run on, the qualifiers after a class, the stop
words that end a name) and the lookup from a matched form back to its row.
`expand_abbreviations` writes a phrase's abbreviations out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from extractors.agency_record import AgencyKind
from extractors.agency_text import (
    LINE_SPACE,
    NEW_TONE_RE,
    NEW_TONES,
    OLD_TONE_RE,
    alternation,
    flex,
    form_key,
)
from extractors.tsv import read_data, text_rows
from extractors.vnkeys import OLD_TONES

# =========================================================================== data

_TYPES = ("body", "domain", "prefix", "group", "open", "tail", "stop")
_LEVELS = ("central", "province", "district", "commune", "residential", "home", "local", "placed", "none")
UNIT_LEVELS = ("province", "district", "commune", "residential")
_HEADS = ("Bộ", "Sở", "Phòng", "Ban")
_AGENCIES_TSV = "extractors/data/agencies.tsv"
_ABBREVIATIONS_TSV = "extractors/data/abbreviations.tsv"


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of agencies.tsv (the file's header explains the columns)."""

    type: str
    name: str
    forms: tuple[str, ...]
    kind: str
    level: str
    attaches: tuple[str, ...]
    lower_ok: bool  # some form starts in lower case, so a lower-case match counts


def parse_entries(text: str, source: str = _AGENCIES_TSV) -> tuple[Entry, ...]:
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
        out.append(Entry(type_, name, forms, kind, level, attach, any(f[:1].islower() for f in forms)))
    return tuple(out)


def parse_abbreviations(text: str, source: str = _ABBREVIATIONS_TSV) -> dict[str, str]:
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
def _entries() -> tuple[Entry, ...]:
    return parse_entries(read_data("agencies.tsv"))


@cache
def _abbreviations() -> dict[str, str]:
    return parse_abbreviations(read_data("abbreviations.tsv"))


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
    by_key: dict[tuple[str, str], Entry]  # (type, form_key(form)) -> entry


@cache
def grammar() -> _Grammar:
    by_key: dict[tuple[str, str], Entry] = {}
    forms: dict[str, list[str]] = {t: [] for t in _TYPES}
    for e in _entries():
        for f in e.forms:
            k = (e.type, form_key(f))
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
        r"(?:(?P<det>các|những|\d+)" + LINE_SPACE + "(?P<ghead>" + "|".join(flex(f) for f in counted) + ")"
        r"|(?P<gbare>" + alternation(plain) + r"))(?!\w)"
    )
    starts: dict[str, set[str]] = {w: {"domain"} for w in ("bộ", "sở", "phòng", "ban")}
    starts.update({"các": {"group"}, "những": {"group"}})
    for type_ in ("body", "prefix", "open", "group"):
        for f in forms[type_]:
            if first := re.match(r"\w+", f):
                word = form_key(first.group())
                for w in (word, NEW_TONE_RE.sub(lambda m: NEW_TONES[m.group()], word)):
                    starts.setdefault(w, set()).add(type_)
    flags = re.IGNORECASE
    return _Grammar(
        starts={w: frozenset(t) for w, t in starts.items()},
        body=re.compile(alternation(forms["body"]), flags),
        prefix=re.compile(alternation(forms["prefix"]), flags),
        head=re.compile(r"(?P<head>Bộ|Sở|Phòng|Ban)(?:[^\S\n]*:)?" + LINE_SPACE, flags),
        domain=re.compile(alternation(forms["domain"]), flags),
        open=re.compile(alternation(forms["open"]), flags),
        group=re.compile(group, flags),
        tail=re.compile(alternation(forms["tail"]), flags),
        stop=re.compile(alternation(forms["stop"])),
        by_key=by_key,
    )


def entry(type_: str, matched: str) -> Entry | None:
    """The entry a matched form belongs to, if its capitalization is acceptable."""
    e = grammar().by_key.get((type_, form_key(matched)))
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
    phrase = OLD_TONE_RE.sub(lambda m: OLD_TONES[m.group()], unicodedata.normalize("NFC", phrase))
    phrase = _TP_DOT.sub(r"\1 ", phrase.replace("UỶ", "ỦY").replace("Uỷ", "Ủy"))
    table = _abbreviations()
    return " ".join(_abbreviation_re().sub(lambda m: table[m.group()], phrase).split())
