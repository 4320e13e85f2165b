"""What the routes share: the settings, and one store connection per worker thread.

Sync routes run in Starlette's threadpool and uploads in a worker thread of their own, so
each thread opens its own store (SQLite connections are not shared between threads). With
WAL, readers on their connections keep reading while a writer commits on its own; SQLite's
busy timeout makes a second writer wait rather than fail with `database is locked`.
"""

from __future__ import annotations

import threading

import anyio
from fastapi import Request

from index import open_store
from index.sqlite import SqliteStore
from pipeline.settings import Settings


class Stores:
    """Lazily opened stores, one per thread; `close()` closes them all (app shutdown)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local = threading.local()
        self._all: list[SqliteStore] = []
        self._lock = threading.Lock()

    def local(self) -> SqliteStore:
        """The calling thread's store, opened on first use."""
        store: SqliteStore | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.settings)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            stores, self._all = self._all, []
        for store in stores:
            store.close()
        self._local = threading.local()


async def get_stores(request: Request) -> Stores:
    """Dependency: the app's store pool (call `.local()` inside the thread that uses it)."""
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
