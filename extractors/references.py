"""References: the other documents a text cites, one record per distinct document.

`find_references(text)` returns `Reference`s sorted by offset. A document cited several
times is one record (numbered citations are merged on their number, unnumbered ones on
their folded name); the record points at its fullest occurrence (the one with a date, else
an issuer, else the first). The document's own number (its `Số:` line) is never a reference.

This module holds the entry point and re-exports the record (`reference_record`); the reading
lives beside it, one idea a module: `reference_numbers` (type words and the number grammar),
`reference_tails` (the date and issuer after a number), `reference_candidates` (a citation
before merging, covered regions), `reference_numbered` (numbered citations and their subject
clauses), `reference_name_end` (where a document's name ends), `reference_laws` (laws),
`reference_named` (regulations, master plans, reports, implementing plans, cooperation
programmes) and `reference_merge` (one record per document, news leads).

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

from extractors.metadata import fold_number, is_official, own_number, own_title
from extractors.reference_candidates import Candidate, Regions
from extractors.reference_laws import law_candidates
from extractors.reference_merge import merge
from extractors.reference_named import cooperation_programme, named_candidates
from extractors.reference_numbered import numbered_candidates
from extractors.reference_record import Reference as Reference  # defined beside; public here


def find_references(text: str) -> list[Reference]:
    """The documents `text` cites, one record each (see the module docstring)."""
    numbered = numbered_candidates(text)
    regions = [(c.span.start, c.consumed_end) for c in numbered]
    laws = law_candidates(text, Regions(regions))
    regions += [(c.span.start, c.span.end) for c in laws]
    named = named_candidates(text, numbered, Regions(regions))
    if (title := own_title(text)) is not None:
        # "ban hành Kế hoạch thực hiện Chỉ thị số 27/CT-TTg" in a plan titled so is the plan itself.
        cited_in_title = fold_number(title.text)
        named = [c for c in named if not (c.key.startswith("name:") and _implements(c, cited_in_title))]
    cands = numbered + laws + named
    if not is_official(text):
        cands += cooperation_programme(text, cands)
    return merge(text, cands, fold_number(own_number(text)))


def _implements(cand: Candidate, folded_title: str) -> bool:
    """True when `cand` is a plan implementing a document that the own title names."""
    number = re.search(r"\d[\w./-]*[A-Za-zĐđ][\w./-]*$", cand.span.text)
    return (
        cand.doc_type in ("plan", "program")
        and number is not None
        and fold_number(number.group()) in folded_title
    )
