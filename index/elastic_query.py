"""Elasticsearch request bodies for document and record queries, and the facets they answer with.

Built from the same `ParsedQuery` as SQLite and ranked alike: documents holding the typed words
side by side first (`TOGETHER_BOOST`), then those with the query's accents (`EXACT_BOOST`), then
BM25 with the title weighted `TITLE_WEIGHT`.
"""

from __future__ import annotations

from typing import Any

from index.query import (
    Facets,
    ParsedQuery,
    RecordKind,
    RecordQuery,
    SearchQuery,
    Sort,
    clamp_limit,
    parse_query,
    tokenize,
)
from index.sqlite_candidates import MAX_OFFSET, TITLE_WEIGHT
from index.sqlite_filters import province_filter, term_filters
from index.sqlite_records import record_kind

EXACT_BOOST = 1000.0  # constant scores that put tiers above any BM25 score
TOGETHER_BOOST = 2000.0
FACET_SIZE = 100


def _phrase(field: str, tokens: tuple[str, ...]) -> dict[str, Any]:
    return {"match_phrase": {field: {"query": " ".join(tokens), "analyzer": "vi_folded"}}}


def _group_query(alternatives: list[tuple[str, ...]], fields: dict[str, float]) -> dict[str, Any]:
    """Any alternative phrase in any field (BM25 per field, weighted)."""
    should = []
    for tokens in alternatives:
        for field, boost in fields.items():
            q = _phrase(field, tokens)
            if boost != 1.0:
                q["match_phrase"][field]["boost"] = boost
            should.append(q)
    return {"bool": {"should": should, "minimum_should_match": 1}}


def text_query(parsed: ParsedQuery, fields: dict[str, float]) -> list[dict[str, Any]]:
    """One `must` clause per group of the parsed query (every group must match)."""
    return [_group_query([p.folded for p in g.alternatives], fields) for g in parsed.groups]


def _exact_query(parsed: ParsedQuery) -> dict[str, Any] | None:
    musts = []
    for g in parsed.groups:
        if not g.typed.accented:
            continue
        should = [
            {
                "multi_match": {
                    "query": " ".join(p.exact),
                    "fields": ["title.exact", "text.exact"],
                    "type": "cross_fields",
                    "operator": "and",
                    "analyzer": "vi_exact",
                }
            }
            for p in g.alternatives
        ]
        musts.append({"bool": {"should": should, "minimum_should_match": 1}})
    return {"bool": {"must": musts}} if musts else None


def _together_query(
    parsed: ParsedQuery, fields: tuple[str, ...] = ("title", "text")
) -> dict[str, Any] | None:
    runs = parsed.adjacent_runs()
    if all(len(r) < 2 for r in runs):
        return None
    weights = dict.fromkeys(fields, 1.0)
    musts = []
    for run in runs:
        if len(run) >= 2:
            musts.append(_group_query([tuple(g.typed.folded[0] for g in run)], weights))
        else:
            musts.append(_group_query([p.folded for p in run[0].alternatives], weights))
    return {"bool": {"must": musts}}


def _doc_filters(q: SearchQuery) -> list[dict[str, Any]]:
    f: list[dict[str, Any]] = []
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        f.append({"terms": {"provinces" if column == "province" else "current_provinces": list(values)}})
    if q.doc_types:
        f.append({"terms": {"doc_type": list(q.doc_types)}})
    f += _range("year", q.year_from, q.year_to)
    if q.issuer and tokenize(q.issuer):
        f.append({"match_phrase": {"issuer.words": {"query": q.issuer, "analyzer": "vi_folded"}}})
    # the documents index holds each term filter as a list field: agency_kinds, roles, ...
    f += [{"terms": {f"{field}s": list(values)}} for field, values in term_filters(q)]
    return f


def _range(field: str, lo: object, hi: object) -> list[dict[str, Any]]:
    """A range filter on `field` with the bounds given (none when neither is)."""
    bounds = {k: v for k, v in (("gte", lo), ("lte", hi)) if v is not None}
    return [{"range": {field: bounds}}] if bounds else []


def _page(q: SearchQuery | RecordQuery) -> dict[str, Any]:
    """The paging part of a search request: every hit counted, scores kept for sorting by date."""
    return {
        "size": clamp_limit(q.limit),
        "from": max(0, min(int(q.offset), MAX_OFFSET)),
        "track_total_hits": True,
        "track_scores": True,
    }


FACET_FIELDS = {
    "provinces": "provinces",
    "current_provinces": "current_provinces",
    "doc_types": "doc_type",
    "years": "year",
    "issuers": "issuer",
    "agency_kinds": "agency_kinds",
    "roles": "roles",
    "figure_kinds": "figure_kinds",
    "topics": "topics",
}


def facet_aggs() -> dict[str, Any]:
    return {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACET_FIELDS.items()}


def search_body(q: SearchQuery) -> dict[str, Any] | None:
    """The search request for `q` (None when its text holds no words: nothing can match)."""
    parsed = parse_query(q.text)
    if parsed.empty and q.text.strip():
        return None
    filters = _doc_filters(q)
    if parsed.empty:
        query: dict[str, Any] = {"bool": {"filter": filters}} if filters else {"match_all": {}}
    else:
        should = []
        exact = _exact_query(parsed)
        if exact is not None:
            should.append({"constant_score": {"filter": exact, "boost": EXACT_BOOST, "_name": "exact"}})
        together = _together_query(parsed) if q.sort == Sort.RELEVANCE else None
        if together is not None:
            should.append(
                {"constant_score": {"filter": together, "boost": TOGETHER_BOOST, "_name": "together"}}
            )
        query = {
            "bool": {
                "must": text_query(parsed, {"title": TITLE_WEIGHT, "text": 1.0}),
                "filter": filters,
                "should": should,
            }
        }
    if q.sort == Sort.DATE:
        sort: list[Any] = [{"issued_date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    elif q.sort == Sort.DATE_ASC:
        sort = [{"issued_date": {"order": "asc", "missing": "_last"}}, {"id": "desc"}]
    else:
        sort = (
            ["_score", {"id": "asc"}]
            if not parsed.empty
            else [{"issued_date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
        )
    body: dict[str, Any] = {
        "query": query,
        "sort": sort,
        **_page(q),
        "source": {
            "includes": [
                "id",
                "title",
                "doc_type",
                "number",
                "issued_date",
                "provinces",
                "issuer",
                "source",
                "text",
            ]
        },
    }
    if q.facets:
        body["aggs"] = facet_aggs()
    return body


def records_body(kind: RecordKind | str, q: RecordQuery) -> dict[str, Any] | None:
    """The search request over the records index (None when a text part holds no words)."""
    k = record_kind(kind)
    f: list[dict[str, Any]] = [{"term": {"kind": k.value}}]
    if q.provinces:
        column, values = province_filter(q.provinces, q.province_scope)
        f.append({"terms": {column: list(values)}})
    # the records index: one value per record, in singular fields (topics: a list)
    f += [
        {"terms": {"topics" if field == "topic" else field: list(values)}}
        for field, values in term_filters(q)
    ]
    if q.doc_types:
        f.append({"terms": {"doc_type": list(q.doc_types)}})
    f += _range(
        "due",
        q.due_after.isoformat() if q.due_after is not None else None,
        q.due_before.isoformat() if q.due_before is not None else None,
    )
    f += _range("year", q.year_from, q.year_to)
    if q.doc_id:
        f.append(
            {
                "bool": {
                    "should": [{"term": {"doc_id": q.doc_id}}, {"prefix": {"doc_id": q.doc_id}}]
                    if len(q.doc_id) >= 6
                    else [{"term": {"doc_id": q.doc_id}}],
                    "minimum_should_match": 1,
                }
            }
        )
    must: list[dict[str, Any]] = []
    ranked = False
    for field, value in (("body", q.text), ("actor", q.agency), ("subject", q.subject)):
        if value is None or not value.strip():
            continue
        parsed = parse_query(
            value if field == "body" else '"' + value.replace('"', " ") + '"'
        )  # names: phrases
        if parsed.empty:
            return None
        must += text_query(parsed, {field: 1.0})
        ranked = ranked or field == "body"
    query: dict[str, Any] = {"bool": {"must": [{"constant_score": {"filter": m}} for m in must], "filter": f}}
    by_due = q.due_after is not None or q.due_before is not None
    sort: list[Any] = (
        [{"due": {"order": "asc", "missing": "_last"}}, {"sort_key": "asc"}]
        if by_due
        else [{"sort_key": "asc"}]
    )
    if ranked:  # records holding the typed words side by side first, as SQLite ranks them
        parsed = parse_query(q.text)
        if parsed.fts_adjacent():
            together = {
                "constant_score": {
                    "filter": _together_query(parsed, ("body",)),
                    "boost": 1.0,
                    "_name": "together",
                }
            }
            query["bool"]["should"] = [together]
            sort = ["_score", *sort]
    return {"query": query, "sort": sort, **_page(q)}


def facets_from_aggregations(aggs: dict[str, Any]) -> Facets:
    values: dict[str, dict[Any, int]] = {}
    for name in FACET_FIELDS:
        buckets = aggs.get(name, {}).get("buckets", [])
        pairs = [(b["key"], int(b["doc_count"])) for b in buckets if b.get("key") not in (None, "")]
        values[name] = dict(sorted(pairs, key=lambda kv: (-kv[1], str(kv[0]))))
    return Facets(
        provinces=values["provinces"],
        current_provinces=values["current_provinces"],
        doc_types=values["doc_types"],
        years=values["years"],
        issuers=values["issuers"],
        agency_kinds=values["agency_kinds"],
        roles=values["roles"],
        figure_kinds=values["figure_kinds"],
        topics=values["topics"],
    )
