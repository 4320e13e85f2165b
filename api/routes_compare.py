"""GET /compare: provinces side by side on a topic (index/compare.py)."""

from __future__ import annotations

import functools
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Query, Request
from pydantic import StringConstraints

from api.cache import AnswerCache
from api.deps import Stores, get_stores, limiter
from api.filters import Scope, TopicName, canonical_provinces, canonical_topics
from api.responses import dumps, json_response
from api.schemas import CompareResponse, error_responses
from index.compare import compare as compare_provinces
from index.query import ProvinceScope

router = APIRouter(tags=["compare"])

MAX_PROVINCES = 6
COMPARES_AT_ONCE = 2  # CPU-heavy (TF-IDF, clustering): bounded so searches keep their share


def _compare(
    stores: Stores, names: tuple[str, ...], topics: tuple[str, ...], scope: ProvinceScope, max_records: int
) -> dict[str, Any]:
    """The comparison in CompareResponse's shape."""
    with stores.lease() as store:
        result = compare_provinces(
            store, names, topic=topics[0] if topics else None, scope=scope, max_records=max_records
        )
    body = result.to_dict()
    for row in (*body["duties"], *body["figures"]):
        row["coverage"] = sum(1 for items in row["cells"].values() if items)
    return body


@router.get("/compare", response_model=CompareResponse, responses=error_responses(422))
async def compare(
    request: Request,
    stores: Annotated[Stores, Depends(get_stores)],
    provinces: Annotated[
        list[Annotated[str, StringConstraints(min_length=1, max_length=100)]],
        Query(
            alias="province",
            min_length=1,
            max_length=MAX_PROVINCES,
            examples=[["Hà Nội", "Lào Cai"]],
            description=f"Provinces to compare (1 to {MAX_PROVINCES}; any accepted name, accents optional); "
            "repeat the parameter.",
        ),
    ],
    topic: Annotated[
        TopicName | None,
        Query(
            examples=["giam-ngheo"],
            description="Topic slug or name (see `topic` on /search); all topics when absent.",
        ),
    ] = None,
    province_scope: Scope = ProvinceScope.CURRENT,
    max_records: Annotated[
        int,
        Query(ge=1, le=1000, examples=[300], description="Newest records of each kind taken per province."),
    ] = 300,
) -> Any:
    """Compare provinces on a topic: similar duties side by side, target figures by subject, deadlines.

    With `province_scope=current` (the default) a province includes the provinces merged into it
    on 1 July 2025. At most two comparisons run at once per server process; more wait their turn.
    Answers are reused until the stored documents change.
    """
    names = canonical_provinces(provinces)
    topics = canonical_topics([topic]) if topic is not None else ()

    key = ("compare", names, topics, province_scope, max_records)
    answers: AnswerCache = request.app.state.answers
    version = await anyio.to_thread.run_sync(stores.data_version)
    answer = answers.get(key, version)
    if answer is None:
        body = await anyio.to_thread.run_sync(
            functools.partial(_compare, stores, names, topics, province_scope, max_records),
            limiter=limiter(request, "compare", COMPARES_AT_ONCE),
        )
        answer = dumps(body)
        answers.put(key, version, answer)
    return json_response(answer)
