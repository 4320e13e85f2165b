"""Figure kind: is a number a target, an achieved result, or other context?

`decide_kinds(contexts)` gives the kinds of a document's figures; `classify_kind(ctx)`
scores one figure on its own cues. Rules, not a learned model: they already agree with
the development gold on almost every matched figure, and each decision traces back to a
cue. Cue phrases and their weights live in `data/figure_cues.tsv`:

- target: plans and commitments ("phấn đấu", "chỉ tiêu", "mục tiêu", "dự kiến", "sẽ",
  "đạt" without "đã", "mỗi xã có …", "đến năm 2030 …" after the document's year,
  required levels "tối thiểu", "ít nhất", "mức hỗ trợ").
- achieved: reported results ("đã vận động được", "đã hỗ trợ", "kết quả", "đến nay",
  "qua đó", "tổng số tiền", "trao tặng", "còn 1%", "đạt 23% kế hoạch", "tăng 6,35% so
  cùng kỳ", a year before the document's).
- other: structure and context ("chương trình gồm 7 nội dung", "11 sở, ngành", "địa bàn
  3 tỉnh", "tổng diện tích", "hơn 200.000 nhà bị ngập", thresholds in rules "có giá trị
  từ 300.000.000 đồng trở lên").

Cues nearer the number weigh more, decisive ones ("phấn đấu", "đã") reach across the
clause; the counted noun votes too (contents, agencies and places are structure unless
a result or target is stated); so do the section heading ("I. ĐÁNH GIÁ KẾT QUẢ …",
"II. MỤC TIÊU"), the document's tense overall, and its genre: an unmarked figure is a
target in a plan, programme or resolution, other (a rule's threshold, a list) in a
decision, decree or law, and a result in a report or news. A figure that breaks down
the one before it ("4.000 hộ, gồm hơn 2.500 hộ …") takes that one's kind.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from extractors.tsv import data_rows

_SP = "[ \u00a0]"


def phrase_pattern(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases` (lower case; a space matches any run of blanks).

    The phrases are merged into a trie, so the regex branches on one character at a time
    instead of trying hundreds of alternatives at every position; optional tails are
    greedy, so the longest phrase is tried first."""
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for ch in " ".join(phrase.lower().split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


_Trie = dict[str, "_Trie"]


def _trie_regex(node: _Trie) -> str:
    alts = [
        (f"{_SP}+" if ch == " " else re.escape(ch)) + _trie_regex(child)
        for ch, child in sorted(node.items(), key=lambda kv: kv[0])
        if ch
    ]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass(frozen=True, slots=True)
class Context:
    """Where a figure sits: the text, its span (`core`: where the number itself starts,
    after any qualifier), its unit group, the document's genre and year, and the kind
    the enclosing section's heading suggests."""

    text: str
    start: int
    core: int
    end: int
    group: str
    genre: str  # plan, rule, report or news: see `genre`
    ref_year: int | None
    in_table: bool
    section: str | None


@dataclass(frozen=True, slots=True)
class _KindCues:
    pattern: re.Pattern[str]
    votes: dict[str, tuple[str, int]]


@cache
def _kind_cues() -> _KindCues:
    votes: dict[str, tuple[str, int]] = {}
    for lineno, cols in data_rows("figure_cues.tsv", 3):
        phrase, role, weight = cols
        if role not in ("target", "achieved", "other"):
            continue
        if not weight.isdigit():
            raise ValueError(f"extractors/data/figure_cues.tsv:{lineno}: weight must be a number")
        key = " ".join(phrase.lower().split())
        if key in votes:
            raise ValueError(f"extractors/data/figure_cues.tsv:{lineno}: {phrase!r} is listed twice")
        votes[key] = (role, int(weight))
    pattern = re.compile(rf"(?<!\w)(?:{phrase_pattern(votes)})(?!\w)", re.IGNORECASE)
    return _KindCues(pattern, votes)


_TITLE = re.compile(
    r"(?<![\w/])(?P<word>KẾ HOẠCH|CHƯƠNG TRÌNH|NGHỊ QUYẾT|CHỈ THỊ|ĐỀ ÁN|QUYẾT ĐỊNH|NGHỊ ĐỊNH|THÔNG TƯ|LUẬT"
    r"|QUY ĐỊNH|QUY CHẾ|HƯỚNG DẪN|BÁO CÁO)(?!\w)"
)
_GENRES = {
    "KẾ HOẠCH": "plan", "CHƯƠNG TRÌNH": "plan", "NGHỊ QUYẾT": "plan", "CHỈ THỊ": "plan", "ĐỀ ÁN": "plan",
    "QUYẾT ĐỊNH": "rule", "NGHỊ ĐỊNH": "rule", "THÔNG TƯ": "rule", "LUẬT": "rule", "QUY ĐỊNH": "rule",
    "QUY CHẾ": "rule", "HƯỚNG DẪN": "rule", "BÁO CÁO": "report",
}  # fmt: skip
_PLAN_TITLE = re.compile(r"KẾ HOẠCH|ĐỀ ÁN|CHƯƠNG TRÌNH|CHIẾN LƯỢC|QUY HOẠCH|TIÊU CHÍ|CHỈ TIÊU", re.IGNORECASE)
_OFFICIAL = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|(?m:^|\|\s)Số:\s*\d*\s*/")


def genre(text: str) -> str:
    """The kind of document, as far as figures care: "plan", "rule", "report" or "news".

    An official document (national motto or "Số: …/…" line) takes the genre of the first
    document-type word written in capitals in its heading ("KẾ HOẠCH" → plan, "QUYẾT
    ĐỊNH" → rule); anything else is news."""
    head = text[:5000]
    if _OFFICIAL.search(head) is None:
        return "news"
    m = _TITLE.search(head)
    if m is None:
        return "plan"
    kind = _GENRES[m.group("word")]
    if kind == "rule" and _PLAN_TITLE.search(head, m.end(), m.end() + 200):
        return "plan"  # "QUYẾT ĐỊNH BAN HÀNH KẾ HOẠCH …", "… PHÊ DUYỆT ĐỀ ÁN …", "… BỘ TIÊU CHÍ …"
    return kind


_SENTENCE_BEFORE = re.compile(r"[!?\n|]|\.(?=\s)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_STRUCTURE = frozenset({"content", "agency", "place"})
_GOT = re.compile(rf"(?<=\w){_SP}+được{_SP}+\Z", re.IGNORECASE)
_ADVERSE = re.compile(r"bị", re.IGNORECASE)  # "hơn 200.000 nhà bị ngập": damage, not a result
_RELATION = re.compile(rf"(?<!\w)(?:của|cho|tại|ở|thuộc|giữa|địa{_SP}+bàn|với){_SP}+\Z", re.IGNORECASE)
_PASSIVE = re.compile(rf"(?<!\w)(?:được|bị){_SP}+\w+{_SP}+được{_SP}+\Z", re.IGNORECASE)
_OF_PLAN = re.compile(
    rf"{_SP}*(?:so{_SP}+(?:với{_SP}+)?)?(?:kế{_SP}+hoạch|dự{_SP}+toán|chỉ{_SP}+tiêu|cùng{_SP}+kỳ)(?!\w)",
    re.IGNORECASE,
)
_BREAKDOWN = re.compile(
    rf"(?<!\w)(?:gồm|bao{_SP}+gồm|trong{_SP}+đó|cụ{_SP}+thể|trong{_SP}+số)(?!\w)", re.IGNORECASE
)


def _bounds(ctx: Context) -> tuple[int, int, int]:
    """Start of the clause, start of the sentence, and end of the clause around the figure."""
    sentence_cuts, clause_cuts, clause_starts = _cuts(ctx.text)
    lo = max(0, ctx.start - 400)
    i = bisect_right(sentence_cuts, ctx.start) - 1
    sentence_start = max(sentence_cuts[i], lo) if i >= 0 else lo
    j = bisect_right(clause_cuts, ctx.start) - 1
    clause_start = max(clause_cuts[j], sentence_start) if j >= 0 else sentence_start
    k = bisect_left(clause_starts, ctx.end)
    hi = min(len(ctx.text), ctx.end + 200)
    clause_end = min(clause_starts[k], hi) if k < len(clause_starts) else hi
    return clause_start, sentence_start, clause_end


_SENTENCE_CUT = re.compile(r"[!?\n|]|\.(?=\s)")
_CLAUSE_CUT = re.compile(r"[!?\n|;]|[.:](?=\s)")


@lru_cache(maxsize=4)
def _cuts(text: str) -> tuple[list[int], list[int], list[int]]:
    """Where sentences and clauses may start (just after a cut) and where clauses end."""
    sentence = [m.end() for m in _SENTENCE_CUT.finditer(text)]
    clause = list(_CLAUSE_CUT.finditer(text))
    return sentence, [m.end() for m in clause], [m.start() for m in clause]


def kind_scores(ctx: Context) -> dict[str, float]:
    """The votes of the cues around the figure at `ctx`, per kind."""
    cues = _kind_cues()
    text = ctx.text
    clause_start, sentence_start, clause_end = _bounds(ctx)
    scores = {"target": 0.0, "achieved": 0.0, "other": 0.0}
    for m in cues.pattern.finditer(text, sentence_start, clause_end):
        if ctx.core <= m.start() < ctx.end:
            continue
        kind, weight = cues.votes[" ".join(m.group().lower().split())]
        if m.end() <= ctx.core:
            words = len(text[m.end() : ctx.start].split())
            scale = 1.0 if m.start() >= clause_start else 0.6
        elif ctx.group in _STRUCTURE or (kind == "other" and not _ADVERSE.fullmatch(m.group())):
            continue  # "bố trí 4.000 hộ, gồm …": what follows a figure is its breakdown
        else:
            words = len(text[ctx.end : m.start()].split()) + 1
            scale = 0.8
        reach = 10.0 if weight >= 3 else 4.0  # decisive cues govern the whole clause
        scores[kind] += scale * weight / (1.0 + words / reach)
    if _GOT.search(text, max(0, ctx.start - 30), ctx.start) and not _PASSIVE.search(
        text, max(0, ctx.start - 30), ctx.start
    ):
        scores["achieved"] += 2.5  # "vận động được 58,1 tỷ đồng"
    if ctx.group == "percent" and _OF_PLAN.match(text, ctx.end):
        scores["achieved"] += 4.0  # "đạt 23% kế hoạch": progress against a plan
    _year_votes(ctx, text, sentence_start, clause_end, scores)
    if ctx.group in _STRUCTURE and "/" not in text[ctx.start : ctx.end]:
        scores["other"] += 2.0
        if _RELATION.search(text, max(0, ctx.start - 20), ctx.start):
            scores["other"] += 1.5  # "địa bàn 3 tỉnh", "cho 9 tỉnh", "giữa 2 địa phương": a setting
    prior = {"plan": "target", "rule": "other", "report": "achieved", "news": "achieved"}[ctx.genre]
    scores[prior] += 0.5 if ctx.in_table else 0.3
    if ctx.section is not None:
        scores[ctx.section] += 1.0
    return scores


def classify_kind(ctx: Context) -> str:
    """The kind of the figure at `ctx` (target, achieved or other), on its own cues."""
    scores = kind_scores(ctx)
    return max(scores, key=lambda k: (scores[k], k == "target"))


def decide_kinds(contexts: list[Context]) -> list[str]:
    """The kinds of a document's figures (`contexts` in text order, one text).

    Each figure is scored on its own cues (`kind_scores`) plus the document's lean, the
    side its cues take overall (a report of results, a plan of targets). Then a figure
    that breaks down or continues the one before it in the sentence takes its kind when
    its own cues are weak ("bố trí 4.000 hộ, gồm hơn 2.500 hộ … và khoảng 1.500 hộ";
    "hơn 23.300 ha, trong đó, đất nông nghiệp là 7.670 ha").
    """
    if not contexts:
        return []
    text = contexts[0].text
    lean = _lean(text)
    kinds: list[str] = []
    margins: list[float] = []
    for ctx in contexts:
        scores = kind_scores(ctx)
        scores[lean] += 0.3
        ranked = sorted(scores, key=lambda k: (scores[k], k == "target"), reverse=True)
        kinds.append(ranked[0])
        margins.append(scores[ranked[0]] - scores[ranked[1]])
    cues = _kind_cues()
    for i in range(1, len(contexts)):
        prev, ctx = contexts[i - 1], contexts[i]
        gap = text[prev.end : ctx.start]
        if len(gap) > 160 or _SENTENCE_BEFORE.search(gap) or (";" in gap and len(gap) > 60):
            continue
        words = [m.group() for m in cues.pattern.finditer(gap)]
        if any(
            cues.votes[" ".join(w.lower().split())][1] >= 2 and not _BREAKDOWN.fullmatch(w) for w in words
        ):
            continue  # the figure has a strong cue of its own
        breakdown = _BREAKDOWN.search(gap) is not None
        if ctx.group in _STRUCTURE and not breakdown:
            continue
        if prev.group in _STRUCTURE and kinds[i - 1] == "other" and not breakdown:
            continue
        if breakdown or margins[i] < 1.0:
            kinds[i] = kinds[i - 1]
    return kinds


def _lean(text: str) -> str:
    """Whether the document's cues, all told, lean to targets or to achieved results."""
    totals = {"target": 0, "achieved": 0}
    for m in _TENSE.finditer(text):
        totals["achieved" if m.group("past") else "target"] += 1
    return "achieved" if totals["achieved"] > totals["target"] else "target"


# Tense and mood words that tell a report of results from a plan, counted over a document.
_TENSE = re.compile(
    r"(?<!\w)(?:(?P<past>đã|đến nay|năm qua|thời gian qua|vừa qua|đạt được|kết quả đạt)"
    r"|phấn đấu|mục tiêu|chỉ tiêu|sẽ|dự kiến|định hướng|đến năm)(?!\w)",
    re.IGNORECASE,
)


_HEADING = re.compile(
    r"^(?:(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)/]\s*)?(?P<title>[^\n|]{3,160})$",
    re.MULTILINE,
)
_SECTION_WORDS = (
    (
        "achieved",
        re.compile(
            r"(?<!\w)(?:kết quả|đánh giá|thực trạng|tình hình|bối cảnh|đạt được)(?!\w)", re.IGNORECASE
        ),
    ),
    (
        "target",
        re.compile(
            r"(?<!\w)(?:mục tiêu|chỉ tiêu|nhiệm vụ|giải pháp|phương hướng|định hướng|kế hoạch năm|dự toán|dự kiến|kinh phí)(?!\w)",
            re.IGNORECASE,
        ),
    ),
    (
        "other",
        re.compile(
            r"(?<!\w)(?:đối tượng|phạm vi|giải thích từ ngữ|quy định chung|nguyên tắc)(?!\w)", re.IGNORECASE
        ),
    ),
)


def sections(text: str) -> list[tuple[int, str | None]]:
    """(offset, kind) of each section heading in `text`, in order: what its title promises.

    A heading is a short line, numbered ("II. MỤC TIÊU", "1.2. Kết quả đạt được") or in
    capitals ("ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN"); a heading naming none of the cue words
    ends the previous section (kind None)."""
    out: list[tuple[int, str | None]] = []
    for m in _HEADING.finditer(text):
        line = m.group()
        title = m.group("title")
        numbered = len(title) < len(line)
        if not (numbered and len(title) <= 90 and not title.rstrip().endswith((".", ";", ","))) and not (
            title.isupper() and len(title) <= 120
        ):
            continue
        kind = None
        for k, pattern in _SECTION_WORDS:
            if pattern.search(title):
                kind = k
                break
        if kind is None and not title.isupper() and not re.match(r"[IVX]+[.)]", line):
            continue  # a numbered item, not a heading: keeps the section it is in
        out.append((m.start(), kind))
    return out


def _year_votes(ctx: Context, text: str, lo: int, hi: int, scores: dict[str, float]) -> None:
    if ctx.ref_year is None:
        return
    for m in _YEAR.finditer(text, lo, hi):
        if ctx.start <= m.start() < ctx.end:
            continue
        year = int(m.group())
        if year > ctx.ref_year:
            scores["target"] += 1.0
        elif year < ctx.ref_year:
            scores["achieved"] += 0.5
