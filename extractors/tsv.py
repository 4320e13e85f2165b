"""Rows of the tab-separated data files in `extractors/data` (gazetteers, cue lists, units)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files


def data_rows(filename: str, width: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped columns) of each data row of `extractors/data/filename`: blank and
    `#` lines and the header row skipped; a row without `width` columns or with an empty first
    column raises ValueError naming the file and line."""
    text = files("extractors.data").joinpath(filename).read_text(encoding="utf-8")
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cols = line.split("\t")
        if len(cols) != width or not cols[0].strip():
            raise ValueError(f"extractors/data/{filename}:{lineno}: expected {width} tab-separated columns")
        yield lineno, [c.strip() for c in cols]
