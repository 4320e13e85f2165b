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

Modules: `sqlite_filters` (filters as SQL and FTS5 words), `sqlite_candidates` (the candidate
set and its ranking, `_score` included), `snippets` (snippets and highlights), `sqlite_facets`,
`sqlite_records`; this one searches documents and re-exports the names callers import from it.
"""

from __future__ import annotations

import json
import sqlite3
from time import perf_counter

import orjson

from index.query import Facets, Hit, ParsedQuery, SearchQuery, SearchResult, Sort, clamp_limit, parse_query
from index.snippets import SNIPPET_SCAN, highlight_pattern, snippet_of
from index.sqlite_candidates import (
    BROWSE_COUNT_CAP,
    CANDIDATES,
    FACET_CAP,
    MAX_OFFSET,
    SCORED_WORDS,
    TITLE_WEIGHT,
    Candidate,
    browse,
    by_date,
    candidates,
    date_walk,
    elapsed_ms,
    flag_matches,
    newest,
)
from index.sqlite_facets import facet_counts, facets
from index.sqlite_filters import doc_meta, doc_where, fts_and, province_filter, topic_slugs
from index.sqlite_records import record_kind, records

__all__ = [
    "BROWSE_COUNT_CAP",
    "CANDIDATES",
    "FACET_CAP",
    "MAX_OFFSET",
    "SCORED_WORDS",
    "SNIPPET_SCAN",
    "TITLE_WEIGHT",
    "facets",
    "highlight_pattern",
    "province_filter",
    "record_kind",
    "records",
    "search",
    "snippet_of",
    "topic_slugs",
]


def search(conn: sqlite3.Connection, q: SearchQuery) -> SearchResult:
    """Documents matching `q`, one page, with snippets and (if asked) facets."""
    t0 = perf_counter()
    parsed = parse_query(q.text)
    limit, offset = clamp_limit(q.limit), max(0, min(int(q.offset), MAX_OFFSET))
    if parsed.empty and q.text.strip():  # punctuation only: nothing to look for
        return SearchResult((), 0, facets=Facets() if q.facets else None, took_ms=elapsed_ms(t0))
    if parsed.empty:
        where = doc_where(q)
        page, total, capped = browse(conn, where, doc_meta(q), q.sort, limit, offset)
        facets = facet_counts(conn, newest(conn, q), approximate=total > FACET_CAP) if q.facets else None
        hits = _hits(conn, page, None, q.snippet_chars)
        return SearchResult(tuple(hits), total, capped, facets, elapsed_ms(t0))

    meta, rest = doc_meta(q)
    cands, capped = candidates(conn, parsed, meta, rest)
    if cands and parsed.accented:
        flag_matches(conn, "docs_fts", fts_and(parsed.fts_exact(), meta), cands, "exact")
    if cands and q.sort == Sort.RELEVANCE and parsed.fts_adjacent():
        flag_matches(conn, "docs_fold", fts_and(parsed.fts_adjacent(), meta), cands, "together")
    total = len(cands)
    if q.sort == Sort.RELEVANCE:
        cands.sort(key=Candidate.rank)
        page = [(c.rowid, -c.score, c.exact) for c in cands[offset : offset + limit]]
    elif not capped:
        page = [(c.rowid, -c.score, c.exact) for c in by_date(cands, q.sort)[offset : offset + limit]]
    else:
        page = date_walk(
            conn, fts_and(parsed.fts_folded(), meta), rest, q.sort, limit, offset, {c.rowid: c for c in cands}
        )
    facets = facet_counts(conn, [c.rowid for c in cands], approximate=capped) if q.facets else None
    hits = _hits(conn, page, parsed, q.snippet_chars)
    return SearchResult(tuple(hits), total, capped, facets, elapsed_ms(t0))


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
