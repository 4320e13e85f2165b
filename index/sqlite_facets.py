"""Facet counts of a document query over the SQLite store (see `Facets` in `index/query.py`)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any

from index.query import Facets, SearchQuery, parse_query
from index.sqlite_candidates import FACET_CAP, candidates, newest
from index.sqlite_filters import doc_meta


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
        rowids = newest(conn, q)
        return facet_counts(conn, rowids, approximate=len(rowids) >= FACET_CAP)
    meta, rest = doc_meta(q)
    cands, capped = candidates(conn, parsed, meta, rest)
    return facet_counts(conn, [c.rowid for c in cands], approximate=capped)


def facet_counts(conn: sqlite3.Connection, rowids: list[int], approximate: bool = False) -> Facets:
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
