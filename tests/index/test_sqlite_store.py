"""The SQLite store: idempotent ingest, atomic replacement, failures leave it untouched."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from index.sqlite import SqliteStore
from index.store import AddOutcome
from pipeline.errors import DocumentNotFound
from pipeline.run import ProcessedDocument, process
from pipeline.settings import Settings
from tests.conftest import CORPUS

PLAN = "Ủy ban nhân dân tỉnh Lào Cai giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tổ chức thực hiện Kế hoạch này trước ngày 30/6/2024.\n"


def _processed(tmp_path: Path, name: str, text: str) -> ProcessedDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return process(path, Settings())


def test_sqlite_add_then_get_round_trips(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "v.db")
    processed = process(CORPUS / "hanoi-kh-308-2025.md", Settings())
    assert store.add(processed) is AddOutcome.ADDED
    doc = store.get(processed.document.id)
    assert doc["text"] == processed.document.text
    assert doc["number"] == processed.record["number"]
    assert store.get(processed.document.id[:10])["id"] == processed.document.id
    assert store.count() == 1


def test_sqlite_same_bytes_again_is_unchanged(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "v.db")
    processed = _processed(tmp_path, "plan.txt", PLAN)
    store.add(processed)
    assert store.add(processed) is AddOutcome.UNCHANGED
    assert store.count() == 1


def test_sqlite_changed_file_replaces_its_records(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "v.db")
    first = _processed(tmp_path, "plan.txt", PLAN)
    store.add(first)
    second = _processed(tmp_path, "plan.txt", PLAN.replace("Sở Nội vụ", "Sở Tài chính"))
    assert store.add(second) is AddOutcome.REPLACED
    assert store.count() == 1
    with pytest.raises(DocumentNotFound):
        store.get(first.document.id)
    assert "Sở Tài chính" in store.get(second.document.id)["text"]
    n_records = store.conn.execute(
        "SELECT count(*) FROM records WHERE doc_rowid NOT IN (SELECT rowid FROM documents)"
    )
    assert n_records.fetchone()[0] == 0


def test_sqlite_failure_mid_document_leaves_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStore(tmp_path / "v.db")
    kept = _processed(tmp_path, "plan.txt", PLAN)
    store.add(kept)
    before = store.conn.execute("SELECT count(*) FROM records").fetchone()[0]
    changed = _processed(tmp_path, "plan.txt", PLAN + "Sở Y tế có trách nhiệm báo cáo hằng quý.\n")

    write = SqliteStore._write

    def boom(conn: sqlite3.Connection, rows: object) -> None:
        write(conn, rows)  # type: ignore[arg-type]  # every row of the new version written, then:
        raise RuntimeError("disk full")

    monkeypatch.setattr(SqliteStore, "_write", staticmethod(boom))
    with pytest.raises(RuntimeError, match="disk full"):
        store.add(changed)
    assert store.count() == 1
    assert store.get(kept.document.id)["text"] == kept.document.text
    assert store.conn.execute("SELECT count(*) FROM records").fetchone()[0] == before


def test_sqlite_bulk_load_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SqliteStore(tmp_path / "v.db")
    kept = _processed(tmp_path, "plan.txt", PLAN)
    store.add(kept)
    batch = [
        _processed(tmp_path, f"kh-{i}.txt", PLAN.replace("Lào Cai", province))
        for i, province in enumerate(("Hà Nội", "Đồng Tháp", "Quảng Ninh"))
    ]
    write, calls = SqliteStore._write, []

    def fails_on_the_second(conn: sqlite3.Connection, rows: object) -> None:
        calls.append(rows)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        write(conn, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(SqliteStore, "_write", staticmethod(fails_on_the_second))
    with pytest.raises(RuntimeError, match="disk full"):
        store.add_many([kept, *batch])  # the stored one is skipped; the error rolls the batch back
    assert store.count() == 1
    monkeypatch.undo()
    assert store.add_many([kept, *batch, batch[0]]) == 3
    assert store.count() == 4
    assert {d.path for d in store.list()} == {
        str(tmp_path / n) for n in ("plan.txt", "kh-0.txt", "kh-1.txt", "kh-2.txt")
    }


def test_sqlite_delete_removes_everything(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "v.db")
    processed = _processed(tmp_path, "plan.txt", PLAN)
    store.add(processed)
    store.delete(processed.document.id)
    assert store.count() == 0
    assert store.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 0
    with pytest.raises(DocumentNotFound):
        store.delete(processed.document.id)


def test_sqlite_unknown_or_ambiguous_ids(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "v.db")
    with pytest.raises(DocumentNotFound, match="too short"):
        store.get("ab")
    with pytest.raises(DocumentNotFound, match="no document"):
        store.get("0123456789abcdef")


def test_sqlite_list_shows_metadata(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "v.db")
    store.add(process(CORPUS / "ngaigiao-qd-142-2024.pdf", Settings()))
    store.add(_processed(tmp_path, "plan.txt", PLAN))
    rows = store.list()
    assert len(rows) == 2
    assert {r.format for r in rows} == {"pdf", "txt"}


def test_sqlite_reopen_keeps_data(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    store = SqliteStore(db)
    store.add(_processed(tmp_path, "plan.txt", PLAN))
    store.close()
    assert SqliteStore(db).count() == 1


def test_sqlite_not_a_database_fails_clearly(tmp_path: Path) -> None:
    from pipeline.errors import StoreError

    bad = tmp_path / "bad.db"
    shutil.copy(CORPUS / "hanoi-kh-308-2025.md", bad)
    with pytest.raises(StoreError, match="not a usable vanban database"):
        SqliteStore(bad)
