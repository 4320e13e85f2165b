"""The bounded candidate set of a document query, and its order (design: `index/search_sqlite.py`).

A text query reads at most `CANDIDATES` matches, newest first (`candidates`), scores them with
BM25 over the rarest typed words (`_score`) and marks the words-together and exact-accent tiers
(`flag_matches`); a date sort over a capped set walks the date index instead (`date_walk`). A query
without text browses the date index (`browse`). Record queries share the bounds.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from index.query import ParsedQuery, SearchQuery, Sort, quote_fts
from index.sqlite_filters import Where, doc_meta, fts_and

CANDIDATES = 500  # matches ranked per query (newest first) before the cap applies
TITLE_WEIGHT = 5.0  # BM25 column weight of the title against the body
MAX_OFFSET = 10_000
BROWSE_COUNT_CAP = 10_000  # a query without text counts its matches up to here
FACET_CAP = CANDIDATES  # documents counted for the facets of a query without text (the newest ones)


@dataclass(slots=True)
class Candidate:
    rowid: int
    doc_id: str
    issued: str | None
    score: float  # FTS5 bm25: lower is better
    exact: bool = False
    together: bool = True  # the query's words stand next to each other (see ParsedQuery.fts_adjacent)

    def rank(self) -> tuple[bool, bool, float, str]:
        return (not self.together, not self.exact, self.score, self.doc_id)


def elapsed_ms(t0: float) -> float:
    return round((perf_counter() - t0) * 1000, 3)


def browse(
    conn: sqlite3.Connection, where: Where, meta: tuple[str, Where], sort: Sort, limit: int, offset: int
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


def newest(conn: sqlite3.Connection, q: SearchQuery) -> list[int]:
    """The newest FACET_CAP documents a query without text matches (for its facets)."""
    meta, rest = doc_meta(q)
    if meta:
        sql = (
            "SELECT f.rowid FROM docs_fold f JOIN documents d ON d.rowid = f.rowid WHERE docs_fold MATCH ?"
            f"{rest.clause()} AND f.rowid < ? ORDER BY f.rowid DESC LIMIT ?"
        )
        return [r[0] for r in conn.execute(sql, (meta, *rest.params, 1 << 62, FACET_CAP))]
    sql = f"SELECT d.rowid FROM documents d {rest.clause(' WHERE ')} ORDER BY d.rowid DESC LIMIT ?"
    return [r[0] for r in conn.execute(sql, (*rest.params, FACET_CAP))]


def candidates(
    conn: sqlite3.Connection, parsed: ParsedQuery, meta: str, rest: Where
) -> tuple[list[Candidate], bool]:
    """The newest CANDIDATES matches, scored by `_score`."""
    sql = (
        "SELECT f.rowid, d.id, d.issued_date FROM docs_fold f JOIN documents d ON d.rowid = f.rowid"
        f" WHERE docs_fold MATCH ?{rest.clause()} AND f.rowid < ? ORDER BY f.rowid DESC LIMIT ?"
    )
    rows = conn.execute(
        sql, (fts_and(parsed.fts_folded(), meta), *rest.params, 1 << 62, CANDIDATES + 1)
    ).fetchall()
    capped = len(rows) > CANDIDATES
    cands = [Candidate(r[0], r[1], r[2], 0.0) for r in rows[:CANDIDATES]]
    if cands:
        _score(conn, parsed, cands)
    return cands, capped


SCORED_WORDS = 3  # the rarest typed words that BM25 scores


def _score(conn: sqlite3.Connection, parsed: ParsedQuery, cands: list[Candidate]) -> None:
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


def flag_matches(conn: sqlite3.Connection, table: str, expr: str, cands: list[Candidate], flag: str) -> None:
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


def by_date(cands: list[Candidate], sort: Sort) -> list[Candidate]:
    dated = sorted((c for c in cands if c.issued), key=lambda c: c.doc_id)
    undated = sorted((c for c in cands if not c.issued), key=lambda c: c.doc_id)
    if sort == Sort.DATE_ASC:
        dated.sort(key=lambda c: c.doc_id, reverse=True)
        dated.sort(key=lambda c: str(c.issued))
        undated.reverse()
    else:
        dated.sort(key=lambda c: str(c.issued), reverse=True)
    return dated + undated


def date_walk(
    conn: sqlite3.Connection,
    expr: str,
    rest: Where,
    sort: Sort,
    limit: int,
    offset: int,
    known: dict[int, Candidate],
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
