"""Spans: offsets into one normalized text, and the sentences that hold them.

Every record carries a `Span` whose `text` is exactly `doc_text[start:end]`; the
`evidence` of a record is the sentence (or table row, or list item) around it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Span:
    """A slice of the normalized text: `text == doc_text[start:end]`."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, doc_text: str, start: int, end: int) -> Span:
        """The span `doc_text[start:end]`, trimmed of surrounding whitespace and punctuation."""
        while start < end and (doc_text[start].isspace() or doc_text[start] in _TRIM):
            start += 1
        while end > start and (doc_text[end - 1].isspace() or doc_text[end - 1] in _TRIM):
            end -= 1
        return cls(start, end, doc_text[start:end])

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end}


_TRIM = ",;:.-–—*|•+\u2022"

# A sentence ends at . ! ? ; followed by space and an upper-case letter or digit,
# or at a line break. Abbreviation dots (TP.HCM, Q.1, v.v.) are not followed by a
# space and a capital, so they do not end sentences.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(\[A-ZĐÀ-Ỹ0-9])|\n+")


@dataclass(frozen=True, slots=True)
class Sentences:
    """The sentence boundaries of one text, for evidence lookups by offset."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def around(self, offset: int) -> Span:
        """The sentence that contains `offset`."""
        i = max(bisect_right(self.starts, offset) - 1, 0)
        return Span.of(self.text, self.starts[i], self.ends[i]) if self.starts else Span(0, 0, "")

    def spans(self) -> list[Span]:
        return [Span.of(self.text, s, e) for s, e in zip(self.starts, self.ends, strict=True)]


def split_sentences(text: str) -> Sentences:
    """Sentence boundaries of `text` (line breaks and sentence punctuation)."""
    starts, ends = [], []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            starts.append(pos)
            ends.append(m.start())
        pos = m.end()
    if pos < len(text):
        starts.append(pos)
        ends.append(len(text))
    return Sentences(text, tuple(starts), tuple(ends))


@lru_cache(maxsize=8)
def sentences_of(text: str) -> Sentences:
    """Cached `split_sentences`: every extractor asks for the same text's sentences."""
    return split_sentences(text)


def evidence(text: str, span: Span) -> str:
    """The sentence around `span`, used as a record's evidence."""
    return sentences_of(text).around(span.start).text
