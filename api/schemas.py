"""Response and request models of the HTTP API: the one place pydantic shapes JSON at the edge.

Record fields keep SCHEMA.md's names and meanings (`../shared/eval/SCHEMA.md`), plus `start`/
`end` (offsets into the document's normalized text) and `evidence` (the sentence holding the
record). Models allow extra fields so that what an extractor adds passes through unchanged.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class DocType(StrEnum):
    RESOLUTION = "resolution"
    PLAN = "plan"
    PROGRAM = "program"
    DECISION = "decision"
    REPORT = "report"
    LETTER = "letter"
    LAW = "law"
    NEWS = "news"
    OTHER = "other"


class FigureKind(StrEnum):
    TARGET = "target"
    ACHIEVED = "achieved"
    OTHER = "other"


class OutputFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


def _f(description: str, example: Any = None, **kw: Any) -> Any:
    """A documented field; `example` becomes its OpenAPI example."""
    examples = None if example is None else [example]
    return Field(description=description, examples=examples, **kw)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# --------------------------------------------------------------------------- errors


class ErrorDetail(BaseModel):
    status: int = _f("The HTTP status, repeated.", 404)
    code: str = _f(
        "A stable machine-readable code: not_found, unauthorized, forbidden, too_large, "
        "unsupported_format, unreadable_document, invalid_request, method_not_allowed, internal_error …",
        "not_found",
    )
    message: str = _f("What failed and what to try.", "no document 'a1b2c3d4'")
    details: list[dict[str, Any]] | None = _f(
        "For invalid requests: each bad parameter (`loc`, `message`, `type`).",
        [
            {
                "loc": ["query", "limit"],
                "message": "Input should be less than or equal to 1000",
                "type": "less_than_equal",
            }
        ],
        default=None,
    )


class ErrorBody(BaseModel):
    """Every error response has this shape."""

    error: ErrorDetail

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"error": {"status": 404, "code": "not_found", "message": "no document 'a1b2c3d4'"}}
        }
    )


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting these error statuses with the shared shape."""
    words = {
        400: "Malformed request body.",
        401: "Missing or invalid API key.",
        403: "Writes (or reads) are disabled: no API key configured.",
        404: "No such document.",
        413: "Upload over the size limit.",
        415: "No reader for this file type.",
        422: "Invalid parameters, or a document that cannot be read or decoded.",
        503: "The store is unavailable.",
    }
    return {s: {"model": ErrorBody, "description": words.get(s, "Error.")} for s in statuses}


# --------------------------------------------------------------------------- records


class Record(_Open):
    start: int | None = _f(
        "Offset of the record's first character in the document's normalized text.", 1520, default=None
    )
    end: int | None = _f("Offset just past its last character.", 1561, default=None)
    evidence: str | None = _f(
        "The sentence of the document that holds the record.",
        "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tổ chức thực hiện Kế hoạch này.",
        default=None,
    )


class Agency(Record):
    """A mention of a state or political-system organisation (SCHEMA.md `agencies`)."""

    text: str = _f("Surface form as written.", "UBND tỉnh Lào Cai")
    name: str | None = _f(
        "Canonical name, abbreviations expanded.", "Ủy ban nhân dân tỉnh Lào Cai", default=None
    )
    kind: str | None = _f(
        "people_committee, people_council, fatherland_front, party, government, ministry, "
        "department, office, mass_organization, group or other.",
        "people_committee",
        default=None,
    )
    level: str | None = _f(
        "central, province, district, commune, residential, or null.", "province", default=None
    )
    province: str | None = _f("Province the organisation belongs to, or null.", "Lào Cai", default=None)


class Duty(Record):
    """Who must do what (SCHEMA.md `duties`)."""

    actor: str | None = _f("Surface text of the agency that must act, or null.", "Sở Nội vụ", default=None)
    action: str = _f("The task, from its verb to the end of the clause.", "tổ chức thực hiện Kế hoạch này")
    role: str | None = _f("lead, support, direct or request.", "lead", default=None)
    partners: list[str] = _f("Agencies named as co-operating.", ["các sở, ban, ngành"], default_factory=list)
    assigned_by: str | None = _f("Agency that gives the task, or null.", "UBND tỉnh", default=None)
    deadline: str | None = _f(
        "Surface text of the attached time constraint, or null.", "trước ngày 30/6/2024", default=None
    )


class Deadline(Record):
    """A time constraint on duties and targets (SCHEMA.md `deadlines`)."""

    text: str = _f("Surface text.", "trong quý III năm 2023")
    kind: str | None = _f("date, interval, recurring or relative.", "interval", default=None)
    start_date: str | None = _f("Resolved start (ISO date) or null.", "2023-07-01", default=None)
    end_date: str | None = _f("Resolved end (ISO date) or null.", "2023-09-30", default=None)
    recurrence: str | None = _f("ISO 8601 period of a recurring schedule.", "P6M", default=None)
    offset: str | None = _f("For relative deadlines: the duration.", "P3M", default=None)
    anchor: str | None = _f("For relative deadlines: the event counted from.", "đại hội", default=None)


class Figure(Record):
    """A number carrying programme information (SCHEMA.md `figures`)."""

    text: str = _f("The phrase holding the number, its unit and what it counts.", "58,1 tỷ đồng")
    value: float | None = _f("The number in base units.", 58100000000, default=None)
    unit: str | None = _f("VND, %, or the counted noun as written.", "VND", default=None)
    total: float | None = _f("Denominator of a ratio, else null.", None, default=None)
    qualifier: str | None = _f("eq, gt, gte, lt, lte or approx.", "eq", default=None)
    kind: str | None = _f("target, achieved or other.", "achieved", default=None)
    subject: str | None = _f("What is measured, or null.", "kinh phí vận động", default=None)
    deadline: str | None = _f(
        "Surface text of the time attached, or null.", "đến cuối năm 2025", default=None
    )


class Reference(Record):
    """Another document cited (SCHEMA.md `references`)."""

    text: str = _f("The citation as written.", "Nghị quyết số 15-NQ/TU ngày 14/7/2017 của Thành ủy Hà Nội")
    doc_type: str | None = _f("Type of the cited document.", "resolution", default=None)
    number: str | None = _f("Its number, or null.", "15-NQ/TU", default=None)
    date: str | None = _f("ISO date when given.", "2017-07-14", default=None)
    issuer: str | None = _f("Surface text of the issuing body, or null.", "Thành ủy Hà Nội", default=None)


# --------------------------------------------------------------------------- documents


class DocumentMeta(_Open):
    id: str = _f(
        "sha256 of the source bytes; any unique prefix of 6+ characters also works in URLs.",
        "9c43cac841f1c7f5a0d8e3b1f2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6",
    )
    source: str = _f("The input file's name.", "laocai-qd-2020-2025.md")
    doc_type: str = _f("resolution, plan, program, decision, report, letter, law, news or other.", "plan")
    title: str | None = _f(
        "Headline or title line.", "Kế hoạch thực hiện chương trình giảm nghèo bền vững", default=None
    )
    number: str | None = _f("The document's own number (số hiệu).", "104/KH-UBND", default=None)
    issued_date: str | None = _f("Issue or publication date (ISO).", "2024-09-09", default=None)
    provinces: list[str] = _f(
        "Provinces the document is about, as named at its date.", ["Lào Cai"], default_factory=list
    )
    issuer: str | None = _f("The issuing body, as printed.", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", default=None)


class DocumentRecords(DocumentMeta):
    """A document's metadata and all its records (SCHEMA.md's document object)."""

    agencies: list[Agency] = _f("Organisations mentioned.", None, default_factory=list)
    duties: list[Duty] = _f("Obligations: who must do what.", None, default_factory=list)
    deadlines: list[Deadline] = _f("Time constraints.", None, default_factory=list)
    figures: list[Figure] = _f("Numbers carrying programme information.", None, default_factory=list)
    references: list[Reference] = _f("Other documents cited.", None, default_factory=list)


class DocumentStored(DocumentRecords):
    """A stored document's metadata, provenance and records (no text)."""

    path: str = _f(
        "Where the source came from (upload name or ingested path).", "uploads/9c43cac841f1/plan.md"
    )
    format: str = _f("txt, md, html, pdf, docx or doc.", "md")
    encoding: str = _f("Encoding the bytes were decoded from.", "utf-8")
    size: int = _f("Size of the source in bytes.", 15685)
    repairs: list[str] = _f(
        "Repairs applied while reading (legacy encodings, OCR …).", [], default_factory=list
    )
    ingested_at: str | None = _f(
        "When it was stored (UTC, ISO 8601).", "2025-11-22T12:47:00+00:00", default=None
    )


class UploadResult(DocumentStored):
    """The stored document (without its text) and whether this request added it."""

    created: bool = _f("false when the same bytes were already stored (nothing was changed).", True)


class DocumentDetail(DocumentStored):
    """A stored document: metadata, provenance, normalized text, and records with offsets and evidence."""

    text: str = _f(
        "The normalized text; every `start`/`end` offset points into it.",
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 104/KH-UBND …",
    )
    page_starts: list[int] = _f("Offset where each page begins (PDF, DOCX).", [0], default_factory=list)


class DocumentSummaryOut(BaseModel):
    """One document in a list: identity and metadata, no text."""

    id: str = _f(
        "Document id (sha256 of its bytes).",
        "9c43cac841f1c7f5a0d8e3b1f2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6",
    )
    source: str = _f("The input file's name.", "laocai-qd-2020-2025.md")
    doc_type: str = _f("Document type.", "plan")
    title: str | None = _f("Title.", "Kế hoạch thực hiện chương trình giảm nghèo bền vững", default=None)
    number: str | None = _f("Số hiệu.", "104/KH-UBND", default=None)
    issued_date: str | None = _f("ISO date.", "2024-09-09", default=None)
    provinces: list[str] = _f("Provinces as written.", ["Lào Cai"], default_factory=list)
    issuer: str | None = _f("Issuing body.", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", default=None)


class DocumentList(BaseModel):
    items: list[DocumentSummaryOut] = _f("One page of documents.", None)
    total: int = _f("How many documents match the filters.", 21)
    next_cursor: str | None = _f(
        "Pass as `cursor` for the next page; null on the last page.", "eyJvIjogMjB9", default=None
    )


# --------------------------------------------------------------------------- search


class SearchHit(BaseModel):
    """One matching document, with a highlighted passage."""

    id: str = _f("Document id.", "9c43cac841f1c7f5a0d8e3b1f2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6")
    source: str = _f("The input file's name.", "laocai-qd-2020-2025.md")
    doc_type: str = _f("Document type.", "plan")
    title: str | None = _f("Title.", "Kế hoạch giảm nghèo bền vững năm 2025", default=None)
    number: str | None = _f("Số hiệu.", "104/KH-UBND", default=None)
    issued_date: str | None = _f("ISO date.", "2024-09-09", default=None)
    provinces: list[str] = _f("Provinces as written.", ["Lào Cai"], default_factory=list)
    issuer: str | None = _f("Issuing body.", None, default=None)
    score: float = _f("Higher is better; comparable only within one result.", 12.5)
    exact: bool = _f("The text carries the query's accents as typed.", True)
    snippet: str = _f(
        "A passage of the text around the matches.", "… thực hiện mục tiêu giảm nghèo bền vững …"
    )
    snippet_start: int = _f("Offset of the snippet in the normalized text.", 1400)
    highlights: list[list[int]] = _f(
        "(start, end) offsets within `snippet` of the matched words.", [[19, 28]]
    )
    snippet_marked: str = _f(
        "The snippet with each match wrapped in « ».", "… thực hiện mục tiêu «giảm nghèo» bền vững …"
    )


class Facets(BaseModel):
    """Matching documents counted per value."""

    provinces: dict[str, int] = _f("Per province as written.", {"Lào Cai": 3, "Yên Bái": 1})
    current_provinces: dict[str, int] = _f("Per province after the 2025 merger.", {"Lào Cai": 4})
    doc_types: dict[str, int] = _f("Per document type.", {"plan": 3, "decision": 1})
    years: dict[str, int] = _f("Per year issued.", {"2024": 2, "2025": 2})
    issuers: dict[str, int] = _f("Per issuing body.", {"ỦY BAN NHÂN DÂN TỈNH LÀO CAI": 2})
    agency_kinds: dict[str, int] = _f("Documents holding an agency of this kind.", {"department": 4})
    roles: dict[str, int] = _f("Documents holding a duty with this role.", {"lead": 4})
    figure_kinds: dict[str, int] = _f("Documents holding a figure of this kind.", {"target": 2})
    topics: dict[str, int] = _f("Per topic.", {"giam-ngheo": 3})
    approximate: bool = _f("Counts cover only the first candidates of a very common query.", False)


class SearchResponse(BaseModel):
    hits: list[SearchHit] = _f("One page of matching documents, best first.", None)
    total: int = _f("How many documents matched.", 4)
    total_is_lower_bound: bool = _f("`total` is a lower bound (very common query).", False)
    facets: Facets | None = _f("Counts per filter value, when `facets=true`.", None, default=None)
    took_ms: float = _f(
        "Time spent in the store; 0 when the answer was reused (the data had not changed).", 3.2
    )
    next_cursor: str | None = _f(
        "Pass as `cursor` for the next page; null on the last page.", None, default=None
    )


# --------------------------------------------------------------------------- record lists


class DocRef(BaseModel):
    """The document a record comes from."""

    id: str = _f("Document id.", "9c43cac841f1c7f5a0d8e3b1f2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6")
    title: str | None = _f("Its title.", "Kế hoạch giảm nghèo bền vững năm 2025", default=None)
    doc_type: str = _f("Its type.", "plan")
    issued_date: str | None = _f("Its date.", "2024-09-09", default=None)


class _InDocument(BaseModel):
    document: DocRef = _f("Where the record comes from.", None)
    current_province: str | None = _f(
        "The record's (else its document's) province after the 2025 merger.", "Lào Cai", default=None
    )
    due_start: str | None = _f("Resolved start of the attached deadline (ISO).", None, default=None)
    due_end: str | None = _f("Resolved due date (ISO).", "2024-06-30", default=None)
    topics: list[str] = _f("Topic slugs of the record.", [], default_factory=list)


class DutyHit(Duty, _InDocument):
    province: str | None = _f(
        "The record's (else its document's) province as written.", "Lào Cai", default=None
    )
    actor_kind: str | None = _f("Kind of the acting agency.", "department", default=None)


class FigureHit(Figure, _InDocument):
    province: str | None = _f(
        "The record's (else its document's) province as written.", "Lào Cai", default=None
    )


class DeadlineHit(Deadline, _InDocument):
    province: str | None = _f(
        "The record's (else its document's) province as written.", "Lào Cai", default=None
    )


class AgencyHit(Agency, _InDocument):
    pass


class _RecordList(BaseModel):
    total: int = _f("How many records matched.", 120)
    took_ms: float = _f("Time spent in the store.", 2.1)
    next_cursor: str | None = _f(
        "Pass as `cursor` for the next page; null on the last page.", "eyJvIjogNTB9", default=None
    )


class DutyList(_RecordList):
    items: list[DutyHit] = _f("One page of duties.", None)


class FigureList(_RecordList):
    items: list[FigureHit] = _f("One page of figures.", None)


class DeadlineList(_RecordList):
    items: list[DeadlineHit] = _f("One page of deadlines.", None)


class AgencyList(_RecordList):
    items: list[AgencyHit] = _f("One page of agency mentions.", None)


# --------------------------------------------------------------------------- other


class ProvinceOut(BaseModel):
    """A province or centrally-run city, before or after the 1 July 2025 merger."""

    name: str = _f("Official short name.", "Yên Bái")
    kind: str = _f("tỉnh or thành phố.", "tỉnh")
    current: str = _f("The province it belongs to from 1 July 2025 (itself if it survived).", "Lào Cai")
    existed_after_2025: bool = _f("Whether it is one of the 34 provinces since 1 July 2025.", False)
    former: list[str] = _f(
        "For a current province: itself and the provinces merged into it.", [], default_factory=list
    )
    aliases: list[str] = _f(
        "Other names accepted for it (spellings, abbreviations).", ["Tỉnh Yên Bái"], default_factory=list
    )


class ProvinceList(BaseModel):
    items: list[ProvinceOut] = _f("Every province once: the 63 of 2008–2025, then Huế.", None)
    total: int = _f("How many.", 64)


class Health(BaseModel):
    status: str = _f("ok when the store answers.", "ok")
    documents: int = _f("Documents in the store.", 21)
    store: str = _f("Backend in use.", "sqlite")
    version: str = _f("vanban version.", "0.1.0")


class TextUpload(BaseModel):
    """A document sent as JSON text instead of a file."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "name": "ke-hoach.txt",
                "text": "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 104/KH-UBND\nKẾ HOẠCH\nGiảm nghèo bền vững năm 2025",
            }
        },
    )

    text: str = _f("The document's text.", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 104/KH-UBND …", min_length=1)
    name: str = _f(
        "A file name; its extension (.txt, .md, .html) picks the reader.",
        "ke-hoach.txt",
        default="text.txt",
        min_length=1,
        max_length=255,
    )


# --------------------------------------------------------------------------- compare


class CompareItem(BaseModel):
    """One record in a comparison cell."""

    text: str = _f("The duty's action, the figure's or deadline's text.", "tuyên truyền, vận động nhân dân")
    doc_id: str = _f(
        "Document it comes from.", "9c43cac841f1c7f5a0d8e3b1f2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6"
    )
    doc_title: str | None = _f(
        "That document's title.", "Kế hoạch giảm nghèo bền vững năm 2025", default=None
    )
    actor: str | None = _f("A duty's actor.", "Sở Nội vụ", default=None)
    role: str | None = _f("A duty's role.", "lead", default=None)
    deadline: str | None = _f("Surface text of the attached deadline.", "trước ngày 30/6/2025", default=None)
    due: str | None = _f("Resolved due date (ISO).", "2025-06-30", default=None)
    value: float | None = _f("A figure's value.", 5, default=None)
    unit: str | None = _f("A figure's unit.", "%", default=None)
    kind: str | None = _f("Actor kind (duties), figure kind or deadline kind.", "department", default=None)
    subject: str | None = _f("What a figure measures.", "tỷ lệ hộ nghèo", default=None)
    copies: int = _f("Identical texts in this province's documents.", 1)


class CompareRow(BaseModel):
    """Similar records side by side: one cell per province (empty when it has none)."""

    group: str = _f("`agency kind / role` for duties; the subject for figures.", "department / lead")
    label: str = _f("The most central text of the row.", "tuyên truyền, vận động nhân dân")
    cells: dict[str, list[CompareItem]] = _f("Province -> its items in this row.", None)
    similarity: float = _f("Mean pairwise cosine similarity within the row.", 0.62)
    coverage: int = _f("How many provinces have an item in the row.", 2)


class CompareResponse(BaseModel):
    """Provinces side by side on a topic: aligned duties, target figures, deadlines."""

    provinces: list[str] = _f(
        "The provinces compared (official names; today's with scope=current).", ["Hà Nội", "Hồ Chí Minh"]
    )
    topic: str | None = _f("The topic's name, or null for all topics.", "giảm nghèo", default=None)
    scope: str = _f("`written` or `current`.", "current")
    documents: dict[str, int] = _f("Documents per province (on the topic).", {"Hà Nội": 3, "Hồ Chí Minh": 2})
    duties: list[CompareRow] = _f("Duties aligned by similarity, grouped by agency kind and role.", None)
    figures: list[CompareRow] = _f("Target figures aligned by subject.", None)
    deadlines: dict[str, list[CompareItem]] = _f("Each province's deadlines, soonest first.", None)
