"""Duties: obligation clauses from real Vietnamese official texts (../shared/corpus/raw)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.duties import Duty, Role, find_duties, parse_cues

# Official documents open with the national motto; news articles do not.
FORMAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"


def check_spans(text: str, duties: list[Duty]) -> None:
    for d in duties:
        assert text[d.span.start : d.span.end] == d.span.text
        assert d.action in d.span.text
        if d.actor_span is not None:
            assert text[d.actor_span.start : d.actor_span.end] == d.actor_span.text == d.actor


def brief(duties: list[Duty]) -> list[tuple[str | None, str, str]]:
    return [(d.actor, d.role.value, d.action) for d in duties]


CASES = [
    pytest.param(
        # hcm-qd-2853-2025: lead with partners
        FORMAL + "3. Bộ Tư lệnh Thành phố chủ trì, phối hợp với Sở Nông nghiệp và Môi trường, các sở, ban, "
        "ngành, đơn vị liên quan, Ủy ban nhân dân các phường, xã, đặc khu thực hiện việc đưa nội dung nâng "
        "cao nhận thức cộng đồng vào kế hoạch bồi dưỡng quốc phòng và an ninh.",
        [
            (
                "Bộ Tư lệnh Thành phố",
                "lead",
                "thực hiện việc đưa nội dung nâng cao nhận thức cộng đồng vào kế "
                "hoạch bồi dưỡng quốc phòng và an ninh",
            )
        ],
        id="chu-tri-phoi-hop",
    ),
    pytest.param(
        # hcm-qd-2853-2025: support
        FORMAL + "6. Sở Tài chính phối hợp với các cơ quan, đơn vị liên quan tham mưu Ủy ban nhân dân Thành "
        "phố bố trí dự toán kinh phí theo phân cấp ngân sách nhà nước.",
        [
            (
                "Sở Tài chính",
                "support",
                "tham mưu Ủy ban nhân dân Thành phố bố trí dự toán kinh phí theo phân cấp ngân sách nhà nước",
            )
        ],
        id="phoi-hop-voi",
    ),
    pytest.param(
        # hcm-qd-2853-2025: an actor heading, its items split on ';'
        FORMAL + "V. TỔ CHỨC THỰC HIỆN\n\n4. Sở Khoa học và Công nghệ\n\n- Nâng cao chất lượng công tác "
        "truyền thông, tuyên truyền, đưa tin trong phòng tránh và giảm nhẹ rủi ro thiên tai; phối hợp, thực "
        "hiện các chương trình truyền thông về giảm nhẹ rủi ro thiên tai từ cộng đồng.",
        [
            (
                "Sở Khoa học và Công nghệ",
                "lead",
                "Nâng cao chất lượng công tác truyền thông, tuyên truyền, "
                "đưa tin trong phòng tránh và giảm nhẹ rủi ro thiên tai",
            ),
            (
                "Sở Khoa học và Công nghệ",
                "support",
                "phối hợp, thực hiện các chương trình truyền thông về giảm nhẹ rủi ro thiên tai từ cộng đồng",
            ),
        ],
        id="actor-heading",
    ),
    pytest.param(
        # hcm-qd-2853-2025: an intro naming the actor, the items are its tasks
        FORMAL + "2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nông nghiệp và Môi trường, Ủy ban nhân "
        "dân các phường, xã, đặc khu:\n\n- Xây dựng chương trình đào tạo và tổ chức tập huấn cho đội ngũ "
        "giảng viên, giáo viên kiến thức về phòng chống và giảm nhẹ rủi ro thiên tai;",
        [
            (
                "Sở Giáo dục và Đào tạo",
                "lead",
                "Xây dựng chương trình đào tạo và tổ chức tập huấn cho đội ngũ "
                "giảng viên, giáo viên kiến thức về phòng chống và giảm nhẹ rủi ro thiên tai",
            )
        ],
        id="intro-actor",
    ),
    pytest.param(
        # a "giao" order: the actor follows the cue, the second part keeps the actor
        FORMAL + "Giao Sở Tư pháp theo dõi, đôn đốc các cơ quan, đơn vị, địa phương triển khai thực hiện Kế "
        "hoạch này; tham mưu sơ kết, tổng kết và định kỳ báo cáo UBND tỉnh theo quy định.",
        [
            (
                "Sở Tư pháp",
                "lead",
                "theo dõi, đôn đốc các cơ quan, đơn vị, địa phương triển khai thực hiện Kế hoạch này",
            ),
            ("Sở Tư pháp", "lead", "tham mưu sơ kết, tổng kết và định kỳ báo cáo UBND tỉnh theo quy định"),
        ],
        id="giao",
    ),
    pytest.param(
        # a regulation article: the officials as written are the actor
        FORMAL
        + "Điều 3. Chánh Văn phòng Ủy ban nhân dân Thành phố, Giám đốc các Sở, Thủ trưởng các cơ quan, "
        "đơn vị trực thuộc Ủy ban nhân dân Thành phố, Chủ tịch Ủy ban nhân dân phường, xã, đặc khu và các "
        "đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.",
        [
            (
                "Chánh Văn phòng Ủy ban nhân dân Thành phố, Giám đốc các Sở, Thủ trưởng các cơ quan, đơn vị trực "
                "thuộc Ủy ban nhân dân Thành phố, Chủ tịch Ủy ban nhân dân phường, xã, đặc khu và các đơn vị có "
                "liên quan",
                "lead",
                "thi hành Quyết định này",
            )
        ],
        id="dieu-thi-hanh",
    ),
    pytest.param(
        # dongthap-kh-552-2025: an appeal
        FORMAL + "Trong quá trình thực hiện nếu có khó khăn, vướng mắc đề nghị các cơ quan, đơn vị và địa "
        "phương phản ánh về Sở Khoa học và Công nghệ để phối hợp giải quyết.",
        [
            (
                "các cơ quan, đơn vị và địa phương",
                "request",
                "phản ánh về Sở Khoa học và Công nghệ để phối hợp giải quyết",
            )
        ],
        id="de-nghi",
    ),
    pytest.param(
        # news-vntc-national-tiemvacxin: a directive in a news report
        "Sáng 17/8, tại hội nghị triển khai chỉ thị về tiêm văcxin phòng cúm, Phó thủ tướng Nguyễn Tấn Dũng "
        "chỉ đạo 64 tỉnh thành phải triển khai đồng bộ các giải pháp phòng chống cúm gia cầm.",
        [
            (
                "Phó thủ tướng Nguyễn Tấn Dũng",
                "direct",
                "64 tỉnh thành phải triển khai đồng bộ các giải pháp phòng chống cúm gia cầm",
            )
        ],
        id="chi-dao",
    ),
    pytest.param(
        # dongthap-kh-552-2025: requirements are duties, purposes are not
        FORMAL + "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Khuyến khích ứng dụng, đổi mới và chuyển giao "
        "công nghệ và thương mại hóa công nghệ.\n\n2. Yêu cầu\n\n- Đổi mới công nghệ phải được triển khai "
        "phù hợp với đặc thù của từng ngành kinh tế mũi nhọn.",
        [
            (
                None,
                "lead",
                "Đổi mới công nghệ phải được triển khai phù hợp với đặc thù của từng ngành kinh tế mũi nhọn",
            )
        ],
        id="requirements",
    ),
    pytest.param(
        # a job-assignment decision: a person's heading, the intro line is not a task
        FORMAL + "Điều 1. Phân công nhiệm vụ cụ thể đối với Công chức Tư pháp - Hộ tịch:\n1. Công chức Tư "
        "pháp - Hộ tịch, Ông Trần Văn An.\na) Tham mưu, giúp Ủy ban nhân dân xã thực hiện nhiệm vụ, quyền "
        "hạn trong lĩnh vực tư pháp.\nb) Trực tiếp thực hiện các nhiệm vụ sau:\n- Thực hiện công tác chứng "
        "thực, hộ tịch theo quy định.",
        [
            (
                "Công chức Tư pháp - Hộ tịch, Ông Trần Văn An",
                "lead",
                "Tham mưu, giúp Ủy ban nhân dân xã thực hiện nhiệm vụ, quyền hạn trong lĩnh vực tư pháp",
            ),
            (
                "Công chức Tư pháp - Hộ tịch, Ông Trần Văn An",
                "lead",
                "Thực hiện công tác chứng thực, hộ tịch theo quy định",
            ),
        ],
        id="person-heading",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_duties_finds_obligation_clauses(text: str, expected: list[tuple[str | None, str, str]]) -> None:
    duties = find_duties(text)
    check_spans(text, duties)
    assert brief(duties) == expected


def test_duties_reads_task_tables() -> None:
    # hcm-qd-2820-2025, Phụ lục: one lead duty per row, columns found by their headers
    text = (
        FORMAL
        + "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian dự kiến hoàn thành | Kết quả dự "
        "kiến\nI | Hoàn thiện thể chế\n1 | Phối hợp rà soát, sửa đổi Luật Quy hoạch và xây dựng các văn bản quy "
        "phạm pháp luật có liên quan. | Sở Tài chính | Các sở, ngành, UBND xã, phường, đặc khu | Quý IV/2025 | "
        "Luật Quy hoạch"
    )
    duties = find_duties(text)
    check_spans(text, duties)
    assert len(duties) == 1
    d = duties[0]
    assert (d.actor, d.role, d.deadline) == ("Sở Tài chính", Role.LEAD, "Quý IV/2025")
    assert d.action.startswith("Phối hợp rà soát, sửa đổi Luật Quy hoạch")
    assert "Sở Tài chính" not in d.partners and d.partners


def test_duties_fields_complete_the_items_above() -> None:
    # hanoi-kh-308-2025: "Đơn vị chủ trì:" names the actor of the task above it
    text = (
        FORMAL
        + "1.1. Xây dựng các Chiến lược triển khai của thành phố Hà Nội:\n\na) Nhiệm vụ: Tham mưu UBND "
        "Thành phố phối hợp với Bộ Công an rà soát, hoàn thiện Chiến lược dữ liệu thành phố Hà Nội đến năm "
        "2030.\n\nb) Cơ quan thực hiện:\n\n- Đơn vị chủ trì: Sở Khoa học và Công nghệ.\n\n- Đơn vị phối hợp: "
        "Các Sở, ban, ngành.\n\nc) Thời gian thực hiện: Hoàn thành trong năm 2025."
    )
    duties = find_duties(text)
    check_spans(text, duties)
    assert [(d.actor, d.role) for d in duties] == [("Sở Khoa học và Công nghệ", Role.LEAD)]
    assert duties[0].action.startswith("Tham mưu UBND Thành phố")


def test_duties_orders_of_a_dispatch() -> None:
    # ttg-cd-217-2025: "Thủ tướng Chính phủ yêu cầu:" then numbered bodies and their tasks
    text = (
        FORMAL
        + "Để chủ động phòng, tránh, ứng phó mưa lũ, Thủ tướng Chính phủ yêu cầu:\n\n1. Chủ tịch Ủy ban "
        "nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa:\n\na) Tổ chức theo dõi chặt chẽ, cập nhật đầy "
        "đủ, thông tin kịp thời về tình hình và dự báo diễn biến mưa lũ.\n\n5. Các Bộ: Quốc phòng, Công an chủ "
        "động chỉ đạo các đơn vị đóng trên địa bàn rà soát kịch bản, phương án.\n\n9. Văn phòng Chính phủ theo "
        "dõi, đôn đốc thực hiện nghiêm túc Công điện theo chức năng, nhiệm vụ được giao."
    )
    duties = find_duties(text)
    check_spans(text, duties)
    assert [(d.actor, d.role) for d in duties] == [
        ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa", Role.LEAD),
        ("Các Bộ: Quốc phòng, Công an", Role.DIRECT),
        ("Văn phòng Chính phủ", Role.LEAD),
    ]
    assert duties[2].action.startswith("theo dõi, đôn đốc thực hiện nghiêm túc Công điện")


def test_duties_news_appeal_and_its_follow_ups() -> None:
    # news-vntc-hcm-hdnd-ngansach: a reported result, then an appeal whose second part goes on
    text = (
        "Theo báo cáo của Sở Tài chính, thu ngân sách thành phố năm 2005 đạt gần 59.000 tỷ đồng, vượt 8,27% so "
        "với dự toán và tăng 22,21% so năm 2004.\n\nNhiều đại biểu cũng đề nghị khi xây dựng dự toán ngân sách "
        "năm, Hội đồng nhân dân thành phố nên tổ chức các cuộc họp chuyên đề đầu tư phát triển để tạo điều kiện "
        "cho đại biểu tiếp cận với kế hoạch và đóng góp ý kiến xây dựng; đồng thời nên đưa ra các mức giới hạn "
        "cho những khoản chi đầu tư vượt kế hoạch."
    )
    duties = find_duties(text)
    check_spans(text, duties)
    assert [(d.actor, d.role) for d in duties] == [
        ("Hội đồng nhân dân thành phố", Role.REQUEST),
        ("Hội đồng nhân dân thành phố", Role.REQUEST),
    ]
    assert duties[0].action.startswith("tổ chức các cuộc họp chuyên đề")
    assert duties[1].action.endswith("vượt kế hoạch")


def test_duties_appeal_continues_in_the_next_part() -> None:
    # dongthap-kh-552-2025: the part after ';' is still the appeal
    text = (
        FORMAL
        + "Trong quá trình thực hiện nếu có khó khăn, vướng mắc đề nghị các cơ quan, đơn vị và địa phương "
        "phản ánh về Sở Khoa học và Công nghệ để phối hợp giải quyết; trường hợp vượt thẩm quyền, Sở Khoa học "
        "và Công nghệ tổng hợp báo cáo và đề xuất, trình Ủy ban nhân dân Tỉnh xem xét, quyết định."
    )
    duties = find_duties(text)
    check_spans(text, duties)
    assert [(d.actor, d.role) for d in duties] == [
        ("các cơ quan, đơn vị và địa phương", Role.REQUEST),
        ("Sở Khoa học và Công nghệ", Role.REQUEST),
    ]


NEAR_MISSES = [
    pytest.param(
        "Từ năm 2020 đến nay, MTTQ các cấp trong Thành phố đã phối hợp tổ chức Tháng cao điểm “Vì "
        "người nghèo” và đã vận động được 58,1 tỷ đồng.",
        id="reported-result",
    ),
    pytest.param("đã vận động được 58,1 tỷ đồng", id="reported-figure"),
    pytest.param(
        FORMAL + "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nTheo đề nghị "
        "của Giám đốc Sở Nội vụ tại Tờ trình số 68/TTr-SNV ngày 25 tháng 11 năm 2025.",
        id="preamble",
    ),
    pytest.param(
        FORMAL + "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.\nNơi nhận:\n- Như Điều 3;"
        "\n- Sở Tài chính phối hợp;\n- Lưu: VT, NC.",
        id="in-force-and-recipients",
    ),
    pytest.param(
        FORMAL + "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Tăng cường năng lực nghiên cứu, ứng dụng "
        "và chuyển giao công nghệ trong các lĩnh vực trọng điểm.",
        id="purpose",
    ),
    pytest.param(
        FORMAL + "II. MỤC TIÊU\n\n- Nâng cao năng lực đổi mới công nghệ cho các ngành kinh tế mũi nhọn.",
        id="target",
    ),
    pytest.param(
        "Theo báo cáo của Bộ Nông nghiệp và Phát triển nông thôn, từ tháng 4 đến nay, dịch cúm gia cầm "
        "đã tái phát tại 19 hộ chăn nuôi ở 15 xã, phường của 8 tỉnh thành phố, gồm: Đồng Tháp, Bến Tre, "
        "Cần Thơ, Trà Vinh.",
        id="city-named-can",
    ),
    pytest.param("Kết thúc tiêm văcxin vào 15/11 để có gia cầm ăn Tết", id="headline"),
    pytest.param(FORMAL + "b) Trực tiếp thực hiện các nhiệm vụ sau:", id="intro-only"),
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_duties_rejects_near_misses(text: str) -> None:
    assert find_duties(text) == []


def test_duties_works_without_agencies_or_deadlines() -> None:
    text = (
        FORMAL
        + "6. Sở Tài chính phối hợp với các cơ quan, đơn vị liên quan tham mưu Ủy ban nhân dân Thành phố."
    )
    duties = find_duties(text, agencies=[], deadlines=[])
    check_spans(text, duties)
    assert [(d.role, d.action) for d in duties] == [(Role.SUPPORT, "tham mưu Ủy ban nhân dân Thành phố")]


def test_duties_to_dict_has_the_schema_fields() -> None:
    text = (
        FORMAL
        + "Giao Sở Tư pháp theo dõi, đôn đốc các cơ quan, đơn vị, địa phương triển khai thực hiện Kế hoạch."
    )
    d = find_duties(text)[0].to_dict()
    assert set(d) == {"actor", "action", "role", "partners", "assigned_by", "deadline", "start", "end"}
    assert d["role"] == "lead" and isinstance(d["partners"], list)


def test_duties_cue_file_rejects_bad_rows() -> None:
    assert parse_cues("# comment\nmarker\tcó trách nhiệm\tlead\n", "x.tsv") == (
        ("marker", "có trách nhiệm", "lead"),
    )
    with pytest.raises(ValueError, match=r"x\.tsv:2"):
        parse_cues("marker\tphải\tlead\nmarker phải lead\n", "x.tsv")
    with pytest.raises(ValueError, match=r"x\.tsv:1: unknown role"):
        parse_cues("marker\tphải\tboss\n", "x.tsv")


@settings(deadline=None, max_examples=200)
@given(
    st.text(
        alphabet=st.sampled_from(
            list('abcđ ĐƯơờ;:.,-+|()“”"\n1a) Sở có trách nhiệm phối hợp với giao đề nghị')
        )
    )
)
def test_duties_never_raise_and_keep_spans(text: str) -> None:
    check_spans(text, find_duties(text, agencies=[], deadlines=[]))


@settings(deadline=None, max_examples=200)
@given(st.text())
def test_duties_never_raise_on_any_text(text: str) -> None:
    check_spans(text, find_duties(text, agencies=[], deadlines=[]))


def test_duties_handle_one_megabyte_line() -> None:
    unit = "Sở Tài chính có trách nhiệm phối hợp với các sở, ngành triển khai thực hiện Kế hoạch này; "
    text = unit * (1_000_000 // len(unit))
    duties = find_duties(text, agencies=[], deadlines=[])
    check_spans(text, duties)
    assert duties
