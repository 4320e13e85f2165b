"""GET /search (documents) and the record lists: /duties, /figures, /deadlines, /agencies."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from api.cache import AnswerCache
from api.deps import Stores, get_stores
from api.filters import (
    Agency,
    AgencyKinds,
    CommonRecordFilters,
    DocumentFilters,
    DueAfter,
    DueBefore,
    FigureKinds,
    Roles,
    Subject,
    Text,
    document_filters,
    due_window,
    record_filters,
    search_query,
)
from api.paging import next_offset_cursor, offset_of
from api.responses import dumps, json_response, with_field
from api.schemas import (
    AgencyList,
    DeadlineList,
    DutyList,
    FigureList,
    SearchHit,
    SearchResponse,
    error_responses,
)
from api.tables import CSV_RESPONSE, FormatParam, csv_response, wants_csv
from extractors.places import current_province
from index.fields import RECORD_KINDS
from index.fold import fold
from index.query import Facets as IndexFacets
from index.query import Hit, RecordHit, RecordKind, RecordQuery, SearchQuery, Sort, tokenize

router = APIRouter(tags=["search"])

Cursor = Annotated[
    str | None,
    Query(max_length=200, description="`next_cursor` of the previous page.", examples=["eyJvIjoyMH0"]),
]
RecordLimit = Annotated[int, Query(ge=1, le=1000, description="Page size.", examples=[50])]


def _hit(h: Hit) -> dict[str, Any]:
    """A hit in SearchHit's shape."""
    return {
        "id": h.doc_id,
        "source": h.source,
        "doc_type": h.doc_type,
        "title": h.title,
        "number": h.number,
        "issued_date": h.issued_date,
        "provinces": list(h.provinces),
        "issuer": h.issuer,
        "score": h.score,
        "exact": h.exact,
        "snippet": h.snippet,
        "snippet_start": h.snippet_start,
        "highlights": [[s, e] for s, e in h.highlights],
        "snippet_marked": h.marked("«", "»"),
    }


def _facets(f: IndexFacets) -> dict[str, Any]:
    """Facet counts in Facets' shape."""
    return {
        "provinces": f.provinces,
        "current_provinces": f.current_provinces,
        "doc_types": f.doc_types,
        "years": {str(y): n for y, n in f.years.items()},
        "issuers": f.issuers,
        "agency_kinds": f.agency_kinds,
        "roles": f.roles,
        "figure_kinds": f.figure_kinds,
        "topics": f.topics,
        "approximate": f.approximate,
    }


def _search(stores: Stores, query: SearchQuery) -> dict[str, Any]:
    """The answer to `query` in SearchResponse's shape."""
    with stores.lease() as store:
        result = store.search(query)
    hits = [_hit(h) for h in result.hits]
    return {
        "hits": hits,
        "total": result.total,
        "total_is_lower_bound": result.total_is_lower_bound,
        "facets": _facets(result.facets) if result.facets is not None else None,
        "took_ms": result.took_ms,
        "next_cursor": next_offset_cursor(query.offset, len(hits), result.total),
    }


@router.get("/search", response_model=SearchResponse, responses={200: CSV_RESPONSE, **error_responses(422)})
def search(
    request: Request,
    stores: Annotated[Stores, Depends(get_stores)],
    filters: Annotated[DocumentFilters, Depends(document_filters)],
    q: Text = "",
    sort: Annotated[
        Sort,
        Query(
            description="`relevance` (exact accents first, then BM25), `date` (newest first) or `date_asc`.",
            examples=["relevance"],
        ),
    ] = Sort.RELEVANCE,
    facets: Annotated[
        bool,
        Query(
            description="Count matching documents per province, type, year, issuer, record kind and topic.",
            examples=[True],
        ),
    ] = False,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size.", examples=[20])] = 20,
    cursor: Cursor = None,
    fmt: FormatParam = None,
) -> Any:
    """Full-text search over documents, accents optional, with filters, facets, highlighted snippets and pages.

    `q` is plain words (all must match) and "quoted phrases"; `giam ngheo` finds `giảm nghèo`,
    `UBND` finds `Ủy ban nhân dân`. Without `q`, the filters alone select documents. Answers
    are reused until the stored documents change (`took_ms` is then 0).
    """
    query = search_query(filters, q, sort, limit, offset_of(cursor), facets=facets)
    if wants_csv(request, fmt):
        body = _search(stores, query)
        columns = [f for f in SearchHit.model_fields if f != "highlights"]
        rows = [{k: v for k, v in hit.items() if k != "highlights"} for hit in body["hits"]]
        return csv_response(
            rows, columns, next_cursor=body["next_cursor"], total=body["total"], filename="search.csv"
        )
    answers: AnswerCache = request.app.state.answers
    key, version = ("search", query), stores.data_version()
    answer, took_ms = answers.get(key, version), 0.0
    if answer is None:
        body = _search(stores, query)
        took_ms = body.pop("took_ms")
        answer = dumps(body)
        answers.put(key, version, answer)
    return json_response(with_field(answer, "took_ms", took_ms))


# --------------------------------------------------------------------------- record lists


def _item(h: RecordHit) -> dict[str, Any]:
    """A stored record in SCHEMA.md's shape, with where it comes from."""
    item = dict(h.data)
    item.setdefault("start", h.start)
    item.setdefault("end", h.end)
    item.setdefault("evidence", h.evidence)
    item.setdefault("province", h.province)
    item["current_province"] = h.current_province
    item["due_start"] = h.due_start
    item["due_end"] = h.due_end
    item["topics"] = list(h.topics)
    if h.kind == RecordKind.DUTIES:
        item["actor_kind"] = h.agency_kind
    item["document"] = {
        "id": h.doc_id,
        "title": h.doc_title,
        "doc_type": h.doc_type,
        "issued_date": h.issued_date,
    }
    return item


COLUMNS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.DUTIES: (
        "actor",
        "action",
        "role",
        "partners",
        "assigned_by",
        "deadline",
        "due_end",
        "actor_kind",
        "province",
        "current_province",
    ),
    RecordKind.FIGURES: (
        "text",
        "value",
        "unit",
        "total",
        "qualifier",
        "kind",
        "subject",
        "deadline",
        "province",
        "current_province",
    ),
    RecordKind.DEADLINES: (
        "text",
        "kind",
        "start_date",
        "end_date",
        "recurrence",
        "offset",
        "anchor",
        "province",
        "current_province",
    ),
    RecordKind.AGENCIES: ("text", "name", "kind", "level", "province", "current_province"),
}
# After the kind's own columns, in every record CSV (also when a page is empty).
TAIL_COLUMNS = (
    "due_start", "due_end", "topics", "start", "end", "evidence",
    "document.id", "document.title", "document.doc_type", "document.issued_date",
)  # fmt: skip


def record_columns(kind: RecordKind) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*COLUMNS[kind], *TAIL_COLUMNS)))


def _records(
    request: Request,
    stores: Stores,
    kind: RecordKind,
    query: RecordQuery,
    offset: int,
    fmt: Any,
    model: Callable[..., Any],
) -> Any:
    with stores.lease() as store:
        result = store.records(kind, query)
    items = [_item(h) for h in result.hits]
    next_cursor = next_offset_cursor(offset, len(items), result.total)
    if wants_csv(request, fmt):
        return csv_response(
            items,
            record_columns(kind),
            next_cursor=next_cursor,
            total=result.total,
            filename=f"{kind.value}.csv",
        )
    return model(items=items, total=result.total, took_ms=result.took_ms, next_cursor=next_cursor)


RECORD_RESPONSES = {200: CSV_RESPONSE, **error_responses(422)}


@router.get("/duties", response_model=DutyList, responses=RECORD_RESPONSES)
def duties(
    request: Request,
    stores: Annotated[Stores, Depends(get_stores)],
    common: Annotated[CommonRecordFilters, Depends(record_filters)],
    agency: Agency = None,
    agency_kinds: AgencyKinds = [],  # noqa: B006 (FastAPI copies parameter defaults)
    roles: Roles = [],  # noqa: B006
    due_after: DueAfter = None,
    due_before: DueBefore = None,
    limit: RecordLimit = 50,
    cursor: Cursor = None,
    fmt: FormatParam = None,
) -> Any:
    """Duties (who must do what), filtered by actor, actor kind, role, due date, province, type and year."""
    offset = offset_of(cursor)
    query = common.query(
        limit,
        offset,
        agency=(agency or "").strip() or None,
        agency_kinds=tuple(a.value for a in agency_kinds),
        roles=tuple(r.value for r in roles),
        **due_window(due_after, due_before),
    )
    return _records(request, stores, RecordKind.DUTIES, query, offset, fmt, DutyList)


@router.get("/figures", response_model=FigureList, responses=RECORD_RESPONSES)
def figures(
    request: Request,
    stores: Annotated[Stores, Depends(get_stores)],
    common: Annotated[CommonRecordFilters, Depends(record_filters)],
    figure_kinds: FigureKinds = [],  # noqa: B006
    subject: Subject = None,
    limit: RecordLimit = 50,
    cursor: Cursor = None,
    fmt: FormatParam = None,
) -> Any:
    """Figures (money, percentages, counts) with their kind (target, achieved), subject and unit."""
    offset = offset_of(cursor)
    query = common.query(
        limit,
        offset,
        figure_kinds=tuple(f.value for f in figure_kinds),
        subject=(subject or "").strip() or None,
    )
    return _records(request, stores, RecordKind.FIGURES, query, offset, fmt, FigureList)


@router.get("/deadlines", response_model=DeadlineList, responses=RECORD_RESPONSES)
def deadlines(
    request: Request,
    stores: Annotated[Stores, Depends(get_stores)],
    common: Annotated[CommonRecordFilters, Depends(record_filters)],
    due_after: DueAfter = None,
    due_before: DueBefore = None,
    limit: RecordLimit = 50,
    cursor: Cursor = None,
    fmt: FormatParam = None,
) -> Any:
    """Deadlines with their resolved dates; `due_after`/`due_before` keep those due in a window."""
    offset = offset_of(cursor)
    query = common.query(limit, offset, **due_window(due_after, due_before))
    return _records(request, stores, RecordKind.DEADLINES, query, offset, fmt, DeadlineList)


AGENCY_SCAN_DOCS = 200  # documents read per /agencies request while agencies are not record-indexed


def _agency_items(
    stores: Stores, common: CommonRecordFilters, agency: str | None, kinds: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Agency mentions of the newest AGENCY_SCAN_DOCS matching documents (index/ has no agency records)."""
    query = SearchQuery(
        provinces=common.provinces,
        province_scope=common.province_scope,
        doc_types=common.doc_types,
        year_from=common.year_from,
        year_to=common.year_to,
        agency_kinds=kinds,
        topics=common.topics,
        sort=Sort.DATE,
        limit=AGENCY_SCAN_DOCS,
    )
    words = [fold(w) for w in tokenize(f"{common.text} {agency or ''}")]
    items = []
    with stores.lease() as store:
        for hit in store.search(query).hits:
            if common.doc_id and not hit.doc_id.startswith(common.doc_id):
                continue
            doc = store.get(hit.doc_id)
            ref = {
                "id": hit.doc_id,
                "title": hit.title,
                "doc_type": hit.doc_type,
                "issued_date": hit.issued_date,
            }
            for a in doc.get("agencies") or []:
                if kinds and a.get("kind") not in kinds:
                    continue
                haystack = set(tokenize(fold(f"{a.get('text') or ''} {a.get('name') or ''}")))
                if not all(w in haystack for w in words):
                    continue
                province = a.get("province") or (hit.provinces[0] if len(hit.provinces) == 1 else None)
                items.append(
                    {
                        **a,
                        "current_province": current_province(province) if province else None,
                        "due_start": None,
                        "due_end": None,
                        "topics": [],
                        "document": ref,
                    }
                )
    return items


@router.get("/agencies", response_model=AgencyList, responses=RECORD_RESPONSES)
def agencies(
    request: Request,
    stores: Annotated[Stores, Depends(get_stores)],
    common: Annotated[CommonRecordFilters, Depends(record_filters)],
    agency: Agency = None,
    agency_kinds: AgencyKinds = [],  # noqa: B006
    limit: RecordLimit = 50,
    cursor: Cursor = None,
    fmt: FormatParam = None,
) -> Any:
    """Agency mentions (one per distinct surface form and document), filtered by name, kind, province, type, year.

    Reads the newest 200 documents that match the filters.
    """
    offset = offset_of(cursor)
    kinds = tuple(a.value for a in agency_kinds)
    if RecordKind.AGENCIES.value in RECORD_KINDS:
        query = common.query(limit, offset, agency=(agency or "").strip() or None, agency_kinds=kinds)
        return _records(request, stores, RecordKind.AGENCIES, query, offset, fmt, AgencyList)
    t0 = time.perf_counter()
    found = _agency_items(stores, common, agency, kinds)
    items = found[offset : offset + limit]
    next_cursor = next_offset_cursor(offset, len(items), len(found))
    if wants_csv(request, fmt):
        return csv_response(
            items,
            record_columns(RecordKind.AGENCIES),
            next_cursor=next_cursor,
            total=len(found),
            filename="agencies.csv",
        )
    took_ms = round((time.perf_counter() - t0) * 1000, 3)
    return {"items": items, "total": len(found), "took_ms": took_ms, "next_cursor": next_cursor}
