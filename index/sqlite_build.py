"""Building a new SQLite index from pre-extracted documents (`vanban load`, `bench/search.py`).

A store that readers may be using takes documents through `SqliteStore.add` and `add_many`,
under a WAL journal: every page is written twice (to the log, then at the checkpoint to the
file), and FTS5 merges its segments as it goes. A new index has no readers yet, so `build`
writes it into `PATH.building` with no journal at all and FTS5 merging suspended, merges each
FTS5 table once at the end, switches the file to WAL and only then renames it to PATH. No
reader ever sees half an index; a build that fails, or is interrupted, leaves no PATH behind
(and the next build starts its `.building` file afresh).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

from index.sqlite import FTS_TABLES, SqliteStore
from pipeline.errors import StoreError
from pipeline.run import ProcessedDocument

BATCH = 10_000  # documents per add_many: worker processes prepare each batch's rows
# FTS5's own defaults, put back once the build has merged every table into one segment
_AUTOMERGE, _CRISISMERGE = 4, 16
# while building: no merge as segments come, one merge of 64 segments of a level at a time (this
# bounds their number: FTS5 refuses to write past 2,000), then `optimize` merges all of them
_BUILD_CRISISMERGE = 64


def building_path(path: Path) -> Path:
    """Where `build` writes before the rename."""
    return path.with_name(path.name + ".building")


def build(
    path: Path,
    docs: Iterable[ProcessedDocument],
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write `docs` into a new index at `path` (which must not exist); returns the documents
    stored (a repeated id is stored once). `progress` is called with the running count after
    each batch."""
    if path.exists():
        raise StoreError(f"{path}: already exists; a build writes a new index (add to this one instead)")
    tmp = building_path(path)
    for stale in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        stale.unlink(missing_ok=True)
    store = SqliteStore(tmp, journal=False)
    try:
        _merging(store, automerge=0, crisismerge=_BUILD_CRISISMERGE)
        stored = 0
        it = iter(docs)
        while chunk := list(islice(it, max(1, batch))):
            stored += store.add_many(chunk)
            if progress is not None:
                progress(stored)
        store.optimize()  # one segment per FTS5 table, planner statistics
        _merging(store, automerge=_AUTOMERGE, crisismerge=_CRISISMERGE)
        store.conn.execute("PRAGMA journal_mode = WAL")
        store.close()
        _put_in_place(tmp, path)
    except BaseException as err:
        store.close()
        tmp.unlink(missing_ok=True)
        if isinstance(err, sqlite3.Error):  # a full disk, a read-only folder: say so, not a traceback
            raise StoreError(f"{path}: the index could not be built ({err})") from err
        raise
    return stored


def _put_in_place(tmp: Path, path: Path) -> None:
    """Rename `tmp` to `path`, never over a file that appeared at `path` while the build ran."""
    taken = StoreError(f"{path}: appeared while the index was being built; the new index was not put there")
    try:
        os.link(tmp, path)  # fails if `path` exists: no window between a check and the rename
    except FileExistsError as err:
        raise taken from err
    except OSError:  # a file system without hard links
        if path.exists():
            raise taken from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def _merging(store: SqliteStore, automerge: int, crisismerge: int) -> None:
    """Set how eagerly FTS5 merges segments while writing (stored in each table's config)."""
    for table in FTS_TABLES:
        store.conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', ?)", (automerge,))
        store.conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('crisismerge', ?)", (crisismerge,))
