"""One contract, every backend: the same queries give the same documents in the same order.

Runs on SQLite always and on Elasticsearch when VANBAN_ES_URL is set (indices named
`vanban-test-<random>`, deleted afterwards); otherwise the Elasticsearch cases skip and say why.
The corpus is `tests/index/test_search.py`'s: real documents plus a Yên Bái plan, an unaccented
news item and old-style tone marks. Queries whose order BM25 would decide differently on the two
engines sort by date or match one document; record queries list in document order.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from index.query import ProvinceScope, RecordKind, RecordQuery, SearchQuery, Sort
from index.sqlite import SqliteStore
from pipeline.errors import DocumentNotFound
from pipeline.settings import Settings
from tests.index.test_search import CORPUS_FILES, EXTRA, corpus_docs

ES_URL = os.environ.get("VANBAN_ES_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "elasticsearch",
        marks=pytest.mark.skipif(
            not ES_URL, reason="VANBAN_ES_URL is not set: no Elasticsearch to run the contract against"
        ),
    ),
]


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    docs = list(corpus_docs())
    if request.param == "sqlite":
        s = SqliteStore(tmp_path_factory.mktemp("conformance") / "c.db")
        s.add_many(docs)
        yield s
        s.close()
        return
    from index.elastic import ElasticStore

    prefix = f"vanban-test-{uuid.uuid4().hex[:8]}"
    es = ElasticStore(Settings(store="elasticsearch", es_url=ES_URL, es_index_prefix=prefix), refresh=True)
    es.add_many(docs)
    es.refresh()
    yield es
    es.client.indices.delete(index=f"{prefix}-*")
    es.close()


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    s = SqliteStore(tmp_path_factory.mktemp("reference") / "r.db")
    s.add_many(list(corpus_docs()))
    return s


def ids(result: Any) -> list[str]:
    return [h.doc_id for h in result.hits]


SEARCHES = {
    "accent-free, by date": SearchQuery(text="giam ngheo", sort=Sort.DATE, limit=50),
    "accented, by date": SearchQuery(text="giảm nghèo", sort=Sort.DATE, limit=50),
    "đ folds to d": SearchQuery(text="dong thap", sort=Sort.DATE, limit=50),
    "synonym, oldest first": SearchQuery(text="UBND", sort=Sort.DATE_ASC, limit=50),
    "tone placement": SearchQuery(text="Hoà Bình", sort=Sort.DATE, limit=50),
    "phrase, one document": SearchQuery(text='"mô hình điểm"'),
    "province as written": SearchQuery(text="giảm nghèo", provinces=("Lào Cai",), sort=Sort.DATE),
    "province today": SearchQuery(
        text="giảm nghèo", provinces=("Lào Cai",), province_scope=ProvinceScope.CURRENT, sort=Sort.DATE
    ),
    "type and years, browse": SearchQuery(doc_types=("plan", "news"), year_from=2017, year_to=2025, limit=50),
    "topic, browse": SearchQuery(topics=("chuyển đổi số",), limit=50),
    "agency kind, browse": SearchQuery(agency_kinds=("fatherland_front",), limit=50),
    "hostile text": SearchQuery(text="'; DROP TABLE documents; -- \"AND", sort=Sort.DATE),
    "no words": SearchQuery(text="***"),
}

RECORDS = {
    "duties by agency": (RecordKind.DUTIES, RecordQuery(agency="Sở Lao động")),
    "lead duties, due before": (
        RecordKind.DUTIES,
        RecordQuery(roles=("lead",), due_before=date(2025, 12, 31)),
    ),
    "duties of front bodies today in Lào Cai": (
        RecordKind.DUTIES,
        RecordQuery(
            agency_kinds=("fatherland_front",),
            provinces=("Lào Cai",),
            province_scope=ProvinceScope.CURRENT,
            limit=100,
        ),
    ),
    "target figures": (RecordKind.FIGURES, RecordQuery(figure_kinds=("target",), limit=100)),
    "figures by subject": (RecordKind.FIGURES, RecordQuery(subject="hộ nghèo")),
    "deadlines in a window": (
        RecordKind.DEADLINES,
        RecordQuery(due_after=date(2023, 1, 1), due_before=date(2024, 12, 31)),
    ),
    "duties by topic": (RecordKind.DUTIES, RecordQuery(topics=("giảm nghèo",), limit=100)),
}


@pytest.mark.parametrize("name", list(SEARCHES))
def test_conformance_search(store: Any, sqlite_store: SqliteStore, name: str) -> None:
    q = SEARCHES[name]
    got, ref = store.search(q), sqlite_store.search(q)
    assert ids(got) == ids(ref)
    assert got.total == ref.total
    assert [h.snippet for h in got.hits] == [h.snippet for h in ref.hits]


def test_conformance_search_finds_what_it_should(store: Any) -> None:
    n = len(CORPUS_FILES) + len(EXTRA)
    assert store.count() == n
    assert store.search(SEARCHES["phrase, one document"]).hits[0].source == "003_a6be00b032abea92.txt"
    today = {h.source for h in store.search(SEARCHES["province today"]).hits}
    assert {"001_fabd5913caa4cee8.txt", "yenbai-kh-2024.txt"} <= today
    assert "yenbai-kh-2024.txt" not in {h.source for h in store.search(SEARCHES["province as written"]).hits}
    assert "hoabinh-tb-2023.txt" in {h.source for h in store.search(SEARCHES["tone placement"]).hits}
    assert store.search(SEARCHES["no words"]).hits == ()


def test_conformance_facets(store: Any, sqlite_store: SqliteStore) -> None:
    q = SearchQuery(text="giảm nghèo")
    got, ref = store.facets(q), sqlite_store.facets(q)
    for name in (
        "provinces",
        "current_provinces",
        "doc_types",
        "years",
        "agency_kinds",
        "roles",
        "figure_kinds",
        "topics",
    ):
        assert getattr(got, name) == getattr(ref, name), name
    assert ref.current_provinces["Lào Cai"] >= 2


@pytest.mark.parametrize("name", list(RECORDS))
def test_conformance_records(store: Any, sqlite_store: SqliteStore, name: str) -> None:
    kind, q = RECORDS[name]
    got, ref = store.records(kind, q), sqlite_store.records(kind, q)
    assert [(h.doc_id, h.idx) for h in got.hits] == [(h.doc_id, h.idx) for h in ref.hits]
    assert [h.data for h in got.hits] == [h.data for h in ref.hits]
    assert got.total == ref.total


def test_conformance_records_are_not_empty(store: Any) -> None:
    for name in ("duties by agency", "target figures", "deadlines in a window", "duties by topic"):
        kind, q = RECORDS[name]
        assert store.records(kind, q).hits, name


def test_conformance_get_list_and_missing(store: Any) -> None:
    doc = corpus_docs()[0]
    got = store.get(doc.document.id[:12])
    assert got["id"] == doc.document.id and got["text"] == doc.document.text
    assert got["duties"] == doc.record["duties"]
    listed = store.list(limit=5)
    assert len(listed) == 5 and [r.id for r in listed] == sorted(r.id for r in listed)
    with pytest.raises(DocumentNotFound):
        store.get("ffffffffffff")
