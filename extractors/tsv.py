"""Rows of the tab-separated data files in `extractors/data` (gazetteers, cue lists, units).

Every file has the same shape: `#` comment lines and blank lines anywhere, one header row, then
data rows. `data_rows` reads a packaged file; `text_rows` parses text already read (tests feed it
broken rows). Errors name the file and the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files


def read_data(filename: str) -> str:
    """The text of `extractors/data/filename`."""
    return files("extractors.data").joinpath(filename).read_text(encoding="utf-8")


def text_rows(text: str, source: str, width: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped columns) of each data row of TSV `text`: blank and `#` lines and the
    header row skipped. With `width`, a row of another width raises ValueError naming `source`."""
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cols = line.split("\t")
        if width is not None and len(cols) != width:
            raise ValueError(f"{source}:{lineno}: expected {width} tab-separated columns, got {len(cols)}")
        yield lineno, [c.strip() for c in cols]


def data_rows(filename: str, width: int) -> Iterator[tuple[int, list[str]]]:
    """`text_rows` of `extractors/data/filename`; a row with an empty first column raises too."""
    source = f"extractors/data/{filename}"
    for lineno, cols in text_rows(read_data(filename), source, width):
        if not cols[0]:
            raise ValueError(
                f"{source}:{lineno}: expected {width} tab-separated columns, the first one not empty"
            )
        yield lineno, cols
