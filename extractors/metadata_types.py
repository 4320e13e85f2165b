"""The document-type table (`data/doc_types.tsv`): type words, abbreviations and number codes.

`classify_doc_type(phrase)` maps a type word ("Nghị quyết", "CHƯƠNG TRÌNH PHỐI HỢP") or a
number's type code ("/KH-UBND") to a SCHEMA.md `doc_type`; `number_doc_type(number)` reads
the code of a number alone. `extractors.metadata` re-exports these.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from extractors.tsv import data_rows

DOC_TYPES = ("resolution", "plan", "program", "decision", "report", "letter", "law", "news", "other")


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
