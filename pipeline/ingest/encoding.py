"""Decode a file's bytes into Unicode Vietnamese text, repairing legacy font encodings.

`decode` follows trafilatura's ``utils.detect_encoding`` order:

1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (the ``news-vntc-*`` files are UTF-16 LE);
2. UTF-16 without one: a NUL byte at most odd (or most even) positions;
3. strict UTF-8, then UTF-8 with a few broken sequences (a truncated download);
4. the single-byte encodings Vietnamese files were written in before Unicode, ranked by the share
   of words that are valid Vietnamese syllables, the first listed winning ties:

   - cp1258 (Windows-1258): base letters with hats, separate combining tone marks, composed by NFC;
   - TCVN3, i.e. ABC (the ".Vn" fonts): one byte per lowercase letter (``data/tcvn3.tsv``); capitals
     with a tone came from separate ".VnTimeH" fonts that reuse the lowercase bytes, so they come
     back lowercase;
   - VNI (the VNI fonts): a base letter, then one byte for hat and tone, "tieáng Vieät" (``data/vni.tsv``);
   - cp1252, when the only non-ASCII bytes are punctuation (curly quotes, dashes).

The syllable score is the detector. charset-normalizer was tried in that role: it knows neither
TCVN3 nor VNI, and restricted to cp1258/cp1252 it named cp1258 for VNI bytes and nothing for
TCVN3, so it could only break ties between readings that the score already tells apart.

Unicode text that is really TCVN3 or VNI ("Céng hoµ x· héi", a .VnTime document saved as "Unicode
text") and UTF-8 that was read as cp1252 once too often ("Quyáº¿t") are repaired. Each repair is
named in `Decoded.repairs`. Binary data, text that is mostly U+FFFD and text that is Vietnamese in
none of these encodings raise `EncodingError`; empty input raises `EmptyDocument`.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.errors import EmptyDocument, EncodingError

LEGACY_TABLES = ("tcvn3", "vni")
_LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
_SINGLE_BYTE = ("cp1258", "tcvn3", "vni", "cp1252")  # also the tie-break order

_BOMS = (  # UTF-32 first: its LE mark starts with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_SAMPLE = 1 << 15  # characters (or bytes) taken from the start and from the middle for scoring
_MIN_SYLLABLES = 0.5  # share of words that must be Vietnamese syllables
_MAX_CONTROL = 0.01  # share of control characters above which the input is binary
_MAX_REPLACEMENT = 0.02  # share of U+FFFD (among non-space characters) above which text is damaged
_BROKEN_UTF8 = 50  # UTF-8 with one broken sequence per this many non-ASCII characters is still UTF-8

_CP1252_EXTRAS = "".join(
    ch for ch in bytes(range(0x80, 0xA0)).decode("cp1252", errors="replace") if ch != "\ufffd"
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # tab, newlines, \v and \f are text
_CONTROL_BYTES = bytes(range(0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"
_BEYOND_CP1252 = re.compile(f"[^\\x00-\\xff{re.escape(_CP1252_EXTRAS)}]")
_MOJIBAKE = re.compile(f"[\\xc2-\\xf4][\\x80-\\xbf{re.escape(_CP1252_EXTRAS)}]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a file's bytes.

    `encoding` names the byte encoding ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1258",
    "tcvn3", "vni", "cp1252", ...); `repairs` says in words what was fixed on the way, e.g.
    "decoded TCVN3 (ABC) legacy font encoding".
    """

    text: str
    encoding: str
    repairs: tuple[str, ...] = ()


def decode(data: bytes, name: str) -> Decoded:
    """Return `data` decoded to Unicode; `name` (the file) is only used in error messages.

    Raises `EmptyDocument` when there is no text and `EncodingError` when the bytes are binary,
    mostly U+FFFD, or not Vietnamese in any encoding we know.
    """
    if not data:
        raise EmptyDocument(f"{name}: empty file (0 bytes)")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            text, repairs = _decode_unicode(body, "utf-8" if codec == "utf-8-sig" else codec)
            return _finish_unicode(text, codec, repairs, name)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        codec, text = utf16
        return _finish_unicode(text, codec, [], name)
    text, repairs = _decode_unicode(data, "utf-8")
    if not repairs:
        return _finish_unicode(text, "utf-8", repairs, name)
    broken = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - broken
    if broken * _BROKEN_UTF8 <= non_ascii:
        return _finish_unicode(text, "utf-8", repairs, name)
    return _decode_single_byte(data, name)


def from_legacy(text: str, table: str) -> str:
    """Return `text`, decoded as latin-1 or cp1252 but really TCVN3 or VNI, as Unicode (NFC).

    `table` is "tcvn3" or "vni". ASCII and bytes the table does not list pass through as cp1252.
    """
    if table == "tcvn3":
        return _nfc(text.translate(_tcvn3_translation()))
    if table == "vni":
        pattern, pairs, singles = _vni_parts()
        text = text.translate(singles)
        return pattern.sub(lambda m: pairs[m.group()], text)
    raise ValueError(f"unknown legacy table {table!r}; expected one of {LEGACY_TABLES}")


def to_legacy(text: str, table: str) -> str:
    """Return Unicode `text` as TCVN3 or VNI, one character per byte (encode it as cp1252).

    Characters the table lacks pass through. TCVN3 has no capitals with a tone mark; like the
    ".VnTimeH" fonts it writes them with the lowercase bytes, so they read back lowercase.
    """
    inverse = _inverse_table(table)
    return _nfc(text).translate(inverse)


def looks_legacy(text: str) -> str | None:
    """Return "tcvn3" or "vni" when `text` (already a str) is really in that legacy font encoding.

    For text from DOCX or HTML runs in .VnTime or VNI-Times fonts, or a legacy file saved as
    Unicode ("Céng hoµ x· héi", "Coäng hoøa xaõ hoäi"): every character is latin-1 or cp1252,
    some words hold characters no Vietnamese word has (µ, ·, ñ, ä, ø), and at least two words
    read as Vietnamese only after `from_legacy`. Real Unicode Vietnamese ("các bà", "Việt Nam"),
    and too little evidence ("5 µm", one word), give None.
    """
    sample = _sample(text)
    if sample.isascii() or _BEYOND_CP1252.search(sample) or not _has_foreign_word(sample):
        return None
    best, best_ratio = None, _score(sample).marked_ratio + 0.2
    for table in LEGACY_TABLES:
        score = _score(from_legacy(sample, table))
        if score.marked_valid >= 2 and score.marked_ratio >= max(_MIN_SYLLABLES, best_ratio):
            best, best_ratio = table, score.marked_ratio + 1e-9
    return best


# --- Unicode encodings ---------------------------------------------------------------------------


def _decode_unicode(data: bytes, codec: str) -> tuple[str, list[str]]:
    """Return `data` decoded with a Unicode codec, broken sequences replaced by U+FFFD."""
    try:
        return data.decode(codec), []
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
    broken = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
    return text, [f"replaced {broken} invalid {codec} byte sequence(s) with U+FFFD"]


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Return (codec, text) when `data` looks like UTF-16 without a byte-order mark."""
    head = data[:4096]
    pairs = len(head) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even, odd = head[0::2].count(0) / pairs, head[1::2].count(0) / pairs
    if odd >= 0.25 and even < odd / 4:
        codec = "utf-16-le"
    elif even >= 0.25 and odd < even / 4:
        codec = "utf-16-be"
    else:
        return None
    try:
        return codec, data.decode(codec)
    except UnicodeDecodeError:
        return None


def _finish_unicode(text: str, encoding: str, repairs: list[str], name: str) -> Decoded:
    """Check Unicode text, undo double encoding and legacy fonts stored as Unicode."""
    undone = _undo_double_utf8(text)  # before the checks: it may hold C1 controls (0x81, 0x90)
    if undone is not None and undone != text:
        text = undone
        repairs.append("undid double encoding (UTF-8 bytes that had been read as cp1252)")
    _check_text(text, encoding, name)
    legacy = looks_legacy(text)
    if legacy is not None:
        text = from_legacy(text, legacy)
        repairs.append(f"converted {_LEGACY_NAMES[legacy]} legacy font text stored as {encoding}")
    return Decoded(text, encoding, tuple(repairs))


def _undo_double_utf8(text: str) -> str | None:
    """Return `text` decoded once more when it is UTF-8 bytes read as cp1252 ("Quyáº¿t")."""
    if not _MOJIBAKE.search(text):
        return None
    try:
        raw = text.translate(_cp1252_to_bytes()).encode("latin-1")
        return raw.decode("utf-8")
    except UnicodeError:  # real Unicode beyond cp1252, or not UTF-8 after all
        return None


# --- single-byte encodings -----------------------------------------------------------------------


def _decode_single_byte(data: bytes, name: str) -> Decoded:
    """Pick the single-byte encoding under which `data` reads most like Vietnamese."""
    control = (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
    if control > _MAX_CONTROL:
        raise EncodingError(
            f"{name}: binary data, not text ({control:.0%} control bytes and not UTF-8 or UTF-16); "
            "check that the file really is a text document"
        )
    latin = data.decode("latin-1")
    sample = _sample(latin)
    scores = {enc: _score(_SINGLE_BYTE_DECODERS[enc](sample)) for enc in _SINGLE_BYTE}
    best = max(_SINGLE_BYTE, key=lambda enc: scores[enc].ratio)  # the first of equals wins
    if not scores[best].marked and scores["cp1252"].ratio >= scores[best].ratio:
        best = "cp1252"  # the non-ASCII bytes are punctuation in every reading
    score = scores[best]
    ratio = score.marked_ratio if score.marked else score.ratio
    if not score.words or ratio < _MIN_SYLLABLES:
        raise EncodingError(
            f"{name}: not Vietnamese text in any known encoding (best: {best}, {ratio:.0%} valid "
            "syllables); convert it to UTF-8 and check that it reads as Vietnamese"
        )
    repairs: list[str] = []
    if best in LEGACY_TABLES:
        text = from_legacy(latin, best)
        repairs.append(f"decoded {_LEGACY_NAMES[best]} legacy font encoding")
    else:
        raw = latin.translate(_byte_table(best))
        text = _nfc(raw)
        if text != raw:
            repairs.append(f"composed {best} combining tone marks (NFC)")
    _check_text(text, best, name)
    return Decoded(text, best, tuple(repairs))


# --- tables --------------------------------------------------------------------------------------


@functools.cache
def _byte_table(codec: str) -> dict[int, str]:
    """Return a `str.translate` table from latin-1-decoded bytes to `codec` (undefined bytes stay)."""
    table = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            continue  # stays a C1 control character, counted as junk
        if char != chr(byte):
            table[byte] = char
    return table


@functools.cache
def _cp1252_to_bytes() -> dict[int, str]:
    return {ord(char): chr(byte) for byte, char in _byte_table("cp1252").items()}


@functools.cache
def read_table(table: str) -> dict[str, str]:
    """Return the legacy `table` ("tcvn3" or "vni") as {bytes as a latin-1 str: Unicode character}.

    Raises ValueError naming the file and line of a bad row.
    """
    if table not in LEGACY_TABLES:
        raise ValueError(f"unknown legacy table {table!r}; expected one of {LEGACY_TABLES}")
    filename = f"{table}.tsv"
    source = importlib.resources.files("pipeline.ingest.data").joinpath(filename)
    return _parse_table(source.read_text(encoding="utf-8"), filename)


def _parse_table(text: str, filename: str) -> dict[str, str]:
    """Return the rows of a table file; blank lines and lines starting with "#" are skipped."""
    mapping: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            key, char = _parse_row(line)
            if key in mapping:
                raise ValueError(f"bytes {key.encode('latin-1').hex(' ').upper()} are listed twice")
        except ValueError as err:
            raise ValueError(f"{filename}:{lineno}: {err}") from err
        mapping[key] = char
    return mapping


_HEX_BYTE = re.compile("[0-9A-Fa-f]{2}")


def _parse_row(line: str) -> tuple[str, str]:
    """Return (bytes as a latin-1 str, character) from a "hex bytes<TAB>character[<TAB>...]" row."""
    fields = line.split("\t")
    if len(fields) < 2:
        raise ValueError(f"expected 'bytes<TAB>character', got {line!r}")
    hexes = fields[0].split()
    if not 1 <= len(hexes) <= 2 or not all(_HEX_BYTE.fullmatch(h) for h in hexes):
        raise ValueError(f"expected one or two hex bytes, got {fields[0]!r}")
    key = bytes(int(h, 16) for h in hexes).decode("latin-1")
    char = fields[1]
    if char.startswith("U+"):
        char = chr(int(char[2:], 16))
    if len(char) != 1:
        raise ValueError(f"expected one character, got {fields[1]!r}")
    return key, char


@functools.cache
def _tcvn3_translation() -> dict[int, str]:
    table = dict(_byte_table("cp1252"))
    for key, char in read_table("tcvn3").items():
        if len(key) != 1:
            raise ValueError(f"tcvn3.tsv: TCVN3 is one byte per character, got {key!r}")
        table[ord(key)] = char
    return table


@functools.cache
def _vni_parts() -> tuple[re.Pattern[str], dict[str, str], dict[int, str]]:
    """Return (pattern of two-byte sequences, their characters, translation of single bytes)."""
    mapping = read_table("vni")
    pairs = {key: char for key, char in mapping.items() if len(key) == 2}
    singles = dict(_byte_table("cp1252"))
    singles.update((ord(key), char) for key, char in mapping.items() if len(key) == 1)
    # ơ and ư are single bytes that take a tone byte: translate first, then match on the letter
    pairs = {key[0].translate(singles) + key[1]: char for key, char in pairs.items()}
    bases = "".join(sorted({key[0] for key in pairs}))
    marks = "".join(sorted({key[1] for key in pairs}))
    pattern = re.compile(f"[{re.escape(bases)}][{re.escape(marks)}]")
    # a base followed by a mark it does not take ("eê") keeps both characters
    for base in bases:
        for mark in marks:
            pairs.setdefault(base + mark, base + mark)
    return pattern, pairs, singles


@functools.cache
def _inverse_table(table: str) -> dict[int, str]:
    inverse: dict[int, str] = {}
    for key, char in read_table(table).items():
        if not unicodedata.combining(char):
            inverse.setdefault(ord(char), key)
    if table == "tcvn3":  # capitals with a tone: the .VnTimeH fonts use the lowercase bytes
        for code, legacy in list(inverse.items()):
            upper = chr(code).upper()
            if len(upper) == 1:
                inverse.setdefault(ord(upper), legacy)
    return inverse


_SINGLE_BYTE_DECODERS: dict[str, Callable[[str], str]] = {  # from latin-1-decoded bytes
    "cp1258": lambda latin: _nfc(latin.translate(_byte_table("cp1258"))),
    "cp1252": lambda latin: latin.translate(_byte_table("cp1252")),
    "tcvn3": lambda latin: from_legacy(latin, "tcvn3"),
    "vni": lambda latin: from_legacy(latin, "vni"),
}


# --- scoring: how Vietnamese does a decoding read? --------------------------------------------------

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
_RHYME = "|".join(
    (
        "a(?:ch|nh|ng|[cimnoptuy])?",
        "ă(?:ng|[cmnpt])",
        "â(?:ng|[cmnptuy])",
        "e(?:ng|[cmnopt])?",
        "ê(?:ch|nh|ng|[mnptu])?",
        "i(?:ch|nh|[amnptu])?",
        "iê(?:ng|[cmnptu])",
        "oa(?:ch|nh|ng|[cimnopty])?",
        "oă(?:ng|[cmnt])",
        "oe[not]?",
        "o(?:ng|[cimnpt])?",
        "ô(?:ng|[cimnpt])?",
        "ơ[imnpt]?",
        "uâ(?:ng|[nty])",
        "uê(?:ch|nh|n)?",
        "uô(?:ng|[cimnt])",
        "uơ",
        "uy(?:ch|nh|ên|êt|[anptu])?",
        "u(?:ng|[acimnpt])?",
        "ươ(?:ng|[cimnptu])?",
        "ư(?:ng|[acimntu])?",
        "y(?:ê[mntu])?",
    )
)
_SYLLABLE = re.compile(f"(?:{_ONSET})?(?:{_RHYME})")
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_HATS = "\u0302\u0306\u031b"  # circumflex, breve, horn
_WORD = re.compile(r"\S+")
_EDGE = "\"'()[]{}<>.,;:!?…“”‘’„«»–—-‐/\\*•·%#&+=|_~`^@$§¶"
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _Score:
    words: int
    valid: int
    marked: int  # words with a non-ASCII character
    marked_valid: int

    @property
    def ratio(self) -> float:
        return self.valid / self.words if self.words else 0.0

    @property
    def marked_ratio(self) -> float:
        return self.marked_valid / self.marked if self.marked else 0.0


def _score(text: str) -> _Score:
    """Count the words of `text` and how many are valid Vietnamese syllables."""
    words = valid = marked = marked_valid = 0
    for token in _WORD.findall(text):
        word = token.strip(_EDGE)
        if not word or _DIGIT.search(word):
            continue
        ok = _is_syllable(word)
        words += 1
        valid += ok
        if not word.isascii():
            marked += 1
            marked_valid += ok
    return _Score(words, valid, marked, marked_valid)


@functools.lru_cache(maxsize=1 << 16)
def _is_syllable(word: str) -> bool:
    """Return whether `word` is one Vietnamese syllable: onset, rhyme, at most one tone mark.

    The tone must sit on a vowel, and a syllable ending in c, ch, p or t takes only sắc or nặng.
    A word with no tone passes on its letters alone, so that text typed without diacritics counts.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [i for i, ch in enumerate(decomposed) if ch in _TONES]
    if len(tones) > 1:
        return False
    bare = decomposed if not tones else decomposed[: tones[0]] + decomposed[tones[0] + 1 :]
    bare = unicodedata.normalize("NFC", bare)
    if not _SYLLABLE.fullmatch(bare):
        return False
    if not tones:
        return True
    before = decomposed[: tones[0]].rstrip(_HATS)
    if not before or before[-1] not in "aeiouy":
        return False
    return not bare.endswith(("c", "ch", "p", "t")) or decomposed[tones[0]] in "\u0301\u0323"


def _sample(text: str) -> str:
    """Return the start and the middle of a long text, enough to judge its encoding."""
    if len(text) <= 2 * _SAMPLE:
        return text
    middle = len(text) // 2
    return text[:_SAMPLE] + "\n" + text[middle : middle + _SAMPLE]


_VIETNAMESE_LETTERS = "".join(
    unicodedata.normalize("NFC", base + mark) for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for mark in ("", *_TONES)
)
_FOREIGN = re.compile(f"[^\\x00-\\x7f{_VIETNAMESE_LETTERS}đĐ]")


def _has_foreign_word(text: str) -> bool:
    """Return whether a word of `text` holds a non-ASCII character that is no Vietnamese letter."""
    return any(_FOREIGN.search(token.strip(_EDGE)) for token in _WORD.findall(text) if not token.isascii())


def _check_text(text: str, encoding: str, name: str) -> None:
    """Raise unless `text` is text: no run of control characters, not mostly U+FFFD, not empty."""
    if not text.strip():
        raise EmptyDocument(f"{name}: no text, only whitespace")
    control = len(_CONTROL.findall(text)) / len(text)
    if control > _MAX_CONTROL:
        raise EncodingError(
            f"{name}: binary data, not text ({control:.0%} control characters after {encoding}); "
            "check that the file really is a text document"
        )
    visible = len(text) - sum(map(text.count, " \t\r\n"))
    replaced = text.count("\ufffd") / max(visible, 1)
    if replaced > _MAX_REPLACEMENT:
        raise EncodingError(
            f"{name}: {replaced:.0%} U+FFFD replacement characters after {encoding}; the text was "
            "damaged before it reached us: find an undamaged copy"
        )


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
