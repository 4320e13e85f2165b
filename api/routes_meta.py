"""GET /health and GET /provinces (the gazetteer with the 2025 merger)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from api.deps import Stores, get_stores
from api.schemas import Health, ProvinceList, ProvinceOut, error_responses
from api.tables import CSV_RESPONSE, FormatParam, csv_response, wants_csv
from extractors.places import all_provinces, former_provinces

health_router = APIRouter(tags=["meta"])
router = APIRouter(tags=["meta"])


def api_version() -> str:
    try:
        return version("vanban")
    except PackageNotFoundError:
        return "0.1.0"


@health_router.get("/health", response_model=Health, responses=error_responses(503))
def health(stores: Annotated[Stores, Depends(get_stores)]) -> Health:
    """Whether the service and its store answer, and how many documents the store holds."""
    with stores.lease() as store:
        documents = store.count()
    return Health(status="ok", documents=documents, store=stores.settings.store, version=api_version())


@router.get(
    "/provinces",
    response_model=ProvinceList,
    responses={200: CSV_RESPONSE, **error_responses(422)},
)
def provinces(
    request: Request,
    current: Annotated[
        bool | None,
        Query(
            description="true: only the 34 provinces since 1 July 2025; false: only those merged away.",
            examples=[True],
        ),
    ] = None,
    fmt: FormatParam = None,
) -> Any:
    """The province gazetteer, with the 1 July 2025 mapping from former to current provinces.

    Each row gives the province's `current` province (itself if it survived); a current
    province lists in `former` itself and the provinces merged into it.
    """
    items = [
        ProvinceOut(
            name=p.name,
            kind=p.kind,
            current=p.current,
            existed_after_2025=p.existed_after_2025,
            former=list(former_provinces(p.name)) if p.existed_after_2025 else [],
            aliases=list(p.aliases),
        )
        for p in all_provinces()
        if current is None or p.existed_after_2025 is current
    ]
    if wants_csv(request, fmt):
        return csv_response(
            (i.model_dump() for i in items), list(ProvinceOut.model_fields), filename="provinces.csv"
        )
    return ProvinceList(items=items, total=len(items))
