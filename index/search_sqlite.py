"""Search, facets and record queries over the SQLite store's tables (see `index/sqlite.py`).

Design: FTS5 with a bounded candidate set. Ranking every hit of a common query is what makes
plain `ORDER BY bm25(...)` slow (`ubnd tinh` matches nearly every document), so a query reads
at most `CANDIDATES` matches, newest first (FTS5 walks its doclists in rowid order and stops),
computes BM25 for those only (see `_score` for why BM25 reads only the rarest typed words).
Filters live in the FTS index too, as made-up words of a `meta` column (`zzcurlaocai`), so FTS5
intersects a query with its filters itself. Below the cap (every rare or filtered-down query)
the candidate set is complete; above it `total_is_lower_bound` says so and facets are counted
over the candidates (`Facets.approximate`). Sorting by date on a common query walks the date index
instead and checks each document against the FTS index (cheap: most documents match). Record
queries bound their full-text candidates the same way. Why not tantivy: it would rank common
terms faster (block-max WAND) but adds a second on-disk index to keep transactionally in step
with SQLite; at 100k documents the bounded FTS5 design meets the latency goals (bench/search.py).

Matching: the folded table (`docs_fold`, `remove_diacritics 2`, đ→d before indexing) finds
documents whatever the accents; the exact table (`docs_fts`, `remove_diacritics 0`,
`detail=none`) tells which of them carry the query's accents as typed. Relevance order: documents
holding the typed words side by side ("dong thap" as a phrase) first, then those with the
query's own accents, then BM25 (title weighted `TITLE_WEIGHT`), then document id.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from time import perf_counter
from typing import Any

import orjson

from index.fields import RECORD_KINDS, canonical_province, meta_token, today_province
from index.fold import fold
from index.query import (
    Facets,
    Hit,
    ParsedQuery,
    ProvinceScope,
    RecordHit,
    RecordKind,
    RecordQuery,
    RecordResult,
    SearchQuery,
    SearchResult,
    Sort,
    clamp_limit,
    parse_query,
    quote_fts,
    tokenize,
)
from index.topics import topic_slug

CANDIDATES = 500  # matches ranked per query (newest first) before the cap applies
TITLE_WEIGHT = 5.0  # BM25 column weight of the title against the body
MAX_OFFSET = 10_000
SNIPPET_SCAN = 30_000  # characters of a document searched for a snippet
BROWSE_COUNT_CAP = 10_000  # a query without text counts its matches up to here
FACET_CAP = CANDIDATES  # documents counted for the facets of a query without text (the newest ones)


# --------------------------------------------------------------------------- filters


@dataclass(slots=True)
class _Where:
    """SQL conditions ANDed, with their parameters."""

    sql: list[str]
    params: list[Any]

    def add(self, sql: str, *params: Any) -> None:
        self.sql.append(sql)
        self.params.extend(params)

    def clause(self, prefix: str = " AND ") -> str:
        return prefix + " AND ".join(self.sql) if self.sql else ""


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def province_filter(names: Iterable[str], scope: ProvinceScope) -> tuple[str, tuple[str, ...]]:
    """('province' | 'current', names): the column and values a province filter compares.

    Names are read with the gazetteer (accents, case and "tỉnh"/"TP" optional); with the
    `current` scope each becomes its province after the 2025 merger.
    """
    canon = [canonical_province(n.strip()) for n in names if n and n.strip()]
    if scope == ProvinceScope.CURRENT:
        return "current", tuple(dict.fromkeys(today_province(n) for n in canon))
    return "province", tuple(dict.fromkeys(canon))


def topic_slugs(names: Iterable[str]) -> tuple[str, ...]:
    """Slugs for topic names or slugs; raises ValueError for an unknown one."""
    return tuple(dict.fromkeys(topic_slug(n) for n in names if n and n.strip()))


def _doc_where(q: SearchQuery) -> _Where:
    """All of `q`'s filters as SQL over documents d (for queries without text)."""
    w = _Where([], [])
    # correlated EXISTS, not IN (subquery): walking the date index, each document is checked by one
    # index probe instead of materializing every document of a common filter first
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        w.add(
            f"EXISTS (SELECT 1 FROM doc_provinces p WHERE p.doc_rowid = d.rowid AND p.{column} IN ({_marks(values)}))",
            *values,
        )
    if q.doc_types:
        w.add(f"d.doc_type IN ({_marks(q.doc_types)})", *q.doc_types)
    if q.year_from is not None:
        w.add("d.year >= ?", int(q.year_from))
    if q.year_to is not None:
        w.add("d.year <= ?", int(q.year_to))
    _issuer(w, q)
    for field, values in (
        ("agency_kind", q.agency_kinds),
        ("role", q.roles),
        ("figure_kind", q.figure_kinds),
        ("topic", topic_slugs(q.topics)),
    ):
        if values:
            w.add(
                f"EXISTS (SELECT 1 FROM doc_terms t WHERE t.field = ? AND t.value IN ({_marks(values)})"
                " AND t.doc_rowid = d.rowid)",
                field,
                *values,
            )
    return w


def _issuer(w: _Where, q: SearchQuery) -> None:
    if q.issuer and (words := tokenize(fold(q.issuer))):
        w.add("(' ' || d.issuer_key || ' ') LIKE ? ESCAPE '\\'", "% " + _like(" ".join(words)) + " %")


def _any(field: str, values: Iterable[object]) -> str:
    words = [quote_fts(meta_token(field, v)) for v in values]
    return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"


def _doc_meta(q: SearchQuery) -> tuple[str, _Where]:
    """`q`'s filters as FTS5 words of the `meta` column (ANDed), and the rest as SQL."""
    parts: list[str] = []
    rest = _Where([], [])
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        parts.append(_any(column, values))
    if q.doc_types:
        parts.append(_any("doc_type", q.doc_types))
    if q.year_from is not None or q.year_to is not None:
        lo, hi = max(q.year_from or 1900, 1900), min(q.year_to or 2100, 2100)
        if hi - lo <= 60:
            parts.append(_any("year", range(lo, hi + 1)) if hi >= lo else quote_fts("zzyearnone"))
        else:
            rest.add("d.year BETWEEN ? AND ?", lo, hi)
    _issuer(rest, q)
    for field, values in (
        ("agency_kind", q.agency_kinds),
        ("role", q.roles),
        ("figure_kind", q.figure_kinds),
        ("topic", topic_slugs(q.topics)),
    ):
        if values:
            parts.append(_any(field, values))
    return " AND ".join(parts), rest


def _like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _and(*exprs: str) -> str:
    return " AND ".join(f"({e})" for e in exprs if e)


# --------------------------------------------------------------------------- search


@dataclass(slots=True)
class _Candidate:
    rowid: int
    doc_id: str
    issued: str | None
    score: float  # FTS5 bm25: lower is better
    exact: bool = False
    together: bool = True  # the query's words stand next to each other (see ParsedQuery.fts_adjacent)

    def rank(self) -> tuple[bool, bool, float, str]:
        return (not self.together, not self.exact, self.score, self.doc_id)


def search(conn: sqlite3.Connection, q: SearchQuery) -> SearchResult:
    """Documents matching `q`, one page, with snippets and (if asked) facets."""
    t0 = perf_counter()
    parsed = parse_query(q.text)
    limit, offset = clamp_limit(q.limit), max(0, min(int(q.offset), MAX_OFFSET))
    if parsed.empty and q.text.strip():  # punctuation only: nothing to look for
        return SearchResult((), 0, facets=Facets() if q.facets else None, took_ms=_ms(t0))
    if parsed.empty:
        where = _doc_where(q)
        page, total, capped = _browse(conn, where, _doc_meta(q), q.sort, limit, offset)
        facets = _facets(conn, _newest(conn, q), approximate=total > FACET_CAP) if q.facets else None
        hits = _hits(conn, page, None, q.snippet_chars)
        return SearchResult(tuple(hits), total, capped, facets, _ms(t0))

    meta, rest = _doc_meta(q)
    cands, capped = _candidates(conn, parsed, meta, rest)
    if cands and parsed.accented:
        _mark(conn, "docs_fts", _and(parsed.fts_exact(), meta), cands, "exact")
    if cands and q.sort == Sort.RELEVANCE and parsed.fts_adjacent():
        _mark(conn, "docs_fold", _and(parsed.fts_adjacent(), meta), cands, "together")
    total = len(cands)
    if q.sort == Sort.RELEVANCE:
        cands.sort(key=_Candidate.rank)
        page = [(c.rowid, -c.score, c.exact) for c in cands[offset : offset + limit]]
    elif not capped:
        page = [(c.rowid, -c.score, c.exact) for c in _by_date(cands, q.sort)[offset : offset + limit]]
    else:
        page = _date_walk(
            conn, _and(parsed.fts_folded(), meta), rest, q.sort, limit, offset, {c.rowid: c for c in cands}
        )
    facets = _facets(conn, [c.rowid for c in cands], approximate=capped) if q.facets else None
    hits = _hits(conn, page, parsed, q.snippet_chars)
    return SearchResult(tuple(hits), total, capped, facets, _ms(t0))


def _ms(t0: float) -> float:
    return round((perf_counter() - t0) * 1000, 3)


def _browse(
    conn: sqlite3.Connection, where: _Where, meta: tuple[str, _Where], sort: Sort, limit: int, offset: int
) -> tuple[list[tuple[int, float, bool]], int, bool]:
    order = (
        "d.issued_date IS NULL, d.issued_date ASC, d.id DESC"
        if sort == Sort.DATE_ASC
        else "d.issued_date DESC, d.id"
    )
    rows = conn.execute(
        f"SELECT d.rowid FROM documents d {where.clause(' WHERE ')} ORDER BY {order} LIMIT ? OFFSET ?",
        (*where.params, limit, offset),
    ).fetchall()
    expr, rest = meta
    if expr and not rest.sql:  # the filters are index words: FTS5 counts them from its doclists
        count_sql = "SELECT count(*) FROM (SELECT 1 FROM docs_fold WHERE docs_fold MATCH ? LIMIT ?)"
        params: tuple[Any, ...] = (expr, BROWSE_COUNT_CAP + 1)
    else:
        count_sql = f"SELECT count(*) FROM (SELECT 1 FROM documents d {where.clause(' WHERE ')} LIMIT ?)"
        params = (*where.params, BROWSE_COUNT_CAP + 1)
    total = conn.execute(count_sql, params).fetchone()[0]
    return [(r[0], 0.0, False) for r in rows], min(total, BROWSE_COUNT_CAP), total > BROWSE_COUNT_CAP


def _newest(conn: sqlite3.Connection, q: SearchQuery) -> list[int]:
    """The newest FACET_CAP documents a query without text matches (for its facets)."""
    meta, rest = _doc_meta(q)
    if meta:
        sql = (
            "SELECT f.rowid FROM docs_fold f JOIN documents d ON d.rowid = f.rowid WHERE docs_fold MATCH ?"
            f"{rest.clause()} AND f.rowid < ? ORDER BY f.rowid DESC LIMIT ?"
        )
        return [r[0] for r in conn.execute(sql, (meta, *rest.params, 1 << 62, FACET_CAP))]
    sql = f"SELECT d.rowid FROM documents d {rest.clause(' WHERE ')} ORDER BY d.rowid DESC LIMIT ?"
    return [r[0] for r in conn.execute(sql, (*rest.params, FACET_CAP))]


def _candidates(
    conn: sqlite3.Connection, parsed: ParsedQuery, meta: str, rest: _Where
) -> tuple[list[_Candidate], bool]:
    """The newest CANDIDATES matches, scored by `_score`."""
    sql = (
        "SELECT f.rowid, d.id, d.issued_date FROM docs_fold f JOIN documents d ON d.rowid = f.rowid"
        f" WHERE docs_fold MATCH ?{rest.clause()} AND f.rowid < ? ORDER BY f.rowid DESC LIMIT ?"
    )
    rows = conn.execute(
        sql, (_and(parsed.fts_folded(), meta), *rest.params, 1 << 62, CANDIDATES + 1)
    ).fetchall()
    capped = len(rows) > CANDIDATES
    cands = [_Candidate(r[0], r[1], r[2], 0.0) for r in rows[:CANDIDATES]]
    if cands:
        _score(conn, parsed, cands)
    return cands, capped


SCORED_WORDS = 3  # the rarest typed words that BM25 scores


def _score(conn: sqlite3.Connection, parsed: ParsedQuery, cands: list[_Candidate]) -> None:
    """Set each candidate's BM25 (title weighted) for the rarest words the user typed.

    FTS5's bm25() computes each phrase's document frequency by reading its whole doclist, on
    every query: a scan of the collection for a common word, worse for a phrase of common words
    ("uy ban nhan dan"). So a second statement scores the candidates' rowid range with the
    SCORED_WORDS rarest typed words alone (document frequencies cached per store state, see
    `_df`), leaving out words in half the documents or more, which FTS5's BM25 weighs at zero
    anyway. A candidate matched only through a synonym keeps score 0 and ranks after those
    that match the words as typed.
    """
    typed = list(dict.fromkeys(t for g in parsed.groups for t in g.typed.folded))
    half = _df(conn, "") / 2  # FTS5's BM25 gives a word in half the documents or more no weight at all
    rarest = [t for t in sorted(typed, key=lambda t: _df(conn, t)) if _df(conn, t) < half][:SCORED_WORDS]
    if not rarest:
        return
    words = " AND ".join(quote_fts(t) for t in rarest)
    scores = dict(
        conn.execute(
            f"SELECT rowid, bm25(docs_fold, {TITLE_WEIGHT}, 1.0, 0.0) FROM docs_fold WHERE docs_fold MATCH ?"
            " AND rowid >= ? ORDER BY rowid DESC LIMIT ?",
            (words, min(c.rowid for c in cands), 2 * len(cands) + 50),
        ).fetchall()
    )
    for c in cands:
        c.score = scores.get(c.rowid, 0.0)


_DF: dict[str, int] = {}
_DF_STATE: list[tuple[int, int, int]] = []


def _df(conn: sqlite3.Connection, word: str) -> int:
    """How many documents hold `word` (folded; "" for all documents), cached until the store changes."""
    state = (id(conn), conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    if [state] != _DF_STATE:
        _DF.clear()
        _DF_STATE[:] = [state]
    if word not in _DF:
        sql, params = (
            ("SELECT count(*) FROM documents", ())
            if not word
            else ("SELECT count(*) FROM docs_fold WHERE docs_fold MATCH ?", (quote_fts(word),))
        )
        _DF[word] = conn.execute(sql, params).fetchone()[0]
    return _DF[word]


def _mark(conn: sqlite3.Connection, table: str, expr: str, cands: list[_Candidate], flag: str) -> None:
    """Set `flag` on the candidates that also match `expr` in `table` (same rowid range).

    `exact`: the text carries the query's accents as typed (docs_fts); `together`: each run of
    typed words stands as a phrase (docs_fold)."""
    lowest = min(c.rowid for c in cands)
    found = {
        r[0]
        for r in conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid >= ? ORDER BY rowid DESC LIMIT ?",
            (expr, lowest, 4 * len(cands) + 50),
        )
    }
    for c in cands:
        setattr(c, flag, c.rowid in found)


def _by_date(cands: list[_Candidate], sort: Sort) -> list[_Candidate]:
    dated = sorted((c for c in cands if c.issued), key=lambda c: c.doc_id)
    undated = sorted((c for c in cands if not c.issued), key=lambda c: c.doc_id)
    if sort == Sort.DATE_ASC:
        dated.sort(key=lambda c: c.doc_id, reverse=True)
        dated.sort(key=lambda c: str(c.issued))
        undated.reverse()
    else:
        dated.sort(key=lambda c: str(c.issued), reverse=True)
    return dated + undated


def _date_walk(
    conn: sqlite3.Connection,
    expr: str,
    rest: _Where,
    sort: Sort,
    limit: int,
    offset: int,
    known: dict[int, _Candidate],
) -> list[tuple[int, float, bool]]:
    """A date-ordered page of a common query: walk the date index, keep documents that match."""
    match = "EXISTS (SELECT 1 FROM docs_fold WHERE docs_fold MATCH ? AND rowid = d.rowid)"
    if sort == Sort.DATE_ASC:
        sql = (
            f"SELECT d.rowid FROM documents d WHERE d.issued_date IS NOT NULL{rest.clause()} AND {match}"
            " ORDER BY d.issued_date ASC, d.id DESC LIMIT ? OFFSET ?"
        )
    else:
        sql = (
            f"SELECT d.rowid FROM documents d WHERE 1{rest.clause()} AND {match}"
            " ORDER BY d.issued_date DESC, d.id LIMIT ? OFFSET ?"
        )
    page = [r[0] for r in conn.execute(sql, (*rest.params, expr, limit, offset))]
    if sort == Sort.DATE_ASC and len(page) < limit:  # undated documents come last
        dated = conn.execute(
            f"SELECT count(*) FROM documents d WHERE d.issued_date IS NOT NULL{rest.clause()} AND {match}",
            (*rest.params, expr),
        ).fetchone()[0]
        more = conn.execute(
            f"SELECT d.rowid FROM documents d WHERE d.issued_date IS NULL{rest.clause()} AND {match}"
            " ORDER BY d.id DESC LIMIT ? OFFSET ?",
            (*rest.params, expr, limit - len(page), max(0, offset - dated)),
        ).fetchall()
        page += [r[0] for r in more]
    out = []
    for rowid in page:
        c = known.get(rowid)
        out.append((rowid, -c.score if c else 0.0, c.exact if c else False))
    return out


# --------------------------------------------------------------------------- hits and snippets


def _hits(
    conn: sqlite3.Connection,
    page: list[tuple[int, float, bool]],
    parsed: ParsedQuery | None,
    snippet_chars: int,
) -> list[Hit]:
    if not page:
        return []
    text_col = ", d.text" if snippet_chars > 0 else ", NULL"
    rows = {
        r[0]: r
        for r in conn.execute(
            f"SELECT d.rowid, d.id, d.title, d.doc_type, d.number, d.issued_date, d.provinces, d.issuer, d.source{text_col}"
            " FROM documents d WHERE d.rowid IN (SELECT value FROM json_each(?))",
            (json.dumps([p[0] for p in page]),),
        )
    }
    hits = []
    for rowid, score, exact in page:
        r = rows[rowid]
        snippet, start, marks = snippet_of(r[9], parsed, snippet_chars) if r[9] is not None else ("", 0, ())
        hits.append(
            Hit(
                doc_id=r[1],
                title=r[2],
                doc_type=r[3],
                number=r[4],
                issued_date=r[5],
                provinces=tuple(orjson.loads(r[6])),
                issuer=r[7],
                source=r[8],
                score=round(score, 6),
                exact=exact,
                snippet=snippet,
                snippet_start=start,
                highlights=marks,
            )
        )
    return hits


_WORD = re.compile(r"[^\W_]+")
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


# --------------------------------------------------------------------------- facets


def _counts(rows: Iterable[tuple[Any, int]]) -> dict[Any, int]:
    pairs = [(k, n) for k, n in rows if k is not None and k != ""]
    return dict(sorted(pairs, key=lambda kv: (-kv[1], str(kv[0]))))


def facets(conn: sqlite3.Connection, q: SearchQuery) -> Facets:
    """Facet counts for the documents `q` matches (see `Facets`): over the ranked candidates for a
    text query, over the newest FACET_CAP matching documents for filters alone."""
    parsed = parse_query(q.text)
    if parsed.empty and q.text.strip():
        return Facets()
    if parsed.empty:
        rowids = _newest(conn, q)
        return _facets(conn, rowids, approximate=len(rowids) >= FACET_CAP)
    meta, rest = _doc_meta(q)
    cands, capped = _candidates(conn, parsed, meta, rest)
    return _facets(conn, [c.rowid for c in cands], approximate=capped)


def _facets(conn: sqlite3.Connection, rowids: list[int], approximate: bool = False) -> Facets:
    ids = json.dumps(rowids)
    inside = "IN (SELECT value FROM json_each(?))"

    def count(sql: str) -> dict[Any, int]:
        return _counts(conn.execute(sql, (ids,)).fetchall())

    terms: dict[str, Counter[str]] = {
        "agency_kind": Counter(),
        "role": Counter(),
        "figure_kind": Counter(),
        "topic": Counter(),
    }
    for field, value, n in conn.execute(
        f"SELECT field, value, count(*) FROM doc_terms WHERE doc_rowid {inside} GROUP BY field, value", (ids,)
    ):
        terms[field][value] = n
    return Facets(
        provinces=count(
            f"SELECT province, count(DISTINCT doc_rowid) FROM doc_provinces WHERE doc_rowid {inside}"
            " GROUP BY province"
        ),
        current_provinces=count(
            f"SELECT current, count(DISTINCT doc_rowid) FROM doc_provinces WHERE doc_rowid {inside}"
            " GROUP BY current"
        ),
        doc_types=count(f"SELECT doc_type, count(*) FROM documents WHERE rowid {inside} GROUP BY doc_type"),
        years=count(f"SELECT year, count(*) FROM documents WHERE rowid {inside} GROUP BY year"),
        issuers=count(f"SELECT issuer, count(*) FROM documents WHERE rowid {inside} GROUP BY issuer"),
        agency_kinds=_counts(terms["agency_kind"].items()),
        roles=_counts(terms["role"].items()),
        figure_kinds=_counts(terms["figure_kind"].items()),
        topics=_counts(terms["topic"].items()),
        approximate=approximate,
    )


# --------------------------------------------------------------------------- records


def record_kind(kind: RecordKind | str) -> RecordKind:
    """`kind` as a RecordKind that record queries serve; raises ValueError otherwise."""
    k = RecordKind(kind)
    if k.value not in RECORD_KINDS:
        raise ValueError(
            f"record queries serve {', '.join(RECORD_KINDS)}; {k.value} are searched through documents"
        )
    return k


def _record_where(kind: RecordKind, q: RecordQuery) -> tuple[_Where, bool]:
    """Conditions over records r (and documents d when the second value is true)."""
    w = _Where(["r.kind = ?"], [kind.value])
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        if column == "province":  # also narrow by the indexed current province
            w.add(f"r.current IN ({_marks(values)})", *[today_province(v) for v in values])
        w.add(f"r.{column} IN ({_marks(values)})", *values)
    for column, values in (
        ("agency_kind", q.agency_kinds),
        ("role", q.roles),
        ("figure_kind", q.figure_kinds),
    ):
        if values:
            w.add(f"r.{column} IN ({_marks(values)})", *values)
    if q.due_after is not None:
        w.add("r.due >= ?", q.due_after.isoformat())
    if q.due_before is not None:
        w.add("r.due <= ?", q.due_before.isoformat())
    slugs = topic_slugs(q.topics)
    if slugs:
        w.add(
            "(" + " OR ".join(["(' ' || r.topics || ' ') LIKE ?"] * len(slugs)) + ")",
            *[f"% {s} %" for s in slugs],
        )
    needs_doc = False
    if q.doc_id:
        w.add(
            "r.doc_rowid IN (SELECT rowid FROM documents WHERE id = ? OR (length(?) >= 6 AND id LIKE ? || '%'))",
            q.doc_id,
            q.doc_id,
            _like(q.doc_id),
        )
    if q.doc_types:
        w.add(f"d.doc_type IN ({_marks(q.doc_types)})", *q.doc_types)
        needs_doc = True
    if q.year_from is not None:
        w.add("d.year >= ?", int(q.year_from))
        needs_doc = True
    if q.year_to is not None:
        w.add("d.year <= ?", int(q.year_to))
        needs_doc = True
    return w, needs_doc


def _record_match(q: RecordQuery) -> tuple[str, bool]:
    """(FTS5 expression over records_fts, whether it holds ranked text) or ('', False);
    ('\\0', False) when a given part holds no words (nothing can match). The agency and subject
    are phrases ("sở tài chính" in the actor column), the text is words."""
    parts = []
    ranked = False
    for column, value in (("", q.text), ("actor", q.agency), ("subject", q.subject)):
        if value is None or not value.strip():
            continue
        parsed = parse_query(value if not column else '"' + value.replace('"', " ") + '"')
        if parsed.empty:
            return "\0", False
        expr = parsed.fts_folded()
        parts.append("{" + column + "} : (" + expr + ")" if column else "(" + expr + ")")
        ranked = ranked or not column
    return " AND ".join(parts), ranked


_RECORD_COLUMNS = (
    'r.rowid, d.id, r.kind, r.idx, r.text, r.start, r."end", r.ev_start, r.ev_end, r.evidence, r.province,'
    " r.current, r.agency_kind, r.role, r.figure_kind, r.due_start, r.due_end, r.value, r.topics, r.data, d.title,"
    " d.doc_type, d.issued_date"
)


def _record_meta(kind: RecordKind, q: RecordQuery) -> str:
    """The record filters that `records_fts`'s `meta` column holds, as ANDed FTS5 words."""
    # a role, an agency kind or a figure kind names the record kind already: leaving out the kind
    # word spares FTS5 intersecting the longest doclist of the index (every duty, every figure)
    implied = (kind == RecordKind.DUTIES and bool(q.roles or q.agency_kinds)) or (
        kind == RecordKind.FIGURES and bool(q.figure_kinds)
    )
    parts = [] if implied else [quote_fts(meta_token("kind", kind.value))]
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        parts.append(_any(column, values))
    for field, values in (
        ("agency_kind", q.agency_kinds),
        ("role", q.roles),
        ("figure_kind", q.figure_kinds),
        ("topic", topic_slugs(q.topics)),
    ):
        if values:
            parts.append(_any(field, values))
    return " AND ".join(parts)


def _record_rest(q: RecordQuery) -> tuple[_Where, bool]:
    """The record filters `meta` cannot hold (due window, document), as SQL."""
    w = _Where([], [])
    if q.due_after is not None:
        w.add("r.due >= ?", q.due_after.isoformat())
    if q.due_before is not None:
        w.add("r.due <= ?", q.due_before.isoformat())
    if q.doc_id:
        w.add(
            "r.doc_rowid IN (SELECT rowid FROM documents WHERE id = ? OR (length(?) >= 6 AND id LIKE ? || '%'))",
            q.doc_id,
            q.doc_id,
            _like(q.doc_id),
        )
    needs_doc = bool(q.doc_types) or q.year_from is not None or q.year_to is not None
    if q.doc_types:
        w.add(f"d.doc_type IN ({_marks(q.doc_types)})", *q.doc_types)
    if q.year_from is not None:
        w.add("d.year >= ?", int(q.year_from))
    if q.year_to is not None:
        w.add("d.year <= ?", int(q.year_to))
    return w, needs_doc


def records(conn: sqlite3.Connection, kind: RecordKind | str, q: RecordQuery) -> RecordResult:
    """Records of `kind` matching `q`, one page (see `RecordQuery` and `RecordResult`).

    With words (text, agency, subject) or filters that records_fts holds as `meta` words
    (province, role, agency kind, figure kind, topic), FTS5 finds the newest CANDIDATES matches;
    the due window and document filters are SQL. Otherwise the SQL indexes serve alone. Records
    with the typed words side by side come first, then listing order (due order in a window):
    short records gain little from BM25, and its per-query word counts would scan the index.
    """
    t0 = perf_counter()
    k = record_kind(kind)
    limit, offset = clamp_limit(q.limit), max(0, min(int(q.offset), MAX_OFFSET))
    by_due = q.due_after is not None or q.due_before is not None
    expr, ranked = _record_match(q)
    if expr == "\0":
        return RecordResult((), 0, took_ms=_ms(t0))
    if not expr and not (q.provinces or q.agency_kinds or q.roles or q.figure_kinds or q.topics):
        where, needs_doc = _record_where(k, q)
        join = " JOIN documents d ON d.rowid = r.doc_rowid" if needs_doc else ""
        order = "r.due, r.sort_key" if by_due else "r.sort_key"
        rows = conn.execute(
            f"SELECT r.rowid FROM records r{join} WHERE {' AND '.join(where.sql)}"
            f" ORDER BY {order} LIMIT ? OFFSET ?",
            (*where.params, limit, offset),
        ).fetchall()
        total = conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM records r{join} WHERE {' AND '.join(where.sql)} LIMIT ?)",
            (*where.params, CANDIDATES + 1),
        ).fetchone()[0]
        page = [(r[0], 0.0) for r in rows]
        return RecordResult(
            _record_hits(conn, page, q.with_evidence), min(total, CANDIDATES), total > CANDIDATES, _ms(t0)
        )
    meta = _record_meta(k, q)
    rest, needs_doc = _record_rest(q)
    join = " JOIN documents d ON d.rowid = r.doc_rowid" if needs_doc else ""
    cand = conn.execute(
        f"SELECT r.rowid, r.due, r.sort_key FROM records_fts JOIN records r ON r.rowid = records_fts.rowid{join}"
        f" WHERE records_fts MATCH ?{rest.clause()} AND records_fts.rowid < ? ORDER BY records_fts.rowid DESC LIMIT ?",
        (_and(expr, meta), *rest.params, 1 << 62, CANDIDATES + 1),
    ).fetchall()
    capped = len(cand) > CANDIDATES
    cand = cand[:CANDIDATES]  # a common word or filter: the newest CANDIDATES matches
    together: set[int] = set()
    adjacent = parse_query(q.text).fts_adjacent() if ranked else ""
    if adjacent and cand:  # records holding the typed words side by side come first
        together = {
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM records_fts WHERE records_fts MATCH ? AND rowid >= ? ORDER BY rowid DESC LIMIT ?",
                (_and(adjacent, meta), min(c[0] for c in cand), 4 * len(cand) + 50),
            )
        }
    if by_due:
        cand.sort(key=lambda c: (c[0] not in together, c[1] is None, c[1] or "", c[2]))
    else:
        cand.sort(key=lambda c: (c[0] not in together, c[2]))
    page = [(c[0], 1.0 if c[0] in together else 0.0) for c in cand[offset : offset + limit]]
    return RecordResult(_record_hits(conn, page, q.with_evidence), len(cand), capped, _ms(t0))


def _record_hits(
    conn: sqlite3.Connection, page: list[tuple[int, float]], with_evidence: bool = True
) -> tuple[RecordHit, ...]:
    if not page:
        return ()
    rows = {
        r[0]: r
        for r in conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM records r JOIN documents d ON d.rowid = r.doc_rowid"
            " WHERE r.rowid IN (SELECT value FROM json_each(?))",
            (json.dumps([p[0] for p in page]),),
        )
    }
    evidence = _evidence(conn, [rows[p[0]] for p in page]) if with_evidence else {}
    hits = []
    for rowid, score in page:
        r = rows[rowid]
        data = orjson.loads(r[19])
        ev = evidence.get(rowid, r[9]) if with_evidence else None
        data["evidence"] = ev
        hits.append(
            RecordHit(
                doc_id=r[1],
                kind=r[2],
                idx=r[3],
                text=r[4],
                start=r[5],
                end=r[6],
                evidence=ev,
                province=r[10],
                current_province=r[11],
                agency_kind=r[12],
                role=r[13],
                figure_kind=r[14],
                due_start=r[15],
                due_end=r[16],
                value=r[17],
                topics=tuple(r[18].split()),
                data=data,
                doc_title=r[20],
                doc_type=r[21],
                issued_date=r[22],
                score=round(score, 6),
            )
        )
    return tuple(hits)


def _evidence(conn: sqlite3.Connection, rows: list[Any]) -> dict[int, str]:
    """Evidence sentences read from the document texts by their offsets."""
    want = [(r[0], r[7], r[8]) for r in rows if r[7] is not None]
    if not want:
        return {}
    out = {}
    for rowid, text in conn.execute(
        "SELECT r.rowid, substr(d.text, r.ev_start + 1, r.ev_end - r.ev_start) FROM records r"
        " JOIN documents d ON d.rowid = r.doc_rowid WHERE r.rowid IN (SELECT value FROM json_each(?))",
        (json.dumps([w[0] for w in want]),),
    ):
        out[rowid] = text
    return out
