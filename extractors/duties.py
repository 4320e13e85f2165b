"""Duties: who must do what, found in obligation clauses, task lists and task tables.

`find_duties(text, agencies, deadlines)` returns one `Duty` per obligation clause: a
sentence, or a part of it separated by `;`. Cue phrases (obligation markers, appeal and
order verbs, task verbs, section headings) are rows of `extractors/data/duty_cues.tsv`.

Forms recognized:

- Actor + marker + action: "Sở Dân tộc và Tôn giáo có trách nhiệm chủ trì, phối hợp với
  các cơ quan, đơn vị liên quan tổ chức triển khai thực hiện Quyết định này" (lead, the
  partners after "phối hợp với" leave the action); markers are có trách nhiệm, có nhiệm
  vụ, chịu trách nhiệm, được giao, cam kết, cần, phải, sẽ, chủ trì, phối hợp với,
  tiếp tục, chủ động, tập trung.
- Role from the predicate: "X phối hợp với Y …", "X tham gia …" (support); "X chủ trì,
  phối hợp với Y …" (lead); "X chỉ đạo / đôn đốc / hướng dẫn Y …" (direct, the
  directed bodies stay in the action).
- Orders and appeals: "Giao Sở Nội vụ chủ trì xây dựng kế hoạch …" (actor after "giao",
  assigned_by the body before it or the one the passage is about); "yêu cầu Thủ trưởng
  các sở … nghiêm túc triển khai …"; "đề nghị UBND thành phố … triển khai …", "kêu gọi",
  "khuyến khích" (request), and the clauses and sentences that continue the appeal.
- Actor headings: "3. Sở Tài chính:", "a) Ủy ban nhân dân các xã, phường:", "1. Công chức
  Văn phòng - Thống kê, Ông Nguyễn Văn Sang." and "6. Sở Công Thương: Chủ trì, …": each
  task item below (or after the colon) is a duty of that actor.
- Task items without an actor under task sections ("II. NHIỆM VỤ", "2. Yêu cầu",
  "IV. TỔ CHỨC THỰC HIỆN", "Hình thức tuyên truyền"): each item or `;` part that opens
  with a task verb ("- Tuyên truyền …", "- Rà soát, …") is a duty with actor null, or
  of the heading's actor; the heading's time phrase is its deadline.
- Clauses whose subject is a topic, not a body: "Công tác khánh tiết phải trang trọng,
  chu đáo …" (actor null, the whole clause is the action).
- Intros that name the actor of the items below them: "2. Sở Giáo dục và Đào tạo chủ trì,
  phối hợp với Sở Nông nghiệp và Môi trường, Ủy ban nhân dân các phường, xã, đặc khu:"
  (lead, those partners); "Thủ tướng Chính phủ yêu cầu:" and "… đề nghị các cơ quan thực
  hiện một số nội dung sau:" (the items are orders, or requests).
- Labelled fields after task items: "- Đơn vị chủ trì: Sở Tư pháp.", "Đơn vị phối hợp:",
  "Thời gian thực hiện:" give the actor (lead), partners and deadline of the items above;
  "a) Nhiệm vụ: …" is a task item.
- Lists of bodies as one actor: "Các Bộ: Quốc phòng, Công an chủ động chỉ đạo …",
  "Chánh Văn phòng …; Giám đốc các Sở: …; Thủ trưởng các cơ quan … chịu trách nhiệm …";
  "theo chức năng, nhiệm vụ" after them stays out of the actor.
- Task tables: a header row naming "Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
  Thời gian hoàn thành" (columns found by their header words); each later row is a
  lead duty of the lead cell, partners from the support cell, deadline the time cell.
- Regulation articles: "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở … chịu
  trách nhiệm thi hành Quyết định này" (actor: the officials as written).
- Actors are noun phrases (underthesea POS on the actor only, `_nlp.tag`): "Đồng thời, các
  ngành chức năng cải tạo, nâng cấp …" -> actor "các ngành chức năng", action "cải tạo, nâng
  cấp …"; "Sở Xây dựng là cơ quan chuyên môn, có trách nhiệm …" -> "Sở Xây dựng". Kept whole:
  "Đơn vị thoát nước", "Sở Nông nghiệp và Phát triển nông thôn", "các sở, ngành có liên quan".
- Narrative text (news): sentences with a marker, and the sentences that continue a
  duty's actor ("Phối hợp với …", "Tổ chức đối thoại …") or follow "Thời gian tới".

Near-misses rejected:

- Reported results: "đã vận động được 58,1 tỷ đồng", "đã được", "thời gian qua …",
  "Từ năm 2020 đến nay …", and task-verb sentences in a report about the past.
- Purpose, target and background sections ("1. Mục đích", "II. MỤC TIÊU", "Tình hình",
  "Kết quả"), slogans ("KHẨU HIỆU"), unless a clause carries its own marker.
- The preamble ("Căn cứ Luật …", "Theo đề nghị của Giám đốc Sở …"), "Nơi nhận:" lists,
  the decision itself ("Điều 1. Công nhận …", "Quyết định này có hiệu lực …").
- Items that only introduce a list ("b) Trực tiếp thực hiện các nhiệm vụ sau:") and the
  elaborations under a duty that ends in "cụ thể:".
- Nouns built from task verbs and markers: "công tác tuyên truyền", "các tổ chức thành
  viên", "Ban Chỉ đạo", "việc thực hiện", "vai trò chủ động", "Lãnh đạo Ủy ban nhân dân
  tỉnh" (the leaders), "các văn bản chỉ đạo của Tỉnh ủy"; names read as words: "Cần Thơ".
- Relative clauses and forecasts: "Những người phải kê khai …", "Các cơ sở này sẽ …",
  "Đây là đợt mưa lớn tiếp tục …"; permissions: "thì có thể kê khai …".
- In news: headlines and captions (no final punctuation), quoted remarks, and a plain
  predicate whose subject is not a named body.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

from extractors import _nlp
from extractors.span import Span

_DATA = "duty_cues.tsv"


class Role(StrEnum):
    LEAD = "lead"  # the actor carries the task (chủ trì, có trách nhiệm, a plain task verb)
    SUPPORT = "support"  # the actor co-operates (phối hợp, tham gia)
    DIRECT = "direct"  # the actor directs other bodies (chỉ đạo, đôn đốc, hướng dẫn)
    REQUEST = "request"  # the actor is asked rather than ordered (đề nghị, kêu gọi)


@dataclass(frozen=True, slots=True)
class Duty:
    """One obligation clause.

    span: the clause in the text (`text[span.start:span.end] == span.text`).
    actor: surface text of the body (or official) that must act, as written, several
        bodies acting together as one joined phrase; None when the text leaves it implicit.
    actor_span: where `actor` is written (for an actor heading, the heading), or None.
    action: the task, from its verb to the end of the clause, without the actor and the
        obligation marker.
    role: `Role`: lead, support, direct or request.
    partners: surface texts of the co-operating bodies ("phối hợp với X"), maybe empty.
    assigned_by: surface text of the body that gives the task ("UBND tỉnh giao …"), or None.
    deadline: surface text of the time constraint attached to the duty, or None.
    """

    span: Span
    actor: str | None
    actor_span: Span | None
    action: str
    role: Role
    partners: tuple[str, ...]
    assigned_by: str | None
    deadline: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "actor": self.actor,
            "action": self.action,
            "role": self.role.value,
            "partners": list(self.partners),
            "assigned_by": self.assigned_by,
            "deadline": self.deadline,
            "start": self.span.start,
            "end": self.span.end,
        }


# ---------------------------------------------------------------------------
# Cue phrases (extractors/data/duty_cues.tsv)

_KINDS = frozenset(
    {
        "marker",
        "request",
        "order",
        "verb",
        "verb1",
        "adverb",
        "past",
        "future",
        "skip",
        "task",
        "lead_field",
        "support_field",
        "time_field",
        "task_field",
    }
)


@cache
def _cue_rows() -> tuple[tuple[str, str, str], ...]:
    """Rows of duty_cues.tsv as (kind, phrase, role)."""
    return parse_cues(files("extractors.data").joinpath(_DATA).read_text(encoding="utf-8"), _DATA)


def parse_cues(source: str, name: str) -> tuple[tuple[str, str, str], ...]:
    """Rows of a cue file as (kind, phrase, role); a bad row raises ValueError naming `name` and the line."""
    rows = []
    for lineno, line in enumerate(source.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in _KINDS or not parts[1].strip():
            raise ValueError(f"{name}:{lineno}: expected 'kind<TAB>phrase<TAB>role', got {line!r}")
        kind, phrase, role = parts
        if role != "-" and role not in {r.value for r in Role}:
            raise ValueError(f"{name}:{lineno}: unknown role {role!r}")
        rows.append((kind, phrase.strip(), role))
    return tuple(rows)


_W = r"[\wÀ-ỹ]"  # a word character, Vietnamese letters included
_B = rf"(?<!{_W})"  # word start
_E = rf"(?!{_W})"  # word end


def _phrases(*kinds: str) -> list[str]:
    return sorted({p for k, p, _ in _cue_rows() if k in kinds}, key=len, reverse=True)


def _words(*kinds: str) -> re.Pattern[str]:
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _phrases(*kinds))
    return re.compile(rf"{_B}(?:{alt}){_E}", re.IGNORECASE)


def _key(s: str) -> str:
    return " ".join(s.lower().replace(",", " ").split())


_WORD = re.compile(r"[\wÀ-ỹ]+")


class _Hit:
    """A lexicon phrase found in the text (the slice of `re.Match` the grammar uses)."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _: int = 0) -> str:
        return self._text


class _Lexicon:
    """Phrases looked up word by word: much faster than one long regex alternation."""

    def __init__(self, phrases: Sequence[str]) -> None:
        index: dict[str, list[str]] = {}
        for p in phrases:
            index.setdefault(_WORD.match(p.lower()).group(), []).append(p.lower())  # type: ignore[union-attr]
        self.index = {k: sorted(v, key=len, reverse=True) for k, v in index.items()}

    def at(self, text: str, pos: int, b: int) -> _Hit | None:
        """The longest phrase that starts at `pos` (a word start) and ends at a word end."""
        m = _WORD.match(text, pos, b)
        if m is None or (pos > 0 and _is_word(text[pos - 1])):
            return None
        return self._at(text, pos, b, m.group().lower())

    def _at(self, text: str, pos: int, b: int, first: str) -> _Hit | None:
        for p in self.index.get(first, ()):
            end = pos + len(p)
            if end <= b and text[pos:end].lower() == p and not (end < len(text) and _is_word(text[end])):
                return _Hit(pos, end, text[pos:end])
        return None

    def scan(self, text: str, a: int, b: int) -> Iterator[_Hit]:
        for m in _WORD.finditer(text, a, b):
            start = m.start()
            if start == a and start > 0 and _is_word(text[start - 1]):
                continue  # the range starts inside a word
            first = m.group().lower()
            if first in self.index:
                hit = self._at(text, start, b, first)
                if hit is not None:
                    yield hit


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True, slots=True)
class _Cues:
    marker: re.Pattern[str]
    request: re.Pattern[str]
    order: re.Pattern[str]
    verb: _Lexicon  # task verbs of two syllables or more: safe anywhere
    start_verb: _Lexicon  # all task verbs, one-syllable ones included: where an action starts
    adverb: re.Pattern[str]
    past: re.Pattern[str]
    future: re.Pattern[str]
    skip: re.Pattern[str]
    task: re.Pattern[str]
    field: re.Pattern[str]
    field_kind: dict[str, str]
    role: dict[str, Role]  # verb or marker -> the role it implies


@cache
def _cues() -> _Cues:
    field_kind: dict[str, str] = {}
    for kind in ("lead_field", "support_field", "time_field", "task_field"):
        for p in _phrases(kind):
            field_kind.setdefault(_key(p), kind)
    fields = "|".join(
        re.escape(p).replace(r"\ ", r"\s+")
        for p in _phrases("lead_field", "support_field", "time_field", "task_field")
    )
    role = {_key(p): Role(r) for k, p, r in _cue_rows() if k in ("verb", "verb1") and r != "-"}
    role.update({_key(p): Role(r) for k, p, r in _cue_rows() if k == "marker"})
    heading = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _phrases("skip"))
    task = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _phrases("task"))
    return _Cues(
        marker=_words("marker"),
        request=_words("request"),
        order=_words("order"),
        verb=_Lexicon(_phrases("verb")),
        start_verb=_Lexicon(_phrases("verb", "verb1")),
        adverb=re.compile(rf"(?:{'|'.join(map(re.escape, _phrases('adverb')))}){_E}[\s,]*", re.IGNORECASE),
        past=_words("past"),
        future=_words("future"),
        skip=re.compile(rf"^\W*(?:{heading}){_E}", re.IGNORECASE),
        task=re.compile(rf"^\W*(?:{task}){_E}", re.IGNORECASE),
        field=re.compile(
            rf"(?:{fields})(?:\s+(?:thực hiện|chính|tham mưu(?: thực hiện)?))?\s*:", re.IGNORECASE
        ),
        field_kind=field_kind,
        role=role,
    )


# ---------------------------------------------------------------------------
# Grammar words that are not cue phrases

# The head of a noun phrase naming a body or an official: such a subject is an actor.
_AGENT_HEAD = re.compile(
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
    rf"{_E}",
    re.IGNORECASE,
)
# A topic, not a body: "Công tác khánh tiết phải …", "Việc kê khai phải …".
_TOPIC_HEAD = re.compile(
    r"(?:việc|công tác|nội dung|phương pháp|hình thức|kinh phí|quá trình|thời gian|bản kê khai|"
    r"hồ sơ|kế hoạch|chương trình|dự án|báo cáo|văn bản|sản phẩm|tài liệu|dữ liệu|đề án|số liệu|"
    r"mô hình|hoạt động|cuộc họp|hội nghị|quy trình|thông tin|phương án|nguồn|mức|chế độ|"
    r"tiêu chuẩn|điều kiện|danh mục|biên bản)"
    rf"{_E}",
    re.IGNORECASE,
)
# A verb right after these words is a noun ("các tổ chức thành viên", "công tác tuyên truyền").
_NOMINAL_BEFORE = frozenset(
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
_NOMINAL_MARKER = frozenset(
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
_LISTED_NOUN = frozenset(
    w + "," for w in ["cơ quan", "đơn vị", "cá nhân", "doanh nghiệp", "địa phương", "ngành", "hộ gia đình"]
)


def _after(words: frozenset[str], text: str, a: int, pos: int) -> bool:
    """The one or two words right before `pos` (and after `a`) are one of `words`."""
    before = text[max(a, pos - 24) : pos]
    if not before or not before[-1].isspace():
        return False
    tail = before.lower().split()
    if not tail:
        return False
    return tail[-1] in words or (len(tail) > 1 and f"{tail[-2]} {tail[-1]}" in words)


# What links the partners to the task: "phối hợp với X trong việc …", "… để …".
_PARTNER_LINK = re.compile(r"\s(?:trong việc|trong công tác|về việc|để|nhằm)\s+", re.IGNORECASE)
_LEADING = re.compile(
    r"(?:(?:theo đó|bên cạnh đó|đồng thời|ngoài ra|trong đó|mặt khác|ngược lại|tuy nhiên|"
    r"do đó|vì vậy|cụ thể|trước mắt|sau đó|còn|riêng|thời gian tới|trong thời gian tới|"
    r"tới đây|sắp tới|trên cơ sở đó|để thực hiện hiệu quả|để thực hiện|nhất là|đặc biệt là)\s*[,:]?\s+)+",
    re.IGNORECASE,
)
# An adverbial that opens a clause in place of a subject: "Trong công tác giám sát chủ trì …".
_ADVERBIAL = re.compile(
    r"(?:trong|về|đối với|tại|qua|với|theo|để|khi|sau khi|trước khi|trên)\s", re.IGNORECASE
)
_CONDITION = re.compile(r"(?:trường hợp|nếu|khi)\b[^;]{0,240}?(?:,\s*)?\bthì\s+", re.IGNORECASE)
_DOC_TYPES = (
    r"(?:luật|bộ luật|hiến pháp|nghị định|nghị quyết|quyết định|thông tư|kế hoạch|chỉ thị|công văn|công điện|"
    r"văn bản|chương trình|quy chế|quy định|hướng dẫn|tờ trình|kết luận|thông báo|đề án|điều lệ)"
)
# The preamble: "Căn cứ Luật …", "Theo đề nghị của …", "Thực hiện Quyết định số …".
_PREAMBLE = re.compile(
    r"\W*(?:(?:căn cứ|xét)(?:\s+(?:theo|vào|tại))?\s+(?:" + _DOC_TYPES + r"|tình hình|ý kiến|đề nghị|"
    r"điều|số|mục|khoản|điểm|phần)|theo đề nghị|xét đề nghị|"
    r"(?:thực hiện|theo|trên cơ sở)\s+" + _DOC_TYPES + r"\s+(?:số|\d|liên tịch|của|ngày))",
    re.IGNORECASE,
)
_NOT_APPEAL = re.compile(
    r"(?:theo|của|xét|tại|có|được|bàn|các|những|sự|mục đích,?(?:\s+và)?)\s+$", re.IGNORECASE
)
_NOT_CAN = re.compile(r"cần\s+(?:thiết|có|được ưu tiên|tới|đến|bao nhiêu)|khi cần|nếu cần", re.IGNORECASE)
# "Các Bộ … theo chức năng, nhiệm vụ, thẩm quyền chủ động …": the actor ends before the manner phrase.
_ACTOR_TAIL = re.compile(
    r"[\s,]+(?:theo|căn cứ|căn cứ vào|trong phạm vi|thuộc phạm vi)\s+(?:chức năng|thẩm quyền|phạm vi|nhiệm vụ)",
    re.IGNORECASE,
)
# A paragraph that goes on with the appeal before it: "Đồng thời, …", "Ngược lại, …".
_CONTINUING = re.compile(
    r"(?:đồng thời|ngoài ra|bên cạnh đó|ngược lại|mặt khác|cùng với đó|trong đó|song song)\b", re.IGNORECASE
)
# An adverbial clause before the subject: "Để đảm bảo cân đối nguồn chi …, thành phố phải …",
# "Phát biểu tại hội nghị, Chủ tịch … đề nghị …".
_ADVERBIAL_CLAUSE = re.compile(
    r"(?:(?:nếu|khi)\s+có\s+(?:phát sinh\s+)?khó khăn(?:,|\s+và)?\s*(?:vướng mắc)?[^,;:]{0,80}?,\s+"
    r"|(?:để|ngoài việc|bên cạnh việc|nhằm|với mục tiêu|trong quá trình|khi|nếu|phát biểu|giải trình|trả lời|"
    r"chia sẻ|báo cáo|thông tin với|tại)\s[^,;:]{0,150}?,\s+)",
    re.IGNORECASE,
)
_DEICTIC = re.compile(r"(?:đây|đó|điều này|việc này)(?:\s+(?:cũng|chính|là))", re.IGNORECASE)
_NOT_SUBJECT = re.compile(rf"{_B}(?:để|khi|nếu|do|mà|thì|nhằm|bằng cách|sẽ|vì){_E}", re.IGNORECASE)
# Reported speech: "Ông X khẳng định các sở cần …" - the subject is what follows the verb.
_SPEECH = re.compile(
    rf"{_B}(?:khẳng định|cho rằng|nhấn mạnh|cho biết|nêu rõ|lưu ý|nhận định|đánh giá|phát biểu|nói|"
    rf"đề nghị|yêu cầu|chỉ đạo|kết luận)(?:\s+rằng)?{_E}[\s,:]*",
    re.IGNORECASE,
)
_PAST_OPEN = re.compile(
    r"^(?:dịp này|nhân dịp|năm\s+\d{4}|từ năm|từ đầu năm|thời gian qua|trong thời gian qua|vừa qua|qua\s+\d+\s+năm|"
    r"sau\s+\d+\s+năm|kết quả|đến nay|tính đến|thực hiện chương trình này|ngày\s+\d|"
    r"(?:sáng|chiều|tối)\s+(?:ngày\s+)?\d)",
    re.IGNORECASE,
)
_PAST_WORD = re.compile(rf"{_B}(?:đã|vừa|từng){_E}", re.IGNORECASE)
_COPULA = re.compile(r"(?<!nhất )\blà\s+(?:hơn|khoảng|gần|trên|dưới|\d)", re.IGNORECASE)
_MODAL_AFTER = re.compile(rf"{_B}(?:phải|cần|cần phải|khẩn trương|nghiêm túc){_E}", re.IGNORECASE)
_RELATIVE = re.compile(r"(?:(?:những|các|mọi)\s+)?người", re.IGNORECASE)
# People an appeal may address: "kêu gọi các tầng lớp Nhân dân …", "khuyến khích doanh nghiệp …".
_PEOPLE = re.compile(
    r"(?:(?:các|mọi|toàn thể|toàn|những)\s+)?(?:tầng lớp|cán bộ|nhân dân|người dân|hội viên|đoàn viên|doanh nghiệp|"
    r"tổ chức|cá nhân|nhà|đồng bào|cử tri|thanh niên|phụ nữ|hộ gia đình|người)\b",
    re.IGNORECASE,
)
_GENERIC_TAIL = re.compile(
    r"(?:\s*,|\s+và)\s+(?:các\s+)?(?:địa phương|đơn vị|cơ quan|tổ chức|cá nhân|doanh nghiệp)"
    r"(?:\s+(?:có\s+)?liên quan)?(?![\wÀ-ỹ])",
    re.IGNORECASE,
)
_JOIN = re.compile(r"\s*(?:,|;|và|cùng)\s*(?:các\s+)?(?=\S)", re.IGNORECASE)
_NOT_NEN = re.compile(r"\s+(?:chưa|không|đã|vẫn|rất|cũng|mới|được|bị|dẫn)\b", re.IGNORECASE)
_CAUSE = frozenset({"do", "vì", "do đó", "vì vậy", "cho", "mà", "và"})
_MAY = re.compile(rf"(?:có thể|được phép|không bắt buộc){_E}", re.IGNORECASE)
_INTRO_END = re.compile(
    r"(?:sau|như sau|gồm|bao gồm|các nội dung sau|sau đây|như sau đây|như)\s*:?\s*$", re.IGNORECASE
)
_NOT_GIAO = re.compile(
    r"giao\s+(?:ban|thông|dịch|lưu|nhận|thoa|tiếp|kết|đất|rừng|khoán|ước|nộp|hàng|quyền|việc)", re.IGNORECASE
)
_NUMBERISH = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])[.)]?\s*$")
_EXPLICIT = frozenset(
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
_MODAL = frozenset({"phải", "cần", "cần phải", "nên", "sẽ", "dự kiến"})
_DIRECTING = frozenset({"chỉ đạo", "đôn đốc", "hướng dẫn"})


# ---------------------------------------------------------------------------
# Items: lines, table cells and inline list items, with their labels

_LABEL = re.compile(
    r"(?P<label>(?:chương|phần)\s+(?:thứ\s+)?(?:[IVXLC]+|\d+|nhất|hai|ba|bốn|năm|sáu)\b[.:]?"
    r"|điều\s+\d+[a-z]?\s*[.:]?"
    r"|[IVXLC]+[.)](?=\s)"
    r"|\d{1,2}(?:\.\d{1,2})*[.)](?=\s)|\d{1,2}(?:\.\d{1,2})+(?=\s)"
    r"|\(?[a-zđ]\)(?=\s)"
    r"|\(\s*\*?\s*\)"
    r"|[-+•*–](?=\s))\s*",
    re.IGNORECASE,
)
# A label after a sentence end inside one long line starts a new item.
_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and (c < "ɏ" or c >= "Ḁ"))
_INLINE = re.compile(
    r"(?<=[.;:!?…])\s+(?=(?:Điều\s+\d+|[IVXLC]+\.\s|\d{1,2}(?:\.\d{1,2})*\.\s|[a-zđ]\)\s|[-+•]\s)"
    rf"[\"“(\[{_UPPER}])"
)
_SENTENCE_END = re.compile(rf"(?<=[.!?…])\s+(?=[\"“(\[\d{_UPPER}])")


def _rank(label: str) -> float:
    """Nesting depth of a label: smaller is outer."""
    low = label.lower()
    if not low:
        return 99
    if low.startswith(("chương", "phần")):
        return 0
    if low.startswith("điều"):
        return 2
    if re.fullmatch(r"[ivxlc]+[.)]", low) and label[0].isupper():
        return 1
    if low[0].isdigit():
        return 3 + low.rstrip(".)").count(".")
    if low.startswith("("):
        return 6.5
    if low.endswith(")"):
        return 7
    return 9 if low == "+" else 8


@dataclass(slots=True)
class _Item:
    start: int  # label start
    body: int  # text after the label
    end: int
    label: str
    rank: float
    para: bool  # a blank line comes before it


def _items(text: str, start: int, end: int, para: bool) -> Iterator[_Item]:
    """The list items of one line (or table cell), splitting inline labels."""
    cuts = [start] + [m.end() for m in _INLINE.finditer(text, start, end)]
    for i, a in enumerate(cuts):
        b = cuts[i + 1] if i + 1 < len(cuts) else end
        while a < b and text[a].isspace():
            a += 1
        m = _LABEL.match(text, a, b)
        label = m.group("label").strip() if m else ""
        yield _Item(a, m.end() if m else a, b, label, _rank(label), para and i == 0)


# ---------------------------------------------------------------------------
# The agencies and deadlines the clauses are read with


def _optional(module: str, func: str) -> Any:
    try:
        return getattr(importlib.import_module(f"extractors.{module}"), func)
    except ModuleNotFoundError as err:
        if err.name == f"extractors.{module}":
            return None
        raise


@dataclass(slots=True)
class _Spans:
    """Sorted, non-nested record spans, for lookups by offset."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, records: Sequence[Any] | None) -> _Spans:
        pairs: list[tuple[int, int]] = []
        for a, b in sorted((r.span.start, r.span.end) for r in records or ()):
            if pairs and a < pairs[-1][1]:
                continue
            pairs.append((a, b))
        return cls([a for a, _ in pairs], [b for _, b in pairs])

    def at(self, pos: int) -> tuple[int, int] | None:
        """The span holding `pos`."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.ends[i]:
            return self.starts[i], self.ends[i]
        return None

    def within(self, a: int, b: int) -> list[tuple[int, int]]:
        i = bisect_left(self.starts, a)
        out = []
        while i < len(self.starts) and self.starts[i] < b:
            if self.ends[i] <= b:
                out.append((self.starts[i], self.ends[i]))
            i += 1
        return out


# ---------------------------------------------------------------------------
# Section context


@dataclass(slots=True)
class _Frame:
    rank: float
    kind: str  # "skip", "task", "actor", "intro", "neutral", "duty" (a duty whose sub-items elaborate it)
    actor: Span | None = None
    deadline: str | None = None
    role: Role | None = None  # "Sở Y tế chủ trì, phối hợp với Y:" -> lead, partners [Y], for its items
    partners: tuple[str, ...] = ()
    soft: bool = False  # opened by an unlabelled line: the next plain paragraph closes it


@dataclass(slots=True)
class _Draft:
    span: Span
    actor: Span | None
    action: Span
    role: Role
    partners: list[str] = field(default_factory=list)
    assigned_by: str | None = None
    deadline: str | None = None
    explicit: bool = False  # carried by an explicit marker (có trách nhiệm …)


@dataclass(slots=True)
class _Context:
    """What a clause inherits from the sentence and paragraph around it."""

    allow: bool  # task context: a clause opening with a task verb is a duty
    follow: _Draft | None = None  # the duty of the sentence's earlier clause
    subject: Span | None = None  # the sentence's subject, when its first clause was not a duty
    para_actor: Span | None = None  # the actor of the paragraph's latest duty
    first: bool = True
    labelled: bool = False  # a list item: a news article's narrative state does not reach it


@dataclass(slots=True)
class _State:
    text: str
    agencies: _Spans
    deadlines: _Spans
    formal: bool  # an official document (not a news article)
    stack: list[_Frame] = field(default_factory=list)
    drafts: list[_Draft] = field(default_factory=list)
    last_actor: Span | None = None  # the actor of the latest duty
    appeal: bool = False  # inside a đề nghị … appeal
    future: bool = False  # a narrative has turned to what is to be done
    past: bool = False  # a narrative reports results
    waiting: int = 0  # drafts that a "Đơn vị chủ trì:" field may still complete
    verbs: dict[tuple[int, int], _Hit | None] = field(default_factory=dict)  # _find_verb's answers

    def nearest(self, *kinds: str) -> _Frame | None:
        for f in reversed(self.stack):
            if f.kind in kinds:
                return f
        return None

    def allows_tasks(self) -> bool:
        f = self.nearest("actor", "task", "skip", "duty")
        return f is not None and f.kind in ("actor", "task")

    def skipping(self) -> bool:
        f = self.nearest("actor", "task", "skip")
        return f is not None and f.kind == "skip"

    def under_duty(self) -> bool:
        return any(f.kind == "duty" for f in self.stack)

    def heading_actor(self) -> Span | None:
        f = self.nearest("actor")
        return f.actor if f else None

    def heading(self) -> _Frame | None:
        return self.nearest("actor")

    def heading_deadline(self) -> str | None:
        for f in reversed(self.stack):
            if f.deadline:
                return f.deadline
        return None


def find_duties(
    text: str, agencies: list[Any] | None = None, deadlines: list[Any] | None = None
) -> list[Duty]:
    """The duties in `text`, in text order (see the module docstring for the forms)."""
    if agencies is None:
        find_agencies = _optional("agencies", "find_agencies")
        agencies = find_agencies(text) if find_agencies else []
    if deadlines is None:
        find_deadlines = _optional("deadlines", "find_deadlines")
        deadlines = find_deadlines(text, None) if find_deadlines else []
    formal = bool(re.search(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|^\s*Số:\s*\S", text[:30_000], re.MULTILINE))
    st = _State(text, _Spans.of(agencies), _Spans.of(deadlines), formal)
    _walk(st)
    return [
        Duty(
            span=d.span,
            actor=d.actor.text if d.actor else None,
            actor_span=d.actor,
            action=d.action.text,
            role=d.role,
            partners=tuple(dict.fromkeys(p for p in d.partners if p)),
            assigned_by=d.assigned_by,
            deadline=d.deadline,
        )
        for d in st.drafts
        if sum(not w.isdigit() for w in _WORD.findall(d.action.text)) >= 3  # "2,5", "phụ trách": not a task
    ]


# ---------------------------------------------------------------------------
# Walking the text: lines, tables, items, headings


def _walk(st: _State) -> None:
    text = st.text
    blank = True
    table: _Table | None = None
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        a, b = pos, end
        pos = end + 1
        if not text[a:b].strip():
            blank = True
            continue
        if " | " in text[a:b]:
            cells = _cells(text, a, b)
            header = _Table.header(st, cells)
            if header is not None:
                table = header
            elif table is None or not table.row(st, cells):
                table = None
                for ca, cb in cells:
                    if cb - ca > 60:
                        for it in _items(text, ca, cb, True):
                            _item(st, it)
        else:
            table = None
            for it in _items(text, a, b, blank):
                _item(st, it)
        blank = False


def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    start = a
    for m in re.finditer(r" \| ", text[a:b]):
        out.append((start, a + m.start()))
        start = a + m.end()
    out.append((start, b))
    return out


def _item(st: _State, it: _Item) -> None:
    text = st.text
    s = Span.of(text, it.body, it.end)
    a, b = s.start, s.end
    if a >= b:
        return
    if re.match(r"nơi nhận\s*:?", s.text, re.IGNORECASE):
        st.stack = [_Frame(-1, "skip")]
        return
    if it.label:
        while st.stack and st.stack[-1].rank >= it.rank:
            st.stack.pop()
        if st.stack and st.stack[0].rank == -1 and it.rank <= 3:
            st.stack = []
    else:
        while st.stack and st.stack[-1].soft:
            st.stack.pop()
    if st.formal or it.label or (it.para and not _goes_on(st, a, b)):
        st.appeal = False
    if it.para or it.label:
        st.waiting = 0 if not it.label else st.waiting
    fm = _cues().field.match(text, a, b)
    if fm and _field(st, fm, b):
        return
    if not _heading(st, it, a, b):
        _content(st, it, a, b)


def _goes_on(st: _State, a: int, b: int) -> bool:
    """A news paragraph that continues the appeal before it ("Đồng thời, …", "Trong 6 tháng …, tổ chức …")."""
    if _CONTINUING.match(st.text, a, b):
        return True
    spans = st.deadlines.within(a, min(b, a + 60))
    if spans and spans[0][0] == a:
        return True
    return _starts_with_verb(st, a, b) and _strip_adverbial(st, a, b) == a


def _title_colon(text: str, a: int, end: int) -> int | None:
    """Offset of the colon that ends a title ("3. Sở Tài chính: …"), if the item has one."""
    m = re.search(r":(?:\s|$)", text[a : min(end, a + 200)])
    if m is None:
        return None
    head = text[a : a + m.start()]
    if re.search(r"[.;!?]\s", head) or head.count(",") > 8:
        return None
    return a + m.start()


def _heading(st: _State, it: _Item, a: int, b: int) -> bool:
    """Push a frame for a title-like item; read "6. Sở Công Thương: Chủ trì, …" after its colon.

    Returns False when the item is content, not a heading."""
    text = st.text
    cues = _cues()
    raw = text[a : it.end].rstrip()
    colon = _title_colon(text, a, it.end)
    title_end = colon if colon is not None else b
    rest = _skip_ws(text, colon + 1, b) if colon is not None else b
    title = text[a:title_end].strip()
    if colon is not None and rest < b and _starts_with_verb(st, a, title_end):
        return False
    if (
        colon is not None
        and rest < b
        and not _starts_with_verb(st, rest, b)
        and (st.agencies.at(rest) or (text[rest].isupper() and st.agencies.within(rest, min(b, rest + 60))))
        and _actor_heading(st, a, title_end) is not None
        and _first_marker(st, rest, b) is not None
    ):
        return False
    titled = (cues.task.match(title) or cues.skip.match(title)) and len(title.split()) <= 20
    section = it.rank <= 5 and len(title.split()) <= 20 and _first_marker(st, a, title_end) is None
    if (
        raw.endswith(":")
        and not titled
        and not section
        and (colon is None or _predicate_in(st, a, title_end))
    ):
        _intro_sentence(st, it, a, b)
        return True
    if colon is None:
        bare = it.label and len(raw) < 160 and not re.search(r"[.;!?…]$", raw) and ". " not in raw
        upper = raw.isupper() and len(raw) < 200
        if not (bare or upper):
            # "1. Công chức Văn phòng - Thống kê, Ông Nguyễn Văn Sang." heads the items below
            actor = _actor_heading(st, a, b) if it.label and raw.endswith(".") else None
            if actor is None:
                return False
            st.stack.append(_Frame(it.rank, "actor", actor=actor))
            return True
        if not st.formal and not it.label and not upper:
            return False
    rank = it.rank if it.label else _intro_rank(st)
    actor = _actor_heading(st, a, title_end) if st.formal or it.label else None
    deadline = _first_deadline(st, a, title_end)
    verbal = _starts_with_verb(st, a, title_end)
    if actor is not None:
        frame = _Frame(rank, "actor", actor=actor, deadline=deadline)
    elif cues.skip.match(title) and not cues.task.match(title):
        frame = _Frame(rank, "skip", deadline=deadline)
    elif cues.task.match(title) or re.search(
        r"nhiệm vụ|giải pháp|tổ chức thực hiện|trách nhiệm", title, re.IGNORECASE
    ):
        frame = _Frame(rank, "task", deadline=deadline)
    elif colon is not None and _INTRO_END.search(text[a:colon]):
        frame = _Frame(rank, "intro", deadline=deadline)
    elif colon is None and it.label and verbal and not st.allows_tasks():
        frame = _Frame(rank, "task", deadline=deadline)  # "3. Công khai bản kê khai tài sản, thu nhập"
    elif colon is not None and rest < b:
        # "+ Kê khai bổ sung: Thực hiện theo …": the topic and its task are one duty
        if not it.label:
            return False
        if _starts_with_verb(st, rest, b):
            _clauses(st, a, b, allow=_allow(st, it))
        return True
    elif colon is None and it.label and verbal and st.allows_tasks():
        return False  # a one-line task item without final punctuation
    else:
        frame = _Frame(rank, "intro" if colon is not None else "neutral", deadline=deadline)
    st.stack.append(frame)
    if rest < b:
        allow = frame.kind in ("actor", "task") or (frame.kind != "skip" and _allow(st, it))
        _clauses(st, rest, b, allow=allow)
    return True


def _predicate_in(st: _State, a: int, b: int) -> bool:
    """text[a:b] holds a predicate: it opens with a task verb, or has a marker or an order."""
    cues = _cues()
    return (
        _starts_with_verb(st, a, b)
        or _first_marker(st, a, b) is not None
        or cues.order.search(st.text, a, b) is not None
        or cues.request.search(st.text, a, b) is not None
    )


def _intro_sentence(st: _State, it: _Item, a: int, b: int) -> None:
    """An item that ends with a colon and introduces the items below it.

    "2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nông nghiệp và Môi trường:" makes
    its items duties of that actor (lead, those partners); "- Tuyên truyền tiêu chuẩn, …,
    cụ thể:" is a duty itself, its items elaborate it; "b) Trực tiếp thực hiện các nhiệm vụ
    sau:" only introduces its items."""
    text = st.text
    rank = it.rank if it.label else _intro_rank(st)
    deadline = _first_deadline(st, a, b)
    n0 = len(st.drafts)
    _clauses(st, a, b, allow=_allow(st, it), labelled=bool(it.label))
    new = st.drafts[n0:]
    actor = next((d.actor for d in reversed(new) if d.actor is not None), None)
    role, partners = (new[-1].role, tuple(new[-1].partners)) if new else (None, ())
    if actor is None:
        actor, role2, partners2 = _intro_actor(st, a, b)
        if actor is not None:
            role, partners = role2, partners2
    keep_last = not _INTRO_END.search(text[a:b]) or (
        bool(new) and len(_INTRO_END.sub("", new[-1].action.text).split()) > 8
    )
    if new and not keep_last:
        st.drafts.pop()
        st.waiting = max(0, st.waiting - 1)
    soft = not it.label
    cues = _cues()
    if actor is not None:
        frame = _Frame(rank, "actor", actor=actor, deadline=deadline, role=role, partners=partners, soft=soft)
    elif cues.request.search(text, a, b) and not new:
        # "UBND tỉnh đề nghị các cơ quan thực hiện một số nội dung sau:": the items are requests
        frame = _Frame(rank, "task", deadline=deadline, role=Role.REQUEST, soft=soft)
    elif (cues.order.search(text, a, b) or re.search(r"chỉ đạo\s*:?$", text[a:b])) and not new:
        frame = _Frame(rank, "task", deadline=deadline, soft=soft)  # "Thủ tướng Chính phủ yêu cầu:"
    elif new and keep_last and it.label:
        frame = _Frame(rank, "duty", deadline=deadline)
    else:
        frame = _Frame(rank, "intro", deadline=deadline, soft=soft)
    st.stack.append(frame)


def _intro_actor(st: _State, a: int, b: int) -> tuple[Span | None, Role | None, tuple[str, ...]]:
    """The actor of an intro that names no task itself: "Sở X chủ trì, phối hợp với Y:"."""
    text = st.text
    m = _LEADING.match(text, a, b)
    s0 = m.end() if m else a
    order = _cues().order.match(text, s0, b)
    if order is not None:
        pos = _skip_ws(text, order.end(), b)
        stop = _first_marker(st, pos, b)
        end = stop.start() if stop else b
        cut = re.search(r"\s(?:là|làm)\s|,", text[pos:end])
        actor = Span.of(text, pos, pos + cut.start() if cut else end)
        if not actor.text:
            return None, None, ()
        if stop is None:
            return actor, Role.LEAD, ()
        _, role, partners = _predicate(st, stop.start(), b, strip=True)
        return actor, role, tuple(partners)
    mk = _first_marker(st, s0, b)
    if mk is None:
        return None, None, ()
    subject = Span.of(text, s0, mk.start())
    if not subject.text or _subject_kind(st, subject) != "agent":
        return None, None, ()
    _, role, partners = _predicate(st, mk.start(), b, strip=True)
    return _actor_span(st, subject), role, tuple(partners)


def _intro_rank(st: _State) -> float:
    return (st.stack[-1].rank + 0.5) if st.stack and st.stack[-1].rank >= 0 else 0.5


def _actor_heading(st: _State, a: int, b: int) -> Span | None:
    """The heading names a body or an official ("3. Sở Tài chính", "1. Công chức …, Ông X.")."""
    s = Span.of(st.text, a, b)
    if not s.text or len(s.text) > 200 or s.text.isupper():
        return None
    if not (_AGENT_HEAD.match(s.text) or st.agencies.at(s.start) is not None):
        return None
    if _cues().skip.match(s.text) or _cues().task.match(s.text) or _TOPIC_HEAD.match(s.text):
        return None
    if _find_verb(st, s.start, s.end) is not None:
        return None
    if _cues().marker.search(s.text) or _cues().request.search(s.text) or _cues().order.search(s.text):
        return None
    return s


def _first_deadline(st: _State, a: int, b: int) -> str | None:
    spans = st.deadlines.within(a, b)
    return st.text[spans[0][0] : spans[0][1]] if spans else None


def _field(st: _State, fm: re.Match[str], b: int) -> bool:
    """A labelled field ("Đơn vị chủ trì: Sở Tư pháp."): complete the task items above it."""
    text = st.text
    label = _key(fm.group(0).rstrip(": "))
    kind = next((k for phrase, k in _field_phrases() if label.startswith(phrase)), None)
    if kind is None:
        return False
    value = Span.of(text, fm.end(), b)
    if kind == "task_field":
        if value.text:
            st.stack.append(_Frame(st.stack[-1].rank + 0.5 if st.stack else 0.5, "task"))
            _clauses(st, value.start, value.end, allow=True)
            st.stack.pop()
        return True
    waiting = st.drafts[len(st.drafts) - st.waiting :] if st.waiting else []
    if not value.text:
        return True
    for d in waiting:
        if kind == "lead_field" and d.actor is None:
            d.actor, d.role = value, Role.LEAD  # the body named as lead carries the task, as in a table
        elif kind == "support_field":
            d.partners.extend(_split_partners(st, value.start, value.end))
        elif kind == "time_field":
            d.deadline = d.deadline or value.text
    return True


def _allow(st: _State, it: _Item) -> bool:
    """Whether an item opening with a task verb is a duty here."""
    if st.under_duty():
        return False
    if st.allows_tasks():
        return True
    if not it.label or it.label.lower().startswith("điều") or st.skipping():
        return False
    # list items of a section that is neither a task nor a skipped one
    return st.formal or st.nearest("intro", "neutral") is not None


def _content(st: _State, it: _Item, a: int, b: int) -> None:
    if _PREAMBLE.match(st.text, a, b) and not st.allows_tasks():
        return
    if not st.formal and not it.label:
        if not re.search(r"[.!?…;:\"”]$", st.text[a : it.end].rstrip()):
            return  # a headline or a photo caption
        if st.text[it.start] in '"“':
            return  # a quoted remark
    _clauses(st, a, b, allow=_allow(st, it), labelled=bool(it.label))


# ---------------------------------------------------------------------------
# Sentences and clauses


def _sentences(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    pos = a
    for m in _SENTENCE_END.finditer(text, a, b):
        word = text[max(a, m.start() - 5) : m.start()].split()[-1:] or [""]
        if word[0] in ("TP.", "Tp.", "TS.", "GS.", "Q.", "P.", "v.v."):
            continue
        yield pos, m.start()
        pos = m.end()
    if pos < b:
        yield pos, b


_BRACKETS = re.compile(r'[;()“”\[\]"]')


def _split_clauses(st: _State, a: int, b: int) -> list[tuple[int, int]]:
    """Parts of a sentence separated by ';' outside quotes and brackets; lists of
    subjects ("Chánh Văn phòng …; Giám đốc các Sở …; …") and short parts stay joined."""
    text = st.text
    parts = []
    depth = 0
    quote = False
    start = a
    for m in _BRACKETS.finditer(text, a, b):
        i, ch = m.start(), m.group()
        if ch in "(“[":
            depth += 1
        elif ch in ")”]" and depth:
            depth -= 1
        elif ch == '"':
            quote = not quote
        elif ch == ";" and not depth and not quote:
            parts.append((start, i))
            start = i + 1
    parts.append((start, b))
    if len(parts) == 1:
        return parts
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for k, (ca, cb) in enumerate(parts):
        begin = ca if carry is None else carry
        seg = text[ca:cb].strip()
        last = k == len(parts) - 1
        subject_only = (
            len(seg) < 150
            and _AGENT_HEAD.match(seg) is not None
            and _find_verb(st, ca, cb) is None
            and _cues().marker.search(seg) is None
        )
        if not last and (subject_only or len(seg.split()) <= 3):
            carry = begin
            continue
        s = Span.of(text, ca, cb)
        if out and carry is None and _continues(st, s):
            out[-1] = (out[-1][0], cb)  # "…; các văn bản chỉ đạo của Tỉnh ủy": the list goes on
            continue
        out.append((begin, cb))
        carry = None
    return out


def _continues(st: _State, s: Span) -> bool:
    """A ';' part that only continues the previous part's list of objects."""
    if not s.text or _starts_with_verb(st, s.start, s.end) or _first_marker(st, s.start, s.end):
        return False
    if _cues().request.search(s.text) or _cues().order.search(s.text):
        return False
    vm = _find_verb(st, s.start, s.end)
    if st.agencies.at(s.start) or _AGENT_HEAD.match(s.text) or _TOPIC_HEAD.match(s.text):
        return vm is None
    if _CONDITION.match(st.text, s.start, s.end) or re.match(
        r"(?:trường hợp|nếu|khi|đối với)\s", s.text, re.I
    ):
        return False
    return vm is None or not st.agencies.within(s.start, vm.start())


def _clauses(st: _State, a: int, b: int, *, allow: bool, labelled: bool = True) -> None:
    text = st.text
    ctx = _Context(allow=allow, labelled=labelled)
    for sa, sb in _sentences(text, a, b):
        ctx.follow, ctx.subject, ctx.first = None, None, True
        lead_deadline = None
        for ca, cb in _split_clauses(st, sa, sb):
            s = Span.of(text, ca, cb)
            if not s.text:
                continue
            d = _clause(st, s.start, s.end, ctx)
            ctx.first = False
            if d is None:
                continue
            if d.deadline is None:
                d.deadline = lead_deadline or st.heading_deadline()
            elif text.startswith(d.deadline, s.start):
                lead_deadline = d.deadline
            st.drafts.append(d)
            st.waiting += 1
            ctx.follow = d
            if d.actor is not None:
                ctx.para_actor = st.last_actor = d.actor


def _skip_ws(text: str, pos: int, b: int) -> int:
    while pos < b and (text[pos].isspace() or text[pos] in ",:"):
        pos += 1
    return pos


def _starts_with_verb(st: _State, a: int, b: int) -> bool:
    """text[a:b] opens with a task verb (after manner words such as "chủ động")."""
    text = st.text
    cues = _cues()
    m = cues.adverb.match(text, a, b)
    if m is not None:
        if cues.start_verb.at(text, m.end(), b) is not None:
            return True
        return cues.start_verb.at(text, a, b) is not None
    vm = cues.start_verb.at(text, a, b)
    if vm is None or st.agencies.at(a) is not None or _key(vm.group(0)) == "phát biểu":
        return False
    # "Lãnh đạo Ủy ban nhân dân tỉnh …": the leaders, a subject
    nxt = _skip_ws(text, vm.end(), b)
    return not (
        _key(vm.group(0)) in ("lãnh đạo", "thường trực", "chỉ đạo")
        and (st.agencies.at(nxt) or _AGENT_HEAD.match(text, nxt, b) or (nxt < b and text[nxt].isupper()))
    )


def _find_verb(st: _State, a: int, b: int) -> _Hit | None:
    """The first task verb after `a` used as a verb (not a noun, not inside a name)."""
    key = (a, b)
    if key in st.verbs:
        return st.verbs[key]
    found = _scan_verb(st, a, b)
    st.verbs[key] = found
    return found


def _scan_verb(st: _State, a: int, b: int) -> _Hit | None:
    found = _scan_long_verb(st, a, b)
    # a one-syllable verb right after a body's name: "Sở Nội vụ lập danh sách …"
    for _, end in st.agencies.within(a, found.start() if found else b):
        pos = _skip_ws(st.text, end, b)
        hit = _cues().start_verb.at(st.text, pos, b) if pos > a else None
        if hit is not None and st.text[pos].islower():
            return hit
    return found


def _scan_long_verb(st: _State, a: int, b: int) -> _Hit | None:
    text = st.text
    for m in _cues().verb.scan(text, a + 1 if a < b else a, b):
        s = m.start()
        if text[s].isupper() and text[s - 2 : s] != ": ":
            continue
        if st.agencies.at(s) is not None or text[s - 1] in "-/":
            continue
        # a manner word ("kịp thời", "chủ động") after a noun still opens the predicate
        nominal = _NOMINAL_MARKER if _key(m.group()) in _MANNER else _NOMINAL_BEFORE
        if _after(nominal, text, a, s) or _after(_LISTED_NOUN, text, a, s):
            continue
        return m
    return None


_MANNER = frozenset(
    {"kịp thời", "chủ động", "tích cực", "thường xuyên", "khẩn trương", "nghiêm túc", "tiếp tục"}
)


def _first_marker(st: _State, a: int, b: int) -> re.Match[str] | None:
    text = st.text
    for m in _cues().marker.finditer(text, a, b):
        if m.start() - a > 240:
            return None
        word = _key(m.group(0))
        if word.startswith("cần") and (
            _NOT_CAN.match(text, m.start()) or _NOT_CAN.search(text[max(a, m.start() - 4) : m.start() + 4])
        ):
            continue
        if st.agencies.at(m.start()) is not None or (m.start() > a and text[m.start()].isupper()):
            continue
        if word == "nên" and (_NOT_NEN.match(text, m.end(), b) or _after(_CAUSE, text, a, m.start())):
            continue  # "… nên chưa …", "do đó nên": a conjunction, not "should"
        if (
            m.start() > a
            and _after(_NOMINAL_MARKER, text, a, m.start())
            and word not in (_EXPLICIT | _MODAL) - {"dự kiến", "cam kết"}
        ):
            continue
        nxt = text[m.end() : m.end() + 5]
        if word == "phải" and nxt.startswith(" là "):
            continue
        if nxt.startswith(" của"):
            continue  # "các văn bản chỉ đạo của Tỉnh ủy"
        return m
    return None


def _clause(st: _State, a: int, b: int, ctx: _Context) -> _Draft | None:
    """One clause read as a duty, or None."""
    text = st.text
    cues = _cues()
    clause = text[a:b]
    if (
        _PREAMBLE.match(clause) or clause.lower().startswith(("trên đây là", "quyết định này có hiệu lực"))
    ) and not re.search(r"đề nghị|yêu cầu", clause):
        return None
    if not st.formal:
        fut = cues.future.search(clause, 0, 90)
        if fut and not _NOT_APPEAL.search(clause[max(0, fut.start() - 8) : fut.start()]):
            st.future, st.past = True, False
        elif ctx.first and (_PAST_OPEN.match(clause) or cues.past.search(clause, 0, 60)):
            st.past, st.future = True, False
    s0 = a
    for rx in (_LEADING, _CONDITION):
        m = rx.match(text, s0, b)
        if m:
            s0 = m.end()
    s0 = _strip_adverbial(st, s0, b)
    if _MAY.match(text, s0, b):
        return None
    deadline = None
    spans = st.deadlines.within(s0, min(b, s0 + 90))
    if spans and not text[s0 : spans[0][0]].strip(" ,"):
        ds, de = spans[0]
        m = re.match(r"\s*,\s*", text[de:b])
        if m:
            deadline, s0 = text[ds:de], de + m.end()
    for kind, rx in (("request", cues.request), ("order", cues.order)):
        for m in rx.finditer(text, s0, b):
            if m.start() - s0 > 160:
                break
            if _NOT_APPEAL.search(text[max(a, m.start() - 14) : m.start()]):
                continue
            if (
                m.start() > s0
                and (_starts_with_verb(st, s0, m.start()) or _find_verb(st, s0, m.start()) is not None)
                and not (kind == "request" and text[max(s0, m.start() - 2) : m.start()] == ", ")
                and not _SPEECH.search(text, s0, m.start())
            ):
                continue  # "Người chủ trì cuộc họp tự mình hoặc phân công …": not the clause's head
            d = _appeal(st, a, b, m, kind, deadline, ctx)
            if d is not None:
                return d
    if _starts_with_verb(st, s0, b) or (ctx.follow is not None and _cues().start_verb.at(text, s0, b)):
        return _imperative(st, a, b, s0, deadline, ctx)  # "; lãnh đạo chính quyền xây dựng …" goes on
    mk = _first_marker(st, s0, b)
    tries = 0
    while mk is not None and tries < 3:
        tries += 1
        subject = Span.of(text, s0, mk.start())
        if text[s0 : mk.start()].rstrip().endswith(","):
            vm = _find_verb(st, s0, mk.start())
            if vm is not None:
                subject = Span.of(text, s0, vm.start())
                if _key(mk.group(0)) not in _EXPLICIT | _MODAL and subject.text:
                    # "Văn phòng Chính phủ theo dõi, đôn đốc …": the predicate starts at the first verb
                    return _with_subject(st, a, b, subject, None, deadline, ctx, verb=vm)
        if not subject.text:
            if ctx.follow is not None or ctx.allow:
                return _imperative(st, a, b, s0, deadline, ctx)  # "; đồng thời nên đưa ra …"
            break
        if _RELATIVE.fullmatch(subject.text) and _first_marker(st, mk.end(), b) is not None:
            mk = _first_marker(st, mk.end(), b)  # "Người có nghĩa vụ kê khai có trách nhiệm …"
            continue
        d = _with_subject(st, a, b, subject, mk, deadline, ctx)
        if d is not None:
            return d
        break
    vm = _find_verb(st, s0, b)
    if vm is not None:
        subject = Span.of(text, s0, vm.start())
        if subject.text:
            return _with_subject(st, a, b, subject, None, deadline, ctx, verb=vm)
    if ctx.subject is None and st.agencies.at(s0) is not None:
        ctx.subject = _actor_span(st, Span.of(text, s0, st.agencies.at(s0)[1]))  # type: ignore[index]
    return None


def _strip_adverbial(st: _State, pos: int, b: int) -> int:
    """Skip adverbial clauses that hold no body and no marker; the subject or task follows."""
    for _ in range(3):
        m = _ADVERBIAL_CLAUSE.match(st.text, pos, b)
        if m is None or st.agencies.within(pos, m.end()) or _first_marker(st, pos, m.end() - 2):
            return pos
        pos = m.end()
    return pos


def _inherited(st: _State, ctx: _Context) -> Span | None:
    if ctx.follow is not None:
        return ctx.follow.actor
    if ctx.subject is not None:
        return ctx.subject
    if ctx.allow and st.heading_actor() is not None:
        return st.heading_actor()
    if ctx.para_actor is not None:
        return ctx.para_actor
    if not st.formal and st.future and not ctx.labelled:
        return st.last_actor
    return None


def _imperative(st: _State, a: int, b: int, s0: int, deadline: str | None, ctx: _Context) -> _Draft | None:
    """A clause opening with its task verb ("- Tuyên truyền …", "; phối hợp với Y …")."""
    text = st.text
    carried = ctx.follow is not None or ctx.subject is not None or ctx.para_actor is not None
    if not (ctx.allow or carried or (not st.formal and st.future and not ctx.labelled)):
        return None
    if st.past and not ctx.allow and ctx.follow is None:
        return None
    if len(text[s0:b].split()) < 3:
        return None
    actor = _inherited(st, ctx)
    pos, role, partners = _predicate(st, s0, b, strip=False)
    role = _in_context(st, role, ctx, explicit=False)
    task = st.nearest("task", "actor")
    if task is not None and task.role is Role.REQUEST and role is not Role.SUPPORT and ctx.follow is None:
        role = Role.REQUEST
    frame = st.heading()
    if frame is not None and actor is frame.actor and ctx.follow is None:
        if frame.role is Role.SUPPORT and role is Role.LEAD:
            role = Role.SUPPORT
        partners = partners or list(frame.partners)
    d = _draft(st, a, b, pos, actor, role, deadline)
    d.partners.extend(partners)
    if ctx.follow is not None:
        d.assigned_by = ctx.follow.assigned_by
        if not partners and role is Role.SUPPORT:
            d.partners.extend(ctx.follow.partners)
    return d


def _in_context(st: _State, role: Role, ctx: _Context, *, explicit: bool) -> Role:
    """The role once the sentence around the clause is known (appeals, co-operation)."""
    if explicit:
        return role
    follow = ctx.follow
    if (follow is not None and follow.role is Role.REQUEST) or st.appeal:
        return Role.SUPPORT if role is Role.SUPPORT else Role.REQUEST
    return role


def _predicate(st: _State, pos: int, b: int, *, strip: bool) -> tuple[int, Role, list[str]]:
    """Where the action starts after the markers at `pos`, the role they imply, the partners.

    "chủ trì, phối hợp với Y tổ chức …" -> (at "tổ chức", lead, [Y]); "phối hợp với Y
    làm tốt …" -> (at "làm tốt", support, [Y]); "chỉ đạo các sở …" keeps "các sở" in the action."""
    text = st.text
    cues = _cues()
    role: Role | None = None
    partners: list[str] = []
    lead = False
    start = pos
    for _ in range(5):
        p = _skip_ws(text, pos, b)
        m = cues.marker.match(text, p, b)
        adverb = None
        if m is None:
            adverb = cues.adverb.match(text, p, b)
            m2 = cues.marker.match(text, adverb.end(), b) if adverb else None
            if m2 is None or _key(m2.group(0)) not in (
                "phối hợp với",
                "phối hợp chặt chẽ với",
                "phối hợp cùng",
            ):
                break
            m = m2
        w = _key(m.group(0))
        if w in _DIRECTING or (w in ("tập trung", "chủ động", "tiếp tục") and not strip):
            break
        if w.startswith("chủ trì"):
            lead = True
        r = cues.role.get(w, Role.LEAD)
        if role is None or (r is Role.SUPPORT and not lead):
            role = r
        pos = m.end()
        if w.startswith("phối hợp"):
            end, pos = _partners_end(st, pos, b)
            partners.extend(_split_partners(st, m.end(), end))
        if not strip and start == p and not w.startswith(("phối hợp", "chủ trì")):
            pos = p
            break
    pos = _skip_ws(text, pos, b)
    if lead:
        return pos, Role.LEAD, partners
    if role is None or role is Role.LEAD:
        first = _first_role(st, pos, b)
        if role is None or first is not Role.LEAD:
            role = first
    if not strip and pos > start and role is Role.SUPPORT and not partners:
        pos = start  # "Phối hợp triển khai …": the verb stays in the action
    return pos, role, partners


def _partners_end(st: _State, pos: int, b: int) -> tuple[int, int]:
    """Where the partners after "phối hợp với" end and where the action begins.

    "… với công chức khác trong việc chuẩn bị …" ends at "trong việc", the action begins at
    "chuẩn bị"; with no task verb after them, the partners run to the end and no action is left."""
    text = st.text
    vm = _find_verb(st, pos, b)
    stop = vm.start() if vm is not None else b
    link = _PARTNER_LINK.search(text, pos, stop)
    if link is not None:
        return link.start(), link.end()
    return stop, stop


def _first_role(st: _State, pos: int, b: int) -> Role:
    """The role implied by the task verb at `pos` (after manner words)."""
    text = st.text
    cues = _cues()
    m = cues.adverb.match(text, pos, b)
    vm = cues.start_verb.at(text, m.end() if m else pos, b) or (cues.start_verb.at(text, pos, b))
    if vm is None:
        return Role.LEAD
    word = _key(vm.group(0))
    if word in ("tiếp tục", "chủ động", "tập trung", "thường xuyên", "trực tiếp", "tích cực"):
        nxt = cues.start_verb.at(text, _skip_ws(text, vm.end(), b), b)
        if nxt is not None:
            word = _key(nxt.group(0))
    return cues.role.get(word, Role.LEAD)


def _subject_kind(st: _State, subject: Span) -> str | None:
    """ "agent", "topic" or "adverbial" for a plausible subject; None when it is not one."""
    t = subject.text
    words = t.split()
    limit = 60 if st.agencies.within(subject.start, subject.end) else 30
    if not words or len(words) > limit or t[-1] in ",:" or t.endswith((" và", " hoặc")):
        return None
    if _PAST_WORD.search(t) or t.count("“") != t.count("”") or t.count('"') % 2 or re.search(r"[<>=]", t):
        return None
    if "trách nhiệm của " in t:
        return "agent"
    if _DEICTIC.match(t):
        return None
    if _starts_with_verb(st, subject.start, subject.end) and not st.agencies.at(subject.start):
        return None
    if _ADVERBIAL.match(t) and not st.agencies.at(subject.start) and not _agent_after_comma(st, subject):
        return "adverbial"
    if re.fullmatch(r"(?:những|các|mọi)?\s*người", t, re.IGNORECASE):
        return None  # "Những người phải kê khai …": a relative clause
    if _NOT_SUBJECT.search(t):
        return None
    if _TOPIC_HEAD.match(t):
        return "topic"
    if st.agencies.at(subject.start) or _AGENT_HEAD.match(t) or _agent_after_comma(st, subject):
        # a body's name holds no predicate: "X theo dõi … được phân công" reads from "theo dõi"
        core = _actor_span(st, subject)
        return "agent" if _find_verb(st, core.start, core.end) is None else None
    return "topic"


def _agent_after_comma(st: _State, subject: Span) -> bool:
    i = subject.text.rfind(", ")
    return i > 0 and (
        st.agencies.at(subject.start + i + 2) is not None
        or _AGENT_HEAD.match(subject.text[i + 2 :]) is not None
    )


def _actor_span(st: _State, subject: Span) -> Span:
    """The actor inside a subject: "Tại hội nghị, đại diện Hội Cựu chiến binh …" -> the bodies;
    "trách nhiệm của Ban Thường trực …" -> "Ban Thường trực …"."""
    text = st.text
    t = subject.text
    start = subject.start
    m = re.search(r"trách nhiệm của\s+", t)
    if m:
        start = subject.start + m.end()
    else:
        for c in reversed(list(re.finditer(r",\s+", t))):
            prev = t.rfind(",", 0, c.start()) + 1
            head = t[prev : c.start()].strip()
            head_at = subject.start + prev + (len(t[prev : c.start()]) - len(t[prev : c.start()].lstrip()))
            tail_at = subject.start + c.end()
            if _AGENT_HEAD.match(head) or st.agencies.at(head_at):
                continue  # a list of bodies: "Sở A, Sở B, …"
            if st.agencies.at(tail_at) or _AGENT_HEAD.match(t[c.end() :]):
                start = tail_at
                break
    end = subject.end
    tail = _ACTOR_TAIL.search(text, start, end)
    if tail is not None:
        end = tail.start()
    span = Span.of(text, start, end)
    m = re.match(r"(?:đại diện|ông|bà)\s+", span.text, re.IGNORECASE)
    if m and st.agencies.at(span.start + m.end()):
        span = Span.of(text, span.start + m.end(), span.end)
    return span


def _with_subject(
    st: _State,
    a: int,
    b: int,
    subject: Span,
    mk: re.Match[str] | None,
    deadline: str | None,
    ctx: _Context,
    verb: _Hit | None = None,
) -> _Draft | None:
    """A clause with its subject: "X có trách nhiệm …", "X phối hợp với Y …", "X tham gia …"."""
    text = st.text
    speeches = [
        m
        for m in _SPEECH.finditer(text, subject.start, subject.end)
        if text[m.start()].islower() and st.agencies.at(m.start()) is None
    ]
    speech = speeches[-1] if speeches else None
    if speech is not None and speech.start() > subject.start:
        subject = Span.of(text, speech.end(), subject.end)
        if not subject.text:
            return None
    kind = _subject_kind(st, subject)
    if kind is None:
        return None
    word = _key(mk.group(0)) if mk else ""
    explicit = word in _EXPLICIT or (
        mk is not None and word in _DIRECTING and _MODAL_AFTER.search(text, mk.end(), b) is not None
    )
    at = mk.start() if mk else verb.start()  # type: ignore[union-attr]
    if _PAST_WORD.match(text, _skip_ws(text, (mk or verb).end(), b)):  # type: ignore[union-attr]
        return None
    if mk is None or not (explicit or word in _MODAL):
        # a plain predicate: a duty only where tasks are expected or the passage looks ahead
        context = (
            ctx.allow
            or (st.formal and not st.skipping() and not st.under_duty())
            or ctx.follow is not None
            or st.appeal
            or (not st.formal and st.future and not st.past and not ctx.labelled)
        )
        if not context or (st.past and ctx.follow is None):
            return None
        if not st.formal and kind == "agent" and not ctx.allow and _coverage(st, subject) < 0.5:
            return None  # in news, a plain predicate needs a named body as its subject
    if kind == "adverbial":
        if mk is None:
            return None
        actor = _inherited(st, ctx)
        pos, role, partners = _predicate(st, at, b, strip=True)
    elif kind == "topic":
        if mk is not None and not (explicit or word in _MODAL) and not ctx.allow:
            return None
        if word in ("sẽ", "dự kiến"):
            return None  # a forecast about a thing, not a task
        if mk is None and (
            not ctx.allow
            or not st.allows_tasks()
            or not _TOPIC_HEAD.match(subject.text)
            or text[max(0, at - 2) : at] == ", "
        ):
            return None
        if mk is not None and len(subject.text.split()) < 2:
            return None
        if _COPULA.search(text, at, b) and word in _MODAL and not ctx.allow:
            return None
        actor = None
        if explicit:
            pos, role, partners = _predicate(st, at, b, strip=True)
        else:
            pos, role, partners = subject.start, _first_role(st, at if mk is None else mk.end() + 1, b), []
    else:
        actor = _actor_span(st, subject)
        np = _noun_phrase(st, actor, b)
        if np is None:
            return None  # no noun: not a body
        phrase, starts_action = np
        if phrase.end < actor.end and actor.end <= at:
            if mk is None and starts_action:
                at = _skip_ws(text, phrase.end, b)  # "các ngành chức năng cải tạo, nâng cấp …"
            actor = phrase
        if word in _DIRECTING:
            pos, role, partners = _skip_ws(text, mk.end(), b), Role.DIRECT, []  # type: ignore[union-attr]
        else:
            pos, role, partners = _predicate(st, at, b, strip=True)
    if pos >= b:
        return None
    role = _in_context(st, role, ctx, explicit=explicit or word in ("chủ trì", "chủ trì,"))
    d = _draft(st, a, b, pos, actor, role, deadline)
    d.partners.extend(partners)
    d.explicit = explicit
    return d


# Verbs that belong inside a body's noun phrase: "các cơ quan liên quan", "đơn vị trực thuộc
# Sở", "người đứng đầu", "cơ quan chủ trì", "các cơ quan báo chí đóng trên địa bàn".
_NP_VERBS = frozenset(
    {
        "liên quan",
        "có",
        "thuộc",
        "trực thuộc",
        "đứng",
        "đứng đầu",
        "đóng",
        "phụ trách",
        "tham mưu",
        "chủ trì",
        "phối hợp",
        "quản lý",
        "sử dụng",
        "tiếp nhận",
        "đăng ký",
        "giao",
        "được",
        "ngang",
        "chuyên trách",
        "làm",
        "kiêm nhiệm",
        "lập",
        "khai",
        "nghỉ",
        "bị",
        "tổ chức",
        "thường trực",
    }
)


def _noun_phrase(st: _State, actor: Span, b: int) -> tuple[Span, bool] | None:
    """`actor` cut where its predicate starts, by underthesea's POS tags; None when it has no noun.

    The flag says whether the words cut off begin the action (coordinated task verbs) rather
    than a copula clause ("là cơ quan …") that the action leaves out.

    "các ngành chức năng cải tạo" (before ", nâng cấp …") -> "các ngành chức năng"; "Sở Xây dựng
    là cơ quan …" -> "Sở Xây dựng". Kept whole: verbs inside an agency's name ("Sở Nông nghiệp và
    Phát triển nông thôn"), noun compounds ("Đơn vị thoát nước", "Tổ kiểm phiếu": a noun follows
    the verb), modifiers ("các cơ quan liên quan", "đơn vị trực thuộc"), lists ("…; Thủ trưởng
    các sở"). Only the actor, with a few words after it as context, is tagged."""
    text = st.text
    if not actor.text:
        return actor, False
    stop = min(b, actor.end + 40)
    while stop < b and not text[stop].isspace():
        stop += 1
    try:
        tokens = _nlp.tag(text[actor.start : stop])
    except ValueError:
        return actor, False  # not aligned: keep the rule-based actor
    inside = [tok for tok in tokens if actor.start + tok.end <= actor.end]
    flags = [st.agencies.at(actor.start + tok.start) is not None for tok in inside]
    nouns = sum(tok.pos in _nlp.NOUN_TAGS for tok in inside)
    if not nouns and not any(flags) and not _AGENT_HEAD.match(actor.text):
        return None
    for i, (tok, agency) in enumerate(zip(inside, flags, strict=True)):
        if agency or tok.pos in _HEAD_TAGS:
            continue
        if i == 0 or tok.pos not in _nlp.VERB_TAGS or _key(tok.text) in _NP_VERBS:
            return actor, False
        at = actor.start + tok.start
        rest = inside[i:]
        if st.agencies.within(at, actor.end):
            return actor, False  # a body named after the verb: part of the phrase
        if _key(tok.text) == "là" and (flags[i - 1] or i > 1):
            return Span.of(text, actor.start, at), False  # "Sở Xây dựng là cơ quan chuyên môn"
        head_named = any(flags[:i]) or sum(t.pos in _nlp.NOUN_TAGS for t in inside[:i]) >= 2
        if (
            head_named
            and all(t.pos not in _nlp.NOUN_TAGS for t in rest)
            and text[actor.end : actor.end + 1] == ","
        ):
            return Span.of(text, actor.start, at), True  # "các ngành chức năng cải tạo, nâng cấp …"
        return actor, False
    return actor, False


_HEAD_TAGS = _nlp.NOUN_TAGS | {"L", "M", "A"}  # nouns, determiners (các), numerals, adjectives


def _agency_run(st: _State, pos: int, b: int) -> int | None:
    """End of the agency mentions that start at `pos`, joined by ", " or "và"; None when none starts there."""
    text = st.text
    span = st.agencies.at(pos)
    if span is None or span[0] != pos:
        return None
    end = span[1]
    while True:
        m = _JOIN.match(text, end, b)
        nxt = st.agencies.at(m.end()) if m else None
        if nxt is None or nxt[0] != m.end():  # type: ignore[union-attr]
            tail = _GENERIC_TAIL.match(text, end, b)
            while tail is not None:
                end = tail.end()
                tail = _GENERIC_TAIL.match(text, end, b)
            return end
        end = nxt[1]


def _coverage(st: _State, s: Span) -> float:
    """Share of `s` covered by agency mentions."""
    covered = sum(y - x for x, y in st.agencies.within(s.start, s.end))
    return covered / max(1, len(s.text))


def _split_partners(st: _State, a: int, b: int) -> list[str]:
    text = st.text
    spans = st.agencies.within(a, b)
    if spans:
        return [text[x:y] for x, y in spans]
    return [
        p.strip(" ,.;:")
        for p in re.split(r"\s*;\s*|,\s+(?=các\s|[A-ZĐÀ-Ỹ])|\s+và\s+(?=các\s|[A-ZĐÀ-Ỹ])", text[a:b])
        if p.strip(" ,.;:")
    ]


def _appeal(
    st: _State, a: int, b: int, m: re.Match[str], kind: str, deadline: str | None, ctx: _Context
) -> _Draft | None:
    """ "đề nghị X <action>", "giao X chủ trì <action>", "yêu cầu X <action>"."""
    text = st.text
    word = _key(m.group(0))
    pos = _skip_ws(text, m.end(), b)
    pos = _strip_adverbial(st, pos, b)  # "đề nghị khi xây dựng dự toán ngân sách năm, Hội đồng nhân dân …"
    people = _PEOPLE.match(text, pos, b)
    if word in ("khuyến khích", "kêu gọi", "mong muốn"):
        if text.startswith("được ", pos):
            pos = _skip_ws(text, pos + 5, b)
        if not (
            st.agencies.at(pos) or people or _AGENT_HEAD.match(text, pos, b) or text[pos : pos + 1].isupper()
        ):
            return None
    if kind == "order":
        if _NOT_GIAO.match(text, m.start()):
            return None
        if text.startswith("cho ", pos):
            pos += 4
        if not (st.agencies.at(pos) or _AGENT_HEAD.match(text, pos, b)):
            return None
    before = st.agencies.within(a, m.start())
    assigned_by = text[before[-1][0] : before[-1][1]] if before else None
    if assigned_by is None and kind == "order" and st.last_actor is not None:
        assigned_by = st.last_actor.text
    # a time phrase right after the cue: "đề nghị trong 3 tháng sau đại hội, hoàn thành …"
    spans = st.deadlines.within(pos, min(b, pos + 90))
    if spans and spans[0][0] == pos:
        deadline = text[spans[0][0] : spans[0][1]]
        pos = _skip_ws(text, spans[0][1], b)
    # the actor runs to the first task verb or marker
    verb = _find_verb(st, pos, b)
    stops = [x.start() for x in (verb, _first_marker(st, pos + 1, b)) if x is not None]
    run = _agency_run(st, pos, b)
    if run is not None and not stops:
        stops = [run]
    if _starts_with_verb(st, pos, b):
        actor = None
    elif stops:
        cut = re.search(r"\s(?:là|làm)\s", text[pos : min(stops)])
        actor = Span.of(text, pos, pos + cut.start() if cut else min(stops))
        if not actor.text or len(actor.text.split()) > (
            60 if st.agencies.within(actor.start, actor.end) else 30
        ):
            return None
        pos = min(stops)
        np = _noun_phrase(st, actor, b)
        if np is None:
            return None
        phrase, starts_action = np
        if phrase.end < actor.end:
            if starts_action and verb is not None and pos == verb.start() and actor.end <= pos:
                pos = _skip_ws(text, phrase.end, b)  # "giao các ngành chức năng cải tạo, nâng cấp …"
            actor = phrase
    else:
        return None
    if actor is None and kind == "order":
        return None
    if kind == "request":
        role = Role.REQUEST
        pos, r, partners = _predicate(st, pos, b, strip=True)
        if r is Role.SUPPORT and partners:
            role = Role.REQUEST
        st.appeal = True
    else:
        pos, role, partners = _predicate(st, pos, b, strip=True)
    if pos >= b:
        return None
    d = _draft(st, a, b, pos, actor, role, deadline)
    d.partners.extend(partners)
    d.assigned_by = assigned_by
    d.explicit = kind == "order"
    return d


def _draft(
    st: _State, a: int, b: int, action_start: int, actor: Span | None, role: Role, deadline: str | None
) -> _Draft:
    text = st.text
    while b > action_start and text[b - 1] in "/./ ":
        b -= 1  # "… Quyết định này./."
    action = Span.of(text, action_start, b)
    if deadline is None:
        deadline = _first_deadline(st, action.start, action.end)
    return _Draft(span=Span.of(text, a, b), actor=actor, action=action, role=role, deadline=deadline)


# ---------------------------------------------------------------------------
# Task tables

_LEAD_HINT = re.compile(r"chủ trì|thực hiện|tham mưu|trách nhiệm", re.IGNORECASE)


@cache
def _field_phrases() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(_cues().field_kind.items(), key=lambda kv: -len(kv[0])))


@dataclass(slots=True)
class _Table:
    """Columns of a task table, found by their header words."""

    ncols: int
    task: int
    lead: int
    support: int | None
    time: int | None

    @classmethod
    def header(cls, st: _State, cells: list[tuple[int, int]]) -> _Table | None:
        if len(cells) < 3 or not _LEAD_HINT.search(st.text, cells[0][0], cells[-1][1]):
            return None
        kinds: dict[str, int] = {}
        phrases = _field_phrases()
        for i, (x, y) in enumerate(cells):
            name = _key(st.text[x:y])
            if not name or len(name) > 60:
                continue
            for phrase, kind in phrases:
                if (
                    name == phrase
                    or name.startswith(phrase + " ")
                    or (kind != "task_field" and phrase in name)
                ):
                    kinds.setdefault(kind, i)
                    break
        if "task_field" not in kinds or "lead_field" not in kinds:
            return None
        return cls(
            len(cells),
            kinds["task_field"],
            kinds["lead_field"],
            kinds.get("support_field"),
            kinds.get("time_field"),
        )

    def row(self, st: _State, cells: list[tuple[int, int]]) -> bool:
        """Read one row as a duty; False when the line is not a row of this table."""
        text = st.text
        if len(cells) < 2:
            return False
        shift = 0
        if (
            len(cells) < self.ncols
            and self.task > 0
            and not _NUMBERISH.match(text[cells[0][0] : cells[0][1]])
        ):
            shift = -1  # a continuation row without its number

        def cell(i: int | None) -> Span | None:
            if i is None or not 0 <= i + shift < len(cells):
                return None
            s = Span.of(text, *cells[i + shift])
            return s if s.text else None

        task, lead = cell(self.task), cell(self.lead)
        if task is None or lead is None or len(task.text.split()) < 2:
            return True  # a group row ("I | CƠ CHẾ, CHÍNH SÁCH")
        d = _Draft(span=task, actor=lead, action=task, role=Role.LEAD, explicit=True)
        support, time = cell(self.support), cell(self.time)
        if support is not None:
            d.partners.extend(_split_partners(st, support.start, support.end))
        if time is not None:
            d.deadline = time.text
        st.drafts.append(d)
        return True
