"""/documents: upload (POST), list (GET), show (GET /{id}), delete (DELETE /{id})."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.auth import require_write_key
from api.deps import Stores, get_stores, limiter
from api.errors import ApiError
from api.extraction import ExtractionPool
from api.filters import DocumentFilters, document_filters, search_query
from api.paging import next_offset_cursor, offset_of
from api.responses import json_response
from api.schemas import (
    DocumentDetail,
    DocumentList,
    DocumentSummaryOut,
    TextUpload,
    UploadResult,
    error_responses,
)
from api.tables import CSV_RESPONSE, FormatParam, csv_response, wants_csv
from index.query import Sort
from index.store import AddOutcome
from pipeline.ingest.read import EXTENSIONS
from pipeline.normalize import document_id
from pipeline.run import ProcessedDocument

router = APIRouter(tags=["documents"])
write_router = APIRouter(tags=["documents"], dependencies=[Depends(require_write_key)])

INGESTS_AT_ONCE = 2  # uploads looked up or stored at once (SQLite writes one at a time anyway)

MEDIA_EXTENSIONS = {
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
}

DocId = Annotated[
    str,
    Path(
        description="Document id (sha256 of its bytes), or a unique prefix of at least 6 characters.",
        examples=["9c43cac841f1"],
        min_length=1,
        max_length=64,
    ),
]

_UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "description": "A file as multipart/form-data (field `file`; its name's extension picks the reader: "
    + ", ".join(sorted(EXTENSIONS))
    + "), or JSON text.",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "The document file, with its file name.",
                    }
                },
            },
        },
        "application/json": {"schema": TextUpload.model_json_schema()},
    },
}


def upload_name(filename: str | None, content_type: str | None) -> str:
    """A safe base name for an upload; the extension is guessed from the media type when missing."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name.strip() or "upload"
    if PurePosixPath(name).suffix.lower() not in EXTENSIONS:
        media = (content_type or "").split(";")[0].strip().lower()
        if media in MEDIA_EXTENSIONS and not PurePosixPath(name).suffix:
            name += MEDIA_EXTENSIONS[media]
    return name


async def _read_upload(request: Request) -> tuple[bytes, str]:
    """(bytes, name) from a multipart `file` or a JSON {text, name} body."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=8)
        try:
            upload = form.get("file")
            if upload is None:
                raise ApiError(
                    422, "invalid_request", "multipart body needs a `file` field holding the document"
                )
            if not isinstance(upload, UploadFile):
                raise ApiError(
                    422,
                    "invalid_request",
                    "`file` must be a file part with a file name (curl -F file=@plan.pdf)",
                )
            data = await upload.read()
            return data, upload_name(upload.filename, upload.content_type)
        finally:
            await form.close()
    if media == "application/json" or media.endswith("+json"):
        body = await request.body()
        try:
            payload = TextUpload.model_validate_json(body)
        except ValidationError as err:
            raise RequestValidationError(
                [
                    {**e, "loc": ("body", *e["loc"])}
                    for e in err.errors(include_url=False, include_context=False)
                ]
            ) from err
        return payload.text.encode("utf-8"), upload_name(payload.name, "text/plain")
    raise ApiError(
        415,
        "unsupported_media_type",
        f'send multipart/form-data with a `file` field, or application/json {{"text": …}}; '
        f"got {media or 'no Content-Type'}",
    )


def _stored(stores: Stores, doc_id: str) -> dict[str, Any] | None:
    """The stored document with this id, or None."""
    with stores.lease() as store:
        return store.get(doc_id) if store.has(doc_id) else None


def _store(stores: Stores, processed: ProcessedDocument, name: str) -> tuple[dict[str, Any], bool]:
    """Store an extracted upload in this worker thread; (stored document, created)."""
    doc = processed.document
    # Stored under its id so that two uploads both called plan.pdf never replace each other.
    path = f"uploads/{doc.id[:12]}/{name}"
    processed = replace(processed, document=replace(doc, source=replace(doc.source, path=path)))
    with stores.lease() as store:
        outcome = store.add(processed)
        return store.get(doc.id), outcome is not AddOutcome.UNCHANGED


@write_router.post(
    "/documents",
    status_code=201,
    response_model=UploadResult,
    openapi_extra={"requestBody": _UPLOAD_BODY},
    responses={
        201: {
            "description": "Stored: the new document's id, metadata and records.",
            "headers": {
                "Location": {"description": "URL of the new document.", "schema": {"type": "string"}}
            },
        },
        200: {
            "model": UploadResult,
            "description": "The same bytes were already stored: the existing document.",
            "headers": {"Location": {"description": "URL of the document.", "schema": {"type": "string"}}},
        },
        **error_responses(400, 401, 403, 413, 415, 422),
    },
)
async def upload_document(request: Request) -> Any:
    """Upload a document (file or JSON text): read, extract and store it; returns its id, metadata and records.

    Posting the same bytes again changes nothing and answers 200 with the stored document.
    Reading and extraction run in a separate, lower-priority process, so the server keeps
    answering reads meanwhile.
    """
    data, name = await _read_upload(request)
    stores: Stores = request.app.state.stores
    extraction: ExtractionPool = request.app.state.extraction
    writes = limiter(request, "ingest", INGESTS_AT_ONCE)
    stored = await anyio.to_thread.run_sync(_stored, stores, document_id(data), limiter=writes)
    if stored is not None:
        doc, created = stored, False
    else:
        processed = await extraction.process(data, name, request.app.state.settings)
        doc, created = await anyio.to_thread.run_sync(
            functools.partial(_store, stores, processed, name), limiter=writes
        )
    doc.pop("text", None)
    doc.pop("page_starts", None)
    return json_response(
        {**doc, "created": created},
        status_code=201 if created else 200,
        headers={"Location": f"/documents/{doc['id']}"},
    )


@router.get(
    "/documents",
    response_model=DocumentList,
    responses={200: CSV_RESPONSE, **error_responses(422)},
)
def list_documents(
    request: Request,
    stores: Annotated[Stores, Depends(get_stores)],
    filters: Annotated[DocumentFilters, Depends(document_filters)],
    sort: Annotated[
        Sort,
        Query(
            description="`date`: newest first; `date_asc`: oldest first; `relevance` = `date` here.",
            examples=["date"],
        ),
    ] = Sort.DATE,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size.", examples=[50])] = 50,
    cursor: Annotated[
        str | None,
        Query(max_length=200, description="`next_cursor` of the previous page.", examples=["eyJvIjo1MH0"]),
    ] = None,
    fmt: FormatParam = None,
) -> Any:
    """Stored documents (metadata only), filtered, newest first, one page at a time."""
    offset = offset_of(cursor)
    query = search_query(
        filters, text="", sort=Sort.DATE if sort is Sort.RELEVANCE else sort, limit=limit, offset=offset
    )
    with stores.lease() as store:
        result = store.search(query)
    items = [
        DocumentSummaryOut(
            id=h.doc_id,
            source=h.source,
            doc_type=h.doc_type,
            title=h.title,
            number=h.number,
            issued_date=h.issued_date,
            provinces=list(h.provinces),
            issuer=h.issuer,
        )
        for h in result.hits
    ]
    next_cursor = next_offset_cursor(offset, len(items), result.total)
    if wants_csv(request, fmt):
        return csv_response(
            (i.model_dump() for i in items),
            list(DocumentSummaryOut.model_fields),
            next_cursor=next_cursor,
            total=result.total,
            filename="documents.csv",
        )
    return DocumentList(items=items, total=result.total, next_cursor=next_cursor)


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses=error_responses(404, 422))
def get_document(doc_id: DocId, stores: Annotated[Stores, Depends(get_stores)]) -> Any:
    """One stored document: metadata, provenance, normalized text, and every record with offsets and evidence."""
    with stores.lease() as store:
        return json_response(store.get(doc_id))


@write_router.delete(
    "/documents/{doc_id}",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Deleted."}, **error_responses(401, 403, 404, 422)},
)
def delete_document(doc_id: DocId, stores: Annotated[Stores, Depends(get_stores)]) -> Response:
    """Delete a document and its records."""
    with stores.lease() as store:
        store.delete(store.resolve(doc_id))
    return Response(status_code=204)
