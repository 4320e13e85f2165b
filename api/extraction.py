"""Uploads are read and extracted in separate, lower-priority processes; the server only stores them.

Reading and extracting a document is pure-Python CPU work: tens of milliseconds for a short
text, seconds for a long PDF. In a thread of the server it holds the GIL, and every search
of that server process waits behind it. `ExtractionPool` runs `pipeline.run.process_bytes`
in a `ProcessPoolExecutor` instead, whose processes lower their CPU priority (`nice`), so
readers keep both the GIL and first call on the CPU; only the short SQLite write (a few ms)
stays in the server. The result (a `ProcessedDocument`) and any `PipelineError` (an
undecodable or empty file) come back pickled: the route sees what an in-process call gives.

The processes are forked from a fork server that has imported and warmed up the extractors
once (`api.extraction_warm`), so a pool starts in milliseconds and its first upload is not
slow; a fork server is single-threaded, so forking it is safe where forking the server
(threads, SQLite connections) would not be. One pool per app (server process): its first
process is started while the app starts up, more on demand, and all stop with the app.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pipeline.run import ProcessedDocument, process_bytes
from pipeline.settings import Settings

log = logging.getLogger(__name__)

PROCESSES = 2  # uploads extracted at once per server process; more wait in the pool's queue
NICENESS = 10  # added to the extraction processes' nice value: the CPU goes to readers first
WARM_MODULE = "api.extraction_warm"


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        # Takes effect when this process's fork server starts (once); later calls change nothing.
        ctx.set_forkserver_preload([WARM_MODULE])
        return ctx
    return multiprocessing.get_context("spawn")


def _lower_priority() -> None:
    """Pool initializer: run this process below the server's CPU priority."""
    if hasattr(os, "nice"):
        os.nice(NICENESS)


class ExtractionPool:
    """`process(data, name, settings)` in a worker process; `close()` stops the workers."""

    def __init__(self, processes: int = PROCESSES) -> None:
        self.processes = processes
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.processes, mp_context=_context(), initializer=_lower_priority
                )
            return self._executor

    async def process(self, data: bytes, name: str, settings: Settings) -> ProcessedDocument:
        """`process_bytes(data, name, settings)`, run in a worker process; raises what it raises.

        When a worker died (killed, out of memory, a crash in a C library), the pool is broken
        and every upload in it fails: the upload is then tried once more in a fresh pool, so a
        dead worker costs no upload unless the same upload breaks the new pool too.
        """
        try:
            return await self._run(data, name, settings)
        except BrokenProcessPool:
            log.warning("an extraction process died; reading %s again in a new one", name)
            return await self._run(data, name, settings)

    async def _run(self, data: bytes, name: str, settings: Settings) -> ProcessedDocument:
        pool = self._pool()
        try:
            return await asyncio.wrap_future(pool.submit(process_bytes, data, name, settings))
        except BrokenProcessPool:
            self._discard(pool)
            raise

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is pool:
                self._executor = None
        pool.shutdown(wait=False, cancel_futures=True)

    def start(self) -> int:
        """Start a worker now (at app startup) rather than on the first upload; its process id."""
        return self._pool().submit(os.getpid).result()

    def close(self) -> None:
        """Stop the workers, waiting for uploads in progress (a later upload starts new ones)."""
        with self._lock:
            pool, self._executor = self._executor, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
