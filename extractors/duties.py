"""Duties: who must do what, found in obligation clauses, task lists and task tables.

`find_duties(text, agencies, deadlines)` returns one `Duty` per obligation clause: a
sentence, or a part of it separated by `;`. Cue phrases (obligation markers, appeal and
order verbs, task verbs, section headings) are rows of `extractors/data/duty_cues.tsv`.

This module holds the record and the entry point; the reading lives beside it, one idea a
module: `duty_cues` (the cue file, `Role`), `duty_words` (grammar words), `duty_state` (record
spans, section frames, drafts), `duty_layout` (lines, items, headings, fields: the walk over the
text), `duty_tables` (task tables), `duty_clauses` (sentences and clauses), `duty_predicates`
(markers, task verbs, roles, partners) and `duty_actors` (subjects and actors).

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
from dataclasses import dataclass
from typing import Any

from extractors.duty_cues import WORD
from extractors.duty_cues import Role as Role  # defined with the cues that imply it; public here
from extractors.duty_cues import parse_cues as parse_cues
from extractors.duty_layout import walk
from extractors.duty_state import Spans, State
from extractors.span import Span


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


def _optional(module: str, func: str) -> Any:
    try:
        return getattr(importlib.import_module(f"extractors.{module}"), func)
    except ModuleNotFoundError as err:
        if err.name == f"extractors.{module}":
            return None
        raise


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
    st = State(text, Spans.of(agencies), Spans.of(deadlines), formal)
    walk(st)
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
        if sum(not w.isdigit() for w in WORD.findall(d.action.text)) >= 3  # "2,5", "phụ trách": not a task
    ]
