"""A query's filters as SQLite conditions and FTS5 `meta` words (design: `index/search_sqlite.py`).

Filters reach SQLite two ways: as made-up words of the FTS index's `meta` column (`zzcurlaocai`),
which FTS5 intersects with the query itself, and as SQL over documents d for what those words do
not hold (a wide year range, the issuer). `province_filter` and `topic_slugs` read filter values
for the Elasticsearch backend too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from index.fields import canonical_province, meta_token, today_province
from index.fold import fold
from index.query import ProvinceScope, RecordQuery, SearchQuery, quote_fts, tokenize
from index.topics import topic_slug


@dataclass(slots=True)
class Where:
    """SQL conditions ANDed, with their parameters."""

    sql: list[str]
    params: list[Any]

    def add(self, sql: str, *params: Any) -> None:
        self.sql.append(sql)
        self.params.extend(params)

    def clause(self, prefix: str = " AND ") -> str:
        return prefix + " AND ".join(self.sql) if self.sql else ""


def placeholders(values: Sequence[Any]) -> str:
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


def term_filters(q: SearchQuery | RecordQuery) -> list[tuple[str, tuple[str, ...]]]:
    """(field, values) for each term filter `q` sets: agency_kind, role, figure_kind, topic (slugs)."""
    given = (
        ("agency_kind", tuple(q.agency_kinds)),
        ("role", tuple(q.roles)),
        ("figure_kind", tuple(q.figure_kinds)),
        ("topic", topic_slugs(q.topics)),
    )
    return [(field, values) for field, values in given if values]


def document_filters(w: Where, q: SearchQuery | RecordQuery) -> None:
    """Add `q`'s document type and year range as SQL over documents d."""
    if q.doc_types:
        w.add(f"d.doc_type IN ({placeholders(q.doc_types)})", *q.doc_types)
    if q.year_from is not None:
        w.add("d.year >= ?", int(q.year_from))
    if q.year_to is not None:
        w.add("d.year <= ?", int(q.year_to))


def doc_where(q: SearchQuery) -> Where:
    """All of `q`'s filters as SQL over documents d (for queries without text)."""
    w = Where([], [])
    # correlated EXISTS, not IN (subquery): walking the date index, each document is checked by one
    # index probe instead of materializing every document of a common filter first
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        w.add(
            f"EXISTS (SELECT 1 FROM doc_provinces p WHERE p.doc_rowid = d.rowid AND p.{column} IN ({placeholders(values)}))",
            *values,
        )
    document_filters(w, q)
    _issuer(w, q)
    for field, values in term_filters(q):
        w.add(
            f"EXISTS (SELECT 1 FROM doc_terms t WHERE t.field = ? AND t.value IN ({placeholders(values)})"
            " AND t.doc_rowid = d.rowid)",
            field,
            *values,
        )
    return w


def _issuer(w: Where, q: SearchQuery) -> None:
    if q.issuer and (words := tokenize(fold(q.issuer))):
        w.add("(' ' || d.issuer_key || ' ') LIKE ? ESCAPE '\\'", "% " + like_escaped(" ".join(words)) + " %")


def _any(field: str, values: Iterable[object]) -> str:
    words = [quote_fts(meta_token(field, v)) for v in values]
    return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"


def doc_meta(q: SearchQuery) -> tuple[str, Where]:
    """`q`'s filters as FTS5 words of the `meta` column (ANDed), and the rest as SQL."""
    parts = shared_meta(q)
    rest = Where([], [])
    if q.doc_types:
        parts.append(_any("doc_type", q.doc_types))
    if q.year_from is not None or q.year_to is not None:
        lo, hi = max(q.year_from or 1900, 1900), min(q.year_to or 2100, 2100)
        if hi - lo <= 60:
            parts.append(_any("year", range(lo, hi + 1)) if hi >= lo else quote_fts("zzyearnone"))
        else:
            rest.add("d.year BETWEEN ? AND ?", lo, hi)
    _issuer(rest, q)
    return " AND ".join(parts), rest


def shared_meta(q: SearchQuery | RecordQuery) -> list[str]:
    """The FTS5 `meta` words of the filters documents and records share: provinces (as written or
    today's), agency kinds, roles, figure kinds and topics; one group of alternatives each."""
    parts = []
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        parts.append(_any(column, values))
    parts += [_any(field, values) for field, values in term_filters(q)]
    return parts


def like_escaped(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts_and(*exprs: str) -> str:
    return " AND ".join(f"({e})" for e in exprs if e)
