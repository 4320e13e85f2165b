"""Duty cue phrases: the rows of `extractors/data/duty_cues.tsv`, read into patterns and lexicons.

Obligation markers (có trách nhiệm, phải, chủ trì, phối hợp với …), appeal and order verbs
(đề nghị, kêu gọi, giao, yêu cầu …), task verbs, manner adverbs, past and future words,
section headings (skipped and task sections) and the labels of task fields and table columns.
A row is `kind<TAB>phrase<TAB>role`; `Role` is the role a verb or marker implies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files

_DATA = "duty_cues.tsv"


class Role(StrEnum):
    LEAD = "lead"  # the actor carries the task (chủ trì, có trách nhiệm, a plain task verb)
    SUPPORT = "support"  # the actor co-operates (phối hợp, tham gia)
    DIRECT = "direct"  # the actor directs other bodies (chỉ đạo, đôn đốc, hướng dẫn)
    REQUEST = "request"  # the actor is asked rather than ordered (đề nghị, kêu gọi)


_KINDS = frozenset(
    {
        "marker",
        "request",
        "order",
        "verb",
        "verb1",
        "adverb",
        "past",
        "future",
        "skip",
        "task",
        "lead_field",
        "support_field",
        "time_field",
        "task_field",
    }
)


@cache
def _cue_rows() -> tuple[tuple[str, str, str], ...]:
    """Rows of duty_cues.tsv as (kind, phrase, role)."""
    return parse_cues(files("extractors.data").joinpath(_DATA).read_text(encoding="utf-8"), _DATA)


def parse_cues(source: str, name: str) -> tuple[tuple[str, str, str], ...]:
    """Rows of a cue file as (kind, phrase, role); a bad row raises ValueError naming `name` and the line."""
    rows = []
    for lineno, line in enumerate(source.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in _KINDS or not parts[1].strip():
            raise ValueError(f"{name}:{lineno}: expected 'kind<TAB>phrase<TAB>role', got {line!r}")
        kind, phrase, role = parts
        if role != "-" and role not in {r.value for r in Role}:
            raise ValueError(f"{name}:{lineno}: unknown role {role!r}")
        rows.append((kind, phrase.strip(), role))
    return tuple(rows)


_W = r"[\wÀ-ỹ]"  # a word character, Vietnamese letters included
WORD_START = rf"(?<!{_W})"  # word start
WORD_END = rf"(?!{_W})"  # word end
# Upper-case letters, Vietnamese ones included: what a sentence or a list item opens with.
UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and (c < "ɏ" or c >= "Ḁ"))


def _phrases(*kinds: str) -> list[str]:
    return sorted({p for k, p, _ in _cue_rows() if k in kinds}, key=len, reverse=True)


def _words(*kinds: str) -> re.Pattern[str]:
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _phrases(*kinds))
    return re.compile(rf"{WORD_START}(?:{alt}){WORD_END}", re.IGNORECASE)


def cue_key(s: str) -> str:
    return " ".join(s.lower().replace(",", " ").split())


WORD = re.compile(r"[\wÀ-ỹ]+")


class Hit:
    """A lexicon phrase found in the text (the slice of `re.Match` the grammar uses)."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _: int = 0) -> str:
        return self._text


class _Lexicon:
    """Phrases looked up word by word: much faster than one long regex alternation."""

    def __init__(self, phrases: Sequence[str]) -> None:
        index: dict[str, list[str]] = {}
        for p in phrases:
            index.setdefault(WORD.match(p.lower()).group(), []).append(p.lower())  # type: ignore[union-attr]
        self.index = {k: sorted(v, key=len, reverse=True) for k, v in index.items()}

    def at(self, text: str, pos: int, b: int) -> Hit | None:
        """The longest phrase that starts at `pos` (a word start) and ends at a word end."""
        m = WORD.match(text, pos, b)
        if m is None or (pos > 0 and _is_word(text[pos - 1])):
            return None
        return self._at(text, pos, b, m.group().lower())

    def _at(self, text: str, pos: int, b: int, first: str) -> Hit | None:
        for p in self.index.get(first, ()):
            end = pos + len(p)
            if end <= b and text[pos:end].lower() == p and not (end < len(text) and _is_word(text[end])):
                return Hit(pos, end, text[pos:end])
        return None

    def scan(self, text: str, a: int, b: int) -> Iterator[Hit]:
        for m in WORD.finditer(text, a, b):
            start = m.start()
            if start == a and start > 0 and _is_word(text[start - 1]):
                continue  # the range starts inside a word
            first = m.group().lower()
            if first in self.index:
                hit = self._at(text, start, b, first)
                if hit is not None:
                    yield hit


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True, slots=True)
class _Cues:
    marker: re.Pattern[str]
    request: re.Pattern[str]
    order: re.Pattern[str]
    verb: _Lexicon  # task verbs of two syllables or more: safe anywhere
    start_verb: _Lexicon  # all task verbs, one-syllable ones included: where an action starts
    adverb: re.Pattern[str]
    past: re.Pattern[str]
    future: re.Pattern[str]
    skip: re.Pattern[str]
    task: re.Pattern[str]
    field: re.Pattern[str]
    field_kind: dict[str, str]
    role: dict[str, Role]  # verb or marker -> the role it implies


@cache
def duty_cue_lexicon() -> _Cues:
    field_kind: dict[str, str] = {}
    for kind in ("lead_field", "support_field", "time_field", "task_field"):
        for p in _phrases(kind):
            field_kind.setdefault(cue_key(p), kind)
    fields = "|".join(
        re.escape(p).replace(r"\ ", r"\s+")
        for p in _phrases("lead_field", "support_field", "time_field", "task_field")
    )
    role = {cue_key(p): Role(r) for k, p, r in _cue_rows() if k in ("verb", "verb1") and r != "-"}
    role.update({cue_key(p): Role(r) for k, p, r in _cue_rows() if k == "marker"})
    heading = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _phrases("skip"))
    task = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _phrases("task"))
    return _Cues(
        marker=_words("marker"),
        request=_words("request"),
        order=_words("order"),
        verb=_Lexicon(_phrases("verb")),
        start_verb=_Lexicon(_phrases("verb", "verb1")),
        adverb=re.compile(
            rf"(?:{'|'.join(map(re.escape, _phrases('adverb')))}){WORD_END}[\s,]*", re.IGNORECASE
        ),
        past=_words("past"),
        future=_words("future"),
        skip=re.compile(rf"^\W*(?:{heading}){WORD_END}", re.IGNORECASE),
        task=re.compile(rf"^\W*(?:{task}){WORD_END}", re.IGNORECASE),
        field=re.compile(
            rf"(?:{fields})(?:\s+(?:thực hiện|chính|tham mưu(?: thực hiện)?))?\s*:", re.IGNORECASE
        ),
        field_kind=field_kind,
        role=role,
    )
