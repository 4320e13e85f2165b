"""The `vanban` command line: ingest, extract, show, list (and search, compare, serve)."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from api.cli_console import err, out, progress_bar, settings_or_exit
from api.cli_load import register as register_load
from api.cli_search import register as register_search
from pipeline.errors import PipelineError
from pipeline.ingest.read import EXTENSIONS
from pipeline.settings import Settings

app = typer.Typer(
    name="vanban",
    help="Document intelligence for Vietnamese official texts: ingest, extract, search, compare.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _expand(paths: list[Path]) -> list[Path]:
    """Files named and files under folders named (recursive, known extensions only)."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS))
        else:
            files.append(p)
    return files


DEFAULT_JOBS = max(1, min(4, os.cpu_count() or 1))  # each worker holds the NLP models (~400 MB)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Files read and extracted at once, in worker processes (default: the CPUs, at most 4;"
            " 1: all in this process). Documents are stored in the order given either way.",
        ),
    ] = DEFAULT_JOBS,
) -> None:
    """Read, extract and store documents; unchanged files are skipped, changed ones replaced."""
    from index import open_store
    from pipeline.ingest.read import load_bytes
    from pipeline.normalize import document_id
    from pipeline.run import ProcessedDocument, process_bytes

    settings = settings_or_exit()
    files = _expand(paths)
    if not files:
        err.print(
            "[red]error:[/red] no files to ingest (known extensions: " + ", ".join(sorted(EXTENSIONS)) + ")"
        )
        raise typer.Exit(1)
    store = open_store(settings)
    outcomes: Counter[tuple[str, str]] = Counter()
    failures: list[str] = []
    progress = progress_bar(quiet)
    # spawned, not forked: the progress bar's refresh thread is running by the time workers start
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) if jobs > 1 else None
    in_flight: deque[tuple[Path, str, Future[ProcessedDocument]]] = deque()

    def failed(fmt: str, e: PipelineError) -> None:
        failures.append(str(e))
        outcomes[(fmt, "failed")] += 1
        progress.console.print(
            f"[red]failed:[/red] {escape(str(e))}", soft_wrap=True, markup=True, highlight=False
        )

    def store_oldest() -> None:
        path, fmt, future = in_flight.popleft()
        try:
            outcomes[(fmt, store.add(future.result()).value)] += 1
        except PipelineError as e:
            failed(fmt, e)
        except BrokenProcessPool as e:  # a worker killed (out of memory): say so, not a traceback
            failed(fmt, PipelineError(f"{path}: the extraction worker stopped ({e}); try --jobs 1"))
        progress.advance(task)

    try:
        with progress:
            task = progress.add_task("ingesting", total=len(files))
            for path in files:
                progress.update(task, description=f"{path.name[:40]:<40}")
                fmt = path.suffix.lower().lstrip(".") or "?"
                try:
                    data = load_bytes(path, settings)  # read once: size limits, then identity
                    if store.has(document_id(data)):
                        outcomes[(fmt, "unchanged")] += 1
                    elif pool is None:
                        outcomes[(fmt, store.add(process_bytes(data, str(path), settings)).value)] += 1
                    else:
                        in_flight.append((path, fmt, pool.submit(process_bytes, data, str(path), settings)))
                        while len(in_flight) > 2 * jobs:  # bounded: file bytes wait in memory
                            store_oldest()
                        continue
                except PipelineError as e:
                    failed(fmt, e)
                except BrokenProcessPool as e:
                    failed(fmt, PipelineError(f"{path}: the extraction workers stopped ({e}); try --jobs 1"))
                progress.advance(task)
            while in_flight:
                store_oldest()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    _summary(outcomes, store.count(), settings)
    store.close()
    if failures:
        raise typer.Exit(1)


def _summary(outcomes: Counter[tuple[str, str]], total: int, settings: Settings) -> None:
    states = ("added", "replaced", "unchanged", "failed")
    table = Table(title=f"ingest summary ({settings.db if settings.store == 'sqlite' else settings.es_url})")
    table.add_column("format")
    for s in states:
        table.add_column(s, justify="right")
    for fmt in sorted({f for f, _ in outcomes}):
        table.add_row(fmt, *(str(outcomes[(fmt, s)]) for s in states))
    table.add_row(
        "all", *(str(sum(n for (f, s2), n in outcomes.items() if s2 == s)) for s in states), style="bold"
    )
    err.print(table)
    err.print(f"{total} documents in the store")


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Files to extract (not stored).")],
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="One JSON object per line (SCHEMA.md shape).")
    ] = False,
    with_text: Annotated[
        bool,
        typer.Option(
            "--text", help="Include the normalized text and provenance (what `vanban load` stores again)."
        ),
    ] = False,
) -> None:
    """Print each document's metadata and records (agencies, duties, deadlines, figures, references)."""
    from pipeline.extracted import to_json
    from pipeline.run import process

    settings = settings_or_exit()
    failed = 0
    for path in _expand(files):
        try:
            processed = process(path, settings)
        except PipelineError as e:
            err.print(f"[red]failed:[/red] {escape(str(e))}", soft_wrap=True, highlight=False)
            failed += 1
            continue
        line = json.dumps(to_json(processed, with_text), ensure_ascii=False, indent=None if jsonl else 2)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix of 6+ characters).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored record as JSON.")] = False,
) -> None:
    """Show one stored document: metadata, provenance, record counts and text."""
    from index import open_store

    store = open_store(settings_or_exit())
    try:
        doc = store.get(doc_id)
    except PipelineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from e
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{doc.get('title') or '(no title)'}[/bold]")
    for key in ("id", "path", "format", "encoding", "doc_type", "number", "issued_date", "issuer"):
        out.print(f"  {key:<12} {doc.get(key)}")
    out.print(f"  {'provinces':<12} {', '.join(doc.get('provinces') or [])}")
    out.print(f"  {'repairs':<12} {'; '.join(doc.get('repairs') or []) or '-'}")
    counts = ", ".join(
        f"{k} {len(doc.get(k) or [])}" for k in ("agencies", "duties", "deadlines", "figures", "references")
    )
    out.print(f"  {'records':<12} {counts}")
    out.print()
    out.print(doc["text"], markup=False, highlight=False)


@app.command("list")
def list_documents(
    limit: Annotated[int, typer.Option(help="How many documents.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False,
) -> None:
    """List stored documents."""
    from index import open_store

    store = open_store(settings_or_exit())
    rows = store.list(limit=limit)
    store.close()
    if as_json:
        for r in rows:
            sys.stdout.write(
                json.dumps(r.__dict__ if hasattr(r, "__dict__") else _asdict(r), ensure_ascii=False) + "\n"
            )
        return
    table = Table()
    for col in ("id", "type", "number", "date", "provinces", "duties", "title"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r.id[:12],
            r.doc_type,
            r.number or "",
            r.issued_date or "",
            ", ".join(r.provinces),
            str(r.counts.get("duties", 0)),
            (r.title or "")[:70],
        )
    out.print(table)


def _asdict(obj: object) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(obj)  # type: ignore[call-overload, no-any-return]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs) over the configured store."""
    from api.serve import serve as run_server

    settings_or_exit()  # fail early on bad settings
    run_server(host, port, workers)


register_search(app)  # search, duties, figures, deadlines, compare
register_load(app)  # load


def main() -> None:
    app()


if __name__ == "__main__":
    main()
