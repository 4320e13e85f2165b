"""Strip site furniture: menus, login links, visit counters, share lines, related-news
tails, company footers, duplicated headlines, and the notices of law-portal conversions.

Patterns are data (`data/furniture.txt`); this module applies them line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_META_KEY = (
    r"(?:số hiệu|loại văn bản|nơi ban hành|người ký|ngày ban hành|ngày hiệu lực|ngày công báo|"
    r"số công báo|tình trạng|lĩnh vực)\s*:"
)
# the law portals' metadata box: a key alone on its line, or rendered as a table row
_TVPL_META_KEYS = re.compile(rf"^{_META_KEY}\s*$", re.IGNORECASE)
_TVPL_META_ROW = re.compile(rf"^{_META_KEY}\s*\|", re.IGNORECASE)
_COPYRIGHT_NOTICE = re.compile(
    r"(?:bản dịch này thuộc quyền sở hữu|has the copyright on this translation|"
    r"các nội dung được sửa đổi, hướng dẫn|các nội dung của vb này|: sửa đổi, thay thế,|hủy bỏ$)",
    re.IGNORECASE,
)


_CMS_NULL = re.compile(r"^null\s+")  # a CMS that prints a missing field as "null" before the headline


@dataclass(frozen=True, slots=True)
class Furniture:
    line: re.Pattern[str]
    tail: re.Pattern[str]
    head: re.Pattern[str]


@cache
def furniture() -> Furniture:
    """The furniture patterns, compiled once; a bad row raises ValueError naming its line."""
    sections: dict[str, list[str]] = {"line": [], "tail": [], "head": []}
    current = None
    text = resources.files("pipeline.ingest.data").joinpath("furniture.txt").read_text(encoding="utf-8")
    for lineno, row in enumerate(text.splitlines(), 1):
        row = row.rstrip()
        if not row or row.startswith("#"):
            continue
        if row.startswith("[") and row.endswith("]"):
            current = row[1:-1]
            if current not in sections:
                raise ValueError(f"furniture.txt:{lineno}: unknown section {row}")
            continue
        if current is None:
            raise ValueError(f"furniture.txt:{lineno}: pattern before any [section]")
        try:
            re.compile(row)
        except re.error as err:
            raise ValueError(f"furniture.txt:{lineno}: bad pattern {row!r}: {err}") from err
        sections[current].append(row)

    def union(pats: list[str]) -> re.Pattern[str]:
        return re.compile("^(?:" + "|".join(f"(?:{p})" for p in pats) + r")\s*$", re.IGNORECASE)

    return Furniture(union(sections["line"]), union(sections["tail"]), union(sections["head"]))


def strip_furniture(text: str) -> tuple[str, int]:
    """The text without furniture lines, and how many lines were dropped."""
    f = furniture()
    lines = text.split("\n")
    dropped = 0
    # A page preamble that ends at a marker ("Đang tải văn bản...") goes entirely.
    for i, line in enumerate(lines[:400]):
        if f.head.match(line.strip()):
            dropped += i + 1
            lines = lines[i + 1 :]
            break
    kept: list[str] = []
    seen_long: set[str] = set()
    skip_meta = 0
    for line in lines:
        line = _CMS_NULL.sub("", line)
        s = line.strip()
        if f.tail.match(s) and kept:
            dropped += 1
            break
        if _TVPL_META_ROW.match(s):
            dropped += 1
            continue
        if _TVPL_META_KEYS.match(s):
            skip_meta = 2  # the key line and its value line
        if skip_meta:
            skip_meta -= 1
            dropped += 1
            continue
        if s and (f.line.match(s) or _COPYRIGHT_NOTICE.search(s)):
            dropped += 1
            continue
        # A headline repeated verbatim (breadcrumbs, "Chi tiết bài viết" pages, captions)
        if len(s) > 30:
            if s in seen_long:
                dropped += 1
                continue
            seen_long.add(s)
        kept.append(line)
    # Footers after the signature: trailing short lines with contact details
    while kept and (not kept[-1].strip() or f.line.match(kept[-1].strip())):
        kept.pop()
    return "\n".join(kept), dropped
