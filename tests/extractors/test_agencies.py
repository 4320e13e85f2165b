"""Agencies: organisations named in official texts, with canonical name, kind, level, province."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.agencies import (
    Agency,
    AgencyKind,
    context_province,
    expand_abbreviations,
    find_agencies,
)
from extractors.agency_gazetteer import parse_abbreviations, parse_entries

Row = tuple[str, str, str, str | None, str | None]  # text, name, kind, level, province


def _rows(text: str) -> list[Row]:
    found = find_agencies(text)
    for a in found:
        assert text[a.span.start : a.span.end] == a.span.text
    starts = [a.span.start for a in found]
    assert starts == sorted(starts)
    assert all(a.span.end <= b.span.start for a, b in itertools.pairwise(found))
    return [(a.span.text, a.name, str(a.kind), a.level, a.province) for a in found]


# Sentences from the corpus (news articles, plans, decisions), each with every agency it names.
CASES: list[tuple[str, list[Row]]] = [
    (
        "Thực hiện Quy chế phối hợp công tác giai đoạn 2021-2026, Ủy ban nhân dân tỉnh Lào Cai và Ủy ban "
        "Mặt trận tổ quốc (MTTQ) Việt Nam tỉnh thống nhất ban hành Kế hoạch số 104/KH-UBND ngày 22/2/2023.",
        [
            ("Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai", "people_committee", "province", "Lào Cai"),
            ("Ủy ban Mặt trận tổ quốc (MTTQ) Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai",
             "fatherland_front", "province", "Lào Cai"),
        ],
    ),
    (
        "Ủy ban nhân dân tỉnh Lào Cai chỉ đạo các sở, ban, ngành tỉnh, UBND cấp huyện tiếp tục thống nhất "
        "nội dung ký kết Chương trình phối hợp hoạt động của cơ quan, đơn vị với Ủy ban MTTQ Việt Nam cùng cấp.",
        [
            ("Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai", "people_committee", "province", "Lào Cai"),
            ("các sở, ban, ngành tỉnh", "các sở, ban, ngành tỉnh Lào Cai", "group", "province", "Lào Cai"),
            ("UBND cấp huyện", "Ủy ban nhân dân cấp huyện", "people_committee", "district", "Lào Cai"),
            ("Ủy ban MTTQ Việt Nam cùng cấp", "Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp", "fatherland_front",
             None, "Lào Cai"),
        ],
    ),
    (
        "Giao Sở Nội vụ chủ trì xây dựng kế hoạch kiểm tra việc ký kết phối hợp hoạt động của UBND cấp xã với "
        "Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội cùng cấp trên địa bàn tỉnh Lào Cai.",
        [
            ("Sở Nội vụ", "Sở Nội vụ tỉnh Lào Cai", "department", "province", "Lào Cai"),
            ("UBND cấp xã", "Ủy ban nhân dân cấp xã", "people_committee", "commune", "Lào Cai"),
            ("Ủy ban MTTQ Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam", "fatherland_front", None, "Lào Cai"),
            ("các tổ chức chính trị - xã hội cùng cấp", "các tổ chức chính trị - xã hội cùng cấp", "group", None,
             "Lào Cai"),
        ],
    ),
    (
        "Hội nghị do UBND TP và UB MTTQ Việt Nam TP.Hà Nội tổ chức ngày 8/8/2018.",
        [
            ("UBND TP", "Ủy ban nhân dân thành phố Hà Nội", "people_committee", "province", "Hà Nội"),
            ("UB MTTQ Việt Nam TP.Hà Nội", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội", "fatherland_front",
             "province", "Hà Nội"),
        ],
    ),
    (
        "UB MTTQ quận, huyện, thị xã, xã, phường, thị trấn phối hợp với UBND cùng cấp định kỳ 6 tháng tổ chức "
        "giao ban.",
        [
            ("UB MTTQ quận, huyện, thị xã, xã, phường, thị trấn",
             "Ủy ban Mặt trận Tổ quốc quận, huyện, thị xã, xã, phường, thị trấn", "fatherland_front", None, None),
            ("UBND cùng cấp", "Ủy ban nhân dân cùng cấp", "people_committee", None, None),
        ],
    ),
    (
        "Theo đó, MTTQ Việt Nam TP Hà Nội có trách nhiệm phân công nhiệm vụ cho các tổ chức thành viên ở địa "
        "phương và Ban công tác Mặt trận ở khu dân cư tổ chức vận động các hộ gia đình.",
        [
            ("MTTQ Việt Nam TP Hà Nội", "Mặt trận Tổ quốc Việt Nam thành phố Hà Nội", "fatherland_front", "province",
             "Hà Nội"),
            ("các tổ chức thành viên ở địa phương", "các tổ chức thành viên ở địa phương", "group", None, "Hà Nội"),
            ("Ban công tác Mặt trận ở khu dân cư", "Ban Công tác Mặt trận ở khu dân cư", "fatherland_front",
             "residential", "Hà Nội"),
        ],
    ),
    (
        "chủ trì hiệp thương, phân công các tổ chức thành viên của MTTQ Việt Nam TP Hà Nội vận động nhân dân.",
        [
            ("các tổ chức thành viên của MTTQ Việt Nam TP Hà Nội",
             "các tổ chức thành viên của Mặt trận Tổ quốc Việt Nam thành phố Hà Nội", "group", "province", "Hà Nội"),
        ],
    ),
    (
        "Các đồng chí: Nguyễn Văn Tùng, Chủ tịch UBND thành phố Hải Phòng; Phạm Văn Mợi, Chủ tịch Ủy ban MTTQ "
        "Việt Nam thành phố dự hội nghị.",
        [
            ("UBND thành phố Hải Phòng", "Ủy ban nhân dân thành phố Hải Phòng", "people_committee", "province",
             "Hải Phòng"),
            ("Ủy ban MTTQ Việt Nam thành phố", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hải Phòng",
             "fatherland_front", "province", "Hải Phòng"),
        ],
    ),
    (
        "Tại hội nghị, đại diện Hội Cựu chiến binh, Sở Lao động-Thương binh và Xã hội, Ủy ban MTTQ Việt Nam "
        "huyện Tiên Lãng phát biểu hưởng ứng.",
        [
            ("Hội Cựu chiến binh", "Hội Cựu chiến binh thành phố Hải Phòng", "mass_organization", "province",
             "Hải Phòng"),
            ("Sở Lao động-Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội thành phố Hải Phòng",
             "department", "province", "Hải Phòng"),
            ("Ủy ban MTTQ Việt Nam huyện Tiên Lãng", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Tiên Lãng",
             "fatherland_front", "district", "Hải Phòng"),
        ],
    ),
    (
        "Đây là hoạt động nhằm thực hiện Nghị quyết liên tịch số 88 ngày 7-10-2016 giữa Chính phủ và Đoàn Chủ "
        "tịch Ủy ban Trung ương MTTQ Việt Nam về phối hợp giảm nghèo bền vững.",
        [
            ("Chính phủ", "Chính phủ", "government", "central", None),
            ("Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam",
             "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "fatherland_front", "central", None),
        ],
    ),
    (
        "Ông Nguyễn Phước Lộc đề nghị Đảng ủy xã, phường, đặc khu tăng cường lãnh đạo, tạo điều kiện để MTTQ và "
        "các tổ chức chính trị - xã hội cấp xã phát huy vai trò.",
        [
            ("Đảng ủy xã, phường, đặc khu", "Đảng ủy xã, phường, đặc khu", "party", "commune", None),
            ("MTTQ", "Mặt trận Tổ quốc", "fatherland_front", None, None),
            ("các tổ chức chính trị - xã hội cấp xã", "các tổ chức chính trị - xã hội cấp xã", "group", "commune",
             None),
        ],
    ),
    (
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\n2. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Dân tộc và "
        "Tôn giáo, Nội vụ và các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu; Thủ trưởng "
        "các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        [
            ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Ủy ban nhân dân tỉnh Lâm Đồng", "people_committee", "province",
             "Lâm Đồng"),
            ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng", "office", "province",
             "Lâm Đồng"),
            ("Sở: Dân tộc và Tôn giáo", "Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng", "department", "province", "Lâm Đồng"),
            ("Nội vụ", "Sở Nội vụ tỉnh Lâm Đồng", "department", "province", "Lâm Đồng"),
            ("các sở, ban, ngành", "các sở, ban, ngành tỉnh Lâm Đồng", "group", "province", "Lâm Đồng"),
            ("Ủy ban nhân dân các xã, phường, đặc khu", "Ủy ban nhân dân các xã, phường, đặc khu", "people_committee",
             "commune", "Lâm Đồng"),
            ("các cơ quan, đơn vị có liên quan", "các cơ quan, đơn vị có liên quan", "group", None, "Lâm Đồng"),
        ],
    ),
    (
        "Nơi nhận:\n- Bộ Dân tộc và Tôn giáo;\n- TT Tỉnh ủy, TT HĐND tỉnh;\n- Đoàn Đại biểu Quốc hội tỉnh;\n"
        "- CT, các PCT UBND tỉnh Lâm Đồng;",
        [
            ("Bộ Dân tộc và Tôn giáo", "Bộ Dân tộc và Tôn giáo", "ministry", "central", None),
            ("TT Tỉnh ủy", "Thường trực Tỉnh ủy Lâm Đồng", "party", "province", "Lâm Đồng"),
            ("TT HĐND tỉnh", "Thường trực Hội đồng nhân dân tỉnh Lâm Đồng", "people_council", "province", "Lâm Đồng"),
            ("Đoàn Đại biểu Quốc hội tỉnh", "Đoàn đại biểu Quốc hội tỉnh Lâm Đồng", "other", "province", "Lâm Đồng"),
            ("UBND tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng", "people_committee", "province", "Lâm Đồng"),
        ],
    ),
    (
        "Công an tỉnh chủ trì, phối hợp với Bộ Chỉ huy Quân sự tỉnh, Sở Tài chính và Ủy ban nhân dân các xã, "
        "phường tổ chức thực hiện trên địa bàn tỉnh Đắk Lắk.",
        [
            ("Công an tỉnh", "Công an tỉnh Đắk Lắk", "department", "province", "Đắk Lắk"),
            ("Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh Đắk Lắk", "department", "province", "Đắk Lắk"),
            ("Sở Tài chính", "Sở Tài chính tỉnh Đắk Lắk", "department", "province", "Đắk Lắk"),
            ("Ủy ban nhân dân các xã, phường", "Ủy ban nhân dân các xã, phường", "people_committee", "commune",
             "Đắk Lắk"),
        ],
    ),
    (
        "Ban Thường vụ Tỉnh ủy Bắc Ninh giao Ban Tuyên giáo và Dân vận Tỉnh ủy phối hợp với Sở Khoa học và Công "
        "nghệ, Liên đoàn Lao động tỉnh và Tỉnh đoàn triển khai.",
        [
            ("Ban Thường vụ Tỉnh ủy Bắc Ninh", "Ban Thường vụ Tỉnh ủy Bắc Ninh", "party", "province", "Bắc Ninh"),
            ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy Bắc Ninh", "party", "province",
             "Bắc Ninh"),
            ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh", "department", "province",
             "Bắc Ninh"),
            ("Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh Bắc Ninh", "mass_organization", "province",
             "Bắc Ninh"),
            ("Tỉnh đoàn", "Tỉnh đoàn Bắc Ninh", "mass_organization", "province", "Bắc Ninh"),
        ],
    ),
    (
        "Tỉnh Sơn La sẽ bố trí hơn 62.000 khẩu vào các vùng tái định cư. Thủ tướng đã đưa ra tiến độ di dân.",
        [
            ("Tỉnh Sơn La", "tỉnh Sơn La", "other", "province", "Sơn La"),
            ("Thủ tướng", "Thủ tướng Chính phủ", "government", "central", None),
        ],
    ),
    (
        "Chiều 27-12, tại trụ sở UBND TPHCM, lãnh đạo TPHCM và tỉnh Nghệ An đã tổ chức hội nghị sơ kết.",
        [
            ("UBND TPHCM", "Ủy ban nhân dân Thành phố Hồ Chí Minh", "people_committee", "province", "Hồ Chí Minh"),
            ("TPHCM", "Thành phố Hồ Chí Minh", "other", "province", "Hồ Chí Minh"),
            ("tỉnh Nghệ An", "tỉnh Nghệ An", "other", "province", "Nghệ An"),
        ],
    ),
    (
        "Tuyên truyền các văn bản chỉ đạo của Bộ Chính trị, Ban Bí thư, Thủ tướng Chính phủ, Hội đồng bầu cử "
        "Quốc gia, Ban Thường vụ Tỉnh ủy Tuyên Quang và các cơ quan chức năng.",
        [
            ("Bộ Chính trị", "Bộ Chính trị", "party", "central", None),
            ("Ban Bí thư", "Ban Bí thư", "party", "central", None),
            ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ", "government", "central", None),
            ("Hội đồng bầu cử Quốc gia", "Hội đồng Bầu cử Quốc gia", "other", "central", None),
            ("Ban Thường vụ Tỉnh ủy Tuyên Quang", "Ban Thường vụ Tỉnh ủy Tuyên Quang", "party", "province",
             "Tuyên Quang"),
            ("các cơ quan chức năng", "các cơ quan chức năng", "group", None, "Tuyên Quang"),
        ],
    ),
    (
        "Chi cục Kiểm lâm phối hợp với Ban Quản lý Khu kinh tế tỉnh Hà Tĩnh và các đơn vị liên quan thực hiện.",
        [
            ("Chi cục Kiểm lâm", "Chi cục Kiểm lâm tỉnh Hà Tĩnh", "department", "province", "Hà Tĩnh"),
            ("Ban Quản lý Khu kinh tế tỉnh Hà Tĩnh", "Ban Quản lý Khu kinh tế tỉnh Hà Tĩnh", "other", "province",
             "Hà Tĩnh"),
            ("các đơn vị liên quan", "các đơn vị liên quan", "group", None, "Hà Tĩnh"),
        ],
    ),
    (
        "- Cục Kiểm soát TTHC-VPCP;\n- Bộ Tài chính;\n- Văn phòng Chính phủ;\n- các Bộ, ngành Trung ương;",
        [
            ("Cục Kiểm soát TTHC-VPCP", "Cục Kiểm soát TTHC-VPCP", "department", "central", None),
            ("Bộ Tài chính", "Bộ Tài chính", "ministry", "central", None),
            ("Văn phòng Chính phủ", "Văn phòng Chính phủ", "office", "central", None),
            ("các Bộ, ngành Trung ương", "các bộ, ngành Trung ương", "group", "central", None),
        ],
    ),
    (
        "Bộ Công an chủ trì, phối hợp với 11 sở, ngành chức năng và chính quyền địa phương các cấp.",
        [
            ("Bộ Công an", "Bộ Công an", "ministry", "central", None),
            ("11 sở, ngành chức năng", "11 sở, ngành chức năng", "group", "province", None),
            ("chính quyền địa phương các cấp", "chính quyền địa phương các cấp", "group", None, None),
        ],
    ),
    (
        "Tham mưu xây dựng lịch làm việc của Thường trực Hội đồng nhân dân, Ủy ban nhân dân thị trấn Ngãi Giao; "
        "Văn phòng UBND thị trấn theo dõi.",
        [
            ("Thường trực Hội đồng nhân dân", "Thường trực Hội đồng nhân dân thị trấn Ngãi Giao", "people_council",
             "commune", None),
            ("Ủy ban nhân dân thị trấn Ngãi Giao", "Ủy ban nhân dân thị trấn Ngãi Giao", "people_committee",
             "commune", None),
            ("Văn phòng UBND thị trấn", "Văn phòng Ủy ban nhân dân thị trấn Ngãi Giao", "office", "commune", None),
        ],
    ),
    (
        "Lãnh đạo chính quyền xây dựng chương trình phối hợp giữa chính quyền với mặt trận; phối hợp với cấp ủy "
        "Đảng và Hội Liên hiệp Phụ nữ TP.HCM.",
        [
            ("chính quyền", "chính quyền", "group", None, "Hồ Chí Minh"),
            ("chính quyền", "chính quyền", "group", None, "Hồ Chí Minh"),
            ("cấp ủy Đảng", "cấp ủy Đảng", "party", None, "Hồ Chí Minh"),
            ("Hội Liên hiệp Phụ nữ TP.HCM", "Hội Liên hiệp Phụ nữ Thành phố Hồ Chí Minh", "mass_organization",
             "province", "Hồ Chí Minh"),
        ],
    ),
    (
        "Đồng chí Phó Chủ tịch Thường trực Ủy ban MTTQ Việt Nam xã chỉ đạo; Ban Thường trực Ủy ban MTTQVN "
        "Thành phố báo cáo Thường trực HĐND, các Ban của HĐND thành phố Hải Phòng.",
        [
            ("Ủy ban MTTQ Việt Nam xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "fatherland_front", "commune",
             "Hải Phòng"),
            ("Ban Thường trực Ủy ban MTTQVN Thành phố",
             "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hải Phòng", "fatherland_front", "province",
             "Hải Phòng"),
            ("Thường trực HĐND", "Thường trực Hội đồng nhân dân thành phố Hải Phòng", "people_council", "province",
             "Hải Phòng"),
            ("các Ban của HĐND thành phố Hải Phòng", "các Ban của Hội đồng nhân dân thành phố Hải Phòng",
             "people_council", "province", "Hải Phòng"),
        ],
    ),
    (
        "Giám đốc Trung tâm Bảo tồn Di sản Văn hóa thế giới Hội An nằm ở phố cổ có trách nhiệm chỉ đạo.",
        [
            ("Trung tâm Bảo tồn Di sản Văn hóa thế giới Hội An", "Trung tâm Bảo tồn Di sản Văn hóa thế giới Hội An",
             "other", None, None),
        ],
    ),
    (
        "Đồng chí Phó Trưởng phòng Văn hóa - Xã hội - Phó Trưởng tiểu ban: chủ trì phối hợp với Trung tâm Thông "
        "tin tỉnh Lâm Đồng và Báo và PTTH Lâm Đồng.",
        [
            ("phòng Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội", "department", "commune", "Lâm Đồng"),
            ("Trung tâm Thông tin tỉnh Lâm Đồng", "Trung tâm Thông tin tỉnh Lâm Đồng", "other", "province",
             "Lâm Đồng"),
            ("Báo và PTTH Lâm Đồng", "Báo và Phát thanh, Truyền hình Lâm Đồng", "other", "province", "Lâm Đồng"),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_agencies_finds_every_mention_with_its_attributes(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


# Texts that name no organisation, though they look close.
NEAR_MISSES = [
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Số: 2284/QĐ-UBND",
    "Ký hiệu: 15-NQ/TU, 104/KH-UBND, 68/TTr-SDTTG",
    "Thực hiện cơ chế một cửa; xây dựng chính quyền điện tử, chuyển đổi số, cải cách hành chính.",
    "triển khai mô hình chính quyền địa phương 2 cấp tinh gọn, hiệu năng, hiệu lực, hiệu quả",
    "Giấp phép đăng ký kinh doanh số 0103884103 do Sở Kế Hoạch & Đầu Tư Hà Nội cấp lần đầu ngày 29/06/2009.",
    "Thư viện Pháp luật. THƯ VIỆN PHÁP LUẬT has the copyright on this translation.",
    "Phố cổ Hội An, nơi diễn ra Hội nghị du lịch và Ngày hội văn hóa.",
    "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025",
    "Ban hành kèm theo Quyết định này Quy chế làm việc.",
    "Thuế thu nhập cá nhân và Bảo hiểm xã hội bắt buộc tăng 5%.",
    "huy động lực lượng công an, thanh tra, kiểm tra thường xuyên",
    "Phó Thủ tướng Trần Hồng Hà dự hội nghị.",
    "Tổng diện tích đất trên địa bàn tỉnh Lâm Đồng là 23.300 ha, gồm 01 đơn vị và 02 đơn vị sự nghiệp.",
    "Tổ quốc Việt Nam; phong trào thi đua yêu nước chào mừng Ngày hội đại đoàn kết.",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_agencies_rejects_near_misses(text: str) -> None:
    assert _rows(text) == []


def test_agencies_board_named_alone_takes_the_full_name() -> None:
    text = (
        "Điểm nổi bật là chỉ đạo của Ban Thường trực Ủy ban MTTQ Việt Nam TP.HCM trước, trong và sau đại hội.\n\n"
        "Ban Thường trực đã trao tặng kinh phí trên 40 tỉ đồng."
    )
    rows = _rows(text)
    assert rows[-1] == (
        "Ban Thường trực",
        "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh",
        "fatherland_front",
        "province",
        "Hồ Chí Minh",
    )
    assert _rows("Ban Thường trực đã trao tặng kinh phí.") == []


def test_agencies_bare_body_takes_the_issuers_unit() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTHỊ TRẤN NGÃI GIAO\n\nTham mưu tổ chức các kỳ họp của Hội đồng nhân dân theo quy định "
        "của UBND tỉnh Bà Rịa-Vũng Tàu."
    )
    rows = _rows(text)
    assert rows[0][1:] == (
        "Ủy ban nhân dân thị trấn Ngãi Giao",
        "people_committee",
        "commune",
        "Bà Rịa - Vũng Tàu",
    )
    assert rows[1] == (
        "Hội đồng nhân dân",
        "Hội đồng nhân dân thị trấn Ngãi Giao",
        "people_council",
        "commune",
        "Bà Rịa - Vũng Tàu",
    )


def test_agencies_bare_body_shares_the_place_of_its_conjunct() -> None:
    text = "thực hiện Chương trình phối hợp giữa Ủy ban nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Tháp"
    assert _rows(text)[0][1:3] == ("Ủy ban nhân dân tỉnh Đồng Tháp", "people_committee")


def test_agencies_bare_level_word_resolves_to_the_documents_unit() -> None:
    text = (
        "Sáng ngày 30/5, thành phố Cao Lãnh tổ chức Hội nghị sơ kết Chương trình phối hợp của tỉnh Đồng Tháp. "
        "Uỷ ban nhân dân Thành phố phối hợp với Mặt trận Tổ quốc."
    )
    rows = _rows(text)
    assert ("thành phố Cao Lãnh", "thành phố Cao Lãnh", "other", "district", "Đồng Tháp") in rows
    assert ("Uỷ ban nhân dân Thành phố", "Ủy ban nhân dân thành phố Cao Lãnh", "people_committee", "district",
            "Đồng Tháp") in rows  # fmt: skip


def test_agencies_person_after_level_word_is_not_a_place() -> None:
    rows = _rows("Chủ tịch UBND thành phố Nguyễn Văn Tùng đề nghị UBND xã Tân Lập triển khai.")
    assert [r[0] for r in rows] == ["UBND thành phố", "UBND xã Tân Lập"]
    assert rows[1][1:4] == ("Ủy ban nhân dân xã Tân Lập", "people_committee", "commune")


def test_agencies_spans_carry_no_trailing_conjunction_or_marker() -> None:
    text = "Sở Y tế có trách nhiệm chủ trì, phối hợp với Sở Tài chính, Công an tỉnh và các cơ quan liên quan."
    for text_, *_ in _rows(text):
        assert not text_.endswith((" và", ",", " có", " chủ trì"))


def test_agencies_to_dict_has_the_schema_fields() -> None:
    (a,) = find_agencies("UBND tỉnh Lào Cai")
    assert isinstance(a, Agency)
    assert a.kind is AgencyKind.PEOPLE_COMMITTEE
    assert a.to_dict() == {
        "text": "UBND tỉnh Lào Cai",
        "name": "Ủy ban nhân dân tỉnh Lào Cai",
        "kind": "people_committee",
        "level": "province",
        "province": "Lào Cai",
        "start": 0,
        "end": 17,
    }


@pytest.mark.parametrize(
    ("phrase", "expanded"),
    [
        ("UBND TP", "Ủy ban nhân dân thành phố"),
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
        ("UB MTTQ VN TP.Hà Nội", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội"),
        ("Sở LĐTB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Uỷ ban MTTQ TW", "Ủy ban Mặt trận Tổ quốc Trung ương"),
        ("Sở GD&ĐT, Sở KH&CN", "Sở Giáo dục và Đào tạo, Sở Khoa học và Công nghệ"),
        ("Hội CCB, Hội LHPN", "Hội Cựu chiến binh, Hội Liên hiệp Phụ nữ"),
        ("Sở Nội vụ", "Sở Nội vụ"),
    ],
)
def test_agencies_expand_abbreviations(phrase: str, expanded: str) -> None:
    assert expand_abbreviations(phrase) == expanded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nCăn cứ Quyết định của UBND tỉnh Khánh Hòa;", "Lâm Đồng"),
        ("Ủy ban nhân dân tỉnh Lào Cai và Ủy ban MTTQ Việt Nam tỉnh Lào Cai; tỉnh Yên Bái", "Lào Cai"),
        ("Hội nghị do UBND TP và UB MTTQ Việt Nam TP.Hà Nội tổ chức", "Hà Nội"),
        ("Các sở, ban, ngành có trách nhiệm thực hiện.", None),
        (
            "THỦ TƯỚNG CHÍNH PHỦ\nSố: 2597/QĐ-TTg\nHà Nội, ngày 27 tháng 11 năm 2025\nGiao UBND tỉnh Nghệ An",
            None,
        ),
    ],
)
def test_agencies_context_province(text: str, expected: str | None) -> None:
    assert context_province(text) == expected


HEADER = "type\tname\tvariants\tkind\tlevel\tattaches\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("body\tChính phủ\t\tgovernment\tcentral", "expected 6 tab-separated columns"),
        ("organ\tChính phủ\t\tgovernment\tcentral\t-", "unknown type"),
        ("body\tChính phủ\t\tstate\tcentral\t-", "unknown kind"),
        ("body\tChính phủ\t\tgovernment\tnational\t-", "bad level"),
        ("domain\tTài chính\t\t-\t-\tVụ", "lists the heads it follows"),
        ("prefix\tVăn phòng\tVP\toffice\tinherit\t-", "kinds of parent"),
    ],
)
def test_agencies_bad_gazetteer_row_names_file_and_line(row: str, message: str) -> None:
    text = "# comment\n" + HEADER + "body\tQuốc hội\t\tother\tcentral\t-\n" + row + "\n"
    with pytest.raises(ValueError, match=rf"agencies\.tsv:4: .*{message}"):
        parse_entries(text)


def test_agencies_bad_abbreviation_row_names_file_and_line() -> None:
    text = "abbreviation\texpansion\nUBND\tỦy ban nhân dân\nUBND\tỦy ban\n"
    with pytest.raises(ValueError, match=r"abbreviations\.tsv:3: 'UBND' already expands"):
        parse_abbreviations(text)
    with pytest.raises(ValueError, match=r"abbreviations\.tsv:2: expected"):
        parse_abbreviations("abbreviation\texpansion\nUBND\n")


FRAGMENTS = [
    "UBND", "Ủy ban nhân dân", "tỉnh", "TP.", "thành phố", "Hà Nội", "xã", "Phố Bảng", "các", "sở, ban, ngành",
    "Sở", ":", "Tài chính", "Nội vụ", "và", ",", "Văn phòng", "Ban Thường trực", "MTTQ", "Việt Nam", "Trung tâm",
    "Chi cục", "Ban Chỉ đạo", "của", "chính quyền", "Luật", "Tổ chức", "/QĐ-", "Báo", "Hội", "Đảng ủy",
    "Thành ủy", "cấp", "huyện", "cùng", "liên quan", "11", "lãnh đạo", "sẽ", "Tỉnh Sơn La", "Thường trực",
    "\n", " ", "-", "(", ")", "ỦY BAN NHÂN DÂN", "THỊ TRẤN", "Nguyễn Văn", "ở khu dân cư", "Quốc hội", "khóa",
]  # fmt: skip


@settings(deadline=None, max_examples=200)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=60).map(" ".join))
def test_agencies_never_raises_and_keeps_the_span_invariant(text: str) -> None:
    _rows(text)


@settings(deadline=None, max_examples=200)
@given(st.text())
def test_agencies_never_raises_on_arbitrary_text(text: str) -> None:
    _rows(text)


def test_agencies_handles_a_one_megabyte_line() -> None:
    sentence = (
        "Ủy ban nhân dân tỉnh chỉ đạo Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành, UBND cấp xã và "
        "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Lào Cai thực hiện Kế hoạch số 104/KH-UBND; "
    )
    filler = (
        "tăng cường công tác tuyên truyền, nâng cao nhận thức của người dân về bảo vệ môi trường sống; " * 4
    )
    line = sentence + filler
    text = (line * (1_000_000 // len(line) + 1))[:1_000_000]
    found = find_agencies(text)
    assert len(found) > 8_000
    assert all(text[a.span.start : a.span.end] == a.span.text for a in found)
