"""Comparison across provinces: similar duties share a row, figures align by subject, deadlines in order."""

from __future__ import annotations

import json

import pytest

from index.compare import align, compare
from index.query import ProvinceScope
from index.sqlite import SqliteStore
from pipeline.run import process_bytes
from pipeline.settings import Settings
from tests.index.test_search import corpus_docs

# A Hà Nội plan written like the Yên Bái one in tests/index/test_search.py (same programme,
# other words), so that the two provinces have duties and targets to line up.
HANOI = (
    "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\nSố: 120/KH-UBND\nHà Nội, ngày 20 tháng 2 năm 2025\n"
    "KẾ HOẠCH\nThực hiện Chương trình giảm nghèo bền vững trên địa bàn Thành phố năm 2025\n"
    "Sở Lao động - Thương binh và Xã hội chủ trì hướng dẫn các quận, huyện, thị xã rà soát hộ nghèo, "
    "hộ cận nghèo trước ngày 31/7/2025.\n"
    "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố giám sát việc thực hiện các chính sách giảm nghèo.\n"
    "Phấn đấu đến cuối năm 2025 giảm tỷ lệ hộ nghèo xuống dưới 0,5%.\n"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    s = SqliteStore(tmp_path_factory.mktemp("compare") / "c.db")
    copy = HANOI + "Nơi nhận: như trên.\n"  # the same plan filed twice (a copy with a distribution list)
    s.add_many(
        [
            *corpus_docs(),
            process_bytes(HANOI.encode("utf-8"), "hanoi-kh-120-2025.txt", Settings()),
            process_bytes(copy.encode("utf-8"), "hanoi-kh-120-2025-ban-sao.txt", Settings()),
        ]
    )
    return s


def test_align_groups_similar_duties() -> None:
    labels, sim = align(
        [
            "tổ chức tuyên truyền, vận động nhân dân tham gia giảm nghèo",
            "Tuyên truyền, vận động Nhân dân tham gia giảm nghèo bền vững",
            "rà soát hộ nghèo, hộ cận nghèo",
            "Rà soát hộ nghèo và hộ cận nghèo năm 2024",
            "xây dựng cơ sở dữ liệu quy hoạch",
        ]
    )
    assert labels[0] == labels[1] and labels[2] == labels[3]
    assert len({labels[0], labels[2], labels[4]}) == 3
    assert sim[0, 1] > 0.5 > sim[0, 4]


def test_align_handles_no_and_one_text() -> None:
    assert align([])[0] == []
    assert align(["giám sát"])[0] == [0]


def test_compare_aligns_duties_across_provinces(store: SqliteStore) -> None:
    c = compare(store, ["Hà Nội", "lao cai"], topic="giam ngheo")
    assert c.provinces == ("Hà Nội", "Lào Cai") and c.topic == "giảm nghèo"
    shared = [r for r in c.duties if r.coverage == 2]
    review = next(r for r in shared if "rà soát hộ nghèo" in r.label)
    assert review.group == "department / lead"
    assert any("quận, huyện" in it.text for it in review.cells["Hà Nội"])
    assert any("các huyện" in it.text for it in review.cells["Lào Cai"])
    assert review.cells["Lào Cai"][0].due == "2024-06-30" and review.cells["Hà Nội"][0].due == "2025-07-31"
    assert [r for r in c.duties if r.group.startswith("fatherland_front")]


def test_compare_target_figures_per_subject(store: SqliteStore) -> None:
    c = compare(store, ["Hà Nội", "Lào Cai"], topic="giảm nghèo")
    row = next(r for r in c.figures if "hộ nghèo" in r.group)
    assert {it.value for it in row.cells["Hà Nội"]} == {0.5}
    assert {it.value for it in row.cells["Lào Cai"]} == {10.0}
    assert all(it.kind == "target" for items in row.cells.values() for it in items)


def test_compare_deadlines_soonest_first(store: SqliteStore) -> None:
    c = compare(store, ["Hà Nội", "Lào Cai"], topic="giảm nghèo")
    for items in c.deadlines.values():
        dated = [it.due for it in items if it.due]
        assert dated == sorted(dated)
    assert "2025-07-31" in {it.due for it in c.deadlines["Hà Nội"]}


def test_compare_current_or_written_provinces(store: SqliteStore) -> None:
    today = compare(store, ["Lào Cai"], topic="giảm nghèo")
    written = compare(store, ["Lào Cai"], topic="giảm nghèo", scope=ProvinceScope.WRITTEN)
    today_docs = {it.doc_id for r in today.duties for it in r.cells["Lào Cai"]}
    written_docs = {it.doc_id for r in written.duties for it in r.cells["Lào Cai"]}
    assert written_docs < today_docs  # the former Yên Bái only counts as today's Lào Cai
    assert today.documents["Lào Cai"] > written.documents["Lào Cai"]
    yen_bai = compare(store, ["Yên Bái"], scope=ProvinceScope.CURRENT)
    assert yen_bai.provinces == ("Lào Cai",)


def test_compare_without_topic_and_as_json(store: SqliteStore) -> None:
    c = compare(store, ["Hà Nội", "Đồng Tháp", "Hồ Chí Minh"])
    assert c.topic is None and c.duties
    data = json.loads(json.dumps(c.to_dict(), ensure_ascii=False))
    assert data["provinces"] == ["Hà Nội", "Đồng Tháp", "Hồ Chí Minh"]
    assert set(data["duties"][0]["cells"]) == {"Hà Nội", "Đồng Tháp", "Hồ Chí Minh"}


def test_compare_identical_duties_count_once(store: SqliteStore) -> None:
    c = compare(store, ["Hà Nội"], topic="giảm nghèo")
    items = [it for r in c.duties for it in r.cells["Hà Nội"]]
    assert len({it.text for it in items}) == len(items)
    assert next(it for it in items if "quận, huyện" in it.text).copies == 2


def test_compare_rejects_unknown_topic_and_no_province(store: SqliteStore) -> None:
    with pytest.raises(ValueError, match="unknown topic"):
        compare(store, ["Hà Nội"], topic="bóng đá")
    with pytest.raises(ValueError, match="at least one province"):
        compare(store, [" ", ""])
