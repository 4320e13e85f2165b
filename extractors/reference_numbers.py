"""Document-number grammar: the type words that open a citation and the số hiệu after them.

`typed_number` finds a type word (`Nghị quyết`, `QĐ`) and its number, structured
(`15-NQ/TU`, `278/2025/NĐ-CP`) or bare (`347`); `LIST_NUMBER` finds the further numbers of a
list that carry no type word of their own.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from extractors.metadata import type_abbreviations, type_words

# A type code inside a number: capitals with at most one lower-case letter ("TTr", "QyĐ").
_CODE = r"[A-ZĐ][A-ZĐ&]*(?:[a-zđ][A-ZĐ&]*)?\d{0,2}(?!\w)"
_SEP = r"[ \t]?[/\-–][ \t]?"
STRUCTURED = rf"\d{{1,5}}(?:\.\d{{1,3}})?(?:{_SEP}(?:\d{{2,4}}(?![\d\w])|{_CODE}))*?{_SEP}{_CODE}(?:{_SEP}(?:{_CODE}|\d{{2,4}}(?![\d\w])))*"
_BARE = r"\d{1,5}(?![\d/\w])"
_LAW_WORDS = ("luật", "bộ luật", "pháp lệnh", "hiến pháp")
# Words a bare number may be followed by (else "Kế hoạch 5 năm" would be a citation).
AFTER_BARE = re.compile(
    r"[ \t]*(?:[,.;:)\]]|$|\n|(?:của|về|ngày|và|đã|được|tại|thì|là|nêu|này|trên|do|giữa|năm[ \t]+\d{4})(?!\w))"
)
YEARLIKE = re.compile(r"(?:19|20)\d\d")


def _alternation(strings: set[str]) -> str:
    """One regex for any of `strings`, as a character trie: Python's re tries an alternation
    of 150 words at every offset; a trie costs one branch per character."""
    trie: dict[str, dict[str, Any]] = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict[str, Any]]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@cache
def any_type_word() -> re.Pattern[str]:
    forms = {f for word, _ in type_words() for f in (word.capitalize(), word.title())}
    return re.compile(r"(?<!\w)(?:" + _alternation(forms).replace(r"\ ", r"[ \t]+") + r")(?!\w)")


@cache
def typed_number() -> re.Pattern[str]:
    forms: set[str] = set()
    for word, _ in type_words():
        if word not in _LAW_WORDS:
            forms |= {word, word.capitalize(), word.upper(), word.title()}
    forms |= set(type_abbreviations())
    first = "".join(sorted({f[0] for f in forms}))
    return re.compile(
        # The look-ahead on the first letter lets re skip most offsets cheaply.
        rf"(?=[{first}])(?<!\w)(?P<type>" + _alternation(forms).replace(r"\ ", r"[ \t]+") + r")(?!\w)"
        r"(?P<gap>[ \t]*\(?[ \t]*(?P<so>(?:(?:[Ss]ố|SỐ)[ \t]*:?[ \t]*)+)?)"
        rf"(?P<num>{STRUCTURED}|{_BARE})"
    )


LIST_NUMBER = re.compile(rf"(?=[\dSs])(?<![\w/.:\-])(?P<so>[Ss]ố[ \t]*)?(?P<num>{STRUCTURED})")
FORM_BEFORE = re.compile(r"(?i:mẫu|mau|biểu|phụ lục|mã|ký hiệu|số hiệu)[ \t]*(?:số)?[ \t]*:?[ \t]*$")
