"""Importing this module extracts one short text, so that the extractors' data is loaded.

It exists for the fork server of `api.extraction` (`set_forkserver_preload`): the fork server
imports it once, and every extraction process forked from it starts with the gazetteers,
cue lists and word segmenter already in memory (about a second and a half saved per process,
and the memory shared). The server itself never imports it. A failure here is only a slower
first upload, which then reports the same error properly, so it is swallowed: a fork server
whose preload raised would take every later upload down with it.
"""

from __future__ import annotations

WARM_UP_TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 104/KH-UBND\n\nKẾ HOẠCH\n"
    "Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp thực hiện trước ngày 30/6/2025, đạt 95%."
)


def warm_up() -> bool:
    """Extract WARM_UP_TEXT once; whether that worked."""
    try:
        from pipeline.run import process_bytes
        from pipeline.settings import Settings

        process_bytes(WARM_UP_TEXT.encode(), "warm-up.txt", Settings.model_construct())
    except Exception:
        return False
    return True


WARMED = warm_up()
