"""The embedded SQLite store: documents, their records, and FTS5 indexes.

One transaction per document, WAL journal, so a failure mid-document leaves the
store as it was and readers keep working while a writer ingests.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from index import search_sqlite
from index.fields import (
    KINDS,
    RECORD_KINDS,
    RecordRow,
    doc_sort_key,
    document_meta,
    index_fields,
    record_meta,
    record_meta_of,
    search_fields,
    today_province,
)
from index.fold import fold
from index.query import Facets, RecordKind, RecordQuery, RecordResult, SearchQuery, SearchResult, tokenize
from index.store import AddOutcome, DocumentSummary
from pipeline.errors import DocumentNotFound, StoreError
from pipeline.run import ProcessedDocument

SCHEMA_VERSION = 2

# documents.record holds the metadata, agencies and references; duties, deadlines and figures live
# in `records`, one row per record. Evidence sentences are stored as offsets into documents.text
# (`ev_start`, `ev_end`; `_ev` inside documents.record) and `get` puts everything back.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT NOT NULL,
    size INTEGER NOT NULL,
    repairs TEXT NOT NULL,
    page_starts TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    title TEXT,
    number TEXT,
    issued_date TEXT,
    year INTEGER,
    issuer TEXT,
    issuer_key TEXT,
    provinces TEXT NOT NULL,
    current_provinces TEXT NOT NULL,
    topics TEXT NOT NULL,
    terms TEXT NOT NULL,
    counts TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    meta TEXT NOT NULL,  -- filter words (index/fields.py: document_meta), indexed by both FTS tables
    record TEXT NOT NULL,
    text TEXT NOT NULL  -- last: columns after a long text are read through its overflow pages
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_date ON documents(issued_date DESC, id);
CREATE TABLE IF NOT EXISTS doc_provinces (
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    province TEXT NOT NULL,
    current TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_provinces_p ON doc_provinces(province, doc_rowid);
CREATE INDEX IF NOT EXISTS doc_provinces_c ON doc_provinces(current, doc_rowid);
CREATE INDEX IF NOT EXISTS doc_provinces_doc ON doc_provinces(doc_rowid, current, province);
CREATE TABLE IF NOT EXISTS doc_terms (
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    doc_rowid INTEGER NOT NULL,
    PRIMARY KEY (field, value, doc_rowid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_terms_doc ON doc_terms(doc_rowid, field, value);
CREATE TABLE IF NOT EXISTS records (
    rowid INTEGER PRIMARY KEY,
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    idx INTEGER NOT NULL,
    sort_key TEXT NOT NULL,  -- newest document first, then the record's place in it
    start INTEGER,
    "end" INTEGER,
    ev_start INTEGER,
    ev_end INTEGER,
    agency_kind TEXT,
    role TEXT,
    figure_kind TEXT,
    province TEXT,
    current TEXT,
    due_start TEXT,
    due_end TEXT,
    due TEXT,
    value REAL,
    topics TEXT NOT NULL,
    actor TEXT,
    actor_name TEXT,
    subject TEXT,
    evidence TEXT,  -- only when the sentence is not found in the text
    text TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_doc ON records(doc_rowid);
CREATE INDEX IF NOT EXISTS records_kind ON records(kind, current, sort_key);
CREATE INDEX IF NOT EXISTS records_due ON records(kind, due);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    title, text, meta, tokenize = "unicode61 remove_diacritics 0", content = 'documents', content_rowid = 'rowid',
    detail = none
);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fold USING fts5(
    title, body, meta, tokenize = "unicode61 remove_diacritics 2", content = ''
);
CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(
    actor, subject, body, meta, tokenize = "unicode61 remove_diacritics 2", content = ''
);
"""

DOCUMENT_COLUMNS = (
    "rowid, id, path, source, format, encoding, size, repairs, page_starts, doc_type, title, number, issued_date,"
    " year, issuer, issuer_key, provinces, current_provinces, topics, terms, counts, ingested_at, meta, record, text"
)
RECORD_COLUMNS = (
    'rowid, doc_rowid, kind, idx, sort_key, start, "end", ev_start, ev_end, agency_kind, role, figure_kind,'
    " province, current, due_start, due_end, due, value, topics, actor, actor_name, subject, evidence, text, data"
)


# one "?" per column, for INSERT ... VALUES
DOCUMENT_VALUES = ",".join("?" * (DOCUMENT_COLUMNS.count(",") + 1))
RECORD_VALUES = ",".join("?" * (RECORD_COLUMNS.count(",") + 1))


# FTS5 buffers this much new text per table before writing a segment: fewer, larger segments
# make bulk loads faster and leave less merging behind.
FTS_TABLES = ("docs_fts", "docs_fold", "records_fts")
_FTS_HASHSIZE = 16 * 1024 * 1024


def _dumps(value: object) -> str:
    """Compact JSON text; orjson, with the standard library for what it refuses (integers past 64 bits)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def index_documents(conn: sqlite3.Connection, source: str, params: tuple[Any, ...] = ()) -> None:
    """Put the documents rows of `source` ("documents WHERE rowid = ?", a staging table) into both
    document FTS5 tables: as written, and with đ→d for the folded one (SQL's `fts_fold`)."""
    conn.execute(
        f"INSERT INTO docs_fts (rowid, title, text, meta) SELECT rowid, title, text, meta FROM {source}",
        params,
    )
    conn.execute(
        "INSERT INTO docs_fold (rowid, title, body, meta) SELECT rowid,"
        " replace(replace(coalesce(title, ''), 'đ', 'd'), 'Đ', 'D'), replace(replace(text, 'đ', 'd'), 'Đ', 'D'), meta"
        f" FROM {source}",
        params,
    )


def fts_fold(text: str) -> str:
    """Text as the folded FTS5 tables receive it: đ→d here, `remove_diacritics 2` does the rest
    (case and every other mark), at C speed. `index_documents` does the same in SQL; deleting a
    document hands FTS5 these values back, so the two must agree."""
    return text.replace("đ", "d").replace("Đ", "D")


def _compact(meta: dict[str, Any], text: str) -> dict[str, Any]:
    """`meta` with each agency's and reference's evidence sentence replaced by its offsets (`_ev`)."""
    out = dict(meta)
    for kind in ("agencies", "references"):
        items = []
        for item in meta.get(kind) or []:
            offsets = _evidence_offsets(text, item.get("evidence"), item.get("start"))
            if offsets is not None:
                item = {**{k: v for k, v in item.items() if k != "evidence"}, "_ev": list(offsets)}
            items.append(item)
        out[kind] = items
    return out


def _expand(meta: dict[str, Any], text: str) -> dict[str, Any]:
    """`_compact` undone."""
    for kind in ("agencies", "references"):
        for item in meta.get(kind) or []:
            if "_ev" in item:
                a, b = item.pop("_ev")
                item["evidence"] = text[a:b]
    return meta


def _evidence_offsets(text: str, evidence: str | None, start: int | None) -> tuple[int, int] | None:
    if not evidence:
        return None
    lo = max(0, (start or 0) - len(evidence))
    at = text.find(evidence, lo)
    if at < 0:
        at = text.find(evidence)
    return (at, at + len(evidence)) if at >= 0 else None


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """Every row one document adds, ready for `SqliteStore._write`."""

    document: tuple[Any, ...]
    provinces: list[tuple[int, str, str]]
    terms: list[tuple[str, str, int]]
    records: list[tuple[Any, ...]]
    records_fts: list[tuple[Any, ...]]


def prepare_rows(processed: ProcessedDocument, rowid: int, first_record_rowid: int) -> DocumentRows:
    """The rows of one document stored as `rowid`, its records from `first_record_rowid` on."""
    doc, rec = processed.document, processed.record
    ix = index_fields(rec, doc.text)
    issued = rec.get("issued_date")
    issuer = rec.get("issuer")
    doc_type = str(rec.get("doc_type") or "other")
    meta = document_meta(doc_type, ix)
    title = rec.get("title")
    document = (
        rowid, doc.id, doc.source.path, str(rec.get("source")), doc.source.format.value, doc.source.encoding,
        doc.source.size, _dumps(list(doc.source.repairs)), _dumps(list(doc.page_starts)), doc_type, title,
        rec.get("number"), issued, ix.year, issuer, " ".join(tokenize(fold(str(issuer)))) if issuer else None,
        _dumps(list(ix.provinces)), _dumps(list(ix.current_provinces)), " ".join(ix.topics), _dumps(ix.terms),
        _dumps(ix.counts), datetime.now(UTC).isoformat(timespec="seconds"), meta, _dumps(_compact(ix.meta, doc.text)),
        doc.text,
    )  # fmt: skip
    dated = issued if isinstance(issued, str) else None
    sort_prefix = doc_sort_key(dated, doc.id)  # record_sort_key without recomputing it per record
    records, records_fts = [], []
    for n, row in enumerate(ix.records):
        values, search = _record_rows(
            rowid, first_record_rowid + n, row, doc.text, f"{sort_prefix}{row.idx:06d}"
        )
        records.append(values)
        records_fts.append(search)
    return DocumentRows(
        document=document,
        provinces=[(rowid, p, today_province(p)) for p in ix.provinces],
        terms=[(f, v, rowid) for f, v in ix.terms],
        records=records,
        records_fts=records_fts,
    )


def _record_rows(
    doc_rowid: int, rowid: int, row: RecordRow, text: str, sort_key: str
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The `records` row and the `records_fts` row of one record."""
    offsets = _evidence_offsets(text, row.evidence, row.start)
    values = (
        rowid, doc_rowid, row.kind, row.idx, sort_key, row.start, row.end, offsets[0] if offsets else None,
        offsets[1] if offsets else None, row.agency_kind, row.role, row.figure_kind, row.province, row.current,
        row.due_start, row.due_end, row.due, row.value, " ".join(row.topics), row.actor, row.actor_name,
        row.subject, None if offsets else row.evidence, row.text, _dumps(row.item),
    )  # fmt: skip
    return values, (rowid, *(fts_fold(f) for f in row.search_fields()), record_meta(row))


def _connect(path: str, journal: bool = True) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30.0, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of pages: index b-trees stay hot while loading
    conn.execute("PRAGMA temp_store = MEMORY")
    if not journal:  # a new index no one reads yet (index/sqlite_build.py): no page written twice
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
    elif path != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


class SqliteStore:
    """Documents and records in one SQLite file (`VANBAN_DB`).

    `journal=False` is for `index/sqlite_build.py` alone: no journal, so a failed write may leave
    the file unusable, which is fine for a file that is thrown away when its build fails.
    """

    def __init__(self, path: Path | str, *, journal: bool = True) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        try:
            self.conn = _connect(self.path, journal)
            version = self._stored_version()
            if version is not None and version != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: schema version {version}, expected {SCHEMA_VERSION}; "
                    "re-ingest into a new file"
                )
            fresh = not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'docs_fold'").fetchone()
            self.conn.executescript(_SCHEMA)
            if fresh:
                for table in FTS_TABLES:
                    self.conn.execute(
                        f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {_FTS_HASHSIZE})"
                    )
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: not a usable vanban database ({err})") from err
        if version is None:
            self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _stored_version(self) -> int | None:
        if not self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone():
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row["value"]) if row else None

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # -- writing -------------------------------------------------------------

    def add(self, processed: ProcessedDocument) -> AddOutcome:
        """Store a document and its records; same bytes again does nothing."""
        doc, _record = processed.document, processed.record
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                return AddOutcome.UNCHANGED
            old = conn.execute("SELECT rowid FROM documents WHERE path = ?", (doc.source.path,)).fetchall()
            for row in old:
                self._delete_rowid(conn, row["rowid"])
            self._insert(conn, processed)
        return AddOutcome.REPLACED if old else AddOutcome.ADDED

    def add_many(self, batch: list[ProcessedDocument]) -> int:
        """Bulk load pre-extracted documents in one transaction (benchmarks, re-indexing).

        Documents already stored (same id) are skipped; an error rolls the whole batch back. A large
        batch has its rows prepared in worker processes (`index/sqlite_bulk.py`); a small one here.
        """
        from index import sqlite_bulk

        attached: list[str] = []
        with tempfile.TemporaryDirectory(prefix="vanban-bulk-") as tmp:
            try:
                with self._tx() as conn:
                    ids = [p.document.id for p in batch]
                    have = {
                        r[0]
                        for r in conn.execute(
                            "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                            (_dumps(ids),),
                        )
                    }
                    new = []
                    for processed in batch:
                        if processed.document.id not in have:
                            have.add(processed.document.id)
                            new.append(processed)
                    doc_rowid, rec_rowid = self._next_rowids(conn)
                    if len(new) >= sqlite_bulk.PARALLEL_MIN and sqlite_bulk.workers() > 1:
                        sqlite_bulk.load(conn, new, doc_rowid, rec_rowid, Path(tmp), attached)
                    else:
                        for processed in new:
                            rows = prepare_rows(processed, doc_rowid, rec_rowid)
                            self._write(conn, rows)
                            doc_rowid, rec_rowid = doc_rowid + 1, rec_rowid + len(rows.records)
            finally:
                for name in attached:
                    self.conn.execute(f"DETACH DATABASE {name}")
        return len(new)

    @staticmethod
    def _next_rowids(conn: sqlite3.Connection) -> tuple[int, int]:
        doc = conn.execute("SELECT coalesce(max(rowid), 0) FROM documents").fetchone()[0]
        rec = conn.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0]
        return int(doc) + 1, int(rec) + 1

    def _insert(self, conn: sqlite3.Connection, processed: ProcessedDocument) -> None:
        self._write(conn, prepare_rows(processed, *self._next_rowids(conn)))

    @staticmethod
    def _write(conn: sqlite3.Connection, rows: DocumentRows) -> None:
        conn.execute(f"INSERT INTO documents ({DOCUMENT_COLUMNS}) VALUES ({DOCUMENT_VALUES})", rows.document)
        conn.executemany("INSERT INTO doc_provinces VALUES (?,?,?)", rows.provinces)
        conn.executemany("INSERT OR IGNORE INTO doc_terms VALUES (?,?,?)", rows.terms)
        index_documents(conn, "documents WHERE rowid = ?", (rows.document[0],))
        conn.executemany(f"INSERT INTO records ({RECORD_COLUMNS}) VALUES ({RECORD_VALUES})", rows.records)
        conn.executemany(
            "INSERT INTO records_fts(rowid, actor, subject, body, meta) VALUES (?,?,?,?,?)", rows.records_fts
        )

    def _delete_rowid(self, conn: sqlite3.Connection, rowid: int) -> None:
        row = conn.execute(
            "SELECT title, text, terms, meta FROM documents WHERE rowid = ?", (rowid,)
        ).fetchone()
        # contentless and external-content FTS5 tables delete by rowid and the old values
        conn.execute(
            "INSERT INTO docs_fts(docs_fts, rowid, title, text, meta) VALUES ('delete', ?, ?, ?, ?)",
            (rowid, row["title"], row["text"], row["meta"]),
        )
        conn.execute(
            "INSERT INTO docs_fold(docs_fold, rowid, title, body, meta) VALUES ('delete', ?, ?, ?, ?)",
            (rowid, fts_fold(row["title"] or ""), fts_fold(row["text"]), row["meta"]),
        )
        for rec in conn.execute(
            "SELECT rowid, kind, role, agency_kind, figure_kind, province, current, topics, actor, actor_name, subject,"
            " data FROM records WHERE doc_rowid = ?",
            (rowid,),
        ).fetchall():
            fields = search_fields(rec["actor"], rec["actor_name"], rec["subject"], orjson.loads(rec["data"]))
            meta = record_meta_of(
                rec["kind"],
                rec["role"],
                rec["agency_kind"],
                rec["figure_kind"],
                rec["province"],
                rec["current"],
                tuple(rec["topics"].split()),
            )
            conn.execute(
                "INSERT INTO records_fts(records_fts, rowid, actor, subject, body, meta)"
                " VALUES ('delete', ?, ?, ?, ?, ?)",
                (rec["rowid"], *(fts_fold(f) for f in fields), meta),
            )
        conn.executemany(
            "DELETE FROM doc_terms WHERE field = ? AND value = ? AND doc_rowid = ?",
            [(f, v, rowid) for f, v in orjson.loads(row["terms"])],
        )
        conn.execute("DELETE FROM records WHERE doc_rowid = ?", (rowid,))
        conn.execute("DELETE FROM doc_provinces WHERE doc_rowid = ?", (rowid,))
        conn.execute("DELETE FROM documents WHERE rowid = ?", (rowid,))

    def delete(self, doc_id: str) -> None:
        with self._tx() as conn:
            row = conn.execute("SELECT rowid FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise DocumentNotFound(f"no document {doc_id!r}")
            self._delete_rowid(conn, row["rowid"])

    # -- reading -------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def resolve(self, prefix: str) -> str:
        """The full id for an id or a unique prefix of at least 6 characters."""
        if len(prefix) < 6:
            raise DocumentNotFound(f"document id {prefix!r} is too short (give at least 6 characters)")
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
        ).fetchall()
        if not rows:
            raise DocumentNotFound(f"no document {prefix!r}")
        if len(rows) > 1:
            raise DocumentNotFound(f"document id {prefix!r} is ambiguous; give more characters")
        return str(rows[0]["id"])

    def get(self, doc_id: str) -> dict[str, Any]:
        """The stored document: metadata, source, normalized text, and records."""
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (self.resolve(doc_id),)).fetchone()
        text = row["text"]
        stored = _expand(orjson.loads(row["record"]), text)
        lists: dict[str, list[dict[str, Any]]] = {k: [] for k in RECORD_KINDS}
        for r in self.conn.execute(
            "SELECT kind, data, ev_start, ev_end, evidence FROM records WHERE doc_rowid = ? ORDER BY rowid",
            (row["rowid"],),
        ):
            item = orjson.loads(r["data"])
            item["evidence"] = (
                text[r["ev_start"] : r["ev_end"]] if r["ev_start"] is not None else r["evidence"]
            )
            lists[r["kind"]].append(item)
        record = {k: v for k, v in stored.items() if k not in KINDS}
        for kind in KINDS:  # SCHEMA.md order
            record[kind] = lists[kind] if kind in lists else stored.get(kind, [])
        record["path"] = row["path"]
        record["format"] = row["format"]
        record["encoding"] = row["encoding"]
        record["size"] = row["size"]
        record["repairs"] = orjson.loads(row["repairs"])
        record["page_starts"] = orjson.loads(row["page_starts"])
        record["text"] = text
        record["topics"] = row["topics"].split()
        record["ingested_at"] = row["ingested_at"]
        return record

    def list(self, limit: int = 100, after: str | None = None) -> list[DocumentSummary]:
        rows = self.conn.execute(
            "SELECT d.id, d.path, d.format, d.doc_type, d.title, d.number, d.issued_date, d.provinces, d.counts"
            " FROM documents d WHERE (? IS NULL OR d.id > ?) ORDER BY d.id LIMIT ?",
            (after, after, limit),
        ).fetchall()
        return [
            DocumentSummary(
                id=r["id"],
                path=r["path"],
                format=r["format"],
                doc_type=r["doc_type"],
                title=r["title"],
                number=r["number"],
                issued_date=r["issued_date"],
                provinces=tuple(orjson.loads(r["provinces"])),
                counts=orjson.loads(r["counts"] or "{}"),
            )
            for r in rows
        ]

    # -- search ----------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Documents matching `query` (see `index/search_sqlite.py` for the ranking design)."""
        with self._lock:  # one connection, shared by threads (the HTTP API): one statement at a time
            return search_sqlite.search(self.conn, query)

    def facets(self, query: SearchQuery) -> Facets:
        """Facet counts of the documents `query` matches."""
        with self._lock:
            return search_sqlite.facets(self.conn, query)

    def records(self, kind: RecordKind | str, query: RecordQuery) -> RecordResult:
        """Duties, deadlines or figures matching `query`."""
        with self._lock:
            return search_sqlite.records(self.conn, kind, query)

    def optimize(self) -> None:
        """Merge the FTS5 segments into one per table and refresh planner statistics (after bulk loads)."""
        with self._lock:
            for table in FTS_TABLES:
                self.conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            self.conn.execute("PRAGMA optimize")
            self.conn.execute("ANALYZE")

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])
