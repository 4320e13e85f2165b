"""Figure units: the nouns and symbols a number may carry, read from `data/units.tsv`.

Each row is a form, its group (money, percent, measure, a count group such as people,
household or place, "classifier" for căn/ngôi/cây …, "scale", or "none" for a word that is
never a unit) and its canonical form ("" when the unit is kept as written). `phrase_key` is the
lookup key of a phrase, shared with the cue file (`figure_cues`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from extractors.tsv import data_rows

COUNT_GROUPS = (
    "people",
    "household",
    "place",
    "agency",
    "org",
    "activity",
    "document",
    "content",
    "part",
    "item",
    "point",
)
_GROUPS = ("money", "percent", "measure", "none", "scale", "classifier", *COUNT_GROUPS)
FAMILY = {"place": "place", "agency": "agency"}  # groups whose units coordinate ("xã, phường")


@dataclass(frozen=True, slots=True)
class _Unit:
    group: str
    canonical: str  # "" when the unit is written as it appears


@cache
def unit_lexicon() -> dict[str, _Unit]:
    out: dict[str, _Unit] = {}
    for lineno, (form, group, canonical) in data_rows("units.tsv", 3):
        if group not in _GROUPS:
            raise ValueError(f"extractors/data/units.tsv:{lineno}: unknown group {group!r}")
        out[phrase_key(form)] = _Unit(group, canonical)
    return out


def phrase_key(phrase: str) -> str:
    return " ".join(phrase.lower().split())
