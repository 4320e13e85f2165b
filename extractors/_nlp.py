"""The document model: underthesea words and POS tags aligned onto the text, and spaCy Docs.

This is the only module that imports underthesea or spaCy, and it imports them lazily
(inside functions), so importing `extractors` stays cheap.

- `segment(text)`: underthesea `word_tokenize`; each word (its syllables joined by spaces,
  "chức năng") is aligned back onto `text` as a `Token` with `text[start:end] == token.text`.
- `tag(text)`: underthesea `pos_tag` (VLSP tags: N, Np, Nc, Nu, Ny, V, A, P, R, L, M, E, C,
  CH, …), aligned the same way.
- `make_doc(text)`: a `spacy.tokens.Doc` from a cached blank Vietnamese `Language` whose
  tokenizer is underthesea: `doc[i].idx` and `Span.start_char/end_char` are offsets into
  `text`, `tag_` is the VLSP tag and `pos_` its Universal Dependencies counterpart.

underthesea returns words without offsets, and normalizes them (NFC, "ð" -> "đ", old-style
tone marks "Uỷ" -> "Ủy", common misspellings "nghành" -> "ngành"). Alignment accepts a
syllable where the text holds it as written, or where the text holds a form that
underthesea's own token normalizer turns into it; otherwise it raises `ValueError` naming the
word and the offset, as spaCy's `get_words_and_spaces` does. It never guesses.

The taggers are slow next to the regular expressions of the extractors: callers tag the few
spans they need to decide on (an actor, a clause), never a whole document.
"""

from __future__ import annotations

import unicodedata
import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the text: `text == source[start:end]`; `pos` is its VLSP tag, or None untagged."""

    start: int
    end: int
    text: str
    pos: str | None = None


# VLSP 2013 tags (underthesea) -> Universal Dependencies POS (spaCy's `pos_`).
UD_POS = {
    "N": "NOUN",
    "Nc": "NOUN",  # classifier: con, cái, chiếc
    "Nu": "NOUN",  # unit: kg, m2
    "Nb": "NOUN",  # borrowed noun
    "Ny": "PROPN",  # abbreviation: UBND, HĐND
    "Np": "PROPN",
    "V": "VERB",
    "Vb": "VERB",
    "Vy": "VERB",
    "A": "ADJ",
    "Ab": "ADJ",
    "P": "PRON",
    "R": "ADV",
    "L": "DET",
    "M": "NUM",
    "E": "ADP",
    "C": "CCONJ",
    "Cc": "CCONJ",
    "I": "INTJ",
    "T": "PART",
    "CH": "PUNCT",
}
NOUN_TAGS = frozenset({"N", "Nc", "Nu", "Nb", "Ny", "Np"})
VERB_TAGS = frozenset({"V", "Vb", "Vy"})


def segment(text: str) -> tuple[Token, ...]:
    """underthesea's words of `text`, aligned onto it (`pos` None); ValueError if one can't be."""
    if not text.strip():
        return ()
    return _align(text, [(w, None) for w in _word_tokenize(text)])


@lru_cache(maxsize=4096)
def tag(text: str) -> tuple[Token, ...]:
    """underthesea's words of `text` with their POS tags, aligned onto it; ValueError if one can't be."""
    if not text.strip():
        return ()
    return _align(text, _pos_tag(text))


def make_doc(text: str) -> Doc:
    """A spaCy Doc of `text` whose tokens are underthesea's tagged words (offsets into `text`)."""
    return language()(text)


@cache
def language() -> Language:
    """The blank Vietnamese spaCy `Language` with underthesea as its tokenizer (no pyvi)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", category=DeprecationWarning, module=r"(weasel|spacy|click|thinc|confection)"
        )
        import spacy

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = _Tokenizer(nlp.vocab)
    return nlp


class _Tokenizer:
    """spaCy tokenizer callable: underthesea's tagged words, whitespace kept as spaCy keeps it."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc
        from spacy.util import get_words_and_spaces

        tokens = tag(text)
        words, spaces = get_words_and_spaces([t.text for t in tokens], text)
        tags = iter(tokens)
        pos: list[str] = []
        vlsp: list[str] = []
        for w in words:
            if w.isspace():
                pos.append("SPACE")
                vlsp.append("_SP")
                continue
            t = next(tags)
            vlsp.append(t.pos or "X")
            pos.append(UD_POS.get(t.pos or "", "X"))
        return Doc(self.vocab, words=words, spaces=spaces, pos=pos, tags=vlsp)


# ---------------------------------------------------------------------------
# underthesea, imported on first use


def _word_tokenize(text: str) -> list[str]:
    from underthesea import word_tokenize

    return list(word_tokenize(text))


def _pos_tag(text: str) -> list[tuple[str, str | None]]:
    from underthesea import pos_tag

    return [(w, p) for w, p in pos_tag(text)]


@cache
def _normalizer() -> Any:
    from underthesea.pipeline.text_normalize import token_normalize

    return token_normalize


# ---------------------------------------------------------------------------
# Alignment


def _align(text: str, words: list[tuple[str, str | None]]) -> tuple[Token, ...]:
    out: list[Token] = []
    pos = 0
    n = len(text)
    for word, tag_ in words:
        parts = word.split()
        if not parts:
            raise ValueError(f"underthesea returned an empty word {word!r} near offset {pos}")
        start = -1
        for part in parts:
            while pos < n and text[pos].isspace():
                pos += 1
            end = _match(text, pos, part)
            if end is None:
                raise ValueError(
                    f"cannot align underthesea word {word!r} (syllable {part!r}) at offset {pos}: "
                    f"the text reads {text[pos : pos + len(part) + 4]!r}"
                )
            if start < 0:
                start = pos
            pos = end
        out.append(Token(start, pos, text[start:pos], tag_))
    if text[pos:].strip():
        raise ValueError(f"underthesea left text unsegmented at offset {pos}: {text[pos : pos + 20]!r}")
    return tuple(out)


def _match(text: str, pos: int, part: str) -> int | None:
    """End of `part` written at `pos`: as is, or in a form underthesea normalizes into it."""
    if text.startswith(part, pos) and not _combining_at(text, pos + len(part)):
        return pos + len(part)
    normalize = _normalizer()
    # NFD text adds up to two combining marks per syllable; misspellings drop or add a letter
    for size in range(max(1, len(part) - 2), len(part) + 5):
        end = pos + size
        if end > len(text):
            break
        chunk = text[pos:end]
        if any(c.isspace() for c in chunk):
            break
        if _combining_at(text, end):
            continue
        nfc = unicodedata.normalize("NFC", chunk)  # underthesea NFC-normalizes the text first
        if nfc == part or normalize(nfc) == part:
            return end
    return None


def _combining_at(text: str, pos: int) -> bool:
    return pos < len(text) and unicodedata.combining(text[pos]) != 0
