"""`vanban load`: store pre-extracted documents (the lines of `vanban extract --jsonl --text`)
without extracting them again. `api/cli.py` adds it with `register(app)`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from api.cli_console import err, progress_bar, settings_or_exit
from pipeline.errors import PipelineError
from pipeline.extracted import BadLine, read_jsonl
from pipeline.run import ProcessedDocument

BATCH = 10_000
STDIN = "-"


def load(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="JSON-lines files written by `vanban extract --jsonl --text` (- reads standard input)."
        ),
    ],
    batch: Annotated[int, typer.Option(min=1, help="Documents stored per transaction.")] = BATCH,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Store pre-extracted documents without extracting them again.

    A SQLite index that does not exist yet is built at full speed (written aside, without a
    journal, and put in place once complete); an existing one, or Elasticsearch, takes the
    documents in batches, each its own transaction. Documents already stored are skipped; a bad
    line is reported with its file and line number and the others are stored.
    """
    from index import open_store
    from index.sqlite_build import build

    settings = settings_or_exit()
    if sum(str(f) == STDIN for f in files) > 1:
        err.print("[red]error:[/red] standard input (-) can be read once", highlight=False)
        raise typer.Exit(2)
    lines: int | None = 0
    for f in files:  # read each file once before storing anything: unreadable ones stop here
        if str(f) == STDIN:
            lines = None  # a stream is read once: no total for the progress bar
            continue
        try:
            with f.open("rb") as handle:
                n = sum(1 for raw in handle if raw.strip())
        except OSError as e:
            err.print(
                f"[red]error:[/red] {escape(str(f))}: cannot read ({escape(e.strerror or str(e))})",
                soft_wrap=True,
                highlight=False,
            )
            raise typer.Exit(2) from e
        lines = None if lines is None else lines + n
    bad: list[BadLine] = []
    progress = progress_bar(quiet)

    read = 0

    def documents() -> Iterator[ProcessedDocument]:
        nonlocal read
        for f in files:
            for item in read_jsonl(f, sys.stdin.buffer if str(f) == STDIN else None):
                read += 1
                if isinstance(item, BadLine):
                    bad.append(item)
                    progress.console.print(
                        f"[red]bad line:[/red] {escape(str(item))}", soft_wrap=True, highlight=False
                    )
                    continue
                yield item

    def stored_so_far(_: int) -> None:  # after each batch: every line read so far is stored or skipped
        progress.update(task, completed=read)

    fresh = settings.store == "sqlite" and not settings.db.exists()
    stored = 0
    try:
        with progress:
            task = progress.add_task("building" if fresh else "loading", total=lines)
            if fresh:
                stored = build(settings.db, documents(), batch, stored_so_far)
            else:
                store = open_store(settings)
                try:
                    it = documents()
                    while chunk := list(islice(it, batch)):
                        stored += store.add_many(chunk)
                        stored_so_far(stored)
                finally:
                    store.close()
    except PipelineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", soft_wrap=True, highlight=False)
        if fresh:
            err.print(f"no index was written at {escape(str(settings.db))}", soft_wrap=True, highlight=False)
        else:  # each batch is its own transaction: those before the error stay stored
            err.print(
                f"{stored} stored before the error (the batch it happened in was rolled back)",
                highlight=False,
            )
        raise typer.Exit(1) from e
    where = settings.db if settings.store == "sqlite" else settings.es_url
    skipped = read - len(bad) - stored
    err.print(
        f"{stored} document{'' if stored == 1 else 's'} stored in {escape(str(where))}" + (" (a new index)" if fresh else "")
        + (f"; {skipped} already stored or repeated" if skipped else "")
        + (f"; {len(bad)} bad line{'s' if len(bad) > 1 else ''}" if bad else ""),
        soft_wrap=True,
        highlight=False,
    )  # fmt: skip
    if bad:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add load to `app`."""
    app.command()(load)
