"""Site furniture is removed; document text around it survives."""

from __future__ import annotations

import pytest

from pipeline.ingest.boilerplate import strip_furniture
from pipeline.run import load_document
from pipeline.settings import Settings
from tests.conftest import CORPUS

FURNITURE = [
    "Thống kê truy cập",
    "  • Đang online: 21",
    "  • Hôm nay: 1,490",
    "Đăng nhập",
    "Nhảy đến nội dung",
    "Chi tiết bài viết Chi tiết bài viết",
    "Gửi chia sẻ, câu hỏi tư vấn tại đây hoặc về bandoisong@vietnamnet.vn",
    "Đường dây nóng HN: 0923457788 - HCM: 0962237788",
    "1 2 3 4 5  ...",
    "Giấp phép đăng ký kinh doanh số 0103884103 do Sở Kế Hoạch & Đầu Tư Hà Nội cấp lần đầu ngày 29/06/2009.",
    "Trụ sở chính: Gian số L4-07 tầng 4, nơ-2 - Gold Season, 47 Nguyễn Tuân, Thanh Xuân, Hà Nội",
    "Email: info@daisan.vn",
]

BODY = "Ủy ban nhân dân tỉnh chỉ đạo các sở, ban, ngành tỉnh, UBND cấp huyện tiếp tục thống nhất nội dung ký kết."


@pytest.mark.parametrize("line", FURNITURE)
def test_boilerplate_drops_furniture_lines(line: str) -> None:
    text, dropped = strip_furniture(f"{BODY}\n{line}\n{BODY[:-1]} năm 2024.")
    assert line.strip() not in text
    assert dropped == 1
    assert text.startswith(BODY)


@pytest.mark.parametrize(
    "marker", ["Tin khác", "Có thể bạn quan tâm", "Tin liên quan", "CÔNG TY CỔ PHẦN ĐẠI SÀN"]
)
def test_boilerplate_cuts_related_news_tail(marker: str) -> None:
    text, _ = strip_furniture(f"{BODY}\n{marker}\nHội nghị tổng kết công tác Mặt trận năm 2023\n1 2 3")
    assert text == BODY


@pytest.mark.parametrize(
    "line",
    [
        "Sở Thông tin và Truyền thông có trách nhiệm hướng dẫn các cơ quan báo chí đưa tin.",
        "Điện thoại đường dây nóng của tỉnh được công khai trên Cổng thông tin điện tử.",
        "Hôm nay, Ủy ban MTTQ Việt Nam tỉnh tổ chức hội nghị.",
        "Địa chỉ tiếp nhận phản ánh, kiến nghị của người dân và doanh nghiệp.",
    ],
)
def test_boilerplate_keeps_document_sentences(line: str) -> None:
    text, dropped = strip_furniture(f"{BODY}\n{line}")
    assert line in text
    assert dropped == 0


def test_boilerplate_drops_repeated_headline() -> None:
    title = "Hội nghị sơ kết Chương trình phối hợp số 500 của Tỉnh về thực hiện một số nhiệm vụ trọng tâm"
    text, _ = strip_furniture(f"null {title}\nChi tiết bài viết Chi tiết bài viết\n{title}\n{BODY}")
    assert text.count(title) == 1


SEED_FURNITURE = [
    "Đang online",
    "Thống kê truy cập",
    "Tin khác",
    "Đường dây nóng",
    "Có thể bạn quan tâm",
    "Nhảy đến nội dung",
    "CÔNG TY CỔ PHẦN",
    "Chi tiết bài viết",
    "Xuất bản thông tin",
    "Email:",
]


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("0*.txt")))
def test_boilerplate_none_survives_in_news_seeds(name: str, settings: Settings) -> None:
    doc = load_document(CORPUS / name, settings)
    for phrase in SEED_FURNITURE:
        assert phrase not in doc.text, f"{name}: {phrase!r} survived"
