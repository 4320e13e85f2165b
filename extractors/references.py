"""References: the other documents a text cites, one record per distinct document.

`find_references(text)` returns `Reference`s sorted by offset. A document cited several
times is one record (numbered citations are merged on their number, unnumbered ones on
their folded name); the record points at its fullest occurrence (the one with a date, else
an issuer, else the first). The document's own number (its `Số:` line) is never a reference.

Forms recognized:

- A type word (any case) and a number, with `số` or not: `Nghị quyết số 15-NQ/TU ngày
  14/7/2017 của Thành ủy Hà Nội`, `Quyết định 1229/QĐ-UBND ngày 28/02/2025 của UBND Thành
  phố`, `Nghị định số 278/2025/NĐ-CP`, `Kế hoạch số 104/KH-UBND`, `Chỉ thị số số 46 - CT/TW`
  (number `46-CT/TW`), `Tờ trình số 68/TTr- SDTTG`, `Nghị quyết 66.2/2025/NQ-CP`, `Thông tư
  liên tịch số 43/2015/TTLT-BNNPTNT-BKHĐT`, `Công văn 4832/UBND-KTN`, `Văn bản số …`.
- Bare numbers after `số` (`Nghị quyết liên tịch số 88 ngày 7-10-2016`, `Chương trình phối
  hợp số 500, ngày 13/12/2019`), or right after a capitalized type word when a clause
  boundary or `của`/`về`/`ngày` follows (`Nghị quyết 347`, `Đề án 06`); a bare number that
  the text also cites in full (`Nghị quyết số 347/NQ-CP`) is that citation.
- A number in brackets after a word it does not belong to is typed by its code: `Luật Quy
  hoạch (Số 37/2019/NĐ-CP …)` is a nghị định.
- The date that follows (`ngày 16 tháng 6 năm 2025`, `, ngày 17/9/2025`, `6/12/2019`) and the
  issuer after `của`/`giữa` (`của Bộ trưởng Bộ Tài chính`, `giữa Chính phủ và Đoàn Chủ tịch
  …`), which stops at `về`, `V/v`, `ban hành`, `phê duyệt`, `quy định`, punctuation, quotes.
  A news lead `Ngày 25 tháng 11 năm 2025, UBND tỉnh Cà Mau ban hành Kế hoạch 0205/KH-UBND`
  gives the citation its date and issuer.
- Further numbers of a list with no type word of their own (`Quyết định số 12/QĐ-UBND, số
  13/QĐ-UBND`), typed by their code.
- Laws, named (`Luật Quy hoạch 2017`, `Luật Tổ chức chính quyền địa phương ngày 16 tháng 6
  năm 2025`, `Luật Phòng, chống tham nhũng 2018`, `Luật bầu cử`, `Bộ luật Lao động`,
  `Pháp lệnh …`, `Hiến pháp năm 2013`) or numbered (`Luật Thủ đô số 39/2024/QH15`, `Luật số
  87/2025/QH15`, and a law's number a few words after a name our rules cut short: `Pháp lệnh
  Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14`); an amending law is one reference
  with the laws it amends (`Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư
  … và Luật Đấu thầu`). An undated short name joins the fuller name it begins (`Luật bầu cử`
  and `Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân`).
- Named regulations after `thực hiện`/`căn cứ`/`theo`/`tại` (`Quy chế phối hợp công tác giai
  đoạn 2021-2026`, `Quy chế làm việc của Ủy ban nhân dân thị trấn`); approved master plans
  (`phê duyệt Quy hoạch tổng thể …`, `Quy hoạch tỉnh Bạc Liêu … đã được Thủ tướng Chính phủ
  phê duyệt`); `theo báo cáo của UBND tỉnh Sơn La`; a plan or action programme implementing
  a cited document (`Kế hoạch thực hiện Nghị quyết số 15-NQ/TU`); in a news article, the
  cooperation programme its headline or lead is about (`chương trình phối hợp giảm nghèo
  bền vững …`, `chương trình hợp tác kinh tế - xã hội giữa 2 địa phương`).

Near-misses rejected:

- The own number (`Số: 308/KH-UBND`, `ban hành kèm theo Quyết định số 308/…` of itself),
  and the plan itself in `UBND thành phố ban hành Kế hoạch thực hiện Chỉ thị số 27/CT-TTg`
  when its title names that Chỉ thị.
- Type words without a number or a name: `Quyết định này`, `Luật này`, `quy định của pháp
  luật`, `Luật sư`, `Luật định`, `đưa Luật vào cuộc sống`, `Hiến pháp, pháp luật` (the
  Constitution counts with a year or `nước …`), `kế hoạch năm 2025`, `Kế hoạch 5 năm`,
  `dự thảo Luật …`.
- Numbers that are not document numbers: dates `14/7/2017`, ratios `168/168 xã`, periods
  `2021-2025`, standards `QCVN 02:2022/BYT`, form numbers `Mẫu số 01/KK`.
- Laws and plans named inside a citation's subject (`… ban hành Quy chế làm việc`), a
  generic `Chương trình mục tiêu quốc gia`, a future `xây dựng chương trình phối hợp`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from extractors.metadata import (
    DATE_PATTERN,
    classify_doc_type,
    clean_number,
    fold_number,
    is_official,
    number_doc_type,
    own_number,
    own_title,
    parse_date,
    type_abbreviations,
    type_words,
)
from extractors.span import Span


@dataclass(frozen=True, slots=True)
class Reference:
    """One cited document.

    `span` covers the citation as written (type word, number, date, issuer); `doc_type` is a
    SCHEMA.md type ("resolution", "plan", "law", …); `number` the cited số hiệu without stray
    spaces ("46-CT/TW"), a bare number ("88") or None (laws and plans cited by name);
    `date` the date given with the citation; `issuer` the issuing body as written after
    `của`/`giữa`, or None.
    """

    span: Span
    doc_type: str
    number: str | None
    date: date | None
    issuer: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.span.text,
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "start": self.span.start,
            "end": self.span.end,
        }


# --------------------------------------------------------------------------- patterns

# A type code inside a number: capitals with at most one lower-case letter ("TTr", "QyĐ").
_CODE = r"[A-ZĐ][A-ZĐ&]*(?:[a-zđ][A-ZĐ&]*)?\d{0,2}(?!\w)"
_SEP = r"[ \t]?[/\-–][ \t]?"
_STRUCTURED = rf"\d{{1,5}}(?:\.\d{{1,3}})?(?:{_SEP}(?:\d{{2,4}}(?![\d\w])|{_CODE}))*?{_SEP}{_CODE}(?:{_SEP}(?:{_CODE}|\d{{2,4}}(?![\d\w])))*"
_BARE = r"\d{1,5}(?![\d/\w])"
_LAW_WORDS = ("luật", "bộ luật", "pháp lệnh", "hiến pháp")
# Words a bare number may be followed by (else "Kế hoạch 5 năm" would be a citation).
_AFTER_BARE = re.compile(
    r"[ \t]*(?:[,.;:)\]]|$|\n|(?:của|về|ngày|và|đã|được|tại|thì|là|nêu|này|trên|do|giữa|năm[ \t]+\d{4})(?!\w))"
)
_YEARLIKE = re.compile(r"(?:19|20)\d\d")


def _alternation(strings: set[str]) -> str:
    """One regex for any of `strings`, as a character trie: Python's re tries an alternation
    of 150 words at every offset; a trie costs one branch per character."""
    trie: dict[str, dict[str, Any]] = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict[str, Any]]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@cache
def _any_type_word() -> re.Pattern[str]:
    forms = {f for word, _ in type_words() for f in (word.capitalize(), word.title())}
    return re.compile(r"(?<!\w)(?:" + _alternation(forms).replace(r"\ ", r"[ \t]+") + r")(?!\w)")


@cache
def _typed_number() -> re.Pattern[str]:
    forms: set[str] = set()
    for word, _ in type_words():
        if word not in _LAW_WORDS:
            forms |= {word, word.capitalize(), word.upper(), word.title()}
    forms |= set(type_abbreviations())
    first = "".join(sorted({f[0] for f in forms}))
    return re.compile(
        # The look-ahead on the first letter lets re skip most offsets cheaply.
        rf"(?=[{first}])(?<!\w)(?P<type>" + _alternation(forms).replace(r"\ ", r"[ \t]+") + r")(?!\w)"
        r"(?P<gap>[ \t]*\(?[ \t]*(?P<so>(?:(?:[Ss]ố|SỐ)[ \t]*:?[ \t]*)+)?)"
        rf"(?P<num>{_STRUCTURED}|{_BARE})"
    )


_LIST_NUMBER = re.compile(rf"(?=[\dSs])(?<![\w/.:\-])(?P<so>[Ss]ố[ \t]*)?(?P<num>{_STRUCTURED})")
_FORM_BEFORE = re.compile(r"(?i:mẫu|mau|biểu|phụ lục|mã|ký hiệu|số hiệu)[ \t]*(?:số)?[ \t]*:?[ \t]*$")

_TAIL_DATE = re.compile(
    rf"[ \t]*,?[ \t]*\(?[ \t]*(?:(?:ban hành|ký)[ \t]+)?(?i:ngày)[ \t]*(?P<date>{DATE_PATTERN})"
    rf"|[ \t]*,?[ \t]*(?P<bare>\d{{1,2}}/\d{{1,2}}/\d{{4}})(?!\d)"
)
_TAIL_ISSUER = re.compile(r"[ \t]*,?[ \t]*(?P<by>của|giữa)[ \t]+")
_NEWS_LEAD = re.compile(
    rf"(?:^|[.;!?][ \t]+|\n)(?i:ngày)[ \t]+(?P<date>{DATE_PATTERN})[ \t]*,[ \t]*(?P<issuer>[^,.;\n]{{3,100}}?)[ \t]+"
    r"(?:đã[ \t]+|vừa[ \t]+|chính thức[ \t]+)?(?:ban hành|có|ký(?:[ \t]+ban hành)?|phát hành|ra|thông qua|công bố)[ \t]*$",
    re.MULTILINE,
)

# Issuer scanning: words that end an issuer phrase.
_STOP_ANY_CASE = frozenset({"về", "v/v", "vv"})
_STOP_LOWER = frozenset(
    {
        "tại", "theo", "đã", "được", "để", "nhằm", "trong", "kèm", "ngày", "số", "là", "có", "đến", "cho",
        "với", "khi", "thì", "như", "gồm", "giao", "trên", "năm", "đang", "sẽ", "vừa", "nay", "này", "ký",
        "do", "mà", "nên", "vì", "hoặc", "hay", "từ", "sau", "trước", "các", "những", "tháng", "gửi",
        "khoảng", "gần", "hơn", "đạt", "tăng", "giảm", "cùng", "nhưng",
    }
)  # fmt: skip
_STOP_BIGRAMS_ANY_CASE = frozenset({"ban hành", "quy định", "phê duyệt", "hướng dẫn", "về việc", "sửa đổi"})
_STOP_BIGRAMS_LOWER = frozenset(
    {
        "sửa đổi", "bổ sung", "thực hiện", "triển khai", "công nhận", "thành lập", "chỉ đạo", "đối với",
        "đánh giá", "tổ chức", "đề nghị", "tiếp tục", "phân công", "lãnh đạo", "phân cấp", "quy hoạch",
        "kế hoạch", "chương trình", "giải quyết", "công bố", "ban bố", "điều chỉnh", "phân bổ", "giao chỉ",
        "xây dựng", "tăng cường", "đẩy mạnh", "nâng cao", "phát triển", "bảo đảm", "đảm bảo", "quản lý",
        "hỗ trợ", "áp dụng", "cho phép", "phân định", "sắp xếp", "kiện toàn", "bãi bỏ", "thí điểm",
    }
)  # fmt: skip
_ISSUER_TOKEN = re.compile(r"[ \t,]*(?P<w>[^\s,;:()\[\]\"“”'‘’|!?<>]+)")
_MAX_ISSUER_WORDS = 14


def _word_key(w: str) -> str:
    return w.rstrip(".").lower()


@cache
def _type_bigrams() -> frozenset[str]:
    return frozenset(" ".join(w.split()[:2]) for w, _ in type_words() if len(w.split()) >= 2)


def _scan_issuer(text: str, pos: int) -> int:
    """End of the agency phrase that starts at `pos` (pos itself when there is none)."""
    tokens: list[tuple[str, int, int]] = []
    p = pos
    line_end = text.find("\n", pos, pos + 600)
    limit = min(len(text), pos + 600) if line_end < 0 else line_end
    while len(tokens) < 40:
        m = _ISSUER_TOKEN.match(text, p, limit)
        if m is None:
            break
        tokens.append((m.group("w"), m.start("w"), m.end("w")))
        p = m.end()
    end = pos
    count = 0
    ministry = bool(tokens) and tokens[0][0] == "Bộ"
    for i, (w, _, e) in enumerate(tokens):
        if count >= _MAX_ISSUER_WORDS:
            break
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        low = _word_key(w)
        bigram = f"{low} {_word_key(nxt)}"
        if low in _STOP_ANY_CASE or bigram in _STOP_BIGRAMS_ANY_CASE:
            break
        if w[:1].islower() and (low in _STOP_LOWER or bigram in _STOP_BIGRAMS_LOWER):
            break
        if bigram in _type_bigrams() or low in ("luật", "hiến"):
            break
        counted = i == 0 and w.isdigit() and len(w) <= 2  # "giữa 2 địa phương"
        if any(c.isdigit() for c in w) and not re.fullmatch(r"[A-ZĐ]+\d*", w) and not counted:
            break
        if low == "và" and not nxt[:1].isupper():
            break
        if w.endswith(".") and (e >= len(text) or text[e].isspace()):
            end = e - 1
            break
        count += 1
        end = e
        gap = text[e : tokens[i + 1][1]] if i + 1 < len(tokens) else ""
        if "," in gap and ministry and nxt[:1].isupper() and " và " in text[e : e + 40]:
            continue  # "Bộ Văn hóa, Thể thao và Du lịch": a comma inside a ministry's name
        if gap.strip():
            break
    while end > pos and text[end - 1] in " \t":
        end -= 1
    if text[pos:end].endswith(" và"):
        end -= 3  # a trailing "và" belongs to what follows
    return end


def _tail(text: str, pos: int) -> tuple[int, date | None, Span | None]:
    """Date and issuer written after a citation's number: (end, date, issuer span)."""
    found_date: date | None = None
    issuer: Span | None = None
    end = pos
    for _ in range(3):
        if found_date is None and (m := _TAIL_DATE.match(text, end)):
            d = parse_date(m.group("date") or m.group("bare"))
            if d is not None:
                found_date = d
                end = m.end()
                continue
        if issuer is None and (m := _TAIL_ISSUER.match(text, end)):
            stop = _scan_issuer(text, m.end())
            if stop > m.end():
                issuer = Span.of(text, m.end(), stop)
                end = stop
                continue
        break
    return end, found_date, issuer


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class _Candidate:
    span: Span
    doc_type: str
    number: str | None
    date: date | None
    issuer: str | None
    key: str  # folded number, or a kind prefix ("law:", "name:") and the folded name
    consumed_end: int  # end of the citation's subject clause (mentions inside are not refs)
    name: str = ""  # folded name of a document cited by name ("luat quy hoach")


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


_CLAUSE_END = re.compile(r"[;\n]|\.(?:\s|$)")
_SUBJECT = re.compile(
    r"[ \t]*,?[ \t]*(?i:về|v/v|ban hành|phê duyệt|quy định|hướng dẫn|sửa đổi|bổ sung|thực hiện|triển khai|"
    r"công nhận|thành lập|giao|phân bổ|điều chỉnh|bãi bỏ|thay thế|kèm theo|hủy bỏ|công bố|ban bố)(?!\w)"
)


def _subject_end(text: str, pos: int) -> int:
    """End of the subject clause (`về …`, `ban hành …`) after a citation, or `pos` when none."""
    if not _SUBJECT.match(text, pos):
        return pos
    limit = min(len(text), pos + 1500)
    m = _CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def _numbered(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    covered: list[tuple[int, int]] = []
    for m in _typed_number().finditer(text):
        raw = m.group("num")
        structured = not raw.isdigit()
        type_word = m.group("type")
        if not structured:
            if m.group("so") is None:
                if (
                    not type_word[:1].isupper()
                    or _YEARLIKE.fullmatch(raw)
                    or not _AFTER_BARE.match(text, m.end())
                ):
                    continue
            elif _YEARLIKE.fullmatch(raw) and text[m.end() : m.end() + 1] in "-–":
                continue  # "số 2021-2025"
        number = clean_number(raw)
        end, found_date, issuer = _tail(text, m.end())
        doc_type = classify_doc_type(type_word)
        start = m.start()
        if "(" in m.group("gap"):
            # "Luật Quy hoạch (Số 37/2019/NĐ-CP …)": the number names a document of its own.
            doc_type = number_doc_type(number) or doc_type
            start = m.start("gap") + m.group("gap").index("(") + 1
        out.append(_candidate(text, start, end, doc_type, number, found_date, issuer))
        covered.append((m.start("num"), m.end("num")))
    # Numbers of a list that carry no type word of their own.
    typed = _Regions(covered)
    for m in _LIST_NUMBER.finditer(text):
        if m.start("num") in typed:
            continue
        if _FORM_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        number = clean_number(m.group("num"))
        code_type = number_doc_type(number)
        if code_type is None or (code_type == "letter" and m.group("so") is None):
            continue
        doc_type = code_type
        end, found_date, issuer = _tail(text, m.end())
        out.append(_candidate(text, m.start(), end, doc_type, number, found_date, issuer))
    return out


def _candidate(
    text: str, start: int, end: int, doc_type: str, number: str, found_date: date | None, issuer: Span | None
) -> _Candidate:
    """A numbered citation spanning [start, end)."""
    return _Candidate(
        Span.of(text, start, end),
        doc_type,
        number,
        found_date,
        issuer.text if issuer else None,
        fold_number(number),
        _subject_end(text, end),
    )


# Laws ------------------------------------------------------------------------------------

_LAW_HEAD = re.compile(r"(?<!\w)(?P<head>Bộ luật|Luật|Hiến pháp|Pháp lệnh)(?!\w)")
_NOT_A_LAW = re.compile(
    r"[ \t]+(?:sư|gia|này|định|lệ|pháp|hóa|học|chơi|chung|nào|khác|mới|cũ|liên quan|hiện hành)(?!\w)"
)
_CONSTITUTION = re.compile(
    r"[ \t]+(?:(?i:năm)[ \t]+(?:19|20)\d\d|(?:19|20)\d\d|nước|(?:của[ \t]+)?(?:CHXHCN|Cộng hòa))"
)
_DRAFT_BEFORE = re.compile(r"(?i:dự thảo|dự án|đề án xây dựng|đề nghị xây dựng)[ \t]*$")
_AMEND = re.compile(
    r"[ \t]+(?i:sửa|sử|sữa)[ \t]+đổi[ \t]*,?[ \t]*(?:bổ[ \t]+sung[ \t]*)?(?:một[ \t]+số[ \t]+điều[ \t]*)?(?:của[ \t]+)?"
)
_NAME_NUMBER = re.compile(rf"[ \t]*,?[ \t]*(?i:số)[ \t]*:?[ \t]*(?P<num>{_STRUCTURED})")
_NAME_YEAR = re.compile(r"[ \t]+(?:(?i:năm)[ \t]+)?(?P<year>(?:19|20)\d\d)(?![\d/\-–])")
_NAME_PERIOD = re.compile(
    r"[ \t]*,?[ \t]+(?:giai đoạn|nhiệm kỳ|thời kỳ)[ \t]+(?:19|20)\d\d[ \t]*[-–][ \t]*(?:19|20)\d\d"
)
_LAW_NUMBER_AHEAD = re.compile(rf"[^;.\n()|]{{0,60}}?(?<!\w)(?P<so>số)[ \t]*:?[ \t]*(?P<num>{_STRUCTURED})")
_NAME_AMENDED = re.compile(r"[ \t]*\((?:sửa đổi|sửa đổi,? bổ sung)\)")
_NAME_WORD = re.compile(r"[ \t]+(?P<w>[^\s,;:()\[\]\"“”'‘’|!?<>.]+)")
_NAME_STOP = frozenset(
    {
        "được", "đã", "đang", "sẽ", "thì", "là", "có", "cho", "để", "nhằm", "tại", "trên", "khi", "với",
        "về", "trong", "sau", "theo", "của", "hiện", "này", "nói", "các", "những", "số", "ngày", "do",
        "mà", "nên", "cũng", "vẫn", "không", "chưa", "bị", "phải", "cần", "năm", "tháng", "như", "gồm",
        "từ", "đến", "qua", "bằng", "nếu", "hoặc", "hay", "thuộc", "kể", "vừa", "và", "trước", "giữa",
        "vào", "khoản", "điểm", "mục", "chương", "phần", "bao gồm", "chậm", "hoàn", "đúng", "nhưng",
        "đối với", "quy định", "ban hành", "phê duyệt", "hướng dẫn", "thực hiện", "triển khai",
    }
)  # fmt: skip
# "Luật Đầu tư công và pháp luật …", "Luật Điện ảnh và văn bản hướng dẫn": the name has ended.
_NOT_AFTER_AND = frozenset({"pháp", "văn", "nghị", "thông", "chỉ", "kế", "các", "những"})
# Words that cannot open a name even as its first word ("Luật và …", "Luật vào cuộc sống").
_NAME_STOP_FIRST = frozenset(w for w in _NAME_STOP if " " not in w)
# A programme's name runs on through its purpose ("Chương trình phối hợp thực hiện …").
_PROGRAMME_STOP = _NAME_STOP - {"thực hiện", "triển khai"}


def _name_end(
    text: str,
    pos: int,
    *,
    amend_list: bool,
    max_words: int = 16,
    stops: frozenset[str] = _NAME_STOP,
    item_words: int = 3,
) -> int:
    """End of a document name that starts right after `pos` (a law's or a plan's).

    A comma continues the name only after a short item (at most `item_words` words: "Luật
    Phòng, chống tham nhũng", "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ"), or before
    the next amended law of an amending law's list; "và" before a lower-case word continues it
    ("Luật Quy hoạch đô thị và nông thôn")."""
    end = pos
    words = 0
    segment = 0  # words since the last comma or "và"
    p = pos
    while words < max_words:
        if _NAME_YEAR.match(text, p) or _NAME_NUMBER.match(text, p) or _TAIL_DATE.match(text, p):
            break
        if _NAME_PERIOD.match(text, p):
            break
        if text.startswith(",", p):
            m = _NAME_WORD.match(text, p + 1)
            if m is None or words == 0:
                break
            w = m.group("w")
            if amend_list and w == "Luật":
                p = m.start()
                segment = 0
                continue
            if w[:1].isupper() or w.lower() in stops or any(c.isdigit() for c in w) or segment > item_words:
                break
            p = p + 1
            segment = 0
            continue
        m = _NAME_WORD.match(text, p)
        if m is None:
            break
        w = m.group("w")
        low = w.lower()
        if low == "và":
            n = _NAME_WORD.match(text, m.end())
            if n is None or words == 0:
                break
            nw = n.group("w")
            if (amend_list and nw == "Luật") or (
                nw[:1].islower()
                and nw.lower() not in stops
                and nw.lower() not in _NOT_AFTER_AND
                and f"{nw.lower()} {_next_word(text, n.end())}" not in stops
            ):
                p = m.end()
                segment = 0
                continue
            break
        if low == "theo" and text.startswith(" phương thức", m.end()):
            p = m.end()
            words += 1
            continue
        stopped = w[:1].islower() and (low in stops or f"{low} {_next_word(text, m.end())}" in stops)
        # The first word may open a name with a verb: "Luật ban hành văn bản …".
        if stopped and (words > 0 or low in _NAME_STOP_FIRST):
            break
        if w == "Luật" and not amend_list:
            break
        if any(c.isdigit() for c in w):
            break
        p = m.end()
        end = p
        words += 1
        segment += 1
    return end


def _next_word(text: str, pos: int) -> str:
    m = _NAME_WORD.match(text, pos)
    return m.group("w").lower() if m else ""


def _laws(text: str, consumed: _Regions) -> list[_Candidate]:
    out: list[_Candidate] = []
    skip_until = -1
    for m in _LAW_HEAD.finditer(text):
        if m.start() < skip_until or m.start() in consumed:
            continue
        if _NOT_A_LAW.match(text, m.end()) or _DRAFT_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        head = m.group("head")
        p = m.end()
        if head == "Hiến pháp" and not _CONSTITUTION.match(text, p):
            continue  # "Hiến pháp, pháp luật" is the legal order, not a citation
        amend = _AMEND.match(text, p) if head == "Luật" else None
        if amend:
            p = amend.end()
            if text.startswith("Luật", p):
                p = _name_end(text, p + len("Luật"), amend_list=True, max_words=40)
            else:
                p = _name_end(text, p - 1, amend_list=True, max_words=40)
        else:
            p = _name_end(text, p, amend_list=False)
        name_end = p
        number: str | None = None
        if nm := _NAME_NUMBER.match(text, p):
            number = clean_number(nm.group("num"))
            p = nm.end()
        elif ym := _NAME_YEAR.match(text, p):
            p = ym.end()
        elif (ahead := _law_number_ahead(text, p)) and head != "Hiến pháp":
            # "Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14": the name ran
            # past a word our name rules stop at; the law number a few words on settles it.
            name_end = ahead.start("so")
            number = clean_number(ahead.group("num"))
            p = ahead.end()
        if am := _NAME_AMENDED.match(text, p):
            p = am.end()
        if name_end == m.end() and number is None and head != "Hiến pháp":
            continue  # "Luật" alone
        end, found_date, issuer = _tail(text, p)
        span = Span.of(text, m.start(), end)
        name = text[m.start() : name_end]
        key = fold_number(number) if number else "law:" + _fold(name)
        out.append(
            _Candidate(
                span,
                "law",
                number,
                found_date,
                issuer.text if issuer else None,
                key,
                span.end,
                _fold(name) if name_end > m.end() else "",
            )
        )
        skip_until = span.end
    return out


def _law_number_ahead(text: str, pos: int) -> re.Match[str] | None:
    """A law's number (`số 02/2020/UBTVQH14`) a few words on, with no other document between."""
    m = _LAW_NUMBER_AHEAD.match(text, pos)
    if m is None or number_doc_type(m.group("num")) != "law" or "QH" not in m.group("num"):
        return None
    return None if _any_type_word().search(text, pos, m.start("so")) else m


class _Regions:
    """Half-open intervals of the text, answering "is this offset inside one?" in log time."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        ordered = sorted(regions)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []
        furthest = -1
        for _, e in ordered:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos


# Named regulations, master plans, reports, implementing plans, cooperation programmes ----

_REGULATION = re.compile(r"Quy chế(?!\w)")
_REGULATION_CUE = re.compile(r"(?<!\w)(?i:thực hiện|căn cứ|theo|tại)[ \t]+$")
_MASTER_PLAN = re.compile(r"Quy hoạch(?!\w)")
_APPROVED_AFTER = re.compile(r"[^;.\n]{0,100}?được[^;.\n]{0,50}?phê duyệt")
_LIST_NEXT = re.compile(r"[ \t]*(?:,|và)[ \t]*Quy hoạch")
_REPORT = re.compile(r"(?P<head>[Bb]áo cáo|BÁO CÁO)[ \t]+của[ \t]+")
_REPORT_CUE = re.compile(r"(?<!\w)(?i:theo|căn cứ)[ \t]+$")
_IMPLEMENTING = re.compile(
    r"(?<!\w)(?P<head>Kế hoạch|Chương trình hành động|Chương trình)[ \t]+"
    r"(?:(?i:thực hiện)|(?i:triển khai)(?:[ \t]+thực hiện)?)[ \t]+(?=[A-ZĐ])"
)
_FUTURE_BEFORE = re.compile(
    r"(?i:xây dựng|ban hành|dự thảo|lập|tham mưu|nghiên cứu|này)(?:[ \t]+(?:và|các|mới))?[ \t]*$"
)
_COOPERATION = re.compile(r"(?<!\w)(?P<head>[Cc]hương trình[ \t]+(?:phối hợp|hợp tác|liên tịch))(?!\w)")
_PLURAL_BEFORE = re.compile(r"(?i:các|những|mỗi|từng|xây dựng|ký kết các)[ \t]*$")
_LEAD_CHARS = 1500


def _named(text: str, numbered: list[_Candidate], consumed: _Regions) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _REGULATION.finditer(text):
        start = m.start()
        if start in consumed or not _REGULATION_CUE.search(text, max(0, start - 15), start):
            continue
        if text.startswith(" này", m.end()) or _NAME_NUMBER.match(text, m.end()):
            continue
        p = _name_end(text, m.end(), amend_list=False, item_words=8)
        if pm := _NAME_PERIOD.match(text, p):
            p = pm.end()
        issuer = None
        if im := _TAIL_ISSUER.match(text, p):
            stop = _scan_issuer(text, im.end())
            if stop > im.end():
                issuer = Span.of(text, im.end(), stop).text
                p = stop
        if p == m.end():
            continue
        span = Span.of(text, start, p)
        out.append(_Candidate(span, "other", None, None, issuer, "name:" + _fold(text[start:p]), span.end))

    for m in _MASTER_PLAN.finditer(text):
        if (
            (m.start() and text[m.start() - 1].isalnum())
            or m.start() in consumed
            or _NAME_NUMBER.match(text, m.end())
        ):
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        p = _name_end(text, m.end(), amend_list=False, item_words=8)
        if p == m.end():
            continue
        approved = before.rstrip().endswith("phê duyệt")
        after = _APPROVED_AFTER.match(text, p)
        if after and not _typed_number().search(after.group()):
            # "Quy hoạch A, Quy hoạch B đã được phê duyệt": the cue covers the whole list.
            between = after.group()
            approved = approved or "Quy hoạch" not in between or bool(_LIST_NEXT.match(between))
        if not approved:
            continue
        span = Span.of(text, m.start(), p)
        out.append(_Candidate(span, "other", None, None, None, "name:" + _fold(span.text), span.end))

    for m in _REPORT.finditer(text):
        if m.start() in consumed or not _REPORT_CUE.search(text, max(0, m.start() - 12), m.start()):
            continue
        stop = _scan_issuer(text, m.end())
        if stop <= m.end():
            continue
        span = Span.of(text, m.start("head"), stop)
        issuer = Span.of(text, m.end(), stop).text
        out.append(_Candidate(span, "report", None, None, issuer, "report:" + _fold(issuer), span.end))

    by_start = {c.span.start: c for c in numbered}
    for m in _IMPLEMENTING.finditer(text):
        if _FUTURE_BEFORE.search(text, max(0, m.start() - 25), m.start()) or m.start() in consumed:
            continue
        cited = by_start.get(m.end())
        if cited is None or cited.number is None:
            continue
        span = Span.of(
            text, m.start(), cited.span.start + len(cited.span.text.split(" ngày")[0].split(" của")[0])
        )
        doc_type = classify_doc_type(m.group("head"))
        out.append(_Candidate(span, doc_type, None, None, None, "name:" + _fold(span.text), span.end))
    return out


def _cooperation_programme(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """The cooperation programme a news headline or lead is about (unnumbered)."""
    if any(c.doc_type == "program" and c.number for c in candidates):
        return []
    best: _Candidate | None = None
    best_rank = (False, 0)
    for m in _COOPERATION.finditer(text, 0, min(len(text), _LEAD_CHARS)):
        if _PLURAL_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if _typed_number().match(text, m.start()):
            continue
        p = _name_end(text, m.end(), amend_list=False, max_words=20, stops=_PROGRAMME_STOP, item_words=8)
        named = p > m.end()
        if pm := _NAME_PERIOD.match(text, p):
            p = pm.end()
        issuer = None
        if im := _TAIL_ISSUER.match(text, p):
            stop = _scan_issuer(text, im.end())
            if stop > im.end():
                issuer = Span.of(text, im.end(), stop).text
                p = stop
        span = Span.of(text, m.start(), p)
        cand = _Candidate(span, "program", None, None, issuer, "name:" + _fold(span.text), span.end)
        rank = (named, len(span.text.split()))
        if best is None or rank > best_rank:
            best, best_rank = cand, rank
    return [best] if best else []


# --------------------------------------------------------------------------- merging


def _news_date(text: str, cand: _Candidate) -> tuple[date | None, str | None]:
    """Date and issuer from a news lead: "Ngày 27/11/2025, Văn phòng UBND tỉnh … đã có Kế hoạch …"."""
    window = max(0, cand.span.start - 200)
    line_start = text.rfind("\n", window, cand.span.start) + 1
    m = _NEWS_LEAD.search(text, max(line_start, window), cand.span.start)
    if m is None:
        return None, None
    return parse_date(m.group("date")), m.group("issuer").strip()


def _merge(text: str, cands: list[_Candidate], own: str) -> list[Reference]:
    groups: dict[str, list[_Candidate]] = {}
    order: list[str] = []
    named_numbers = {c.name: c.key for c in cands if c.number and c.name}
    # "Nghị quyết 347" is "Nghị quyết số 347/NQ-CP" cited in full elsewhere.
    full_numbers: dict[tuple[str, str], str] = {}
    for c in cands:
        if c.number and not c.number.isdigit() and (lead := re.match(r"\d+", c.number)):
            full_numbers.setdefault((c.doc_type, lead.group()), c.key)
    for c in sorted(cands, key=lambda c: c.span.start):
        if not c.key or (own and c.key == own):
            continue
        key = c.key
        if c.number and c.number.isdigit():
            key = full_numbers.get(
                (c.doc_type, c.number.lstrip("0") or "0"), full_numbers.get((c.doc_type, c.number), key)
            )
        if c.number is None and c.name:
            # A law cited by name and elsewhere by name and number is one reference.
            key = named_numbers.get(c.name, key)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(c)
    _merge_short_names(groups, order)
    out: list[Reference] = []
    for key in order:
        group = groups[key]
        # The fullest occurrence: dated, in running text rather than a title in capitals, with
        # its issuer; the earliest of equals.
        best = max(
            group,
            key=lambda c: (
                c.date is not None,
                not c.span.text.isupper(),
                c.issuer is not None,
                -c.span.start,
            ),
        )
        found_date, issuer = best.date, best.issuer
        if found_date is None and best.number:
            for c in group:
                d, who = _news_date(text, c)
                if d is not None:
                    found_date, issuer = d, issuer or who
                    break
        number = best.number or next((c.number for c in group if c.number), None)
        out.append(Reference(best.span, best.doc_type, number, found_date, issuer))
    out.sort(key=lambda r: r.span.start)
    return out


def _merge_short_names(groups: dict[str, list[_Candidate]], order: list[str]) -> None:
    """Fold an undated, unnumbered mention into the law or plan whose name it begins or
    extends, in place: "Luật bầu cử" and "Luật Bầu cử đại biểu Quốc hội và …" are one law,
    and so is "Luật Bầu cử đại biểu … chậm nhất" (a name that ran on). Dated or numbered
    citations stay apart ("Luật Đầu tư ngày 17/6/2020", "Luật Đầu tư công ngày 13/6/2019")."""

    def words(key: str) -> list[str]:
        group = groups[key]
        name = next((c.name for c in group if c.name), "")
        return (name or key.split(":", 1)[-1]).split()

    for short in list(order):
        group = groups[short]
        if not short.startswith(("law:", "name:")) or any(c.date or c.number for c in group):
            continue
        mine = words(short)
        if len(mine) < 2:
            continue
        for other in order:
            if other == short or groups[other][0].doc_type != group[0].doc_type:
                continue
            theirs = words(other)
            n = min(len(mine), len(theirs))
            if n >= 2 and mine[:n] == theirs[:n]:
                groups[other] = sorted(groups[other] + group, key=lambda c: c.span.start)
                del groups[short]
                order.remove(short)
                break


def find_references(text: str) -> list[Reference]:
    """The documents `text` cites, one record each (see the module docstring)."""
    numbered = _numbered(text)
    regions = [(c.span.start, c.consumed_end) for c in numbered]
    laws = _laws(text, _Regions(regions))
    regions += [(c.span.start, c.span.end) for c in laws]
    named = _named(text, numbered, _Regions(regions))
    if (title := own_title(text)) is not None:
        # "ban hành Kế hoạch thực hiện Chỉ thị số 27/CT-TTg" in a plan titled so is the plan itself.
        cited_in_title = fold_number(title.text)
        named = [c for c in named if not (c.key.startswith("name:") and _implements(c, cited_in_title))]
    cands = numbered + laws + named
    if not is_official(text):
        cands += _cooperation_programme(text, cands)
    return _merge(text, cands, fold_number(own_number(text)))


def _implements(cand: _Candidate, folded_title: str) -> bool:
    """True when `cand` is a plan implementing a document that the own title names."""
    number = re.search(r"\d[\w./-]*[A-Za-zĐđ][\w./-]*$", cand.span.text)
    return (
        cand.doc_type in ("plan", "program")
        and number is not None
        and fold_number(number.group()) in folded_title
    )
