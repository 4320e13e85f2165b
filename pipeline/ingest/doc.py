"""Legacy Word 97-2003 (.doc) reader through antiword or catdoc."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.document import Format, RawText
from pipeline.errors import IngestError, ToolMissing
from pipeline.ingest.layout import PARAGRAPH_MARK, join_wrapped, render_table

_TIMEOUT_S = 60
_RULE = re.compile(r"^[-_=]{3,}$")


def read_doc(data: bytes, name: str) -> RawText:
    """Text of a .doc file, via antiword (preferred) or catdoc, as UTF-8."""
    if not data.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(f"{name}: not a Word 97-2003 file (no OLE2 signature)")
    tools = [
        (t, args)
        for t, args in (("antiword", ["-m", "UTF-8.txt", "-w", "0"]), ("catdoc", ["-d", "utf-8", "-w"]))
        if shutil.which(t)
    ]
    if not tools:
        raise ToolMissing(f"{name}: reading .doc needs antiword or catdoc (apt-get install antiword)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.doc"
        path.write_bytes(data)
        errors = []
        for tool, args in tools:
            try:
                proc = subprocess.run(
                    [tool, *args, str(path)], capture_output=True, timeout=_TIMEOUT_S, check=False
                )
            except subprocess.TimeoutExpired:
                errors.append(f"{tool} timed out after {_TIMEOUT_S}s")
                continue
            text = proc.stdout.decode("utf-8", errors="replace")
            if proc.returncode == 0 and text.strip():
                lines = join_wrapped(_untable(text.replace("\r", "\n").split("\n")))
                return RawText("\n".join(lines), Format.DOC, f"utf-8 via {tool}", (f"converted with {tool}",))
            errors.append(f"{tool}: {proc.stderr.decode('utf-8', 'replace').strip()[:200] or 'no text'}")
    raise IngestError(f"{name}: could not read .doc ({'; '.join(errors)})")


def _untable(lines: list[str]) -> list[str]:
    """Turn antiword's `|cell |cell |` grids into our table rendering.

    A row line whose first cell is empty continues the previous row (a cell that
    wrapped inside the grid), so its cells are appended to that row's cells.
    """
    out: list[str] = []
    block: list[list[str]] = []

    def flush() -> None:
        if not block:
            return
        width = max(len(r) for r in block)
        if width <= 2:
            for col in range(width):
                out.extend(
                    PARAGRAPH_MARK + r[col]
                    for r in block
                    if col < len(r) and r[col] and not _RULE.match(r[col])
                )
        else:
            rows: list[list[str]] = []
            for r in block:
                if rows and not r[0] and len(r) == len(rows[-1]):
                    rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], r, strict=True)]
                else:
                    rows.append(r)
            out.extend(render_table(rows))
        out.append("")
        block.clear()

    for line in lines:
        s = line.strip()
        if s.startswith("|") and s.endswith("|") and len(s) > 1:
            block.append([c.strip() for c in s[1:-1].split("|")])
        else:
            flush()
            out.append(line)
    flush()
    return out
