"""Matching keys for Vietnamese text: one tone placement, accent folding, syllables.

    normalize_tone_marks("Uỷ ban hoà giải")  -> "Ủy ban hòa giải"
    fold("Đồng Tháp")                        -> "dong thap"
    tokenize("Hoà Bình, UBND")               -> ["hòa", "bình", "ubnd"]

The pipeline normalizes every document with `normalize_tone_marks`; the extractors that match
phrases (topics), the index and the query parser all key text the same way through this module.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_CONVENTION: str = "old"
"""Where `normalize_tone_marks` puts the tone in the open rhymes oa, oe and uy.

"old" (kiểu cũ) puts it on the first vowel: hòa, khỏe, thủy, Ủy ban; "new" (kiểu mới, the 1980s
school rule) on the second: hoà, khoẻ, thuỷ, Uỷ ban. We use "old" because official documents do:
the corpus writes "hóa" 606 times against 65 "hoá" and "ủy" 122 times against 4 "uỷ", and
``eval/SCHEMA.md`` spells names "Ủy ban" (it calls that the modern spelling: the names of the two
conventions clash, the forms do not). Only matching needs one convention; either keeps lengths.
"""

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _compose(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _tone_moves() -> dict[str, str]:
    """Return {"oà": "òa", "uỷ": "ủy", ...} for every case combination of oa, oe and uy."""
    moves: dict[str, str] = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for f in (first, first.upper()):
            for s in seconds + seconds.upper():
                for tone in _TONES:
                    moves[f + _compose(s + tone)] = _compose(f + tone) + s
    return moves


_MOVES = _tone_moves()
# the same moves in lower case alone ("oà" -> "òa", "uỷ" -> "ủy"): what keys built from
# lower-cased text apply, in every syllable (extractors/places.py, extractors/agency_text.py)
OLD_TONES = {old: new for old, new in _MOVES.items() if old == old.lower()}
_VOWELS = "".join(sorted({_compose(v + t) for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for t in ("", *_TONES)}))
_O_PAIRS = "".join(sorted({key[1] for key in _MOVES if key[0] in "oO"}))
_U_PAIRS = "".join(sorted({key[1] for key in _MOVES if key[0] in "uU"}))
# the rhyme must close the word (hoàn, ngoài keep their tone) and not follow another vowel;
# after q the u belongs to the onset, so quý, Quỹ, quỳ keep theirs
_TONE_PLACEMENT = re.compile(f"(?<![{_VOWELS}])(?:[oO][{_O_PAIRS}]|(?<![qQ])[uU][{_U_PAIRS}])(?![^\\W\\d_])")


def normalize_tone_marks(text: str) -> str:
    """Return NFC `text` with the tone of open oa, oe, uy on the first vowel: hoà -> hòa.

    Also khoẻ -> khỏe, thuỷ -> thủy, Uỷ -> Ủy, HOÀ -> HÒA. Closed syllables (hoàn, khuyến, ngoài)
    and qu- syllables (quý, quỹ) are left alone. The result has the same length as `text`.
    """
    return _TONE_PLACEMENT.sub(lambda m: _MOVES[m.group()], text)


# Latin and Vietnamese letters decompose into one letter and marks; text with any other character
# (or a loose mark) takes the per-character path, which keeps the length
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u1ea0-\u1ef9]")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0]


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d. Same length as the input (one char per char)."""
    out = text.replace("đ", "d").replace("Đ", "D").lower()  # str.replace: translate is slow on non-ASCII
    if out.isascii():
        return out
    if not _NOT_LATIN.search(out):  # composed Latin letters: decompose, keep the ASCII, at C speed
        quick = unicodedata.normalize("NFD", out).encode("ascii", "ignore").decode("ascii")
        if len(quick) == len(out):  # every letter had an ASCII base (ø, ß and the like have none)
            return quick
    return "".join(_fold_char(ch) if ord(ch) > 127 else ch for ch in out)


# unicode61 splits on everything but letters, digits and private-use characters; "_" splits too
_TOKEN = re.compile(r"[^\W_]+")


def exact_key(text: str) -> str:
    """Lower case, NFC, one tone placement (`Hoà` -> `hòa`): what the exact index matches."""
    return normalize_tone_marks(unicodedata.normalize("NFC", text)).lower()


def tokenize(text: str) -> list[str]:
    """Syllables as FTS5 `unicode61` and the Elasticsearch analyzers split them, in `exact_key` form."""
    return _TOKEN.findall(exact_key(text))
