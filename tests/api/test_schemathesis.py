"""Property-based tests of the HTTP API against its own OpenAPI schema (schemathesis, in-process ASGI).

For every operation schemathesis generates requests from the schema (valid and invalid
parameters, bodies and headers) and checks each answer: never a 5xx, a documented status, a
documented content type, a body that matches the response schema, documented headers.
Examples are bounded so that the whole module runs in well under a minute.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.strategies import SearchStrategy
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from pipeline.settings import Settings
from tests.conftest import CORPUS

KEY = "test-key"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
SEED = ("hanoi-kh-308-2025.md", "news-vntc-sonla-didan.txt")


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    """The app's own schema, on a tmp database seeded with real documents (so reads find records)."""
    db: Path = tmp_path_factory.mktemp("schemathesis") / "t.db"
    app = create_app(Settings(db=db, api_keys=KEY, ocr=False, max_file_mb=1))
    with TestClient(app) as client:
        for name in SEED:
            r = client.post(
                "/documents", files={"file": (name, (CORPUS / name).read_bytes())}, headers={"X-API-Key": KEY}
            )
            assert r.status_code == 201, r.text
    return schemathesis.openapi.from_asgi("/openapi.json", app)


# The operations, read from the schema at collection (no database is opened for this).
SPEC = create_app(Settings(api_keys=KEY)).openapi()
OPERATIONS = [(method.upper(), path) for path, ops in SPEC["paths"].items() for method in ops]
WRITES = [(m, p) for m, p in OPERATIONS if m in ("POST", "DELETE")]
# Negative cases need something to break: a parameter or a body.
CASES = [
    pytest.param(m, p, mode, id=f"{m} {p} {mode.value}")
    for m, p in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE
    or SPEC["paths"][p][m.lower()].get("parameters")
    or SPEC["paths"][p][m.lower()].get("requestBody")
]


def _run(
    strategy: SearchStrategy[schemathesis.Case],
    examples: int,
    headers: dict[str, str] | None,
    expect: set[int] | None = None,
) -> None:
    """Call the app with `examples` generated cases and run the checks on each answer."""

    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        if expect is not None:
            assert response.status_code in expect, response.text

    check()


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_api_conforms_to_its_schema(
    api_schema: schemathesis.BaseSchema, method: str, path: str, mode: GenerationMode
) -> None:
    """Valid and invalid requests, with the key: no 5xx, every answer as documented."""
    operation = api_schema[path][method]
    _run(operation.as_strategy(generation_mode=mode), 12, {"X-API-Key": KEY})


@pytest.mark.parametrize(("method", "path"), WRITES, ids=[f"{m} {p}" for m, p in WRITES])
def test_api_writes_without_key_conform(api_schema: schemathesis.BaseSchema, method: str, path: str) -> None:
    """Without a key every write is refused (401), or rejected as malformed first; never a 5xx."""
    operation = api_schema[path][method]
    _run(operation.as_strategy(), 5, None, expect={400, 401, 413, 415, 422})
