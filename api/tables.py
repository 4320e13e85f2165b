"""CSV answers for list routes: `Accept: text/csv` or `?format=csv`, for researchers' spreadsheets.

Columns are the JSON field names (SCHEMA.md's); a nested object becomes `parent.child`
columns (`document.id`), a list of strings one cell joined by "; ", anything else deeper its
JSON. The file starts with a UTF-8 byte-order mark so that Excel reads Vietnamese correctly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

from api.schemas import OutputFormat

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"

CSV_RESPONSE: dict[str, Any] = {
    "content": {
        "text/csv": {
            "schema": {"type": "string"},
            "example": "id,source,doc_type,title\n9c43cac8…,laocai-qd-2020-2025.md,plan,Kế hoạch …\n",
        }
    },
    "description": "One page as JSON, or as CSV with `Accept: text/csv` or `format=csv`.",
    "headers": {
        "X-Next-Cursor": {
            "description": "CSV answers: the cursor of the next page (absent on the last page).",
            "schema": {"type": "string"},
        },
        "X-Total-Count": {
            "description": "CSV answers: how many items match.",
            "schema": {"type": "string", "pattern": "^[0-9]+$"},
        },
    },
}


FormatParam = Annotated[
    OutputFormat | None,
    Query(
        alias="format",
        description="`csv` for a spreadsheet (same as `Accept: text/csv`); JSON otherwise.",
        examples=["csv"],
    ),
]


def _quality(params: list[str]) -> float:
    for p in params:
        name, _, value = p.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def wants_csv(request: Request, fmt: OutputFormat | None) -> bool:
    """`format` decides when given; else an Accept header preferring text/csv."""
    if fmt is not None:
        return fmt is OutputFormat.CSV
    csv_q = json_q = 0.0
    for part in request.headers.get("accept", "").split(","):
        media, *params = part.split(";")
        media = media.strip().lower()
        if media == "text/csv":
            csv_q = max(csv_q, _quality(params))
        elif media in ("application/json", "application/*", "*/*"):
            json_q = max(json_q, _quality(params))
    return csv_q > 0 and csv_q >= json_q


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            if all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value):
                out[name] = "; ".join(str(v) for v in value)
            else:
                out[name] = json.dumps(value, ensure_ascii=False)
        elif value is None:
            out[name] = ""
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        else:
            out[name] = str(value)
    return out


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str] = ()) -> str:
    """Rows as CSV: `columns` first in that order, then any other fields in order of appearance."""
    flat = [_flatten(r) for r in rows]
    names = list(dict.fromkeys([*columns, *(k for r in flat for k in r)]))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=names, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(flat)
    return "\ufeff" + buf.getvalue()


def csv_response(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str] = (),
    next_cursor: str | None = None,
    total: int | None = None,
    filename: str = "vanban.csv",
) -> Response:
    headers = {"Content-Disposition": f'inline; filename="{filename}"'}
    if next_cursor:
        headers["X-Next-Cursor"] = next_cursor
    if total is not None:
        headers["X-Total-Count"] = str(total)
    return Response(to_csv(rows, columns), media_type=CSV_MEDIA_TYPE, headers=headers)
