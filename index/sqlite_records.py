"""Record queries over the SQLite store: duties, deadlines and figures, from `records` and `records_fts`."""

from __future__ import annotations

import json
import sqlite3
from time import perf_counter
from typing import Any

import orjson

from index.fields import RECORD_KINDS, meta_token, today_province
from index.query import RecordHit, RecordKind, RecordQuery, RecordResult, clamp_limit, parse_query, quote_fts
from index.sqlite_candidates import CANDIDATES, MAX_OFFSET, elapsed_ms
from index.sqlite_filters import (
    Where,
    document_filters,
    fts_and,
    like_escaped,
    placeholders,
    province_filter,
    shared_meta,
    term_filters,
)


def record_kind(kind: RecordKind | str) -> RecordKind:
    """`kind` as a RecordKind that record queries serve; raises ValueError otherwise."""
    k = RecordKind(kind)
    if k.value not in RECORD_KINDS:
        raise ValueError(
            f"record queries serve {', '.join(RECORD_KINDS)}; {k.value} are searched through documents"
        )
    return k


def _record_where(kind: RecordKind, q: RecordQuery) -> tuple[Where, bool]:
    """Conditions over records r (and documents d when the second value is true)."""
    w = Where(["r.kind = ?"], [kind.value])
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        if column == "province":  # also narrow by the indexed current province
            w.add(f"r.current IN ({placeholders(values)})", *[today_province(v) for v in values])
        w.add(f"r.{column} IN ({placeholders(values)})", *values)
    for field, values in term_filters(q):
        if field == "topic":  # r.topics holds a record's slugs separated by spaces
            w.add(
                "(" + " OR ".join(["(' ' || r.topics || ' ') LIKE ?"] * len(values)) + ")",
                *[f"% {s} %" for s in values],
            )
        else:  # a column of its own
            w.add(f"r.{field} IN ({placeholders(values)})", *values)
    rest, needs_doc = _record_rest(q)  # the due window and the document filters
    w.sql += rest.sql
    w.params += rest.params
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
    return " AND ".join(parts + shared_meta(q))


def _record_rest(q: RecordQuery) -> tuple[Where, bool]:
    """The record filters `meta` cannot hold (due window, document), as SQL."""
    w = Where([], [])
    if q.due_after is not None:
        w.add("r.due >= ?", q.due_after.isoformat())
    if q.due_before is not None:
        w.add("r.due <= ?", q.due_before.isoformat())
    if q.doc_id:
        w.add(
            "r.doc_rowid IN (SELECT rowid FROM documents WHERE id = ? OR (length(?) >= 6 AND id LIKE ? || '%'))",
            q.doc_id,
            q.doc_id,
            like_escaped(q.doc_id),
        )
    needs_doc = bool(q.doc_types) or q.year_from is not None or q.year_to is not None
    document_filters(w, q)
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
        return RecordResult((), 0, took_ms=elapsed_ms(t0))
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
            _record_hits(conn, page, q.with_evidence),
            min(total, CANDIDATES),
            total > CANDIDATES,
            elapsed_ms(t0),
        )
    meta = _record_meta(k, q)
    rest, needs_doc = _record_rest(q)
    join = " JOIN documents d ON d.rowid = r.doc_rowid" if needs_doc else ""
    cand = conn.execute(
        f"SELECT r.rowid, r.due, r.sort_key FROM records_fts JOIN records r ON r.rowid = records_fts.rowid{join}"
        f" WHERE records_fts MATCH ?{rest.clause()} AND records_fts.rowid < ? ORDER BY records_fts.rowid DESC LIMIT ?",
        (fts_and(expr, meta), *rest.params, 1 << 62, CANDIDATES + 1),
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
                (fts_and(adjacent, meta), min(c[0] for c in cand), 4 * len(cand) + 50),
            )
        }
    if by_due:
        cand.sort(key=lambda c: (c[0] not in together, c[1] is None, c[1] or "", c[2]))
    else:
        cand.sort(key=lambda c: (c[0] not in together, c[2]))
    page = [(c[0], 1.0 if c[0] in together else 0.0) for c in cand[offset : offset + limit]]
    return RecordResult(_record_hits(conn, page, q.with_evidence), len(cand), capped, elapsed_ms(t0))


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
