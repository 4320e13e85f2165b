"""What the routes share: the settings, store connections lent one request at a time, and
a version number of the stored data.

Sync routes run in Starlette's threadpool and uploads in worker threads of their own, so a
request borrows a store (its own SQLite connection) for as long as it runs: `with
stores.lease() as store:`. Connections are opened on demand and kept for the next request,
so there are never more than requests ever ran at once, however often the threadpool's
threads come and go. With WAL, readers on their connections keep reading while a writer
commits on its own; SQLite's busy timeout makes a second writer wait rather than fail with
`database is locked`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
from fastapi import Request

from index import open_store
from index.sqlite import SqliteStore
from pipeline.settings import Settings


class Stores:
    """Store connections lent to requests (`lease()`); `close()` closes them all (app shutdown)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._idle: list[SqliteStore] = []
        self._all: list[SqliteStore] = []
        self._lock = threading.Lock()
        self._version: sqlite3.Connection | None = None
        self._version_lock = threading.Lock()

    @contextmanager
    def lease(self) -> Iterator[SqliteStore]:
        """A store for the calling thread's exclusive use until the block ends."""
        with self._lock:
            store = self._idle.pop() if self._idle else None
        if store is None:
            store = open_store(self.settings)
            with self._lock:
                self._all.append(store)
        try:
            yield store
        finally:
            with self._lock:
                self._idle.append(store)

    def data_version(self) -> int | None:
        """A number that changes whenever anyone (this process or another) commits to the store;
        None when the store cannot tell (Elasticsearch, an in-memory SQLite database).

        It is SQLite's `PRAGMA data_version` on a connection of its own that never writes:
        the value is per connection and moves only for commits made by *other* connections,
        so it must not be read on the stores' connections (one that wrote would not see its
        own commit, and two connections' numbers are not comparable). Every commit, this
        server's uploads and deletes included, comes from another connection than this one.
        """
        if self.settings.store != "sqlite" or str(self.settings.db) == ":memory:":
            return None
        with self._version_lock:
            if self._version is None:
                with self.lease():  # the stores create the database and its schema
                    pass
                self._version = sqlite3.connect(self.settings.db, check_same_thread=False)
            return int(self._version.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            stores, self._all, self._idle = self._all, [], []
        for store in stores:
            store.close()
        with self._version_lock:
            if self._version is not None:
                self._version.close()
                self._version = None


async def get_stores(request: Request) -> Stores:
    """Dependency: the app's stores (call `.lease()` inside the thread that uses the store)."""
    stores: Stores = request.app.state.stores
    return stores


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def limiter(request: Request, name: str, tokens: int) -> anyio.CapacityLimiter:
    """The app's limiter `name` (made on first use, inside the event loop): at most `tokens` threads
    run that kind of work at once, so heavy requests queue instead of starving light ones."""
    state = request.app.state
    found: anyio.CapacityLimiter | None = getattr(state, f"limiter_{name}", None)
    if found is None:
        found = anyio.CapacityLimiter(tokens)
        setattr(state, f"limiter_{name}", found)
    return found
