"""Grammar words of duty clauses that are not cue phrases (the cue phrases are in `duty_cues`).

Heads of noun phrases naming a body or a topic, words after which a verb is a noun, linking
words, the preamble, reported speech, past and conditional openings, and the marker sets the
clause grammar tests against.
"""

from __future__ import annotations

import re

from extractors.duty_cues import WORD_END, WORD_START

# The head of a noun phrase naming a body or an official: such a subject is an actor.
AGENT_HEAD = re.compile(
    r"(?:(?:các|những|mỗi|từng|toàn|toàn bộ|cả|hai|2|đại diện|lãnh đạo)\s+(?:tổ chức|cá nhân)|"
    r"(?:(?:các|những|mỗi|từng|toàn|toàn bộ|cả|hai|2|đại diện|lãnh đạo)\s+)?"
    r"(?:sở(?! hữu)|ban(?! hành)|bộ(?! máy| phận| tiêu chí| công cụ| hồ sơ| dữ liệu| luật)|ủy ban|ubnd|ub|"
    r"ubmttq|hđnd|hội đồng|mttq|mặt trận|văn phòng|phòng(?!,| chống| ngừa| tránh| thủ)|"
    r"công an|hội(?! nghị| thảo| nhập| thi| diễn)|đoàn(?! kết)|liên đoàn|liên minh|tỉnh ủy|thành ủy|"
    r"huyện ủy|đảng ủy|đảng bộ|cấp ủy|chi bộ|trung tâm|chi cục|cục(?! bộ)|tổng cục|thủ tướng|"
    r"chính phủ|tòa án|viện(?! dẫn| trợ)|kho bạc|ngân hàng|báo(?! cáo)|đài|bảo hiểm|bộ chỉ huy|"
    r"ban chỉ huy|cơ quan|đơn vị|địa phương|ngành|tiểu ban|tổ(?! chức| quốc)|thường trực|chủ tịch|"
    r"phó chủ tịch|giám đốc|phó giám đốc|thủ trưởng|chánh|trưởng(?! hợp| thành)|phó|người|bí thư|"
    r"đồng chí|ông|bà|công chức|cán bộ|lãnh đạo|thành viên|doanh nghiệp|hợp tác xã|hệ thống|"
    r"chính quyền|tỉnh|thành phố|tp|huyện|xã(?! hội)|phường|thị trấn|quận|đặc khu|bên(?! cạnh| ngoài| trong)|"
    r"quốc hội|kiểm toán|thanh tra|lực lượng|quỹ|nhà trường|liên hiệp|hiệp hội|học viện|"
    r"đại học|ban quản lý|bộ đội|quân khu|đài phát thanh|báo và phát thanh|trường(?! hợp| thành| kỳ| độ)))"
    rf"{WORD_END}",
    re.IGNORECASE,
)
# A topic, not a body: "Công tác khánh tiết phải …", "Việc kê khai phải …".
TOPIC_HEAD = re.compile(
    r"(?:việc|công tác|nội dung|phương pháp|hình thức|kinh phí|quá trình|thời gian|bản kê khai|"
    r"hồ sơ|kế hoạch|chương trình|dự án|báo cáo|văn bản|sản phẩm|tài liệu|dữ liệu|đề án|số liệu|"
    r"mô hình|hoạt động|cuộc họp|hội nghị|quy trình|thông tin|phương án|nguồn|mức|chế độ|"
    r"tiêu chuẩn|điều kiện|danh mục|biên bản)"
    rf"{WORD_END}",
    re.IGNORECASE,
)
# A verb right after these words is a noun ("các tổ chức thành viên", "công tác tuyên truyền").
NOMINAL_BEFORE = frozenset(
    [
        "các",
        "những",
        "mỗi",
        "từng",
        "của",
        "cho",
        "với",
        "việc",
        "công tác",
        "sự",
        "cuộc",
        "cuộc họp",
        "kế hoạch",
        "chương trình",
        "quy chế",
        "hội nghị",
        "nhiệm vụ",
        "kết quả",
        "hoạt động",
        "quá trình",
        "nội dung",
        "phong trào",
        "cơ chế",
        "chính sách",
        "đề án",
        "dự án",
        "giải pháp",
        "biện pháp",
        "hình thức",
        "phương án",
        "đợt",
        "mô hình",
        "ban",
        "tổ",
        "tiểu ban",
        "hội đồng",
        "ủy ban",
        "cơ quan",
        "đơn vị",
        "trung tâm",
        "người",
        "được",
        "bị",
        "khi",
        "để",
        "là",
        "trong",
        "về",
        "tại",
        "qua",
        "do",
        "theo",
        "đã",
        "đang",
        "vừa",
        "năng lực",
        "trình độ",
        "công việc",
        "lĩnh vực",
        "yêu cầu",
        "khả năng",
        "tài liệu",
        "văn bản",
        "ngày",
        "tháng",
        "quyền",
        "và",
        "hoặc",
        "lần",
        "nghĩa vụ",
        "trách nhiệm",
    ]
)
# A marker right after these words is part of a noun ("Ban chỉ đạo", "vai trò chủ động").
NOMINAL_MARKER = frozenset(
    [
        "ban",
        "tổ",
        "tiểu ban",
        "hội đồng",
        "ủy ban",
        "công tác",
        "sự",
        "việc",
        "vai trò",
        "tính",
        "tinh thần",
        "văn bản",
        "ý kiến",
        "nội dung",
        "các",
        "những",
        "của",
        "cho",
        "được",
        "theo",
        "với",
        "và",
        "khi",
        "để",
        "trong",
        "về",
    ]
)
# "cơ quan, tổ chức, đơn vị": a verb-like word inside a list of nouns.
LISTED_NOUN = frozenset(
    w + "," for w in ["cơ quan", "đơn vị", "cá nhân", "doanh nghiệp", "địa phương", "ngành", "hộ gia đình"]
)


def after(words: frozenset[str], text: str, a: int, pos: int) -> bool:
    """The one or two words right before `pos` (and after `a`) are one of `words`."""
    before = text[max(a, pos - 24) : pos]
    if not before or not before[-1].isspace():
        return False
    tail = before.lower().split()
    if not tail:
        return False
    return tail[-1] in words or (len(tail) > 1 and f"{tail[-2]} {tail[-1]}" in words)


# What links the partners to the task: "phối hợp với X trong việc …", "… để …".
PARTNER_LINK = re.compile(r"\s(?:trong việc|trong công tác|về việc|để|nhằm)\s+", re.IGNORECASE)
LEADING = re.compile(
    r"(?:(?:theo đó|bên cạnh đó|đồng thời|ngoài ra|trong đó|mặt khác|ngược lại|tuy nhiên|"
    r"do đó|vì vậy|cụ thể|trước mắt|sau đó|còn|riêng|thời gian tới|trong thời gian tới|"
    r"tới đây|sắp tới|trên cơ sở đó|để thực hiện hiệu quả|để thực hiện|nhất là|đặc biệt là)\s*[,:]?\s+)+",
    re.IGNORECASE,
)
# An adverbial that opens a clause in place of a subject: "Trong công tác giám sát chủ trì …".
ADVERBIAL = re.compile(
    r"(?:trong|về|đối với|tại|qua|với|theo|để|khi|sau khi|trước khi|trên)\s", re.IGNORECASE
)
CONDITION = re.compile(r"(?:trường hợp|nếu|khi)\b[^;]{0,240}?(?:,\s*)?\bthì\s+", re.IGNORECASE)
_DOC_TYPES = (
    r"(?:luật|bộ luật|hiến pháp|nghị định|nghị quyết|quyết định|thông tư|kế hoạch|chỉ thị|công văn|công điện|"
    r"văn bản|chương trình|quy chế|quy định|hướng dẫn|tờ trình|kết luận|thông báo|đề án|điều lệ)"
)
# The preamble: "Căn cứ Luật …", "Theo đề nghị của …", "Thực hiện Quyết định số …".
PREAMBLE = re.compile(
    r"\W*(?:(?:căn cứ|xét)(?:\s+(?:theo|vào|tại))?\s+(?:" + _DOC_TYPES + r"|tình hình|ý kiến|đề nghị|"
    r"điều|số|mục|khoản|điểm|phần)|theo đề nghị|xét đề nghị|"
    r"(?:thực hiện|theo|trên cơ sở)\s+" + _DOC_TYPES + r"\s+(?:số|\d|liên tịch|của|ngày))",
    re.IGNORECASE,
)
NOT_APPEAL = re.compile(
    r"(?:theo|của|xét|tại|có|được|bàn|các|những|sự|mục đích,?(?:\s+và)?)\s+$", re.IGNORECASE
)
NOT_CAN = re.compile(r"cần\s+(?:thiết|có|được ưu tiên|tới|đến|bao nhiêu)|khi cần|nếu cần", re.IGNORECASE)
# "Các Bộ … theo chức năng, nhiệm vụ, thẩm quyền chủ động …": the actor ends before the manner phrase.
ACTOR_TAIL = re.compile(
    r"[\s,]+(?:theo|căn cứ|căn cứ vào|trong phạm vi|thuộc phạm vi)\s+(?:chức năng|thẩm quyền|phạm vi|nhiệm vụ)",
    re.IGNORECASE,
)
# A paragraph that goes on with the appeal before it: "Đồng thời, …", "Ngược lại, …".
CONTINUING = re.compile(
    r"(?:đồng thời|ngoài ra|bên cạnh đó|ngược lại|mặt khác|cùng với đó|trong đó|song song)\b", re.IGNORECASE
)
# An adverbial clause before the subject: "Để đảm bảo cân đối nguồn chi …, thành phố phải …",
# "Phát biểu tại hội nghị, Chủ tịch … đề nghị …".
ADVERBIAL_CLAUSE = re.compile(
    r"(?:(?:nếu|khi)\s+có\s+(?:phát sinh\s+)?khó khăn(?:,|\s+và)?\s*(?:vướng mắc)?[^,;:]{0,80}?,\s+"
    r"|(?:để|ngoài việc|bên cạnh việc|nhằm|với mục tiêu|trong quá trình|khi|nếu|phát biểu|giải trình|trả lời|"
    r"chia sẻ|báo cáo|thông tin với|tại)\s[^,;:]{0,150}?,\s+)",
    re.IGNORECASE,
)
DEICTIC = re.compile(r"(?:đây|đó|điều này|việc này)(?:\s+(?:cũng|chính|là))", re.IGNORECASE)
NOT_SUBJECT = re.compile(
    rf"{WORD_START}(?:để|khi|nếu|do|mà|thì|nhằm|bằng cách|sẽ|vì){WORD_END}", re.IGNORECASE
)
# Reported speech: "Ông X khẳng định các sở cần …" - the subject is what follows the verb.
SPEECH = re.compile(
    rf"{WORD_START}(?:khẳng định|cho rằng|nhấn mạnh|cho biết|nêu rõ|lưu ý|nhận định|đánh giá|phát biểu|nói|"
    rf"đề nghị|yêu cầu|chỉ đạo|kết luận)(?:\s+rằng)?{WORD_END}[\s,:]*",
    re.IGNORECASE,
)
PAST_OPEN = re.compile(
    r"^(?:dịp này|nhân dịp|năm\s+\d{4}|từ năm|từ đầu năm|thời gian qua|trong thời gian qua|vừa qua|qua\s+\d+\s+năm|"
    r"sau\s+\d+\s+năm|kết quả|đến nay|tính đến|thực hiện chương trình này|ngày\s+\d|"
    r"(?:sáng|chiều|tối)\s+(?:ngày\s+)?\d)",
    re.IGNORECASE,
)
PAST_WORD = re.compile(rf"{WORD_START}(?:đã|vừa|từng){WORD_END}", re.IGNORECASE)
COPULA = re.compile(r"(?<!nhất )\blà\s+(?:hơn|khoảng|gần|trên|dưới|\d)", re.IGNORECASE)
MODAL_AFTER = re.compile(
    rf"{WORD_START}(?:phải|cần|cần phải|khẩn trương|nghiêm túc){WORD_END}", re.IGNORECASE
)
RELATIVE = re.compile(r"(?:(?:những|các|mọi)\s+)?người", re.IGNORECASE)
# People an appeal may address: "kêu gọi các tầng lớp Nhân dân …", "khuyến khích doanh nghiệp …".
PEOPLE = re.compile(
    r"(?:(?:các|mọi|toàn thể|toàn|những)\s+)?(?:tầng lớp|cán bộ|nhân dân|người dân|hội viên|đoàn viên|doanh nghiệp|"
    r"tổ chức|cá nhân|nhà|đồng bào|cử tri|thanh niên|phụ nữ|hộ gia đình|người)\b",
    re.IGNORECASE,
)
GENERIC_TAIL = re.compile(
    r"(?:\s*,|\s+và)\s+(?:các\s+)?(?:địa phương|đơn vị|cơ quan|tổ chức|cá nhân|doanh nghiệp)"
    r"(?:\s+(?:có\s+)?liên quan)?(?![\wÀ-ỹ])",
    re.IGNORECASE,
)
JOIN = re.compile(r"\s*(?:,|;|và|cùng)\s*(?:các\s+)?(?=\S)", re.IGNORECASE)
NOT_NEN = re.compile(r"\s+(?:chưa|không|đã|vẫn|rất|cũng|mới|được|bị|dẫn)\b", re.IGNORECASE)
CAUSE = frozenset({"do", "vì", "do đó", "vì vậy", "cho", "mà", "và"})
MAY = re.compile(rf"(?:có thể|được phép|không bắt buộc){WORD_END}", re.IGNORECASE)
INTRO_END = re.compile(
    r"(?:sau|như sau|gồm|bao gồm|các nội dung sau|sau đây|như sau đây|như)\s*:?\s*$", re.IGNORECASE
)
NOT_GIAO = re.compile(
    r"giao\s+(?:ban|thông|dịch|lưu|nhận|thoa|tiếp|kết|đất|rừng|khoán|ước|nộp|hàng|quyền|việc)", re.IGNORECASE
)
NUMBERISH = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])[.)]?\s*$")
EXPLICIT = frozenset(
    {
        "có trách nhiệm",
        "có nhiệm vụ",
        "có nghĩa vụ",
        "chịu trách nhiệm",
        "được giao",
        "được phân công",
        "cam kết",
    }
)
MODAL = frozenset({"phải", "cần", "cần phải", "nên", "sẽ", "dự kiến"})
DIRECTING = frozenset({"chỉ đạo", "đôn đốc", "hướng dẫn"})
