"""Figure cues: the qualifier, block and label phrases of `data/figure_cues.tsv`.

Qualifiers before the number ("trên" gt, "tối thiểu" gte, "khoảng" approx …) and after the
unit ("trở lên" gte, "trở xuống" lte), the words that block a number ("Điều", "số", "năm" …:
an article, a document number, a date) and the labels that block a count unless it is
measured ("Đợt 1", "Dự án 2", "quận 12"); the target, achieved and other rows of the same
file are read by `figure_kind`. `SYMBOLS` maps the comparison signs ("≥ 93%") to their
qualifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from extractors.figure_units import phrase_key
from extractors.tsv import data_rows

_QUALIFIERS = ("eq", "gt", "gte", "lt", "lte", "approx")


@dataclass(frozen=True, slots=True)
class Cues:
    qualifiers: dict[str, str]  # phrase -> qualifier, before the number
    post: dict[str, str]  # phrase -> qualifier, after the unit
    block: frozenset[str]
    label: frozenset[str]


@cache
def figure_cue_lexicon() -> Cues:
    qualifiers: dict[str, str] = {}
    post: dict[str, str] = {}
    block: set[str] = set()
    label: set[str] = set()
    for lineno, (phrase, role, _weight) in data_rows("figure_cues.tsv", 3):
        key = phrase_key(phrase)
        if role in _QUALIFIERS:
            qualifiers[key] = role
        elif role in ("post_gte", "post_lte"):
            post[key] = role[5:]
        elif role == "block":
            block.add(key)
        elif role == "label":
            label.add(key)
        elif role not in ("target", "achieved", "other"):
            raise ValueError(f"extractors/data/figure_cues.tsv:{lineno}: unknown role {role!r}")
    return Cues(qualifiers, post, frozenset(block), frozenset(label))


SYMBOLS = {"≥": "gte", ">=": "gte", "≤": "lte", "<=": "lte", ">": "gt", "<": "lt"}
