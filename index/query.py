"""Search requests and answers shared by every backend, and the parsing of user query text.

The dataclasses here are the whole contract between callers (CLI, HTTP API) and stores:

    store.search(SearchQuery(text="giam ngheo", provinces=("Lào Cai",))) -> SearchResult
    store.records(RecordKind.DUTIES, RecordQuery(agency_kinds=("department",))) -> RecordResult
    store.facets(SearchQuery(text="nông thôn mới")) -> Facets

User query text is text, never syntax: `parse_query` turns any string (unbalanced quotes, FTS
operators, SQL metacharacters, 10 kB of noise) into a `ParsedQuery` of plain tokens, and each
backend writes its own query language from that, quoting every token (as sqlite-utils'
`quote_fts` does). Double-quoted parts are phrases; an abbreviation and its expansion
(`UBND` ↔ `Ủy ban nhân dân`, rows of `index/data/synonyms.tsv`) match each other.

Matching is accent-insensitive (`giam ngheo` finds `giảm nghèo`, `dong thap` finds `Đồng Tháp`)
and tone-placement-insensitive (`hoà` = `hòa`); documents whose text carries the query's own
accents rank first (`Hit.exact`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

from extractors.vnkeys import exact_key as exact_key
from extractors.vnkeys import fold as fold
from extractors.vnkeys import tokenize as tokenize

MAX_QUERY_CHARS = 2000  # longer query text is cut here (a 10 kB paste still searches)
MAX_GROUPS = 24  # at most this many terms/phrases are ANDed
MAX_PHRASE_TOKENS = 32
MAX_ALTERNATIVES = 8  # synonym expansions of one phrase
MAX_LIMIT = 1000


class RecordKind(StrEnum):
    """The record lists of SCHEMA.md."""

    AGENCIES = "agencies"
    DUTIES = "duties"
    DEADLINES = "deadlines"
    FIGURES = "figures"
    REFERENCES = "references"


class Sort(StrEnum):
    """Order of hits: `relevance` (exact-accent matches first, then BM25, title boosted),
    `date` (newest issued first), `date_asc` (oldest first). Ties break on document id."""

    RELEVANCE = "relevance"
    DATE = "date"
    DATE_ASC = "date_asc"


class ProvinceScope(StrEnum):
    """How a province filter reads: `written` matches the province as the document names it;
    `current` matches the province today, after the 1 July 2025 merger, so `Lào Cai`
    also finds documents of the former Yên Bái."""

    WRITTEN = "written"
    CURRENT = "current"


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A document search: full text plus filters; every filter is optional.

    `text` is user text (see the module docstring). Tuple filters match any of their values;
    different filters must all hold. `agency_kinds`, `roles` and `figure_kinds` keep documents
    holding at least one record of that agency kind (SCHEMA.md `agencies[].kind`), duty role
    or figure kind. `issuer` matches the issuing body, accents and case optional, as a
    substring. `year_from`/`year_to` bound the year of `issued_date`, inclusive. `topics` are
    slugs or names of `index/data/topics.tsv` rows. With `facets` the result carries counts.
    """

    text: str = ""
    provinces: tuple[str, ...] = ()
    province_scope: ProvinceScope = ProvinceScope.WRITTEN
    doc_types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    issuer: str | None = None
    agency_kinds: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    figure_kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sort: Sort = Sort.RELEVANCE
    limit: int = 20
    offset: int = 0
    facets: bool = False
    snippet_chars: int = 240


@dataclass(frozen=True, slots=True)
class RecordQuery:
    """A query over extracted records of one kind (the kind is `records`' first argument: duties,
    deadlines or figures; agencies and references are searched through their documents).

    `text` is user text matched against the record (actor, action, text, subject, name, unit).
    `agency` matches a duty's actor or an agency's text/name, accents and case optional, as
    words (`sở nội vụ`); `agency_kinds` the actor's kind (`department`, `people_committee`).
    `due_after`/`due_before` (inclusive) keep records whose resolved due date — the end of a
    deadline's interval, else its start; for a duty, its attached deadline's — falls in the
    window; a record with no resolved date is then left out. `subject` matches a figure's
    subject as phrases. Provinces are the record's own province, else its document's. Records
    come newest document first, then in document order; with a due window, soonest due first;
    with `text`, those holding the typed words side by side first.
    """

    text: str = ""
    agency: str | None = None
    agency_kinds: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    province_scope: ProvinceScope = ProvinceScope.WRITTEN
    figure_kinds: tuple[str, ...] = ()
    subject: str | None = None
    due_after: date | None = None
    due_before: date | None = None
    topics: tuple[str, ...] = ()
    doc_id: str | None = None
    doc_types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    limit: int = 50
    offset: int = 0
    with_evidence: bool = True  # False skips reading evidence sentences (faster listings)


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching document.

    `snippet` is a passage of the document text starting at `snippet_start` (an offset into
    the normalized text), with `highlights` the (start, end) offsets within `snippet` of the
    matched words. `score` is higher-is-better and only comparable within one result; `exact`
    says the text carries the query's accents as typed.
    """

    doc_id: str
    title: str | None
    doc_type: str
    number: str | None
    issued_date: str | None
    provinces: tuple[str, ...]
    issuer: str | None
    source: str
    score: float
    exact: bool = False
    snippet: str = ""
    snippet_start: int = 0
    highlights: tuple[tuple[int, int], ...] = ()

    def marked(self, open_: str = "[", close: str = "]") -> str:
        """The snippet with each highlight wrapped in `open_` … `close` (e.g. `<mark>`)."""
        return mark(self.snippet, self.highlights, open_, close)


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts of matching documents per value (descending count, then value).

    `provinces` as written, `current_provinces` after the 2025 merger; `agency_kinds`, `roles`,
    `figure_kinds` and `topics` count documents holding at least one such record. `approximate`
    is true when the counts cover only part of the matches: the candidates a backend ranked for a
    very common query, or the newest few thousand documents of a filter-only query (see
    `index/search_sqlite.py`; Elasticsearch counts exactly).
    """

    provinces: dict[str, int] = field(default_factory=dict)
    current_provinces: dict[str, int] = field(default_factory=dict)
    doc_types: dict[str, int] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)
    issuers: dict[str, int] = field(default_factory=dict)
    agency_kinds: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    figure_kinds: dict[str, int] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits of one page, how many documents matched, and facets when asked.

    `total` is exact unless `total_is_lower_bound` (a very common query whose candidates were
    capped; the hits are then the best of those candidates).
    """

    hits: tuple[Hit, ...]
    total: int
    total_is_lower_bound: bool = False
    facets: Facets | None = None
    took_ms: float = 0.0


@dataclass(frozen=True, slots=True)
class RecordHit:
    """One stored record and where it comes from.

    `data` is the record as SCHEMA.md shapes it (with start/end/evidence); the other fields are
    the indexed columns: `agency_kind` (an agency's kind, a duty's actor kind), `due_start`/
    `due_end` (ISO dates), `province`/`current_province`, `topics` (slugs).
    """

    doc_id: str
    kind: str
    idx: int
    text: str
    start: int | None
    end: int | None
    evidence: str | None
    province: str | None
    current_province: str | None
    agency_kind: str | None
    role: str | None
    figure_kind: str | None
    due_start: str | None
    due_end: str | None
    value: float | None
    topics: tuple[str, ...]
    data: dict[str, Any]
    doc_title: str | None
    doc_type: str
    issued_date: str | None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class RecordResult:
    """Records of one page and how many matched (`total_is_lower_bound` as in SearchResult).

    See `RecordQuery` for the order; `RecordHit.score` is 1.0 for records holding the typed words
    side by side, else 0.0.
    """

    hits: tuple[RecordHit, ...]
    total: int
    total_is_lower_bound: bool = False
    took_ms: float = 0.0


def mark(text: str, spans: tuple[tuple[int, int], ...], open_: str, close: str) -> str:
    """`text` with each (start, end) span wrapped in `open_`/`close`; spans must not overlap."""
    out, pos = [], 0
    for start, end in sorted(spans):
        out += [text[pos:start], open_, text[start:end], close]
        pos = end
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- parsing

_OPERATORS = re.compile(r"(?<![^\W_])(?:AND|OR|NOT|NEAR)(?![^\W_])")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive tokens that must appear in this order: `exact` as typed (lower case, one tone
    placement), `folded` without accents (`đ` -> `d`)."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]

    @property
    def accented(self) -> bool:
        """True when the user typed accents here, so an exact-accent match is worth ranking first."""
        return self.exact != self.folded


@dataclass(frozen=True, slots=True)
class Group:
    """One required part of a query: any of its `alternatives` (a word or phrase and its
    synonyms, the typed form first) must match. `quoted` says the user wrote it in quotes."""

    alternatives: tuple[Phrase, ...]
    quoted: bool = False

    @property
    def typed(self) -> Phrase:
        return self.alternatives[0]


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query as plain tokens: every group must match (AND). Empty when the text held no words."""

    groups: tuple[Group, ...]

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def accented(self) -> bool:
        return any(g.typed.accented for g in self.groups)

    def fts_folded(self) -> str:
        """The FTS5 MATCH expression over a folded (`remove_diacritics 2`) index; '' when empty."""
        return " AND ".join(_fts_group(g, folded=True) for g in self.groups)

    def fts_exact(self) -> str:
        """The FTS5 MATCH expression over the exact index for the accented groups; '' if none.

        Each phrase becomes its words ANDed, so the exact index needs no positions
        (`detail=none`); the folded expression already holds the words in order.
        """
        return " AND ".join(_fts_group(g, folded=False) for g in self.groups if g.typed.accented)

    def adjacent_runs(self) -> list[list[Group]]:
        """The groups in runs: consecutive unquoted single words ("dong", "thap") form one run."""
        runs: list[list[Group]] = []
        for g in self.groups:
            if _single(g) and runs and _single(runs[-1][-1]):
                runs[-1].append(g)
            else:
                runs.append([g])
        return runs

    def fts_adjacent(self) -> str:
        """The folded expression with each run of unquoted words as one phrase (`"dong thap"`),
        for ranking documents that hold the words together first; '' when no run has two words."""
        runs = self.adjacent_runs()
        if all(len(r) < 2 for r in runs):
            return ""
        parts = []
        for run in runs:
            if len(run) >= 2:
                parts.append(quote_fts(" ".join(g.typed.folded[0] for g in run)))
            else:
                parts.append(_fts_group(run[0], folded=True))
        return " AND ".join(parts)

    def folded_terms(self) -> tuple[tuple[str, ...], ...]:
        """Every folded phrase of every alternative, and each run of words (for highlighting)."""
        runs = tuple(tuple(g.typed.folded[0] for g in r) for r in self.adjacent_runs() if len(r) >= 2)
        return runs + tuple(p.folded for g in self.groups for p in g.alternatives)


def _single(g: Group) -> bool:
    return not g.quoted and len(g.alternatives) == 1 and len(g.typed.folded) == 1


def quote_fts(token: str) -> str:
    """One FTS5 string: double quotes around it, inner double quotes doubled (sqlite-utils)."""
    return '"' + token.replace('"', '""') + '"'


def _fts_group(group: Group, folded: bool) -> str:
    phrases = []
    for p in group.alternatives:
        if folded:
            phrases.append(quote_fts(" ".join(p.folded)))
        elif len(p.exact) == 1:
            phrases.append(quote_fts(p.exact[0]))
        else:
            phrases.append("(" + " AND ".join(quote_fts(t) for t in p.exact) + ")")
    unique = list(dict.fromkeys(phrases))
    return unique[0] if len(unique) == 1 else "(" + " OR ".join(unique) + ")"


def _phrase(tokens: list[str]) -> Phrase:
    return Phrase(tuple(tokens), tuple(fold(t) for t in tokens))


@dataclass(frozen=True, slots=True)
class _Synonyms:
    by_first: dict[str, tuple[tuple[tuple[str, ...], int], ...]]  # folded first token -> (folded form, class)
    classes: tuple[tuple[Phrase, ...], ...]  # each class: its forms, the expansion first


@cache
def synonyms() -> _Synonyms:
    """The rows of `index/data/synonyms.tsv` as classes of equivalent phrases (loaded once).

    A bad row raises ValueError naming the file and line.
    """
    name = "synonyms.tsv"
    text = files("index.data").joinpath(name).read_text(encoding="utf-8")
    classes: dict[tuple[str, ...], list[Phrase]] = {}
    header = True
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        cols = line.split("\t")
        if len(cols) != 2 or not tokenize(cols[0]) or not tokenize(cols[1]):
            raise ValueError(
                f"index/data/{name}:{lineno}: expected 'abbreviation<TAB>expansion', got {line!r}"
            )
        expansion = _phrase(tokenize(cols[1]))
        forms = classes.setdefault(expansion.folded, [expansion])
        abbreviation = _phrase(tokenize(cols[0]))
        if abbreviation not in forms:
            forms.append(abbreviation)
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for i, forms in enumerate(classes.values()):
        for f in forms:
            by_first.setdefault(f.folded[0], []).append((f.folded, i))
    return _Synonyms(
        by_first={k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in by_first.items()},
        classes=tuple(tuple(forms) for forms in classes.values()),
    )


def _segments(tokens: list[str]) -> list[tuple[list[str], int | None]]:
    """Split tokens into runs: (tokens, synonym class) for known forms, (tokens, None) otherwise;
    longest form first at each position."""
    syn = synonyms()
    folded = [fold(t) for t in tokens]
    out: list[tuple[list[str], int | None]] = []
    i = 0
    while i < len(tokens):
        for form, cls in syn.by_first.get(folded[i], ()):
            if tuple(folded[i : i + len(form)]) == form:
                out.append((tokens[i : i + len(form)], cls))
                i += len(form)
                break
        else:
            out.append(([tokens[i]], None))
            i += 1
    return out


def _alternatives(tokens: list[str], cls: int | None) -> tuple[Phrase, ...]:
    typed = _phrase(tokens)
    if cls is None:
        return (typed,)
    others = [f for f in synonyms().classes[cls] if f.folded != typed.folded]
    return (typed, *others)


def _phrase_group(tokens: list[str]) -> Group:
    """A quoted phrase and its variants with each known form swapped for its synonyms."""
    variants: list[list[str]] = [[]]
    for seg, cls in _segments(tokens):
        alts = _alternatives(seg, cls)
        variants = [v + list(a.exact) for v in variants for a in alts][:MAX_ALTERNATIVES]
    phrases = tuple(dict.fromkeys(_phrase(v) for v in variants))
    return Group(phrases, quoted=True)


def parse_query(text: str) -> ParsedQuery:
    """Plain words and quoted phrases of `text`; never raises.

    Words are ANDed. An unbalanced quote opens a phrase that runs to the end. Operators are
    text too: `*`, `-`, `:`, `(` separate words, SQL is words, and the upper-case words `AND`,
    `OR`, `NOT`, `NEAR` that a user may type out of habit are dropped.
    """
    text = _OPERATORS.sub(" ", (text or "")[:MAX_QUERY_CHARS]).translate(_QUOTES)
    groups: list[Group] = []
    for i, part in enumerate(text.split('"')):
        tokens = tokenize(part)
        if not tokens:
            continue
        if i % 2 == 1:  # inside quotes
            groups.append(_phrase_group(tokens[:MAX_PHRASE_TOKENS]))
        else:
            groups.extend(Group(_alternatives(seg, cls)) for seg, cls in _segments(tokens))
    unique = list(dict.fromkeys(groups))
    return ParsedQuery(tuple(unique[:MAX_GROUPS]))


def clamp_limit(limit: int) -> int:
    """A page size within 0..MAX_LIMIT."""
    return max(0, min(int(limit), MAX_LIMIT))
