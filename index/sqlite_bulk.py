"""Bulk loading for the SQLite store: rows prepared in worker processes, copied in by SQLite.

One SQLite file has one writer, and preparing a document's rows (index fields, record rows,
JSON, folding: ~1.3 ms of Python) costs as much as writing them. So `load` splits a batch into
chunks; forked worker processes prepare each chunk and write its rows, as they are, into a
staging SQLite file of their own (plain tables: no index, no journal); the loading process
ATTACHes each staging file as it is ready and copies it with `INSERT ... SELECT`, so the rows
never become Python objects on the writing side, and the FTS5 tables are filled from the staged
columns (`index_documents`). Preparation of the next chunks overlaps with the copy of this one. Everything happens inside the caller's transaction: an error in a worker or
in SQLite rolls the whole batch back. Staged rows carry document rowids fixed by the caller and
record rowids counted from 1 in their chunk; the copy shifts them past the store's last record.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from index.sqlite import (
    DOCUMENT_COLUMNS,
    DOCUMENT_VALUES,
    RECORD_COLUMNS,
    RECORD_VALUES,
    index_documents,
    prepare_rows,
)
from pipeline.run import ProcessedDocument

PARALLEL_MIN = 200  # smaller batches are prepared in the calling process (forking costs more)
# Relative chunk sizes, at most 8 (staging files attached at once; SQLite allows 10 attached
# databases by default): a small first chunk lets the copying start early, a small last one
# leaves little to copy after the workers are done.
CHUNK_WEIGHTS = (1, 2, 3, 3, 3, 3, 2, 1)

_STAGING = f"""
CREATE TABLE documents ({DOCUMENT_COLUMNS});
CREATE TABLE doc_provinces (doc_rowid, province, current);
CREATE TABLE doc_terms (field, value, doc_rowid);
CREATE TABLE records ({RECORD_COLUMNS});
CREATE TABLE records_fts (rowid, actor, subject, body, meta);
"""

# the batch being loaded, inherited by the forked workers (never pickled)
_BATCH: Sequence[ProcessedDocument] = ()


def workers() -> int:
    """Worker processes for a bulk load: one per CPU (the loading process mostly waits on SQLite);
    1 (no workers: `add_many` prepares rows itself) where processes cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def chunk_bounds(n: int, weights: Sequence[int] = CHUNK_WEIGHTS) -> list[tuple[int, int]]:
    """Split n documents into chunks (lo, hi) sized by `weights`, empty chunks left out."""
    total, bounds, lo, acc = sum(weights), [], 0, 0
    for w in weights:
        acc += w
        hi = n * acc // total
        if hi > lo:
            bounds.append((lo, hi))
        lo = hi
    return bounds


def load(
    conn: sqlite3.Connection,
    batch: Sequence[ProcessedDocument],
    first_rowid: int,
    next_record: int,
    tmp: Path,
    attached: list[str],
) -> None:
    """Write `batch` (new documents only) as document rowids first_rowid, first_rowid + 1, ... and
    their records from rowid `next_record` on, inside the transaction open on `conn`.

    Staging files go to directory `tmp`; each one attached is named in `attached`, for the caller
    to DETACH once the transaction has ended (a database read in a transaction stays locked until
    then) and before `tmp` goes."""
    global _BATCH
    bounds = chunk_bounds(len(batch))
    _BATCH = batch
    try:
        with multiprocessing.get_context("fork").Pool(min(workers(), len(bounds))) as pool:
            staged = [
                pool.apply_async(_stage, (str(tmp / f"chunk{k}.db"), lo, hi, first_rowid + lo))
                for k, (lo, hi) in enumerate(bounds)
            ]
            for k, result in enumerate(staged):
                name = f"vanban_stage{k}"
                conn.execute(f"ATTACH DATABASE ? AS {name}", (result.get(),))
                attached.append(name)
                next_record = _copy(conn, name, next_record)
    finally:
        _BATCH = ()


def _copy(conn: sqlite3.Connection, stage: str, next_record: int) -> int:
    """Copy one staging file's rows into the store; returns the next free record rowid."""
    shift = next_record - 1
    conn.execute(
        f"INSERT INTO documents ({DOCUMENT_COLUMNS}) SELECT {DOCUMENT_COLUMNS} FROM {stage}.documents"
    )
    conn.execute(f"INSERT INTO doc_provinces SELECT doc_rowid, province, current FROM {stage}.doc_provinces")
    conn.execute(f"INSERT OR IGNORE INTO doc_terms SELECT field, value, doc_rowid FROM {stage}.doc_terms")
    index_documents(conn, f"{stage}.documents")
    shifted = RECORD_COLUMNS.replace("rowid, doc_rowid", "rowid + ?, doc_rowid", 1)
    conn.execute(f"INSERT INTO records ({RECORD_COLUMNS}) SELECT {shifted} FROM {stage}.records", (shift,))
    conn.execute(
        "INSERT INTO records_fts (rowid, actor, subject, body, meta)"
        f" SELECT rowid + ?, actor, subject, body, meta FROM {stage}.records_fts",
        (shift,),
    )
    count = conn.execute(f"SELECT count(*) FROM {stage}.records").fetchone()[0]
    return next_record + int(count)


def _stage(path: str, lo: int, hi: int, first_rowid: int) -> str:
    """(In a worker.) Prepare documents lo..hi of the batch and write their rows to a new staging
    file at `path`; returns `path`."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(_STAGING)
        conn.execute("BEGIN")
        next_record = 1
        for i in range(lo, hi):
            rows = prepare_rows(_BATCH[i], first_rowid + i - lo, next_record)
            next_record += len(rows.records)
            conn.execute(f"INSERT INTO documents VALUES ({DOCUMENT_VALUES})", rows.document)
            conn.executemany("INSERT INTO doc_provinces VALUES (?,?,?)", rows.provinces)
            conn.executemany("INSERT INTO doc_terms VALUES (?,?,?)", rows.terms)
            conn.executemany(f"INSERT INTO records VALUES ({RECORD_VALUES})", rows.records)
            conn.executemany("INSERT INTO records_fts VALUES (?,?,?,?,?)", rows.records_fts)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return path
