"""Figures: numbers with their unit, qualifier and kind, on sentences from real documents."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.figures import Figure, find_figures, parse_number

# (text, [(value, unit, total, qualifier, kind), ...]) for each figure, in text order.
CASES = [
    (
        "Chỉ riêng năm 2005, đã có 779 dự án sản xuất nhỏ được TP duyệt cho vay trên 111 tỉ đồng, "
        "tạo việc làm cho gần 20.000 lao động nghèo.",
        [
            (779, "dự án", None, "eq", "achieved"),
            (111e9, "VND", None, "gt", "achieved"),
            (20000, "lao động nghèo", None, "approx", "achieved"),
        ],
    ),
    (
        "Đồng thời phấn đấu hạ tỉ lệ hộ nghèo xuống còn dưới 5% tổng hộ dân TP.",
        [(5, "%", None, "lt", "target")],
    ),
    (
        "Đặc biệt, các quận 3, 5, 6 và 146/317 xã- phường không còn hộ nghèo có thu nhập bình quân "
        "đầu người dưới 4 triệu đồng/người/ năm.",
        [(146, "xã- phường", 317, "eq", None), (4e6, "VND", None, "lt", None)],
    ),
    (
        "Hình thành ít nhất 20 mô hình sản xuất nông nghiệp tuần hoàn, hữu cơ - thích ứng biến đổi khí hậu.",
        [(20, "mô hình", None, "gte", "target")],
    ),
    (
        "Phòng ngừa, ngăn chặn, đẩy lùi tệ nạn ma túy; phấn đấu đến năm 2030 đạt ít nhất 50% số xã, "
        "phường trên toàn thành phố không có ma túy.",
        [(50, "%", None, "gte", "target")],
    ),
    (
        "Kim ngạch xuất khẩu ước cả năm đạt 2.600 triệu USD, đạt 100% kế hoạch, tăng 6,35% so cùng kỳ.",
        [
            (2.6e9, "USD", None, "eq", None),
            (100, "%", None, "eq", "achieved"),
            (6.35, "%", None, "eq", "achieved"),
        ],
    ),
    (
        "Thiệt hại do hạn hán tại Tây Nguyên và Nam Trung Bộ ước tính hơn 1.700 tỉ đồng.",
        [(1.7e12, "VND", None, "gt", "other")],
    ),
    (
        "Hội nghị cử Tổ kiểm phiếu gồm từ 05 đến 15 người.",
        [(5, "người", None, "gte", "other")],
    ),
    (
        "điều chuyển tài sản công có nguyên giá theo sổ kế toán dưới 01 tỷ đồng/01 đơn vị tài sản",
        [(1e9, "VND", None, "lt", "other")],
    ),
    (
        "Trong đó, có 180 tấn thịt lợn (tương đương 3.200 con); 40 tấn thịt trâu bò (500 con).",
        [
            (180, "tấn", None, "eq", None),
            (3200, "con", None, "eq", None),
            (40, "tấn", None, "eq", None),
            (500, "con", None, "eq", None),
        ],
    ),
    (
        "Đến nay, toàn tỉnh có 629/731 trường công lập đạt chuẩn quốc gia, đạt tỷ lệ 86,1%, vượt kế hoạch đề ra.",
        [(629, "trường", 731, "eq", "achieved"), (86.1, "%", None, "eq", "achieved")],
    ),
    (
        "thực hiện quan trắc môi trường nước trong ao nuôi đại diện ở 21 vùng nuôi tôm nước lợ tập trung "
        "tại 14 xã, phường",
        [(21, "vùng nuôi", None, "eq", None), (14, "xã, phường", None, "eq", "other")],
    ),
    (
        "Tỉnh Lai Châu có khả năng bố trí 4.000 hộ, gồm hơn 2.500 hộ tái định cư của tỉnh và khoảng 1.500 hộ "
        "của tỉnh Điện Biên.",
        [
            (4000, "hộ", None, "eq", "target"),
            (2500, "hộ", None, "gt", "target"),
            (1500, "hộ", None, "approx", "target"),
        ],
    ),
    (
        "mỗi thôn thiết lập ít nhất 01 (một) điểm thu gom rác tái chế",
        [(1, "điểm", None, "gte", "target")],
    ),
    (
        "Quyết định xuất ngũ: 05 bản (đơn vị giải quyết xuất ngũ 01 bản)",
        [(5, "bản", None, "eq", "other"), (1, "bản", None, "eq", "other")],
    ),
    (
        "Xây dựng và sửa chữa 15 ngôi nhà tình nghĩa, tặng 200 suất quà",
        [(15, "ngôi nhà", None, "eq", None), (200, "suất quà", None, "eq", None)],
    ),
    (
        "Tổng kinh phí Chương trình: 22.123,39 triệu đồng, trong đó: Ngân sách nhà nước hỗ trợ: 17.297,76 triệu đồng.",
        [(22123.39e6, "VND", None, "eq", None), (17297.76e6, "VND", None, "eq", None)],
    ),
    (
        "Đối với nơi có từ 100 cử tri trở lên thì phải bảo đảm có ít nhất là 70 cử tri tham dự.",
        [(100, "cử tri", None, "gte", None), (70, "cử tri", None, "gte", "target")],
    ),
    (
        "Theo chuẩn nghèo mới, cả nước hiện có khoảng 3,9 triệu hộ nghèo, chiếm 22% số hộ toàn quốc",
        [(3.9e6, "hộ nghèo", None, "approx", "achieved"), (22, "%", None, "eq", "achieved")],
    ),
    (
        "Dự kiến số hộ dân phải di chuyển đến năm 2010 là hơn 18.800, cụ thể 91.100 người.",
        [(18800, "hộ dân", None, "gt", "target"), (91100, "người", None, "eq", "target")],
    ),
    (
        "Tốc độ tăng trưởng GRDP giai đoạn 2026 - 2030 khoảng từ 10 - 10,5%/năm.",
        [(10, "%", None, "gte", None)],
    ),
    (
        "Điều 1. Công bố kèm theo Quyết định này danh mục 02 thủ tục hành chính cấp tỉnh",
        [(2, "thủ tục hành chính", None, "eq", "other")],
    ),
    (
        "Trong đó, tỷ lệ vốn ngân sách nhà nước dự kiến: 85%-90% tổng vốn đầu tư.",
        [(85, "%", None, "gte", "target")],
    ),
    (
        "có từ 15 biên chế công chức trở lên được bố trí không quá 03 Phó Trưởng phòng",
        [(15, "biên chế", None, "gte", None)],
    ),
    (
        "riêng thành phố Hà Nội bảo đảm không vượt quá bình quân 4,7 tổ chức trên 01 đơn vị hành chính cấp xã",
        [(4.7, "tổ chức", None, "lte", None), (1, "đơn vị hành chính cấp xã", None, "eq", None)],
    ),
    (
        "thường được áp dụng đối với các hộ thoát nước riêng lẻ với tổng lượng nước thải dưới 50m3/ngày.đêm",
        [(50, "m3", None, "lt", None)],
    ),
    (
        "Chi khắc dấu: 400.000 đồng/dấu; tiền ăn 150.000đ/người/ngày.",
        [(400000, "VND", None, "eq", None), (150000, "VND", None, "eq", None)],
    ),
]

TABLES = [
    (
        "TT | Chỉ tiêu | ĐVT | ƯTH Năm 2025 | GIAI ĐOẠN 2026 - 2030\n"
        "1 | Cà Phê\n"
        "- | Diện tích | Ha | 26.120 | 27.000\n"
        "- | Tổng đàn | Con | 28.010 | 28.100",
        [(26120, "Ha"), (27000, "Ha"), (28010, "Con"), (28100, "Con")],
    ),
    (
        "1 | Tổng sản phẩm trong nước của địa phương (GRDP) giá hiện hành | Tỷ đồng | 172.033 | 193.549\n"
        "2 | Tốc độ tăng trưởng GRDP | % | 8,00 | 10,00",
        [(172033e9, "VND"), (193549e9, "VND"), (8, "%"), (10, "%")],
    ),
    (
        "Đơn vị tính: Triệu đồng\nNăm 2026 | 3.682,35 | 2.920,17 | 762,17",
        [(3682.35e6, "VND"), (2920.17e6, "VND"), (762.17e6, "VND")],
    ),
    (
        "Tỷ lệ hộ gia đình được công nhận gia đình văn hóa hằng năm. | ≥ 93% | ≥ 95% | ≥ 98%",
        [(93, "%"), (95, "%"), (98, "%")],
    ),
]

NEAR_MISSES = [
    "Căn cứ Nghị định số 272/2025/NĐ-CP ngày 16 tháng 10 năm 2025 của Chính phủ về phân định vùng "
    "đồng bào dân tộc thiểu số và miền núi giai đoạn 2026 - 2030;",
    "phục vụ công tác bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026-2031.",
    "ó người ứng cử đang vận động bầu cử (quy định tại khoản 2, khoản 4 Điều 62 của Luật Bầu cử năm 2015);",
    "được tiến hành theo quy định tại các điều 1, 3, 4 Nghị quyết số 101/2025/UBTVQH15",
    "(Chi tiết theo các Mẫu biểu số 01, 02, 03, 04, 05 ban hành kèm theo Thông tư số 69/2017/TT-BTC)",
    "Phó trưởng Ban Dân chủ, Giám sát và Phản biện xã hội, số ĐT: 0936.828.858; đồng chí Nguyễn Hồng Minh",
    "Mục lục ............................................................... 23 CHƯƠNG V. HƯỚNG DẪN GIAO NHIỆM VỤ",
    "Bản kê khai được công khai chậm nhất là 05 ngày kể từ ngày bàn giao bản kê khai.",
    "Trong thời hạn 30 ngày kể từ ngày ký, các cơ quan gửi báo cáo về Sở Tài chính.",
    "đánh giá kết quả 40 năm thực hiện công cuộc đổi mới và hoàn thiện mô hình chính quyền địa phương 2 cấp",
    "2.2. Đợt 2: Từ tháng 01 đến ngày bầu cử 15/3/2026",
    "1. Mục đích\n2. Yêu cầu\nII. NỘI DUNG\n1.1. Nội dung tuyên truyền",
    "Hội nghị sơ kết 2 năm thực hiện chương trình hợp tác kinh tế - xã hội giữa 2 địa phương",
    "STT | Tên xã, phường | Ghi chú\n1 | Xã Đam Rông 1\n2 | Xã Cát Tiên 3\n43 | Phường 1 Bảo Lộc",
    "TT | Chỉ tiêu | ĐVT | Năm 2025\n1 | 2 | 3 | 4",
    "Cập nhật lúc 21:49, Thứ Sáu, 14/04/2017 (GMT+7); Lượt xem: 121; Hôm nay: 1,490",
    "Xem thêm: https://baochinhphu.vn/ho-tro-400-can-nha-dai-doan-ket-102250101.htm",
    "Thực hiện Nghị quyết liên tịch số 88 ngày 7-10-2016 giữa Chính phủ và Đoàn Chủ tịch",
    "tiêu chuẩn đại biểu; hội nghị hiệp thương lần thứ 2, lần thứ 3 và tuyên truyền từ ngày 15/3/2026",
    "Hộ trẻ em từ 06 tháng đến 36 tháng tuổi được chăm sóc tại lớp 10 của trường",
    "Nơi nhận: - Như Điều 3; - Bộ trưởng (để báo cáo); - Các Bộ: Tài chính, Quốc phòng; - UBND 34 tỉnh, thành phố; "
    "- Sở VHTTDL 34 tỉnh, thành phố; - Lưu: VT.",
    "Căn cứ Quyết định số 3574/QĐ-BYT ngày 19/11/2025 của Bộ trưởng Bộ Y tế về việc công bố sửa đổi, bổ sung "
    "02 thủ tục hành chính thuộc phạm vi quản lý của Bộ Y tế;",
    "Số lượng công việc được giao | = | Số lượng công việc hoàn thành | x 100% x 5",
    "Biên bản ghi nhận kết quả kiểm tra ngày 07/6/2024 của Đoàn Kiểm tra 3530 Bộ Công an.",
    "QUY TRÌNH RÀ SOÁT ĐỐI TƯỢNG ƯU TIÊN THỰC HIỆN DỰ ÁN 1, DỰ ÁN 2 CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA",
    "Một số nội dung phối hợp công tác năm 2023 Lượt xem: 121",
]


def _check_spans(text: str, figures: list[Figure]) -> None:
    for f in figures:
        assert text[f.span.start : f.span.end] == f.span.text
        assert f.span.text == f.span.text.strip()
    assert [f.span.start for f in figures] == sorted(f.span.start for f in figures)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_figures_recognizes_prose_forms(text: str, expected: list[tuple]) -> None:
    figures = find_figures(text)
    _check_spans(text, figures)
    got = [(f.value, f.unit, f.total, f.qualifier, f.kind) for f in figures]
    assert len(got) == len(expected), got
    for (value, unit, total, qualifier, kind), want in zip(got, expected, strict=True):
        assert math.isclose(value, want[0], rel_tol=1e-9)
        assert unit == want[1]
        assert total == want[2] if want[2] is None else math.isclose(total or 0, want[2])
        assert qualifier == want[3]
        if want[4] is not None:
            assert kind == want[4], (value, kind)


@pytest.mark.parametrize(("text", "expected"), TABLES)
def test_figures_reads_table_rows_with_units(text: str, expected: list[tuple[float, str]]) -> None:
    figures = find_figures(text)
    _check_spans(text, figures)
    assert [(round(f.value, 2), f.unit) for f in figures] == [(round(v, 2), u) for v, u in expected]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_figures_rejects_near_misses(text: str) -> None:
    figures = find_figures(text)
    _check_spans(text, figures)
    assert figures == [], [f.span.text for f in figures]


def test_figures_serializes_schema_fields() -> None:
    text = "Tỷ lệ hộ nghèo đến cuối năm 2022 của Thành phố còn 1%."
    (figure,) = find_figures(text, date(2023, 5, 30))
    d = figure.to_dict()
    assert set(d) == {
        "text",
        "value",
        "unit",
        "total",
        "qualifier",
        "kind",
        "subject",
        "deadline",
        "start",
        "end",
    }
    assert d["text"] == "1%" and d["value"] == 1 and d["unit"] == "%" and d["kind"] == "achieved"
    assert d["deadline"] == "đến cuối năm 2022"
    assert d["subject"] is not None and d["subject"].lower().startswith("tỷ lệ hộ nghèo")


def test_figures_trên_before_places_is_a_preposition() -> None:
    text = "Tỉnh đã tổ chức thẩm định được 62/83 khu tái định cư trên 10 huyện, thị xã."
    figures = find_figures(text)
    _check_spans(text, figures)
    assert [(f.span.text, f.qualifier, f.unit) for f in figures] == [
        ("62/83 khu tái định cư", "eq", "khu tái định cư"),
        ("10 huyện, thị xã", "eq", "huyện, thị xã"),
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("22.000", 22000),
        ("58,1", 58.1),
        ("03", 3),
        ("1.234.567,5", 1234567.5),
        ("58,1 tỷ", 58.1e9),
        ("2 nghìn tỷ", 2e12),
        ("hai mươi lăm", 25),
        ("một trăm linh năm", 105),
        ("mười lăm", 15),
        ("ba triệu", 3e6),
    ],
)
def test_figures_parse_number_reads_vietnamese_forms(written: str, value: float) -> None:
    got = parse_number(written)
    assert got is not None and math.isclose(got, value)


@pytest.mark.parametrize("written", ["", "abc", "1.5.", "12a", "tư", "22.00", "năm học"])
def test_figures_parse_number_rejects_non_numbers(written: str) -> None:
    assert parse_number(written) is None


def test_figures_on_long_text() -> None:
    block = (
        "Phấn đấu đến năm 2030 đạt ít nhất 50% số xã không có ma túy; hỗ trợ 400 căn nhà đại đoàn kết với "
        "tổng kinh phí trên 18,15 tỷ đồng. Căn cứ Nghị định số 13/2023/NĐ-CP ngày 17/4/2023.\n"
        "1 | Diện tích | Ha | 26.120 | 27.000\n"
    )
    text = block * (100_000 // len(block))
    figures = find_figures(text)
    assert len(figures) > 1000


_TOKENS = [
    *"0123456789.,/-%()| \n:;",
    *[
        "tỷ",
        "triệu",
        "đồng",
        "người",
        "hộ",
        "xã",
        "trên",
        "dưới",
        "từ",
        "đến",
        "trở lên",
        "số",
        "năm",
        "Điều",
    ],
    *["mỗi", "căn", "nhà", "ĐVT", "Ha", "đã", "phấn đấu", "(một)", "≥", "…", " | ", "đ", "gồm", "trong đó"],
]


@settings(deadline=None, max_examples=200)
@given(st.lists(st.sampled_from(_TOKENS), max_size=80).map("".join))
def test_figures_never_raise_and_keep_spans(text: str) -> None:
    figures = find_figures(text)
    _check_spans(text, figures)
    for f in figures:
        assert math.isfinite(f.value)
        assert f.kind in ("target", "achieved", "other")
        assert f.qualifier in ("eq", "gt", "gte", "lt", "lte", "approx")


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=300))
def test_figures_never_raise_on_arbitrary_text(text: str) -> None:
    _check_spans(text, find_figures(text))


@pytest.mark.parametrize(
    "text",
    [
        "9" * 5000 + " tỷ đồng",
        "1." * 20000 + "000 người",
        "(" * 50000 + "12 người" + ")" * 50000,
        "trên " * 20000 + "5 hộ",
        ("12 | " * 20000) + "Ha | 5",
        "1" * 1_000_000,
        ("từ 1 đến 2 " * 50000),
    ],
)
def test_figures_survive_pathological_input(text: str) -> None:
    figures = find_figures(text)
    _check_spans(text, figures)
    assert all(math.isfinite(f.value) for f in figures)


def test_figures_statistical_annex_cells_are_not_listed() -> None:
    header = "TT | Chỉ tiêu | ĐVT | Năm 2026 | Năm 2027 | Năm 2028"
    rows = [
        f"{i} | Thu nội địa khoản {i} | Tỷ đồng | {100 + i}.500 | {200 + i}.300 | {300 + i}.100"
        for i in range(1, 31)
    ]
    annex = "\n".join([header, *rows])
    assert find_figures(annex) == []
    small = "\n".join([header, *rows[:3]])
    figures = find_figures(small)
    assert len(figures) == 9
    assert all(f.unit == "VND" for f in figures)
    for f in figures:
        assert small[f.span.start : f.span.end] == f.span.text
