"""find_metadata and classify_doc_type on headers of real official documents and news articles."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.metadata import DocumentMeta, classify_doc_type, find_metadata, own_number

LAMDONG = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 2284/QĐ-UBND
Lâm Đồng, ngày 25 tháng 11 năm 2025
QUYẾT ĐỊNH VỀ VIỆC CÔNG NHẬN XÃ, PHƯỜNG MIỀN NÚI TRÊN ĐỊA BÀN TỈNH LÂM ĐỒNG
ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Căn cứ Nghị định số 272/2025/NĐ-CP ngày 16 tháng 10 năm 2025 của Chính phủ về phân định vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026 - 2030;
QUYẾT ĐỊNH:
Điều 1. Công nhận các xã, phường miền núi trên địa bàn tỉnh Lâm Đồng, chi tiết theo Danh sách kèm theo.
"""

DANANG = """ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số:
2641/QĐ-UBND
Đà Nẵng, ngày 18 tháng 11năm 2025

QUYẾT ĐỊNH

BAN HÀNH QUY ĐỊNH CHỨC NĂNG, NHIỆM VỤ, QUYỀN HẠN VÀ CƠ CẤU TỔ CHỨC CỦA TRUNG TÂM BẢO TỒN DI SẢN VĂN HÓA THẾ GIỚI HỘI AN

Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
"""

PHOBANG = """ỦY BAN BẦU CỬ XÃ PHỐ BẢNG
TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT
Số: 01/KH-TBTTKT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phố Bảng, ngày 10 tháng 12 năm 2025

KẾ HOẠCH
Triển khai của Tiểu ban thông tin, tuyên truyền, khánh tiết bầu cử đại biểu Quốc hội khóa XVI và bầu cử đại biểu Hội đồng nhân dân các cấp,
nhiệm kỳ 2026 - 2031 trên địa bàn xã Phố Bảng

Căn cứ Quyết định số 03/QĐ-UBBC ngày 05/12/2025 của Ủy ban bầu cử xã Phố Bảng.
Đề cao tinh thần trách nhiệm của cử tri trên địa bàn tỉnh Tuyên Quang nói chung và xã Phố Bảng nói riêng.
"""

DRAFT = """ỦY BAN MTTQ VIỆT NAM
XÃ LƯƠNG MINH
BAN THƯỜNG TRỰC
Số: /QĐ-MTTQ-BTT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lương Minh, ngày    tháng 01 năm 2026

QUYẾT ĐỊNH
Về việc thành lập Tổ tiếp công dân, xử lý đơn thư phục vụ bầu cử đại biểu Quốc hội khóa XVI
"""

LETTER = """VĂN PHÒNG ĐOÀN ĐBQH
VÀ HĐND TỈNH THANH HÓA
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 295/VP-CTHĐND
Thanh Hóa, ngày 07 tháng 5 năm 2026 V/v gửi Danh mục sản phẩm/công việc quy đổi theo Nghị định số 335/2025/NĐ-CP.
Kính gửi: Sở Nội vụ
"""

CENTRAL = """THỦ TƯỚNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 217/CĐ-TTg
Hà Nội, ngày 16 tháng 11 năm 2025

CÔNG ĐIỆN

V/V CHỦ ĐỘNG PHÒNG, TRÁNH, ỨNG PHÓ MƯA LŨ TẠI KHU VỰC TRUNG BỘ

- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Hà Tĩnh, Quảng Trị, Huế, Đà Nẵng, Quảng Ngãi;
"""

LAW = """QUỐC HỘI
Luật số: 72/2025/QH15
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 16 tháng 6 năm 2025

LUẬT

TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
"""

NEWS_HAIPHONG = """Chương trình phối hợp giữa UBND thành phố và Ủy ban MTTQ Việt Nam thành phố: Tập trung thực hiện 8 nội dung
Cập nhật lúc21:49, Thứ Sáu, 14/04/2017 (GMT+7)
(HPĐT)- Sáng 14-4, UBND thành phố và Ủy ban MTTQ Việt Nam thành phố tổ chức hội nghị ký kết Chương trình phối hợp thực hiện giảm nghèo bền vững, xây dựng nông thôn mới, đô thị văn minh, giai đoạn 2017-2020.

Tại hội nghị, đại diện Hội Cựu chiến binh, Sở Lao động-Thương binh và Xã hội, Ủy ban MTTQ Việt Nam huyện Tiên Lãng phát biểu hưởng ứng, cam kết thực hiện các nội dung ký kết giữa 2 bên.
"""

NEWS_SONLA = """91.000 người sẽ di dời để xây dựng thủy điện Sơn La
Thủ tướng vừa phê duyệt Quy hoạch tổng thể di dân, tái định cư dự án thủy điện Sơn La. Dự kiến số hộ dân phải di chuyển đến năm 2010 là hơn 18.800, cụ thể 91.100 người thuộc địa bàn 3 tỉnh Sơn La, Điện Biên và Lai Châu.
Tỉnh Sơn La sẽ bố trí hơn 62.000 khẩu vào các vùng tái định cư; đoàn công tác đã làm việc với Hà Nội về nguồn vốn.
"""

NEWS_NGHEAN = (
    "Doanh nghiệp TPHCM đầu tư 20 dự án tại Nghệ An (NLĐ)- Chiều 27-12, tại trụ sở UBND TPHCM, lãnh đạo TPHCM "
    "và tỉnh Nghệ An đã tổ chức hội nghị sơ kết 2 năm thực hiện chương trình hợp tác kinh tế - xã hội giữa 2 địa "
    "phương và bàn kế hoạch hợp tác trong tương lai.\n"
)

NEWS_TVPL = """Kế hoạch kê khai tài sản thu nhập năm 2025 tại Ninh Bình (Kế hoạch 61/KH-VPUBND)

Ngày 27/11/2025, Văn phòng UBND tỉnh Ninh Bình đã có Kế hoạch 61/KH-VPUBND kế hoạch triển khai kê khai tài sản, thu nhập và công khai bản kê khai tài sản, thu nhập năm 2025.
"""

HANDBOOK = """BỘ NỘI VỤ
SỔ TAY
HƯỚNG DẪN XÂY DỰNG BỘ TIÊU CHÍ VÀ TRIỂN KHAI ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG CHỨC Năm 2026

MỤC LỤC
"""

CASES = [
    (LAMDONG, "decision", "2284/QĐ-UBND", date(2025, 11, 25), ("Lâm Đồng",),
     "QUYẾT ĐỊNH VỀ VIỆC CÔNG NHẬN XÃ, PHƯỜNG MIỀN NÚI TRÊN ĐỊA BÀN TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),
    (DANANG, "decision", "2641/QĐ-UBND", date(2025, 11, 18), ("Đà Nẵng",),
     "QUYẾT ĐỊNH BAN HÀNH QUY ĐỊNH CHỨC NĂNG, NHIỆM VỤ, QUYỀN HẠN VÀ CƠ CẤU TỔ CHỨC CỦA TRUNG TÂM BẢO TỒN DI SẢN "
     "VĂN HÓA THẾ GIỚI HỘI AN", "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG"),
    (PHOBANG, "plan", "01/KH-TBTTKT", date(2025, 12, 10), ("Tuyên Quang",),
     "KẾ HOẠCH Triển khai của Tiểu ban thông tin, tuyên truyền, khánh tiết bầu cử đại biểu Quốc hội khóa XVI và "
     "bầu cử đại biểu Hội đồng nhân dân các cấp, nhiệm kỳ 2026 - 2031 trên địa bàn xã Phố Bảng",
     "ỦY BAN BẦU CỬ XÃ PHỐ BẢNG TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT"),
    (DRAFT, "decision", None, None, (),
     "QUYẾT ĐỊNH Về việc thành lập Tổ tiếp công dân, xử lý đơn thư phục vụ bầu cử đại biểu Quốc hội khóa XVI",
     "ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH BAN THƯỜNG TRỰC"),
    (LETTER, "letter", "295/VP-CTHĐND", date(2026, 5, 7), ("Thanh Hóa",), None,
     "VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH THANH HÓA"),
    (CENTRAL, "other", "217/CĐ-TTg", date(2025, 11, 16), (),
     "CÔNG ĐIỆN V/V CHỦ ĐỘNG PHÒNG, TRÁNH, ỨNG PHÓ MƯA LŨ TẠI KHU VỰC TRUNG BỘ", "THỦ TƯỚNG CHÍNH PHỦ"),
    (LAW, "law", "72/2025/QH15", date(2025, 6, 16), (), "LUẬT TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG", "QUỐC HỘI"),
    (NEWS_HAIPHONG, "news", None, date(2017, 4, 14), ("Hải Phòng",),
     "Chương trình phối hợp giữa UBND thành phố và Ủy ban MTTQ Việt Nam thành phố: Tập trung thực hiện 8 nội dung", None),
    (NEWS_SONLA, "news", None, None, ("Sơn La", "Điện Biên", "Lai Châu"),
     "91.000 người sẽ di dời để xây dựng thủy điện Sơn La", None),
    (NEWS_NGHEAN, "news", None, None, ("Hồ Chí Minh", "Nghệ An"), "Doanh nghiệp TPHCM đầu tư 20 dự án tại Nghệ An", None),
    (NEWS_TVPL, "news", None, None, ("Ninh Bình",),
     "Kế hoạch kê khai tài sản thu nhập năm 2025 tại Ninh Bình (Kế hoạch 61/KH-VPUBND)", None),
    (HANDBOOK, "other", None, None, (), None, None),
]  # fmt: skip


def _check_spans(text: str, meta: DocumentMeta) -> None:
    for span in (meta.issuer_span, meta.title_span):
        if span is not None:
            assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(("text", "doc_type", "number", "issued", "provinces", "title", "issuer"), CASES)
def test_metadata_reads_header(
    text: str,
    doc_type: str,
    number: str | None,
    issued: date | None,
    provinces: tuple[str, ...],
    title: str | None,
    issuer: str | None,
) -> None:
    meta = find_metadata(text)
    _check_spans(text, meta)
    assert (meta.doc_type, meta.number, meta.issued_date, meta.provinces) == (
        doc_type,
        number,
        issued,
        provinces,
    )
    if title is not None:
        assert meta.title == title
    assert meta.issuer == issuer


def test_metadata_to_dict_has_schema_fields() -> None:
    assert find_metadata(LAMDONG).to_dict() == {
        "doc_type": "decision",
        "title": "QUYẾT ĐỊNH VỀ VIỆC CÔNG NHẬN XÃ, PHƯỜNG MIỀN NÚI TRÊN ĐỊA BÀN TỈNH LÂM ĐỒNG",
        "number": "2284/QĐ-UBND",
        "issued_date": "2025-11-25",
        "provinces": ["Lâm Đồng"],
        "issuer": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
    }


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 3070. /KH-UBND", "3070/KH-UBND"),
        ("Số: 104/KH-UBND", "104/KH-UBND"),
        ("Số 15-NQ/TU", "15-NQ/TU"),
        ("Số: 68/TTr- SDTTG", "68/TTr-SDTTG"),
        ("Số: /KH-UBND", None),
        ("Số: ......./QĐ-UBND", None),
        ("Số lượng: 15 người", None),
    ],
)
def test_metadata_own_number_forms(line: str, number: str | None) -> None:
    assert own_number(f"ỦY BAN NHÂN DÂN TỈNH LÀO CAI\n{line}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n") == number


def test_metadata_news_ignores_event_dates() -> None:
    text = (
        "Tải file Kế hoạch 0205/KH-UBND triển khai lập điều chỉnh Quy hoạch tỉnh Cà Mau thời kỳ 2021 - 2030\n\n"
        "Ngày 25 tháng 11 năm 2025, UBND tỉnh Cà Mau ban hành Kế Hoạch 0205/KH-UBND triển khai lập điều chỉnh "
        "Quy hoạch tỉnh Cà Mau thời kỳ 2021 - 2030, tầm nhìn đến năm 2050.\n"
    )
    meta = find_metadata(text)
    assert (meta.doc_type, meta.issued_date, meta.provinces) == ("news", None, ("Cà Mau",))


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ("Cập nhật lúc21:49, Thứ Sáu, 14/04/2017 (GMT+7)", date(2017, 4, 14)),
        ("Ngày đăng: 05/12/2025", date(2025, 12, 5)),
        ("Thứ hai, 01/12/2025 08:30", date(2025, 12, 1)),
        ("Lượt xem: 121", None),
    ],
)
def test_metadata_news_publication_stamp(stamp: str, published: date | None) -> None:
    text = f"Chung sức giảm nghèo bền vững ở Hà Nội\n{stamp}\nMTTQ Việt Nam TP Hà Nội có trách nhiệm phân công.\n"
    meta = find_metadata(text)
    assert (meta.doc_type, meta.issued_date) == ("news", published)


def test_metadata_reads_ocr_motto_and_two_column_issuer() -> None:
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "THANH PHO HÀ NỌI Độc lập - Tự do - Hạnh phúc\n"
        "Số: 11/CT-UBND\n"
        "Hà Nội, ngày 14 tháng 7 năm 2025\n"
        "ĐẾN vs /cj0I 5Ö. _ CHỈ THỊ\n"
        "Triển khai Chiến dịch “45 ngày đêm ra quân hỗ trợ hoạt động chuyển đổi số”\n"
    )
    meta = find_metadata(text)
    _check_spans(text, meta)
    assert (meta.doc_type, meta.number, meta.issued_date) == ("other", "11/CT-UBND", date(2025, 7, 14))
    assert meta.issuer == "ỦY BAN NHÂN DÂN THANH PHO HÀ NỌI"
    assert meta.title == "CHỈ THỊ Triển khai Chiến dịch “45 ngày đêm ra quân hỗ trợ hoạt động chuyển đổi số”"
    ocr = find_metadata(text.replace("CỘNG HÒA", "CỌNG HÒA").replace("Số: 11/CT-UBND\n", ""))
    assert (ocr.doc_type, ocr.number, ocr.issued_date) == ("other", None, date(2025, 7, 14))


def test_metadata_province_names_follow_document_date() -> None:
    before = "UBND TỈNH YÊN BÁI\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nYên Bái, ngày 02 tháng 3 năm 2024\n"
    after = before.replace("năm 2024", "năm 2025").replace("tháng 3", "tháng 8")
    assert find_metadata(before).provinces == ("Yên Bái",)
    assert find_metadata(after).provinces == ("Lào Cai",)


@pytest.mark.parametrize(
    ("phrase", "doc_type"),
    [
        ("Nghị quyết", "resolution"),
        ("NGHỊ QUYẾT LIÊN TỊCH", "resolution"),
        ("Kế hoạch", "plan"),
        ("Chương trình phối hợp", "program"),
        ("Quyết định", "decision"),
        ("Báo cáo", "report"),
        ("Công văn", "letter"),
        ("Luật", "law"),
        ("Nghị định", "law"),
        ("Thông tư", "law"),
        ("Chỉ thị", "other"),
        ("Hướng dẫn", "other"),
        ("/KH-UBND", "plan"),
        ("104/KH-UBND", "plan"),
        ("15-NQ/TU", "resolution"),
        ("272/2025/NĐ-CP", "law"),
        ("4832/UBND-KTN", "letter"),
        ("46-CT/TW", "other"),
        ("", "other"),
    ],
)
def test_metadata_classify_doc_type(phrase: str, doc_type: str) -> None:
    assert classify_doc_type(phrase) == doc_type


_PIECES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Số: ",
    "ngày 09 tháng 9 năm 2024",
    "QUYẾT ĐỊNH",
    "tỉnh Lào Cai",
]
_ALPHABET = st.sampled_from(
    [*"SốQĐKHUBND0123456789/-., :|\n*#", *_PIECES, "Hà Nội, ", "V/v ", "\n\n", "KẾ HOẠCH\n"]
)


@settings(deadline=None, max_examples=200)
@given(st.lists(_ALPHABET, max_size=60).map("".join) | st.text(max_size=300))
def test_metadata_never_raises_and_keeps_spans(text: str) -> None:
    meta = find_metadata(text)
    _check_spans(text, meta)
    assert meta.doc_type in {
        "resolution",
        "plan",
        "program",
        "decision",
        "report",
        "letter",
        "law",
        "news",
        "other",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Số: " + "9" * 5000 + "/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "KẾ HOẠCH " + "(" * 3000,
        ("Chung sức giảm nghèo bền vững ở Hà Nội, tỉnh Lào Cai và các sở, ban, ngành phối hợp " * 12000),
    ],
)
def test_metadata_survives_pathological_input(text: str) -> None:
    _check_spans(text, find_metadata(text))


def test_metadata_on_100kb_keeps_the_header() -> None:
    text = LAMDONG + (NEWS_SONLA * (100_000 // len(NEWS_SONLA)))
    # Speed is measured by `python -m bench.scaling`, never here.
    assert find_metadata(text) == find_metadata(LAMDONG)
