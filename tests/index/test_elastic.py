"""The Elasticsearch backend without a server: index templates, bulk actions and retries, query DSL.

A fake client records every call and answers from a script; the request bodies are the
contract. `tests/index/test_conformance.py` runs the same queries against a real cluster when
VANBAN_ES_URL is set.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from index.elastic import (
    EXACT_BOOST,
    TOGETHER_BOOST,
    ElasticStore,
    _Retry,
    analysis,
    bulk_operations,
    index_templates,
    records_body,
    search_body,
)
from index.fields import index_fields
from index.query import ProvinceScope, RecordKind, RecordQuery, SearchQuery, Sort
from index.store import AddOutcome
from pipeline.errors import DocumentNotFound, StoreError
from pipeline.run import ProcessedDocument, process_bytes
from pipeline.settings import Settings

PLAN = (
    "ỦY BAN NHÂN DÂN TỈNH YÊN BÁI\nSố: 45/KH-UBND\nYên Bái, ngày 12 tháng 3 năm 2024\nKẾ HOẠCH\n"
    "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024\n"
    "Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với các sở, ngành rà soát hộ nghèo trước ngày 30/6/2024.\n"
    "Phấn đấu đến cuối năm 2024 giảm tỷ lệ hộ nghèo xuống dưới 10%.\n"
)


class _Indices:
    def __init__(self, calls: list[tuple[str, dict[str, Any]]]) -> None:
        self.calls = calls
        self.existing: set[str] = set()

    def put_index_template(self, **kw: Any) -> dict[str, Any]:
        self.calls.append(("put_index_template", kw))
        return {"acknowledged": True}

    def exists(self, index: str) -> bool:
        return index in self.existing

    def create(self, index: str) -> dict[str, Any]:
        self.calls.append(("create", {"index": index}))
        self.existing.add(index)
        return {"acknowledged": True}

    def refresh(self, index: str) -> dict[str, Any]:
        self.calls.append(("refresh", {"index": index}))
        return {}


class FakeClient:
    """Records calls; `bulk` and `search` answer from queues (default: success / no hits)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.indices = _Indices(self.calls)
        self.bulk_answers: list[Any] = []
        self.search_answers: list[dict[str, Any]] = []

    def bulk(self, **kw: Any) -> dict[str, Any]:
        self.calls.append(("bulk", kw))
        answer = self.bulk_answers.pop(0) if self.bulk_answers else None
        if isinstance(answer, Exception):
            raise answer
        if answer is None:
            n = len(kw["operations"]) // 2
            answer = {"errors": False, "items": [{"index": {"status": 201}}] * n}
        return answer

    def search(self, **kw: Any) -> dict[str, Any]:
        self.calls.append(("search", kw))
        if self.search_answers:
            return self.search_answers.pop(0)
        return {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}

    def count(self, **kw: Any) -> dict[str, Any]:
        self.calls.append(("count", kw))
        return {"count": 3}

    def delete_by_query(self, **kw: Any) -> dict[str, Any]:
        self.calls.append(("delete_by_query", kw))
        return {"deleted": 1}

    def named(self, name: str) -> list[dict[str, Any]]:
        return [kw for n, kw in self.calls if n == name]


def _store(client: FakeClient, **kw: Any) -> ElasticStore:
    return ElasticStore(
        Settings(store="elasticsearch", es_url="http://es.invalid:9200"),
        client=client,
        retry=_Retry(attempts=3, first_delay=0.01),
        sleep=lambda s: None,
        **kw,
    )


@pytest.fixture(scope="module")
def plan() -> ProcessedDocument:
    return process_bytes(PLAN.encode("utf-8"), "yenbai-kh-45-2024.txt", Settings())


# --------------------------------------------------------------------------- templates


def test_elastic_templates_carry_the_vietnamese_analyzer() -> None:
    t = index_templates("vanban")
    assert set(t) == {"vanban-documents", "vanban-records"}
    a = t["vanban-documents"]["template"]["settings"]["analysis"]
    assert a["char_filter"]["vi_d"]["mappings"] == ["đ => d", "Đ => D"]
    assert "oà => òa" in a["char_filter"]["vi_tones"]["mappings"]
    assert "uỷ => ủy" in a["char_filter"]["vi_tones"]["mappings"]
    assert a["filter"]["vi_fold_keep"] == {"type": "asciifolding", "preserve_original": True}
    assert a["analyzer"]["vi_index"]["filter"] == ["lowercase", "vi_fold_keep"]
    assert a["analyzer"]["vi_exact"]["filter"] == ["lowercase"]
    assert "ubnd, uy ban nhan dan" in a["filter"]["vi_synonyms"]["synonyms"]
    assert "mat tran to quoc, mttq" in a["filter"]["vi_synonyms"]["synonyms"]
    m = t["vanban-documents"]["template"]["mappings"]["properties"]
    assert m["text"]["analyzer"] == "vi_index" and m["text"]["search_analyzer"] == "vi_folded"
    assert m["text"]["fields"]["exact"]["analyzer"] == "vi_exact"
    assert m["record"] == {"type": "object", "enabled": False}
    r = t["vanban-records"]["template"]["mappings"]["properties"]
    assert r["due"]["type"] == "date" and r["current"] == {"type": "keyword"}


def test_elastic_analysis_is_plain_json() -> None:
    import json

    assert json.loads(json.dumps(analysis(), ensure_ascii=False)) == analysis()


def test_elastic_ensure_puts_templates_once() -> None:
    client = FakeClient()
    store = _store(client)
    store.ensure_indices()
    store.ensure_indices()
    assert [kw["name"] for kw in client.named("put_index_template")] == ["vanban-documents", "vanban-records"]
    assert [kw["index"] for kw in client.named("create")] == ["vanban-documents", "vanban-records"]


# --------------------------------------------------------------------------- bulk


def test_elastic_bulk_actions_for_one_document(plan: ProcessedDocument) -> None:
    ops = bulk_operations("vanban", plan, index_fields(plan.record, plan.document.text))
    assert ops[0] == {"index": {"_index": "vanban-documents", "_id": plan.document.id}}
    doc = ops[1]
    assert doc["provinces"] == ["Yên Bái"] and doc["current_provinces"] == ["Lào Cai"]
    assert doc["issued_date"] == "2024-03-12" and doc["year"] == 2024
    assert "giam-ngheo" in doc["topics"] and "department" in doc["agency_kinds"]
    actions = ops[2::2]
    sources = ops[3::2]
    assert all(a["index"]["_index"] == "vanban-records" for a in actions)
    duty = next(s for s in sources if s["kind"] == "duties" and "rà soát hộ nghèo" in s["text"])
    assert duty["due"] == "2024-06-30" and duty["role"] == "lead" and duty["current"] == "Lào Cai"
    assert duty["agency_kind"] == "department" and "Sở Lao động" in duty["actor"]
    assert "evidence" not in duty["data"] and duty["evidence"]
    assert len({a["index"]["_id"] for a in actions}) == len(actions)


def test_elastic_add_is_idempotent_and_replaces_by_path(plan: ProcessedDocument) -> None:
    client = FakeClient()
    store = _store(client)
    assert store.add(plan) is AddOutcome.ADDED
    (bulk,) = client.named("bulk")
    assert len(bulk["operations"]) == 2 + 2 * sum(
        len(plan.record[k]) for k in ("duties", "deadlines", "figures")
    )
    hit = {"hits": {"total": {"value": 1, "relation": "eq"}, "hits": [{"_source": {"id": plan.document.id}}]}}
    client.search_answers = [hit]
    assert store.add(plan) is AddOutcome.UNCHANGED
    client.search_answers = [
        {"hits": {"total": {"value": 0}, "hits": []}},
        {"hits": {"total": {"value": 1}, "hits": [{"_source": {"id": "old-id"}}]}},
    ]
    assert store.add(plan) is AddOutcome.REPLACED
    deleted = client.named("delete_by_query")
    assert {"term": {"doc_id": "old-id"}} in [d["query"] for d in deleted]
    assert {"term": {"id": "old-id"}} in [d["query"] for d in deleted]


def test_elastic_bulk_retries_rejected_items(plan: ProcessedDocument) -> None:
    client = FakeClient()
    store = _store(client)
    ops = bulk_operations("vanban", plan, index_fields(plan.record, plan.document.text))
    n = len(ops) // 2
    items = [{"index": {"status": 201}}] * n
    items[1] = {
        "index": {
            "status": 429,
            "_index": "vanban-records",
            "_id": "x",
            "error": {"type": "es_rejected_execution_exception"},
        }
    }
    client.bulk_answers = [{"errors": True, "items": items}]
    store.bulk(ops)
    first, second = client.named("bulk")
    assert len(first["operations"]) == len(ops)
    assert second["operations"] == ops[2:4]  # only the rejected item, action and source


def test_elastic_bulk_retries_connection_errors_then_gives_up(plan: ProcessedDocument) -> None:
    class ConnectionError(Exception):
        pass

    client = FakeClient()
    store = _store(client)
    client.bulk_answers = [ConnectionError("refused"), None]
    store.bulk([{"index": {"_index": "vanban-documents", "_id": "a"}}, {"id": "a"}])
    assert len(client.named("bulk")) == 2
    client.bulk_answers = [ConnectionError("refused")] * 3
    with pytest.raises(StoreError, match="after 3 attempts"):
        store.bulk([{"index": {"_index": "vanban-documents", "_id": "a"}}, {"id": "a"}])


def test_elastic_bulk_fails_on_a_mapping_error() -> None:
    client = FakeClient()
    client.bulk_answers = [
        {
            "errors": True,
            "items": [
                {
                    "index": {
                        "status": 400,
                        "_index": "vanban-documents",
                        "_id": "a",
                        "error": {
                            "type": "mapper_parsing_exception",
                            "reason": "failed to parse field [year]",
                        },
                    }
                }
            ],
        }
    ]
    with pytest.raises(StoreError, match="mapper_parsing_exception: failed to parse field"):
        _store(client).bulk([{"index": {"_index": "vanban-documents", "_id": "a"}}, {"year": "x"}])


# --------------------------------------------------------------------------- query DSL


def test_elastic_search_body_folds_expands_and_tiers() -> None:
    body = search_body(
        SearchQuery(text="UBND tỉnh", provinces=("Lào Cai",), province_scope=ProvinceScope.CURRENT)
    )
    assert body is not None
    must = body["query"]["bool"]["must"]
    ubnd = [c["match_phrase"] for c in must[0]["bool"]["should"]]
    assert {"title": {"query": "uy ban nhan dan", "analyzer": "vi_folded", "boost": 5.0}} in ubnd
    assert {"text": {"query": "ubnd", "analyzer": "vi_folded"}} in ubnd
    assert body["query"]["bool"]["filter"] == [{"terms": {"current_provinces": ["Lào Cai"]}}]
    (exact,) = body["query"]["bool"]["should"]
    assert exact["constant_score"]["boost"] == EXACT_BOOST and exact["constant_score"]["_name"] == "exact"
    assert body["sort"] == ["_score", {"id": "asc"}] and body["track_total_hits"] is True


def test_elastic_search_body_words_together_first() -> None:
    body = search_body(SearchQuery(text="dong thap"))
    assert body is not None
    (together,) = body["query"]["bool"]["should"]
    assert together["constant_score"]["boost"] == TOGETHER_BOOST
    phrase = together["constant_score"]["filter"]["bool"]["must"][0]["bool"]["should"][0]
    assert phrase == {"match_phrase": {"title": {"query": "dong thap", "analyzer": "vi_folded"}}}


def test_elastic_search_body_filters_sort_and_facets() -> None:
    body = search_body(
        SearchQuery(
            text="",
            doc_types=("plan",),
            year_from=2024,
            issuer="UBND tỉnh Lào Cai",
            topics=("giảm nghèo",),
            roles=("lead",),
            sort=Sort.DATE,
            facets=True,
            limit=5,
        )
    )
    assert body is not None
    f = body["query"]["bool"]["filter"]
    assert {"terms": {"doc_type": ["plan"]}} in f and {"range": {"year": {"gte": 2024}}} in f
    assert {"terms": {"topics": ["giam-ngheo"]}} in f and {"terms": {"roles": ["lead"]}} in f
    assert body["sort"] == [{"issued_date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    assert body["aggs"]["current_provinces"] == {"terms": {"field": "current_provinces", "size": 100}}
    assert body["size"] == 5


@pytest.mark.parametrize("text", ['"', "***", "AND OR", "'; --"])
def test_elastic_search_body_for_wordless_text_is_none(text: str) -> None:
    assert search_body(SearchQuery(text=text)) is None


def test_elastic_hostile_text_is_quoted_data() -> None:
    body = search_body(SearchQuery(text='title:x) OR (1=1 "unbalanced'))
    assert body is not None
    import json

    assert "query_string" not in json.dumps(body)


def test_elastic_records_body() -> None:
    body = records_body(
        RecordKind.DUTIES,
        RecordQuery(
            agency="Sở Tài chính", roles=("lead",), provinces=("Hà Nội",), due_before=date(2025, 12, 31)
        ),
    )
    assert body is not None
    f = body["query"]["bool"]["filter"]
    assert f[0] == {"term": {"kind": "duties"}}
    assert {"terms": {"province": ["Hà Nội"]}} in f and {"terms": {"role": ["lead"]}} in f
    assert {"range": {"due": {"lte": "2025-12-31"}}} in f
    actor = body["query"]["bool"]["must"]
    phrase = actor[0]["constant_score"]["filter"]["bool"]["should"][0]
    assert phrase == {"match_phrase": {"actor": {"query": "so tai chinh", "analyzer": "vi_folded"}}}
    assert body["sort"] == [
        {"due": {"order": "asc", "missing": "_last"}},
        {"sort_key": "asc"},
    ]  # soonest due first
    ranked = records_body("figures", RecordQuery(text="tỷ lệ hộ nghèo", figure_kinds=("target",)))
    assert ranked is not None and ranked["sort"] == ["_score", {"sort_key": "asc"}]
    (together,) = ranked["query"]["bool"]["should"]
    assert together["constant_score"]["_name"] == "together"
    with pytest.raises(ValueError):
        records_body("agencies", RecordQuery())


# --------------------------------------------------------------------------- answers


def test_elastic_search_reads_hits_and_facets() -> None:
    client = FakeClient()
    text = "Kế hoạch giảm nghèo bền vững của tỉnh Yên Bái."
    client.search_answers = [
        {
            "hits": {
                "total": {"value": 1, "relation": "eq"},
                "hits": [
                    {
                        "_score": EXACT_BOOST + 2.5,
                        "matched_queries": ["exact"],
                        "_source": {
                            "id": "abc",
                            "title": "Kế hoạch",
                            "doc_type": "plan",
                            "provinces": ["Yên Bái"],
                            "source": "a.txt",
                            "text": text,
                            "issued_date": "2024-03-12",
                        },
                    }
                ],
            },
            "aggregations": {"current_provinces": {"buckets": [{"key": "Lào Cai", "doc_count": 1}]}},
        }
    ]
    result = _store(client).search(SearchQuery(text="giảm nghèo", facets=True))
    (hit,) = result.hits
    assert hit.exact and hit.score == 2.5 and hit.provinces == ("Yên Bái",)
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["giảm nghèo"]
    assert result.facets is not None and result.facets.current_provinces == {"Lào Cai": 1}


def test_elastic_get_and_missing_documents() -> None:
    client = FakeClient()
    store = _store(client)
    with pytest.raises(DocumentNotFound, match="too short"):
        store.get("ab")
    with pytest.raises(DocumentNotFound, match="no document"):
        store.get("abcdef123")
    assert store.count() == 3


def test_elastic_needs_a_url() -> None:
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="VANBAN_ES_URL"):
        Settings(store="elasticsearch")
