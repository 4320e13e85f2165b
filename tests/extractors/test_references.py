"""find_references: cited documents in real sentences from Vietnamese official texts and news."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.references import Reference, find_references


def _check_spans(text: str, refs: list[Reference]) -> None:
    for r in refs:
        assert text[r.span.start : r.span.end] == r.span.text
        assert r.span.text == r.span.text.strip()


def _facts(refs: list[Reference]) -> list[tuple[str, str | None, date | None]]:
    return [(r.doc_type, r.number, r.date) for r in refs]


CASES = [
    (
        "Hội nghị triển khai Kế hoạch thực hiện Nghị quyết số 15-NQ/TU ngày 14/7/2017 của Thành ủy Hà Nội về việc "
        "“Xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh”.",
        [("plan", None, None), ("resolution", "15-NQ/TU", date(2017, 7, 14))],
    ),
    (
        "Đây là hoạt động nhằm thực hiện Nghị quyết liên tịch số 88 ngày 7-10-2016 giữa Chính phủ và Đoàn Chủ tịch "
        "Ủy ban Trung ương MTTQ Việt Nam về phối hợp giảm nghèo bền vững.",
        [("resolution", "88", date(2016, 10, 7))],
    ),
    (
        "Căn cứ Nghị định số 272/2025/NĐ-CP ngày 16 tháng 10 năm 2025 của Chính phủ về phân định vùng đồng bào "
        "dân tộc thiểu số và miền núi giai đoạn 2026 - 2030;",
        [("law", "272/2025/NĐ-CP", date(2025, 10, 16))],
    ),
    (
        "Theo đề nghị của Giám đốc Sở Dân tộc và Tôn giáo tại Tờ trình số 68/TTr- SDTTG ngày 25 tháng 11 năm 2025.",
        [("other", "68/TTr-SDTTG", date(2025, 11, 25))],
    ),
    (
        "- Tuyên truyền Chỉ thị số số 46 - CT/TW ngày 16/5/2025 của Bộ Chính trị về lãnh đạo cuộc bầu cử; "
        "Kế hoạch số 55-KH/TU, ngày 17/9/2025 của Tỉnh ủy về thực hiện Chỉ thị số 46-CT/TW, ngày 16/5/2025 "
        "của Bộ Chính trị về lãnh đạo cuộc bầu cử.",
        [("other", "46-CT/TW", date(2025, 5, 16)), ("plan", "55-KH/TU", date(2025, 9, 17))],
    ),
    (
        "Sáng ngày 30/5, thành phố Cao lãnh tổ chức Hội nghị sơ kết thực hiện Chương trình phối hợp số 500, "
        "ngày 13/12/2019 giữa Ủy ban nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam Tỉnh về thực hiện một số nhiệm vụ.",
        [("program", "500", date(2019, 12, 13))],
    ),
    (
        "Căn cứ Quyết định số 658/QĐ-UBND ngày 6/10/2021 của UBND thị trấn Ngãi Giao ban hành Quy chế làm việc, "
        "nhiệm kỳ 2021-2026;",
        [("decision", "658/QĐ-UBND", date(2021, 10, 6))],
    ),
    (
        "Nội dung lập điều chỉnh Quy hoạch tỉnh thực hiện theo các quy định tại Nghị quyết 66.2/2025/NQ-CP và "
        "Luật Quy hoạch 2017 đã được sửa đổi, bổ sung một số điều theo Luật sửa đổi, bổ sung một số điều của "
        "Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu.",
        [("resolution", "66.2/2025/NQ-CP", None), ("law", None, None), ("law", None, None)],
    ),
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Căn cứ Luật sửa đổi, bổ sung một số điều của "
        "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22/11/2019;",
        [("law", None, date(2015, 6, 19)), ("law", None, date(2019, 11, 22))],
    ),
    (
        "Căn cứ Luật cán bộ, công chức ngày 13/11/2008 ; Luật sữa đổi, bổ sung một số điều của Luật cán bộ, "
        "công chức và Luật viên chức 6/12/2019;",
        [("law", None, date(2008, 11, 13)), ("law", None, date(2019, 12, 6))],
    ),
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15; Căn cứ Luật Ban hành văn bản quy phạm pháp "
        "luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số 87/2025/QH15;",
        [("law", "72/2025/QH15", None), ("law", "64/2025/QH15", None), ("law", "87/2025/QH15", None)],
    ),
    (
        "Việc kê khai phải được tổ chức thực hiện nghiêm túc, đúng theo quy định tại khoản 2, 3 Điều 36 Luật Phòng "
        "chống tham nhũng 2018, Nghị định 130/2020/NĐ-CP về kiểm soát tài sản, thu nhập.",
        [("law", None, None), ("law", "130/2020/NĐ-CP", None)],
    ),
    (
        "Ngày 27/11/2025, Văn phòng UBND tỉnh Ninh Bình đã có Kế hoạch 61/KH-VPUBND kế hoạch triển khai kê khai "
        "tài sản, thu nhập năm 2025.",
        [("plan", "61/KH-VPUBND", date(2025, 11, 27))],
    ),
    (
        "bảo đảm phù hợp với nguyên tắc cơ bản của Nhà nước pháp quyền xã hội chủ nghĩa Việt Nam, với quy định "
        "của Hiến pháp 2013; bảo đảm tính thống nhất của hệ thống pháp luật.",
        [("law", None, None)],
    ),
    (
        "Thực hiện Quy chế phối hợp công tác giai đoạn 2021-2026, Ủy ban nhân dân tỉnh Lào Cai và Ủy ban Mặt trận "
        "tổ quốc (MTTQ) Việt Nam tỉnh thống nhất ban hành Kế hoạch số 104/KH-UBND ngày 22/2/2023.",
        [("other", None, None), ("plan", "104/KH-UBND", date(2023, 2, 22))],
    ),
    (
        "Thủ tướng vừa phê duyệt Quy hoạch tổng thể di dân, tái định cư dự án thủy điện Sơn La. Theo báo cáo của "
        "UBND tỉnh Sơn La, đến tháng 10/2004, đã di dời 419 hộ dân.",
        [("other", None, None), ("report", None, None)],
    ),
    (
        "Để thực hiện hiệu quả Ủy ban MTTQ Việt Nam tỉnh chủ động phối hợp thực hiện công tác giám sát theo "
        "Đề án 15-ĐA/TU và các nội dung phối hợp có liên quan.",
        [("other", "15-ĐA/TU", None)],
    ),
    (
        "Căn cứ Thông tư liên tịch số 43/2015/TTLT-BNNPTNT-BKHĐT ngày 23 tháng 11 năm 2015 của Bộ Nông nghiệp và "
        "Phát triển nông thôn và Bộ Kế hoạch và Đầu tư;",
        [("law", "43/2015/TTLT-BNNPTNT-BKHĐT", date(2015, 11, 23))],
    ),
    (
        "Thực hiện Công văn số 6266/UBND-NNMT ngày 25 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh về việc triển khai.",
        [("letter", "6266/UBND-NNMT", date(2025, 11, 25))],
    ),
    (
        "Chương trình Khuyến nông tỉnh Lạng Sơn ban hành kèm theo Quyết định 2367/QĐ-UBND năm 2025.",
        [("decision", "2367/QĐ-UBND", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_references_finds_citations(text: str, expected: list[tuple[str, str | None, date | None]]) -> None:
    refs = find_references(text)
    _check_spans(text, refs)
    assert _facts(refs) == expected


ISSUERS = [
    (
        "Căn cứ Nghị định số 33/2023/NĐ-CP ngày 10/6/2023 của Chính Phủ quy định về cán bộ, công chức cấp xã;",
        "Chính Phủ",
    ),
    (
        "Căn cứ Quyết định số 53/2023/QĐ-UBND ngày 17/11/2023 của UBND tỉnh Bà Rịa-Vũng Tàu ban hành quy định "
        "phân cấp quản lý cán bộ;",
        "UBND tỉnh Bà Rịa-Vũng Tàu",
    ),
    (
        "Căn cứ Quyết định số 03/QĐ-UBBC ngày 05/12/2025 của Ủy ban bầu cử xã Phố Bảng Về việc thành lập Tiểu ban.",
        "Ủy ban bầu cử xã Phố Bảng",
    ),
    (
        "Căn cứ Thông tư số 10/2025/TT-BVHTTDL ngày 19 tháng 6 năm 2025 của Bộ Văn hóa, Thể thao và Du lịch "
        "quy định chức năng, nhiệm vụ;",
        "Bộ Văn hóa, Thể thao và Du lịch",
    ),
    (
        "Căn cứ Quyết định số 411/QĐ-TTg của Thủ tướng Chính phủ ngày 31/3/2022 phê duyệt Chiến lược quốc gia.",
        "Thủ tướng Chính phủ",
    ),
]


@pytest.mark.parametrize(("text", "issuer"), ISSUERS)
def test_references_reads_issuer(text: str, issuer: str) -> None:
    refs = find_references(text)
    _check_spans(text, refs)
    assert [r.issuer for r in refs] == [issuer]


def test_references_reads_date_after_issuer() -> None:
    text = "Căn cứ Quyết định số 411/QĐ-TTg của Thủ tướng Chính phủ ngày 31/3/2022 phê duyệt Chiến lược."
    (ref,) = find_references(text)
    assert ref.date == date(2022, 3, 31)


NEAR_MISSES = [
    "Quyết định này có hiệu lực thi hành kể từ ngày ký.",
    "Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
    "Các hoạt động được thực hiện theo quy định của pháp luật và Luật sư tư vấn miễn phí.",
    "Xây dựng kế hoạch năm 2025 và Kế hoạch 5 năm giai đoạn 2021-2025 của ngành.",
    "Hội nghị được tổ chức ngày 14/7/2017, với 168/168 xã tham gia trong giai đoạn 2021-2025.",
    "Áp dụng tiêu chuẩn QCVN 02:2022/BYT và biểu Mẫu số 01/KK kèm theo.",
    "Tham gia 03 Chương trình mục tiêu Quốc gia trên địa bàn tỉnh.",
    "Báo cáo số liệu về Sở Tài chính trước ngày 15/12/2025.",
    "Lấy ý kiến góp ý dự thảo Luật Đất đai (sửa đổi) tại hội nghị.",
    "Tổ chức thi hành Hiến pháp, pháp luật và nghị quyết của Hội đồng nhân dân ở địa phương.",
    "Tuyên truyền để đưa Luật vào cuộc sống, bảo đảm kịp thời, đồng bộ, thống nhất.",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_references_rejects_near_misses(text: str) -> None:
    refs = find_references(text)
    _check_spans(text, refs)
    assert refs == []


def test_references_skips_own_number() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 2284/QĐ-UBND\nLâm Đồng, ngày 25 tháng 11 năm 2025\nQUYẾT ĐỊNH VỀ VIỆC CÔNG NHẬN XÃ, PHƯỜNG MIỀN NÚI\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
        "(Ban hành kèm theo Quyết định số 2284/QĐ-UBND ngày 25/11/2025 của UBND tỉnh Lâm Đồng)\n"
    )
    refs = find_references(text)
    _check_spans(text, refs)
    assert _facts(refs) == [("law", None, date(2025, 6, 16))]


def test_references_merges_repeated_citations() -> None:
    text = (
        "Thời gian tới, thành phố tiếp tục triển khai thực hiện Chương trình phối hợp số 500 của Tỉnh.\n\n"
        "Thực hiện Chương trình phối hợp số 500, ngày 13 tháng 12 năm 2019 giữa Ủy ban nhân dân Tỉnh và "
        "Ủy ban Mặt trận Tổ quốc Việt Nam Tỉnh.\n\n"
        "Khen thưởng tập thể xuất sắc trong thực hiện Chương trình phối hợp số 500 của Tỉnh."
    )
    refs = find_references(text)
    _check_spans(text, refs)
    assert _facts(refs) == [("program", "500", date(2019, 12, 13))]
    assert refs[0].span.text.startswith("Chương trình phối hợp số 500, ngày 13 tháng 12 năm 2019")


def test_references_merges_short_law_name() -> None:
    text = (
        "Bảo đảm tỷ lệ người ứng cử theo đúng quy định của Luật bầu cử; có tỷ lệ hợp lý đại biểu.\n"
        "Luật Tổ chức Quốc hội; Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân."
    )
    refs = find_references(text)
    _check_spans(text, refs)
    assert len(refs) == 2


def test_references_merges_bare_number_into_full_citation() -> None:
    text = (
        "Căn cứ Nghị quyết số 347/NQ-CP ngày 24 tháng 10 năm 2025 của Chính phủ;\n"
        "Các bộ, ngành tiếp tục thực hiện các nhiệm vụ được giao tại Nghị quyết 347, bảo đảm tiến độ."
    )
    refs = find_references(text)
    _check_spans(text, refs)
    assert _facts(refs) == [("resolution", "347/NQ-CP", date(2025, 10, 24))]


def test_references_law_number_after_long_name() -> None:
    text = "Căn cứ Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14;"
    refs = find_references(text)
    _check_spans(text, refs)
    assert _facts(refs) == [("law", "02/2020/UBTVQH14", None)]
    assert refs[0].span.text.startswith("Pháp lệnh Ưu đãi người có công")


def test_references_skips_plan_named_by_own_title() -> None:
    text = (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 165/KH-UBND\n"
        "Cần Thơ, ngày 21 tháng 11 năm 2025\n\nKẾ HOẠCH\n\nTHỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG NGÀY 15 THÁNG 8 NĂM 2024\n\n"
        "Ủy ban nhân dân thành phố ban hành Kế hoạch thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 "
        "của Thủ tướng Chính phủ.\n\na) Việc thực hiện Kế hoạch thực hiện Chỉ thị số 27/CT-TTg phải chủ động."
    )
    refs = find_references(text)
    _check_spans(text, refs)
    assert _facts(refs) == [("other", "27/CT-TTg", date(2024, 8, 15))]


def test_references_news_cooperation_programme() -> None:
    text = (
        "Doanh nghiệp TPHCM đầu tư 20 dự án tại Nghệ An (NLĐ)- Chiều 27-12, tại trụ sở UBND TPHCM, lãnh đạo "
        "TPHCM và tỉnh Nghệ An đã tổ chức hội nghị sơ kết 2 năm thực hiện chương trình hợp tác kinh tế - xã hội "
        "giữa 2 địa phương và bàn kế hoạch hợp tác trong tương lai."
    )
    refs = find_references(text)
    _check_spans(text, refs)
    assert [(r.doc_type, r.span.text) for r in refs] == [
        ("program", "chương trình hợp tác kinh tế - xã hội giữa 2 địa phương")
    ]


def test_references_to_dict_has_schema_fields() -> None:
    text = "Căn cứ Kế hoạch số 104/KH-UBND ngày 22/2/2023 của Ủy ban nhân dân tỉnh Lào Cai;"
    (ref,) = find_references(text)
    d = ref.to_dict()
    assert d == {
        "text": "Kế hoạch số 104/KH-UBND ngày 22/2/2023 của Ủy ban nhân dân tỉnh Lào Cai",
        "doc_type": "plan",
        "number": "104/KH-UBND",
        "date": "2023-02-22",
        "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
        "start": 7,
        "end": 7 + len(d["text"]),
    }


_PIECES = ["Quyết định số ", "Luật ", "ngày 16 tháng 6 năm 2025", " của ", "Nghị quyết ", "/NQ-CP", "số "]
_ALPHABET = st.sampled_from([*"QĐNKHTCUBNDsốngàyủacLuậtđịnhkếhoạch0123456789/-.,;:() \n|“”", *_PIECES])


@settings(deadline=None, max_examples=200)
@given(st.lists(_ALPHABET, max_size=60).map("".join) | st.text(max_size=300))
def test_references_never_raises_and_keeps_spans(text: str) -> None:
    refs = find_references(text)
    _check_spans(text, refs)


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số " + "9" * 5000 + "/QĐ-UBND",
        "Luật " + "(" * 2000 + " Quy hoạch " + ")" * 10,
        # a 1 MB single line: prose with a citation and a subject clause now and then
        (
            "Căn cứ Nghị quyết số 15-NQ/TU ngày 14/7/2017 của Thành ủy Hà Nội về việc xây dựng tổ chức cơ sở đảng "
            + "các sở, ban, ngành phối hợp thực hiện nhiệm vụ được giao và báo cáo kết quả " * 60
        )
        * 200,
    ],
)
def test_references_survives_pathological_input(text: str) -> None:
    refs = find_references(text)
    _check_spans(text, refs)


def test_references_on_100kb_cite_each_document_once() -> None:
    paragraph = (
        "Căn cứ Nghị định số 272/2025/NĐ-CP ngày 16 tháng 10 năm 2025 của Chính phủ về phân định vùng; "
        "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025; các sở, ban, ngành phối hợp thực hiện "
        "Kế hoạch số 104/KH-UBND và báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2025.\n\n"
    )
    text = paragraph * (100_000 // len(paragraph))
    # Speed is measured by `python -m bench.scaling`, never here.
    one = find_references(paragraph)
    assert one
    assert [r.number for r in find_references(text)] == [r.number for r in one]
