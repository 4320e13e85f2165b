"""Building a new index without a journal stores what loading a live store stores, and a build
that fails leaves no index behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from index import sqlite_build, sqlite_bulk
from index.query import RecordKind, RecordQuery, SearchQuery
from index.sqlite import FTS_TABLES, SqliteStore
from pipeline.errors import StoreError
from pipeline.run import ProcessedDocument
from tests.index.test_search import corpus_docs
from tests.index.test_sqlite_bulk import stored_documents, table_rows


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every batch of 2 documents or more goes through 2 worker processes, whatever the machine."""
    monkeypatch.setattr(sqlite_bulk, "PARALLEL_MIN", 2)
    monkeypatch.setattr(sqlite_bulk, "workers", lambda: 2)


def test_a_built_index_answers_as_a_store_loaded_live(tmp_path: Path, parallel: None) -> None:
    docs = list(corpus_docs())
    live = SqliteStore(tmp_path / "live.db")
    live.add_many(docs)
    counts: list[int] = []
    # batches of 5 with one document given twice: rowids continue across batches, the repeat is skipped
    assert sqlite_build.build(
        tmp_path / "built.db", [*docs, docs[3]], batch=5, progress=counts.append
    ) == len(docs)
    assert counts[-1] == len(docs) and counts == sorted(counts) and len(counts) == (len(docs) + 1 + 4) // 5

    built = SqliteStore(tmp_path / "built.db")
    assert stored_documents(built) == stored_documents(live)
    assert table_rows(built, "records") == table_rows(live, "records")
    for query in (
        SearchQuery(text="giam ngheo"),
        SearchQuery(text="Mặt trận Tổ quốc"),
        SearchQuery(text='"cơ sở dữ liệu"'),
        SearchQuery(text="ubnd tinh", provinces=("Lào Cai",)),
    ):
        assert built.search(query).hits == live.search(query).hits
    duties = RecordQuery(text="Sở Tài chính", limit=50)
    assert built.records(RecordKind.DUTIES, duties).hits == live.records(RecordKind.DUTIES, duties).hits
    # what a live store needs from here on: a WAL journal and FTS5 merging as it goes
    assert built.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for table in FTS_TABLES:
        config = dict(built.conn.execute(f"SELECT k, v FROM {table}_config"))
        assert config["automerge"] == 4 and config["crisismerge"] == 16
    assert not sqlite_build.building_path(tmp_path / "built.db").exists()
    before = built.count()
    extra = docs[0]
    built.delete(extra.document.id)
    built.add(extra)  # and takes documents like any store
    assert built.count() == before


def test_build_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    store = SqliteStore(path)
    store.add(corpus_docs()[0])
    store.close()
    with pytest.raises(StoreError, match="already exists"):
        sqlite_build.build(path, corpus_docs())
    assert SqliteStore(path).count() == 1


def test_a_failed_build_leaves_no_index(
    tmp_path: Path, parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = list(corpus_docs())
    path = tmp_path / "v.db"
    stale = sqlite_build.building_path(path)
    stale.write_bytes(b"left by a build that was killed")
    prepare = sqlite_bulk.prepare_rows

    def fails_on_one(processed: ProcessedDocument, rowid: int, first: int) -> Any:
        if processed is docs[-1]:
            raise RuntimeError(f"cannot index {processed.document.source.path}")
        return prepare(processed, rowid, first)

    monkeypatch.setattr(sqlite_bulk, "prepare_rows", fails_on_one)
    with pytest.raises(RuntimeError, match="cannot index"):
        sqlite_build.build(path, docs, batch=4)  # the earlier batches were stored: all of it goes
    assert not path.exists() and not stale.exists()
    monkeypatch.setattr(sqlite_bulk, "prepare_rows", prepare)
    assert sqlite_build.build(path, docs) == len(docs)
    assert SqliteStore(path).search(SearchQuery(text="giảm nghèo")).total > 0


def test_a_build_that_sqlite_refuses_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v.db"

    def disk_full(self: SqliteStore, batch: list[ProcessedDocument]) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SqliteStore, "add_many", disk_full)
    with pytest.raises(StoreError, match=r"v\.db: the index could not be built \(database or disk is full\)"):
        sqlite_build.build(path, corpus_docs())
    assert not path.exists() and not sqlite_build.building_path(path).exists()


def test_a_file_made_at_the_path_during_the_build_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "v.db"

    def someone_else_writes(_: int) -> None:
        path.write_bytes(b"another program's file")

    with pytest.raises(StoreError, match="appeared while the index was being built"):
        sqlite_build.build(path, corpus_docs(), progress=someone_else_writes)
    assert path.read_bytes() == b"another program's file"
    assert not sqlite_build.building_path(path).exists()
