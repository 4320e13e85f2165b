"""Bulk loading through worker processes stores exactly what loading in one process stores."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from index import sqlite_bulk
from index.query import RecordKind, RecordQuery, SearchQuery
from index.sqlite import SqliteStore
from pipeline.run import ProcessedDocument
from tests.index.test_search import corpus_docs


def stored_documents(store: SqliteStore) -> list[dict[str, Any]]:
    out = []
    for summary in store.list(limit=1000):
        doc = store.get(summary.id)
        doc.pop("ingested_at")
        out.append(doc)
    return out


def table_rows(store: SqliteStore, table: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3")]


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every batch of 2 documents or more goes through 2 worker processes, whatever the machine."""
    monkeypatch.setattr(sqlite_bulk, "PARALLEL_MIN", 2)
    monkeypatch.setattr(sqlite_bulk, "workers", lambda: 2)


def test_chunk_bounds_cover_the_batch_in_order() -> None:
    for n in (1, 2, 7, 18, 1000):
        bounds = sqlite_bulk.chunk_bounds(n)
        assert bounds[0][0] == 0 and bounds[-1][1] == n and len(bounds) <= 8
        assert all(lo < hi for lo, hi in bounds) and all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert sqlite_bulk.chunk_bounds(18) == [
        (0, 1),
        (1, 3),
        (3, 6),
        (6, 9),
        (9, 12),
        (12, 15),
        (15, 17),
        (17, 18),
    ]


def test_bulk_load_in_workers_stores_what_one_process_stores(
    tmp_path: Path, parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = list(corpus_docs())
    one = SqliteStore(tmp_path / "one.db")
    one.add(docs[0])  # a store that already holds documents and records: rowids continue after them
    many = SqliteStore(tmp_path / "many.db")
    many.add(docs[0])

    monkeypatch.setattr(sqlite_bulk, "PARALLEL_MIN", 10**9)  # this load in the calling process
    assert one.add_many(docs) == len(docs) - 1
    monkeypatch.setattr(sqlite_bulk, "PARALLEL_MIN", 2)
    assert many.add_many([*docs, docs[1]]) == len(docs) - 1  # stored and repeated ones skipped

    assert stored_documents(many) == stored_documents(one)
    for table in ("doc_provinces", "doc_terms"):
        assert sorted(table_rows(many, table)) == sorted(table_rows(one, table))
    assert table_rows(many, "records") == table_rows(one, "records")  # same rowids, columns and values
    for query in (
        SearchQuery(text="giam ngheo"),
        SearchQuery(text="Đồng Tháp"),
        SearchQuery(text='"cơ sở dữ liệu"'),
    ):
        expected = one.search(query).hits
        assert expected and many.search(query).hits == expected
    duties = RecordQuery(text="Sở Tài chính", limit=50)
    expected_duties = one.records(RecordKind.DUTIES, duties).hits
    assert expected_duties and many.records(RecordKind.DUTIES, duties).hits == expected_duties
    attached = [r[1] for r in many.conn.execute("PRAGMA database_list")]
    assert attached == ["main"] or attached == ["main", "temp"]  # the staging files are gone


def test_bulk_load_failing_in_a_worker_leaves_store_as_it_was(
    tmp_path: Path, parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = list(corpus_docs())
    store = SqliteStore(tmp_path / "v.db")
    store.add(docs[0])
    before = stored_documents(store), table_rows(store, "records")
    prepare = sqlite_bulk.prepare_rows

    def fails_on_one(processed: ProcessedDocument, rowid: int, first: int) -> Any:
        if processed is docs[-1]:
            raise RuntimeError(f"cannot index {processed.document.source.path}")
        return prepare(processed, rowid, first)

    monkeypatch.setattr(sqlite_bulk, "prepare_rows", fails_on_one)  # the forked workers inherit it
    with pytest.raises(RuntimeError, match="cannot index"):
        store.add_many(docs)
    assert (stored_documents(store), table_rows(store, "records")) == before
    assert store.search(SearchQuery(text="giam ngheo")).total <= 1
    monkeypatch.setattr(sqlite_bulk, "prepare_rows", prepare)
    assert store.add_many(docs) == len(docs) - 1  # and the store takes the same batch afterwards
