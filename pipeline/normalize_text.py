"""Text normalization: Unicode composition, one tone-mark placement, whitespace.

Each function is pure and idempotent. `nfc`, `fix_decomposed` and `normalize_tone_marks` keep the
length of NFC text, so offsets taken before them still hold; `clean_whitespace` does not.
"""

from __future__ import annotations

import re
import unicodedata

from extractors.vnkeys import TONE_CONVENTION, normalize_tone_marks

__all__ = ["TONE_CONVENTION", "clean_whitespace", "fix_decomposed", "nfc", "normalize_tone_marks"]


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
