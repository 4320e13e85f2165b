"""What every backend indexes for a document: fields derived once from its SCHEMA.md record.

    indexed = index_fields(processed.record)
    indexed.terms    -> (("agency_kind", "department"), ("role", "lead"), ("topic", "giam-ngheo"), ...)
    indexed.records  -> one RecordRow per record, with its actor's kind, due dates and topics

SQLite (`index/sqlite.py`) and Elasticsearch (`index/elastic.py`) both store these, so filters,
facets and record queries mean the same on both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractors.places import current_province, province
from index.fold import fold
from index.topics import document_topics, own_topics

KINDS = ("agencies", "duties", "deadlines", "figures", "references")
# Kinds indexed one row per record for record queries; agencies and references stay with their
# document (agency kinds become document terms and duty-actor fields).
RECORD_KINDS = ("duties", "deadlines", "figures")


@dataclass(frozen=True, slots=True)
class RecordRow:
    """One record as indexed.

    `item` is the SCHEMA.md dict without `evidence` (kept apart in `evidence`). `text` is what a
    listing shows (a duty's action, else the record's text); `actor` the acting agency's surface
    text (a duty's actor, an agency's own text); `agency_kind` the kind of that agency; `due_start`/
    `due_end` the resolved dates of a deadline, or of the deadline a duty or figure carries, and
    `due` the one that date-window queries use (end, else start); `province` the record's own
    province, else its document's only one; `current` that province after the 2025 merger.
    """

    kind: str
    idx: int
    item: dict[str, Any]
    evidence: str | None
    text: str
    actor: str | None
    actor_name: str | None
    agency_kind: str | None
    role: str | None
    figure_kind: str | None
    subject: str | None
    province: str | None
    current: str | None
    due_start: str | None
    due_end: str | None
    value: float | None
    topics: tuple[str, ...]

    @property
    def due(self) -> str | None:
        return self.due_end or self.due_start

    @property
    def start(self) -> int | None:
        v = self.item.get("start")
        return v if isinstance(v, int) else None

    @property
    def end(self) -> int | None:
        v = self.item.get("end")
        return v if isinstance(v, int) else None

    def search_fields(self) -> tuple[str, str, str]:
        """(actor, subject, body) as the record full-text index holds them."""
        return search_fields(self.actor, self.actor_name, self.subject, self.item)


def search_fields(
    actor: str | None, actor_name: str | None, subject: str | None, item: dict[str, Any]
) -> tuple[str, str, str]:
    """A record's (actor, subject, body) texts for full-text search: the acting agency as written
    and by its full name, a figure's subject, and all its words."""
    who = f"{actor} {actor_name}" if actor and actor_name else actor or actor_name or ""
    get = item.get
    body = " ".join(
        [str(get("actor") or ""), str(get("action") or ""), str(get("text") or ""), str(get("subject") or ""),
         str(get("unit") or ""), str(get("name") or "")]
    )  # fmt: skip
    return who, subject or "", body


@dataclass(frozen=True, slots=True)
class IndexedDocument:
    """A document's searchable metadata and records.

    `meta` is the record without the RECORD_KINDS lists (agencies and references stay in it).
    `counts` is the length of each of the five lists. `provinces` as written (official names where the
    gazetteer knows them), `current_provinces` after the 2025 merger. `terms` are the (field,
    value) pairs that filters and facets use: agency_kind, role, figure_kind, topic.
    """

    meta: dict[str, Any]
    provinces: tuple[str, ...]
    current_provinces: tuple[str, ...]
    year: int | None
    topics: tuple[str, ...]
    terms: tuple[tuple[str, str], ...]
    records: tuple[RecordRow, ...]
    counts: dict[str, int]


def doc_sort_key(issued_date: str | None, doc_id: str) -> str:
    """A key whose ascending order is newest issued first (undated last), then document id."""
    digits = (issued_date or "").replace("-", "")
    inverted = 99999999 - int(digits) if len(digits) == 8 and digits.isdigit() else 99999999
    return f"{inverted:08d}{doc_id[:16]}"


def record_sort_key(issued_date: str | None, doc_id: str, idx: int) -> str:
    """Records in listing order: newest document first, then their place in the document."""
    return f"{doc_sort_key(issued_date, doc_id)}{idx:06d}"


# Filters as index tokens: one made-up word per (field, value), in a `meta` column of the
# full-text tables, so that FTS5 intersects a query with its filters itself ("zzcurlaocai" for
# today's Lào Cai). unicode61 keeps letters and digits together, so the words are alphanumeric.
META_PREFIX = {
    "province": "zzprov",
    "current": "zzcur",
    "doc_type": "zztype",
    "year": "zzyear",
    "topic": "zztopic",
    "agency_kind": "zzak",
    "role": "zzrole",
    "figure_kind": "zzfk",
    "kind": "zzkind",
}
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def meta_token(field: str, value: object) -> str:
    """The index word for one filter value: meta_token("current", "Lào Cai") -> "zzcurlaocai"."""
    return _meta_token(field, str(value))


@lru_cache(maxsize=8192)  # values come from small vocabularies: provinces, kinds, roles, topics, years
def _meta_token(field: str, value: str) -> str:
    return META_PREFIX[field] + _NOT_ALNUM.sub("", fold(value))


def document_meta(doc_type: str, ix: IndexedDocument) -> str:
    """The `meta` words of a document: its type, year, provinces, topics and record kinds."""
    words = [meta_token("doc_type", doc_type)]
    if ix.year is not None:
        words.append(meta_token("year", ix.year))
    words += [meta_token("province", p) for p in ix.provinces]
    words += [meta_token("current", p) for p in ix.current_provinces]
    words += [meta_token(field, value) for field, value in ix.terms]
    return " ".join(dict.fromkeys(words))


def record_meta(row: RecordRow) -> str:
    """The `meta` words of a record: its kind, role, agency and figure kinds, provinces, topics."""
    return record_meta_of(
        row.kind, row.role, row.agency_kind, row.figure_kind, row.province, row.current, row.topics
    )


@lru_cache(maxsize=8192)  # a document's records share a handful of combinations
def record_meta_of(
    kind: str,
    role: str | None,
    agency_kind: str | None,
    figure_kind: str | None,
    province: str | None,
    current: str | None,
    topics: tuple[str, ...],
) -> str:
    """`record_meta` from the stored columns (deleting a record hands FTS5 its words back)."""
    words = [meta_token("kind", kind)]
    for field, value in (
        ("role", role),
        ("agency_kind", agency_kind),
        ("figure_kind", figure_kind),
        ("province", province),
        ("current", current),
    ):
        if value:
            words.append(meta_token(field, value))
    words += [meta_token("topic", t) for t in topics]
    return " ".join(words)


@lru_cache(maxsize=4096)
def canonical_province(name: str) -> str:
    """The gazetteer's official name for `name`, or `name` itself when unknown."""
    p = province(name)
    return p.name if p else name


@lru_cache(maxsize=4096)
def today_province(name: str) -> str:
    """The province `name` belongs to after the 1 July 2025 merger (`name` itself when unknown)."""
    return current_province(name) or name


def _agency_index(agencies: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    by_text: dict[str, dict[str, Any]] = {}
    for a in agencies:
        t = str(a.get("text") or "")
        if t and t not in by_text:
            by_text[t] = a
    return by_text, sorted(by_text, key=len, reverse=True)


def _actor_agency(
    actor: str, by_text: dict[str, dict[str, Any]], longest_first: list[str]
) -> dict[str, Any] | None:
    """The agency record a duty's actor names: the same text, else the longest agency text that
    opens the actor, else the longest one inside it."""
    if actor in by_text:
        return by_text[actor]
    inside = None
    for t in longest_first:
        if actor.startswith(t):
            return by_text[t]
        if inside is None and t in actor:
            inside = by_text[t]
    return inside


def _deadline_dates(
    text: Any, span: tuple[Any, Any], deadlines: list[dict[str, Any]]
) -> tuple[str | None, str | None]:
    """Resolved (start, end) of the deadline whose text a duty or figure carries (the occurrence
    inside the record's span first)."""
    if not text:
        return None, None
    same = [d for d in deadlines if d.get("text") == text]
    if not same:
        return None, None
    lo, hi = span
    inside = [
        d for d in same if isinstance(lo, int) and isinstance(hi, int) and lo <= (d.get("start") or -1) <= hi
    ]
    d = (inside or same)[0]
    return d.get("start_date"), d.get("end_date")


def index_fields(record: dict[str, Any], text: str = "") -> IndexedDocument:
    """Everything the indexes store for one SCHEMA.md record and its document `text` (see the
    class docstrings)."""
    meta = {k: v for k, v in record.items() if k not in RECORD_KINDS}
    provinces = tuple(dict.fromkeys(canonical_province(str(p)) for p in record.get("provinces") or []))
    current = tuple(dict.fromkeys(today_province(p) for p in provinces))
    issued = record.get("issued_date")
    year = int(str(issued)[:4]) if issued and str(issued)[:4].isdigit() else None
    doc_province = provinces[0] if len(provinces) == 1 else None
    lists: dict[str, list[dict[str, Any]]] = {k: list(record.get(k) or []) for k in KINDS}
    by_text, longest = _agency_index(lists["agencies"])
    # topics come with records extracted by this version (pipeline/extract.py); older ones get them here
    own = {(k, i): _own_topics(it) for k in ("duties", "figures") for i, it in enumerate(lists[k])}
    stored = _stored(record.get("topics"))
    topics = (
        stored if stored is not None else document_topics(str(record.get("title") or ""), own.values(), text)
    )
    carried: dict[str, set[str]] = {}  # a deadline's topics: those of the duties that carry it
    for i, duty in enumerate(lists["duties"]):
        if duty.get("deadline"):
            carried.setdefault(str(duty["deadline"]), set()).update(own[("duties", i)])
    rows: list[RecordRow] = []
    for kind in RECORD_KINDS:
        for i, item in enumerate(lists[kind]):
            mine = own.get((kind, i)) or tuple(sorted(carried.get(str(item.get("text")), ())))
            mine = tuple(dict.fromkeys(mine + topics[:1]))  # and the document's main topic
            rows.append(_row(kind, i, item, doc_province, by_text, longest, lists["deadlines"], mine))
    terms: dict[tuple[str, str], None] = {}
    for a in lists["agencies"]:
        if a.get("kind"):
            terms[("agency_kind", str(a["kind"]))] = None
    for r in rows:
        if r.agency_kind:
            terms[("agency_kind", r.agency_kind)] = None
        if r.role:
            terms[("role", r.role)] = None
        if r.figure_kind:
            terms[("figure_kind", r.figure_kind)] = None
    for t in topics:
        terms[("topic", t)] = None
    counts = {k: len(lists[k]) for k in KINDS if lists[k]}
    return IndexedDocument(meta, provinces, current, year, topics, tuple(terms), tuple(rows), counts)


def _own_topics(item: dict[str, Any]) -> tuple[str, ...]:
    stored = _stored(item.get("topics"))
    return stored if stored is not None else own_topics(item)


def _stored(topics: object) -> tuple[str, ...] | None:
    """Topics a record carries from extraction (a list of slugs), None when it has none stored."""
    return tuple(str(t) for t in topics) if isinstance(topics, list) else None


def _row(
    kind: str,
    idx: int,
    item: dict[str, Any],
    doc_province: str | None,
    by_text: dict[str, dict[str, Any]],
    longest: list[str],
    deadlines: list[dict[str, Any]],
    topics: tuple[str, ...],
) -> RecordRow:
    evidence = item.get("evidence")
    data = {k: v for k, v in item.items() if k != "evidence"}
    actor = actor_name = agency_kind = role = figure_kind = subject = None
    due_start = due_end = None
    value = None
    prov = None
    if kind == "duties":
        actor, role = item.get("actor"), item.get("role")
        agency = _actor_agency(str(actor), by_text, longest) if actor else None
        if agency is not None:
            actor_name, agency_kind, prov = agency.get("name"), agency.get("kind"), agency.get("province")
        due_start, due_end = _deadline_dates(
            item.get("deadline"), (item.get("start"), item.get("end")), deadlines
        )
    elif kind == "figures":
        figure_kind, subject = item.get("kind"), item.get("subject")
        v = item.get("value")
        value = float(v) if isinstance(v, int | float) else None
        due_start, due_end = _deadline_dates(
            item.get("deadline"), (item.get("start"), item.get("end")), deadlines
        )
    elif kind == "deadlines":
        due_start, due_end = item.get("start_date"), item.get("end_date")
    prov = canonical_province(str(prov)) if prov else doc_province
    text = str(item.get("action") if kind == "duties" else item.get("text") or "") or ""
    return RecordRow(
        kind=kind,
        idx=idx,
        item=data,
        evidence=str(evidence) if evidence else None,
        text=text,
        actor=str(actor) if actor else None,
        actor_name=str(actor_name) if actor_name else None,
        agency_kind=str(agency_kind) if agency_kind else None,
        role=str(role) if role else None,
        figure_kind=str(figure_kind) if figure_kind else None,
        subject=str(subject) if subject else None,
        province=prov,
        current=today_province(prov) if prov else None,
        due_start=str(due_start) if due_start else None,
        due_end=str(due_end) if due_end else None,
        value=value,
        topics=topics,
    )
