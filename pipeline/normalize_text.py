"""Text normalization: Unicode composition, one tone-mark placement, whitespace.

Each function is pure and idempotent. `nfc`, `fix_decomposed` and `normalize_tone_marks` keep the
length of NFC text, so offsets taken before them still hold; `clean_whitespace` does not.
"""

from __future__ import annotations

import re
import unicodedata

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


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC: base letter and marks composed into one character."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fix_decomposed(text: str) -> tuple[str, int]:
    """Return (`text` in NFC, how many combining marks were composed into letters)."""
    if unicodedata.is_normalized("NFC", text):
        return text, 0
    fixed = unicodedata.normalize("NFC", text)
    return fixed, len(_COMBINING.findall(text)) - len(_COMBINING.findall(fixed))


_SPACES = dict.fromkeys([0x09, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000], " ")
# invisible: removing them joins what they split ("Quy\u00adết" was one word on screen)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"))
_LINE_BREAKS = dict.fromkeys(map(ord, "\v\x85\u2028\u2029"), "\n")
_WHITESPACE = _SPACES | _INVISIBLE | _LINE_BREAKS
_CRLF = re.compile(r"\r\n?")
_RUN_OF_SPACES = re.compile(r" {2,}")
_TRAILING_SPACES = re.compile(r" +$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_whitespace(text: str) -> str:
    """Return `text` with one kind of space and line break and no runs of either.

    Tabs and Unicode spaces (NBSP, thin, ideographic) become " "; zero-width characters and soft
    hyphens are removed (they are invisible, so a space would split a word); CRLF, CR, VT, NEL and
    the Unicode line and paragraph separators become "\\n". Runs of spaces shrink to one, lines lose
    trailing spaces, at most one blank line separates paragraphs, and the text neither starts nor
    ends with a line break. Form feeds (page breaks) are kept.
    """
    text = _CRLF.sub("\n", text).translate(_WHITESPACE)
    text = _RUN_OF_SPACES.sub(" ", text)
    text = _TRAILING_SPACES.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip("\n")
