"""Place gazetteer: provinces before and after 1 July 2025, districts, and mentions in text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import places, tsv
from extractors.places import (
    PlaceMention,
    all_provinces,
    current_province,
    district_province,
    find_places,
    former_provinces,
    province,
)

# The 34 provinces of Nghị quyết 202/2025/QH15, in force 1 July 2025.
CURRENT_34 = {
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
}  # fmt: skip

# The 63 provinces of 2008–2024 and the province each joined on 1 July 2025.
FORMER_63 = {
    "Hà Nội": "Hà Nội", "Hà Giang": "Tuyên Quang", "Cao Bằng": "Cao Bằng",
    "Bắc Kạn": "Thái Nguyên", "Tuyên Quang": "Tuyên Quang", "Lào Cai": "Lào Cai",
    "Điện Biên": "Điện Biên", "Lai Châu": "Lai Châu", "Sơn La": "Sơn La", "Yên Bái": "Lào Cai",
    "Hòa Bình": "Phú Thọ", "Thái Nguyên": "Thái Nguyên", "Lạng Sơn": "Lạng Sơn",
    "Quảng Ninh": "Quảng Ninh", "Bắc Giang": "Bắc Ninh", "Phú Thọ": "Phú Thọ",
    "Vĩnh Phúc": "Phú Thọ", "Bắc Ninh": "Bắc Ninh", "Hải Dương": "Hải Phòng",
    "Hải Phòng": "Hải Phòng", "Hưng Yên": "Hưng Yên", "Thái Bình": "Hưng Yên",
    "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình", "Ninh Bình": "Ninh Bình",
    "Thanh Hóa": "Thanh Hóa", "Nghệ An": "Nghệ An", "Hà Tĩnh": "Hà Tĩnh",
    "Quảng Bình": "Quảng Trị", "Quảng Trị": "Quảng Trị", "Thừa Thiên Huế": "Huế",
    "Đà Nẵng": "Đà Nẵng", "Quảng Nam": "Đà Nẵng", "Quảng Ngãi": "Quảng Ngãi",
    "Bình Định": "Gia Lai", "Phú Yên": "Đắk Lắk", "Khánh Hòa": "Khánh Hòa",
    "Ninh Thuận": "Khánh Hòa", "Bình Thuận": "Lâm Đồng", "Kon Tum": "Quảng Ngãi",
    "Gia Lai": "Gia Lai", "Đắk Lắk": "Đắk Lắk", "Đắk Nông": "Lâm Đồng", "Lâm Đồng": "Lâm Đồng",
    "Bình Phước": "Đồng Nai", "Tây Ninh": "Tây Ninh", "Bình Dương": "Hồ Chí Minh",
    "Đồng Nai": "Đồng Nai", "Bà Rịa - Vũng Tàu": "Hồ Chí Minh", "Hồ Chí Minh": "Hồ Chí Minh",
    "Long An": "Tây Ninh", "Tiền Giang": "Đồng Tháp", "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long", "Vĩnh Long": "Vĩnh Long", "Đồng Tháp": "Đồng Tháp",
    "An Giang": "An Giang", "Kiên Giang": "An Giang", "Cần Thơ": "Cần Thơ",
    "Hậu Giang": "Cần Thơ", "Sóc Trăng": "Cần Thơ", "Bạc Liêu": "Cà Mau", "Cà Mau": "Cà Mau",
}  # fmt: skip

Row = tuple[str, str, str, str, str | None]  # span text, province, current, level, unit


def _rows(text: str) -> list[Row]:
    found = find_places(text)
    for m in found:
        assert text[m.span.start : m.span.end] == m.span.text
    assert [m.span.start for m in found] == sorted(m.span.start for m in found)
    return [(m.span.text, m.province, m.current, m.level, m.unit) for m in found]


# --------------------------------------------------------------------------- gazetteer


def test_places_current_provinces_are_the_official_34() -> None:
    current = {p.name for p in all_provinces() if p.existed_after_2025}
    assert current == CURRENT_34
    assert {p.current for p in all_provinces()} == CURRENT_34


def test_places_every_former_province_maps_to_one_of_the_34() -> None:
    assert len(FORMER_63) == 63 and set(FORMER_63.values()) == CURRENT_34
    for name, current in FORMER_63.items():
        p = province(name)
        assert p is not None and p.name == name, name
        assert p.current == current and current_province(name) == current, name


def test_places_all_provinces_is_63_then_hue_each_once() -> None:
    names = [p.name for p in all_provinces()]
    assert len(names) == len(set(names)) == 64
    assert set(names[:63]) == set(FORMER_63) and names[63] == "Huế"
    hue = province("Huế")
    assert hue is not None and hue.kind == "thành phố" and hue.existed_after_2025
    tth = province("Thừa Thiên Huế")
    assert tth is not None and tth.kind == "tỉnh" and not tth.existed_after_2025 and tth.current == "Huế"


def test_places_former_provinces_partition_the_old_map() -> None:
    seen: list[str] = []
    for current in CURRENT_34:
        group = former_provinces(current)
        assert group[0] == current
        seen += group
    assert sorted(seen) == sorted([*FORMER_63, "Huế"])


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        ("Lào Cai", ("Lào Cai", "Yên Bái")),
        ("Hải Phòng", ("Hải Phòng", "Hải Dương")),
        ("Đồng Tháp", ("Đồng Tháp", "Tiền Giang")),
        ("Hồ Chí Minh", ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu")),
        ("TP.HCM", ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu")),
        ("Tuyên Quang", ("Tuyên Quang", "Hà Giang")),
        ("Phú Thọ", ("Phú Thọ", "Hòa Bình", "Vĩnh Phúc")),
        ("Huế", ("Huế", "Thừa Thiên Huế")),
        ("Quảng Ninh", ("Quảng Ninh",)),
        ("Yên Bái", ()),  # not one of the 34
        ("Atlantis", ()),
    ],
)
def test_places_former_provinces(current: str, expected: tuple[str, ...]) -> None:
    assert former_provinces(current) == expected


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("lao cai", "Lào Cai"),
        ("LÀO CAI", "Lào Cai"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("TPHCM", "Hồ Chí Minh"),
        ("TP HCM", "Hồ Chí Minh"),
        ("HCM", "Hồ Chí Minh"),
        ("Sài Gòn", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("thanh pho ho chi minh", "Hồ Chí Minh"),
        ("TP Hà Nội", "Hà Nội"),
        ("Thủ đô Hà Nội", "Hà Nội"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
        ("TT-Huế", "Thừa Thiên Huế"),
        ("Huế", "Huế"),
        ("thành phố Huế", "Huế"),
        ("tỉnh Yên Bái", "Yên Bái"),
        ("Bắc Cạn", "Bắc Kạn"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("Daklak", "Đắk Lắk"),
        ("Hoà Bình", "Hòa Bình"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("BR-VT", "Bà Rịa - Vũng Tàu"),
        ("Kontum", "Kon Tum"),
    ],
)
def test_places_province_lookup(query: str, name: str) -> None:
    p = province(query)
    assert p is not None and p.name == name


@pytest.mark.parametrize("query", ["", "Lào", "Việt Nam", "Tiên Lãng", "Hà Tây", "tỉnh"])
def test_places_province_lookup_unknown(query: str) -> None:
    assert province(query) is None
    assert current_province(query) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("huyện Tiên Lãng", "Hải Phòng"),
        ("Tiên Lãng", "Hải Phòng"),
        ("thành phố Cao Lãnh", "Đồng Tháp"),
        ("Cao Lãnh", "Đồng Tháp"),  # huyện and thành phố, same province
        ("thị xã Sa Pa", "Lào Cai"),
        ("huyện Sa Pa", "Lào Cai"),  # before 2019
        ("huyện Mê Linh", "Hà Nội"),  # in Vĩnh Phúc before 2008: the latest province wins
        ("huyện Văn Chấn", "Yên Bái"),
        ("Quận 1", "Hồ Chí Minh"),
        ("quận 9", "Hồ Chí Minh"),  # merged into Thủ Đức in 2021
        ("TP. Thủ Dầu Một", "Bình Dương"),
        ("tx sa pa", "Lào Cai"),
        ("huyen tien lang", "Hải Phòng"),
        ("Quản Bạ", "Hà Giang"),  # folds to "quan ba": not the prefix "quận"
        ("huyện Quản Bạ", "Hà Giang"),
        ("thị xã Sơn Tây", "Hà Nội"),
        ("huyện Sơn Tây", "Quảng Ngãi"),
        ("huyện Ea H'leo", "Đắk Lắk"),
        ("huyện Châu Thành", None),  # ten provinces have one
        ("Sơn Tây", None),
        ("huyện Hà Nội", None),
        ("Atlantis", None),
    ],
)
def test_places_district_province(query: str, expected: str | None) -> None:
    assert district_province(query) == expected


def test_places_every_district_row_is_found_in_text() -> None:
    g = places._gazetteer()
    shared = {(k, n) for k, n, _ in g.districts if len(g.district_by_key[(k, places._key(n))]) > 1}
    assert len(g.districts) > 700
    for kind, name, prov in g.districts:
        if (kind, name) in shared or (kind == "thành phố" and name in places.PROVINCE_LEVEL_CITIES):
            continue
        text = f"Ủy ban nhân dân {kind} {name} ban hành kế hoạch"
        rows = _rows(text)
        assert rows == [(f"{kind} {name}", prov, g.by_name[prov].current, "district", f"{kind} {name}")], text


def test_places_every_province_is_found_with_and_without_prefix() -> None:
    for p in all_provinces():
        prefix = "thành phố" if p.kind == "thành phố" else "tỉnh"
        assert _rows(f"UBND {prefix} {p.name} ban hành") == [
            (f"{prefix} {p.name}", p.name, p.current, "province", None)
        ]
        if p.name != "Hồ Chí Minh":  # bare, it is the president's name
            assert _rows(f"Đoàn công tác đến {p.name}, làm việc") == [
                (p.name, p.name, p.current, "province", None)
            ]


# --------------------------------------------------------------------------- find_places

CASES: list[tuple[str, list[Row]]] = [
    ("UBND tỉnh Lào Cai ban hành Kế hoạch", [("tỉnh Lào Cai", "Lào Cai", "Lào Cai", "province", None)]),
    # Lower-case "lãnh" after an explicit prefix is a slip, not another word: it matches,
    # and `unit` carries the canonical spelling.
    (
        "Sáng ngày 30/5, thành phố Cao lãnh tổ chức Hội nghị",
        [("thành phố Cao lãnh", "Đồng Tháp", "Đồng Tháp", "district", "thành phố Cao Lãnh")],
    ),
    (
        "huyện Tiên Lãng, thành phố Hải Phòng",
        [
            ("huyện Tiên Lãng", "Hải Phòng", "Hải Phòng", "district", "huyện Tiên Lãng"),
            ("thành phố Hải Phòng", "Hải Phòng", "Hải Phòng", "province", None),
        ],
    ),
    ("TP.HCM: 3 tháng tới", [("TP.HCM", "Hồ Chí Minh", "Hồ Chí Minh", "province", None)]),
    ("Thủ đô Hà Nội", [("Thủ đô Hà Nội", "Hà Nội", "Hà Nội", "province", None)]),
    (
        "Chương trình giảm nghèo bền vững tỉnh Thừa Thiên Huế giai đoạn 2023-2025",
        [("tỉnh Thừa Thiên Huế", "Thừa Thiên Huế", "Huế", "province", None)],
    ),
    (
        "Nghị quyết của HĐND tỉnh Thừa Thiên Huế (nay là thành phố Huế)",
        [
            ("tỉnh Thừa Thiên Huế", "Thừa Thiên Huế", "Huế", "province", None),
            ("thành phố Huế", "Huế", "Huế", "province", None),
        ],
    ),
    ("Hội Nông dân tỉnh Yên Bái", [("tỉnh Yên Bái", "Yên Bái", "Lào Cai", "province", None)]),
    (
        "Du khách đến thị xã Sa Pa ngày càng đông",
        [("thị xã Sa Pa", "Lào Cai", "Lào Cai", "district", "thị xã Sa Pa")],
    ),
    (
        "UBND huyện Mê Linh vừa tổ chức hội nghị",
        [("huyện Mê Linh", "Hà Nội", "Hà Nội", "district", "huyện Mê Linh")],
    ),
    (
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        [("TỈNH LÀO CAI", "Lào Cai", "Lào Cai", "province", None)],
    ),
    ("UBND TỈNH HÒA BÌNH", [("TỈNH HÒA BÌNH", "Hòa Bình", "Phú Thọ", "province", None)]),
    ("UBND tỉnh Hoà Bình", [("tỉnh Hoà Bình", "Hòa Bình", "Phú Thọ", "province", None)]),
    ("Sở Y tế Khánh Hoà thông báo", [("Khánh Hoà", "Khánh Hòa", "Khánh Hòa", "province", None)]),
    ("đồng bào các dân tộc tỉnh Đắc Lắc", [("tỉnh Đắc Lắc", "Đắk Lắk", "Đắk Lắk", "province", None)]),
    ("tỉnh Bắc Cạn", [("tỉnh Bắc Cạn", "Bắc Kạn", "Thái Nguyên", "province", None)]),
    ("cảng Bà Rịa-Vũng Tàu", [("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh", "province", None)]),
    (
        "Trụ sở tại TP. Thủ Dầu Một, tỉnh Bình Dương",
        [
            ("TP. Thủ Dầu Một", "Bình Dương", "Hồ Chí Minh", "district", "thành phố Thủ Dầu Một"),
            ("tỉnh Bình Dương", "Bình Dương", "Hồ Chí Minh", "province", None),
        ],
    ),
    (
        "số 86 Lê Thánh Tôn, Q.1, TP.HCM",
        [
            ("Q.1", "Hồ Chí Minh", "Hồ Chí Minh", "district", "quận 1"),
            ("TP.HCM", "Hồ Chí Minh", "Hồ Chí Minh", "province", None),
        ],
    ),
    (
        "hộ nghèo tại quận Thủ Đức, quận 12, huyện Bình Chánh",
        [
            ("quận Thủ Đức", "Hồ Chí Minh", "Hồ Chí Minh", "district", "quận Thủ Đức"),
            ("quận 12", "Hồ Chí Minh", "Hồ Chí Minh", "district", "quận 12"),
            ("huyện Bình Chánh", "Hồ Chí Minh", "Hồ Chí Minh", "district", "huyện Bình Chánh"),
        ],
    ),
    (
        "xã Long Hưng, huyện Châu Thành, tỉnh Tiền Giang",
        [
            ("huyện Châu Thành", "Tiền Giang", "Đồng Tháp", "district", "huyện Châu Thành"),
            ("tỉnh Tiền Giang", "Tiền Giang", "Đồng Tháp", "province", None),
        ],
    ),
    ("Riêng huyện Châu Thành, chưa có báo cáo", []),  # shared by ten provinces, none named
    (
        "Riêng đối với tỉnh Kiên Giang và huyện đảo Phú Quốc",
        [
            ("tỉnh Kiên Giang", "Kiên Giang", "An Giang", "province", None),
            ("huyện đảo Phú Quốc", "Kiên Giang", "An Giang", "district", "huyện Phú Quốc"),
        ],
    ),
    (
        "di dân tái định cư về thị xã Lai Châu và thành phố Điện Biên Phủ",
        [
            ("thị xã Lai Châu", "Lai Châu", "Lai Châu", "district", "thị xã Lai Châu"),
            ("thành phố Điện Biên Phủ", "Điện Biên", "Điện Biên", "district", "thành phố Điện Biên Phủ"),
        ],
    ),
    (
        "trên địa bàn thành\nphố Hà Nội (thực hiện điểm a)",
        [("thành\nphố Hà Nội", "Hà Nội", "Hà Nội", "province", None)],
    ),
    (
        "Phó Giám đốc Công an TPHCM cho biết",
        [("TPHCM", "Hồ Chí Minh", "Hồ Chí Minh", "province", None)],
    ),
    (
        "hành chính cũ của 03 tỉnh (Ninh Bình, Hà Nam, Nam Định)",
        [
            ("Ninh Bình", "Ninh Bình", "Ninh Bình", "province", None),
            ("Hà Nam", "Hà Nam", "Ninh Bình", "province", None),
            ("Nam Định", "Nam Định", "Ninh Bình", "province", None),
        ],
    ),
    (
        "Thông tin, phường Yên Bái, tỉnh Lào Cai.",  # a ward since July 2025, not the province
        [("tỉnh Lào Cai", "Lào Cai", "Lào Cai", "province", None)],
    ),
    (
        "Tỉnh ủy Lào Cai, Thành ủy Hà Nội",
        [
            ("Lào Cai", "Lào Cai", "Lào Cai", "province", None),
            ("Hà Nội", "Hà Nội", "Hà Nội", "province", None),
        ],
    ),
    (
        "Công ty TNHH Hoà Bình, Bến Tre",
        [("Bến Tre", "Bến Tre", "Vĩnh Long", "province", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_places_find_places(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


NEAR_MISSES = [
    "vì hòa bình và phát triển",
    "Hòa bình là khát vọng của nhân dân",
    "Hội Nông dân",
    "ông Lê Văn Lào",
    "đồng chí Nguyễn Hòa Bình, Phó Thủ tướng Thường trực Chính phủ",
    "chị Nguyễn Thị Huế, công nhân",
    "bà Huế cho biết",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "tư tưởng HCM",
    "khu vực châu Á - Thái Bình Dương",
    "báo Sài Gòn Giải Phóng đưa tin",
    "tỉnh Hà Nam Ninh (cũ)",
    "thành phố trực thuộc trung ương",
    "Công ty TNHH Hoà Bình",
    "các huyện, thị xã, thành phố thuộc tỉnh",
    "đường Hà Nội, phường Phú Xuân",
    "Huếch",
    "Nam Định Hưng",
    "Tiên Lãng",  # a district name without its kind
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_places_near_misses_yield_nothing(text: str) -> None:
    assert _rows(text) == []


def test_places_mention_is_frozen() -> None:
    (m,) = find_places("tỉnh Lào Cai")
    assert isinstance(m, PlaceMention)
    with pytest.raises(AttributeError):
        m.province = "Yên Bái"  # type: ignore[misc]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("tỉnh thành phố TP.HCM Lào Cai Hòa Bình huyện quận 1\n,-"))))
def test_places_never_raise_and_keep_spans(text: str) -> None:
    _rows(text)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_places_never_raise_on_any_text(text: str) -> None:
    _rows(text)


def test_places_on_100kb_find_every_mention() -> None:
    # About one mention per 100 characters: ten times denser than the shared corpus.
    paragraph = (
        "UBND tỉnh Lào Cai phối hợp với huyện Tiên Lãng, thành phố Hải Phòng và TP.HCM. "
        "Các sở, ban, ngành có trách nhiệm triển khai thực hiện nghiêm túc kế hoạch này, "
        "định kỳ 6 tháng báo cáo kết quả về Sở Nội vụ trước ngày 15/6 và 15/12 hằng năm. "
        "Sở Y tế Bến Tre, thị xã Sa Pa, quận 1; vì hòa bình và phát triển bền vững.\n"
    )
    text = (paragraph * (100_000 // len(paragraph) + 1))[:100_000]
    # Speed is measured by `python -m bench.scaling`, never here.
    one = find_places(paragraph)
    many = find_places(text)
    assert one
    assert len(many) >= len(one) * (len(text) // len(paragraph))
    assert all(text[m.span.start : m.span.end] == m.span.text for m in many)


def test_places_bad_row_names_file_and_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "districts.tsv").write_text(
        "# comment\nkind\tname\tprovince\nhuyện\tTiên Lãng\n", encoding="utf-8"
    )
    monkeypatch.setattr(tsv, "files", lambda _package: tmp_path)
    with pytest.raises(ValueError, match=r"extractors/data/districts.tsv:3"):
        list(tsv.data_rows("districts.tsv", 3))


# --------------------------------------------------------------------------- corpus

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@pytest.mark.shared
def test_places_corpus_documents_name_their_province() -> None:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        pytest.skip(f"{manifest} is absent (the shared corpus is not checked out here)")
    checked = 0
    with manifest.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            path = CORPUS / row["file"]
            expected = province(row["province"]) if row["province"] else None
            if expected is None or path.suffix != ".md" or not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            found = {m.province for m in _found(text)}
            assert expected.name in found, row["file"]
            checked += 1
    if checked == 0:
        pytest.skip("no Markdown documents with a province in the shared corpus")


def _found(text: str) -> list[PlaceMention]:
    found = find_places(text)
    for m in found:
        assert text[m.span.start : m.span.end] == m.span.text
    return found
