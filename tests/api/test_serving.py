"""How the API serves under load: extraction in a separate process, answers cached until the data
changes, store connections lent per request, and TCP_NODELAY on every connection.

Speed itself is measured in bench/api.py; these tests check behaviour only.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cache import AnswerCache
from api.deps import Stores
from api.extraction import NICENESS
from api.responses import dumps, with_field
from api.serve import TcpConfig, tcp_listener
from index.query import SearchQuery
from index.sqlite import SqliteStore
from pipeline.run import process_bytes
from pipeline.settings import Settings
from tests.conftest import CORPUS, ROOT

KEY = "test-key"
AUTH = {"X-API-Key": KEY}

# A Lào Cai plan on poverty reduction ("giảm nghèo"), not in corpus/raw.
LAO_CAI_PLAN = (
    "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 104/KH-UBND\nLào Cai, ngày 09 tháng 9 năm 2024\n\nKẾ HOẠCH\n"
    "Thực hiện chương trình giảm nghèo bền vững năm 2024\n\n"
    "Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tổ chức thực hiện "
    "Kế hoạch này trước ngày 30/6/2024.\n"
)
# A Sơn La decision that names a commune found nowhere else ("xã Chiềng Khoong").
SON_LA_DECISION = (
    "ỦY BAN NHÂN DÂN TỈNH SƠN LA\nSố: 215/QĐ-UBND\nSơn La, ngày 12 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\n"
    "Về việc hỗ trợ nhà ở cho hộ nghèo tại xã Chiềng Khoong\n\n"
    "Giao Ủy ban nhân dân huyện Sông Mã chủ trì, phối hợp với Mặt trận Tổ quốc xã Chiềng Khoong "
    "hoàn thành việc hỗ trợ 120 căn nhà trước ngày 31/12/2025.\n"
)


def _upload_text(client: TestClient, text: str, name: str) -> dict[str, Any]:
    r = client.post("/documents", json={"text": text, "name": name}, headers=AUTH)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def _hit_ids(client: TestClient, q: str) -> set[str]:
    r = client.get("/search", params={"q": q})
    assert r.status_code == 200, r.text
    return {h["id"] for h in r.json()["hits"]}


@pytest.fixture
def app_client(tmp_path: Path) -> Any:
    app = create_app(Settings(db=tmp_path / "t.db", api_keys=KEY, ocr=False))
    with TestClient(app) as c:
        yield app, c


# --------------------------------------------------------------------------- extraction process


def test_extraction_runs_in_a_separate_lower_priority_process(app_client: Any) -> None:
    app, _client = app_client
    pid = app.state.extraction.start()
    assert pid != os.getpid()
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(mine + NICENESS, 19)


def test_upload_extracted_in_the_pool_stores_what_in_process_extraction_stores(
    app_client: Any, tmp_path: Path
) -> None:
    """The document read back after an upload is the one the server used to make in its own thread."""
    _app, client = app_client
    name = "hanoi-kh-308-2025.md"
    data = (CORPUS / name).read_bytes()
    r = client.post("/documents", files={"file": (name, data)}, headers=AUTH)
    assert r.status_code == 201, r.text
    doc_id = r.json()["id"]

    settings = Settings(db=tmp_path / "in-process.db", ocr=False)
    processed = process_bytes(data, name, settings)
    document = processed.document
    path = f"uploads/{doc_id[:12]}/{name}"
    processed = replace(processed, document=replace(document, source=replace(document.source, path=path)))
    store = SqliteStore(settings.db)
    try:
        store.add(processed)
        expected = store.get(doc_id)
    finally:
        store.close()

    got = client.get(f"/documents/{doc_id}").json()
    assert got["text"] == expected["text"] and got["text"].startswith("ỦY BAN NHÂN DÂN")
    for key in ("title", "number", "doc_type", "issued_date", "provinces", "issuer", "path", "topics"):
        assert got[key] == expected[key], key
    for kind in ("agencies", "duties", "deadlines", "figures", "references"):
        assert got[kind] == expected[kind], kind
    assert any(d["role"] == "lead" for d in got["duties"])


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("cong-van.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 300, 422, "undecodable_document"),
        ("bao-cao.txt", bytes(range(256)) * 40, 422, "undecodable_document"),
        ("to-trinh.txt", b"", 422, "empty_document"),
        ("bang-so-lieu.xls", b"PK\x03\x04 bang so lieu", 415, "unsupported_format"),
    ],
)
def test_errors_raised_in_the_extraction_process_keep_their_status_and_name_the_file(
    app_client: Any, name: str, data: bytes, status: int, code: str
) -> None:
    _app, client = app_client
    r = client.post("/documents", files={"file": (name, data)}, headers=AUTH)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code and name in err["message"]
    assert "Traceback" not in r.text and "uploads/" not in err["message"]
    assert client.get("/health").json()["documents"] == 0


def test_a_dead_extraction_process_costs_no_upload(app_client: Any) -> None:
    app, client = app_client
    pid = app.state.extraction.start()
    os.kill(pid, signal.SIGKILL)
    body = _upload_text(client, LAO_CAI_PLAN, "ke-hoach-giam-ngheo.txt")
    assert body["number"] == "104/KH-UBND" and body["provinces"] == ["Lào Cai"]
    assert app.state.extraction.start() != pid


# --------------------------------------------------------------------------- answers cache


def test_search_answer_is_reused_then_renewed_by_an_upload_and_a_delete(app_client: Any) -> None:
    app, client = app_client
    _upload_text(client, LAO_CAI_PLAN, "ke-hoach-giam-ngheo.txt")
    first = client.get("/search", params={"q": "chiềng khoong"}).json()
    assert first["total"] == 0
    hits = app.state.answers.hits
    again = client.get("/search", params={"q": "chiềng khoong"}).json()
    assert app.state.answers.hits == hits + 1 and again["took_ms"] == 0
    assert again["hits"] == first["hits"]

    new = _upload_text(client, SON_LA_DECISION, "quyet-dinh-ho-tro-nha-o.txt")
    assert _hit_ids(client, "chiềng khoong") == {new["id"]}
    assert _hit_ids(client, "chieng khoong") == {new["id"]}  # accents optional, another key

    assert client.delete(f"/documents/{new['id']}", headers=AUTH).status_code == 204
    assert _hit_ids(client, "chiềng khoong") == set()


def test_compare_answer_is_renewed_by_an_upload(app_client: Any) -> None:
    _app, client = app_client
    _upload_text(client, SON_LA_DECISION, "quyet-dinh-ho-tro-nha-o.txt")
    params = {"province": ["Sơn La", "Lào Cai"], "topic": "giảm nghèo"}
    before = client.get("/compare", params=params).json()
    assert before["documents"]["Lào Cai"] == 0
    assert client.get("/compare", params=params).json() == before  # from the cache, the same answer
    _upload_text(client, LAO_CAI_PLAN, "ke-hoach-giam-ngheo.txt")
    after = client.get("/compare", params=params).json()
    assert after["documents"]["Lào Cai"] == 1
    lao_cai = [i for row in after["duties"] for i in row["cells"]["Lào Cai"]]
    assert any("Sở Nội vụ" in (i["actor"] or "") for i in lao_cai)


def test_cache_sees_documents_another_process_commits(app_client: Any, tmp_path: Path) -> None:
    """`vanban ingest` in another process writes to the same file: the server's next answer has it."""
    app, client = app_client
    assert _hit_ids(client, "chiềng khoong") == set()
    assert _hit_ids(client, "chiềng khoong") == set()  # cached
    source = tmp_path / "quyet-dinh-son-la.txt"
    source.write_text(SON_LA_DECISION, encoding="utf-8")
    env = {**os.environ, "VANBAN_DB": str(app.state.settings.db), "VANBAN_OCR": "false"}
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "ingest", "--quiet", str(source)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert len(_hit_ids(client, "chiềng khoong")) == 1


def test_answer_cache_files_answers_per_data_version() -> None:
    cache = AnswerCache(max_bytes=20)
    cache.put("a", None, b'{"n":1}')
    assert cache.get("a", None) is None  # a store without a version is never cached
    cache.put("a", 5, b'{"n":1}')
    assert cache.get("a", 5) == b'{"n":1}'
    assert cache.get("a", 6) is None  # the data changed since
    cache.put("b", 6, b'{"n":2}')
    assert cache.get("a", 5) is None  # a newer version dropped the older answers
    cache.put("a", 5, b'{"n":1}')  # a slow request that read the old version files nothing
    assert cache.get("a", 5) is None and cache.get("b", 6) == b'{"n":2}'
    cache.put("c", 6, b'{"n":3}')
    cache.get("b", 6)
    cache.put("d", 6, b'{"n":4}')  # over 20 bytes: the least recently used ("c") goes
    assert cache.get("c", 6) is None and cache.get("b", 6) == b'{"n":2}' and cache.get("d", 6) == b'{"n":4}'
    cache.put("e", 6, b'{"tinh":"' + "Lào Cai".encode() * 3 + b'"}')  # larger than the whole cache
    assert cache.get("e", 6) is None and cache.get("d", 6) == b'{"n":4}'


def test_with_field_adds_a_field_to_serialized_json() -> None:
    assert orjson.loads(with_field(dumps({"q": "giảm nghèo"}), "took_ms", 1.5)) == {
        "q": "giảm nghèo",
        "took_ms": 1.5,
    }
    assert orjson.loads(with_field(dumps({}), "took_ms", 0.0)) == {"took_ms": 0.0}


# --------------------------------------------------------------------------- stores


def test_stores_lend_one_connection_per_request_and_reuse_them(tmp_path: Path) -> None:
    stores = Stores(Settings(db=tmp_path / "t.db"))
    try:
        with stores.lease() as a, stores.lease() as b:
            assert a is not b and a.conn is not b.conn
        with stores.lease() as c:
            assert c in (a, b)
        version = stores.data_version()
        with stores.lease() as store:
            assert store.search(SearchQuery(text="giảm nghèo")).total == 0  # a read commits nothing
        assert stores.data_version() == version
        with stores.lease() as store:
            store.add(process_bytes(LAO_CAI_PLAN.encode(), "ke-hoach.txt", Settings(ocr=False)))
        assert stores.data_version() != version
    finally:
        stores.close()


def test_stores_without_a_data_version(tmp_path: Path) -> None:
    elastic = Settings(db=tmp_path / "t.db", store="elasticsearch", es_url="http://127.0.0.1:9")
    assert Stores(elastic).data_version() is None
    assert Stores(Settings(db=Path(":memory:"))).data_version() is None


# --------------------------------------------------------------------------- TCP_NODELAY


def test_a_listener_bound_without_proto_is_rewrapped_as_tcp() -> None:
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn binds it
    raw.bind(("127.0.0.1", 0))
    address = raw.getsockname()
    sock = tcp_listener(raw)
    try:
        assert sock.proto == socket.IPPROTO_TCP and sock.getsockname() == address
        assert tcp_listener(sock) is sock
    finally:
        sock.close()


def test_accepted_connections_get_tcp_nodelay() -> None:
    """What `--workers N` hands each worker: asyncio must turn Nagle off on its connections."""
    config = TcpConfig("api.app:create_app", factory=True, host="127.0.0.1", port=0, log_level="warning")
    listener = config.bind_socket()
    listener.listen()
    nodelay: list[int] = []

    async def main() -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            nodelay.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(handle, sock=listener)
        async with server:
            host, port = listener.getsockname()[:2]
            _r, w = await asyncio.open_connection(host, port)
            deadline = time.monotonic() + 10
            while not nodelay and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            w.close()

    asyncio.run(main())
    assert nodelay and nodelay[0] != 0
