"""The HTTP API: `create_app(settings) -> FastAPI`, served by `vanban serve`.

Thin by design: each route parses its parameters, calls `pipeline` or `index`, and formats
the answer (JSON in SCHEMA.md's field names, or CSV for list routes). Writes need an API key;
reads are open unless VANBAN_READ_REQUIRES_KEY is set. OpenAPI lives at /openapi.json, and
interactive docs at /docs.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import Depends, FastAPI

from api import routes_compare, routes_documents, routes_meta, routes_search
from api.auth import require_read_key
from api.cache import AnswerCache
from api.deps import Stores
from api.errors import BodyLimit, install_error_handlers
from api.extraction import ExtractionPool
from api.routes_meta import api_version
from pipeline.settings import Settings

MULTIPART_ENVELOPE = 64 * 1024  # boundaries and part headers around an upload of the full size

DESCRIPTION = """\
Document intelligence for Vietnamese official texts (nghị quyết, kế hoạch, quyết định, công văn …):
upload documents, then search them and the records extracted from them (agencies, duties,
deadlines, figures, references), and compare provinces.

* **Writes** (`POST`, `DELETE`) need an API key: `Authorization: Bearer <key>` or `X-API-Key: <key>`.
* **Reads** are open unless the server sets `VANBAN_READ_REQUIRES_KEY`.
* **Errors** all read `{"error": {"status": 404, "code": "not_found", "message": "…"}}`.
* **Lists** page with `limit` and `cursor` (pass back `next_cursor`), and answer CSV with
  `Accept: text/csv` or `format=csv`.
* Record fields follow the extraction schema (SCHEMA.md); `start`/`end` are offsets into the
  document's normalized text (`GET /documents/{id}`).
"""

TAGS = [
    {"name": "documents", "description": "Upload, list, read and delete documents."},
    {"name": "search", "description": "Full-text search and record lists, with filters."},
    {"name": "compare", "description": "Provinces side by side on a topic."},
    {"name": "meta", "description": "Health and the province gazetteer."},
]


def warm_up(extraction: ExtractionPool) -> None:
    """Start the extraction process and load the comparison libraries before the first request
    needs them (seconds, once per process), so that the first upload or comparison is not a
    latency spike."""
    from index.compare import align

    extraction.start()
    align(["tổ chức thực hiện kế hoạch", "thực hiện kế hoạch"])
    # What is loaded by now (FastAPI, scikit-learn, SciPy, the gazetteers: ~150,000 objects) lives
    # as long as the process: out of the collector's sight, a full collection no longer stops
    # every request for 100-140 ms (measured under bench/api.py) but only walks the new objects.
    gc.collect()
    gc.freeze()
    # A search releases the GIL around each SQLite statement and must win it back each time; while
    # a comparison computes in another thread, every win waits up to the switch interval (5 ms by
    # default), so a search of ten statements could wait 50 ms. 1 ms bounds that wait.
    sys.setswitchinterval(0.001)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API over the store the settings name (Settings() from VANBAN_* variables when None)."""
    settings = settings if settings is not None else Settings()
    stores = Stores(settings)
    extraction = ExtractionPool()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(warm_up, extraction)
        yield
        await anyio.to_thread.run_sync(extraction.close)
        stores.close()

    app = FastAPI(
        title="vanban",
        version=api_version(),
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.stores = stores
    app.state.extraction = extraction
    app.state.answers = AnswerCache()
    install_error_handlers(app)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_file_bytes + MULTIPART_ENVELOPE, limit_mb=settings.max_file_mb
    )

    reads = [Depends(require_read_key)] if settings.read_requires_key else []
    app.include_router(routes_meta.health_router)
    app.include_router(routes_documents.write_router)
    for router in (routes_documents.router, routes_search.router, routes_compare.router, routes_meta.router):
        app.include_router(router, dependencies=reads)
    return app
