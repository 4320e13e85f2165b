"""Deadlines: dates, periods, recurring schedules and relative periods in real sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import time_expressions, tsv
from extractors.deadlines import Deadline, DeadlineKind, find_deadlines, parse_time_expression

D, IV, R, REL = DeadlineKind.DATE, DeadlineKind.INTERVAL, DeadlineKind.RECURRING, DeadlineKind.RELATIVE

# (text, kind, start, end, recurrence, offset, anchor); dates as ISO strings
Row = tuple[str, str, str | None, str | None, str | None, str | None, str | None]


def _row(
    text: str,
    kind: DeadlineKind,
    start: str | None = None,
    end: str | None = None,
    recurrence: str | None = None,
    offset: str | None = None,
    anchor: str | None = None,
) -> Row:
    return (text, kind.value, start, end, recurrence, offset, anchor)


def _rows(found: list[Deadline]) -> list[Row]:
    out = []
    for d in found:
        x = d.to_dict()
        out.append(
            (x["text"], x["kind"], x["start_date"], x["end_date"], x["recurrence"], x["offset"], x["anchor"])
        )
    return out


def _check_spans(text: str, found: list[Deadline]) -> None:
    for d in found:
        assert text[d.span.start : d.span.end] == d.span.text
        assert d.span.text == d.span.text.strip()
    assert [d.span.start for d in found] == sorted(d.span.start for d in found)


# Sentences from /work/shared/corpus (raw and seeds), with the issue date of their document.
POSITIVE: list[tuple[str, date | None, list[Row]]] = [
    (
        "Giao Sở Nội vụ chủ trì xây dựng kế hoạch kiểm tra các nội dung thực hiện Chương trình ký kết phối hợp "
        "hoạt động của các Sở, ban, ngành, UBND cấp huyện, UBND cấp xã với Ủy ban MTTQ Việt Nam và các tổ chức "
        "chính trị - xã hội cùng cấp trong quý III năm 2023.",
        None,
        [_row("trong quý III năm 2023", IV, "2023-07-01", "2023-09-30")],
    ),
    (
        "Thực hiện Quy chế phối hợp công tác giai đoạn 2021-2026, Ủy ban nhân dân tỉnh Lào Cai và Ủy ban Mặt trận "
        "tổ quốc (MTTQ) Việt Nam tỉnh thống nhất ban hành Kế hoạch số 104/KH-UBND ngày 22/2/2023 để triển khai các "
        "nội dung phối hợp công tác năm 2023.",
        None,
        [
            _row("giai đoạn 2021-2026", IV, "2021-01-01", "2026-12-31"),
            _row("năm 2023", IV, "2023-01-01", "2023-12-31"),
        ],
    ),
    (
        "UB MTTQ quận, huyện, thị xã, xã, phường, thị trấn phối hợp với UBND cùng cấp định kỳ 6 tháng tổ chức giao "
        "ban, 1 năm sơ kết đánh giá kết quả thực hiện và báo cáo cấp trên trực tiếp.",
        None,
        [_row("định kỳ 6 tháng", R, recurrence="P6M"), _row("1 năm", R, recurrence="P1Y")],
    ),
    (
        "Ông Lộc đề nghị trong 3 tháng sau đại hội, hoàn thành kiện toàn tổ chức, ban hành kế hoạch thực hiện 3 "
        "nhất quán.",
        None,
        [_row("trong 3 tháng sau đại hội", REL, offset="P3M", anchor="đại hội")],
    ),
    (
        'Trong 6 tháng sau đại hội, tổ chức "Tháng nghe dân nói" đồng loạt ở các địa phương. Trong 1 năm, công bố '
        "kết quả an sinh cộng đồng, nhân rộng mô hình đối thoại xã hội đạt tiêu chí…",
        None,
        [
            _row("Trong 6 tháng sau đại hội", REL, offset="P6M", anchor="đại hội"),
            _row("Trong 1 năm", REL, offset="P1Y", anchor="đại hội"),
        ],
    ),
    (
        "TP.HCM: 3 tháng tới, mỗi xã có 1 mô hình điểm về an sinh cộng đồng",
        None,
        [_row("3 tháng tới", REL, offset="P3M")],
    ),
    (
        "- Lập điều chỉnh Quy hoạch tỉnh Cà Mau thời kỳ 2021 - 2030, tầm nhìn đến năm 2050 phải bảo đảm phù hợp, "
        "thống nhất, đồng bộ, kế thừa quy hoạch cấp quốc gia.",
        None,
        [
            _row("thời kỳ 2021 - 2030", IV, "2021-01-01", "2030-12-31"),
            _row("tầm nhìn đến năm 2050", D, None, "2050-12-31"),
        ],
    ),
    (
        "Việc khai tài sản, thu nhập lần đầu phải được hoàn thành chậm nhất là 10 ngày kể từ ngày được tiếp nhận, "
        "tuyển dụng, bổ nhiệm.",
        None,
        [
            _row(
                "chậm nhất là 10 ngày kể từ ngày được tiếp nhận, tuyển dụng, bổ nhiệm",
                REL,
                offset="P10D",
                anchor="ngày được tiếp nhận, tuyển dụng, bổ nhiệm",
            )
        ],
    ),
    (
        "Cán bộ công chức có trách nhiệm kê khai tài sản nộp bản kê khai tài sản, thu nhập về Phòng Hành chính-Tổ "
        "chức trước ngày 15/12/2025, cụ thể như sau:",
        date(2025, 11, 27),
        [_row("trước ngày 15/12/2025", D, None, "2025-12-15")],
    ),
    (
        "Thời gian niêm yết bản kê khai: 15 ngày",
        None,
        [
            _row(
                "Thời gian niêm yết bản kê khai: 15 ngày",
                REL,
                offset="P15D",
                anchor="ngày niêm yết bản kê khai",
            )
        ],
    ),
    (
        "- Trong thời hạn 10 ngày kể từ ngày nhận được bản kê khai, Phòng Hành chính – Tổ chức phải hoàn thành "
        "việc rà soát, kiểm tra tính đầy đủ về nội dung phải kê khai.",
        None,
        [
            _row(
                "Trong thời hạn 10 ngày kể từ ngày nhận được bản kê khai",
                REL,
                offset="P10D",
                anchor="ngày nhận được bản kê khai",
            )
        ],
    ),
    (
        "- Trong thời hạn 15 (mười lăm) ngày làm việc kể từ ngày ban hành quyết định cấp chứng chỉ nghiệp vụ "
        "chuyên môn về đấu thầu;",
        date(2025, 11, 18),
        [
            _row(
                "Trong thời hạn 15 (mười lăm) ngày làm việc kể từ ngày ban hành quyết định cấp chứng chỉ nghiệp vụ "
                "chuyên môn về đấu thầu",
                REL,
                "2025-11-18",
                "2025-12-03",
                offset="P15D",
                anchor="ngày ban hành quyết định cấp chứng chỉ nghiệp vụ chuyên môn về đấu thầu",
            )
        ],
    ),
    (
        "2.2. Đợt 2: Từ tháng 01 đến ngày bầu cử 15/3/2026",
        date(2025, 12, 10),
        [_row("Từ tháng 01 đến ngày bầu cử 15/3/2026", IV, "2026-01-01", "2026-03-15")],
    ),
    (
        "2.3. Đợt 3: Sau ngày bầu cử 15/3/2026",
        date(2025, 12, 10),
        [_row("Sau ngày bầu cử 15/3/2026", REL, "2026-03-16", anchor="ngày bầu cử 15/3/2026")],
    ),
    (
        "1. Nội dung tuyên truyền xuyên suốt từ nay đến kết thúc cuộc bầu cử đại biểu Quốc hội khóa XVI",
        date(2025, 12, 10),
        [
            _row(
                "từ nay đến kết thúc cuộc bầu cử đại biểu Quốc hội khóa XVI",
                REL,
                "2025-12-10",
                anchor="kết thúc cuộc bầu cử đại biểu Quốc hội khóa XVI",
            )
        ],
    ),
    (
        "4. Đồng chí Phó Trưởng ban xây dựng Đảng - Ủy viên: Trực tiếp chỉ đạo chuẩn bị tốt các nội dung thông tin, "
        "tuyên truyền, khánh tiết trước trong và sau cuộc bầu cử.",
        None,
        [_row("trước trong và sau cuộc bầu cử", REL, anchor="cuộc bầu cử")],
    ),
    (
        "Điều 3: Văn phòng UBND thị trấn, các ban, ngành có liên quan và các đồng chí có tên tại Điều 1 căn cứ "
        "quyết định thi hành kể từ ngày ký./.",
        date(2024, 3, 29),
        [_row("kể từ ngày ký", D, "2024-03-29")],
    ),
    (
        "Thủ tướng đã đưa ra tiến độ di dân 3 tỉnh: 2005 phải di dời trên 3.000 hộ, năm 2007 di chuyển 7.000 hộ, "
        "năm 2008 là 3.500 hộ...",
        None,
        [
            _row("2005", IV, "2005-01-01", "2005-12-31"),
            _row("năm 2007", IV, "2007-01-01", "2007-12-31"),
            _row("năm 2008", IV, "2008-01-01", "2008-12-31"),
        ],
    ),
    (
        "* Thời gian thực hiện: Trong khoảng thời gian từ ngày 17/12/2025 đến 17 giờ 00, ngày 01/02/2026.",
        None,
        [
            _row(
                "Trong khoảng thời gian từ ngày 17/12/2025 đến 17 giờ 00, ngày 01/02/2026",
                IV,
                "2025-12-17",
                "2026-02-01",
            )
        ],
    ),
    (
        "2. Thời gian thực hiện: Từ ngày 01 tháng 01 năm 2021 đến ngày 31 tháng 12 năm 2021.",
        None,
        [_row("Từ ngày 01 tháng 01 năm 2021 đến ngày 31 tháng 12 năm 2021", IV, "2021-01-01", "2021-12-31")],
    ),
    (
        "Báo cáo kết quả về Ủy ban nhân dân Tỉnh và Bộ Khoa học và Công nghệ trước ngày 30/11 hằng năm.",
        date(2025, 11, 19),
        [_row("trước ngày 30/11 hằng năm", R, recurrence="P1Y")],
    ),
    (
        "Định kỳ trước ngày 15/12 hằng năm báo cáo kết quả thực hiện về Sở Nội vụ.",
        date(2025, 11, 18),
        [_row("Định kỳ trước ngày 15/12 hằng năm", R, recurrence="P1Y")],
    ),
    (
        "- Tổng hợp kết quả thực hiện thông qua Sở Khoa học và Công nghệ trước ngày 15 hằng tháng.",
        None,
        [_row("trước ngày 15 hằng tháng", R, recurrence="P1M")],
    ),
    (
        "Định kỳ 06 tháng các cơ quan có liên quan báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ.",
        None,
        [_row("Định kỳ 06 tháng", R, recurrence="P6M")],
    ),
    (
        "- Sở Tài chính định kỳ hằng quý tổng hợp báo cáo Ủy ban nhân dân Thành phố.",
        None,
        [_row("định kỳ hằng quý", R, recurrence="P3M")],
    ),
    (
        "sao lưu định kỳ (01 lần/ngày), đột xuất theo yêu cầu và phục hồi dữ liệu",
        None,
        [_row("01 lần/ngày", R, recurrence="P1D")],
    ),
    (
        "- Phát huy vai trò tự chủ, tự quản của nhân dân tham gia mô hình tự quản ở cộng đồng dân cư, định kỳ sơ, "
        "tổng kết đánh giá rút kinh nghiệm.",
        None,
        [_row("định kỳ", R)],
    ),
    (
        "- Tỷ lệ hộ nghèo giảm hàng năm 1%-1,5%.",
        None,
        [_row("hàng năm", R, recurrence="P1Y")],
    ),
    (
        "1. Ủy ban nhân dân họp thường kỳ mỗi tháng 01 lần.",
        None,
        [_row("mỗi tháng", R, recurrence="P1M")],
    ),
    (
        "- Chỉ tiêu 4: Từ năm 2025 trở đi, 100% số nạn nhân bị mua bán trở về được tiếp nhận.",
        date(2025, 11, 18),
        [_row("Từ năm 2025 trở đi", D, "2025-01-01")],
    ),
    (
        "1. Phấn đấu đến cuối năm 2025 đạt các mục tiêu, chỉ tiêu sau:",
        date(2025, 11, 18),
        [_row("đến cuối năm 2025", D, None, "2025-12-31")],
    ),
    (
        "Đến năm 2030, tỷ lệ thu gom, xử lý rác thải nhựa đại dương đạt 100%.",
        date(2025, 11, 19),
        [_row("Đến năm 2030", D, None, "2030-12-31")],
    ),
    (
        "Chậm nhất là 17 giờ 00 ngày 01 tháng 2 năm 2026, người ứng cử phải hoàn thành hồ sơ ứng cử.",
        date(2025, 9, 26),
        [_row("Chậm nhất là 17 giờ 00 ngày 01 tháng 2 năm 2026", D, None, "2026-02-01")],
    ),
    (
        "Thời gian thực hiện: Tháng 12/2025.",
        date(2025, 11, 20),
        [_row("Tháng 12/2025", IV, "2025-12-01", "2025-12-31")],
    ),
    (
        "Người có thẩm quyền đánh giá hoàn thành trước ngày 15 tháng 01 năm sau.",
        date(2025, 12, 21),
        [_row("trước ngày 15 tháng 01", D, None, "2026-01-15")],
    ),
    (
        "3. Thời gian thực hiện Chương trình: Từ năm 2025 đến hết năm 2030.",
        date(2025, 11, 17),
        [_row("Từ năm 2025 đến hết năm 2030", IV, "2025-01-01", "2030-12-31")],
    ),
    (
        "b) Thời gian hỗ trợ: Từ nay đến hết ngày 31 tháng 12 năm 2025.",
        date(2025, 11, 25),
        [_row("Từ nay đến hết ngày 31 tháng 12 năm 2025", IV, "2025-11-25", "2025-12-31")],
    ),
    (
        "Tổng dư nợ của các hoạt động kinh tế năm 2025 và 6 tháng đầu năm 2026 tiếp tục được theo dõi.",
        None,
        [
            _row("năm 2025", IV, "2025-01-01", "2025-12-31"),
            _row("6 tháng đầu năm 2026", IV, "2026-01-01", "2026-06-30"),
        ],
    ),
    # task-table rows: a time alone in its cell
    (
        "1 | Rà soát, cập nhật hồ sơ quy hoạch | Sở Tài chính | Các sở, ngành, UBND xã, phường, đặc khu | "
        "Quý IV/2025 | Luật Quy hoạch",
        date(2025, 11, 19),
        [_row("Quý IV/2025", IV, "2025-10-01", "2025-12-31")],
    ),
    (
        "1.1 | Rà soát, xây dựng, sửa đổi, bổ sung các quy định pháp luật | Sở Tư pháp | Các sở, ban, ngành; UBND "
        "các phường, xã | 2026 - 2030 | Các cơ chế, chính sách",
        date(2025, 11, 18),
        [_row("2026 - 2030", IV, "2026-01-01", "2030-12-31")],
    ),
    (
        "1 | Tham mưu cơ chế tài chính | Sở Tài chính | Cơ quan, địa phương liên quan | Thường xuyên",
        date(2025, 11, 18),
        [_row("Thường xuyên", R)],
    ),
    (
        "2 | Hướng dẫn thực hiện | Sở Tài chính | Các sở, ngành | Năm 2025 - 2026 | Nghị định",
        date(2025, 11, 19),
        [_row("Năm 2025 - 2026", IV, "2025-01-01", "2026-12-31")],
    ),
]

# Sentences from the corpus that hold no deadline.
NEGATIVE: list[tuple[str, date | None]] = [
    ("Hội nghị do UBND TP và UB MTTQ Việt Nam TP.Hà Nội tổ chức ngày 8/8/2018.", None),
    (
        "Sáng ngày 30/5, thành phố Cao lãnh tổ chức Hội nghị sơ kết thực hiện Chương trình phối hợp số 500.",
        None,
    ),
    ("Hà Nội, ngày 17 tháng 11 năm 2025", date(2025, 11, 17)),
    ("Bỉm Sơn, ngày tháng năm 2024", None),
    ("Cập nhật lúc21:49, Thứ Sáu, 14/04/2017 (GMT+7)", None),
    ("Ngày 8.11, Ủy ban MTTQ Việt Nam TP.HCM đã tổng kết công tác tổ chức Đại hội.", None),
    (
        "Căn cứ Nghị định số 272/2025/NĐ-CP ngày 16 tháng 10 năm 2025 của Chính phủ về phân định vùng đồng bào "
        "dân tộc thiểu số và miền núi giai đoạn 2026 - 2030;",
        date(2025, 11, 25),
    ),
    (
        "Đây là hoạt động nhằm thực hiện Nghị quyết liên tịch số 88 ngày 7-10-2016 giữa Chính phủ và MTTQ.",
        None,
    ),
    ("Cụ thể, tại Kế hoạch 61/KH-VPUBND năm 2025 nêu rõ mục đích.", None),
    ("theo quy định tại Điều 22, 24, 25 của Luật Bầu cử năm 2015 (được sửa đổi, bổ sung năm 2025);", None),
    ("Quyết định này có hiệu lực thi hành kể từ ngày ký.", date(2025, 11, 25)),
    ("1. Quyết định này có hiệu lực kể từ ngày 10 tháng 12 năm 2025.", date(2025, 11, 28)),
    (
        "Từ năm 2020 đến nay, MTTQ các cấp trong Thành phố đã phối hợp tổ chức và phát động Tháng cao điểm.",
        None,
    ),
    ("…tỷ lệ hộ nghèo đến cuối năm 2022 của Thành phố còn 1%.", None),
    (
        "Năm 2021, do tình hình dịch bệnh Covid-19 không tổ chức phát động Tháng cao điểm, tuy nhiên Ban vận động "
        "các cấp đã vận động được trên 18,15 tỷ đồng.",
        None,
    ),
    ("Theo báo cáo của UBND tỉnh Sơn La, đến tháng 10/2004, đã di dời 419 hộ dân trên địa bàn tỉnh.", None),
    ("- Thời gian thực hiện: Đã khắc phục xong từ tháng 6/2024.", None),
    ("bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031", None),
    ("Tiếp tục tuyên truyền những thành tựu mà Quốc hội đã đạt được trong 80 năm qua.", None),
    ("những thành tựu to lớn của đất nước sau 40 năm thực hiện công cuộc đổi mới", None),
    ("Chiều nay, sau 1 ngày thảo luận, Hội đồng nhân dân TP HCM thông qua Nghị quyết.", None),
    (
        "- Tuyên truyền tại hội nghị nội bộ của Đảng như: Họp cấp ủy, sinh hoạt đảng định kỳ, sinh hoạt chuyên đề.",
        None,
    ),
    ("- Tham mưu xây dựng lịch làm việc định kỳ, đột xuất của Hội đồng nhân dân.", None),
    ("- Báo cáo định kỳ và đột xuất theo quy định và yêu cầu của các cơ quan.", None),
    ("- Thường xuyên phối hợp chặt chẽ và đa dạng hóa các hình thức tuyên truyền.", None),
    ("Ban Thường trực đã trao tặng kinh phí trên 40 tỉ đồng để hỗ trợ 168/168 xã, phường, đặc khu.", None),
    ("cuộc họp phải bảo đảm có mặt tối thiểu 2/3 số người được triệu tập", None),
    ("3.1. Thương mại", None),
    ("Như vậy, công dân sinh năm 2007 được gọi khám tuyển.", None),
    ("Tổng dư nợ cuối năm | 305.063 | 292.434", None),
    ("Giảm thiểu sử dụng sản phẩm nhựa dùng một lần trong sinh hoạt hằng ngày.", None),
]


@pytest.mark.parametrize(("text", "reference", "expected"), POSITIVE)
def test_deadlines_finds_real_forms(text: str, reference: date | None, expected: list[Row]) -> None:
    found = find_deadlines(text, reference)
    _check_spans(text, found)
    assert _rows(found) == expected


@pytest.mark.parametrize(("text", "reference"), NEGATIVE)
def test_deadlines_rejects_near_misses(text: str, reference: date | None) -> None:
    found = find_deadlines(text, reference)
    _check_spans(text, found)
    assert _rows(found) == []


def test_deadlines_reference_date_fills_missing_year() -> None:
    text = "Các đơn vị báo cáo kết quả trước ngày 30/6."
    found = find_deadlines(text, date(2024, 3, 1))
    _check_spans(text, found)
    assert _rows(found) == [_row("trước ngày 30/6", D, None, "2024-06-30")]
    assert _rows(find_deadlines(text)) == [_row("trước ngày 30/6", D)]


def test_deadlines_past_times_are_dropped_with_a_reference_date() -> None:
    text = "Năm 2024, toàn tỉnh thực hiện 12 cuộc kiểm tra; năm 2026 tiếp tục kiểm tra."
    found = find_deadlines(text, date(2025, 11, 20))
    assert _rows(found) == [_row("năm 2026", IV, "2026-01-01", "2026-12-31")]


def test_deadlines_same_wording_twice_is_two_records() -> None:
    text = "Kế hoạch năm 2025; triển khai năm 2025."
    assert [d.span.text for d in find_deadlines(text)] == ["năm 2025", "năm 2025"]


def test_deadlines_to_dict_has_schema_fields() -> None:
    text = "Hoàn thành trong quý III năm 2023."
    (d,) = find_deadlines(text)
    assert d.to_dict() == {
        "text": "trong quý III năm 2023",
        "kind": "interval",
        "start_date": "2023-07-01",
        "end_date": "2023-09-30",
        "recurrence": None,
        "offset": None,
        "anchor": None,
        "start": 11,
        "end": 33,
    }


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Quý IV/2025", _row("Quý IV/2025", IV, "2025-10-01", "2025-12-31")),
        ("Năm 2025 - 2026", _row("Năm 2025 - 2026", IV, "2025-01-01", "2026-12-31")),
        ("Thường xuyên", _row("Thường xuyên", R)),
        ("Hằng năm", _row("Hằng năm", R, recurrence="P1Y")),
        ("2026 - 2030", _row("2026 - 2030", IV, "2026-01-01", "2030-12-31")),
        ("2025", _row("2025", IV, "2025-01-01", "2025-12-31")),
        ("Trước ngày 15/11/2025", _row("Trước ngày 15/11/2025", D, None, "2025-11-15")),
        ("Tháng 11 - 12/2025", _row("Tháng 11 - 12/2025", IV, "2025-11-01", "2025-12-31")),
        ("Quý IV/2025- Quý II/2026", _row("Quý IV/2025- Quý II/2026", IV, "2025-10-01", "2026-06-30")),
        (
            "Từ tháng 12/2025 đến quý I/2026",
            _row("Từ tháng 12/2025 đến quý I/2026", IV, "2025-12-01", "2026-03-31"),
        ),
        ("Năm 2026 và các năm tiếp theo", _row("Năm 2026 và các năm tiếp theo", D, "2026-01-01")),
        ("30/11/2025", _row("30/11/2025", D, None, "2025-11-30")),
        ("30/6", _row("30/6", D, None, "2026-06-30")),
        ("Hoàn thành trong tháng 12", _row("trong tháng 12", IV, "2025-12-01", "2025-12-31")),
        ("cuối năm", _row("cuối năm", D, None, "2025-12-31")),
    ],
)
def test_deadlines_parse_time_expression_reads_cells(phrase: str, expected: Row) -> None:
    d = parse_time_expression(phrase, date(2025, 11, 18))
    assert d is not None
    assert phrase[d.span.start : d.span.end] == d.span.text
    assert _rows([d]) == [expected]


@pytest.mark.parametrize("phrase", ["", "Sở Tài chính", "Công văn", "168/168", "3.1"])
def test_deadlines_parse_time_expression_none_without_time(phrase: str) -> None:
    assert parse_time_expression(phrase, date(2025, 11, 18)) is None


def test_deadlines_bad_data_row_names_file_and_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bad = tmp_path / "time_words.tsv"
    bad.write_text("# comment\ncategory\tphrase\tvalue\nunit\tngày\tD\nunit\ttuần\tX\n", encoding="utf-8")

    class _Dir:
        def joinpath(self, name: str) -> Path:
            return tmp_path / name

    monkeypatch.setattr(tsv, "files", lambda package: _Dir())
    time_expressions._time_words.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"time_words\.tsv:4"):
            time_expressions._time_words()
    finally:
        monkeypatch.undo()
        time_expressions._time_words.cache_clear()
    assert time_expressions._time_words()["unit"]


_WORDS = st.sampled_from(
    [
        "ngày",
        "tháng",
        "năm",
        "quý",
        "IV",
        "giai đoạn",
        "thời kỳ",
        "trước",
        "đến",
        "từ",
        "trong",
        "sau",
        "kể từ",
        "định kỳ",
        "hằng",
        "hàng",
        "mỗi",
        "tới",
        "nay",
        "cuối",
        "đầu",
        "hết",
        "nhiệm kỳ",
        "Căn cứ",
        "đã",
        "còn",
        "(",
        ")",
        "/",
        "-",
        "–",
        ",",
        ".",
        ";",
        ":",
        "|",
        "\n",
        " ",
        "2025",
        "30/6",
        "15/12/2025",
        "12",
        "1",
        "06",
        "99999999999999999999",
        "2021-2025",
        "Thường xuyên",
        "lần",
        "làm việc",
        "đại hội",
        "bầu cử",
        "số",
        "/KH-UBND",
    ]
)


@settings(deadline=None, max_examples=200)
@given(st.lists(_WORDS, max_size=40).map(" ".join), st.none() | st.dates())
def test_deadlines_never_raise_on_time_words(text: str, reference: date | None) -> None:
    found = find_deadlines(text, reference)
    _check_spans(text, found)
    for d in found:
        d.to_dict()


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=300), st.none() | st.dates())
def test_deadlines_never_raise_on_arbitrary_text(text: str, reference: date | None) -> None:
    found = find_deadlines(text, reference)
    _check_spans(text, found)
    parse_time_expression(text, reference)


@pytest.mark.parametrize(
    "text",
    [
        "trước ngày " + "9" * 5000,
        "((((( trong (((( quý IV/2025 )))" * 200,
        "giai đoạn " + "2021-" * 2000,
        "định kỳ " * 5000,
        "trong thời hạn 10 ngày kể từ " + "ngày " * 5000,
        "ngày 31/2/2025 ngày 29/2/2023 quý V/2025 tháng 13/2025 năm 9999 giai đoạn 2030-2021",
    ],
)
def test_deadlines_survive_pathological_input(text: str) -> None:
    found = find_deadlines(text, date(2025, 1, 1))
    _check_spans(text, found)


def test_deadlines_one_megabyte_line() -> None:
    prose = (
        "Các sở, ban, ngành, Ủy ban nhân dân các xã, phường căn cứ chức năng, nhiệm vụ được giao chủ động phối "
        "hợp tổ chức tuyên truyền, phổ biến, quán triệt nội dung Kế hoạch đến cán bộ, công chức, viên chức; "
    )
    unit = prose * 4 + "hoàn thành trước ngày 15/12/2025, báo cáo định kỳ hằng quý; "
    text = unit * (1_000_000 // len(unit))
    found = find_deadlines(text, date(2025, 11, 18))
    assert len(found) == 2 * (1_000_000 // len(unit))
    _check_spans(text, found)


def test_deadlines_dense_text_finds_every_expression() -> None:
    # Linear scaling is measured by `python -m bench.scaling`, never here.
    unit = "Các sở triển khai trước ngày 15/12/2025 và báo cáo định kỳ hằng quý; giai đoạn 2021-2025 "
    assert len(find_deadlines(unit * 200)) == 600
    assert len(find_deadlines(unit * 2000)) == 6000
