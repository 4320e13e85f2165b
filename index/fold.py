"""Accent folding for Vietnamese search: 'Đồng Tháp' -> 'dong thap' (`extractors/vnkeys.py`)."""

from __future__ import annotations

from extractors.vnkeys import fold

__all__ = ["fold"]
