"""The embedded SQLite store: documents, their records, and FTS5 indexes.

One transaction per document, WAL journal, so a failure mid-document leaves the
store as it was and readers keep working while a writer ingests.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extractors.places import current_province
from index.fold import fold
from index.store import AddOutcome, DocumentSummary
from pipeline.errors import DocumentNotFound, StoreError
from pipeline.run import ProcessedDocument

SCHEMA_VERSION = 1

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
    text TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    title TEXT,
    number TEXT,
    issued_date TEXT,
    year INTEGER,
    issuer TEXT,
    provinces TEXT NOT NULL,
    record TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_type_year ON documents(doc_type, year);
CREATE TABLE IF NOT EXISTS doc_provinces (
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    province TEXT NOT NULL,
    current TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_provinces_p ON doc_provinces(province);
CREATE INDEX IF NOT EXISTS doc_provinces_c ON doc_provinces(current);
CREATE INDEX IF NOT EXISTS doc_provinces_doc ON doc_provinces(doc_rowid);
CREATE TABLE IF NOT EXISTS records (
    rowid INTEGER PRIMARY KEY,
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    evidence TEXT,
    agency_kind TEXT,
    role TEXT,
    figure_kind TEXT,
    province TEXT,
    due_start TEXT,
    due_end TEXT,
    value REAL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_doc ON records(doc_rowid, kind);
CREATE INDEX IF NOT EXISTS records_kind ON records(kind, province);
CREATE INDEX IF NOT EXISTS records_due ON records(kind, due_end);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    title, text, tokenize = "unicode61 remove_diacritics 0", content = 'documents', content_rowid = 'rowid'
);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fold USING fts5(
    title, body, tokenize = "unicode61 remove_diacritics 2", content = ''
);
CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(
    body, tokenize = "unicode61 remove_diacritics 2", content = ''
);
"""


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30.0, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    if path != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


class SqliteStore:
    """Documents and records in one SQLite file (`VANBAN_DB`)."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        try:
            self.conn = _connect(self.path)
            self.conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: not a usable vanban database ({err})") from err
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row["value"]) != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {row['value']}, expected {SCHEMA_VERSION}; re-ingest into a new file")

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
        """Bulk load pre-extracted documents in one transaction (benchmarks, re-indexing)."""
        n = 0
        with self._tx() as conn:
            for processed in batch:
                if conn.execute("SELECT 1 FROM documents WHERE id = ?", (processed.document.id,)).fetchone():
                    continue
                self._insert(conn, processed)
                n += 1
        return n

    def _insert(self, conn: sqlite3.Connection, processed: ProcessedDocument) -> None:
        doc, rec = processed.document, processed.record
        provinces = [str(p) for p in rec.get("provinces") or []]
        issued = rec.get("issued_date")
        cur = conn.execute(
            "INSERT INTO documents (id, path, source, format, encoding, size, repairs, page_starts, text, doc_type,"
            " title, number, issued_date, year, issuer, provinces, record, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.id, doc.source.path, str(rec.get("source")), doc.source.format.value, doc.source.encoding,
                doc.source.size, json.dumps(list(doc.source.repairs), ensure_ascii=False),
                json.dumps(list(doc.page_starts)), doc.text, rec.get("doc_type") or "other", rec.get("title"),
                rec.get("number"), issued, int(str(issued)[:4]) if issued else None, rec.get("issuer"),
                json.dumps(provinces, ensure_ascii=False), json.dumps(rec, ensure_ascii=False),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        rowid = cur.lastrowid
        for p in provinces:
            conn.execute("INSERT INTO doc_provinces VALUES (?,?,?)", (rowid, p, current_province(p) or p))
        title = rec.get("title") or ""
        conn.execute("INSERT INTO docs_fts(rowid, title, text) VALUES (?,?,?)", (rowid, rec.get("title"), doc.text))
        conn.execute("INSERT INTO docs_fold(rowid, title, body) VALUES (?,?,?)", (rowid, fold(title), fold(doc.text)))
        doc_province = provinces[0] if len(provinces) == 1 else None
        for kind in ("agencies", "duties", "deadlines", "figures", "references"):
            for i, item in enumerate(rec.get(kind) or []):
                self._insert_record(conn, rowid, kind, i, item, doc_province)

    def _insert_record(self, conn: sqlite3.Connection, doc_rowid: int | None, kind: str, idx: int,
                       item: dict[str, Any], doc_province: str | None) -> None:
        text = str(item.get("text") or item.get("action") or "")
        province = item.get("province") or doc_province
        due_start = due_end = None
        if kind == "deadlines":
            due_start, due_end = item.get("start_date"), item.get("end_date")
        elif kind == "duties":
            due_end = item.get("deadline_end")
        cur = conn.execute(
            'INSERT INTO records (doc_rowid, kind, idx, text, start, "end", evidence, agency_kind, role, figure_kind,'
            " province, due_start, due_end, value, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc_rowid, kind, idx, text, item.get("start"), item.get("end"), item.get("evidence"),
                item.get("kind") if kind == "agencies" else item.get("actor_kind"),
                item.get("role"), item.get("kind") if kind == "figures" else None,
                province, due_start, due_end, item.get("value") if kind == "figures" else None,
                json.dumps(item, ensure_ascii=False),
            ),
        )
        body = " ".join(str(item.get(k) or "") for k in ("actor", "text", "action", "subject", "name", "unit"))
        conn.execute("INSERT INTO records_fts(rowid, body) VALUES (?, ?)", (cur.lastrowid, fold(body)))

    def _delete_rowid(self, conn: sqlite3.Connection, rowid: int) -> None:
        row = conn.execute("SELECT title, text FROM documents WHERE rowid = ?", (rowid,)).fetchone()
        # contentless FTS5 tables delete by rowid ('delete' needs the old values)
        conn.execute("INSERT INTO docs_fts(docs_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                     (rowid, row["title"], row["text"]))
        conn.execute("INSERT INTO docs_fold(docs_fold, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                     (rowid, fold(row["title"] or ""), fold(row["text"])))
        for rec in conn.execute("SELECT rowid, data FROM records WHERE doc_rowid = ?", (rowid,)).fetchall():
            item = json.loads(rec["data"])
            body = " ".join(str(item.get(k) or "") for k in ("actor", "text", "action", "subject", "name", "unit"))
            conn.execute("INSERT INTO records_fts(records_fts, rowid, body) VALUES ('delete', ?, ?)",
                         (rec["rowid"], fold(body)))
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
        rows = self.conn.execute("SELECT id FROM documents WHERE id >= ? AND id < ? LIMIT 2",
                                 (prefix, prefix + "\uffff")).fetchall()
        if not rows:
            raise DocumentNotFound(f"no document {prefix!r}")
        if len(rows) > 1:
            raise DocumentNotFound(f"document id {prefix!r} is ambiguous; give more characters")
        return str(rows[0]["id"])

    def get(self, doc_id: str) -> dict[str, Any]:
        """The stored document: metadata, source, normalized text, and records."""
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (self.resolve(doc_id),)).fetchone()
        record = json.loads(row["record"])
        record["path"] = row["path"]
        record["format"] = row["format"]
        record["encoding"] = row["encoding"]
        record["size"] = row["size"]
        record["repairs"] = json.loads(row["repairs"])
        record["page_starts"] = json.loads(row["page_starts"])
        record["text"] = row["text"]
        record["ingested_at"] = row["ingested_at"]
        return record

    def list(self, limit: int = 100, after: str | None = None) -> list[DocumentSummary]:
        rows = self.conn.execute(
            "SELECT d.*, (SELECT json_group_object(kind, n) FROM (SELECT kind, count(*) n FROM records r"
            " WHERE r.doc_rowid = d.rowid GROUP BY kind)) AS counts FROM documents d"
            " WHERE (? IS NULL OR d.id > ?) ORDER BY d.id LIMIT ?",
            (after, after, limit),
        ).fetchall()
        return [
            DocumentSummary(
                id=r["id"], path=r["path"], format=r["format"], doc_type=r["doc_type"], title=r["title"],
                number=r["number"], issued_date=r["issued_date"], provinces=tuple(json.loads(r["provinces"])),
                counts=json.loads(r["counts"] or "{}"),
            )
            for r in rows
        ]

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])
