"""Topics of records and documents from a small keyword taxonomy (`extractors/data/topics.tsv`).

    record_topics("Giám sát việc thực hiện chính sách giảm nghèo bền vững") -> ("giam-ngheo", "giam-sat-phan-bien")

A text belongs to a topic when the weights of that topic's phrases found in it add up to
`THRESHOLD` (2): a weight-2 phrase ("giảm nghèo", "nông thôn mới") decides alone, weight-1
phrases ("sinh kế", "nông dân") need a second hit. Phrases match whole syllables, case-insensitively,
as written (with accents, one tone placement) or with no accents at all; punctuation between
syllables is ignored.

A document's topics come from its title (each title hit counts twice), its opening paragraphs
and the share of its duties and figures that name the topic. A stored record carries the topics
its own words name plus its document's main topic (`index/fields.py`): a bare "Sở Lao động chủ
trì kiểm tra" in a poverty-reduction plan is about poverty reduction. `tests/index/test_topics.py`
scores this and simpler readings on hand-labelled duties from corpus/raw.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from extractors.tsv import read_data, text_rows
from extractors.vnkeys import fold, tokenize

THRESHOLD = 2
_DATA = "topics.tsv"


@dataclass(frozen=True, slots=True)
class Topic:
    """One row group of topics.tsv: `slug` (stored and filtered on), `name` (shown, and accepted
    by `--topic`), `phrases` with their weights."""

    slug: str
    name: str
    phrases: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class _Model:
    topics: tuple[Topic, ...]
    weights: dict[tuple[str, ...], tuple[tuple[str, int], ...]]  # syllables -> (slug, weight)
    lengths: dict[str, tuple[int, ...]]  # first syllable -> lengths of the phrases it starts, longest first
    by_key: dict[str, str]  # folded slug or name -> slug


@cache
def _model() -> _Model:
    rows: dict[str, tuple[str, list[tuple[str, int]]]] = {}
    for lineno, cols in text_rows(read_data(_DATA), f"extractors/data/{_DATA}"):
        if len(cols) != 4 or not cols[0] or not cols[3] or cols[2] not in ("1", "2"):
            raise ValueError(
                f"extractors/data/{_DATA}:{lineno}: expected 'slug<TAB>name<TAB>1|2<TAB>phrase', got {cols!r}"
            )
        slug, name, weight, phrase = cols[0], cols[1], int(cols[2]), cols[3]
        rows.setdefault(slug, (name, []))[1].append((phrase, weight))
    weights: dict[tuple[str, ...], dict[str, int]] = {}
    for slug, (_name, phrases) in rows.items():
        for phrase, weight in phrases:
            syllables = tuple(tokenize(phrase))
            for form in {syllables, tuple(fold(t) for t in syllables)}:
                slot = weights.setdefault(form, {})
                slot[slug] = max(slot.get(slug, 0), weight)
    topics = tuple(Topic(slug, name, tuple(phrases)) for slug, (name, phrases) in rows.items())
    by_key: dict[str, str] = {}
    for t in topics:
        by_key[_key(t.slug)] = t.slug
        by_key[_key(t.name)] = t.slug
    lengths: dict[str, set[int]] = {}
    for f in weights:
        lengths.setdefault(f[0], set()).add(len(f))
    return _Model(
        topics,
        {f: tuple(w.items()) for f, w in weights.items()},
        {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        by_key,
    )


def _key(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(s))


def taxonomy() -> tuple[Topic, ...]:
    """Every topic, in file order."""
    return _model().topics


def topic_slug(name: str) -> str:
    """The slug for a topic's slug or name, accents and case optional ("giam ngheo" -> "giam-ngheo").

    Raises ValueError listing the known topics.
    """
    slug = _model().by_key.get(_key(name))
    if slug is None:
        known = ", ".join(t.name for t in taxonomy())
        raise ValueError(f"unknown topic {name!r}; known topics: {known}")
    return slug


def topic_name(slug: str) -> str:
    return next((t.name for t in taxonomy() if t.slug == slug), slug)


def scores(text: str) -> Counter[str]:
    """The summed phrase weights per topic slug found in `text`."""
    m = _model()
    out: Counter[str] = Counter()
    tokens = tokenize(text)
    i = 0
    while i < len(tokens):  # longest phrase first at each syllable; a match is not reread
        for n in m.lengths.get(tokens[i], ()):
            found = m.weights.get(tuple(tokens[i : i + n]))
            if found:
                for slug, weight in found:
                    out[slug] += weight
                i += n
                break
        else:
            i += 1
    return out


def text_topics(text: str) -> tuple[str, ...]:
    """Topic slugs whose phrases in `text` reach the threshold, strongest first."""
    return tuple(slug for slug, s in scores(text).most_common() if s >= THRESHOLD)


def record_text(item: dict[str, object]) -> str:
    """The words of a SCHEMA.md record that say what it is about."""
    return " ; ".join(str(item[k]) for k in ("action", "subject", "text", "unit") if item.get(k))


def own_topics(item: dict[str, object]) -> tuple[str, ...]:
    """The topics a record's own words name (a deadline, whose words are a date, reads its
    evidence sentence)."""
    text = record_text(item)
    if "start_date" in item or "recurrence" in item:  # a deadline
        text = str(item.get("evidence") or text)
    return text_topics(text)


def record_topics(item: dict[str, object], inherited: Iterable[str] = ()) -> tuple[str, ...]:
    """A record's topics: its own words', else (for a record that names none) `inherited`."""
    return own_topics(item) or tuple(inherited)


LEAD_CHARS = 3000  # how much of the body opening `document_topics` reads


def document_topics(
    title: str | None, record_topics: Iterable[tuple[str, ...]], lead: str = "", max_topics: int = 3
) -> tuple[str, ...]:
    """A document's topics, at most `max_topics`: title hits (doubled), topics named at least
    twice as strongly as the threshold in the first LEAD_CHARS of `lead` (the body), and topics
    that at least 15% (and at least two) of its duties and figures name (`record_topics`: each
    one's `own_topics`)."""
    total: Counter[str] = Counter()
    for slug, s in scores(title or "").items():
        total[slug] += 2 * s
    for slug, s in scores(lead[:LEAD_CHARS]).items():
        if s >= 2 * THRESHOLD:
            total[slug] += THRESHOLD
    own: Counter[str] = Counter()
    n = 0
    for topics in record_topics:
        n += 1
        own.update(topics)
    for slug, c in own.items():
        if c >= 2 and c >= 0.15 * n:
            total[slug] += THRESHOLD
    return tuple(slug for slug, s in total.most_common(max_topics) if s >= THRESHOLD)
