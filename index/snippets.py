"""Snippets and highlights: the window of a document shown with a hit, and the query words in it.

Words are found in the text itself, accents and case ignored (`highlight_pattern`), so every
offset points into the stored text. Both backends use it (`index/search_sqlite.py`,
`index/elastic.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from index.fold import fold
from index.query import ParsedQuery

SNIPPET_SCAN = 30_000  # characters of a document searched for a snippet
_VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_CLASSES: dict[str, str] = {}
for _ch in _VIETNAMESE:
    _CLASSES[fold(_ch)] = _CLASSES.get(fold(_ch), fold(_ch)) + _ch
_CLASSES = {k: f"[{v}]" for k, v in _CLASSES.items()}  # 'd' -> '[dđ]', 'a' -> '[aàá…]'


@lru_cache(maxsize=256)
def highlight_pattern(phrases: tuple[tuple[str, ...], ...]) -> re.Pattern[str] | None:
    """A regex finding any of the folded `phrases` in Vietnamese text, accents and case ignored
    (that end a word; `_whole_words` keeps those that start one)."""
    alts = []
    for phrase in sorted(set(phrases), key=lambda p: -sum(map(len, p))):
        words = ["".join(_CLASSES.get(ch, re.escape(ch)) for ch in token) for token in phrase]
        alts.append(r"[\W_]+".join(words))
    if not alts:
        return None
    return re.compile(r"(?:" + "|".join(alts) + r")(?![^\W_])", re.IGNORECASE)  # word start: `_whole_words`


def snippet_of(
    text: str, parsed: ParsedQuery | None, chars: int
) -> tuple[str, int, tuple[tuple[int, int], ...]]:
    """(snippet, its offset in `text`, highlight spans within it).

    The window of about `chars` characters, cut at word boundaries, opens a little before the
    first occurrence of the longest query phrase found (a run of typed words together beats a
    single word); the document's opening when nothing matches in its first SNIPPET_SCAN characters.
    Every query word or phrase inside the window is highlighted.
    """
    if parsed is None or parsed.empty:
        return text[: _word_end(text, min(len(text), chars))], 0, ()
    terms = sorted(set(parsed.folded_terms()), key=lambda t: (-len(t), t))
    anchor = None
    for term in terms[:4]:
        pattern = highlight_pattern((term,))
        m = next(_whole_words(pattern, text, 0, SNIPPET_SCAN), None) if pattern is not None else None
        if m is not None:
            anchor = m.start()
            break
    if anchor is None:
        return text[: _word_end(text, min(len(text), chars))], 0, ()
    start = _word_start(text, max(0, anchor - chars // 5))
    end = _word_end(text, min(len(text), start + chars))
    every = highlight_pattern(tuple(terms))
    marks = (
        tuple((m.start() - start, m.end() - start) for m in _whole_words(every, text, start, end))
        if every
        else ()
    )
    return text[start:end], start, marks


def _whole_words(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
    """`pattern`'s matches in text[pos:endpos] that start a word, left to right, not overlapping.

    The start-of-word test lives here rather than as a lookbehind at the head of the pattern:
    a pattern opening with a lookbehind is tried at every position, one opening with a letter
    class lets the regex engine skip ahead to that letter (3-4x faster over a long text)."""
    while (m := pattern.search(text, pos, endpos)) is not None:
        at = m.start()
        if at == 0 or not _word_char(text[at - 1]):
            yield m
            pos = max(m.end(), at + 1)
        else:
            pos = at + 1


def _word_char(ch: str) -> bool:
    return ch.isalnum() and ch != "_"  # what `[^\W_]` matches: unicode61 token characters


def _word_start(text: str, i: int) -> int:
    while 0 < i < len(text) and not text[i - 1].isspace():
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    while 0 < i < len(text) and not text[i].isspace():
        i += 1
    return i
