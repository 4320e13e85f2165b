"""Search on the SQLite store: Vietnamese-aware matching, ranking, snippets, filters, facets, records."""

from __future__ import annotations

import functools
from datetime import date

import pytest

from index.query import (
    MAX_QUERY_CHARS,
    ProvinceScope,
    RecordKind,
    RecordQuery,
    SearchQuery,
    Sort,
    parse_query,
    quote_fts,
)
from index.search_sqlite import snippet_of
from index.sqlite import SqliteStore
from pipeline.run import ProcessedDocument, process, process_bytes
from pipeline.settings import Settings
from tests.conftest import CORPUS

# Fast-to-read documents of corpus/raw (text, Markdown, HTML): real official texts and news.
CORPUS_FILES = (
    "000_48debb8e1f5a0538.txt",  # Chung sức giảm nghèo bền vững ở Hà Nội
    "001_fabd5913caa4cee8.txt",  # UBND tỉnh Lào Cai với Ủy ban MTTQ tỉnh Lào Cai năm 2023
    "002_ab6a4f67fd0a4660.txt",  # Hải Phòng: chương trình phối hợp, 8 nội dung
    "003_a6be00b032abea92.txt",  # TP.HCM: mỗi xã có 1 mô hình điểm về an sinh cộng đồng
    "004_9c43cac841f1c7f5.txt",  # Đồng Tháp: sơ kết Chương trình phối hợp số 500
    "hanoi-kh-308-2025.md",  # Hà Nội: dữ liệu phục vụ chuyển đổi số
    "dongthap-kh-552-2025.md",  # Đồng Tháp: đổi mới công nghệ đến năm 2035
    "laocai-qd-2020-2025.md",  # Lào Cai: thủ tục hành chính khoa học và công nghệ
    "news-vntc-laocai-cuakhau.txt",  # Cửa khẩu Lào Cai
    "news-vntc-sonla-didan.txt",  # thủy điện Sơn La
    "cp-nq-66-15-2026-html.html",  # Chính phủ: nhà ở xã hội
)

# Written as the sources write them: a Yên Bái plan from before the 2025 merger, an unaccented
# copy (news sites sometimes strip accents), and old-style tone placement (hoà, Uỷ).
EXTRA = {
    "yenbai-kh-2024.txt": (
        "ỦY BAN NHÂN DÂN TỈNH YÊN BÁI\nSố: 45/KH-UBND\nYên Bái, ngày 12 tháng 3 năm 2024\n"
        "KẾ HOẠCH\nThực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024\n"
        "Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với các sở, ngành hướng dẫn các huyện rà soát hộ nghèo, "
        "hộ cận nghèo trước ngày 30/6/2024.\n"
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh giám sát việc thực hiện chính sách giảm nghèo trên địa bàn.\n"
        "Phấn đấu đến cuối năm 2024 giảm tỷ lệ hộ nghèo xuống dưới 10%.\n"
    ),
    "khongdau-tin.txt": (
        "Thanh pho Ha Noi day manh giam ngheo ben vung\n"
        "UBND thanh pho giao So Lao dong chu tri trien khai chuong trinh giam ngheo ben vung giai doan 2021-2025.\n"
    ),
    "hoabinh-tb-2023.txt": (
        "UỶ BAN NHÂN DÂN TỈNH HOÀ BÌNH\nHoà Bình, ngày 5 tháng 9 năm 2023\n"
        "THÔNG BÁO\nvề công tác xây dựng nông thôn mới\n"
        "Uỷ ban nhân dân tỉnh Hoà Bình yêu cầu các huyện hoàn thành tiêu chí nông thôn mới trong quý IV năm 2023.\n"
    ),
}


@functools.cache
def corpus_docs() -> tuple[ProcessedDocument, ...]:
    """The search corpus (also the conformance corpus): CORPUS_FILES plus EXTRA, processed once."""
    settings = Settings()
    docs = [process(CORPUS / name, settings) for name in CORPUS_FILES]
    docs += [process_bytes(text.encode("utf-8"), name, settings) for name, text in EXTRA.items()]
    return tuple(docs)


def extra_doc(name: str) -> ProcessedDocument:
    return next(d for d in corpus_docs() if d.record.get("source") == name)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    s = SqliteStore(tmp_path_factory.mktemp("search") / "search.db")
    s.add_many(list(corpus_docs()))
    return s


def sources(result: object) -> list[str]:
    return [h.source for h in result.hits]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- parsing


def test_query_parse_folds_and_expands_synonyms() -> None:
    q = parse_query("UBND tỉnh Lào Cai")
    assert q.fts_folded() == '("ubnd" OR "uy ban nhan dan") AND "tinh" AND "lao" AND "cai"'
    assert q.fts_exact() == '"tỉnh" AND "lào"'


@pytest.mark.parametrize("text", ["Ủy ban nhân dân", "uy ban nhan dan", "UBND"])
def test_query_synonym_classes_match_both_ways(text: str) -> None:
    (group,) = parse_query(text).groups
    assert {" ".join(p.folded) for p in group.alternatives} == {"ubnd", "uy ban nhan dan"}


def test_query_tone_placement_is_one_form() -> None:
    assert parse_query("Hoà Bình").fts_exact() == parse_query("Hòa Bình").fts_exact() == '"hòa" AND "bình"'


def test_query_quoted_phrase_and_unbalanced_quote() -> None:
    assert (
        parse_query('"giảm nghèo bền vững" Hà Nội').fts_folded() == '"giam ngheo ben vung" AND "ha" AND "noi"'
    )
    assert parse_query('"nông thôn mới').fts_folded() == '("nong thon moi" OR "ntm")'  # NTM: a synonym


@pytest.mark.parametrize(
    "text",
    [
        "a AND b OR NEAR(x y) NOT z",
        "'; DROP TABLE documents; --",
        '"""',
        "***",
        "title:giảm^3 -nghèo*",
        "{title body}: x",
        "\x00\x01",
        "ubnd" * 3000,
        "x " * 6000,
    ],
)
def test_query_operators_and_sql_are_just_text(text: str) -> None:
    q = parse_query(text)
    expr = q.fts_folded()
    assert "NEAR" not in expr and "NOT" not in expr and ":" not in expr.replace('"', "")
    assert len(q.groups) <= 24


def test_quote_fts_doubles_quotes() -> None:
    assert quote_fts('a"b') == '"a""b"'


# --------------------------------------------------------------------------- matching and ranking


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("giam ngheo", "000_48debb8e1f5a0538.txt"),
        ("dong thap", "004_9c43cac841f1c7f5.txt"),
        ("DONG THAP", "dongthap-kh-552-2025.md"),
        ("thu tuong", "news-vntc-laocai-cuakhau.txt"),  # Thủ tướng: ư and ớ carry two marks
        ("thuy dien son la", "news-vntc-sonla-didan.txt"),
        ("nha o xa hoi", "cp-nq-66-15-2026-html.html"),
    ],
)
def test_search_accent_free_queries_find_accented_text(store: SqliteStore, query: str, expected: str) -> None:
    assert expected in sources(store.search(SearchQuery(text=query)))


def test_search_exact_accents_rank_first(store: SqliteStore) -> None:
    result = store.search(SearchQuery(text="giảm nghèo bền vững"))
    assert "khongdau-tin.txt" in sources(result)
    exact = [h.exact for h in result.hits]
    assert exact == sorted(exact, reverse=True)  # every exact-accent hit before any other
    assert not next(h for h in result.hits if h.source == "khongdau-tin.txt").exact
    folded = store.search(SearchQuery(text="giam ngheo ben vung"))
    assert {h.source for h in folded.hits} == {h.source for h in result.hits}


def test_search_tone_placement_variants_match(store: SqliteStore) -> None:
    for text in ("Hoà Bình", "Hòa Bình", "hoa binh"):
        assert "hoabinh-tb-2023.txt" in sources(store.search(SearchQuery(text=text)))
    assert store.search(SearchQuery(text="Hòa Bình")).hits[0].source == "hoabinh-tb-2023.txt"


def test_search_abbreviation_finds_expansion_and_back(store: SqliteStore) -> None:
    # the unaccented news item writes "UBND"; the Yên Bái plan writes "Ủy ban Mặt trận Tổ quốc"
    assert "khongdau-tin.txt" in sources(store.search(SearchQuery(text="Ủy ban nhân dân thành phố")))
    assert "yenbai-kh-2024.txt" in sources(store.search(SearchQuery(text="MTTQ giám sát")))


def test_search_words_side_by_side_rank_first(store: SqliteStore) -> None:
    hits = store.search(SearchQuery(text="dong thap")).hits
    assert {h.source for h in hits[:2]} == {"004_9c43cac841f1c7f5.txt", "dongthap-kh-552-2025.md"}


def test_search_quoted_phrase_needs_the_words_in_order(store: SqliteStore) -> None:
    loose = set(sources(store.search(SearchQuery(text="mô hình điểm", limit=50))))
    phrase = set(sources(store.search(SearchQuery(text='"mô hình điểm"', limit=50))))
    assert phrase == {"003_a6be00b032abea92.txt"}
    assert phrase < loose


def test_search_title_is_boosted(store: SqliteStore) -> None:
    assert store.search(SearchQuery(text="cửa khẩu")).hits[0].source == "news-vntc-laocai-cuakhau.txt"


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced',
        "AND",
        "NEAR(",
        "'; DROP TABLE documents; --",
        "title:x",
        "*",
        "^",
        "(",
        '"""',
        "x" * 10_000,
        "giảm nghèo " * 1000,
        "\x00",
        "%_%",
        "\\",
    ],
)
def test_search_hostile_text_returns_results_or_nothing(store: SqliteStore, text: str) -> None:
    result = store.search(SearchQuery(text=text, facets=True))
    assert isinstance(result.total, int)
    assert store.count() == len(CORPUS_FILES) + len(EXTRA)


def test_search_long_query_is_cut_not_refused(store: SqliteStore) -> None:
    assert len("giảm nghèo " * 1000) > MAX_QUERY_CHARS
    assert store.search(SearchQuery(text="giảm nghèo " * 1000)).total > 0


# --------------------------------------------------------------------------- snippets


def test_search_snippet_highlights_matched_words(store: SqliteStore) -> None:
    hit = next(
        h for h in store.search(SearchQuery(text="dong thap")).hits if h.source == "004_9c43cac841f1c7f5.txt"
    )
    marked = [hit.snippet[s:e] for s, e in hit.highlights]
    assert "Đồng Tháp" in marked
    text = store.get(hit.doc_id)["text"]
    assert text[hit.snippet_start : hit.snippet_start + len(hit.snippet)] == hit.snippet
    assert "[Đồng Tháp]" in hit.marked()


def test_search_snippet_highlights_synonyms(store: SqliteStore) -> None:
    hit = next(h for h in store.search(SearchQuery(text="UBND")).hits if h.source == "yenbai-kh-2024.txt")
    assert {hit.snippet[s:e].lower() for s, e in hit.highlights} >= {"ủy ban nhân dân"}


def test_snippet_marks_whole_words_only() -> None:
    text = (
        "Ban Thường trực Ủy ban MTTQ tỉnh chủ trì, phối hợp bảo đảm an toàn; "
        "Sở Lao động thực hiện chính sách an sinh xã hội cho người dân."
    )
    snippet, start, marks = snippet_of(text, parse_query("an sinh"), 300)
    assert 0 < start < text.index("an toàn") and snippet == text[start:]
    # "an" inside "Ban", "toàn", "dân" is no match; the words of the phrase side by side are one
    assert [snippet[s:e] for s, e in marks] == ["an", "an sinh"]
    assert start + marks[1][0] == text.index("an sinh")


def test_snippet_opens_at_first_whole_word_match() -> None:
    text = "Đảng ủy xã " * 60 + "tổ chức đối thoại với Nhân dân về đất đai."
    snippet, start, marks = snippet_of(text, parse_query("nhan dan"), 80)
    assert start > 0 and snippet.startswith(text[start : start + 10])
    assert [snippet[s:e] for s, e in marks] == ["Nhân dân"]


# --------------------------------------------------------------------------- filters, sorting, facets


def test_search_province_filter_as_written_or_current(store: SqliteStore) -> None:
    written = sources(store.search(SearchQuery(text="giảm nghèo", provinces=("Lào Cai",))))
    current = sources(
        store.search(
            SearchQuery(text="giảm nghèo", provinces=("lao cai",), province_scope=ProvinceScope.CURRENT)
        )
    )
    assert "yenbai-kh-2024.txt" not in written
    assert "yenbai-kh-2024.txt" in current and "001_fabd5913caa4cee8.txt" in current


def test_search_filters_type_year_topic(store: SqliteStore) -> None:
    plans = store.search(SearchQuery(doc_types=("plan",), year_from=2024, year_to=2025, limit=50))
    assert plans.hits and all(
        h.doc_type == "plan" and h.issued_date and "2024" <= h.issued_date[:4] <= "2025" for h in plans.hits
    )
    digital = sources(store.search(SearchQuery(topics=("chuyển đổi số",), limit=50)))
    assert "hanoi-kh-308-2025.md" in digital
    with pytest.raises(ValueError, match="unknown topic"):
        store.search(SearchQuery(topics=("không có chủ đề này",)))


def test_search_filters_by_record_kinds(store: SqliteStore) -> None:
    front = store.search(SearchQuery(agency_kinds=("fatherland_front",), limit=50))
    assert "yenbai-kh-2024.txt" in sources(front)
    support = store.search(SearchQuery(text="giảm nghèo", roles=("support",), limit=50))
    assert set(sources(support)) <= set(sources(store.search(SearchQuery(text="giảm nghèo", limit=50))))


def test_search_sort_by_date(store: SqliteStore) -> None:
    hits = store.search(SearchQuery(text="ubnd", sort=Sort.DATE, limit=50)).hits
    dates = [h.issued_date for h in hits if h.issued_date]
    assert dates == sorted(dates, reverse=True)
    assert all(h.issued_date for h in hits[: len(dates)])  # undated last
    asc = [h.issued_date for h in store.search(SearchQuery(text="ubnd", sort=Sort.DATE_ASC, limit=50)).hits]
    assert [d for d in asc if d] == sorted(d for d in asc if d)


def test_search_facets_count_matching_documents(store: SqliteStore) -> None:
    result = store.search(SearchQuery(text="giảm nghèo", facets=True, limit=50))
    f = result.facets
    assert f is not None and not f.approximate
    assert sum(f.doc_types.values()) == result.total
    assert f.current_provinces.get("Lào Cai", 0) >= 2  # Lào Cai and the former Yên Bái
    assert f.provinces.get("Yên Bái") == 1
    assert "giam-ngheo" in f.topics
    assert store.facets(SearchQuery(text="giảm nghèo")) == f


def test_search_paging(store: SqliteStore) -> None:
    all_hits = sources(store.search(SearchQuery(text="ubnd", limit=50)))
    pages = sources(store.search(SearchQuery(text="ubnd", limit=3))) + sources(
        store.search(SearchQuery(text="ubnd", limit=3, offset=3))
    )
    assert pages == all_hits[:6]


# --------------------------------------------------------------------------- records


def test_records_duties_by_agency_role_and_deadline(store: SqliteStore) -> None:
    result = store.records(RecordKind.DUTIES, RecordQuery(agency="Sở Lao động", roles=("lead",)))
    assert any("rà soát hộ nghèo" in h.text for h in result.hits)
    hit = next(h for h in result.hits if "rà soát hộ nghèo" in h.text)
    assert hit.due_end == "2024-06-30" and hit.agency_kind == "department" and hit.province == "Yên Bái"
    assert hit.evidence and hit.data["evidence"] == hit.evidence and "Sở Lao động" in hit.evidence
    due = store.records(RecordKind.DUTIES, RecordQuery(due_before=date(2024, 12, 31)))
    assert due.hits and all(h.due_end and h.due_end <= "2024-12-31" for h in due.hits)


def test_records_by_agency_kind_and_current_province(store: SqliteStore) -> None:
    result = store.records(
        RecordKind.DUTIES,
        RecordQuery(
            agency_kinds=("fatherland_front",),
            provinces=("Lào Cai",),
            province_scope=ProvinceScope.CURRENT,
            limit=100,
        ),
    )
    assert {h.province for h in result.hits} <= {"Lào Cai", "Yên Bái"}
    assert "Yên Bái" in {h.province for h in result.hits}


def test_records_figures_by_subject_and_kind(store: SqliteStore) -> None:
    result = store.records(RecordKind.FIGURES, RecordQuery(subject="tỷ lệ hộ nghèo", limit=100))
    assert result.hits and all("nghèo" in (h.data.get("subject") or "") for h in result.hits)
    targets = store.records(RecordKind.FIGURES, RecordQuery(figure_kinds=("target",), limit=100))
    assert targets.hits and all(h.figure_kind == "target" for h in targets.hits)


def test_records_deadlines_in_a_window(store: SqliteStore) -> None:
    result = store.records(
        RecordKind.DEADLINES, RecordQuery(due_after=date(2023, 7, 1), due_before=date(2023, 12, 31))
    )
    assert result.hits
    assert all("2023-07-01" <= (h.due_end or h.due_start or "") <= "2023-12-31" for h in result.hits)


def test_records_text_query_and_hostile_text(store: SqliteStore) -> None:
    assert store.records(RecordKind.DUTIES, RecordQuery(text="giam sat")).hits
    for text in ('"', "AND", "'; DROP TABLE records; --", "x" * 10_000):
        assert isinstance(store.records(RecordKind.DUTIES, RecordQuery(text=text, agency=text)).total, int)


def test_records_only_for_record_kinds(store: SqliteStore) -> None:
    with pytest.raises(ValueError, match="searched through documents"):
        store.records(RecordKind.AGENCIES, RecordQuery())


def test_records_of_one_document_in_order(store: SqliteStore) -> None:
    doc = extra_doc("yenbai-kh-2024.txt")
    result = store.records("duties", RecordQuery(doc_id=doc.document.id[:10]))
    assert [h.idx for h in result.hits] == list(range(len(doc.record["duties"])))


def test_get_returns_records_as_extracted(store: SqliteStore) -> None:
    for doc in corpus_docs()[:4] + corpus_docs()[-3:]:
        stored = store.get(doc.document.id)
        for kind in ("agencies", "duties", "deadlines", "figures", "references"):
            assert stored[kind] == doc.record[kind]
