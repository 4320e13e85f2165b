"""The HTTP API, in-process: every route's success and error paths, on real documents from corpus/raw."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from index.fold import fold
from pipeline.settings import Settings
from tests.conftest import CORPUS

KEY = "test-key"
AUTH = {"X-API-Key": KEY}

# One of each format; provinces chosen so that the 2025 merger matters (Bà Rịa - Vũng Tàu -> Hồ Chí Minh).
LOADED = (
    "hanoi-kh-308-2025.md",
    "laocai-qd-2020-2025.md",
    "hcm-qd-2820-2025.md",
    "news-vntc-sonla-didan.txt",
    "002_ab6a4f67fd0a4660.txt",
    "quangninh-nq-99-2025-htm.html",
    "phobang-kh-01-tbtt-2025.docx",
    "ngaigiao-qd-142-2024.pdf",
)

PLAN = (
    "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 104/KH-UBND\nLào Cai, ngày 09 tháng 9 năm 2024\n\nKẾ HOẠCH\n"
    "Thực hiện chương trình giảm nghèo bền vững năm 2024\n\n"
    "Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tổ chức thực hiện "
    "Kế hoạch này trước ngày 30/6/2024.\n"
)


def _upload(
    client: TestClient,
    name: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    body = (CORPUS / name).read_bytes() if data is None else data
    return client.post(
        "/documents", files={"file": (name, body)}, headers=AUTH if headers is None else headers
    )


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A fresh app on an empty tmp database, one key configured."""
    app = create_app(Settings(db=tmp_path / "t.db", api_keys=KEY))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """An app holding LOADED (uploaded once per module); returns (client, name -> id)."""
    db = tmp_path_factory.mktemp("loaded") / "t.db"
    app = create_app(Settings(db=db, api_keys=KEY))
    with TestClient(app) as c:
        ids = {}
        for name in LOADED:
            r = _upload(c, name)
            assert r.status_code == 201, r.text
            ids[name] = r.json()["id"]
        yield c, ids


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The shared error shape, checked; returns the `error` object."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["status"] == status and isinstance(err["message"], str) and err["message"]
    if code is not None:
        assert err["code"] == code
    assert "Traceback" not in response.text and 'File "' not in response.text
    return dict(err)


def _csv(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# --------------------------------------------------------------------------- health, docs


def test_app_health(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["documents"] == 0


def test_app_startup_moves_loaded_objects_out_of_the_collectors_sight(client: TestClient) -> None:
    # the libraries loaded at start-up are frozen, so full collections skip them (latency spikes)
    assert gc.get_freeze_count() > 10_000
    # a search winning the GIL back after each SQLite statement waits at most 1 ms per statement
    assert sys.getswitchinterval() == pytest.approx(0.001)


def test_app_openapi_documents_every_parameter_and_response(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    expected = {
        "/health",
        "/documents",
        "/documents/{doc_id}",
        "/search",
        "/duties",
        "/figures",
        "/deadlines",
        "/agencies",
        "/compare",
        "/provinces",
    }
    assert expected <= set(spec["paths"])
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            assert op.get("description"), f"{method} {path} has no description"
            for p in op.get("parameters", []):
                assert p.get("description"), f"{method} {path} parameter {p['name']} has no description"
                assert "example" in p or "examples" in p or "examples" in p.get("schema", {}), (
                    f"{method} {path} parameter {p['name']} has no example"
                )
            for status, resp in op["responses"].items():
                if status != "204":
                    assert resp.get("content"), f"{method} {path} {status} has no documented body"
    for name, schema in spec["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            assert prop.get("description") or "$ref" in prop or "allOf" in prop, (
                f"{name}.{field} undocumented"
            )
    assert {"bearer", "apiKey"} <= set(spec["components"]["securitySchemes"])
    assert spec["paths"]["/documents"]["post"]["security"] == [{"bearer": []}, {"apiKey": []}]
    assert "security" not in spec["paths"]["/search"]["get"]
    assert client.get("/docs").status_code == 200


# --------------------------------------------------------------------------- upload


@pytest.mark.parametrize(
    "name",
    [
        "hanoi-kh-308-2025.md",
        "news-vntc-sonla-didan.txt",
        "quangninh-nq-99-2025-htm.html",
        "luongminh-kh-16-mttq-2025.docx",
        "ngaigiao-qd-142-2024.pdf",
    ],
)
def test_app_upload_each_format(client: TestClient, name: str) -> None:
    data = (CORPUS / name).read_bytes()
    r = _upload(client, name, data)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["id"] == hashlib.sha256(data).hexdigest()
    assert body["created"] is True and body["source"] == name
    assert r.headers["location"] == f"/documents/{body['id']}"
    assert "text" not in body
    assert body["agencies"] and body["doc_type"] in {"plan", "news", "resolution", "decision"}
    assert all({"start", "end", "evidence"} <= set(a) for a in body["agencies"])
    assert client.get("/health").json()["documents"] == 1


def test_app_upload_same_bytes_returns_existing(client: TestClient) -> None:
    first = _upload(client, "laocai-qd-2020-2025.md").json()
    again = _upload(client, "laocai-qd-2020-2025.md", headers={"Authorization": f"Bearer {KEY}"})
    assert again.status_code == 200
    assert again.json()["created"] is False and again.json()["id"] == first["id"]
    assert again.json()["duties"] == first["duties"]
    assert client.get("/health").json()["documents"] == 1


def test_app_upload_same_name_new_bytes_keeps_both(client: TestClient) -> None:
    a = _upload(client, "plan.txt", PLAN.encode())
    b = _upload(client, "plan.txt", (PLAN + "Sở Tài chính bảo đảm kinh phí.\n").encode())
    assert a.status_code == b.status_code == 201
    assert client.get("/health").json()["documents"] == 2


def test_app_upload_json_text(client: TestClient) -> None:
    r = client.post("/documents", json={"text": PLAN, "name": "ke-hoach.txt"}, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["number"] == "104/KH-UBND" and body["provinces"] == ["Lào Cai"]
    assert any(d["role"] == "lead" for d in body["duties"])
    doc = client.get(f"/documents/{body['id']}").json()
    assert doc["text"].startswith("ỦY BAN NHÂN DÂN TỈNH LÀO CAI")


def test_app_upload_json_defaults_to_txt(client: TestClient) -> None:
    r = client.post("/documents", json={"text": PLAN}, headers=AUTH)
    assert r.status_code == 201 and r.json()["source"] == "text.txt"


def test_app_upload_guesses_extension_from_media_type(client: TestClient) -> None:
    r = client.post("/documents", files={"file": ("ke-hoach", PLAN.encode(), "text/plain")}, headers=AUTH)
    assert r.status_code == 201 and r.json()["source"] == "ke-hoach.txt"


def test_app_upload_strips_directories_from_the_name(client: TestClient) -> None:
    r = client.post("/documents", files={"file": ("../../etc/plan.txt", PLAN.encode())}, headers=AUTH)
    assert r.status_code == 201 and r.json()["source"] == "plan.txt"


# --------------------------------------------------------------------------- upload errors


def test_app_write_without_key_is_401(client: TestClient) -> None:
    r = _upload(client, "plan.txt", PLAN.encode(), headers={})
    err = _error(r, 401, "unauthorized")
    assert "X-API-Key" in err["message"]
    assert r.headers["www-authenticate"].startswith("Bearer")
    _error(client.post("/documents", json={"text": PLAN}), 401)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": "wrong"},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {KEY}"},
        {"X-API-Key": KEY + "x"},
    ],
)
def test_app_write_with_wrong_key_is_401(client: TestClient, headers: dict[str, str]) -> None:
    _error(_upload(client, "plan.txt", PLAN.encode(), headers=headers), 401, "unauthorized")
    assert client.get("/health").json()["documents"] == 0


def test_app_several_keys_each_work(tmp_path: Path) -> None:
    app = create_app(Settings(db=tmp_path / "t.db", api_keys="alpha, beta"))
    with TestClient(app) as c:
        assert _upload(c, "a.txt", PLAN.encode(), headers={"X-API-Key": "beta"}).status_code == 201
        assert (
            _upload(
                c, "b.txt", "Sở Y tế chủ trì.".encode(), headers={"Authorization": "Bearer alpha"}
            ).status_code
            == 201
        )


def test_app_writes_refused_without_configured_keys(tmp_path: Path) -> None:
    app = create_app(Settings(db=tmp_path / "t.db", api_keys=""))
    with TestClient(app) as c:
        err = _error(
            _upload(c, "plan.txt", PLAN.encode(), headers={"X-API-Key": "anything"}), 403, "forbidden"
        )
        assert "VANBAN_API_KEYS" in err["message"]
        _error(c.delete("/documents/" + "a" * 64), 403)
        assert c.get("/documents").status_code == 200  # reads stay open


def test_app_reads_can_require_a_key(tmp_path: Path) -> None:
    app = create_app(Settings(db=tmp_path / "t.db", api_keys=KEY, read_requires_key=True))
    with TestClient(app) as c:
        _error(c.get("/documents"), 401)
        _error(c.get("/search", params={"q": "giảm nghèo"}), 401)
        _error(c.get("/provinces", headers={"X-API-Key": "nope"}), 401)
        assert c.get("/documents", headers=AUTH).status_code == 200
        assert c.get("/provinces", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
        assert c.get("/health").status_code == 200
        assert "security" in c.get("/openapi.json").json()["paths"]["/search"]["get"]


def test_app_upload_over_declared_size_is_413(tmp_path: Path) -> None:
    app = create_app(Settings(db=tmp_path / "t.db", api_keys=KEY, max_file_mb=0.05))
    with TestClient(app) as c:
        big = ("Kế hoạch thực hiện. " * 20_000).encode()  # ~500 kB, over limit + envelope
        err = _error(_upload(c, "big.txt", big), 413, "too_large")
        assert "0.05 MB" in err["message"]


def test_app_upload_between_limit_and_envelope_is_413(tmp_path: Path) -> None:
    app = create_app(Settings(db=tmp_path / "t.db", api_keys=KEY, max_file_mb=0.05))
    with TestClient(app) as c:
        data = ("Kế hoạch thực hiện. " * 2_500).encode()  # ~62 kB: passes the body check, not the file check
        _error(_upload(c, "big.txt", data), 413, "too_large")


def test_app_upload_chunked_body_is_counted(tmp_path: Path) -> None:
    app = create_app(Settings(db=tmp_path / "t.db", api_keys=KEY, max_file_mb=0.05))

    def chunks() -> Iterator[bytes]:
        for _ in range(1000):  # 8 MB in 8 kB chunks, no Content-Length
            yield b"x" * 8192

    with TestClient(app) as c:
        r = c.post("/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
        _error(r, 413, "too_large")
    assert "content-length" not in {k.lower() for k in r.request.headers}


def test_app_upload_unsupported_extension_is_415(client: TestClient) -> None:
    err = _error(_upload(client, "table.xls", b"PK\x03\x04 spreadsheet"), 415, "unsupported_format")
    assert "table.xls" in err["message"] and "uploads/" not in err["message"]
    _error(_upload(client, "noext", b"Ke hoach"), 415)


def test_app_upload_unsupported_media_type_is_415(client: TestClient) -> None:
    r = client.post("/documents", content=PLAN.encode(), headers={**AUTH, "Content-Type": "text/plain"})
    _error(r, 415, "unsupported_media_type")


@pytest.mark.parametrize(
    ("name", "data", "code", "reason"),
    [
        ("empty.txt", b"", "empty_document", "empty file"),
        ("fake.pdf", b"Ke hoach so 104/KH-UBND", "unreadable_document", "not a PDF"),
        ("truncated.pdf", (CORPUS / "ngaigiao-qd-142-2024.pdf").read_bytes()[:2000], None, "truncated.pdf"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, None, "DOCX"),
        ("junk.txt", bytes(range(256)) * 40, None, "junk.txt"),
        ("blank.html", b"<html><body><script>var a=1;</script></body></html>", "empty_document", "no text"),
    ],
)
def test_app_upload_unreadable_is_422_with_reason(
    client: TestClient, name: str, data: bytes, code: str | None, reason: str
) -> None:
    err = _error(_upload(client, name, data), 422, code)
    assert reason in err["message"]
    assert client.get("/health").json()["documents"] == 0


def test_app_upload_without_file_field_is_422(client: TestClient) -> None:
    r = client.post("/documents", files={"document": ("plan.txt", PLAN.encode())}, headers=AUTH)
    assert "`file`" in _error(r, 422, "invalid_request")["message"]
    r = client.post(
        "/documents", data={"file": "just a string"}, files={"other": ("x.txt", b"x")}, headers=AUTH
    )
    assert "file name" in _error(r, 422)["message"]


def test_app_upload_bad_json_is_422(client: TestClient) -> None:
    err = _error(client.post("/documents", json={"txt": PLAN}, headers=AUTH), 422, "invalid_request")
    assert {tuple(d["loc"]) for d in err["details"]} >= {("body", "text")}
    _error(
        client.post("/documents", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}),
        422,
    )
    _error(client.post("/documents", json={"text": ""}, headers=AUTH), 422)


def test_app_upload_malformed_multipart_is_400(client: TestClient) -> None:
    r = client.post("/documents", content=b"--x\r\n", headers={**AUTH, "Content-Type": "multipart/form-data"})
    _error(r, 400, "bad_request")


# --------------------------------------------------------------------------- get, delete


def test_app_get_document_with_text_offsets_and_evidence(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, ids = loaded
    doc_id = ids["hanoi-kh-308-2025.md"]
    r = c.get(f"/documents/{doc_id}")
    assert r.status_code == 200
    doc = r.json()
    assert doc["id"] == doc_id and doc["format"] == "md" and doc["provinces"] == ["Hà Nội"]
    text = doc["text"]
    for agency in doc["agencies"]:
        assert text[agency["start"] : agency["end"]] == agency["text"]
    for deadline in doc["deadlines"]:
        assert text[deadline["start"] : deadline["end"]] == deadline["text"]
    for duty in doc["duties"]:
        assert 0 <= duty["start"] < duty["end"] <= len(text)
        assert duty["evidence"] and duty["evidence"] in text
    assert doc["duties"] and doc["agencies"] and doc["references"]


def test_app_get_document_by_prefix(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, ids = loaded
    doc_id = ids["news-vntc-sonla-didan.txt"]
    assert c.get(f"/documents/{doc_id[:10]}").json()["id"] == doc_id


@pytest.mark.parametrize("doc_id", ["0" * 64, "abc", "zzzzzzzzzz"])
def test_app_get_unknown_document_is_404(loaded: tuple[TestClient, dict[str, str]], doc_id: str) -> None:
    _error(loaded[0].get(f"/documents/{doc_id}"), 404, "not_found")


def test_app_delete_document(client: TestClient) -> None:
    doc_id = _upload(client, "plan.txt", PLAN.encode()).json()["id"]
    _error(client.delete(f"/documents/{doc_id}"), 401)
    r = client.delete(f"/documents/{doc_id}", headers={"Authorization": f"Bearer {KEY}"})
    assert r.status_code == 204 and r.content == b""
    _error(client.get(f"/documents/{doc_id}"), 404)
    _error(client.delete(f"/documents/{doc_id}", headers=AUTH), 404)
    assert client.get("/health").json()["documents"] == 0


# --------------------------------------------------------------------------- list


def test_app_list_documents_pages_with_cursor(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, ids = loaded
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = c.get("/documents", params=params).json()
        assert page["total"] == len(LOADED)
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(ids.values())
    dates = [c.get(f"/documents/{i}").json()["issued_date"] or "" for i in seen]
    assert [d for d in dates if d] == sorted((d for d in dates if d), reverse=True)


def test_app_list_documents_filters(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, ids = loaded
    plans = c.get("/documents", params={"doc_type": "plan"}).json()
    assert plans["items"] and all(d["doc_type"] == "plan" for d in plans["items"])
    hn = c.get("/documents", params={"province": "ha noi"}).json()  # accents optional
    assert ids["hanoi-kh-308-2025.md"] in {d["id"] for d in hn["items"]}
    assert all("Hà Nội" in d["provinces"] for d in hn["items"])
    old = c.get("/documents", params={"year_to": 2024}).json()["items"]
    assert old and all(d["issued_date"] < "2025" for d in old)


def test_app_list_documents_current_province_after_merger(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, ids = loaded
    brvt = ids["ngaigiao-qd-142-2024.pdf"]
    written = c.get("/documents", params={"province": "Hồ Chí Minh"}).json()["items"]
    current = c.get("/documents", params={"province": "TP.HCM", "province_scope": "current"}).json()["items"]
    assert brvt not in {d["id"] for d in written}
    assert brvt in {d["id"] for d in current}


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"province": "Atlantis"}, "unknown province"),
        ({"year_from": 2025, "year_to": 2020}, "year_from"),
        ({"doc_type": "memo"}, "doc_type"),
        ({"limit": 0}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"cursor": "not-a-cursor!"}, "cursor"),
        ({"cursor": "eyJvIjotNX0"}, "cursor"),  # {"o":-5}
        ({"topic": "astrology"}, "unknown topic"),
        ({"format": "xml"}, "format"),
        ({"topic": ""}, "topic"),
        ({"province": ""}, "province"),
    ],
)
def test_app_list_documents_bad_parameters_are_422(
    loaded: tuple[TestClient, dict[str, str]], params: dict[str, Any], needle: str
) -> None:
    err = _error(loaded[0].get("/documents", params=params), 422, "invalid_request")
    assert needle in err["message"]


def test_app_list_documents_csv(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, _ids = loaded
    by_accept = _csv(c.get("/documents", headers={"Accept": "text/csv"}))
    by_param = _csv(c.get("/documents", params={"format": "csv"}))
    assert by_accept == by_param and len(by_param) == len(LOADED)
    assert {"id", "source", "doc_type", "title", "number", "issued_date", "provinces", "issuer"} <= set(
        by_param[0]
    )
    r = c.get("/documents", params={"limit": 2}, headers={"Accept": "text/csv"})
    assert r.headers["x-next-cursor"] and r.headers["x-total-count"] == str(len(LOADED))
    empty = c.get("/documents", params={"format": "csv", "province": "Cà Mau"})
    assert empty.content.decode("utf-8-sig").splitlines() == [
        "id,source,doc_type,title,number,issued_date,provinces,issuer"
    ]
    prefer_json = c.get("/documents", headers={"Accept": "application/json, text/csv;q=0.5"})
    assert prefer_json.headers["content-type"].startswith("application/json")


# --------------------------------------------------------------------------- search and records


def test_app_search_accents_optional_with_highlights(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, _ids = loaded
    exact = c.get("/search", params={"q": "chuyển đổi số"}).json()
    folded = c.get("/search", params={"q": "chuyen doi so"}).json()
    assert exact["total"] > 0 and folded["total"] >= exact["total"]
    for hit in folded["hits"]:
        assert hit["highlights"]
        for start, end in hit["highlights"]:
            assert fold(hit["snippet"][start:end]) in {"chuyen", "doi", "so", "chuyen doi so"}
        assert "«" in hit["snippet_marked"]


def test_app_search_filters_facets_and_pages(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, _ids = loaded
    everything = c.get("/search", params={"q": "ủy ban nhân dân", "facets": "true", "limit": 2}).json()
    assert everything["total"] >= 3 and len(everything["hits"]) == 2 and everything["next_cursor"]
    facets = everything["facets"]
    assert sum(facets["doc_types"].values()) == everything["total"]
    assert facets["provinces"]
    second = c.get(
        "/search", params={"q": "ủy ban nhân dân", "limit": 2, "cursor": everything["next_cursor"]}
    ).json()
    assert {h["id"] for h in second["hits"]}.isdisjoint({h["id"] for h in everything["hits"]})
    plans = c.get("/search", params={"q": "ủy ban nhân dân", "doc_type": "plan"}).json()
    assert plans["hits"] and all(h["doc_type"] == "plan" for h in plans["hits"])
    assert c.get("/search", params={"q": "ủy ban nhân dân", "province": "Quảng Ninh"}).json()["total"] >= 1


@pytest.mark.parametrize(
    "q", ['"unbalanced', "AND OR NOT", "x' OR 1=1; --", "*", "NEAR(a b)", "đ" * 3000, ""]
)
def test_app_search_hostile_queries_never_fail(loaded: tuple[TestClient, dict[str, str]], q: str) -> None:
    r = loaded[0].get("/search", params={"q": q})
    if len(q) > 2000:
        _error(r, 422)
    else:
        assert r.status_code == 200, r.text


def test_app_search_csv(loaded: tuple[TestClient, dict[str, str]]) -> None:
    rows = _csv(loaded[0].get("/search", params={"q": "giảm nghèo", "format": "csv"}))
    assert rows and {"id", "title", "score", "snippet", "snippet_marked"} <= set(rows[0])


def test_app_duties_filters(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, _ids = loaded
    lead = c.get("/duties", params={"role": "lead", "limit": 20}).json()
    assert lead["total"] > 0 and all(d["role"] == "lead" for d in lead["items"])
    for d in lead["items"]:
        assert {
            "actor",
            "action",
            "role",
            "partners",
            "assigned_by",
            "deadline",
            "evidence",
            "document",
        } <= set(d)
    hn = c.get("/duties", params={"province": "Hà Nội"}).json()
    assert hn["items"] and all(d["document"]["id"] for d in hn["items"])
    support = c.get("/duties", params={"role": "support"}).json()
    assert all(d["role"] == "support" for d in support["items"])
    _error(c.get("/duties", params={"role": "boss"}), 422)
    _error(c.get("/duties", params={"due_after": "2025-12-31", "due_before": "2025-01-01"}), 422)
    for bad in ("0", "2025-13-01", "yesterday", "2025-02-30"):  # "0" once parsed as a Unix timestamp
        _error(c.get("/duties", params={"due_before": bad}), 422)
    by_name = c.get("/duties", params={"topic": "giảm nghèo"}).json()
    assert by_name == c.get("/duties", params={"topic": "giam-ngheo"}).json() | {
        "took_ms": by_name["took_ms"]
    }


def test_app_duties_due_window_and_paging(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, _ids = loaded
    due = c.get(
        "/duties", params={"due_after": "2025-01-01", "due_before": "2026-12-31", "limit": 1000}
    ).json()
    for d in due["items"]:
        assert d["due_end"] is None or "2025-01-01" <= d["due_end"] <= "2026-12-31" or d["due_start"]
    first = c.get("/duties", params={"limit": 5}).json()
    second = c.get("/duties", params={"limit": 5, "cursor": first["next_cursor"]}).json()
    key = [(d["document"]["id"], d["start"]) for d in first["items"]]
    assert key and not set(key) & {(d["document"]["id"], d["start"]) for d in second["items"]}


def test_app_figures_deadlines_agencies(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, _ids = loaded
    figures = c.get("/figures", params={"limit": 100}).json()
    assert figures["total"] > 0
    assert all({"text", "value", "unit", "kind", "qualifier", "subject"} <= set(f) for f in figures["items"])
    targets = c.get("/figures", params={"figure_kind": "target"}).json()
    assert all(f["kind"] == "target" for f in targets["items"])
    deadlines = c.get("/deadlines", params={"due_after": "2025-01-01", "due_before": "2025-12-31"}).json()
    for d in deadlines["items"]:
        due = d["end_date"] or d["start_date"]
        assert due is not None and "2025-01-01" <= due <= "2025-12-31"
    departments = c.get("/agencies", params={"agency_kind": "department", "limit": 50}).json()
    assert departments["items"] and all(a["kind"] == "department" for a in departments["items"])
    so = c.get("/agencies", params={"agency": "so noi vu"}).json()
    assert all("nội vụ" in (a["name"] or a["text"]).lower() for a in so["items"])


@pytest.mark.parametrize(
    ("route", "columns"),
    [
        ("/duties", ["actor", "action", "role", "partners", "assigned_by", "deadline"]),
        ("/figures", ["text", "value", "unit", "total", "qualifier", "kind", "subject", "deadline"]),
        ("/deadlines", ["text", "kind", "start_date", "end_date", "recurrence", "offset", "anchor"]),
        ("/agencies", ["text", "name", "kind", "level", "province"]),
    ],
)
def test_app_record_lists_csv_use_schema_names(
    loaded: tuple[TestClient, dict[str, str]], route: str, columns: list[str]
) -> None:
    rows = _csv(loaded[0].get(route, params={"limit": 20}, headers={"Accept": "text/csv"}))
    assert rows
    header = list(rows[0])
    assert header[: len(columns)] == columns
    assert {"document.id", "document.title", "evidence", "start", "end"} <= set(header)


# --------------------------------------------------------------------------- compare, provinces


def test_app_compare_provinces_on_a_topic(loaded: tuple[TestClient, dict[str, str]]) -> None:
    c, _ids = loaded
    r = c.get("/compare", params={"province": ["Hà Nội", "Hồ Chí Minh"], "topic": "chuyển đổi số"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["provinces"] == ["Hà Nội", "Hồ Chí Minh"]
    assert body["topic"] == "chuyển đổi số" and body["scope"] == "current"
    assert set(body["documents"]) == {"Hà Nội", "Hồ Chí Minh"} and body["documents"]["Hà Nội"] >= 1
    assert body["duties"]
    for row in body["duties"]:
        assert set(row["cells"]) == {"Hà Nội", "Hồ Chí Minh"}
        assert row["coverage"] == sum(1 for items in row["cells"].values() if items) >= 1
        assert all(item["doc_id"] and item["text"] for items in row["cells"].values() for item in items)
    # today's Hồ Chí Minh includes the former Bà Rịa - Vũng Tàu
    merged = c.get("/compare", params={"province": ["Bà Rịa - Vũng Tàu", "TP.HCM"]}).json()
    assert merged["provinces"] == ["Hồ Chí Minh"]
    written = c.get("/compare", params={"province": ["brvt"], "province_scope": "written"}).json()
    assert written["provinces"] == ["Bà Rịa - Vũng Tàu"] and written["documents"]["Bà Rịa - Vũng Tàu"] == 1
    _error(c.get("/compare", params={"province": ["Hà Nội"], "topic": "astrology"}), 422)
    _error(c.get("/compare", params={"province": ["Atlantis", "Hà Nội"]}), 422)
    _error(c.get("/compare"), 422)
    _error(c.get("/compare", params={"province": ["Hà Nội"] * 7}), 422)


def test_app_provinces_with_the_2025_mapping(client: TestClient) -> None:
    body = client.get("/provinces").json()
    by_name = {p["name"]: p for p in body["items"]}
    assert body["total"] == len(by_name) >= 63
    assert by_name["Yên Bái"]["current"] == "Lào Cai" and not by_name["Yên Bái"]["existed_after_2025"]
    assert "Yên Bái" in by_name["Lào Cai"]["former"]
    assert set(by_name["Hồ Chí Minh"]["former"]) >= {"Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"}
    current = client.get("/provinces", params={"current": "true"}).json()
    assert current["total"] == 34
    rows = _csv(client.get("/provinces", params={"format": "csv"}))
    assert {r["name"]: r["current"] for r in rows}["Yên Bái"] == "Lào Cai"


# --------------------------------------------------------------------------- errors, concurrency


def test_app_unknown_route_and_method(client: TestClient) -> None:
    _error(client.get("/nope"), 404, "not_found")
    r = client.put("/documents")
    _error(r, 405, "method_not_allowed")
    assert set(r.headers["allow"].split(", ")) == {"GET", "POST"}
    _error(client.patch(f"/documents/{'a' * 64}"), 405)


def test_app_unexpected_error_is_500_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.sqlite import SqliteStore

    def broken(self: SqliteStore) -> int:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(SqliteStore, "count", broken)
    app = create_app(Settings(db=tmp_path / "t.db", api_keys=KEY))
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/health")
        _error(r, 500, "internal_error")
        assert "secret" not in r.text and "RuntimeError" not in r.text


def test_app_reads_continue_while_ingesting(client: TestClient) -> None:
    _upload(client, "hanoi-kh-308-2025.md")
    failures: list[str] = []

    def ingest() -> None:
        for name in ("thanhhoa-qd-hdnd-kpi-2026-draft.pdf", "dongthap-kh-552-2025.md", "hcm-qd-2820-2025.md"):
            r = _upload(client, name)
            if r.status_code != 201:
                failures.append(r.text)

    writer = threading.Thread(target=ingest)
    writer.start()
    reads = 0
    while writer.is_alive() or reads < 20:
        for path in ("/search?q=chuyen+doi+so", "/documents", "/duties?limit=5", "/health"):
            r = client.get(path)
            if r.status_code != 200:
                failures.append(r.text)
        reads += 1
    writer.join()
    assert not failures, failures[:3]
    assert client.get("/health").json()["documents"] == 4
