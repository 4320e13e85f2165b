"""Query parameters shared by the read routes, parsed once and turned into index queries.

Provinces are given by any name the gazetteer knows, accents and case optional (`dong thap`,
`TP.HCM`, `Thừa Thiên - Huế`), and passed on in their official short form; with
`province_scope=current` a province also finds documents of the provinces merged into it on
1 July 2025. Repeat a list parameter to match any of its values (`doc_type=plan&doc_type=decision`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic import StringConstraints, WithJsonSchema

from api.errors import ApiError
from api.schemas import DocType, FigureKind
from extractors.agencies import AgencyKind
from extractors.duties import Role
from extractors.places import province as find_province
from index.query import ProvinceScope, RecordQuery, SearchQuery, Sort
from index.topics import taxonomy, topic_slug

MAX_TEXT = 2000

Provinces = Annotated[
    list[Annotated[str, StringConstraints(min_length=1, max_length=100)]],
    Query(
        alias="province",
        description="Province (any accepted name, accents optional); repeat for several.",
        examples=[["Lào Cai"]],
        max_length=64,
    ),
]
Scope = Annotated[
    ProvinceScope,
    Query(
        description="`written`: the province as the document names it; `current`: the province after the "
        "1 July 2025 merger (`Lào Cai` also finds former Yên Bái).",
        examples=["current"],
    ),
]
DocTypes = Annotated[
    list[DocType],
    Query(
        alias="doc_type", description="Document type; repeat for several.", examples=[["plan"]], max_length=16
    ),
]
YearFrom = Annotated[
    int | None, Query(ge=1900, le=2100, description="Issued in or after this year.", examples=[2021])
]
YearTo = Annotated[
    int | None, Query(ge=1900, le=2100, description="Issued in or before this year.", examples=[2025])
]
Issuer = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Issuing body, as a substring, accents optional.",
        examples=["UBND tỉnh Lào Cai"],
    ),
]
AgencyKinds = Annotated[
    list[AgencyKind],
    Query(
        alias="agency_kind",
        max_length=16,
        examples=[["department"]],
        description="Agency kind; repeat for several.",
    ),
]
Roles = Annotated[
    list[Role],
    Query(alias="role", max_length=8, examples=[["lead"]], description="Duty role; repeat for several."),
]
FigureKinds = Annotated[
    list[FigureKind],
    Query(
        alias="figure_kind",
        max_length=8,
        examples=[["target"]],
        description="Figure kind; repeat for several.",
    ),
]
TOPIC_SLUGS = [t.slug for t in taxonomy()]
TopicName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100),
    WithJsonSchema({"type": "string", "enum": TOPIC_SLUGS}),
]
Topics = Annotated[
    list[TopicName],
    Query(
        alias="topic",
        max_length=16,
        examples=[["giam-ngheo"]],
        description="Topic slug or name, accents optional; repeat for several. Topics: "
        + ", ".join(f"`{t.slug}` ({t.name})" for t in taxonomy())
        + ".",
    ),
]
Text = Annotated[
    str,
    Query(
        alias="q",
        max_length=MAX_TEXT,
        examples=["giảm nghèo"],
        description='Words to find, accents optional; "quoted phrases" stay together.',
    ),
]


def canonical_provinces(names: list[str]) -> tuple[str, ...]:
    """Official short names for `names`; 422 naming the first one the gazetteer does not know."""
    out = []
    for name in names:
        found = find_province(name) if name.strip() else None
        if found is None:
            raise ApiError(
                422,
                "invalid_request",
                f"query parameter province: unknown province {name!r} "
                "(GET /provinces lists the accepted names)",
            )
        out.append(found.name)
    return tuple(dict.fromkeys(out))


def _years(year_from: int | None, year_to: int | None) -> None:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ApiError(
            422, "invalid_request", f"query parameters: year_from {year_from} is after year_to {year_to}"
        )


def canonical_topics(names: list[str]) -> tuple[str, ...]:
    """Topic slugs for slugs or names (accents optional); 422 listing the known topics otherwise."""
    out = []
    for name in names:
        try:
            out.append(topic_slug(name))
        except ValueError as err:
            raise ApiError(422, "invalid_request", f"query parameter topic: {err}") from err
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class DocumentFilters:
    """Filters on documents (GET /documents, GET /search)."""

    provinces: tuple[str, ...]
    province_scope: ProvinceScope
    doc_types: tuple[str, ...]
    year_from: int | None
    year_to: int | None
    issuer: str | None
    agency_kinds: tuple[str, ...]
    roles: tuple[str, ...]
    figure_kinds: tuple[str, ...]
    topics: tuple[str, ...]


async def document_filters(
    provinces: Provinces = [],  # noqa: B006 (FastAPI copies parameter defaults)
    province_scope: Scope = ProvinceScope.WRITTEN,
    doc_types: DocTypes = [],  # noqa: B006
    year_from: YearFrom = None,
    year_to: YearTo = None,
    issuer: Issuer = None,
    agency_kinds: AgencyKinds = [],  # noqa: B006
    roles: Roles = [],  # noqa: B006
    figure_kinds: FigureKinds = [],  # noqa: B006
    topics: Topics = [],  # noqa: B006
) -> DocumentFilters:
    _years(year_from, year_to)
    return DocumentFilters(
        provinces=canonical_provinces(provinces),
        province_scope=province_scope,
        doc_types=tuple(dict.fromkeys(d.value for d in doc_types)),
        year_from=year_from,
        year_to=year_to,
        issuer=(issuer or "").strip() or None,
        agency_kinds=tuple(dict.fromkeys(a.value for a in agency_kinds)),
        roles=tuple(dict.fromkeys(r.value for r in roles)),
        figure_kinds=tuple(dict.fromkeys(f.value for f in figure_kinds)),
        topics=canonical_topics(topics),
    )


def search_query(
    filters: DocumentFilters, text: str, sort: Sort, limit: int, offset: int, facets: bool = False
) -> SearchQuery:
    return SearchQuery(
        text=text,
        provinces=filters.provinces,
        province_scope=filters.province_scope,
        doc_types=filters.doc_types,
        year_from=filters.year_from,
        year_to=filters.year_to,
        issuer=filters.issuer,
        agency_kinds=filters.agency_kinds,
        roles=filters.roles,
        figure_kinds=filters.figure_kinds,
        topics=filters.topics,
        sort=sort,
        limit=limit,
        offset=offset,
        facets=facets,
    )


@dataclass(frozen=True, slots=True)
class CommonRecordFilters:
    """Filters every record list takes (GET /duties, /figures, /deadlines, /agencies)."""

    text: str
    provinces: tuple[str, ...]
    province_scope: ProvinceScope
    doc_types: tuple[str, ...]
    year_from: int | None
    year_to: int | None
    topics: tuple[str, ...]
    doc_id: str | None

    def query(self, limit: int, offset: int, **kind_filters: Any) -> RecordQuery:
        return RecordQuery(
            text=self.text,
            provinces=self.provinces,
            province_scope=self.province_scope,
            doc_types=self.doc_types,
            year_from=self.year_from,
            year_to=self.year_to,
            topics=self.topics,
            doc_id=self.doc_id,
            limit=limit,
            offset=offset,
            **kind_filters,
        )


async def record_filters(
    text: Text = "",
    provinces: Provinces = [],  # noqa: B006
    province_scope: Scope = ProvinceScope.WRITTEN,
    doc_types: DocTypes = [],  # noqa: B006
    year_from: YearFrom = None,
    year_to: YearTo = None,
    topics: Topics = [],  # noqa: B006
    doc_id: Annotated[
        str | None,
        Query(
            max_length=64,
            description="Only records of this document (id or prefix).",
            examples=["9c43cac841f1"],
        ),
    ] = None,
) -> CommonRecordFilters:
    _years(year_from, year_to)
    return CommonRecordFilters(
        text=text,
        provinces=canonical_provinces(provinces),
        province_scope=province_scope,
        doc_types=tuple(dict.fromkeys(d.value for d in doc_types)),
        year_from=year_from,
        year_to=year_to,
        topics=canonical_topics(topics),
        doc_id=(doc_id or "").strip() or None,
    )


Agency = Annotated[
    str | None,
    Query(
        max_length=200,
        examples=["Sở Nội vụ"],
        description="Agency as words (a duty's actor; an agency's text or name), accents and case optional.",
    ),
]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
DueAfter = Annotated[
    str | None,
    Query(
        pattern=ISO_DATE,
        json_schema_extra={"format": "date"},
        examples=["2025-01-01"],
        description="Due on or after this date (ISO, YYYY-MM-DD).",
    ),
]
DueBefore = Annotated[
    str | None,
    Query(
        pattern=ISO_DATE,
        json_schema_extra={"format": "date"},
        examples=["2025-12-31"],
        description="Due on or before this date (ISO, YYYY-MM-DD).",
    ),
]
Subject = Annotated[
    str | None, Query(max_length=200, examples=["hộ nghèo"], description="What a figure measures, as words.")
]


def _date(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise ApiError(
            422, "invalid_request", f"query parameter {name}: {value!r} is not a date (YYYY-MM-DD)"
        ) from err


def due_window(after: str | None, before: str | None) -> dict[str, date | None]:
    due_after, due_before = _date("due_after", after), _date("due_before", before)
    if due_after and due_before and due_after > due_before:
        raise ApiError(
            422,
            "invalid_request",
            f"query parameters: due_after {due_after} is after due_before {due_before}",
        )
    return {"due_after": due_after, "due_before": due_before}
