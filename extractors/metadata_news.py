"""The headline and the lead of a news or portal article."""

from __future__ import annotations

import re

from extractors.metadata_text import LINE, clean_line
from extractors.span import Span

_SKIP_HEADLINE = re.compile(
    r"^(?:Nhảy đến|Xuất bản|Chi tiết|Thông tin mới|Thống kê|Đăng nhập|Trang chủ|Tin |Báo điện tử|null$|"
    r"Mua bán|Nội dung chính|Menu|Tìm kiếm|Lượt xem|Cập nhật|Ngày đăng|Chia sẻ|Bản in|Quay lại|"
    r"Đang online|Hôm nay)",
    re.IGNORECASE,
)
_SOURCE_TAG = re.compile(r"\s*\([A-ZĐ][A-ZĐa-z.]{1,7}\)\s*[-–—]")


def find_headline(text: str) -> Span | None:
    """First line that reads as a headline: several words, not site furniture."""
    for m in LINE.finditer(text, 0, min(len(text), 5000)):
        body = clean_line(m.group("body"))
        if body.startswith("null "):
            body = body[5:]
        if len(body.split()) < 4 or _SKIP_HEADLINE.match(body) or "•" in body:
            continue
        start = text.find(body[:20], m.start())
        if start < 0:
            start = m.start()
        end = m.end()
        if tag := _SOURCE_TAG.search(text, start, end):
            end = tag.start()  # "Doanh nghiệp … tại Nghệ An (NLĐ)- Chiều 27-12, …": the lead follows
        return Span.of(text, start, end)
    return None


def find_lead_end(text: str, after: int) -> int:
    """End of the lead: the first paragraph of at least a sentence after the headline."""
    pos = after
    for _ in range(8):
        nxt = text.find("\n", pos + 1)
        para = text[pos : nxt if nxt >= 0 else len(text)]
        if len(para.split()) >= 25:
            return nxt if nxt >= 0 else len(text)
        if nxt < 0:
            return len(text)
        pos = nxt
    return pos
