"""Storage and search backends. `open_store(settings)` is the one place that picks one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.settings import Settings

if TYPE_CHECKING:
    from index.sqlite import SqliteStore


def open_store(settings: Settings) -> SqliteStore:
    """The store the settings name (SQLite by default)."""
    if settings.store == "elasticsearch":
        from index.elastic import ElasticStore

        return ElasticStore(settings)  # type: ignore[return-value]
    from index.sqlite import SqliteStore

    return SqliteStore(settings.db)
