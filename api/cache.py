"""Answers kept for reuse until the stored data changes: a small LRU per server process.

A key is a route's name and its normalized parameters; every entry belongs to one data
version (`Stores.data_version()`, which moves on every commit to the database, by this
process or any other). An answer is only ever given for the version it was computed at:
when the version moves, the whole cache is dropped, so an upload or a delete is seen by
the next request, in every server process. The version is read *before* the answer is
computed, so an answer is never older than the version it is filed under.

Answers are kept as the JSON bytes sent (a fifth of the memory of the dicts they came from),
at most `max_bytes` of them. Stores that cannot tell a version (None) are never cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

MAX_BYTES = 32 * 1024 * 1024  # JSON kept per server process


class AnswerCache:
    """`get(key, version)`: the answer `put(key, version, answer)` filed, while the version holds."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._version: int | None = None
        self._answers: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: int | None) -> bytes | None:
        """The answer filed for `key` at `version`, or None (none was, or the data changed since)."""
        if version is None:
            return None
        with self._lock:
            answer = self._answers.get(key) if version == self._version else None
            if answer is None:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: Hashable, version: int | None, answer: bytes) -> None:
        """File `answer`, computed after `version` was read; a newer version drops every older answer."""
        if version is None or len(answer) > self.max_bytes:
            return
        with self._lock:
            if self._version is not None and version < self._version:
                return  # a slow request: the cache already holds a newer version
            if version != self._version:
                self._answers.clear()
                self._size = 0
                self._version = version
            old = self._answers.pop(key, None)
            self._size += len(answer) - (len(old) if old is not None else 0)
            self._answers[key] = answer
            while self._size > self.max_bytes:
                _key, dropped = self._answers.popitem(last=False)
                self._size -= len(dropped)
