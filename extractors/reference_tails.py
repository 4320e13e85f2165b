"""What follows a citation's number: its date (`ngày 14/7/2017`) and its issuer after
`của`/`giữa`, whose phrase ends at `về`, `V/v`, `ban hành`, punctuation and the like.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from extractors.metadata import DATE_PATTERN, parse_date, type_words
from extractors.span import Span

TAIL_DATE = re.compile(
    rf"[ \t]*,?[ \t]*\(?[ \t]*(?:(?:ban hành|ký)[ \t]+)?(?i:ngày)[ \t]*(?P<date>{DATE_PATTERN})"
    rf"|[ \t]*,?[ \t]*(?P<bare>\d{{1,2}}/\d{{1,2}}/\d{{4}})(?!\d)"
)
_TAIL_ISSUER = re.compile(r"[ \t]*,?[ \t]*(?P<by>của|giữa)[ \t]+")


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


def scan_issuer(text: str, pos: int) -> int:
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


def tail(text: str, pos: int) -> tuple[int, date | None, Span | None]:
    """Date and issuer written after a citation's number: (end, date, issuer span)."""
    found_date: date | None = None
    issuer: Span | None = None
    end = pos
    for _ in range(3):
        if found_date is None and (m := TAIL_DATE.match(text, end)):
            d = parse_date(m.group("date") or m.group("bare"))
            if d is not None:
                found_date = d
                end = m.end()
                continue
        if issuer is None:
            end, issuer = issuer_after(text, end)
            if issuer is not None:
                continue
        break
    return end, found_date, issuer


def issuer_after(text: str, pos: int) -> tuple[int, Span | None]:
    """The issuer written at `pos` (", của Ủy ban nhân dân tỉnh", "giữa Ủy ban MTTQ … và …"):
    (its end, its span), or (pos, None) when none is."""
    if m := _TAIL_ISSUER.match(text, pos):
        stop = scan_issuer(text, m.end())
        if stop > m.end():
            return stop, Span.of(text, m.end(), stop)
    return pos, None
